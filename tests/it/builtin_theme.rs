//! The default theme built into pufa (issue 14): a site that says `theme = "pufa"` and has no
//! `themes/pufa` folder (made by hand, or copied without it) builds with the copy compiled
//! into the binary, exactly as if the folder were there; a site's own `themes/pufa` wins; a
//! site with no theme and no templates gets the built-in theme too.
//!
//! Every run points `PUFA_CACHE_DIR` at a fresh folder, so the built-in files are written
//! anew and nothing lands in the user's cache.

use crate::common::http::{get, wait_for};
use crate::common::*;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::Duration;

const NOTE_ZH: &str = "使用 pufa 自带的默认主题";
const NOTE_EN: &str = "using the default theme built into pufa";

/// A copy of fixture site `name`, without any `themes` folder.
fn fixture(name: &str) -> SiteTest {
    let site = SiteTest::fixture(name);
    assert!(!site.join("themes").exists());
    site
}

/// `pufa --root SITE ARGS…` with the cache in `cache`.
fn run(site: &SiteTest, cache: &Path, args: &[&str]) -> Output {
    site.pufa()
        .env("PUFA_CACHE_DIR", cache)
        .args(args)
        .output()
        .expect("run pufa")
}

/// Builds `site` into `site/public`; asserts exit 0 and no error or warning.
fn build_clean(site: &SiteTest, cache: &Path) -> (PathBuf, String) {
    let out = site.join("public");
    let o = run(site, cache, &["build", "-o", out.to_str().unwrap()]);
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    let last = err.lines().last().unwrap_or_default();
    assert!(
        last.ends_with(" 0 warnings") || last.ends_with("0 个警告"),
        "{err}"
    );
    assert!(!err.contains("警告:") && !err.contains("warning:"), "{err}");
    (out, err)
}

#[test]
fn a_bare_site_without_themes_folder_builds_with_the_builtin_theme() {
    let site = fixture("bare-cases");
    let cache = site.tmp().join("cache");
    let (out, err) = build_clean(&site, &cache);
    // Said once, as a note.
    assert_eq!(err.matches(NOTE_ZH).count(), 1, "{err}");
    // The theme's static files are copied, and the pages link its stylesheet.
    let css = std::fs::read(out.join("pufa.css")).unwrap();
    assert_eq!(
        css,
        std::fs::read(repo_theme().join("static/pufa.css")).unwrap()
    );
    assert!(out.join("pufa.js").is_file());
    assert!(out.join("images/logo.svg").is_file());
    let home = read(&out, "index.html");
    assert!(
        home.contains("href=\"https://example.cn/pufa.css\""),
        "{home}"
    );
    assert!(home.contains("高空抛物砸伤路人，谁来赔？"), "{home}");
    // A case article in the theme's case layout.
    let case = read(&out, "cases/gao-kong/index.html");
    assert!(
        case.contains("<body class=\"kind-case\" id=\"top\">"),
        "{case}"
    );
    assert!(
        case.contains("<article class=\"article article-case\""),
        "{case}"
    );
    assert!(case.contains("href=\"https://example.cn/pufa.css\""));
    // Nothing was written into the site but its output.
    assert!(!site.join("themes").exists());
}

#[test]
fn the_builtin_theme_gives_the_same_bytes_as_a_copied_theme_folder() {
    let bare = fixture("bare-no-extra");
    let cache = bare.tmp().join("cache");
    let copied = fixture("bare-no-extra").with_theme();
    let (out_bare, err_bare) = build_clean(&bare, &cache);
    let (out_copied, err_copied) = build_clean(&copied, &cache);
    assert!(err_bare.contains(NOTE_ZH), "{err_bare}");
    assert!(!err_copied.contains(NOTE_ZH), "{err_copied}");
    let a = read_tree(&out_bare);
    let b = read_tree(&out_copied);
    assert!(a.len() > 10, "{:?}", a.keys());
    assert_eq!(
        a.keys().collect::<Vec<_>>(),
        b.keys().collect::<Vec<_>>(),
        "same files"
    );
    for (rel, bytes) in &a {
        assert!(bytes == &b[rel], "{rel} differs");
    }
}

