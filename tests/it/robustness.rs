//! Input people really produce, builds that fail or are killed, values that try to leave the
//! site, hostile content: each drives the real `pufa` binary on a site copied into a temporary
//! folder, and checks what the user sees (exit code, `path:line:col` lines) and what is left
//! on disk.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use crate::common::{pufa, read_tree, stderr, SiteTest};

/// How these tests build a fixture site: into `TMP/public`, beside the site and not inside it,
/// with a deadline that catches a hang.
trait Build {
    /// The output folder used by [`Build::build`].
    fn out(&self) -> PathBuf;
    fn command(&self, extra: &[&str]) -> Command;
    /// Builds, failing the test if pufa runs longer than `limit` (a hang).
    fn build_within(&self, limit: Duration, extra: &[&str]) -> Output;
    fn build(&self) -> Output;
}

impl Build for SiteTest {
    fn out(&self) -> PathBuf {
        self.tmp().join("public")
    }

    fn command(&self, extra: &[&str]) -> Command {
        let mut c = self.pufa();
        c.arg("build")
            .arg("-o")
            .arg(self.out())
            .args(extra)
            .env_remove("PUFA_LOG");
        c
    }

    fn build_within(&self, limit: Duration, extra: &[&str]) -> Output {
        run_within(self.command(extra), limit)
    }

    fn build(&self) -> Output {
        self.build_within(Duration::from_secs(120), &[])
    }
}

/// Runs `cmd`; kills it and fails if it is still running after `limit`.
fn run_within(mut cmd: Command, limit: Duration) -> Output {
    let child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run pufa");
    let id = child.id();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(child.wait_with_output());
    });
    match rx.recv_timeout(limit) {
        Ok(out) => out.expect("wait for pufa"),
        Err(_) => {
            // Only the child we started, by its id.
            let _ = Command::new("kill").arg("-9").arg(id.to_string()).status();
            panic!("pufa did not finish within {limit:?}");
        }
    }
}

fn code(o: &Output) -> Option<i32> {
    o.status.code()
}

/// The first line of every diagnostic: `path:line:col: 错误: message`.
fn headers(o: &Output) -> Vec<String> {
    stderr(o)
        .lines()
        .filter(|l| {
            ["content/", "templates/", "static/", "themes/"]
                .iter()
                .any(|d| l.starts_with(d))
        })
        .map(str::to_string)
        .collect()
}

/// The `  N | text` line shown under the header that starts with `place`.
fn shown_line(o: &Output, place: &str) -> String {
    let text = stderr(o);
    let mut lines = text.lines();
    lines
        .by_ref()
        .find(|l| l.starts_with(place))
        .unwrap_or_else(|| panic!("no diagnostic at {place}:\n{text}"));
    lines.next().unwrap_or("").to_string()
}

/// Every file of the output folder and its bytes.
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    assert!(dir.is_dir(), "{} is missing", dir.display());
    read_tree(dir)
}

/// Names of the entries beside the output folder that a build left behind.
fn leftovers(parent: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(parent)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".pufa-staging-") || n.contains(".pufa-old-"))
        .collect();
    v.sort();
    v
}

// ---------------------------------------------------------------------------------------------
// Front-matter slips and exit codes
// ---------------------------------------------------------------------------------------------

#[test]
fn broken_site_reports_every_file_in_one_run_sorted_by_path() {
    let site = SiteTest::fixture("broken-frontmatter");
    let o = site.build();
    assert_eq!(code(&o), Some(1), "{}", stderr(&o));
    assert_eq!(
        headers(&o),
        [
            "content/cases/_index.md:4:1: 错误: 不认识的设置项 `paginat_by`",
            "content/duplicate.md:4:1: 错误: TOML 格式错误：键重复了（同一个名字写了两次）",
            "content/news/fullwidth-colon.md:2:6: 错误: TOML 格式错误：键后面缺少 `=` 和值",
            "content/news/fullwidth-comma.md:3:16: 错误: TOML 格式错误：列表的元素之间缺少英文逗号",
            "content/news/fullwidth-quotes.md:2:9: 错误: TOML 格式错误：文字没有用英文双引号括起来",
            "content/news/fullwidth.md:2:7: 错误: TOML 格式错误：键后面缺少 `=` 和值",
            "content/news/no-closing.md:1:1: 错误: 文章开头的 `+++` 没有配对的结尾 `+++`",
            "content/text-date.md:3:8: 错误: 日期写法不对：“2024年5月1日”",
            "content/unknown-key.md:2:1: 警告: 不认识的设置项 `titel`",
            "content/yaml-tab.md:3:1: 错误: YAML 格式错误：found a tab character that violates indentation",
        ]
    );
    // Each shows the file's own line (front matter counted), then a caret, then what to do.
    let expect = [
        (
            "content/cases/_index.md:4:1",
            "  4 | paginat_by = 5",
            "是不是想写 `paginate_by`？",
        ),
        (
            "content/duplicate.md:4:1",
            "  4 | title = \"第二次\"",
            "请删掉重复的那一行",
        ),
        (
            "content/news/fullwidth-colon.md:2:6",
            "  2 | title：“冒号”",
            "： → =",
        ),
        (
            "content/news/fullwidth-comma.md:3:16",
            "  3 | authors = [\"张三\"， \"李四\"]",
            "， → ,",
        ),
        (
            "content/news/fullwidth-quotes.md:2:9",
            "  2 | title = “全角引号”",
            "“ → \"",
        ),
        (
            "content/news/fullwidth.md:2:7",
            "  2 | title ＝ \"全角等号\"",
            "＝ → =",
        ),
        (
            "content/news/no-closing.md:1:1",
            "  1 | +++",
            "单独写一行 `+++`",
        ),
        (
            "content/text-date.md:3:8",
            "  3 | date = \"2024年5月1日\"",
            "date = 2024-05-01",
        ),
        (
            "content/unknown-key.md:2:1",
            "  2 | titel = \"拼错的标题\"",
            "是不是想写 `title`？",
        ),
        (
            "content/yaml-tab.md:3:1",
            "  3 | \tdate: 2024-05-01",
            "不能用 Tab 键缩进",
        ),
    ];
    let text = stderr(&o);
    for (place, line, hint) in expect {
        assert_eq!(shown_line(&o, place), line, "{place}");
        let block = text
            .split(place)
            .nth(1)
            .unwrap()
            .split("\n\n")
            .next()
            .unwrap();
        let caret = block.lines().nth(2).unwrap_or("");
        assert!(
            caret.trim_end().ends_with('^'),
            "{place}: no caret:\n{block}"
        );
        let hint_line = block
            .lines()
            .find(|l| l.starts_with("  提示: "))
            .unwrap_or("");
        assert!(
            hint_line.contains(hint),
            "{place}: hint {hint_line:?} lacks {hint:?}"
        );
    }
    assert!(text.ends_with("9 个错误，1 个警告\n"), "{text}");
    assert!(
        !site.out().exists(),
        "a failed first build must not create the output"
    );
}

