//! The output folder under attack: a folder of the user's own files, a symbolic link, an
//! output inside `static/`, kills and readers during the swap, a full disk. pufa deletes only
//! what it wrote, and at no moment is there no site (or half a site) at the output path.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use crate::common::{read_tree, stderr, SiteTest};

/// A small site: `n` pages in one section; `marker` goes into every page.
fn small_site(root: &Path, n: usize, marker: &str) {
    fs::create_dir_all(root.join("templates")).unwrap();
    fs::create_dir_all(root.join("content/news")).unwrap();
    fs::write(
        root.join("config.toml"),
        "base_url = \"https://example.gov.cn\"\ntitle = \"小站\"\ndefault_language = \"zh\"\n",
    )
    .unwrap();
    fs::write(
        root.join("templates/page.html"),
        "<main>{{ page.title }}{{ page.content | safe }}</main><!--end-->",
    )
    .unwrap();
    fs::write(
        root.join("templates/section.html"),
        "<main>{% for p in section.pages %}<a href=\"{{ p.permalink }}\">{{ p.title }}</a>{% endfor %}</main><!--end-->",
    )
    .unwrap();
    fs::write(
        root.join("templates/index.html"),
        format!("<main>{{{{ config.title }}}}{marker}</main><!--end-->"),
    )
    .unwrap();
    fs::write(
        root.join("content/news/_index.md"),
        "+++\ntitle = \"新闻\"\nsort_by = \"date\"\n+++\n",
    )
    .unwrap();
    for i in 0..n {
        fs::write(
            root.join(format!("content/news/p{i}.md")),
            format!(
                "+++\ntitle = \"文章{i}{marker}\"\ndate = 2024-05-{:02}\n+++\n正文{marker}\n",
                i % 28 + 1
            ),
        )
        .unwrap();
    }
}

fn ok(o: &Output) {
    assert_eq!(o.status.code(), Some(0), "{}", stderr(o));
}

fn failed(o: &Output) {
    assert_eq!(o.status.code(), Some(1), "{}", stderr(o));
}

