//! Tests of the importer: page layout from synthetic rows, and real imports of 民法典, 刑法
//! and others from the law text that ships with pufa, directly and through an SQLite file in
//! the format of `laws.db` written from it (so `pufa laws import <DB>` is tested everywhere).

use super::*;
use crate::law::LawLibrary;

/// An SQLite file in the format of `laws.db` holding the bundled laws whose name is in
/// `names` (every version of each), written into `dir`.
pub(crate) fn bundle_db(dir: &Path, names: &[&str]) -> PathBuf {
    let bundle = crate::law::bundled::load().unwrap();
    let path = dir.join("laws.db");
    let mut conn = Connection::open(&path).unwrap();
    conn.execute_batch(
        "CREATE TABLE laws (law_id TEXT PRIMARY KEY, law_name TEXT NOT NULL, doc_type TEXT, \
         level TEXT, issuing_body TEXT, publish_date TEXT, effective_date TEXT, \
         version_date TEXT, status TEXT, law_department TEXT);
         CREATE TABLE articles (id INTEGER PRIMARY KEY, law_id TEXT NOT NULL, \
         law_name TEXT NOT NULL, law_department TEXT, level TEXT, status TEXT, chapter TEXT, \
         section TEXT, article_no TEXT, article_no_arabic INTEGER, article_text TEXT, \
         char_count INTEGER);",
    )
    .unwrap();
    let tx = conn.transaction().unwrap();
    for (law, rows) in bundle.laws.iter().zip(&bundle.articles) {
        if !names.contains(&law.name.as_str()) {
            continue;
        }
        tx.execute(
            "INSERT INTO laws VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            rusqlite::params![
                law.id,
                law.name,
                law.doc_type,
                law.level,
                law.issuing_body,
                law.publish_date,
                law.effective_date,
                law.version_date,
                law.status,
                law.law_department
            ],
        )
        .unwrap();
        for (c, sec, no, n, text) in rows {
            tx.execute(
                "INSERT INTO articles (law_id, law_name, status, chapter, section, article_no, \
                 article_no_arabic, article_text) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                rusqlite::params![law.id, law.name, law.status, c, sec, no, n, text],
            )
            .unwrap();
        }
    }
    tx.commit().unwrap();
    path
}

/// The laws the database tests use.
const DB_LAWS: &[&str] = &[
    "中华人民共和国民法典",
    "中华人民共和国刑法",
    "中华人民共和国劳动合同法",
    "中华人民共和国刑法修正案（十二）",
];

/// Splits a written page into its `extra` (as JSON, the way `site/laws.rs` passes it) and body.
fn split_page(text: &str) -> (serde_json::Value, String) {
    let rest = text.strip_prefix("+++\n").expect("front matter");
    let (fm, body) = rest.split_once("\n+++\n").expect("closing +++");
    let table: toml::Table = toml::from_str(fm).expect("valid TOML front matter");
    let extra = table.get("extra").map_or(serde_json::Value::Null, |e| {
        serde_json::to_value(e).unwrap()
    });
    (extra, body.to_string())
}

/// The URL the site gives a file under `content/`: `laws/xing-fa/_index.md` → `/laws/xing-fa/`,
/// `laws/xing-fa/bian-1.md` → `/laws/xing-fa/bian-1/`.
fn permalink(root: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(root.join("content")).unwrap();
    let rel = rel.to_string_lossy().replace('\\', "/");
    match rel.strip_suffix("_index.md") {
        Some(dir) => format!("/{dir}"),
        None => format!("/{}/", rel.trim_end_matches(".md")),
    }
}

/// The law library a site built from these written files would have.
pub(crate) fn site_library(root: &Path, files: &[PathBuf]) -> LawLibrary {
    let pages: Vec<(serde_json::Value, String, String)> = files
        .iter()
        .map(|f| {
            let (extra, body) = split_page(&std::fs::read_to_string(f).unwrap());
            (extra, body, permalink(root, f))
        })
        .collect();
    let (lib, errors) =
        LawLibrary::from_pages(pages.iter().map(|(e, b, p)| (e, b.as_str(), p.as_str())));
    assert!(errors.is_empty(), "{errors:?}");
    lib
}

