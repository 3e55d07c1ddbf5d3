//! `pufa check` on fixture sites under `tests/sites/check-*`: every finding at its
//! `file:line:col`, the exit code, and the JSON report for tools.

use std::process::Output;

use crate::common::{build, sites_dir, SiteTest};

/// `pufa check` on a copy of the fixture site `tests/sites/NAME`.
fn check(name: &str, extra: &[&str]) -> Output {
    SiteTest::fixture(name)
        .pufa()
        .arg("check")
        .args(extra)
        .output()
        .expect("run pufa check")
}

/// The first line of each finding (`path:line:col: 级别: 消息`), in report order.
fn finding_lines(stderr: &str) -> Vec<&str> {
    stderr
        .lines()
        .filter(|l| l.starts_with("content/"))
        .collect()
}

#[test]
fn personal_data_links_images_parts_and_dates_are_reported_at_their_place() {
    let out = check("check-privacy", &[]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert_eq!(
        finding_lines(&stderr),
        [
            "content/cases/gao-kong.md:6:1: 警告: 以案释法文章缺少“法官说法”部分",
            "content/cases/jie-dai.md:8:3: 错误: 案例中出现当事人全名“张伟”",
            "content/cases/jie-dai.md:9:10: 错误: 文中有身份证号码 11010519491231002X",
            "content/cases/jie-dai.md:9:33: 错误: 文中有手机号码 13812345678",
            "content/cases/jie-dai.md:10:12: 错误: 文中有银行卡号 6222021234567890128",
            "content/cases/jie-dai.md:12:1: 警告: 图片缺少替代文字（alt）：/img/scene.png",
            "content/cases/jie-dai.md:14:9: 错误: 引用的图片或文件不存在：/img/jie-tiao.png",
            "content/cases/jie-dai.md:16:11: 错误: 链接指向的页面不存在：/cases/no-such-case/",
            "content/cases/jie-dai.md:26:13: 错误: 链接中的锚点 #bu-cun-zai 在目标页面中不存在：#bu-cun-zai",
            "content/notices/future.md:3:1: 警告: 文章日期 2099-12-04 还没到，却不是草稿",
        ],
        "{stderr}"
    );
    // Each finding shows its line with a caret, and says what to do.
    assert!(
        stderr.contains(
            "  9 | 李某某的身份证号为11010519491231002X，手机号码13812345678。\n    |                   ^\n  提示: 发布前请删除"
        ),
        "{stderr}"
    );
    assert!(
        stderr.trim_end().ends_with("7 个错误，3 个警告"),
        "{stderr}"
    );
    assert_eq!(
        stderr.matches("7 个错误，3 个警告").count(),
        1,
        "the counts are printed once"
    );
}

#[test]
fn json_report_lists_the_same_findings() {
    let out = check("check-privacy", &["--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let report: serde_json::Value =
        serde_json::from_slice(&out.stdout).expect("stdout is one JSON document");
    let items = report.as_array().expect("a list of findings");
    let places: Vec<(String, u64, u64, String)> = items
        .iter()
        .map(|d| {
            (
                d["path"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
                d["col"].as_u64().unwrap(),
                d["severity"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let expected = [
        ("content/cases/gao-kong.md", 6, 1, "warning"),
        ("content/cases/jie-dai.md", 8, 3, "error"),
        ("content/cases/jie-dai.md", 9, 10, "error"),
        ("content/cases/jie-dai.md", 9, 33, "error"),
        ("content/cases/jie-dai.md", 10, 12, "error"),
        ("content/cases/jie-dai.md", 12, 1, "warning"),
        ("content/cases/jie-dai.md", 14, 9, "error"),
        ("content/cases/jie-dai.md", 16, 11, "error"),
        ("content/cases/jie-dai.md", 26, 13, "error"),
        ("content/notices/future.md", 3, 1, "warning"),
    ]
    .map(|(p, l, c, s)| (p.to_string(), l, c, s.to_string()));
    assert_eq!(places, expected);
    assert_eq!(items[2]["message"], "文中有身份证号码 11010519491231002X");
    assert_eq!(
        items[2]["message_en"],
        "an ID card number appears in the text: 11010519491231002X"
    );
    assert!(items[2]["hint"]
        .as_str()
        .unwrap()
        .starts_with("发布前请删除"));
}

#[test]
fn invalid_front_matter_is_reported_for_every_file() {
    let out = check("check-front-matter", &[]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert_eq!(
        finding_lines(&stderr),
        [
            "content/notices/bad-date.md:3:8: 错误: 日期写法不对：“2024年5月1日”",
            "content/notices/bad-toml.md:2:15: 错误: TOML 格式错误：invalid basic string, expected `\"`",
        ],
        "{stderr}"
    );
}

#[test]
fn a_clean_site_passes() {
    // Anonymised names, a case number, the public 12348 hotline, images with alt text,
    // working @/ links and anchors: nothing to report.
    let out = check("check-clean", &[]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert_eq!(stderr.trim(), "0 个错误，0 个警告");
    let json = check("check-clean", &["--format", "json"]);
    assert_eq!(json.status.code(), Some(0));
    let report: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(report, serde_json::json!([]));
}

#[test]
fn warnings_alone_exit_zero() {
    let site = SiteTest::empty();
    let root = site.root();
    for dir in ["templates", "content/notices"] {
        std::fs::create_dir_all(root.join(dir)).unwrap();
    }
    let fixture = sites_dir().join("check-clean");
    std::fs::copy(fixture.join("config.toml"), root.join("config.toml")).unwrap();
    for t in ["index.html", "section.html", "page.html"] {
        std::fs::copy(
            fixture.join("templates").join(t),
            root.join("templates").join(t),
        )
        .unwrap();
    }
    std::fs::write(
        root.join("content/_index.md"),
        "+++\ntitle = \"首页\"\n+++\n",
    )
    .unwrap();
    std::fs::write(
        root.join("content/notices/_index.md"),
        "+++\ntitle = \"通知\"\n+++\n",
    )
    .unwrap();
    std::fs::write(
        root.join("content/notices/a.md"),
        "+++\ntitle = \"通知\"\ndate = 2099-01-01\n+++\n正文。\n",
    )
    .unwrap();
    let out = site.pufa().arg("check").output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert_eq!(
        finding_lines(&stderr),
        ["content/notices/a.md:3:1: 警告: 文章日期 2099-01-01 还没到，却不是草稿"]
    );
}

#[test]
fn every_kind_of_problem_is_reported_in_one_run() {
    // A broken `@/` link stops the build; the personal data above it, in the title and the
    // description, and the image without alt text are still reported.
    let out = check("check-all-kinds", &[]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert_eq!(
        finding_lines(&stderr),
        [
            "content/cases/a.md:2:16: 错误: 标题（title）中：文中有身份证号码 11010519491231002X",
            "content/cases/a.md:3:20: 错误: 摘要（description）中：文中有手机号码 13800138000",
            "content/cases/a.md:9:10: 错误: 文中有身份证号码 11010519491231002X",
            "content/cases/a.md:9:33: 错误: 文中有手机号码 13812345678",
            "content/cases/a.md:10:7: 错误: 文中有手机号码 86 139 0013 9000",
            "content/cases/a.md:10:28: 错误: 文中有手机号码 １３８００１３８０００",
            "content/cases/a.md:11:8: 错误: 文中有疑似身份证号（校验位不对）110105194912310028",
            "content/cases/a.md:13:1: 警告: 图片缺少替代文字（alt）：scene.png",
            "content/cases/a.md:15:3: 错误: 站内链接 `@/cases/no-such.md` 指向的文章不存在：找不到 content/cases/no-such.md，请检查路径和文件名",
        ],
        "{stderr}"
    );
    assert!(
        stderr.trim_end().ends_with("8 个错误，1 个警告"),
        "{stderr}"
    );
}

#[test]
fn minified_pages_section_links_and_each_link_at_its_own_line() {
    // `minify_html = true` writes `<h2 id=an-zhuang>` without quotes: the anchors exist.
    // The section's `_index.md` is checked too; `@/…#mei-you` is reported where it is
    // written, not at the earlier link to the same page; a missing colocated image at its
    // own line.
    let out = check("check-html", &[]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert_eq!(
        finding_lines(&stderr),
        [
            "content/cases/b.md:7:51: 错误: 链接中的锚点 #mei-you 在目标页面中不存在：@/guides/install/index.md#mei-you",
            "content/guides/_index.md:6:12: 错误: 链接中的锚点 #bu-cun-zai 在目标页面中不存在：@/guides/install/index.md#bu-cun-zai",
            "content/guides/install/index.md:13:8: 错误: 引用的图片或文件不存在：flow.png",
        ],
        "{stderr}"
    );
    let site = SiteTest::fixture("check-html");
    let built = site.tmp().join("out");
    let b = build(&site, &built, &[]);
    assert!(b.status.success(), "{}", String::from_utf8_lossy(&b.stderr));
    let page = std::fs::read_to_string(built.join("guides/install/index.html")).unwrap();
    assert!(
        page.contains("<h2 id=an-zhuang>"),
        "the output is minified: {page}"
    );
}

/// A site of `n` pages in `content/notes/` whose page template reads a missing key.
fn site_with_template_error(n: usize) -> SiteTest {
    let site = SiteTest::empty();
    let root = site.root();
    std::fs::create_dir_all(root.join("templates")).unwrap();
    std::fs::create_dir_all(root.join("content/notes")).unwrap();
    std::fs::write(
        root.join("config.toml"),
        "base_url = \"https://example.gov.cn\"\ntitle = \"t\"\ndefault_language = \"zh\"\n",
    )
    .unwrap();
    std::fs::write(root.join("templates/index.html"), "{{ section.title }}").unwrap();
    std::fs::write(root.join("templates/section.html"), "{{ section.title }}").unwrap();
    std::fs::write(
        root.join("templates/page.html"),
        "{{ page.title }} {{ config.extra.office_address }}",
    )
    .unwrap();
    std::fs::write(
        root.join("content/_index.md"),
        "+++\ntitle = \"首页\"\n+++\n",
    )
    .unwrap();
    std::fs::write(
        root.join("content/notes/_index.md"),
        "+++\ntitle = \"通知\"\n+++\n",
    )
    .unwrap();
    for i in 0..n {
        std::fs::write(
            root.join(format!("content/notes/n{i:03}.md")),
            format!("+++\ntitle = \"通知{i}\"\n+++\n正文。\n"),
        )
        .unwrap();
    }
    site
}

#[test]
fn one_mistake_on_300_pages_is_reported_once_with_the_count() {
    let site = site_with_template_error(300);
    for cmd in ["build", "check"] {
        let out = site.pufa().arg(cmd).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{stderr}");
        assert_eq!(
            stderr.matches("office_address").count(),
            1,
            "{cmd}: printed once: {stderr}"
        );
        assert!(
            stderr.contains(
                "同样的问题共 300 处，在 300 个文件中：content/notes/n000.md、content/notes/n001.md、content/notes/n002.md、content/notes/n003.md、content/notes/n004.md 等"
            ),
            "{cmd}: {stderr}"
        );
        assert!(
            stderr.trim_end().ends_with("300 个错误，0 个警告"),
            "{stderr}"
        );
        assert!(stderr.lines().count() < 20, "{cmd}: {stderr}");
    }
    // Three are few enough to list one by one.
    let few = site_with_template_error(3);
    let out = few.pufa().arg("build").output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.matches("office_address").count(), 3, "{stderr}");
    assert!(!stderr.contains("同样的问题"), "{stderr}");
}
