//! Tests of the source stage on generated `content/` folders: every hint, encodings, dates
//! from names, languages, bundles and assets, ignored files.

use std::path::{Path, PathBuf};

use super::*;
use crate::diagnostics::{Diagnostic, Severity};

struct Site {
    _dir: tempfile::TempDir,
    content: PathBuf,
}

fn site(files: &[(&str, &[u8])]) -> Site {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    for (rel, bytes) in files {
        let p = content.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
    }
    std::fs::create_dir_all(&content).unwrap();
    Site { _dir: dir, content }
}

/// What `load` gave: the sources, and the diagnostics it reported.
struct Loaded {
    sources: Sources,
    diagnostics: Vec<Diagnostic>,
}

impl std::ops::Deref for Loaded {
    type Target = Sources;

    fn deref(&self) -> &Sources {
        &self.sources
    }
}

/// [`super::load`], keeping its diagnostics beside the sources.
fn load(content: &Path, opts: &SourceOptions) -> Loaded {
    let mut diags = crate::diagnostics::Diagnostics::default();
    let sources = super::load(content, opts, &mut diags);
    Loaded {
        sources,
        diagnostics: diags.into_vec(),
    }
}

fn opts() -> SourceOptions {
    SourceOptions {
        default_language: "zh".into(),
        ..Default::default()
    }
}

/// Loads a site with one page `a.md` and returns its diagnostics.
fn diags_of(text: &str) -> Vec<Diagnostic> {
    let s = site(&[("a.md", text.as_bytes())]);
    load(&s.content, &opts()).diagnostics
}

fn one(text: &str) -> Diagnostic {
    let d = diags_of(text);
    assert_eq!(d.len(), 1, "{d:#?}");
    d.into_iter().next().unwrap()
}

fn hint_zh(d: &Diagnostic) -> &str {
    &d.hint.as_ref().expect("a hint").zh
}

#[test]
fn parses_page_with_all_fields() {
    let s = site(&[(
        "news/a.md",
        "+++\ntitle = \"民法典进社区\"\ndescription = \"d\"\ndate = 2024-05-01\nupdated = \"2024-05-02 10:00:00\"\nweight = 3\ndraft = true\nslug = \"mfd\"\naliases = [\"/old/\"]\nauthors = [\"司法所\"]\ntemplate = \"case.html\"\nin_search_index = false\nkind = \"以案释法\"\ncampaign = \"民法典宣传月\"\n[taxonomies]\ntags = [\"民法典\"]\n[extra]\nwhen = 2024-05-01T09:00:00+08:00\n+++\n\n正文第一行\n".as_bytes(),
    )]);
    let out = load(&s.content, &opts());
    assert!(out.diagnostics.is_empty(), "{:#?}", out.diagnostics);
    let p = &out.pages[0];
    let m = &p.meta;
    assert_eq!(m.title.as_deref(), Some("民法典进社区"));
    assert_eq!(m.date.as_deref(), Some("2024-05-01"));
    assert_eq!(m.datetime_tuple(), Some((2024, 5, 1)));
    assert_eq!(m.updated.as_deref(), Some("2024-05-02T10:00:00"));
    assert_eq!(m.weight, Some(3));
    assert!(m.draft && !m.in_search_index && m.render);
    assert_eq!(m.kind.as_deref(), Some("case"));
    assert_eq!(m.campaign.as_deref(), Some("民法典宣传月"));
    assert_eq!(m.taxonomies["tags"], ["民法典"]);
    assert_eq!(
        m.extra["when"],
        serde_json::json!("2024-05-01T09:00:00+08:00")
    );
    assert_eq!((p.body.as_str(), p.body_line), ("正文第一行\n", 21));
    assert_eq!(p.lang, "zh");
    assert_eq!(p.file.relative, "news/a.md");
}