/// The names of the written files under `content/laws/`.
fn names(root: &Path, files: &[PathBuf]) -> Vec<String> {
    files
        .iter()
        .map(|f| {
            f.strip_prefix(root.join("content/laws"))
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect()
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
        &Amended::default(),
    );
    let (_, body) = split_page(&page);
    assert_eq!(
        body,
        "\n## 第一章 总则\n\n<a id=\"art-1\"></a>**第一条** 为了测试，制定本法。\n\n\
<a id=\"art-2\"></a>**第二条** 第一款。\n\n（一）甲\\*乙；\n\n1\\. 丙\n\n\
## 第二章 附则\n\n<a id=\"art-2-1\"></a>**第二条之一** 本法自公布之日起施行。\n"
    );
    assert!(page.contains("\ndate = 2021-03-01\ntemplate = \"law.html\"\n"));
    // The description shows in law lists: Chinese dates, not ISO ones.
    assert!(page.contains(
        "description = \"全国人民代表大会常务委员会2020年12月26日公布，2021年3月1日起施行。现行有效。\"\n"
    ));
    let mut lib = LawLibrary::new();
    let (extra, body) = split_page(&page);
    lib.add_page(&extra, &body, "/laws/ce-shi/").unwrap();
    let law = lib.law("测试法").unwrap();
    assert_eq!(
        &*law.article(2, None).unwrap().text,
        "第一款。\n（一）甲*乙；\n1. 丙"
    );
    assert_eq!(law.article(2, Some(1)).unwrap().headings, ["第二章 附则"]);
}

#[test]
fn anchors_render_cleanly_through_pulldown_cmark() {
    let page = render_page(
        &law_row("中华人民共和国测试法"),
        &[row("第一条", Some("第一章 总则"), "甲\n乙")],
        &Amended::default(),
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
fn no_names_is_an_error_that_says_what_to_write() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("laws.db");
    std::fs::write(&db, b"").unwrap();
    let err = import(&db, &[], dir.path()).unwrap_err();
    assert!(matches!(err, LawError::NoNames { .. }));
    let msg = err.to_string();
    assert!(
        msg.starts_with("没有写要导入哪些法律，什么也没做。"),
        "{msg}"
    );
    assert!(msg.contains("laws.db 民法典 刑法"), "{msg}");
    assert!(!dir.path().join("content").exists());
}

#[test]
fn import_civil_and_criminal_code_from_db() {
    let tmp = tempfile::tempdir().unwrap();
    let db = &bundle_db(tmp.path(), DB_LAWS);
    let site = tempfile::tempdir().unwrap();
    let written = import(
        db,
        &["民法典".into(), "刑法".into(), "劳动合同法".into()],
        site.path(),
    )
    .unwrap();
    // 民法典: 第二编 物权 and 第三编 合同 are longer than a part and are split by 章;
    // the other 编 fit on one page each.
    let mut civil = vec![
        "min-fa-dian/_index.md".to_string(),
        "min-fa-dian/bian-1.md".into(),
    ];
    civil.extend((1..=20).map(|c| format!("min-fa-dian/bian-2-zhang-{c}.md")));
    civil.extend((1..=29).map(|c| format!("min-fa-dian/bian-3-zhang-{c}.md")));
    civil.extend((4..=7).map(|b| format!("min-fa-dian/bian-{b}.md")));
    civil.push("min-fa-dian/fu-ze.md".into());
    // 刑法: 分则 by 章, and its 第三章 (the longest) by 节.
    let mut criminal = vec![
        "xing-fa/_index.md".to_string(),
        "xing-fa/bian-1.md".into(),
        "xing-fa/bian-2-zhang-1.md".into(),
        "xing-fa/bian-2-zhang-2.md".into(),
    ];
    criminal.extend((1..=8).map(|j| format!("xing-fa/bian-2-zhang-3-jie-{j}.md")));
    criminal.extend((4..=10).map(|c| format!("xing-fa/bian-2-zhang-{c}.md")));
    criminal.push("xing-fa/fu-ze.md".into());
    let mut want = vec!["_index.md".to_string()];
    want.extend(civil);
    want.extend(criminal);
    // A small law stays one page.
    want.push("lao-dong-he-tong-fa.md".into());
    assert_eq!(names(site.path(), &written), want);
    for f in &written {
        let (_, body) = split_page(&std::fs::read_to_string(f).unwrap());
        assert!(body.len() <= PART_MAX, "{}: {}", f.display(), body.len());
    }

    let lib = site_library(site.path(), &written);
    let civil = lib.law("民法典").unwrap();
    assert_eq!(civil.permalink, "/laws/min-fa-dian/");
    assert_eq!(civil.short(), "民法典");
    assert_eq!(civil.status, "现行有效");
    assert_eq!(civil.articles.len(), 1260);
    assert_eq!(civil.last_number(), Some(1260));
    assert_eq!(
        &*civil.article(1165, None).unwrap().text,
        "行为人因过错侵害他人民事权益造成损害的，应当承担侵权责任。\n依照法律规定推定行为人有过错，其不能证明自己没有过错的，应当承担侵权责任。"
    );
    assert_eq!(
        civil.article(1165, None).unwrap().headings,
        ["第七编 侵权责任", "第一章 一般规定"]
    );
    assert_eq!(
        civil.article_url(1165, None),
        "/laws/min-fa-dian/bian-7/#art-1165"
    );
    assert_eq!(
        civil.article(577, None).unwrap().headings,
        ["第三编 合同", "第八章 违约责任"]
    );
    assert_eq!(
        civil.article_url(577, None),
        "/laws/min-fa-dian/bian-3-zhang-8/#art-577"
    );
    assert_eq!(civil.article(1260, None).unwrap().headings, ["附则"]);
    let crim = lib.law("刑法").unwrap();
    assert_eq!(crim.last_number(), Some(452));
    assert!(crim
        .article(133, Some(1))
        .unwrap()
        .text
        .starts_with("在道路上驾驶机动车"));
    assert_eq!(
        crim.article(192, None).unwrap().headings,
        [
            "第二编 分则",
            "第三章 破坏社会主义市场经济秩序罪",
            "第五节 金融诈骗罪"
        ]
    );
    assert_eq!(
        crim.article_url(192, None),
        "/laws/xing-fa/bian-2-zhang-3-jie-5/#art-192"
    );
    assert_eq!(crim.status, "已被修改");
    let labour = lib.law("劳动合同法").unwrap();
    assert_eq!(
        labour.article_url(10, None),
        "/laws/lao-dong-he-tong-fa/#art-10"
    );

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
            &*civil.article(n, sub).unwrap().text,
            want.join("\n"),
            "{label}"
        );
    }
}

