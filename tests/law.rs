//! Law citations end to end: `pufa laws import` from the law database, then a build of a page
//! that cites the law in five forms gets links and article text for the three valid ones, and
//! warnings naming file and line for a repealed law and an article that does not exist.

mod common;

use common::*;
use std::path::Path;

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            copy_dir(&p, &to.join(e.file_name()));
        } else {
            std::fs::copy(&p, to.join(e.file_name())).unwrap();
        }
    }
}

#[test]
fn five_citation_forms_after_importing_two_laws() {
    let db = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/laws/laws.db");
    if !db.exists() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must have {}",
            db.display()
        );
        eprintln!("skipped: {} is not here", db.display());
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_dir(&sites_dir().join("law-citations"), &site);

    let import = pufa()
        .arg("--root")
        .arg(&site)
        .args(["laws", "import"])
        .arg(&db)
        .args(["民法典", "刑法"])
        .output()
        .unwrap();
    assert!(import.status.success(), "{}", stderr(&import));
    assert!(site.join("content/laws/min-fa-dian/_index.md").is_file());
    assert!(site.join("content/laws/xing-fa/bian-1.md").is_file());

    let out = tmp.path().join("public");
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