#[test]
fn parses_section_with_defaults_and_fields() {
    let s = site(&[
        ("_index.md", b"+++\n+++\n"),
        (
            "news/_index.md",
            b"+++\ntitle = \"News\"\nsort_by = \"date\"\npaginate_by = 10\ntransparent = true\ninsert_anchor_links = \"left\"\ngenerate_feeds = true\npage_template = \"news-page.html\"\n+++\n",
        ),
    ]);
    let out = load(&s.content, &opts());
    assert!(out.diagnostics.is_empty(), "{:#?}", out.diagnostics);
    let root = &out.sections[0].meta;
    assert_eq!(
        (root.sort_by, root.paginate_path.as_str(), root.render),
        (SortBy::None, "page", true)
    );
    let news = &out.sections[1].meta;
    assert_eq!(news.sort_by, SortBy::Date);
    assert!(news.is_paginated() && news.transparent && news.generate_feeds);
    assert_eq!(news.insert_anchor_links, Some(InsertAnchor::Left));
    assert_eq!(news.page_template.as_deref(), Some("news-page.html"));
}

#[test]
fn yaml_front_matter() {
    let s = site(&[("a.md", b"---\ntitle: YAML\ndate: 2024-05-01\ntags_extra: 1\ntaxonomies:\n  tags: [a, b]\n---\nbody\n")]);
    let out = load(&s.content, &opts());
    let p = &out.pages[0];
    assert_eq!(p.meta.title.as_deref(), Some("YAML"));
    assert_eq!(p.meta.date.as_deref(), Some("2024-05-01"));
    assert_eq!(p.meta.taxonomies["tags"], ["a", "b"]);
    assert_eq!((p.body.as_str(), p.body_line), ("body\n", 8));
    // Unknown page key: a warning at its line, like Zola ignoring it.
    assert_eq!(out.diagnostics.len(), 1);
    assert_eq!(
        (out.diagnostics[0].line, out.diagnostics[0].severity),
        (4, Severity::Warning)
    );
}

#[test]
fn hint_full_width_equals() {
    let d = one("+++\ntitle ＝ \"普法\"\n+++\n");
    assert_eq!((d.line, d.col), (2, 7));
    assert!(hint_zh(&d).contains("＝ → ="), "{}", hint_zh(&d));
}

#[test]
fn hint_full_width_colon() {
    // In TOML the colon a Chinese keyboard types after a key stands for `=`, not `:`.
    let d = one("+++\ntitle： \"普法\"\n+++\n");
    assert_eq!((d.line, d.col), (2, 6));
    assert!(hint_zh(&d).contains("： → ="), "{}", hint_zh(&d));
    let d = one("+++\ntitle: \"普法\"\n+++\n");
    assert!(hint_zh(&d).contains("英文等号"), "{}", hint_zh(&d));
}

#[test]
fn hint_full_width_quotes() {
    let d = one("+++\ntitle = “普法”\n+++\n");
    assert_eq!((d.line, d.col), (2, 9));
    assert!(hint_zh(&d).contains("“ → \"") && hint_zh(&d).contains("” → \""));
}

#[test]
fn hint_full_width_comma_and_brackets() {
    let d = one("+++\n[taxonomies]\ntags = [\"a\"，\"b\"]\n+++\n");
    assert_eq!(d.line, 3);
    assert!(hint_zh(&d).contains("， → ,"));
    let d = one("+++\n[taxonomies]\ntags = ［\"a\"］\n+++\n");
    assert!(hint_zh(&d).contains("［ → [") && hint_zh(&d).contains("］ → ]"));
}

#[test]
fn hint_tabs_in_yaml() {
    let d = one("---\ntitle: a\ntaxonomies:\n\ttags: [a]\n---\n");
    assert_eq!((d.line, d.col), (4, 1));
    assert!(hint_zh(&d).contains("Tab"));
}

#[test]
fn hint_unknown_key() {
    let d = one("+++\ntitel = \"a\"\n+++\n");
    assert_eq!((d.line, d.col, d.severity), (2, 1, Severity::Warning));
    assert_eq!(hint_zh(&d), "是不是想写 `title`？");
    // Sections refuse unknown keys, as Zola.
    let s = site(&[("_index.md", b"+++\nsort-by = \"date\"\n+++\n")]);
    let d = &load(&s.content, &opts()).diagnostics[0];
    assert_eq!(d.severity, Severity::Error);
    assert_eq!(d.hint.as_ref().unwrap().en, "Did you mean `sort_by`?");
}

#[test]
fn hint_tags_outside_taxonomies() {
    let d = one("+++\ntags = [\"民法典\"]\n+++\n");
    assert_eq!(d.severity, Severity::Warning);
    assert_eq!(
        hint_zh(&d),
        "分类标签要写在 [taxonomies] 下面：\n  [taxonomies]\n  tags = [\"…\"]"
    );
}