#[test]
fn numerals_round_trip_every_article_no_in_db() {
    let bundle = crate::law::bundled::load().unwrap();
    let rows: Vec<(String, i64)> = bundle
        .articles
        .iter()
        .flatten()
        .filter_map(|(_, _, no, n, _)| Some((no.clone()?, (*n)?)))
        .filter(|(no, _)| no.starts_with('第') && no.contains('条'))
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
    let bundle = crate::law::bundled::load().unwrap();
    assert_eq!(bundle.laws.len(), 378);
    let opts = pulldown_cmark::Options::ENABLE_TABLES
        | pulldown_cmark::Options::ENABLE_FOOTNOTES
        | pulldown_cmark::Options::ENABLE_STRIKETHROUGH
        | pulldown_cmark::Options::ENABLE_TASKLISTS
        | pulldown_cmark::Options::ENABLE_HEADING_ATTRIBUTES;
    for (law, rows) in bundle.laws.iter().zip(&bundle.articles) {
        let law = &LawRow::from(law);
        let articles = article_rows(rows);
        let page = render_page(law, &articles, &Amended::default());
        let (extra, body) = split_page(&page);
        let mut html = String::new();
        pulldown_cmark::html::push_html(&mut html, pulldown_cmark::Parser::new_ext(&body, opts));
        // The split layout keeps every article, each part within the size limit.
        let files = render_law(law, &articles, "x", &Amended::default());
        let mut split_lib = LawLibrary::new();
        for (path, text) in &files {
            let (extra, body) = split_page(text);
            if files.len() > 1 && !path.ends_with("_index.md") {
                assert!(body.len() <= PART_MAX, "{} {}", law.name, path.display());
            }
            split_lib
                .add_page(&extra, &body, &format!("/{}/", path.display()))
                .unwrap();
        }
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
        let mut lib = LawLibrary::new();
        lib.add_page(&extra, &body, "/l/").unwrap();
        assert_eq!(lib.laws()[0].articles.len(), numbered, "{}", law.name);
        assert_eq!(split_lib.laws().len(), 1, "{}", law.name);
        assert_eq!(split_lib.laws()[0].articles.len(), numbered, "{}", law.name);
    }
}

