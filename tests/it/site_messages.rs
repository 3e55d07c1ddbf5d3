//! Messages in the site's language, naming the right files, said once.

use crate::common::*;
use std::path::Path;

fn run(root: &Path, lang: Option<&str>) -> std::process::Output {
    let mut c = pufa();
    c.env_remove("PUFA_LANG");
    if let Some(l) = lang {
        c.env("PUFA_LANG", l);
    }
    c.arg("--root")
        .arg(root)
        .arg("build")
        .arg("-o")
        .arg(root.join("out"))
        .output()
        .unwrap()
}

#[test]
fn an_english_site_gets_english_messages_even_for_config_errors() {
    let s = SiteTest::with_files(&[
        (
            "config.toml",
            "base_url = \"https://x.org\"\nthme = \"x\"\n",
        ),
        ("templates/index.html", "I"),
    ]);
    let o = run(s.root(), None);
    let err = stderr(&o);
    assert!(err.contains("warning") || err.contains("error"), "{err}");
    assert!(
        !err.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
        "no Chinese on an English site: {err}"
    );
    // PUFA_LANG chooses.
    let o = run(s.root(), Some("zh"));
    let err = stderr(&o);
    assert!(err.contains("警告") || err.contains("错误"), "{err}");
    // A Chinese site speaks Chinese, also when building succeeded.
    let zh = SiteTest::with_files(&[
        (
            "config.toml",
            "base_url = \"https://x.org\"\ndefault_language = \"zh\"\n",
        ),
        ("templates/index.html", "I"),
    ]);
    let o = run(zh.root(), None);
    assert!(o.status.success());
    assert!(stderr(&o).contains("完成"), "{}", stderr(&o));
    let o = run(zh.root(), Some("en"));
    assert!(stderr(&o).contains("done:"), "{}", stderr(&o));
}

#[test]
fn diagnostics_about_the_config_name_zola_toml_when_that_is_the_file() {
    let s = SiteTest::with_files(&[
        (
            "zola.toml",
            "base_url = \"https://x.org\"\n[markdown.highlighting]\ntheme = \"github-dark\"\nextra_grammars = [\"missing.json\"]\n",
        ),
        ("templates/index.html", "I"),
    ]);
    let o = run(s.root(), None);
    let err = stderr(&o);
    assert!(err.contains("zola.toml"), "{err}");
    assert!(!err.contains("config.toml"), "{err}");
}

#[test]
fn updated_under_extra_is_warned_once_or_not_when_templates_read_it() {
    let page = |n: usize| {
        (
            format!("content/p{n}.md"),
            "+++\ntitle = \"P\"\n[extra]\nupdated = 2024-01-01\n+++\n".to_string(),
        )
    };
    let pages: Vec<(String, String)> = (0..5).map(page).collect();
    let mut files: Vec<(&str, &str)> = pages
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    files.push(("config.toml", "base_url = \"https://x.org\"\n"));
    files.push(("templates/index.html", "I"));
    files.push(("templates/page.html", "{{ page.title }}"));
    let s = SiteTest::with_files(&files);
    let o = run(s.root(), None);
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    assert_eq!(err.matches("is under [extra]").count(), 1, "{err}");
    assert!(err.contains("(and in 4 more files)"), "{err}");

    std::fs::write(
        s.root().join("templates/page.html"),
        "{{ page.title }} {{ page.extra.updated }}",
    )
    .unwrap();
    let o = run(s.root(), None);
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    assert!(!err.contains("is under [extra]"), "{err}");
}

#[test]
fn a_grammar_that_did_not_load_is_named_with_the_reason() {
    let s = SiteTest::with_files(&[
        (
            "config.toml",
            "base_url = \"https://x.org\"\n[markdown.highlighting]\ntheme = \"github-dark\"\nextra_grammars = [\"mylang.json\"]\n",
        ),
        ("mylang.json", "{ \"name\": \"mylang\", \"patterns\": [ }"),
        ("templates/index.html", "I"),
        ("templates/page.html", "{{ page.content | safe }}"),
        ("content/p.md", "+++\ntitle = \"P\"\n+++\n```mylang\nx\n```\n"),
    ]);
    let o = run(s.root(), None);
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    assert!(
        err.contains("config.toml: warning: the extra grammar or theme `mylang.json` was not loaded: not a JSON TextMate grammar"),
        "{err}"
    );
    assert!(
        err.contains("Language `mylang` not found for syntax highlighting (the extra grammar `mylang.json` was not loaded: not a JSON TextMate grammar"),
        "{err}"
    );
}

#[test]
fn a_static_file_may_replace_a_default_file_but_not_a_page() {
    let s = SiteTest::with_files(&[
        ("config.toml", "base_url = \"https://x.org\"\n"),
        ("templates/index.html", "I"),
        ("templates/page.html", "PAGE"),
        ("static/robots.txt", "MINE\n"),
        ("content/a.md", "+++\ntitle = \"A\"\n+++\n"),
    ]);
    let o = run(s.root(), None);
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    assert!(
        err.contains("static/robots.txt: warning: static/robots.txt replaces the robots.txt pufa makes by default"),
        "{err}"
    );
    assert_eq!(
        std::fs::read_to_string(s.root().join("out/robots.txt")).unwrap(),
        "MINE\n"
    );

    std::fs::create_dir_all(s.root().join("static/a")).unwrap();
    std::fs::write(s.root().join("static/a/index.html"), "STATIC").unwrap();
    let o = run(s.root(), None);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("two outputs at one path `a/index.html`: content/a.md, and the file `a/index.html` of static/ (or sass/)"),
        "{err}"
    );
}
