//! The file system's floor for a build: writes the same tree as a finished site (same folders,
//! same file names and sizes) without rendering anything, and prints how long that took.
//!
//! ```text
//! rustc --edition 2021 -O benches/tools/fs_floor.rs -o /tmp/fs_floor
//! fs_floor --like public/ --out /tmp/floor-out [--threads N]
//! ```
//!
//! `benches/floor.sh` runs it beside pufa's cold build and prints pufa's time as a ratio of it.
//! The tree is read first (not timed); then, timed, the folders are created and the files
//! written by N threads (default: the number of cores, as pufa's thread pool), each thread
//! taking whole folders so that no two threads write into one folder. The bytes are filler of
//! the right length: the file system's work is the same. `--out` must not exist (the tool
//! refuses to write into an existing folder, so it can never overwrite anything).
//! Output: one line `floor: DIRS dirs FILES files MB MB SECONDS s`.
//!
//! `fs_floor --probe NEW_DIR` instead times single calls on the disk holding `NEW_DIR` (200
//! `mkdir`s, then 200 small files created and written, one thread) and prints
//! `probe: MKDIR µs mkdir CREATE µs create`; `NEW_DIR` is removed afterwards.
//! std only, like examples/gen_site.rs, so `rustc` alone builds it.

use std::collections::BTreeMap;
use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(msg) => {
            eprintln!("fs_floor: {msg}");
            eprintln!("usage: fs_floor --like DIR --out NEW_DIR [--threads N]");
            ExitCode::FAILURE
        }
    }
}

/// Folder (relative) → its files (name, size).
type Tree = BTreeMap<PathBuf, Vec<(String, u64)>>;

fn run() -> Result<(), String> {
    let mut args = std::env::args().skip(1);
    let (mut like, mut out, mut threads) = (None, None, None);
    while let Some(a) = args.next() {
        let mut value = || args.next().ok_or(format!("{a} needs a value"));
        match a.as_str() {
            "--probe" => return probe(&PathBuf::from(value()?)),
            "--like" => like = Some(PathBuf::from(value()?)),
            "--out" => out = Some(PathBuf::from(value()?)),
            "--threads" => {
                threads = Some(
                    value()?
                        .parse::<usize>()
                        .map_err(|e| format!("--threads: {e}"))?,
                )
            }
            other => return Err(format!("unknown argument {other}")),
        }
    }
    let like = like.ok_or("--like DIR is required")?;
    let out = out.ok_or("--out DIR is required")?;
    if out.exists() {
        return Err(format!("{} exists; give a new folder", out.display()));
    }
    let threads = threads
        .or_else(|| std::thread::available_parallelism().ok().map(|n| n.get()))
        .unwrap_or(1)
        .max(1);

    let mut tree = Tree::new();
    scan(&like, Path::new(""), &mut tree).map_err(|e| format!("{}: {e}", like.display()))?;
    let dirs: Vec<(&PathBuf, &Vec<(String, u64)>)> = tree.iter().collect();
    let files: usize = dirs.iter().map(|(_, f)| f.len()).sum();
    let bytes: u64 = dirs.iter().flat_map(|(_, f)| f.iter().map(|x| x.1)).sum();
    let largest = dirs
        .iter()
        .flat_map(|(_, f)| f.iter().map(|x| x.1))
        .max()
        .unwrap_or(0);
    let filler = vec![b'x'; largest as usize];

    let start = Instant::now();
    fs::create_dir(&out).map_err(|e| format!("{}: {e}", out.display()))?;
    let result: Result<(), String> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                let (dirs, out, filler) = (&dirs, &out, &filler);
                s.spawn(move || -> Result<(), String> {
                    for (dir, files) in dirs.iter().skip(t).step_by(threads) {
                        let d = out.join(dir);
                        fs::create_dir_all(&d).map_err(|e| format!("{}: {e}", d.display()))?;
                        for (name, size) in files.iter() {
                            let p = d.join(name);
                            fs::File::create(&p)
                                .and_then(|mut f| f.write_all(&filler[..*size as usize]))
                                .map_err(|e| format!("{}: {e}", p.display()))?;
                        }
                    }
                    Ok(())
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or(Err("a writer thread panicked".into())))
            .collect()
    });
    result?;
    let secs = start.elapsed().as_secs_f64();
    println!(
        "floor: {} dirs {} files {:.1} MB {:.3} s",
        dirs.len(),
        files,
        bytes as f64 / 1e6,
        secs
    );
    Ok(())
}

/// Microseconds a `mkdir` and a small file's create-write-close take on `dir`'s disk.
fn probe(dir: &Path) -> Result<(), String> {
    const N: u32 = 200;
    if dir.exists() {
        return Err(format!("{} exists; give a new folder", dir.display()));
    }
    let err = |e: std::io::Error| format!("{}: {e}", dir.display());
    fs::create_dir(dir).map_err(err)?;
    let start = Instant::now();
    for i in 0..N {
        fs::create_dir(dir.join(format!("d{i}"))).map_err(err)?;
    }
    let mkdir = start.elapsed().as_secs_f64() / f64::from(N);
    let start = Instant::now();
    for i in 0..N {
        fs::File::create(dir.join(format!("d{i}/index.html")))
            .and_then(|mut f| f.write_all(&[b'x'; 8192]))
            .map_err(err)?;
    }
    let create = start.elapsed().as_secs_f64() / f64::from(N);
    fs::remove_dir_all(dir).map_err(err)?;
    println!(
        "probe: {:.0} µs mkdir {:.0} µs create",
        mkdir * 1e6,
        create * 1e6
    );
    Ok(())
}

fn scan(root: &Path, rel: &Path, tree: &mut Tree) -> std::io::Result<()> {
    let mut files = Vec::new();
    let mut subdirs = Vec::new();
    for entry in fs::read_dir(root.join(rel))? {
        let entry = entry?;
        let kind = entry.file_type()?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if kind.is_dir() {
            subdirs.push(rel.join(&name));
        } else if kind.is_file() {
            files.push((name, entry.metadata()?.len()));
        }
    }
    tree.insert(rel.to_path_buf(), files);
    for d in subdirs {
        scan(root, &d, tree)?;
    }
    Ok(())
}
