//! Embeds the default theme (`themes/pufa`) into the binary, compressed, so `pufa init` can
//! write a working site anywhere without the repository at hand; compresses the search
//! thesaurus into the binary.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    pack_relocations();
    compress_thesaurus();
    let root = manifest_dir().join("themes").join("pufa");
    println!("cargo:rerun-if-changed={}", root.display());
    let mut files = Vec::new();
    collect(&root, &root, &mut files);
    files.sort();
    // The files' bytes one after another, compressed (98 KB → 24 KB at zstd level 19), and
    // their paths and lengths in the same order.
    let mut code = String::from(
        "/// Files of the default theme: (path inside the theme, length in bytes), in the order\n\
         /// of their bytes in `THEME_ZST`.\npub(super) const THEME_INDEX: &[(&str, usize)] = &[\n",
    );
    let mut all = Vec::new();
    for (rel, abs) in &files {
        println!("cargo:rerun-if-changed={abs}");
        let bytes = std::fs::read(abs).expect("read a file of the default theme");
        let _ = writeln!(code, "    ({rel:?}, {}),", bytes.len());
        all.extend_from_slice(&bytes);
    }
    let out_dir = std::path::PathBuf::from(std::env::var("OUT_DIR").expect("OUT_DIR"));
    let packed = zstd::bulk::compress(&all, 19).expect("compress the default theme");
    std::fs::write(out_dir.join("theme.zst"), packed).expect("write the compressed theme");
    code.push_str(
        "];\n/// The bytes of the files of `THEME_INDEX`, one after another, compressed (zstd).\n\
         pub(super) static THEME_ZST: &[u8] = include_bytes!(concat!(env!(\"OUT_DIR\"), \"/theme.zst\"));\n",
    );
    std::fs::write(out_dir.join("embedded_theme.rs"), code).expect("write embedded theme");
}

/// The search thesaurus (`src/search/data/thesaurus.tsv`, reviewed and kept readable in the
/// repository) compressed into `OUT_DIR/thesaurus.tsv.zst` (`src/search/lexicon.rs` includes
/// it): 317 KB of text are 84 KB at zstd level 19.
fn compress_thesaurus() {
    let src = manifest_dir().join("src/search/data/thesaurus.tsv");
    println!("cargo:rerun-if-changed={}", src.display());
    let text = std::fs::read(&src).expect("read src/search/data/thesaurus.tsv");
    let packed = zstd::bulk::compress(&text, 19).expect("compress the thesaurus");
    let out = Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR")).join("thesaurus.tsv.zst");
    std::fs::write(out, packed).expect("write the compressed thesaurus");
}

/// Whether this machine's glibc (`getconf GNU_LIBC_VERSION`: `glibc 2.36`) loads packed
/// relocations; unknown counts as yes, as before.
fn host_glibc_has_relr() -> bool {
    let Ok(out) = std::process::Command::new("getconf")
        .arg("GNU_LIBC_VERSION")
        .output()
    else {
        return true;
    };
    let text = String::from_utf8_lossy(&out.stdout);
    let mut v = text
        .split_whitespace()
        .nth(1)
        .unwrap_or_default()
        .split('.')
        .map(|n| n.parse::<u32>().ok());
    match (v.next().flatten(), v.next().flatten()) {
        (Some(major), Some(minor)) => (major, minor) >= (2, 36),
        _ => true,
    }
}

fn collect(root: &Path, dir: &Path, out: &mut Vec<(String, String)>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            println!("cargo:rerun-if-changed={}", p.display());
            collect(root, &p, out);
        } else if let Ok(rel) = p.strip_prefix(root) {
            out.push((
                rel.to_string_lossy().replace('\\', "/"),
                p.to_string_lossy().into_owned(),
            ));
        }
    }
}

/// Linux (glibc) release builds: relative relocations packed (`DT_RELR`). pufa is a
/// position-independent executable (the system loads it at a random address), so every
/// pointer in its tables (time zones, date locales, panic locations, vtables: ~96,000) needs
/// a relocation; as 24-byte `RELA` entries they took 2.3 MB of the 29 MB binary, packed they
/// take a few kilobytes. The loader must know the format: glibc 2.36 or later (Debian 12,
/// Ubuntu 24.04, RHEL 10). `PUFA_NO_RELR=1` builds without it, for older systems; a native
/// build on a system older than that builds without it by itself, so that `cargo run
/// --release` there makes a binary that starts.
fn pack_relocations() {
    println!("cargo:rerun-if-env-changed=PUFA_NO_RELR");
    let var = |k: &str| std::env::var(k).unwrap_or_default();
    if var("CARGO_CFG_TARGET_OS") == "linux"
        && var("CARGO_CFG_TARGET_ENV") == "gnu"
        && var("PROFILE") == "release"
        && var("PUFA_NO_RELR").is_empty()
        && (var("TARGET") != var("HOST") || host_glibc_has_relr())
    {
        println!("cargo:rustc-link-arg-bins=-Wl,-z,pack-relative-relocs");
    }
}

/// The package's folder, as cargo gives it to this run. Not `env!`: that would be the folder
/// this script was compiled in, and a target folder shared by two checkouts (the Windows
/// cross build keeps one in the user's cache) reuses the script of the other checkout.
fn manifest_dir() -> std::path::PathBuf {
    std::path::PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR"))
}