#[test]
fn hint_duplicate_key() {
    let d = one("+++\ntitle = \"a\"\ntitle = \"b\"\n+++\n");
    assert_eq!((d.line, d.col), (3, 1));
    assert!(d.message.zh.contains("键重复"));
    assert!(hint_zh(&d).contains("只能写一次"));
}

#[test]
fn hint_wrong_type() {
    let d = one("+++\ntitle = \"a\"\nweight = \"3\"\n+++\n");
    assert_eq!((d.line, d.col), (3, 10));
    assert_eq!(hint_zh(&d), "数字不要加引号，例如：weight = 3");
    let d = one("+++\ndraft = \"true\"\n+++\n");
    assert_eq!(hint_zh(&d), "true/false 不要加引号，例如：draft = true");
}

#[test]
fn hint_missing_closing_delimiter() {
    let d = one("+++\ntitle = \"a\"\n\n正文\n");
    assert_eq!((d.line, d.col), (1, 1));
    assert!(d.message.zh.contains("没有配对的结尾 `+++`"));
    assert!(hint_zh(&d).contains("单独写一行 `+++`"));
}

#[test]
fn hint_chinese_date() {
    let d = one("+++\ntitle = \"a\"\ndate = \"2024年5月1日\"\n+++\n");
    assert_eq!((d.line, d.col), (3, 8));
    assert_eq!(
        hint_zh(&d),
        "日期要写成“年-月-日”的数字形式，不加引号：date = 2024-05-01"
    );
}

#[test]
fn unquoted_chinese_text() {
    let d = one("+++\ntitle = 民法典\n+++\n");
    assert!(hint_zh(&d).contains("英文双引号"));
}

#[test]
fn all_errors_of_all_files_are_collected() {
    let s = site(&[
        ("a.md", b"+++\ntitle = \"a\n+++\n" as &[u8]),
        ("b.md", b"+++\nweight = \"1\"\n+++\n"),
        ("c.md", b"+++\ntitle = \"ok\"\n+++\n"),
        (
            "d.md",
            b"+++\nx = 1\ny = \xe4\xbd\xa0\nz = \xe2\x80\x9cq\xe2\x80\x9d\n+++\n",
        ),
    ]);
    let out = load(&s.content, &opts());
    let places: Vec<(String, usize)> = out
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| {
            (
                d.path.file_name().unwrap().to_string_lossy().into_owned(),
                d.line,
            )
        })
        .collect();
    assert_eq!(
        places,
        [
            ("a.md".into(), 2),
            ("b.md".into(), 2),
            ("d.md".into(), 3),
            ("d.md".into(), 4)
        ]
    );
    assert_eq!(out.pages.len(), 1);
}

#[test]
fn gbk_file_is_read_with_warning() {
    let (bytes, _, _) = encoding_rs::GB18030.encode("+++\ntitle = \"宪法宣传周\"\n+++\n正文\n");
    let s = site(&[("a.md", &bytes)]);
    let out = load(&s.content, &opts());
    assert_eq!(out.pages[0].meta.title.as_deref(), Some("宪法宣传周"));
    assert_eq!(out.diagnostics.len(), 1);
    assert_eq!(out.diagnostics[0].severity, Severity::Warning);
    assert!(out.diagnostics[0].message.zh.contains("GBK"));
}

#[test]
fn binary_md_is_an_error_naming_the_file() {
    let s = site(&[("bad.md", &[0x00, 0x01, 0xFF, 0xFE, 0xFD, 0x80][1..])]);
    let out = load(&s.content, &opts());
    assert_eq!(out.diagnostics.len(), 1);
    assert!(out.diagnostics[0].is_error());
    assert!(out.diagnostics[0].path.ends_with("bad.md"));
}

#[test]
fn bom_and_crlf_keep_line_numbers() {
    let d = one("\u{feff}+++\r\ntitle = \"a\"\r\nweight = \"x\"\r\n+++\r\n");
    assert_eq!((d.line, d.col), (3, 10));
    let s = site(&[(
        "a.md",
        "\u{feff}+++\r\ntitle = \"a\"\r\n+++\r\n正文\r\n".as_bytes(),
    )]);
    let p = &load(&s.content, &opts()).pages[0];
    assert_eq!((p.body.as_str(), p.body_line), ("正文\n", 4));
}