/// `pufa laws import` can be run again: it rewrites its own files, removes the parts and
/// pages of its earlier layout, and never touches or overwrites a file staff wrote.
#[test]
fn reimport_rewrites_own_files_and_keeps_staff_files() {
    let tmp = tempfile::tempdir().unwrap();
    let db = &bundle_db(tmp.path(), DB_LAWS);
    let site = tempfile::tempdir().unwrap();
    let laws = site.path().join("content/laws");
    std::fs::create_dir_all(laws.join("xing-fa")).unwrap();
    // An earlier single-page import of 刑法, and a part that no longer exists.
    let old = format!("+++\n{MARKER}\ntitle = \"旧\"\n+++\n");
    std::fs::write(laws.join("xing-fa.md"), &old).unwrap();
    std::fs::write(laws.join("xing-fa/bian-9.md"), &old).unwrap();
    // Staff's own notes beside the law.
    let notes = "+++\ntitle = \"学习笔记\"\n+++\n刑法学习笔记。\n";
    std::fs::write(laws.join("xing-fa/notes.md"), notes).unwrap();

    let first = import(db, &["刑法".into()], site.path()).unwrap();
    assert!(!laws.join("xing-fa.md").exists());
    assert!(!laws.join("xing-fa/bian-9.md").exists());
    assert_eq!(
        std::fs::read_to_string(laws.join("xing-fa/notes.md")).unwrap(),
        notes
    );
    let second = import(db, &["刑法".into()], site.path()).unwrap();
    // The site index exists now, so it is not written again.
    assert_eq!(first[1..], second[..]);

    // A page staff wrote where the import would write: refused, nothing changed.
    let mine = "+++\ntitle = \"劳动合同法（本站整理）\"\n+++\n";
    std::fs::write(laws.join("lao-dong-he-tong-fa.md"), mine).unwrap();
    let before = std::fs::read_to_string(laws.join("xing-fa/_index.md")).unwrap();
    let err = import(db, &["刑法".into(), "劳动合同法".into()], site.path()).unwrap_err();
    assert!(
        matches!(&err, LawError::NotImported { paths } if paths == &[laws.join("lao-dong-he-tong-fa.md")])
    );
    assert!(err
        .to_string()
        .starts_with("这些文件不是 pufa laws import 写的"));
    assert_eq!(
        std::fs::read_to_string(laws.join("lao-dong-he-tong-fa.md")).unwrap(),
        mine
    );
    assert_eq!(
        std::fs::read_to_string(laws.join("xing-fa/_index.md")).unwrap(),
        before
    );
}

/// The overview of a split law lists its parts under their 编, with `@/` links that the site
/// checks at build time.
#[test]
fn split_law_overview_lists_parts() {
    let mut rows = Vec::new();
    let long = "甲".repeat(3000);
    for c in 1..=12u32 {
        let chapter = format!("第{}章 测试", numerals::to_chinese(c));
        for k in 1..=2 {
            let n = (c - 1) * 2 + k;
            rows.push(row(
                &numerals::article_label(n, None),
                Some(&chapter),
                &long,
            ));
        }
    }
    let files = render_law(
        &law_row("中华人民共和国测试法"),
        &rows,
        "ce-shi",
        &Amended::default(),
    );
    let names: Vec<String> = files.iter().map(|(p, _)| p.display().to_string()).collect();
    assert_eq!(names.len(), 13);
    assert_eq!(names[0], "ce-shi/_index.md");
    assert_eq!(names[1], "ce-shi/zhang-1.md");
    assert_eq!(names[12], "ce-shi/zhang-12.md");
    let (extra, body) = split_page(&files[0].1);
    assert_eq!(extra["law"]["articles"], 24);
    assert!(files[0].1.contains(
        "\ntemplate = \"law.html\"\npage_template = \"law-part.html\"\nsort_by = \"weight\"\n"
    ));
    assert!(body.starts_with(
        "\n- [第一章 测试](@/laws/ce-shi/zhang-1.md)　第一条至第二条\n- [第二章 测试](@/laws/ce-shi/zhang-2.md)　第三条至第四条\n"
    ));
    let (extra, body) = split_page(&files[2].1);
    assert_eq!(extra["law"]["part"], serde_json::json!(["第二章 测试"]));
    assert!(files[2].1.contains("\ntitle = \"测试法 第二章 测试\"\n"));
    assert!(files[2]
        .1
        .contains("\nweight = 2\ntemplate = \"law-part.html\"\n"));
    assert!(body.starts_with("\n<a id=\"art-3\"></a>**第三条** 甲"));
}

