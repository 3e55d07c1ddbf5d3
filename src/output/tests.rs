use std::sync::atomic::Ordering;

use super::list::read_list;
#[cfg(target_os = "linux")]
use super::swap::{exchange, exchange_unsupported};
use super::*;

#[test]
fn relative_paths_cannot_escape() {
    assert!(safe_relative("../etc/passwd").is_err());
    assert!(safe_relative("a/../../b").is_err());
    assert_eq!(
        safe_relative("/a/b/index.html").unwrap(),
        PathBuf::from("a/b/index.html")
    );
}

#[test]
fn failed_build_leaves_old_site_untouched() {
    let tmp = tempfile::tempdir().unwrap();
    let target = tmp.path().join("public");
    build(&target, &[("index.html", "old")]);
    let out = DiskOutput::new(&target, false).unwrap();
    out.write("index.html", b"new").unwrap();
    out.abandon();
    assert_eq!(
        fs::read_to_string(target.join("index.html")).unwrap(),
        "old"
    );
    let out = DiskOutput::new(&target, false).unwrap();
    out.write("index.html", b"new").unwrap();
    out.commit().unwrap();
    assert_eq!(
        fs::read_to_string(target.join("index.html")).unwrap(),
        "new"
    );
    assert_eq!(
        beside(tmp.path()),
        [
            ".public.pufa-files-ID",
            ".public.pufa-files-ID",
            ".public.pufa-lock",
            ".public.pufa-prev",
            "public"
        ],
        "the output folder, the site before it, their file lists and the lock"
    );
    assert_eq!(
        read_list(tmp.path(), "public", &target).map(|l| l.own),
        Some(vec![PathBuf::from("index.html")])
    );
}

/// Builds `files` into `target` (a successful build).
fn build(target: &Path, files: &[(&str, &str)]) {
    let out = DiskOutput::new(target, false).unwrap();
    for (rel, text) in files {
        out.write(rel, text.as_bytes()).unwrap();
    }
    out.commit().unwrap();
}

/// The names beside an output folder, file-list ids shown as `ID`.
fn beside(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .map(|n| match n.find(FILES_TAG) {
            Some(i) => format!("{}ID", &n[..i + FILES_TAG.len()]),
            None => n,
        })
        .collect();
    names.sort();
    names
}

#[test]
fn build_killed_between_the_renames_gets_the_old_site_back() {
    let tmp = tempfile::tempdir().unwrap();
    let target = tmp.path().join("public");
    let old = tmp.path().join(format!(".public{OLD_TAG}4242"));
    let staging = tmp.path().join(format!(".public{STAGING_TAG}4242"));
    build(&target, &[("index.html", "old")]);
    fs::rename(&target, &old).unwrap();
    fs::create_dir_all(&staging).unwrap();
    fs::write(staging.join("index.html"), "half").unwrap();
    let out = DiskOutput::new(&target, false).unwrap();
    assert_eq!(
        fs::read_to_string(target.join("index.html")).unwrap(),
        "old"
    );
    assert!(!old.exists() && !staging.exists());
    out.abandon();
    // The killed build's staging folder is kept to start the next build from (its
    // files unknown: no list, the next build walks it).
    assert_eq!(
        beside(tmp.path()),
        [
            ".public.pufa-files-ID",
            ".public.pufa-lock",
            ".public.pufa-prev",
            "public"
        ]
    );
}

#[test]
fn a_rebuild_starts_from_the_site_before_and_ends_with_exactly_its_own_files() {
    let tmp = tempfile::tempdir().unwrap();
    let target = tmp.path().join("public");
    let build = |files: &[(&str, &str)]| {
        let out = DiskOutput::new(&target, false).unwrap();
        for (rel, text) in files {
            out.write(rel, text.as_bytes()).unwrap();
        }
        assert_eq!(out.file_count(), files.len());
        out.commit().unwrap();
    };
    let v1 = [("index.html", "one"), ("a/index.html", "a"), ("b", "file")];
    build(&v1);
    build(&v1);
    // Third build recycles the first: `b` becomes a folder, `a/` goes, `c` is new.
    let v3 = [
        ("index.html", "three"),
        ("b/index.html", "b"),
        ("c.txt", "c"),
    ];
    build(&v3);
    assert_eq!(
        read_tree(&target),
        v3.iter()
            .map(|(k, v)| (k.to_string(), v.as_bytes().to_vec()))
            .collect::<BTreeMap<_, _>>()
    );
    // The site before is kept whole, for the next build to start from.
    assert_eq!(
        read_tree(&tmp.path().join(".public.pufa-prev")).len(),
        v1.len()
    );
    // An unchanged file is not rewritten: it keeps its modification time.
    let stamp = |p: &Path| fs::metadata(p).unwrap().modified().unwrap();
    let before = stamp(&target.join("c.txt"));
    std::thread::sleep(std::time::Duration::from_millis(20));
    build(&v3);
    build(&v3);
    assert_eq!(stamp(&target.join("c.txt")), before);
}