#[test]
fn dates_from_file_and_folder_names() {
    let s = site(&[
        ("news/2024-05-01-minfadian.md", b"+++\n+++\n" as &[u8]),
        ("news/2024-06-26_jindu.md", b"+++\ndate = 2024-06-01\n+++\n"),
        ("news/2024-12-04-xianfa/index.md", b"+++\n+++\n"),
        ("news/plain.md", b"+++\n+++\n"),
    ]);
    let out = load(&s.content, &opts());
    let dates: Vec<Option<&str>> = out.pages.iter().map(|p| p.meta.date.as_deref()).collect();
    assert_eq!(
        dates,
        [
            Some("2024-05-01"),
            Some("2024-06-01"),
            Some("2024-12-04"),
            None
        ]
    );
    assert_eq!(out.pages[0].meta.datetime_tuple(), Some((2024, 5, 1)));
}

#[test]
fn i18n_file_names() {
    let s = site(&[
        ("_index.md", b"+++\n+++\n" as &[u8]),
        ("_index.en.md", b"+++\n+++\n"),
        ("_index.fr.md", b"+++\n+++\n"),
        ("a.md", b"+++\n+++\n"),
        ("a.en.md", b"+++\n+++\n"),
        ("b.fr.md", b"+++\n+++\n"),
    ]);
    let o = SourceOptions {
        default_language: "zh".into(),
        languages: vec!["en".into()],
        ignored: None,
    };
    let out = load(&s.content, &o);
    let sections: Vec<(&str, &str)> = out
        .sections
        .iter()
        .map(|s| (s.file.filename.as_str(), s.lang.as_str()))
        .collect();
    assert_eq!(sections, [("_index.en.md", "en"), ("_index.md", "zh")]);
    let pages: Vec<(&str, &str, &str)> = out
        .pages
        .iter()
        .map(|p| {
            (
                p.file.filename.as_str(),
                p.file.name.as_str(),
                p.lang.as_str(),
            )
        })
        .collect();
    assert_eq!(pages, [("a.en.md", "a", "en"), ("a.md", "a", "zh")]);
    assert_eq!(out.pages[0].file.canonical, out.pages[1].file.canonical);
    // `_index.fr.md`: warning (ignored); `b.fr.md`: error (unknown language).
    let kinds: Vec<(String, Severity)> = out
        .diagnostics
        .iter()
        .map(|d| {
            (
                d.path.file_name().unwrap().to_string_lossy().into_owned(),
                d.severity,
            )
        })
        .collect();
    assert_eq!(
        kinds,
        [
            ("_index.fr.md".into(), Severity::Warning),
            ("b.fr.md".into(), Severity::Error)
        ]
    );
}

#[test]
fn bundles_and_assets() {
    let s = site(&[
        ("news/_index.md", b"+++\n+++\n" as &[u8]),
        ("news/banner.png", b"png"),
        ("news/case-1/index.md", b"+++\ntitle = \"c\"\n+++\n"),
        ("news/case-1/photo.jpg", b"jpg"),
        ("news/case-1/docs/Report.PDF", b"pdf"),
        ("news/case-1/a.txt~", b"tmp"),
        ("news/case-1/.hidden.png", b"x"),
        ("news/case-1/extra.md", b"+++\n+++\n"),
        ("news/other.md", b"+++\n+++\n"),
    ]);
    let out = load(&s.content, &opts());
    assert!(out.diagnostics.is_empty(), "{:#?}", out.diagnostics);
    let rel = |p: &Path| {
        p.strip_prefix(&s.content)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/")
    };
    let bundle = out.pages.iter().find(|p| p.file.name == "index").unwrap();
    assert_eq!(bundle.file.colocated_path.as_deref(), Some("news/case-1/"));
    assert_eq!(bundle.file.parent, s.content.join("news"));
    let assets: Vec<String> = bundle.assets.iter().map(|a| rel(a)).collect();
    assert_eq!(
        assets,
        ["news/case-1/docs/Report.PDF", "news/case-1/photo.jpg"]
    );
    let section_assets: Vec<String> = out.sections[0].assets.iter().map(|a| rel(a)).collect();
    assert_eq!(section_assets, ["news/banner.png"]);
    assert!(out
        .pages
        .iter()
        .find(|p| p.file.name == "other")
        .unwrap()
        .assets
        .is_empty());
    let all: Vec<String> = out.assets.iter().map(|a| rel(a)).collect();
    assert_eq!(
        all,
        [
            "news/banner.png",
            "news/case-1/docs/Report.PDF",
            "news/case-1/photo.jpg"
        ]
    );
    // Pages are sorted by path.
    let order: Vec<String> = out.pages.iter().map(|p| p.file.relative.clone()).collect();
    assert_eq!(
        order,
        [
            "news/case-1/extra.md",
            "news/case-1/index.md",
            "news/other.md"
        ]
    );
}