#[test]
fn a_site_with_its_own_themes_pufa_uses_its_own() {
    let site = fixture("bare-cases");
    let cache = site.tmp().join("cache");
    let theme = site.join("themes/pufa");
    // An empty folder (made by hand, or an unfetched Git submodule) is no theme.
    std::fs::create_dir_all(&theme).unwrap();
    let (_, err) = build_clean(&site, &site.tmp().join("cache-empty"));
    assert!(err.contains(NOTE_ZH), "{err}");
    let site = site.with_theme();
    let page = theme.join("templates/page.html");
    let text = std::fs::read_to_string(&page).unwrap();
    assert!(text.contains("{% block title %}"));
    std::fs::write(
        &page,
        text.replacen(
            "{% block title %}",
            "{% block title %}本镇自改的文章模板 ",
            1,
        ),
    )
    .unwrap();
    std::fs::write(theme.join("static/pufa.css"), "body{color:#123456}").unwrap();
    let (out, err) = build_clean(&site, &cache);
    assert!(!err.contains(NOTE_ZH), "{err}");
    assert_eq!(read(&out, "pufa.css"), "body{color:#123456}");
    let case = read(&out, "cases/gao-kong/index.html");
    assert!(case.contains("本镇自改的文章模板"), "{case}");
    // The built-in theme was never needed.
    assert!(!cache.exists());
}

#[test]
fn check_works_on_a_bare_site() {
    let site = fixture("bare-qa");
    let cache = site.tmp().join("cache");
    let o = run(&site, &cache, &["check"]);
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    assert_eq!(err.trim(), "0 个错误，0 个警告");
    // And a broken link in it is still found (the check really rendered the site).
    let qa = std::fs::read_dir(site.join("content/qa"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| p.file_name().unwrap() != "_index.md")
        .unwrap();
    let mut text = std::fs::read_to_string(&qa).unwrap();
    text.push_str("\n[另见](@/qa/no-such-page.md)\n");
    std::fs::write(&qa, text).unwrap();
    let o = run(&site, &cache, &["check"]);
    let err = stderr(&o);
    assert!(!o.status.success(), "{err}");
    assert!(err.contains("no-such-page.md"), "{err}");
}

#[test]
fn a_site_with_no_theme_and_no_templates_gets_the_builtin_theme() {
    let named = fixture("bare-qa");
    let cache = named.tmp().join("cache");
    let unnamed = fixture("bare-qa");
    let config = std::fs::read_to_string(unnamed.join("config.toml")).unwrap();
    assert!(config.contains("theme = \"pufa\""));
    std::fs::write(
        unnamed.join("config.toml"),
        config.replace("theme = \"pufa\"", ""),
    )
    .unwrap();
    let (out_named, _) = build_clean(&named, &cache);
    let (out_unnamed, err) = build_clean(&unnamed, &cache);
    assert!(err.contains("config.toml 没有写 theme"), "{err}");
    assert!(err.contains(NOTE_ZH), "{err}");
    assert_eq!(read_tree(&out_named), read_tree(&out_unnamed));

    // With templates of its own, a site without a theme is left as Zola leaves it.
    write(&unnamed.join("templates/index.html"), "<p>自己的首页</p>");
    let (out, err) = build_clean(&unnamed, &cache);
    assert!(!err.contains(NOTE_ZH), "{err}");
    assert_eq!(read(&out, "index.html"), "<p>自己的首页</p>");
    assert!(!out.join("pufa.css").exists());
}

#[test]
fn another_missing_theme_is_an_error_that_names_the_builtin_one() {
    let site = fixture("bare-qa");
    let cache = site.tmp().join("cache");
    let config = std::fs::read_to_string(site.join("config.toml")).unwrap();
    std::fs::write(
        site.join("config.toml"),
        config.replace("theme = \"pufa\"", "theme = \"even\""),
    )
    .unwrap();
    let o = run(&site, &cache, &["build", "-o", "public"]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("找不到主题 `even`"), "{err}");
    assert!(err.contains("theme = \"pufa\""), "{err}");
}

/// Site templates can read the built-in theme's static files as they would a theme folder's
/// (`get_url` with `cachebust`, `get_hash`), though they lie outside the site folder; and
/// a path that climbs out of the theme's `static/` is still refused.
#[test]
fn site_templates_find_the_builtin_themes_static_files() {
    let site = fixture("bare-qa");
    let cache = site.tmp().join("cache");
    write(
        &site.join("templates/page.html"),
        "{% extends \"pufa/templates/page.html\" %}{% block title %}{{ get_url(path=\"pufa.css\", cachebust=true) }} {{ get_hash(path=\"pufa.css\", sha_type=256, base64=false) }}{% endblock %}",
    );
    let (out, _) = build_clean(&site, &cache);
    let page = std::fs::read_dir(out.join("qa"))
        .unwrap()
        .flatten()
        .find(|e| e.path().is_dir())
        .map(|e| read(&e.path(), "index.html"))
        .unwrap();
    use sha2::Digest;
    let hash = sha2::Sha256::digest(std::fs::read(repo_theme().join("static/pufa.css")).unwrap());
    let hex: String = hash.iter().map(|b| format!("{b:02x}")).collect();
    assert!(page.contains(&hex), "{page}");
    assert!(
        page.contains("https://example.cn/town/pufa.css?h="),
        "{page}"
    );

    write(
        &site.join("templates/page.html"),
        "{{ get_hash(path=\"../theme.toml\") }}",
    );
    let o = run(&site, &cache, &["build", "-o", "public"]);
    let err = stderr(&o);
    assert!(!o.status.success(), "{err}");
    assert!(err.contains("文件必须在网站文件夹内"), "{err}");
}

/// A cache folder changed by hand is not used, and not deleted: pufa writes a fresh one.
#[test]
fn a_changed_cache_folder_is_left_alone() {
    let site = fixture("bare-cases");
    let cache = site.tmp().join("cache");
    build_clean(&site, &cache);
    let dirs: Vec<PathBuf> = std::fs::read_dir(&cache)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    assert_eq!(dirs.len(), 1, "{dirs:?}");
    let css = dirs[0].join("static/pufa.css");
    std::fs::write(&css, "body{color:red}").unwrap();
    let (out, _) = build_clean(&site, &cache);
    assert_eq!(
        std::fs::read(out.join("pufa.css")).unwrap(),
        std::fs::read(repo_theme().join("static/pufa.css")).unwrap()
    );
    assert_eq!(std::fs::read_to_string(&css).unwrap(), "body{color:red}");
    let mut names: Vec<String> = std::fs::read_dir(&cache)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names.len(), 2, "{names:?}");
    assert!(names[1].ends_with("-1"), "{names:?}");
}

