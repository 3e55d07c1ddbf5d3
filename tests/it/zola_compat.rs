//! pufa against Zola 0.22.1's own output.
//!
//! Each site under `tests/sites/` that has an `expected/` folder was built with Zola 0.22.1
//! (`zola build -o expected`); pufa must produce the same set of files, and each HTML/XML file
//! must be equal after whitespace and entity normalisation. Known, intentional differences are
//! listed in the site's `expected.diff-ok` file (one `path: reason` a line) and documented in
//! the README.

use crate::common::*;

fn compare_site(name: &str) {
    let site = sites_dir().join(name);
    let expected_dir = site.join("expected");
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let o = build(&site, &out, &[]);
    assert!(
        o.status.success(),
        "pufa build failed for {name}:\n{}",
        stderr(&o)
    );

    let allowed: Vec<String> = std::fs::read_to_string(site.join("expected.diff-ok"))
        .unwrap_or_default()
        .lines()
        .filter_map(|l| l.split_once(':').map(|(p, _)| p.trim().to_string()))
        .collect();
    let expected = read_tree(&expected_dir);
    let got = read_tree(&out);
    let missing: Vec<&String> = expected.keys().filter(|k| !got.contains_key(*k)).collect();
    let extra: Vec<&String> = got.keys().filter(|k| !expected.contains_key(*k)).collect();
    assert!(
        missing.is_empty(),
        "{name}: files Zola writes but pufa does not: {missing:?}"
    );
    assert!(
        extra.is_empty(),
        "{name}: files pufa writes but Zola does not: {extra:?}"
    );

    let mut failures = Vec::new();
    for (path, want) in &expected {
        if allowed.contains(path) {
            continue;
        }
        let have = &got[path];
        let textual = [".html", ".xml", ".txt", ".css", ".json", ".js"]
            .iter()
            .any(|e| path.ends_with(e));
        if textual {
            let (w, h) = (
                normalise(&String::from_utf8_lossy(want)),
                normalise(&String::from_utf8_lossy(have)),
            );
            if w != h {
                failures.push(format!("{path}: {}", first_difference(&w, &h)));
            }
        } else if want != have {
            failures.push(format!("{path}: bytes differ"));
        }
    }
    assert!(
        failures.is_empty(),
        "{name}: {} file(s) differ from Zola:\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

#[test]
fn zola_basic_site_matches_zola() {
    compare_site("zola-basic");
}

// Sites from issue 12: real Zola sites that pufa built differently. Each `expected/` is Zola
// 0.22.1's own output for the fixture (`zola build`, on a copy of the site).

#[test]
fn page_assets_keep_a_parent_folder_named_content() {
    compare_site("zola-assets");
}

#[test]
fn language_root_without_its_own_index_file() {
    compare_site("zola-lang-root");
}

#[test]
fn get_page_and_get_section_take_translation_paths() {
    compare_site("zola-translations");
}

#[test]
fn search_index_as_zola_writes_it() {
    compare_site("zola-search-index");
}

#[test]
fn class_highlighting_writes_the_stylesheets_zola_names() {
    compare_site("zola-class-highlight");
}

#[test]
fn empty_paragraph_after_a_link_reference_definition() {
    compare_site("zola-empty-paragraph");
}

/// A form feed is white space to Markdown, as in Zola: a line of only a form feed continues
/// the paragraph (blog.rust-lang.org's 2017 survey post ends with one).
#[test]
fn form_feed_is_white_space_not_a_paragraph_break() {
    compare_site("zola-form-feed");
}

#[test]
fn extra_grammars_and_themes_in_json() {
    compare_site("zola-extra-grammars");
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let o = build(&sites_dir().join("zola-extra-grammars"), &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let page = std::fs::read_to_string(out.join("p/index.html")).unwrap();
    // The grammar is used (Zola: `data-lang="mylang"`, the keyword and string classed) ...
    assert!(page.contains("<code data-lang=\"mylang\">"), "{page}");
    assert!(
        page.contains("z-keyword z-control z-mylang\">let</span>"),
        "{page}"
    );
    assert!(page.contains("z-string z-quoted"), "{page}");
    // ... and the theme's colours are in the stylesheet.
    let css = std::fs::read_to_string(out.join("giallo.css")).unwrap();
    assert!(css.contains("background-color: #101010"), "{css}");
    assert!(css.contains("#ff0000"), "{css}");
}

/// Every file's text, lower-cased, for "is this word anywhere in the site".
fn all_text(dir: &std::path::Path) -> String {
    read_tree(dir)
        .into_iter()
        .map(|(k, v)| format!("{k}\n{}\n", String::from_utf8_lossy(&v)))
        .collect::<String>()
        .to_lowercase()
}

#[test]
fn a_draft_section_hides_its_subsections_and_their_pages_everywhere() {
    compare_site("zola-draft-section");
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let o = build(&sites_dir().join("zola-draft-section"), &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = all_text(&out);
    for word in ["secret", "hidden", "deeper"] {
        assert!(
            !text.contains(word),
            "`{word}` is published somewhere (page, sitemap, feed, search index or taxonomy)"
        );
    }
    assert!(!out.join("secret").exists());
    // With --drafts they are all there.
    let out2 = tmp.path().join("drafts");
    let o = build(
        &sites_dir().join("zola-draft-section"),
        &out2,
        &["--drafts"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    for f in [
        "secret/index.html",
        "secret/sub/index.html",
        "secret/sub/p/index.html",
        "secret/sub/deeper/d/index.html",
        "tags/hidden/index.html",
    ] {
        assert!(out2.join(f).is_file(), "{f} with --drafts");
    }
}

#[test]
fn a_missing_macro_import_is_an_error_at_its_line_not_a_crash() {
    let site = sites_dir().join("zola-import-missing");
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let o = build(&site, &out, &[]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        !err.contains("panicked") && !err.contains("RUST_BACKTRACE"),
        "{err}"
    );
    assert!(
        err.contains("templates/index.html:1:4: error: template `index.html` loads macros from `macros/missing.html`, which isn't present"),
        "{err}"
    );
    assert!(!out.exists(), "a failed build writes nothing");
}

/// The processed image's file name differs from Zola's (pufa hashes with SHA-256, Zola with
/// Rust's `DefaultHasher`); everything else, and the set of files, is Zola's.
#[test]
fn processed_images_leftovers_are_not_published() {
    let site = sites_dir().join("zola-processed-images");
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let o = build(&site, &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let shape = |name: &str| -> String {
        // `processed_images/pic.<16 hex>.png` → `processed_images/pic.*.png`
        match name.strip_prefix("processed_images/") {
            Some(rest) if !rest.contains('/') => {
                let parts: Vec<&str> = rest.split('.').collect();
                if parts.len() == 3 && parts[1].len() == 16 {
                    format!("processed_images/{}.*.{}", parts[0], parts[2])
                } else {
                    name.to_string()
                }
            }
            _ => name.to_string(),
        }
    };
    let expected = read_tree(&site.join("expected"));
    let got = read_tree(&out);
    let want: Vec<String> = expected.keys().map(|k| shape(k)).collect();
    let have: Vec<String> = got.keys().map(|k| shape(k)).collect();
    assert_eq!(have, want);
    assert!(
        !got.keys().any(|k| k.contains("0123456789abcdef")),
        "the stale image in static/processed_images/ is not published"
    );
    let png = got
        .iter()
        .find(|(k, _)| k.starts_with("processed_images/pic."))
        .unwrap();
    let img = image::load_from_memory(png.1).unwrap();
    assert_eq!((img.width(), img.height()), (20, 10));
    let page = String::from_utf8_lossy(&got["p/index.html"]).into_owned();
    assert!(page.contains("width=\"20\" height=\"10\""), "{page}");
}

fn build_threads(
    site: &std::path::Path,
    out: &std::path::Path,
    threads: &str,
) -> std::process::Output {
    pufa()
        .env("RAYON_NUM_THREADS", threads)
        .env("PUFA_TODAY", "2026-03-01")
        .arg("--root")
        .arg(site)
        .arg("build")
        .arg("-o")
        .arg(out)
        .output()
        .expect("run pufa")
}

#[test]
fn two_outputs_at_one_path_are_an_error_naming_both_at_any_thread_count() {
    let site = sites_dir().join("zola-section-taxonomy");
    let tmp = tempfile::tempdir().unwrap();
    let mut messages = Vec::new();
    for threads in ["1", "2", "16"] {
        let out = tmp.path().join(format!("out-{threads}"));
        let o = build_threads(&site, &out, threads);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(1), "{threads} threads: {err}");
        assert!(
            err.contains("two outputs at one path `tags/index.html`: content/tags/_index.md, and the taxonomy `tags` of config.toml"),
            "{err}"
        );
        assert!(!out.exists(), "nothing is written");
        // Progress lines (a slow machine) aside, the report is the same every time.
        let report: Vec<&str> = err.lines().filter(|l| !l.starts_with("… ")).collect();
        messages.push(report.join("\n"));
    }
    assert!(messages.windows(2).all(|w| w[0] == w[1]), "{messages:?}");
}

#[test]
fn the_demo_site_is_the_same_at_1_2_and_16_threads() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let tmp = tempfile::tempdir().unwrap();
    let mut trees = Vec::new();
    for threads in ["1", "2", "16"] {
        let out = tmp.path().join(format!("out-{threads}"));
        let o = build_threads(root, &out, threads);
        assert!(o.status.success(), "{threads} threads: {}", stderr(&o));
        trees.push((threads, read_tree(&out)));
    }
    let (_, first) = &trees[0];
    assert!(first.contains_key("activities/index.html"));
    assert!(first.contains_key("campaigns/index.html"));
    for (threads, tree) in &trees[1..] {
        assert_eq!(
            tree.keys().collect::<Vec<_>>(),
            first.keys().collect::<Vec<_>>(),
            "{threads} threads: other files"
        );
        for (k, v) in tree {
            assert!(first[k] == *v, "{threads} threads: {k} differs");
        }
    }
}

/// `pufa init` makes a law library at `content/laws/` and a campaign section at
/// `content/campaigns/`: its taxonomies must not be named like them, or a tagged article puts
/// a term page where the law (or the campaign list) is.
#[test]
fn init_site_taxonomies_never_collide_with_its_sections() {
    let site = SiteTest::init();
    // What `pufa laws import 民法典` makes, and an article citing it in every taxonomy.
    std::fs::create_dir_all(site.join("content/laws/min-fa-dian")).unwrap();
    std::fs::write(
        site.join("content/laws/min-fa-dian/_index.md"),
        "+++\ntitle = \"中华人民共和国民法典\"\ntemplate = \"law.html\"\n+++\n",
    )
    .unwrap();
    let new = pufa()
        .arg("--root")
        .arg(&site)
        .args(["new", "case", "cases/jie-dai"])
        .output()
        .unwrap();
    assert!(new.status.success(), "{}", stderr(&new));
    let case = site.join("content/cases/jie-dai.md");
    let text = std::fs::read_to_string(&case).unwrap();
    assert!(text.contains("statutes = []"), "{text}");
    let text = text
        .replace("draft = true\n", "")
        .replace("statutes = []", "statutes = [\"民法典\"]")
        .replace("topics = []", "topics = [\"民间借贷\"]")
        .replace(
            "[taxonomies]",
            "[taxonomies]\nactivities = [\"民法典宣传月\"]",
        );
    std::fs::write(&case, text).unwrap();
    let out = site.tmp().join("public");
    let o = build(&site, &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    for f in [
        "laws/min-fa-dian/index.html",
        "statutes/min-fa-dian/index.html",
        "campaigns/index.html",
        "activities/index.html",
    ] {
        assert!(out.join(f).is_file(), "{f}");
    }
    let law = std::fs::read_to_string(out.join("laws/min-fa-dian/index.html")).unwrap();
    assert!(law.contains("中华人民共和国民法典"));

    // The old names collide: an error naming both, nothing written.
    let config = std::fs::read_to_string(site.join("config.toml")).unwrap();
    std::fs::write(
        site.join("config.toml"),
        config.replace("name = \"statutes\"", "name = \"laws\""),
    )
    .unwrap();
    let case_text = std::fs::read_to_string(&case).unwrap();
    std::fs::write(&case, case_text.replace("statutes = ", "laws = ")).unwrap();
    let out2 = site.tmp().join("public2");
    let o = build(&site, &out2, &[]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("laws/min-fa-dian/index.html"), "{err}");
    assert!(err.contains("content/laws/min-fa-dian/_index.md"), "{err}");
    assert!(err.contains("`laws`"), "{err}");
    assert!(!out2.exists());
}