#[test]
fn index_next_to_section_is_an_error() {
    let s = site(&[
        ("news/_index.md", b"+++\n+++\n" as &[u8]),
        ("news/index.md", b"+++\n+++\n"),
    ]);
    let out = load(&s.content, &opts());
    assert_eq!(out.diagnostics.len(), 1);
    assert!(out.diagnostics[0].is_error() && out.diagnostics[0].path.ends_with("news/index.md"));
}

#[test]
fn ignored_content_and_dotfiles() {
    let mut b = globset::GlobSetBuilder::new();
    b.add(globset::Glob::new("*.docx").unwrap());
    b.add(globset::Glob::new("drafts").unwrap());
    let o = SourceOptions {
        ignored: Some(b.build().unwrap()),
        ..opts()
    };
    let s = site(&[
        ("a.md", b"+++\n+++\n" as &[u8]),
        ("b.docx", b"x"),
        ("drafts/c.md", b"broken"),
        (".git/d.md", b"broken"),
        (".e.md", b"broken"),
    ]);
    let out = load(&s.content, &o);
    assert!(out.diagnostics.is_empty(), "{:#?}", out.diagnostics);
    assert_eq!(out.pages.len(), 1);
    assert!(out.assets.is_empty());
}

#[test]
fn kind_from_extra_and_unknown_kind() {
    let s = site(&[("a.md", b"+++\n[extra]\nkind = \"qa\"\n+++\n" as &[u8])]);
    assert_eq!(
        load(&s.content, &opts()).pages[0].meta.kind.as_deref(),
        Some("qa")
    );
    let d = one("+++\nkind = \"caes\"\n+++\n");
    assert_eq!((d.severity, d.line), (Severity::Warning, 2));
    assert_eq!(hint_zh(&d), "是不是想写 kind = \"case\"？");
}

#[test]
fn empty_slug_is_an_error() {
    let d = one("+++\nslug = \"\"\n+++\n");
    assert!(d.is_error() && d.message.en.contains("`slug` can't be empty"));
}

#[test]
fn load_page_file_alone() {
    let s = site(&[(
        "news/2024-05-01-a.md",
        b"+++\ntitle = \"a\"\n+++\nbody\n" as &[u8],
    )]);
    let path = s.content.join("news/2024-05-01-a.md");
    let (p, w) = load_page_file(&path, &s.content, &opts()).unwrap();
    assert!(w.is_empty());
    assert_eq!(p.meta.date.as_deref(), Some("2024-05-01"));
    assert_eq!(p.body_line, 4);
}

#[test]
fn hint_duplicate_key_in_yaml() {
    let d = one("---\ntitle: a\ntitle: b\n---\n");
    assert!(d.is_error());
    assert_eq!(d.line, 3);
    assert!(hint_zh(&d).contains("只能写一次"), "{d:#?}");
}

#[test]
fn rendered_report_for_a_broken_site() {
    let s = site(&[
        ("news/a.md", "+++\ntitle ＝ \"民法典\"\n+++\n".as_bytes()),
        (
            "news/b.md",
            "+++\ndate = \"2024年5月1日\"\n+++\n".as_bytes(),
        ),
    ]);
    let out = load(&s.content, &opts());
    let mut ds = crate::diagnostics::Diagnostics::default();
    ds.set_root(&s.content);
    ds.extend(out.diagnostics);
    assert_eq!(
        ds.render_plain(),
        "news/a.md:2:7: 错误: TOML 格式错误：键后面缺少 `=` 和值\n  2 | title ＝ \"民法典\"\n    |       ^\n  提示: 这一行有中文（全角）符号：＝ → =。请关掉中文输入法，改用英文半角符号。\n\n\
         news/b.md:2:8: 错误: 日期写法不对：“2024年5月1日”\n  2 | date = \"2024年5月1日\"\n    |        ^\n  提示: 日期要写成“年-月-日”的数字形式，不加引号：date = 2024-05-01\n\n\
         2 个错误，0 个警告\n"
    );
}