#[test]
fn english_site_gets_english_messages() {
    let site = SiteTest::fixture("broken-frontmatter");
    let config = fs::read_to_string(site.root().join("config.toml")).unwrap();
    site.write(
        "config.toml",
        config.replace("default_language = \"zh\"", "default_language = \"en\""),
    );
    let o = site.build();
    assert_eq!(code(&o), Some(1));
    assert!(headers(&o).contains(
        &"content/text-date.md:3:8: error: `2024年5月1日` is not a date Zola can read".to_string()
    ));
}

#[test]
fn usage_errors_exit_with_2() {
    for args in [
        &["no-such-command"][..],
        &["build", "--no-such-flag"],
        &["serve", "--port", "not-a-number"],
        &[],
    ] {
        let o = pufa().args(args).output().unwrap();
        assert_eq!(code(&o), Some(2), "pufa {args:?}: {}", stderr(&o));
    }
    let o = pufa().arg("--help").output().unwrap();
    assert_eq!(code(&o), Some(0));
}

#[test]
fn building_a_folder_without_config_is_a_usage_error() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("文档");
    fs::create_dir_all(dir.join("content")).unwrap();
    for cmd in ["build", "check", "serve"] {
        let o = run_within(
            {
                let mut c = pufa();
                c.current_dir(&dir).arg(cmd).env_remove("PUFA_LOG");
                c
            },
            Duration::from_secs(30),
        );
        assert_eq!(code(&o), Some(2), "pufa {cmd}: {}", stderr(&o));
        let shown = dir.canonicalize().unwrap().join("config.toml");
        assert_eq!(
            stderr(&o),
            format!(
                "错误: 这里不是网站文件夹：找不到 {shown}\n  \
                 提示: 请在网站文件夹（有 config.toml 的那个文件夹）里运行，或用 --root 指定网站文件夹；\
                 要新建网站，请运行 pufa init 文件夹名。\n\
                 error: not a site folder: {shown} not found\n  \
                 hint: run pufa inside the site folder (the one with config.toml) or pass --root; \
                 to create a new site, run `pufa init NAME`.\n",
                shown = shown.display()
            ),
            "pufa {cmd}"
        );
    }
    assert_eq!(
        fs::read_dir(&dir).unwrap().count(),
        1,
        "nothing may be written"
    );
    // A --config that names no file is the same kind of mistake.
    let site = SiteTest::fixture("encodings");
    let mut c = pufa();
    c.arg("--root")
        .arg(site.root())
        .arg("--config")
        .arg("no-such.toml")
        .arg("build");
    let o = run_within(c, Duration::from_secs(30));
    assert_eq!(code(&o), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).starts_with("错误: 找不到配置文件 "),
        "{}",
        stderr(&o)
    );
    assert!(!site.root().join("public").exists());
}

// ---------------------------------------------------------------------------------------------
// Encodings
// ---------------------------------------------------------------------------------------------

/// `<main>…</main>` of a built page.
fn main_of(out: &Path, rel: &str) -> String {
    let html = fs::read_to_string(out.join(rel)).unwrap();
    let start = html.find("<main>").expect("<main>");
    let end = html.find("</main>").expect("</main>");
    html[start..end + "</main>".len()].to_string()
}

#[test]
fn gbk_file_is_read_with_a_warning_naming_it() {
    let site = SiteTest::fixture("encodings");
    let o = site.build();
    assert_eq!(code(&o), Some(0), "{}", stderr(&o));
    assert_eq!(
        headers(&o),
        ["content/gbk.md: 警告: 这个文件是 GBK 编码，已自动转换；请另存为 UTF-8"]
    );
    assert_eq!(
        main_of(&site.out(), "gbk/index.html"),
        "<main>民法典宣传月|<p>这篇文章是用记事本以 GBK（ANSI）编码保存的。</p>\n</main>"
    );
}

#[test]
fn bom_and_crlf_work_in_front_matter_shortcodes_and_tables() {
    let site = SiteTest::fixture("encodings");
    let raw = fs::read(site.root().join("content/bom-crlf.md")).unwrap();
    assert!(
        raw.starts_with(b"\xEF\xBB\xBF+++\r\n"),
        "fixture lost its BOM/CRLF"
    );
    let o = site.build();
    assert_eq!(code(&o), Some(0), "{}", stderr(&o));
    assert_eq!(
        main_of(&site.out(), "bom-crlf/index.html"),
        "<main>带 BOM 和 CRLF 的文章|<p>咨询电话：<strong>法律援助</strong>：12348</p>\n\
         <aside class=\"note\" data-kind=\"提示\"><p>遇到纠纷，先<strong>协商</strong>。</p>\n</aside>\n\
         <table><thead><tr><th>事项</th><th>电话</th></tr></thead><tbody>\n\
         <tr><td>法律援助</td><td>12348</td></tr>\n\
         <tr><td>人民调解</td><td>0571-1234</td></tr>\n\
         </tbody></table>\n</main>"
    );
    assert_eq!(
        main_of(&site.out(), "bom-yaml/index.html"),
        "<main>YAML 带 BOM|<p>正文一行。</p>\n</main>"
    );
    // Text files only: the search index shards are binary and may hold any byte.
    let text = |rel: &str| {
        [".html", ".xml", ".txt", ".css", ".js", ".json"]
            .iter()
            .any(|e| rel.ends_with(e))
    };
    for (rel, html) in read_tree(&site.out())
        .into_iter()
        .filter(|(rel, _)| text(rel))
    {
        assert!(
            !html.windows(3).any(|w| w == b"\xEF\xBB\xBF") && !html.contains(&b'\r'),
            "{rel} keeps a BOM or a CR"
        );
    }
}

