//! Pages that will not be published are named, counted, and left out of the sitemap; the
//! sitemap lists only files that exist (fixture `tests/sites/unpublished`, and `pufa init`).

use std::path::{Path, PathBuf};
use std::process::Output;

use crate::common::SiteTest;

fn pufa(root: &Path, args: &[&str]) -> Output {
    crate::common::pufa()
        .arg("--root")
        .arg(root)
        .args(args)
        .output()
        .expect("run pufa")
}

fn fixture() -> PathBuf {
    crate::common::sites_dir().join("unpublished")
}

/// Every `<loc>` of the sitemap names a file of the output folder `out` under `base`.
fn assert_sitemap_lists_only_written_files(out: &Path, base: &str) -> Vec<String> {
    let sitemap = std::fs::read_to_string(out.join("sitemap.xml")).unwrap();
    let mut locs = Vec::new();
    for part in sitemap.split("<loc>").skip(1) {
        let loc = part.split("</loc>").next().unwrap().trim().to_string();
        let rel = loc.strip_prefix(base).expect("under base_url");
        let file = if rel.is_empty() || rel.ends_with('/') {
            out.join(rel).join("index.html")
        } else {
            out.join(rel)
        };
        assert!(
            file.is_file(),
            "sitemap lists {loc} but {file:?} was not written"
        );
        locs.push(rel.to_string());
    }
    locs
}

const EXPECTED: [&str; 6] = [
    "  content/about.md：content/_index.md 按 date 排序（sort_by = \"date\"），这篇文章没有 date，不会生成页面；请在头部加上 date",
    "  content/hidden.md：头部写了 render = false，不生成页面",
    "  content/news/b.md：content/news/_index.md 按 weight 排序（sort_by = \"weight\"），这篇文章没有 weight，不会生成页面；请在头部加上 weight",
    "  content/news/draft.md：草稿（draft = true）；写好后删除这一行即可发布",
    "  content/old/_index.md：栏目是草稿（draft = true），其中的文章都不发布",
    "  content/old/x.md：所在栏目 content/old/_index.md 是草稿（draft = true）",
];

#[test]
fn build_names_every_page_it_does_not_publish_and_the_sitemap_only_what_it_wrote() {
    let tmp = tempfile::tempdir().unwrap();
    let out_dir = tmp.path().join("out");
    let out = pufa(&fixture(), &["build", "-o", out_dir.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let listed: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with("  content/"))
        .collect();
    assert_eq!(listed, EXPECTED, "{stderr}");
    let summary = stderr.lines().last().unwrap();
    assert!(summary.starts_with("完成：2 篇文章，"), "{summary}");
    assert!(
        summary.ends_with("0 个警告，6 篇文章未发布：content/about.md、content/hidden.md、content/news/b.md、content/news/draft.md、content/old/_index.md 等"),
        "{summary}"
    );
    let locs = assert_sitemap_lists_only_written_files(&out_dir, "https://example.gov.cn/");
    // `topics` has no terms: no page, not in the sitemap.
    assert_eq!(
        locs,
        ["", "news/", "news/a/", "ok/", "tags/", "tags/fan-zha/"]
    );
    for gone in [
        "about",
        "hidden",
        "news/b",
        "news/draft",
        "old",
        "old/x",
        "topics",
    ] {
        assert!(!out_dir.join(gone).exists(), "{gone} was not to be written");
    }
}

#[test]
fn check_lists_them_too_in_text_and_json() {
    let out = pufa(&fixture(), &["check"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let listed: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with("  content/"))
        .collect();
    assert_eq!(listed, EXPECTED, "{stderr}");
    assert!(
        stderr.trim_end().ends_with("0 个错误，0 个警告，6 篇文章未发布：content/about.md、content/hidden.md、content/news/b.md、content/news/draft.md、content/old/_index.md 等"),
        "{stderr}"
    );
    let json = pufa(&fixture(), &["check", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let unpublished: Vec<&str> = report
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["severity"] == "unpublished")
        .map(|d| d["path"].as_str().unwrap())
        .collect();
    assert_eq!(
        unpublished,
        [
            "content/about.md",
            "content/hidden.md",
            "content/news/b.md",
            "content/news/draft.md",
            "content/old/_index.md",
            "content/old/x.md"
        ]
    );
}

#[test]
fn a_new_site_publishes_its_footer_pages_and_its_sitemap_lists_only_real_files() {
    let site = SiteTest::init();
    let out = pufa(&site, &["build"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let public = site.join("public");
    for page in ["map", "accessibility", "search"] {
        assert!(
            public.join(page).join("index.html").is_file(),
            "{page}/ is linked from every page's footer: {stderr}"
        );
        assert!(
            !stderr.contains(&format!("content/{page}.md：")),
            "{stderr}"
        );
    }
    let config = std::fs::read_to_string(site.join("config.toml")).unwrap();
    let base = config
        .lines()
        .find_map(|l| l.strip_prefix("base_url = \""))
        .unwrap()
        .trim_end_matches('"');
    let base = format!("{}/", base.trim_end_matches('/'));
    let locs = assert_sitemap_lists_only_written_files(&public, &base);
    assert!(locs.iter().any(|l| l == "map/"), "{locs:?}");
    assert!(!locs
        .iter()
        .any(|l| l.starts_with("topics/") || l.starts_with("audiences/")));
}

#[test]
fn the_sitemap_is_zolas_without_the_page_zola_lists_but_never_writes() {
    // tests/sites/zola-basic was built with Zola 0.22.1 into expected/. Zola's sitemap names
    // guanyu/ (about.md, no date under a root sorted by date) but Zola writes no such page;
    // pufa's sitemap is Zola's without that entry, and the page is named as unpublished.
    let site = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/sites/zola-basic");
    let tmp = tempfile::tempdir().unwrap();
    let out_dir = tmp.path().join("out");
    let out = pufa(&site, &["build", "-o", out_dir.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("  content/about.md：content/_index.md 按 date 排序"),
        "{stderr}"
    );
    assert!(!site.join("expected/guanyu").exists());
    let squash = |s: &str| s.split_whitespace().collect::<String>();
    let zola = squash(&std::fs::read_to_string(site.join("expected/sitemap.xml")).unwrap());
    let entry = "<url><loc>https://portal.example.gov.cn/town/pufa/guanyu/</loc></url>";
    assert!(zola.contains(entry));
    let ours = squash(&std::fs::read_to_string(out_dir.join("sitemap.xml")).unwrap());
    assert_eq!(ours, zola.replace(entry, ""));
    assert_sitemap_lists_only_written_files(&out_dir, "https://portal.example.gov.cn/town/pufa/");
}