fn read_tree(root: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(root)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(root).unwrap();
            (
                rel.to_string_lossy().replace('\\', "/"),
                fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

#[test]
fn the_users_files_are_refused_then_kept_in_place_and_never_deleted() {
    let tmp = tempfile::tempdir().unwrap();
    let target = tmp.path().join("www");
    fs::create_dir_all(target.join("docs/empty")).unwrap();
    fs::write(target.join("report.docx"), "mine").unwrap();
    fs::write(target.join("index.html"), "my page").unwrap();
    // Not made by pufa: refused, nothing touched.
    let e = DiskOutput::new(&target, false).err().unwrap();
    assert!(
        refusal(&e).is_some_and(|r| r.message.zh.contains("不是 pufa 生成的")),
        "{e}"
    );
    // --force, but the site writes `index.html`: refused at the swap, nothing touched.
    let out = DiskOutput::new(&target, true).unwrap();
    out.write("index.html", b"site").unwrap();
    let e = out.commit().err().unwrap();
    assert!(
        refusal(&e).is_some_and(|r| r.message.en.contains("index.html")),
        "{e}"
    );
    assert_eq!(read_tree(&target).len(), 2);
    assert_eq!(fs::read(target.join("index.html")).unwrap(), b"my page");
    fs::rename(target.join("index.html"), tmp.path().join("saved.html")).unwrap();
    // --force: the user's files stay in place, empty folder included.
    let out = DiskOutput::new(&target, true).unwrap();
    out.write("index.html", b"site").unwrap();
    out.commit().unwrap();
    assert!(target.join("docs/empty").is_dir());
    let site = |v: &str| {
        BTreeMap::from([
            ("index.html".to_string(), v.as_bytes().to_vec()),
            ("report.docx".to_string(), b"mine".to_vec()),
        ])
    };
    assert_eq!(read_tree(&target), site("site"));
    // Later builds (no --force now: the folder has pufa's list) keep them; a file the
    // user adds to the built site is kept too.
    for v in ["two", "three", "four"] {
        build(&target, &[("index.html", v)]);
        assert_eq!(read_tree(&target), site(v));
    }
    fs::write(target.join("verify.txt"), "token").unwrap();
    for v in ["five", "six", "seven"] {
        build(&target, &[("index.html", v)]);
        let mut want = site(v);
        want.insert("verify.txt".into(), b"token".to_vec());
        assert_eq!(read_tree(&target), want);
    }
    // A file the user deletes from the site is not brought back from a kept copy.
    fs::remove_file(target.join("verify.txt")).unwrap();
    for v in ["eight", "nine", "ten"] {
        build(&target, &[("index.html", v)]);
        assert_eq!(read_tree(&target), site(v));
    }
    // The user's file is one file, never written through: the site in place is theirs.
    fs::write(target.join("report.docx"), "edited").unwrap();
    build(&target, &[("index.html", "eleven")]);
    assert_eq!(fs::read(target.join("report.docx")).unwrap(), b"edited");
}

#[test]
fn a_file_or_a_link_to_nothing_is_never_an_output_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("notes.txt");
    fs::write(&file, "mine").unwrap();
    assert!(DiskOutput::new(&file, true).is_err());
    assert_eq!(fs::read(&file).unwrap(), b"mine");
    #[cfg(unix)]
    {
        let link = tmp.path().join("public");
        std::os::unix::fs::symlink(tmp.path().join("nowhere"), &link).unwrap();
        let e = DiskOutput::new(&link, true).err().unwrap();
        assert!(
            refusal(&e).is_some_and(|r| r.message.en.contains("does not exist")),
            "{e}"
        );
    }
}

#[test]
fn a_full_disk_drops_the_kept_site_and_the_next_build_links_unchanged_files() {
    let tmp = tempfile::tempdir().unwrap();
    let target = tmp.path().join("public");
    let v1 = [("index.html", "one"), ("a.html", "a"), ("b.html", "b")];
    build(&target, &v1);
    build(&target, &v1);
    let prev = tmp.path().join(".public.pufa-prev");
    assert!(prev.is_dir());
    let out = DiskOutput::new(&target, false).unwrap();
    assert!(out.recycled());
    out.space_left.store(1, Ordering::Relaxed);
    out.write("index.html", b"two").unwrap();
    let e = out.write("c.html", b"new").err().unwrap();
    assert!(is_out_of_space(&e));
    assert!(out.out_of_space());
    out.abandon();
    assert!(!prev.exists(), "the kept copy is given back to the disk");
    assert_eq!(
        read_tree(&target).len(),
        3,
        "the site in place is untouched"
    );
    // The next build starts from nothing and links what did not change.
    let out = DiskOutput::new(&target, false).unwrap();
    assert!(!out.recycled());
    out.space_left.store(1, Ordering::Relaxed);
    for (rel, text) in [("index.html", "two"), ("a.html", "a"), ("b.html", "b")] {
        out.write(rel, text.as_bytes()).unwrap();
    }
    out.commit().unwrap();
    assert_eq!(fs::read(target.join("index.html")).unwrap(), b"two");
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        assert_eq!(fs::metadata(target.join("a.html")).unwrap().nlink(), 2);
    }
    // And the build after writes through none of those links.
    build(
        &target,
        &[("index.html", "three"), ("a.html", "A"), ("b.html", "b")],
    );
    assert_eq!(fs::read(prev.join("a.html")).unwrap(), b"a");
    assert_eq!(fs::read(target.join("a.html")).unwrap(), b"A");
}