#[test]
fn bom_crlf_error_points_at_the_right_line() {
    let site = SiteTest::fixture("encodings");
    site.write(
        "content/crlf-error.md",
        "\u{feff}+++\r\ntitle = \"a\"\r\n\r\ndate = \"2024年5月1日\"\r\n+++\r\n正文\r\n",
    );
    let o = site.build();
    assert_eq!(code(&o), Some(1));
    assert_eq!(
        shown_line(&o, "content/crlf-error.md:4:8: 错误: 日期写法不对"),
        "  4 | date = \"2024年5月1日\""
    );
}

#[test]
fn bytes_that_are_no_text_are_an_error_naming_the_file() {
    let site = SiteTest::fixture("encodings");
    site.write(
        "content/photo.md",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR\xff\xfe",
    );
    // Latin-1 text (a European editor's "ANSI") is neither UTF-8 nor GBK.
    site.write(
        "content/latin1.md",
        b"+++\ntitle = \"caf\xe9\"\n+++\nd\xe9j\xe0 vu\n",
    );
    let o = site.build();
    assert_eq!(code(&o), Some(1));
    assert_eq!(
        headers(&o),
        [
            "content/gbk.md: 警告: 这个文件是 GBK 编码，已自动转换；请另存为 UTF-8",
            "content/latin1.md:2:13: 错误: 无法读取这个文件：第 2 行第 13 列的字节 0xE9 不是 UTF-8 文字（整个文件也不是 GBK 编码）",
            "content/photo.md: 错误: 无法读取这个文件：它不是文本文件（既不是 UTF-8 也不是 GBK 编码）",
        ]
    );
}

// ---------------------------------------------------------------------------------------------
// Nothing lost
// ---------------------------------------------------------------------------------------------

#[test]
fn failed_build_leaves_previous_output_byte_identical() {
    let site = SiteTest::fixture("encodings");
    let o = site.build();
    assert_eq!(code(&o), Some(0), "{}", stderr(&o));
    let before = snapshot(&site.out());
    site.write("content/plain.md", "+++\ntitle = \"改过\"\n+++\n新的正文\n");
    site.write("content/broken.md", "+++\ntitle ＝ \"坏\"\n+++\n");
    let o = site.build();
    assert_eq!(code(&o), Some(1));
    assert_eq!(snapshot(&site.out()), before);
    assert_eq!(leftovers(site.tmp()), Vec::<String>::new());
    // A template error at render time (after the staging folder exists) is no different.
    fs::remove_file(site.root().join("content/broken.md")).unwrap();
    site.write(
        "templates/page.html",
        "<main>{{ page.no_such_field.x }}</main>",
    );
    let o = site.build();
    assert_eq!(code(&o), Some(1), "{}", stderr(&o));
    assert_eq!(snapshot(&site.out()), before);
    assert_eq!(leftovers(site.tmp()), Vec::<String>::new());
}

/// A site of `n` pages in 10 sections, big enough that a debug build takes a while.
fn generate_site(root: &Path, n: usize, marker: &str) {
    fs::create_dir_all(root.join("templates")).unwrap();
    fs::write(
        root.join("config.toml"),
        "base_url = \"https://example.gov.cn\"\ntitle = \"大站\"\ndefault_language = \"zh\"\n",
    )
    .unwrap();
    fs::write(
        root.join("templates/page.html"),
        "<main>{{ page.title }}{{ page.content | safe }}</main>",
    )
    .unwrap();
    fs::write(
        root.join("templates/section.html"),
        "<main>{% for p in section.pages %}<a href=\"{{ p.permalink }}\">{{ p.title }}</a>{% endfor %}</main>",
    )
    .unwrap();
    fs::write(
        root.join("templates/index.html"),
        "<main>{{ config.title }}</main>",
    )
    .unwrap();
    let para = "依据《中华人民共和国民法典》第一千一百六十五条，行为人因过错侵害他人民事权益造成损害的，应当承担侵权责任。";
    for s in 0..10 {
        let dir = root.join(format!("content/s{s}"));
        fs::create_dir_all(&dir).unwrap();
        fs::write(
            dir.join("_index.md"),
            format!("+++\ntitle = \"栏目{s}\"\nsort_by = \"date\"\n+++\n"),
        )
        .unwrap();
        for i in 0..n / 10 {
            let body: String = (0..8)
                .map(|k| format!("## 第{k}节\n\n{para}\n\n"))
                .collect();
            fs::write(
                dir.join(format!("p{i}.md")),
                format!(
                    "+++\ntitle = \"文章{s}-{i}{marker}\"\ndate = 2024-05-{:02}\n+++\n{body}",
                    i % 28 + 1
                ),
            )
            .unwrap();
        }
    }
}

#[test]
fn build_killed_halfway_leaves_previous_output_and_no_leftovers() {
    let site = SiteTest::empty();
    let root = site.root().to_path_buf();
    let out = site.out();
    generate_site(&root, 3000, "");
    let build = || {
        let mut c = site.pufa();
        c.arg("build").arg("-o").arg(&out);
        c
    };
    let o = run_within(build(), Duration::from_secs(300));
    assert_eq!(code(&o), Some(0), "{}", stderr(&o));
    let before = snapshot(&out);
    assert!(before.len() > 3000);

    // Change every page, then kill the rebuild once it is writing the new site.
    generate_site(&root, 3000, "（新）");
    let mut child = build()
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let start = Instant::now();
    let mut writing_since: Option<Instant> = None;
    let mut killed_while_writing = false;
    while child.try_wait().unwrap().is_none() {
        let staging = leftovers(site.tmp())
            .iter()
            .any(|n| n.contains(".pufa-staging-"));
        if staging && writing_since.is_none() {
            writing_since = Some(Instant::now());
        }
        if writing_since.is_some_and(|t| t.elapsed() >= Duration::from_millis(150)) {
            killed_while_writing = true;
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(120),
            "build never started writing"
        );
        std::thread::sleep(Duration::from_millis(2));
    }
    child.kill().unwrap(); // SIGKILL on Unix
    child.wait().unwrap();
    assert!(
        killed_while_writing,
        "the build finished before it could be killed"
    );
    assert_eq!(snapshot(&out), before, "the previous site changed");

    let o = run_within(build(), Duration::from_secs(300));
    assert_eq!(code(&o), Some(0), "{}", stderr(&o));
    assert_eq!(leftovers(site.tmp()), Vec::<String>::new());
    let after = snapshot(&out);
    // Same pages (the search index's shard files depend on the text, so they may differ).
    let pages = |m: &std::collections::BTreeMap<String, Vec<u8>>| {
        m.keys().filter(|k| k.ends_with(".html")).count()
    };
    assert_eq!(pages(&after), pages(&before));
    let page = String::from_utf8(after["s3/p7/index.html"].clone()).unwrap();
    assert!(page.starts_with("<main>文章3-7（新）"), "{page}");
}

