//! Law citations end to end: `pufa laws import` from a law database file, then a build of a page
//! that cites the law in five forms gets links and article text for the three valid ones, and
//! warnings naming file and line for a repealed law and an article that does not exist.

use crate::common::*;
use std::path::{Path, PathBuf};

/// An SQLite law database in the format of `laws.db`: `LAWS_DB` when set, else one written
/// into `dir` from the law text that ships with pufa (民法典, 刑法 and its latest amendment), so that
/// `pufa laws import <DB>` is tested on every machine.
fn law_db(dir: &Path) -> PathBuf {
    if let Some(db) = std::env::var_os("LAWS_DB") {
        return PathBuf::from(db);
    }
    let bundle = pufa::law::bundled::load().unwrap();
    let path = dir.join("laws.db");
    let mut conn = rusqlite::Connection::open(&path).unwrap();
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
    for (l, rows) in bundle.laws.iter().zip(&bundle.articles) {
        let wanted = [
            "中华人民共和国民法典",
            "中华人民共和国刑法",
            "中华人民共和国刑法修正案（十二）",
        ];
        if !wanted.contains(&l.name.as_str()) {
            continue;
        }
        tx.execute(
            "INSERT INTO laws VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            rusqlite::params![
                l.id,
                l.name,
                l.doc_type,
                l.level,
                l.issuing_body,
                l.publish_date,
                l.effective_date,
                l.version_date,
                l.status,
                l.law_department
            ],
        )
        .unwrap();
        for (c, sec, no, n, text) in rows {
            tx.execute(
                "INSERT INTO articles (law_id, law_name, chapter, section, article_no, \
                 article_no_arabic, article_text) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                rusqlite::params![l.id, l.name, c, sec, no, n, text],
            )
            .unwrap();
        }
    }
    tx.commit().unwrap();
    path
}

#[test]
fn five_citation_forms_after_importing_two_laws() {
    let site = SiteTest::fixture("law-citations");
    let db = law_db(site.tmp());

    let import = site
        .pufa()
        .args(["laws", "import"])
        .arg(&db)
        .args(["民法典", "刑法"])
        .output()
        .unwrap();
    assert!(import.status.success(), "{}", stderr(&import));
    assert!(site.join("content/laws/min-fa-dian/_index.md").is_file());
    assert!(site.join("content/laws/xing-fa/bian-1.md").is_file());

    let out = site.tmp().join("public");
    let o = build(&site, &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    let warnings: Vec<&str> = err.lines().filter(|l| l.contains(": 警告: ")).collect();
    assert_eq!(
        warnings,
        vec![
            "content/anli/zui-jia-an.md:15: 警告: 《中华人民共和国合同法》已于2021-01-01废止，已由《中华人民共和国民法典》取代，请改引现行法律。",
            "content/anli/zui-jia-an.md:17: 警告: 《中华人民共和国刑法》共452条（最后一条是第四百五十二条），没有第五百条；请核对条文序号。",
        ]
    );

    let html = std::fs::read_to_string(out.join("anli/zui-jia-an/index.html")).unwrap();
    let links: Vec<&str> = html
        .match_indices("class=\"law-cite\" href=\"")
        .map(|(i, m)| {
            let rest = &html[i + m.len()..];
            &rest[..rest.find('"').unwrap()]
        })
        .collect();
    assert_eq!(
        links,
        vec![
            "https://example.cn/pufa/laws/xing-fa/bian-2-zhang-2/#art-133-1",
            "https://example.cn/pufa/laws/min-fa-dian/bian-7/#art-1165",
            "https://example.cn/pufa/laws/xing-fa/bian-1/#art-20",
        ]
    );
    // Each cited article's text is on the page, without JavaScript.
    assert_eq!(html.matches("<details class=\"law-note\">").count(), 3);
    assert!(html.contains("行为人因过错侵害他人民事权益造成损害的，应当承担侵权责任。"));
    // `page.citations` for templates, in order of first appearance.
    let cited: Vec<&str> = html
        .match_indices("<li data-url=")
        .map(|(i, _)| &html[i..i + html[i..].find("</li>").unwrap()])
        .collect();
    assert_eq!(cited.len(), 3);
    assert!(cited[0].ends_with("刑法 第一百三十三条之一"));
    assert!(cited[1].ends_with("民法典 第一千一百六十五条"));
    assert!(cited[2].ends_with("刑法 第二十条"));
    // Nothing is linked inside code or an existing link (line 19 of the article).
    assert!(html.contains("<code>刑法第二十条</code>"));

    // The article pages carry the anchors the links point to.
    let part = std::fs::read_to_string(out.join("laws/min-fa-dian/bian-7/index.html")).unwrap();
    assert!(part.contains("id=\"art-1165\""));
}
