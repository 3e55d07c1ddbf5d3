//! Tests of the importer: page layout from synthetic rows (always), and a real import of
//! 民法典 and 刑法 from `../shared/data/laws/laws.db` re-read into a Library (when present).

use super::*;
use crate::law::Library;

const DB: &str = "/work/shared/data/laws/laws.db";

fn db() -> Option<&'static Path> {
    let p = Path::new(DB);
    p.is_file().then_some(p)
}

/// Splits a written page into its `extra` (as JSON, the way the lead passes it) and body.
fn split_page(text: &str) -> (serde_json::Value, String) {
    let rest = text.strip_prefix("+++\n").expect("front matter");
    let (fm, body) = rest.split_once("\n+++\n").expect("closing +++");
    let table: toml::Table = toml::from_str(fm).expect("valid TOML front matter");
    let extra = serde_json::to_value(&table["extra"]).unwrap();
    (extra, body.to_string())
}

fn row(label: &str, chapter: Option<&str>, text: &str) -> ArticleRow {
    ArticleRow {
        chapter: chapter.map(str::to_string),
        section: None,
        label: label.to_string(),
        arabic: None,
        text: text.to_string(),
    }
}

fn law_row(name: &str) -> LawRow {
    LawRow {
        id: "x1".into(),
        name: name.into(),
        doc_type: "法律".into(),
        issuing_body: "全国人民代表大会常务委员会".into(),
        publish_date: "2020-12-26".into(),
        effective_date: "2021-03-01".into(),
        version_date: "2020-12-26".into(),
        status: "现行有效".into(),
    }
}

#[test]
fn page_layout() {
    let page = render_page(
        &law_row("中华人民共和国测试法"),
        &[
            row("第一条", Some("第一章 总则"), "为了测试，制定本法。"),
            row(
                "第二条",
                Some("第一章 总则"),
                "第一款。\n（一）甲*乙；\n1. 丙",
            ),
            row("第二条之一", Some("第二章 附则"), "本法自公布之日起施行。"),
        ],
    );
    let (_, body) = split_page(&page);
    assert_eq!(
        body,
        "\n## 第一章 总则\n\n<a id=\"art-1\"></a>**第一条** 为了测试，制定本法。\n\n\
<a id=\"art-2\"></a>**第二条** 第一款。\n\n（一）甲\\*乙；\n\n1\\. 丙\n\n\
## 第二章 附则\n\n<a id=\"art-2-1\"></a>**第二条之一** 本法自公布之日起施行。\n"
    );
    assert!(page.contains("\ndate = 2021-03-01\ntemplate = \"law.html\"\n"));
    let mut lib = Library::new();
    let (extra, body) = split_page(&page);
    lib.add_page(&extra, &body, "/laws/ce-shi/").unwrap();
    let law = lib.law("测试法").unwrap();
    assert_eq!(
        law.article(2, None).unwrap().text,
        "第一款。\n（一）甲*乙；\n1. 丙"
    );
    assert_eq!(law.article(2, Some(1)).unwrap().headings, ["第二章 附则"]);
}

#[test]
fn anchors_render_cleanly_through_pulldown_cmark() {
    let page = render_page(
        &law_row("中华人民共和国测试法"),
        &[row("第一条", Some("第一章 总则"), "甲\n乙")],
    );
    let (_, body) = split_page(&page);
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, pulldown_cmark::Parser::new(&body));
    assert_eq!(
        html,
        "<h2>第一章 总则</h2>\n<p><a id=\"art-1\"></a><strong>第一条</strong> 甲</p>\n<p>乙</p>\n"
    );
}

#[test]
fn unknown_name_suggests_close_matches() {
    let laws = vec![
        law_row("中华人民共和国民法典"),
        law_row("中华人民共和国刑法"),
        law_row("中华人民共和国刑事诉讼法"),
    ];
    assert_eq!(choose(&laws, "刑法").unwrap().name, "中华人民共和国刑法");
    assert_eq!(
        choose(&laws, "刑诉法").unwrap().name,
        "中华人民共和国刑事诉讼法"
    );
    let err = choose(&laws, "民法").unwrap_err();
    assert_eq!(
        err.to_string(),
        "法律数据库中没有“民法”。您是不是要找：民法典？（law not found in database）"
    );
}

#[test]
fn missing_db_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let err = import(&dir.path().join("no.db"), &["民法典".into()], dir.path()).unwrap_err();
    assert!(matches!(err, LawError::DbMissing { .. }));
    assert!(err.to_string().starts_with("找不到法律数据库文件 "));
    assert!(!dir.path().join("content").exists());
}