/// Names beside the output folder that hold files (the kept site, staging folders).
fn beside(parent: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(parent)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn a_folder_of_the_users_files_is_refused_and_with_force_nothing_of_theirs_is_lost() {
    let st = SiteTest::empty();
    let root = st.root().to_path_buf();
    let www = st.tmp().join("www");
    small_site(&root, 3, "");
    fs::create_dir_all(&www).unwrap();
    fs::write(www.join("index.html"), "我自己的主页").unwrap();
    fs::write(www.join("report.docx"), "年度报告").unwrap();
    let mine = read_tree(&www);

    // First and second build: refused, in Chinese and English, nothing moved or deleted.
    for _ in 0..2 {
        let o = st.build_into(&www, &[]);
        failed(&o);
        let err = stderr(&o);
        assert!(err.contains("不是 pufa 生成的"), "{err}");
        assert!(err.contains("--force"), "{err}");
        assert!(err.contains("report.docx"), "{err}");
        assert_eq!(read_tree(&www), mine);
        assert_eq!(beside(st.tmp()), [".www.pufa-lock", "site", "www"]);
    }

    // --force: the site writes `index.html` too, so the swap is refused and named.
    let o = st.build_into(&www, &["--force"]);
    failed(&o);
    let err = stderr(&o);
    assert!(err.contains("index.html"), "{err}");
    assert!(err.contains("旧网站原样保留"), "{err}");
    assert_eq!(read_tree(&www), mine);

    // Once the user has moved their page away, --force builds and keeps report.docx in place.
    fs::rename(www.join("index.html"), st.tmp().join("my-index.html")).unwrap();
    ok(&st.build_into(&www, &["--force"]));
    let site = read_tree(&www);
    assert_eq!(site["report.docx"], "年度报告".as_bytes());
    assert!(String::from_utf8_lossy(&site["index.html"]).contains("小站"));
    assert!(site.contains_key("news/p1/index.html"));

    // Later builds need no --force (pufa made the folder) and keep the user's file; one the
    // user adds to the built site is kept as well.
    fs::write(www.join("google1234.html"), "verification").unwrap();
    for marker in ["二", "三", "四"] {
        small_site(&root, 3, marker);
        ok(&st.build_into(&www, &[]));
        let site = read_tree(&www);
        assert_eq!(site["report.docx"], "年度报告".as_bytes());
        assert_eq!(site["google1234.html"], b"verification");
        assert!(String::from_utf8_lossy(&site["news/p1/index.html"]).contains(marker));
    }
    // A page the site drops is deleted (pufa wrote it); the user's files are not.
    fs::remove_file(root.join("content/news/p2.md")).unwrap();
    ok(&st.build_into(&www, &[]));
    ok(&st.build_into(&www, &[]));
    let site = read_tree(&www);
    assert!(!site.contains_key("news/p2/index.html"));
    assert_eq!(site["report.docx"], "年度报告".as_bytes());
}

#[cfg(unix)]
#[test]
fn a_symlinked_output_folder_is_written_through_and_stays_a_link() {
    let st = SiteTest::empty();
    let root = st.root().to_path_buf();
    let www = st.tmp().join("www");
    small_site(&root, 3, "一");
    fs::create_dir_all(&www).unwrap();
    let link = root.join("public");
    std::os::unix::fs::symlink("../www", &link).unwrap();
    for marker in ["一", "二", "三"] {
        small_site(&root, 3, marker);
        ok(&st.build_into(&link, &[]));
        assert!(fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(fs::read_link(&link).unwrap(), PathBuf::from("../www"));
        let page = fs::read_to_string(www.join("news/p1/index.html")).unwrap();
        assert!(page.contains(&format!("文章1{marker}")), "{page}");
    }
    // The kept site and the lock sit beside the real folder, not inside the site.
    assert!(st.tmp().join(".www.pufa-prev").is_dir());
    assert!(!root.join(".public.pufa-prev").exists());
    // The default output (config's `public`) follows the link too.
    small_site(&root, 3, "四");
    let o = st.pufa().arg("build").output().unwrap();
    ok(&o);
    assert!(fs::read_to_string(www.join("index.html"))
        .unwrap()
        .contains("四"));
    // A link to nothing is refused, loudly.
    fs::remove_dir_all(&www).unwrap();
    let o = st.build_into(&link, &[]);
    failed(&o);
    assert!(stderr(&o).contains("不存在"), "{}", stderr(&o));
    assert!(fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
}

#[test]
fn an_output_folder_inside_static_content_or_the_site_is_refused() {
    let st = SiteTest::empty();
    let root = st.root().to_path_buf();
    small_site(&root, 2, "");
    fs::create_dir_all(root.join("static")).unwrap();
    fs::write(root.join("static/logo.txt"), "logo").unwrap();
    for out in [
        "static/site",
        "content/out",
        "templates/x",
        ".",
        "nothere/../static/y",
    ] {
        let o = st.build_into(&root.join(out), &["--force"]);
        failed(&o);
        assert!(stderr(&o).contains("输出目录"), "{out}: {}", stderr(&o));
    }
    assert!(!root.join("static/site").exists());
    assert!(!root.join("content/out").exists());
    assert!(!root.join("static/y").exists());
    // Through the config too, and through a link into static/.
    fs::write(
        root.join("config.toml"),
        "base_url = \"https://example.gov.cn\"\ntitle = \"小站\"\ndefault_language = \"zh\"\noutput_dir = \"static/site\"\n",
    )
    .unwrap();
    let o = st.pufa().arg("build").output().unwrap();
    failed(&o);
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(root.join("static"), st.tmp().join("pub")).unwrap();
        failed(&st.build_into(&st.tmp().join("pub"), &["--force"]));
    }
    assert_eq!(
        read_tree(&root.join("static"))
            .into_keys()
            .collect::<Vec<_>>(),
        ["logo.txt"]
    );
}

/// Reads the output folder over and over while builds swap sites in; returns how many reads
/// found no site or half a site, and how many reads there were.
fn watch(out: PathBuf, stop: Arc<AtomicBool>) -> std::thread::JoinHandle<(usize, usize)> {
    std::thread::spawn(move || {
        let (mut bad, mut reads) = (0, 0);
        while !stop.load(Ordering::Relaxed) {
            reads += 1;
            let whole = ["index.html", "news/index.html", "news/p7/index.html"]
                .iter()
                .all(|f| {
                    fs::read_to_string(out.join(f))
                        .is_ok_and(|t| t.trim_end().ends_with("<!--end-->"))
                });
            if !whole {
                bad += 1;
            }
        }
        (bad, reads)
    })
}

#[test]
fn at_no_moment_is_the_output_missing_or_half_written() {
    let st = SiteTest::empty();
    let root = st.root().to_path_buf();
    let out = st.tmp().join("public");
    small_site(&root, 40, "A");
    ok(&st.build_into(&out, &[]));
    ok(&st.build_into(&out, &[]));
    // Every name that appears beside the output: on Linux the site in place is never renamed
    // away (to `.public.pufa-old-…`), the finished one takes its place in one exchange.
    let names = Arc::new(std::sync::Mutex::new(Vec::<String>::new()));
    let seen = names.clone();
    use notify::Watcher;
    let mut events = notify::recommended_watcher(move |res: notify::Result<notify::Event>| {
        if let Ok(ev) = res {
            let mut seen = seen.lock().unwrap();
            seen.extend(
                ev.paths
                    .iter()
                    .filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned())),
            );
        }
    })
    .unwrap();
    events
        .watch(st.tmp(), notify::RecursiveMode::NonRecursive)
        .unwrap();
    let stop = Arc::new(AtomicBool::new(false));
    let watcher = watch(out.clone(), stop.clone());
    for i in 0..8 {
        small_site(&root, 40, if i % 2 == 0 { "B" } else { "A" });
        ok(&st.build_into(&out, &[]));
    }
    stop.store(true, Ordering::Relaxed);
    let (bad, reads) = watcher.join().unwrap();
    assert!(reads > 100, "the watcher hardly ran ({reads} reads)");
    assert_eq!(
        bad, 0,
        "{bad} of {reads} reads found no site or half a site"
    );
    std::thread::sleep(Duration::from_millis(300));
    drop(events);
    let names = names.lock().unwrap();
    assert!(
        names.iter().any(|n| n.contains(".pufa-staging-")),
        "the watch saw no build: {names:?}"
    );
    if cfg!(target_os = "linux") {
        assert!(
            !names.iter().any(|n| n.contains(".pufa-old-")),
            "the site in place was renamed away during a build: {names:?}"
        );
    }
}