// ---- `pufa serve` on a bare site ----

#[test]
fn serve_works_with_the_builtin_theme_and_sees_edits() {
    let site = fixture("bare-cases");
    let cache = site.tmp().join("cache");
    let server = site.serve(&[], &[("PUFA_CACHE_DIR", cache.to_str().unwrap())]);
    let port = server.port;
    let home = wait_for(port, "/", Duration::from_secs(120), |s, _| s == 200);
    assert!(home.contains("/pufa.css\""), "{home}");
    let (status, css) = get(port, "/pufa.css");
    assert_eq!(status, 200);
    assert_eq!(
        css.as_bytes(),
        std::fs::read(repo_theme().join("static/pufa.css")).unwrap()
    );
    // Edits are still seen (the watcher does not need a themes folder).
    let page = site.join("content/cases/gao-kong.md");
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(&page, format!("{text}\n\n预览里看得到这句新加的话。\n")).unwrap();
    wait_for(port, "/cases/gao-kong/", Duration::from_secs(60), |_, b| {
        b.contains("预览里看得到这句新加的话")
    });
    let log = std::fs::read_to_string(&server.log).unwrap();
    assert_eq!(log.matches(NOTE_EN).count(), 1, "{log}");
    assert!(!site.join("themes").exists());
}

/// When the built-in theme cannot be written out, the build stops with an error that says
/// why and what to do, and writes nothing.
#[test]
fn an_unwritable_cache_is_a_clear_error() {
    let site = fixture("bare-qa");
    let not_a_folder = site.tmp().join("cache");
    std::fs::write(&not_a_folder, "a file, not a folder").unwrap();
    let o = run(&site, &not_a_folder, &["build", "-o", "public"]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("无法使用 pufa 自带的默认主题"), "{err}");
    assert!(err.contains("PUFA_CACHE_DIR"), "{err}");
    assert!(
        !err.contains("网站没有 themes/pufa 文件夹"),
        "no note about a theme that is not used: {err}"
    );
    assert!(!site.join("public").exists());
}
