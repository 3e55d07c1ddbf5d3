//! `pufa check` on fixture sites under `tests/sites/check-*`: every finding at its
//! `file:line:col`, the exit code, and the JSON report for tools.

use std::path::PathBuf;
use std::process::{Command, Output};

fn site(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/sites")
        .join(name)
}

fn check(name: &str, extra: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_pufa"))
        .arg("--root")
        .arg(site(name))
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
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    for dir in ["templates", "content/notices"] {
        std::fs::create_dir_all(root.join(dir)).unwrap();
    }
    let fixture = site("check-clean");
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
    let out = Command::new(env!("CARGO_BIN_EXE_pufa"))
        .arg("--root")
        .arg(root)
        .arg("check")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert_eq!(
        finding_lines(&stderr),
        ["content/notices/a.md:3:1: 警告: 文章日期 2099-01-01 还没到，却不是草稿"]
    );
}