#[test]
fn a_build_killed_at_any_moment_leaves_the_old_or_the_new_site_whole() {
    let st = SiteTest::empty();
    let root = st.root().to_path_buf();
    let out = st.tmp().join("public");
    small_site(&root, 60, "A");
    ok(&st.build_into(&out, &[]));
    let a = read_tree(&out);
    small_site(&root, 60, "B");
    ok(&st.build_into(&out, &[]));
    let b = read_tree(&out);
    assert_ne!(a, b);
    let sites: [&BTreeMap<String, Vec<u8>>; 2] = [&a, &b];
    // Kill builds after 0, 15, 30 … ms: before, while writing, during the swap, after.
    let step = AtomicUsize::new(0);
    for i in 0..24 {
        small_site(&root, 60, if i % 2 == 0 { "A" } else { "B" });
        let mut child = st
            .pufa()
            .arg("build")
            .arg("-o")
            .arg(&out)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(
            15 * step.fetch_add(1, Ordering::Relaxed) as u64,
        ));
        let _ = child.kill(); // SIGKILL on Unix; the child we started.
        let _ = child.wait();
        let now = read_tree(&out);
        assert!(
            sites.contains(&&now),
            "after a kill at {} ms the output is neither the old nor the new site",
            15 * i
        );
    }
    // The next build is clean and leaves no staging folder behind.
    small_site(&root, 60, "A");
    ok(&st.build_into(&out, &[]));
    assert_eq!(read_tree(&out), a);
    let names = beside(st.tmp());
    assert!(
        !names
            .iter()
            .any(|n| n.contains("staging") || n.contains("pufa-old")),
        "{names:?}"
    );
}

/// A small tmpfs at `dir`, unmounted on drop; `None` when mounting is not permitted.
struct Tmpfs(PathBuf);

impl Tmpfs {
    fn mount(dir: &Path, size: &str) -> Option<Tmpfs> {
        fs::create_dir_all(dir).unwrap();
        let ok = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(dir)
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        ok.then(|| Tmpfs(dir.to_path_buf()))
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

fn blob(path: &Path, kib: usize, byte: u8) {
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, vec![byte; kib * 1024]).unwrap();
}

/// A full disk on a real (small) file system: a build that fails for lack of space drops the
/// kept previous site and tries again, linking unchanged files; one that still cannot fit says
/// so, leaves the site in place and nothing of its own, and the next build succeeds.
#[test]
fn a_full_disk_heals_itself() {
    let st = SiteTest::empty();
    let root = st.root().to_path_buf();
    let mnt = st.tmp().join("disk");
    let Some(_disk) = Tmpfs::mount(&mnt, "1200k") else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI: cannot mount a tmpfs for the full-disk test (run as root)"
        );
        eprintln!("skipped: mounting a tmpfs is not permitted here");
        return;
    };
    let out = mnt.join("public");
    small_site(&root, 8, "");
    blob(&root.join("static/a.bin"), 300, b'a');
    for _ in 0..3 {
        ok(&st.build_into(&out, &[]));
    }
    // Output and kept site now hold a.bin each (~720 KiB of 1200).
    assert!(mnt.join(".public.pufa-prev/a.bin").is_file());
    let before = read_tree(&out);

    // 500 KiB more does not fit beside both: the kept site is dropped, the build retried.
    blob(&root.join("static/b.bin"), 500, b'b');
    let o = st.build_into(&out, &[]);
    ok(&o);
    assert!(stderr(&o).contains("磁盘空间不足"), "{}", stderr(&o));
    assert_eq!(fs::read(out.join("b.bin")).unwrap().len(), 500 * 1024);
    assert_eq!(read_tree(&out)["a.bin"], before["a.bin"]);

    // 600 KiB more cannot fit at all: the build fails, says why, the site stays whole.
    let before = read_tree(&out);
    blob(&root.join("static/c.bin"), 600, b'c');
    let o = st.build_into(&out, &[]);
    failed(&o);
    let err = stderr(&o);
    assert!(
        err.contains("磁盘空间不足") && err.contains("旧网站原样保留"),
        "{err}"
    );
    assert_eq!(read_tree(&out), before);
    let names = beside(&mnt);
    assert!(
        !names
            .iter()
            .any(|n| n.contains("staging") || n.contains("prev")),
        "space left taken: {names:?}"
    );
    // Once it fits, the next build succeeds without anything deleted by hand.
    blob(&root.join("static/c.bin"), 100, b'c');
    ok(&st.build_into(&out, &[]));
    ok(&st.build_into(&out, &[]));
    assert_eq!(fs::read(out.join("c.bin")).unwrap().len(), 100 * 1024);
}