/// The bundled data is exactly what `examples/bundle_laws.rs` makes of `laws.db`.
#[test]
fn bundled_data_matches_laws_db() {
    let Some(db) = crate::test_data::laws_db() else {
        return;
    };
    let want = crate::law::bundled::dump_db(&db).unwrap();
    let have = crate::law::bundled::text().unwrap();
    assert!(
        have == want,
        "data/laws.jsonl.zst is not laws.db: run the bundle_laws example"
    );
}

/// The bundle holds every law and article of laws.db: 378 laws, 26,196 articles.
#[test]
fn bundled_catalogue() {
    let laws = crate::law::bundled::catalogue().unwrap();
    assert_eq!(laws.len(), 378);
    let bundle = crate::law::bundled::load().unwrap();
    assert_eq!(bundle.laws, laws);
    assert_eq!(bundle.articles.iter().map(Vec::len).sum::<usize>(), 26_196);
    let civil = laws
        .iter()
        .find(|l| l.name == "中华人民共和国民法典")
        .unwrap();
    assert_eq!(
        (civil.status.as_str(), civil.version_date.as_str()),
        ("现行有效", "2020-05-28")
    );
    let found = crate::law::bundled::matching(&laws, Some("劳动"));
    let shorts: Vec<&str> = found.iter().map(|(s, _)| s.as_str()).collect();
    assert_eq!(shorts, ["劳动争议调解仲裁法", "劳动合同法", "劳动法"]);
    assert_eq!(crate::law::bundled::matching(&laws, None).len(), 378);
    assert!(crate::law::bundled::matching(&laws, Some("不存在的法")).is_empty());
}

/// Importing by name from the bundled text writes the same files as importing from a
/// database file holding the same laws.
#[test]
fn import_by_name_without_database() {
    let tmp = tempfile::tempdir().unwrap();
    let db = bundle_db(tmp.path(), DB_LAWS);
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let names = ["民法典".to_string(), "刑法".into(), "劳动合同法".into()];
    let from_db = import(&db, &names, a.path()).unwrap();
    let bundled = import_bundled(&names, b.path()).unwrap();
    assert_eq!(names_of(a.path(), &from_db), names_of(b.path(), &bundled));
    assert_eq!(from_db.len(), 78);
    for (x, y) in from_db.iter().zip(&bundled) {
        assert_eq!(
            std::fs::read_to_string(x).unwrap(),
            std::fs::read_to_string(y).unwrap()
        );
    }
    // A typo writes nothing and suggests names.
    let c = tempfile::tempdir().unwrap();
    let err = import_bundled(&["民法典".into(), "劳动合同".into()], c.path()).unwrap_err();
    assert!(err.to_string().contains("劳动合同法"), "{err}");
    assert!(!c.path().join("content").exists());
}

fn names_of(root: &Path, files: &[PathBuf]) -> Vec<String> {
    names(root, files)
}

/// 刑法 in the data is the 2020-12-26 text, amended since by 刑法修正案（十二）: the import
/// records the act and the articles it changes; the current 民法典 has no amendments.
#[test]
fn later_amendments_are_recorded() {
    let site = tempfile::tempdir().unwrap();
    let files = import_bundled(&["刑法".into(), "民法典".into()], site.path()).unwrap();
    let index =
        std::fs::read_to_string(site.path().join("content/laws/xing-fa/_index.md")).unwrap();
    assert!(index.contains(
        "\nversion_date = \"2020-12-26\"\namended_by = [\"中华人民共和国刑法修正案（十二）\"]\n\
         amended_on = \"2023-12-29\"\namended_articles = [165, 166, 169, 387, 390, 391, 393]\n"
    ));
    let civil =
        std::fs::read_to_string(site.path().join("content/laws/min-fa-dian/_index.md")).unwrap();
    assert!(!civil.contains("amended"));
    let lib = site_library(site.path(), &files);
    let crim = lib.law("刑法").unwrap();
    assert!(crim.is_outdated());
    assert_eq!(crim.version_date, "2020-12-26");
    assert_eq!(
        crim.amended_articles.as_deref(),
        Some(&[165, 166, 169, 387, 390, 391, 393][..])
    );
    assert!(!lib.law("民法典").unwrap().is_outdated());
}