#[test]
fn refuses_to_replace_a_folder_that_is_not_a_built_site() {
    let site = SiteTest::fixture("encodings");
    fs::create_dir_all(site.out()).unwrap();
    fs::write(site.out().join("工作笔记.docx"), "重要").unwrap();
    let o = site.build();
    assert_eq!(code(&o), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("--force"), "{}", stderr(&o));
    assert_eq!(
        snapshot(&site.out()).into_keys().collect::<Vec<_>>(),
        ["工作笔记.docx"]
    );
    // The site's own folder is refused too.
    let mut c = pufa();
    c.arg("--root")
        .arg(site.root())
        .arg("build")
        .arg("-o")
        .arg(site.root());
    let o = c.output().unwrap();
    assert_eq!(code(&o), Some(1));
    assert!(site.root().join("config.toml").is_file());
    assert!(site.root().join("content/gbk.md").is_file());

    // --force builds there, and the user's file stays in place: pufa deletes only its own.
    let o = site.build_within(Duration::from_secs(60), &["--force"]);
    assert_eq!(code(&o), Some(0), "{}", stderr(&o));
    assert!(site.out().join("gbk/index.html").is_file());
    assert_eq!(
        fs::read_to_string(site.out().join("工作笔记.docx")).unwrap(),
        "重要"
    );
}

// ---------------------------------------------------------------------------------------------
// Determinism
// ---------------------------------------------------------------------------------------------