#[test]
fn hint_key_under_a_table() {
    let d = one("+++\n[taxonomies]\ntags = [\"a\"]\ntitle = \"标题\"\n+++\n");
    assert_eq!(d.line, 4);
    assert!(
        hint_zh(&d).contains("`title` 写在了 [taxonomies] 的下面"),
        "{}",
        hint_zh(&d)
    );
    let d = one("+++\n[extra]\nx = 1\ntitle = \"标题\"\n+++\n");
    assert_eq!((d.line, d.col, d.severity), (4, 1, Severity::Warning));
    assert_eq!(hint_zh(&d), "请把它移到 [extra] 这一行的上面。");
}

#[test]
fn hint_unknown_value() {
    let s = site(&[("_index.md", b"+++\nsort_by = \"data\"\n+++\n" as &[u8])]);
    let d = &load(&s.content, &opts()).diagnostics[0];
    assert_eq!((d.line, d.col), (2, 11));
    assert_eq!(d.hint.as_ref().unwrap().zh, "是不是想写 \"date\"？");
}

#[test]
fn hint_common_toml_slips() {
    let d = one("+++\ndraft = yes\n+++\n");
    assert!(hint_zh(&d).starts_with("是/否请写成小写的 true 或 false"));
    let d = one("+++\ntitle = \"他说\"你好\"\"\n+++\n");
    assert!(hint_zh(&d).contains("改用中文引号“”"), "{}", hint_zh(&d));
    let d = one("+++\nweight = ３\n+++\n");
    assert!(hint_zh(&d).contains("３ → 3"));
    let d = one("+++\ndate = 2024-5-1\n+++\n");
    assert_eq!((d.line, d.col), (2, 8));
    assert!(hint_zh(&d).ends_with("date = 2024-05-01"));
    let d = one("+++\n[taxonomies]\ntags = [\"a\", \"b\"\n+++\n");
    assert!(hint_zh(&d).starts_with("列表要用 ] 结尾"));
}

#[test]
fn deep_yaml_brackets_are_refused_fast() {
    let n = 100_000;
    let d = one(&format!(
        "---\ntitle: \"it's [[[\"\nx: {}{}\n---\n",
        "[".repeat(n),
        "]".repeat(n)
    ));
    assert!(d.is_error());
    assert_eq!((d.line, d.col), (3, 132));
    assert_eq!(d.message.zh, "YAML 格式错误：括号 [ 或 { 嵌套超过了 128 层");
    // As deep as serde_yaml reads, with brackets in quotes and comments, is no error here.
    let ok = format!(
        "---\ntitle: 'a [[[[ b'\n# {}\nx: {}{}\n---\n",
        "[".repeat(200),
        "[".repeat(100),
        "]".repeat(100)
    );
    let out = load(&site(&[("a.md", ok.as_bytes())]).content, &opts());
    assert!(
        out.diagnostics
            .iter()
            .all(|d| !d.message.zh.contains("嵌套")),
        "{:?}",
        out.diagnostics
    );
}

#[test]
fn a_file_of_many_problems_lists_fifty_quickly() {
    let n = 200_000;
    let yaml: String = (0..n).map(|i| format!("k{i}: 1\n")).collect();
    let toml_keys: String = (0..n).map(|i| format!("k{i} = 1\n")).collect();
    let toml_broken: String = (0..n).map(|i| format!("k{i} ＝ 1\n")).collect();
    let s = site(&[
        ("a.md", format!("---\n{yaml}---\n").as_bytes()),
        ("b.md", format!("+++\n{toml_keys}+++\n").as_bytes()),
        ("c.md", format!("+++\n{toml_broken}+++\n").as_bytes()),
    ]);
    let out = load(&s.content, &opts());
    for file in ["a.md", "b.md", "c.md"] {
        let mine: Vec<_> = out
            .diagnostics
            .iter()
            .filter(|d| d.path.ends_with(file))
            .collect();
        assert_eq!(mine.len(), 51, "{file}");
        assert_eq!(mine[0].line, 2, "{file}");
        assert_eq!(
            mine[50].message.zh, "这个文件的问题太多，只列出了前 50 个",
            "{file}"
        );
    }
}