#[cfg(target_os = "linux")]
#[test]
fn the_swap_is_one_atomic_exchange_on_linux() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    fs::create_dir_all(&a).unwrap();
    fs::create_dir_all(&b).unwrap();
    fs::write(a.join("x"), "a").unwrap();
    fs::write(b.join("x"), "b").unwrap();
    match exchange(&a, &b) {
        Ok(()) => {
            assert_eq!(fs::read(a.join("x")).unwrap(), b"b");
            assert_eq!(fs::read(b.join("x")).unwrap(), b"a");
        }
        // Some file systems (old overlayfs) cannot: then the two renames run.
        Err(e) if exchange_unsupported(&e) && std::env::var_os("CI").is_none() => {
            eprintln!("skipped: {} cannot exchange ({e})", tmp.path().display());
        }
        Err(e) => panic!("exchange failed: {e}"),
    }
}

#[test]
fn refuses_to_replace_a_source_folder() {
    let tmp = tempfile::tempdir().unwrap();
    fs::write(tmp.path().join("config.toml"), "").unwrap();
    assert!(DiskOutput::new(tmp.path(), false).is_err());
}

/// Every folder under `root`, relative, `/`-separated.
fn folders(root: &Path) -> Vec<String> {
    let mut found: Vec<String> = walkdir::WalkDir::new(root)
        .min_depth(1)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_dir())
        .map(|e| {
            let rel = e.path().strip_prefix(root).unwrap();
            rel.to_string_lossy().replace('\\', "/")
        })
        .collect();
    found.sort();
    found
}

#[test]
fn folders_made_ahead_hold_the_files_and_those_left_empty_are_gone() {
    let tmp = tempfile::tempdir().unwrap();
    let target = tmp.path().join("public");
    let out = DiskOutput::new(&target, false).unwrap();
    let ahead = ["a/b", "a/c", "d/e/f", "g", "../escape", ""];
    out.make_folders_ahead(ahead.iter().map(|s| s.to_string()));
    out.wait_ahead();
    let staging = fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.to_string_lossy().contains(STAGING_TAG))
        .expect("a staging folder");
    // Made before any file is written, nothing outside the staging folder.
    assert_eq!(
        folders(&staging),
        ["a", "a/b", "a/c", "d", "d/e", "d/e/f", "g"]
    );
    out.write("a/b/index.html", b"ab").unwrap();
    out.write("g/index.html", b"g").unwrap();
    out.write("h/index.html", b"h").unwrap();
    out.commit().unwrap();
    assert_eq!(
        read_tree(&target).keys().cloned().collect::<Vec<_>>(),
        ["a/b/index.html", "g/index.html", "h/index.html"]
    );
    // `a/c` and `d/e/f` (with `d/e` and `d` made for it) held no file: as if never made.
    assert_eq!(folders(&target), ["a", "a/b", "g", "h"]);
    assert!(!tmp.path().join("escape").exists());

    // A failed build that wrote nothing leaves nothing beside the site, and the site as it was.
    let out = DiskOutput::new(&target, false).unwrap();
    out.make_folders_ahead(["x/y".to_string()]);
    out.abandon();
    assert_eq!(folders(&target), ["a", "a/b", "g", "h"]);
    assert_eq!(
        beside(tmp.path()),
        [".public.pufa-files-ID", ".public.pufa-lock", "public"]
    );
}