#[test]
fn import_civil_and_criminal_code_from_db() {
    let Some(db) = db() else {
        eprintln!("skipped: {DB} not present");
        return;
    };
    let site = tempfile::tempdir().unwrap();
    let written = import(db, &["民法典".into(), "刑法".into()], site.path()).unwrap();
    let names: Vec<String> = written
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["_index.md", "min-fa-dian.md", "xing-fa.md"]);

    let mut lib = Library::new();
    for p in &written[1..] {
        let (extra, body) = split_page(&std::fs::read_to_string(p).unwrap());
        assert!(lib.add_page(&extra, &body, "/laws/x/").unwrap());
    }
    let civil = lib.law("民法典").unwrap();
    assert_eq!(civil.articles.len(), 1260);
    assert_eq!(civil.last_number(), Some(1260));
    assert_eq!(
        civil.article(1165, None).unwrap().text,
        "行为人因过错侵害他人民事权益造成损害的，应当承担侵权责任。\n依照法律规定推定行为人有过错，其不能证明自己没有过错的，应当承担侵权责任。"
    );
    assert_eq!(
        civil.article(1165, None).unwrap().headings,
        ["第七编 侵权责任", "第一章 一般规定"]
    );
    assert_eq!(civil.article(1260, None).unwrap().headings, ["附则"]);
    let crim = lib.law("刑法").unwrap();
    assert_eq!(crim.last_number(), Some(452));
    assert!(crim
        .article(133, Some(1))
        .unwrap()
        .text
        .starts_with("在道路上驾驶机动车"));
    assert_eq!(crim.status, "已被修改");

    // Every article of the database text survives the Markdown round trip.
    let conn = Connection::open_with_flags(db, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    let mut st = conn
        .prepare("SELECT article_no, article_text FROM articles WHERE law_id = '7772c5d4af34'")
        .unwrap();
    let rows = st
        .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))
        .unwrap();
    for r in rows {
        let (label, text) = r.unwrap();
        let (n, sub) = numerals::parse_article_label(&label).unwrap();
        let want: Vec<&str> = text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect();
        assert_eq!(
            civil.article(n, sub).unwrap().text,
            want.join("\n"),
            "{label}"
        );
    }
}

#[test]
fn numerals_round_trip_every_article_no_in_db() {
    let Some(db) = db() else {
        return;
    };
    let conn = Connection::open_with_flags(db, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    let mut st = conn
        .prepare(
            "SELECT article_no, article_no_arabic FROM articles WHERE article_no LIKE '第%条%'",
        )
        .unwrap();
    let rows: Vec<(String, i64)> = st
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert!(rows.len() > 23_000, "{}", rows.len());
    for (label, arabic) in rows {
        let (n, sub) = numerals::parse_article_label(&label).unwrap_or_else(|| panic!("{label}"));
        assert_eq!(i64::from(n), arabic, "{label}");
        assert_eq!(numerals::article_label(n, sub), label);
    }
}

/// Every law of the database renders as plain paragraphs: no accidental lists, code blocks
/// or emphasis from the statute text, and one anchor per numbered article.
#[test]
fn all_db_laws_render_cleanly() {
    let Some(db) = db() else {
        return;
    };
    let conn = Connection::open_with_flags(db, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    let laws = read_laws(&conn).unwrap();
    let opts = pulldown_cmark::Options::ENABLE_TABLES
        | pulldown_cmark::Options::ENABLE_FOOTNOTES
        | pulldown_cmark::Options::ENABLE_STRIKETHROUGH
        | pulldown_cmark::Options::ENABLE_TASKLISTS
        | pulldown_cmark::Options::ENABLE_HEADING_ATTRIBUTES;
    for law in &laws {
        let articles = read_articles(&conn, &law.id).unwrap();
        let page = render_page(law, &articles);
        let (extra, body) = split_page(&page);
        let mut html = String::new();
        pulldown_cmark::html::push_html(&mut html, pulldown_cmark::Parser::new_ext(&body, opts));
        for bad in [
            "<ol",
            "<ul",
            "<pre",
            "<code",
            "<em>",
            "<table",
            "<hr",
            "<del>",
            "<blockquote",
        ] {
            assert!(!html.contains(bad), "{} renders {bad}", law.name);
        }
        let numbered = articles
            .iter()
            .filter(|a| numerals::parse_article_label(&a.label).is_some())
            .count();
        assert_eq!(
            html.matches("<a id=\"art-").count(),
            numbered,
            "{}",
            law.name
        );
        let mut lib = Library::new();
        lib.add_page(&extra, &body, "/l/").unwrap();
        assert_eq!(lib.laws()[0].articles.len(), numbered, "{}", law.name);
    }
}