#[test]
fn output_is_byte_identical_across_runs_and_thread_counts() {
    let site = SiteTest::fixture("zola-basic");
    let mut trees = Vec::new();
    for threads in ["1", "2", "2", "1"] {
        let o = site
            .command(&[])
            .env("RAYON_NUM_THREADS", threads)
            .output()
            .unwrap();
        assert_eq!(code(&o), Some(0), "{}", stderr(&o));
        trees.push((threads, snapshot(&site.out())));
    }
    let (_, first) = &trees[0];
    for (threads, tree) in &trees[1..] {
        assert_eq!(
            first.keys().collect::<Vec<_>>(),
            tree.keys().collect::<Vec<_>>(),
            "file list differs with RAYON_NUM_THREADS={threads}"
        );
        for (rel, bytes) in first {
            assert!(
                &tree[rel] == bytes,
                "{rel} differs with RAYON_NUM_THREADS={threads}"
            );
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Nothing escapes
// ---------------------------------------------------------------------------------------------

#[test]
fn paths_slugs_aliases_and_redirects_cannot_leave_the_site() {
    let site = SiteTest::fixture("encodings");
    site.write(
        "content/p-path.md",
        "+++\ntitle = \"p\"\npath = \"../../x\"\n+++\n",
    );
    site.write(
        "content/p-alias.md",
        "+++\ntitle = \"a\"\naliases = [\n  \"old.html\",\n  \"../../evil.html\",\n]\n+++\n",
    );
    site.write(
        "content/sec/_index.md",
        "+++\ntitle = \"s\"\nredirect_to = \"../../../etc/passwd\"\n+++\n",
    );
    site.write(
        "content/page-dir/_index.md",
        "+++\ntitle = \"分页\"\npaginate_by = 1\npaginate_path = \"../../up\"\n+++\n",
    );
    site.write(
        "content/p-win.md",
        "+++\ntitle = \"w\"\npath = \"..\\\\..\\\\x\"\n+++\n",
    );
    let o = site.build();
    assert_eq!(code(&o), Some(1), "{}", stderr(&o));
    assert_eq!(
        headers(&o),
        [
            "content/gbk.md: 警告: 这个文件是 GBK 编码，已自动转换；请另存为 UTF-8",
            "content/p-alias.md:5:4: 错误: `aliases` 的值 `../../evil.html` 指向了网站文件夹以外",
            "content/p-path.md:3:9: 错误: `path` 的值 `../../x` 指向了网站文件夹以外",
            "content/p-win.md:3:9: 错误: `path` 的值 `..\\..\\x` 指向了网站文件夹以外",
            "content/page-dir/_index.md:4:18: 错误: `paginate_path` 的值 `../../up` 指向了网站文件夹以外",
            "content/sec/_index.md:3:16: 错误: `redirect_to` 的值 `../../../etc/passwd` 指向了网站文件夹以外",
        ]
    );
    for outside in ["x", "evil.html", "up"] {
        assert!(!site.tmp().join(outside).exists());
        assert!(!site.tmp().parent().unwrap().join(outside).exists());
    }
}

#[test]
fn slug_with_dots_is_harmless_when_slugified_and_an_error_when_not() {
    let site = SiteTest::fixture("encodings");
    site.write(
        "content/p-slug.md",
        "+++\ntitle = \"s\"\nslug = \"../x\"\n+++\n",
    );
    let o = site.build();
    assert_eq!(code(&o), Some(0), "{}", stderr(&o));
    assert!(site.out().join("x/index.html").is_file());

    let config = fs::read_to_string(site.root().join("config.toml")).unwrap();
    site.write(
        "config.toml",
        format!("{config}\n[slugify]\npaths = \"off\"\n"),
    );
    let o = site.build();
    assert_eq!(code(&o), Some(1));
    assert!(
        headers(&o).contains(
            &"content/p-slug.md:3:9: 错误: `slug` 的值 `../x` 指向了网站文件夹以外".to_string()
        ),
        "{}",
        stderr(&o)
    );
}

#[test]
fn template_functions_cannot_read_outside_the_site() {
    let site = SiteTest::fixture("encodings");
    fs::write(site.tmp().join("secret.txt"), "机密").unwrap();
    site.write("templates/shortcodes/ld.html", "{{ load_data(path=path) }}");
    site.write(
        "templates/shortcodes/url.html",
        "{{ get_url(path=path, cachebust=true) }}",
    );
    site.write(
        "content/ld.md",
        "+++\ntitle = \"ld\"\n+++\n{{ ld(path=\"../secret.txt\") }}\n",
    );
    site.write(
        "content/url.md",
        "+++\ntitle = \"u\"\n+++\n\n{{ url(path=\"../secret.txt\") }}\n",
    );
    // Images are read too (size, resizing): a real picture beside the site.
    image::RgbImage::new(4, 4)
        .save(site.tmp().join("secret.png"))
        .unwrap();
    site.write(
        "templates/shortcodes/meta.html",
        "{{ get_image_metadata(path=path) | json_encode }}",
    );
    site.write(
        "templates/shortcodes/resize.html",
        "{{ resize_image(path=path, width=2, height=2, op=\"fill\") | json_encode }}",
    );
    site.write(
        "content/meta.md",
        "+++\ntitle = \"m\"\n+++\n{{ meta(path=\"../secret.png\") }}\n",
    );
    site.write(
        "content/resize.md",
        "+++\ntitle = \"r\"\n+++\n{{ resize(path=\"../secret.png\") }}\n",
    );
    let o = site.build();
    assert_eq!(code(&o), Some(1), "{}", stderr(&o));
    let h = headers(&o);
    assert_eq!(
        h.iter()
            .map(|l| l.split("：").next().unwrap())
            .collect::<Vec<_>>(),
        [
            "content/gbk.md: 警告: 这个文件是 GBK 编码，已自动转换；请另存为 UTF-8",
            "content/ld.md:4:1: 错误: 短代码 `ld` 渲染失败",
            "content/meta.md:4:1: 错误: 短代码 `meta` 渲染失败",
            "content/resize.md:4:1: 错误: 短代码 `resize` 渲染失败",
            "content/url.md:5:1: 错误: 短代码 `url` 渲染失败",
        ],
        "{}",
        stderr(&o)
    );
    let text = stderr(&o);
    assert_eq!(
        text.matches("is not inside the base site directory")
            .count(),
        4,
        "{text}"
    );
    assert!(!text.contains("机密"));
}

#[test]
fn template_and_shortcode_names_cannot_leave_the_templates_folder() {
    let site = SiteTest::fixture("encodings");
    fs::write(site.tmp().join("evil.html"), "<main>泄露</main>").unwrap();
    site.write(
        "content/t.md",
        "+++\ntitle = \"t\"\ntemplate = \"../../evil.html\"\n+++\n",
    );
    site.write(
        "content/sec/_index.md",
        "+++\ntitle = \"s\"\npage_template = \"..\\\\..\\\\evil.html\"\n+++\n",
    );
    site.write("content/sec/p.md", "+++\ntitle = \"p\"\n+++\n");
    site.write(
        "content/sc.md",
        "+++\ntitle = \"sc\"\n+++\n正文\n\n{{ ../../evil(x=1) }}\n",
    );
    site.write(
        "content/sc2.md",
        "+++\ntitle = \"sc2\"\n+++\n{% shortcodes/../../../evil() %}\n正文\n{% end %}\n",
    );
    let o = site.build();
    assert_eq!(code(&o), Some(1), "{}", stderr(&o));
    assert_eq!(
        headers(&o),
        [
            "content/gbk.md: 警告: 这个文件是 GBK 编码，已自动转换；请另存为 UTF-8",
            "content/sec/_index.md:3:18: 错误: `page_template` 的值 `..\\..\\evil.html` 指向了网站文件夹以外",
            "content/t.md:3:13: 错误: `template` 的值 `../../evil.html` 指向了网站文件夹以外",
        ]
    );
    assert!(!stderr(&o).contains("泄露"));
    assert!(!site.out().exists());

    // Shortcodes are read in the Markdown stage, which runs once the front matter is right.
    fs::remove_file(site.root().join("content/t.md")).unwrap();
    fs::remove_dir_all(site.root().join("content/sec")).unwrap();
    let o = site.build();
    assert_eq!(code(&o), Some(1), "{}", stderr(&o));
    assert_eq!(
        headers(&o),
        [
            "content/gbk.md: 警告: 这个文件是 GBK 编码，已自动转换；请另存为 UTF-8",
            "content/sc.md:6:1: 错误: `../../evil` 不是短代码名称：短代码只能是 templates/shortcodes/ 里的文件，名称里不能有 `/`、`\\` 或 `..`",
            "content/sc2.md:4:1: 错误: `shortcodes/../../../evil` 不是短代码名称：短代码只能是 templates/shortcodes/ 里的文件，名称里不能有 `/`、`\\` 或 `..`",
        ]
    );
    assert!(!stderr(&o).contains("泄露"));
    assert!(!site.out().exists());
}

#[cfg(unix)]
#[test]
fn symlinks_out_of_the_site_are_not_followed() {
    use std::os::unix::fs::symlink;
    let site = SiteTest::fixture("encodings");
    let secret_dir = site.tmp().join("secrets");
    fs::create_dir_all(&secret_dir).unwrap();
    fs::write(
        secret_dir.join("a.md"),
        "+++\ntitle = \"机密文章\"\n+++\n机密\n",
    )
    .unwrap();
    fs::write(secret_dir.join("passwd"), "root:x:0:0").unwrap();
    symlink(
        secret_dir.join("a.md"),
        site.root().join("content/linked.md"),
    )
    .unwrap();
    symlink(&secret_dir, site.root().join("content/linked-dir")).unwrap();
    fs::create_dir_all(site.root().join("content/bundle")).unwrap();
    site.write(
        "content/bundle/index.md",
        "+++\ntitle = \"附件\"\n+++\n正文\n",
    );
    symlink(
        secret_dir.join("passwd"),
        site.root().join("content/bundle/passwd.txt"),
    )
    .unwrap();
    fs::create_dir_all(site.root().join("static")).unwrap();
    symlink(
        secret_dir.join("passwd"),
        site.root().join("static/passwd.txt"),
    )
    .unwrap();
    symlink(&secret_dir, site.root().join("static/secrets")).unwrap();
    // A link that stays inside the site is fine.
    site.write("shared/notice.md", "+++\ntitle = \"共享通知\"\n+++\n通知\n");
    symlink(
        site.root().join("shared/notice.md"),
        site.root().join("content/notice.md"),
    )
    .unwrap();
    site.write("shared/logo.svg", "<svg>徽标</svg>");
    site.write("shared/icons/phone.svg", "<svg>电话</svg>");
    symlink(
        site.root().join("shared/logo.svg"),
        site.root().join("static/logo.svg"),
    )
    .unwrap();
    // Relative, as people make them.
    symlink("../shared/icons", site.root().join("static/icons")).unwrap();

    let o = site.build();
    assert_eq!(code(&o), Some(0), "{}", stderr(&o));
    let h = headers(&o);
    for link in [
        "content/bundle/passwd.txt",
        "content/linked-dir",
        "content/linked.md",
        "static/passwd.txt",
        "static/secrets",
    ] {
        assert!(
            h.iter()
                .any(|l| l.starts_with(&format!("{link}: 警告: 这是指向网站文件夹以外"))),
            "no warning for {link}: {h:?}"
        );
    }
    let files = snapshot(&site.out());
    assert!(
        files
            .keys()
            .all(|k| !k.contains("passwd") && !k.starts_with("linked")),
        "{:?}",
        files.keys()
    );
    assert!(files
        .values()
        .all(|b| !String::from_utf8_lossy(b).contains("机密")));
    assert!(files
        .values()
        .all(|b| !String::from_utf8_lossy(b).contains("root:x")));
    assert!(files.contains_key("notice/index.html"));
    assert_eq!(files["logo.svg"], "<svg>徽标</svg>".as_bytes());
    assert_eq!(files["icons/phone.svg"], "<svg>电话</svg>".as_bytes());
}

// ---------------------------------------------------------------------------------------------
// Hostile or huge content
// ---------------------------------------------------------------------------------------------

#[test]
fn hundred_megabyte_file_is_an_error_not_a_hang() {
    use std::io::Write;
    let site = SiteTest::fixture("encodings");
    let path = site.root().join("content/huge.md");
    let mut f = std::io::BufWriter::new(fs::File::create(&path).unwrap());
    f.write_all(b"+++\ntitle = \"huge\"\n+++\n").unwrap();
    let line =
        "依据《中华人民共和国民法典》第一千一百六十五条的规定，应当承担侵权责任。\n".repeat(64);
    while f.get_ref().metadata().unwrap().len() < 100 * 1024 * 1024 {
        for _ in 0..64 {
            f.write_all(line.as_bytes()).unwrap();
        }
        f.flush().unwrap();
    }
    drop(f);
    let o = site.build_within(Duration::from_secs(30), &[]);
    assert_eq!(code(&o), Some(1), "{}", stderr(&o));
    assert!(
        headers(&o).contains(
            &"content/huge.md: 错误: 这个文件太大（约 101 MB），超过了 10 MB 的上限，没有读取"
                .to_string()
        ),
        "{}",
        stderr(&o)
    );
}

#[test]
fn ten_thousand_nested_lists_and_quotes_build_without_crashing() {
    let site = SiteTest::fixture("encodings");
    let n = 10_000;
    site.write(
        "content/lists.md",
        format!("+++\ntitle = \"l\"\n+++\n{}x\n", "- ".repeat(n)),
    );
    site.write(
        "content/quotes.md",
        format!("+++\ntitle = \"q\"\n+++\n{} 深\n", ">".repeat(n)),
    );
    site.write(
        "content/mixed.md",
        format!("+++\ntitle = \"m\"\n+++\n{}x\n", "> - 1. ".repeat(n / 3)),
    );
    site.write(
        "content/brackets.md",
        format!(
            "+++\ntitle = \"b\"\n+++\n{}x{}\n\n{}x{}\n",
            "[".repeat(n),
            "]".repeat(n),
            "*".repeat(n),
            "*".repeat(n)
        ),
    );
    let o = site.build_within(Duration::from_secs(60), &[]);
    assert_eq!(code(&o), Some(0), "{}", stderr(&o));
    let quotes = fs::read_to_string(site.out().join("quotes/index.html")).unwrap();
    assert_eq!(quotes.matches("<blockquote>").count(), n);
    assert!(quotes.contains("深"));
}

/// Nesting that a recursive parser would follow until the stack overflows (or, for YAML, for
/// minutes): an error at its place, quickly.
#[test]
fn nesting_deeper_than_any_stack_is_an_error_not_a_crash() {
    let site = SiteTest::fixture("encodings");
    let n = 100_000;
    site.write(
        "content/shortcodes.md",
        format!(
            "+++\ntitle = \"s\"\n+++\n{}x\n{}",
            "{% note(kind=\"a\") %}\n".repeat(n),
            "{% end %}\n".repeat(n)
        ),
    );
    site.write(
        "content/yaml.md",
        format!(
            "---\ntitle: y\nx: {}{}\n---\n",
            "[".repeat(n),
            "]".repeat(n)
        ),
    );
    site.write(
        "content/toml.md",
        format!(
            "+++\ntitle = \"t\"\nx = {}{}\n+++\n",
            "[".repeat(n),
            "]".repeat(n)
        ),
    );
    let o = site.build_within(Duration::from_secs(60), &[]);
    assert_eq!(code(&o), Some(1), "{}", stderr(&o));
    let h = headers(&o);
    assert_eq!(
        h.iter()
            .map(|l| l.split(": ").next().unwrap())
            .collect::<Vec<_>>(),
        [
            "content/gbk.md",
            "content/toml.md:3:85",
            "content/yaml.md:3:132"
        ],
        "{}",
        stderr(&o)
    );
    assert!(h[2].ends_with("YAML 格式错误：括号 [ 或 { 嵌套超过了 128 层"));
    // Shortcodes are read once the front matter is right.
    fs::remove_file(site.root().join("content/yaml.md")).unwrap();
    fs::remove_file(site.root().join("content/toml.md")).unwrap();
    let o = site.build_within(Duration::from_secs(60), &[]);
    assert_eq!(code(&o), Some(1), "{}", stderr(&o));
    assert_eq!(
        headers(&o)[1],
        "content/shortcodes.md:36:1: 错误: 短代码嵌套超过了 32 层：请检查是否漏写了 `{% end %}`"
    );
}

#[test]
fn unclosed_shortcode_is_an_error_at_its_line() {
    let site = SiteTest::fixture("encodings");
    site.write(
        "content/unclosed.md",
        "+++\ntitle = \"u\"\n+++\n开头\n\n{% note(kind=\"a\") %}\n没有结尾\n",
    );
    site.write(
        "content/half.md",
        "+++\ntitle = \"h\"\n+++\n{{ note(kind=\"x\n",
    );
    let o = site.build_within(Duration::from_secs(30), &[]);
    assert_eq!(code(&o), Some(1), "{}", stderr(&o));
    assert_eq!(
        headers(&o),
        [
            "content/gbk.md: 警告: 这个文件是 GBK 编码，已自动转换；请另存为 UTF-8",
            "content/half.md:4:1: 警告: 这里像是短代码 `note`，但格式不对，将按普通文字显示",
            "content/unclosed.md:6:1: 错误: 短代码 `note` 没有用 `{% end %}` 结束",
        ]
    );
}

#[test]
fn template_that_includes_itself_is_an_error_not_a_crash() {
    let site = SiteTest::fixture("encodings");
    let o = site.build();
    assert_eq!(code(&o), Some(0), "{}", stderr(&o));
    let before = snapshot(&site.out());
    site.write(
        "templates/page.html",
        "<main>{% include \"page.html\" %}</main>",
    );
    let o = site.build_within(Duration::from_secs(30), &[]);
    assert_eq!(code(&o), Some(1), "{}", stderr(&o));
    assert_eq!(
        headers(&o),
        ["templates/page.html:1:7: 错误: 模板 `page.html` 会无休止地包含自己：page.html → page.html"]
    );
    assert_eq!(
        shown_line(&o, "templates/page.html:1:7"),
        "  1 | <main>{% include \"page.html\" %}</main>"
    );
    assert_eq!(snapshot(&site.out()), before, "the previous site changed");
    assert_eq!(leftovers(site.tmp()), Vec::<String>::new());
}

#[test]
fn include_cycle_through_a_base_template_is_an_error_not_a_crash() {
    let site = SiteTest::fixture("encodings");
    site.write(
        "templates/base.html",
        "<main>{% block content %}{% endblock %}\n<nav>{% include \"nav.html\" %}</nav></main>",
    );
    site.write(
        "templates/page.html",
        "{% extends \"base.html\" %}{% block content %}{{ page.title }}{% endblock %}",
    );
    site.write("templates/nav.html", "导航\n{% include \"base.html\" %}");
    let o = site.build_within(Duration::from_secs(30), &[]);
    assert_eq!(code(&o), Some(1), "{}", stderr(&o));
    assert_eq!(
        headers(&o),
        ["templates/base.html:2:6: 错误: 模板 `base.html` 会无休止地包含自己：base.html → nav.html → base.html"]
    );
    assert!(!site.out().exists());
}

#[test]
fn template_nested_thousands_deep_is_an_error_not_a_crash() {
    let site = SiteTest::fixture("encodings");
    site.write(
        "templates/page.html",
        format!(
            "<main>\n  {}{{{{ page.title }}}}{}</main>",
            "{% if page %}".repeat(20_000),
            "{% endif %}".repeat(20_000)
        ),
    );
    let o = site.build_within(Duration::from_secs(30), &[]);
    assert_eq!(code(&o), Some(1), "{}", stderr(&o));
    assert_eq!(
        headers(&o),
        ["templates/page.html:2:1303: 错误: 模板里的 {% if %}、{% for %} 等标签嵌套超过了 100 层"]
    );
}

#[test]
fn macro_that_never_stops_is_an_error_not_a_crash() {
    let site = SiteTest::fixture("encodings");
    site.write(
        "templates/page.html",
        "{% macro m(n) %}{{ self::m(n=n+1) }}{% endmacro m %}<main>{{ self::m(n=1) }}</main>",
    );
    let o = site.build_within(Duration::from_secs(30), &[]);
    assert_eq!(code(&o), Some(1), "{}", stderr(&o));
    assert_eq!(
        headers(&o),
        ["templates/page.html:1:20: 错误: 模板 `page.html` 里的宏 `m` 会无休止地调用自己：page.html 中的宏 m → page.html 中的宏 m"]
    );
    assert!(stderr(&o).contains("提示: 递归调用宏时，要放进 {% if %} 或 {% for %} 里"));
}

#[test]
fn macros_calling_each_other_across_files_are_an_error() {
    let site = SiteTest::fixture("encodings");
    site.write(
        "templates/macros.html",
        "{% import \"more.html\" as more %}{% macro a() %}{{ more::b() }}{% endmacro a %}",
    );
    site.write(
        "templates/more.html",
        "{% import \"macros.html\" as macros %}{% macro b() %}{{ macros::a() }}{% endmacro b %}",
    );
    site.write(
        "templates/page.html",
        "{% import \"macros.html\" as macros %}<main>{{ macros::a() }}</main>",
    );
    let o = site.build_within(Duration::from_secs(30), &[]);
    assert_eq!(code(&o), Some(1), "{}", stderr(&o));
    assert_eq!(
        headers(&o),
        ["templates/macros.html:1:51: 错误: 模板 `macros.html` 里的宏 `a` 会无休止地调用自己：macros.html 中的宏 a → more.html 中的宏 b → macros.html 中的宏 a"]
    );
}

/// A tree menu: recursion that stops, as deep as anyone nests sections and more.
#[test]
fn guarded_recursion_works_and_runaway_recursion_is_an_error() {
    let site = SiteTest::fixture("encodings");
    site.write(
        "templates/page.html",
        "{% macro down(n) %}{% if n > 0 %}<ul>{{ self::down(n=n-1) }}</ul>{% endif %}{% endmacro down %}\
         <main>{{ self::down(n=100) }}</main>",
    );
    let o = site.build_within(Duration::from_secs(60), &[]);
    assert_eq!(code(&o), Some(0), "{}", stderr(&o));
    assert_eq!(
        fs::read_to_string(site.out().join("plain/index.html")).unwrap(),
        format!("<main>{}{}</main>", "<ul>".repeat(100), "</ul>".repeat(100))
    );

    // The condition never becomes false: stopped when the stack runs low, reported as a template
    // error of every page, and the site built before stays as it was.
    let before = snapshot(&site.out());
    site.write(
        "templates/page.html",
        "{% macro up(n) %}{% if n > 0 %}{{ self::up(n=n+1) }}{% endif %}{% endmacro up %}\
         <main>{{ self::up(n=1) }}</main>",
    );
    let o = site.build_within(Duration::from_secs(60), &[]);
    assert_eq!(code(&o), Some(1), "{}", stderr(&o));
    let text = stderr(&o);
    assert!(text.contains("content/plain.md"), "{text}");
    // The same error on the four pages is printed once, with the count.
    assert_eq!(
        text.matches("模板递归太深（page.html 中的宏 up），可能永远不会停止")
            .count(),
        1,
        "{text}"
    );
    assert!(
        text.contains("同样的问题共 4 处，在 4 个文件中："),
        "{text}"
    );
    assert_eq!(snapshot(&site.out()), before);
}

// ---------------------------------------------------------------------------------------------
// All at once, on a site made here (no fixture)
// ---------------------------------------------------------------------------------------------

/// The acceptance check in one go: a site nobody tuned the code for builds with a
/// warning for its GBK article; then broken front matter, a traversal and a link out of the
/// site are all reported in one run at their file and line, and the last good site stays as it
/// was.
#[cfg(unix)]
#[test]
fn unseen_site_reports_everything_in_one_run_and_keeps_the_last_good_site() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("镇司法所网站");
    let out = tmp.path().join("public");
    let w = |rel: &str, bytes: &[u8]| {
        let p = root.join(rel);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, bytes).unwrap();
    };
    w(
        "config.toml",
        "base_url = \"https://sfs.example.gov.cn\"\ntitle = \"普法\"\ndefault_language = \"zh\"\n"
            .as_bytes(),
    );
    w("templates/index.html", b"<main>{{ config.title }}</main>");
    w(
        "templates/section.html",
        "<main>{% for p in section.pages %}{{ p.title }};{% endfor %}</main>".as_bytes(),
    );
    w(
        "templates/page.html",
        "<main>{{ page.title }}|{{ page.content | safe }}</main>".as_bytes(),
    );
    w(
        "content/news/_index.md",
        "+++\ntitle = \"动态\"\n+++\n".as_bytes(),
    );
    w(
        "content/news/good.md",
        "+++\ntitle = \"宪法宣传周\"\ndate = 2024-12-04\n+++\n活动正文。\n".as_bytes(),
    );
    let gbk = fs::read(crate::common::sites_dir().join("encodings/content/gbk.md")).unwrap();
    w("content/news/gbk.md", &gbk);
    w(
        "content/news/crlf.md",
        "\u{feff}+++\r\ntitle = \"记事本\"\r\n+++\r\n| 事项 | 电话 |\r\n|---|---|\r\n| 法律援助 | 12348 |\r\n"
            .as_bytes(),
    );
    let build = || {
        let mut c = pufa();
        c.arg("--root")
            .arg(&root)
            .arg("build")
            .arg("-o")
            .arg(&out)
            .env_remove("PUFA_LOG");
        run_within(c, Duration::from_secs(120))
    };
    let o = build();
    assert_eq!(code(&o), Some(0), "{}", stderr(&o));
    assert_eq!(
        headers(&o),
        ["content/news/gbk.md: 警告: 这个文件是 GBK 编码，已自动转换；请另存为 UTF-8"]
    );
    assert_eq!(
        main_of(&out, "news/crlf/index.html"),
        "<main>记事本|<table><thead><tr><th>事项</th><th>电话</th></tr></thead><tbody>\n\
         <tr><td>法律援助</td><td>12348</td></tr>\n</tbody></table>\n</main>"
    );
    let good = snapshot(&out);

    w(
        "content/news/good.md",
        "+++\ntitle = \"改过的标题\"\ndate = 2024-12-04\n+++\n活动正文。\n".as_bytes(),
    );
    w(
        "content/news/a-fullwidth.md",
        "+++\ntitle ＝ \"全角\"\n+++\n".as_bytes(),
    );
    w(
        "content/cases/missing-end.md",
        "+++\ntitle = \"没有结尾\"\n正文\n".as_bytes(),
    );
    w(
        "content/news/escape.md",
        "+++\ntitle = \"越界\"\npath = \"../../../x\"\n+++\n".as_bytes(),
    );
    fs::write(tmp.path().join("secret.md"), "+++\ntitle = \"机密\"\n+++\n").unwrap();
    std::os::unix::fs::symlink(
        tmp.path().join("secret.md"),
        root.join("content/news/link.md"),
    )
    .unwrap();
    let o = build();
    assert_eq!(code(&o), Some(1), "{}", stderr(&o));
    let h = headers(&o);
    assert_eq!(
        h.iter()
            .map(|l| l.split(": ").next().unwrap())
            .collect::<Vec<_>>(),
        [
            "content/cases/missing-end.md:1:1",
            "content/news/a-fullwidth.md:2:7",
            "content/news/escape.md:3:9",
            "content/news/gbk.md",
            "content/news/link.md",
        ],
        "{}",
        stderr(&o)
    );
    assert!(
        h[2].ends_with("错误: `path` 的值 `../../../x` 指向了网站文件夹以外"),
        "{}",
        h[2]
    );
    assert!(h[4].contains("警告: 这是指向网站文件夹以外"), "{}", h[4]);
    assert_eq!(snapshot(&out), good, "the last good site changed");
    assert_eq!(leftovers(tmp.path()), Vec::<String>::new());
    assert!(!tmp.path().join("x").exists());
    assert!(read_tree(&out)
        .values()
        .all(|b| !String::from_utf8_lossy(b).contains("机密")));
}
