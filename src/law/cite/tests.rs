//! Tests of the citation scanner: one per citation form and per warning.

use super::*;
use crate::law::tests::sample;
use serde_json::json;

const CIVIL: &str = "https://x.cn/laws/min-fa-dian/";
const CRIM: &str = "https://x.cn/laws/xing-fa/";

fn link(url: &str, anchor: &str, text: &str) -> String {
    format!("<a class=\"law-cite\" href=\"{url}#{anchor}\">{text}</a>")
}

/// Scans one paragraph; returns (html or None, citations, warnings).
fn scan(lib: &LawLibrary, text: &str) -> (Option<String>, Vec<Citation>, Vec<Warning>) {
    let mut s = Scanner::new(lib);
    let html = s.text(text, 7);
    s.end_block();
    let (c, w) = s.finish();
    (html, c, w)
}

#[test]
fn full_name_in_book_marks() {
    let lib = sample();
    let (html, cites, warns) = scan(
        &lib,
        "依据《中华人民共和国民法典》第一千一百六十五条规定，应担责。",
    );
    assert_eq!(
        html.unwrap(),
        format!(
            "依据{}规定，应担责。",
            link(
                CIVIL,
                "art-1165",
                "《中华人民共和国民法典》第一千一百六十五条"
            )
        )
    );
    assert!(warns.is_empty());
    assert_eq!(cites.len(), 1);
    let c = &cites[0];
    assert_eq!(
        (
            c.law.as_str(),
            c.law_short.as_str(),
            c.article.as_str(),
            c.number
        ),
        ("中华人民共和国民法典", "民法典", "第一千一百六十五条", 1165)
    );
    assert_eq!(c.url, format!("{CIVIL}#art-1165"));
    assert!(c.text.starts_with("行为人因过错"));
}

/// A citation shares its article's text with the law library (one copy however many pages
/// cite it), and serialises to the same `page.citations` value as a plain string would.
#[test]
fn a_citation_shares_the_article_text_and_serialises_as_before() {
    let lib = sample();
    let (_, cites, _) = scan(&lib, "《民法典》第1165条；刑法第二十条第三款。");
    let (_, again, _) = scan(&lib, "又见《民法典》第一千一百六十五条。");
    let article = lib.law("民法典").unwrap().article(1165, None).unwrap();
    assert!(Arc::ptr_eq(&cites[0].text, &article.text));
    assert!(Arc::ptr_eq(&again[0].text, &article.text));
    let v = serde_json::to_value(&cites[1]).unwrap();
    let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        [
            "law",
            "law_short",
            "article",
            "number",
            "sub",
            "paragraph",
            "text",
            "url"
        ]
    );
    assert_eq!(
        v,
        json!({
            "law": "中华人民共和国刑法",
            "law_short": "刑法",
            "article": "第二十条",
            "number": 20,
            "sub": null,
            "paragraph": 3,
            "text": &*lib.law("刑法").unwrap().article(20, None).unwrap().text,
            "url": format!("{CRIM}#art-20"),
        })
    );
}

#[test]
fn short_name_arabic_number() {
    let lib = sample();
    let (html, cites, _) = scan(&lib, "见《民法典》第1165条。");
    assert_eq!(
        html.unwrap(),
        format!("见{}。", link(CIVIL, "art-1165", "《民法典》第1165条"))
    );
    assert_eq!(cites[0].article, "第一千一百六十五条");
}

#[test]
fn bare_name_with_paragraph() {
    let lib = sample();
    let (html, cites, _) = scan(&lib, "符合刑法第二十条第三款的规定");
    assert_eq!(
        html.unwrap(),
        format!("符合{}的规定", link(CRIM, "art-20", "刑法第二十条第三款"))
    );
    assert_eq!(cites[0].paragraph, Some(3));
    assert_eq!(cites[0].text.lines().count(), 3);
}

#[test]
fn article_zhi_yi() {
    let lib = sample();
    let (html, cites, _) = scan(&lib, "醉驾适用《刑法》第一百三十三条之一第一款第（二）项。");
    assert_eq!(
        html.unwrap(),
        format!(
            "醉驾适用{}。",
            link(
                CRIM,
                "art-133-1",
                "《刑法》第一百三十三条之一第一款第（二）项"
            )
        )
    );
    assert_eq!((cites[0].number, cites[0].sub), (133, Some(1)));
    assert_eq!(cites[0].article, "第一百三十三条之一");
}

#[test]
fn list_of_articles() {
    let lib = sample();
    let (html, cites, _) = scan(
        &lib,
        "《民法典》第一千一百六十四条、第一千一百六十五条和第一千二百六十条",
    );
    assert_eq!(
        html.unwrap(),
        format!(
            "{}、{}和{}",
            link(CIVIL, "art-1164", "《民法典》第一千一百六十四条"),
            link(CIVIL, "art-1165", "第一千一百六十五条"),
            link(CIVIL, "art-1260", "第一千二百六十条")
        )
    );
    let numbers: Vec<u32> = cites.iter().map(|c| c.number).collect();
    assert_eq!(numbers, [1164, 1165, 1260]);
}

fn numbered_law() -> LawLibrary {
    let body: String = (1..=20)
        .map(|n| {
            format!(
                "**{}** 第{n}条的内容。\n\n",
                numerals::article_label(n, None)
            )
        })
        .collect();
    let extra = json!({"law": {"name": "中华人民共和国人民调解法"}});
    let mut lib = LawLibrary::new();
    assert!(lib.add_page(&extra, &body, "/laws/tiao-jie/").unwrap());
    lib
}

#[test]
fn range_of_articles() {
    let lib = numbered_law();
    let (html, cites, warns) = scan(&lib, "人民调解法第十一条至第十六条规定了调解委员会");
    assert_eq!(
        html.unwrap(),
        format!(
            "{}至{}规定了调解委员会",
            link("/laws/tiao-jie/", "art-11", "人民调解法第十一条"),
            link("/laws/tiao-jie/", "art-16", "第十六条")
        )
    );
    let numbers: Vec<u32> = cites.iter().map(|c| c.number).collect();
    assert_eq!(numbers, [11, 12, 13, 14, 15, 16]);
    assert!(warns.is_empty());
}

#[test]
fn alias_defined_on_the_page() {
    let lib = sample();
    let mut s = Scanner::new(&lib);
    let first = s.text(
        "《中华人民共和国民法典》（以下简称“法典”）自2021年起施行。",
        1,
    );
    assert_eq!(first, None);
    s.end_block();
    let html = s.text("法典第一千一百六十五条规定了过错责任。", 3).unwrap();
    assert_eq!(
        html,
        format!(
            "{}规定了过错责任。",
            link(CIVIL, "art-1165", "法典第一千一百六十五条")
        )
    );
    let (_, w) = s.finish();
    assert!(w.is_empty(), "{w:?}");
}

#[test]
fn alias_in_book_marks() {
    let lib = numbered_law();
    let mut s = Scanner::new(&lib);
    s.text("《中华人民共和国人民调解法》（以下简称《调解法》）。", 1);
    let html = s.text("《调解法》第三条", 2).unwrap();
    assert_eq!(html, link("/laws/tiao-jie/", "art-3", "《调解法》第三条"));
    assert!(s.finish().1.is_empty());
}

#[test]
fn bare_article_in_same_sentence_only() {
    let lib = sample();
    // Same sentence, even across text runs split by emphasis.
    let mut s = Scanner::new(&lib);
    assert_eq!(s.text("《民法典》规定了侵权责任，", 1), None);
    let html = s.text("第一千一百六十五条是过错责任。第一千一百六十四条不算。", 1);
    assert_eq!(
        html.unwrap(),
        format!(
            "{}是过错责任。第一千一百六十四条不算。",
            link(CIVIL, "art-1165", "第一千一百六十五条")
        )
    );
    // A new paragraph starts without a law.
    s.end_block();
    assert_eq!(s.text("第一千一百六十四条", 2), None);
    let (cites, _) = s.finish();
    assert_eq!(cites.len(), 1);
}

#[test]
fn repealed_law_warns_with_line() {
    let lib = sample();
    let (html, cites, warns) = scan(&lib, "根据原来的\n《合同法》第五十二条，合同无效。");
    assert_eq!(html, None);
    assert!(cites.is_empty());
    assert_eq!(warns.len(), 1);
    assert_eq!(warns[0].line, 8);
    assert_eq!(
        warns[0].message.zh,
        "《中华人民共和国合同法》已于2021-01-01废止，已由《中华人民共和国民法典》取代，请改引现行法律。"
    );
}

#[test]
fn all_nine_replaced_by_civil_code_warn() {
    let lib = LawLibrary::new();
    for name in [
        "婚姻法",
        "继承法",
        "民法通则",
        "收养法",
        "担保法",
        "合同法",
        "物权法",
        "侵权责任法",
        "民法总则",
    ] {
        let (_, _, w) = scan(&lib, &format!("《{name}》第一条"));
        assert_eq!(w.len(), 1, "{name}");
        assert!(w[0].message.en.contains("repealed on 2021-01-01"), "{name}");
    }
}

#[test]
fn article_beyond_last_warns() {
    let lib = sample();
    let (html, cites, warns) = scan(&lib, "刑法第五百条");
    assert_eq!(html, None);
    assert!(cites.is_empty());
    assert_eq!(
        warns,
        [Warning {
            line: 7,
            message: Msg::new(
                "《中华人民共和国刑法》共452条（最后一条是第四百五十二条），没有第五百条；请核对条文序号。",
                "中华人民共和国刑法 has no article 500 (its last article is 452)",
            ),
        }]
    );
}

#[test]
fn unknown_law_in_book_marks_warns() {
    let lib = sample();
    let (html, _, warns) = scan(&lib, "《乡村美化法》第三条和《红楼梦》第三回");
    assert_eq!(html, None);
    assert_eq!(warns.len(), 1);
    assert!(warns[0]
        .message
        .zh
        .starts_with("《乡村美化法》不在本站的法律库中"));
}

#[test]
fn a_real_law_missing_from_the_library_says_how_to_add_it() {
    let lib = sample();
    for text in [
        "依照《价格法》第十三条",
        "依照《中华人民共和国价格法》第十三条",
    ] {
        let (_, _, warns) = scan(&lib, text);
        assert_eq!(warns.len(), 1, "{text}");
        let msg = &warns[0].message.zh;
        assert!(msg.contains("不在本站的法律库中"), "{msg}");
        assert!(msg.contains("pufa laws import 价格法 "), "{msg}");
        assert!(!msg.contains("也不是已知的法律名称"), "{msg}");
    }
}

#[test]
fn known_law_missing_from_library() {
    let lib = sample();
    let (html, _, warns) = scan(&lib, "《劳动法》第三条");
    assert_eq!(html, None);
    assert_eq!(
        warns[0].message.en,
        "中华人民共和国劳动法 is not in the site's law library; the citation is not linked"
    );
    // A site without a library gets one site-wide warning from the caller instead.
    let (_, _, warns) = scan(&LawLibrary::new(), "《劳动法》第三条");
    assert!(warns.is_empty());
}

#[test]
fn notes_after_block_and_related_block() {
    let lib = sample();
    let mut s = Scanner::new(&lib);
    s.text("《民法典》第1165条与民法典第1165条<b>", 1).unwrap();
    let notes = s.end_block().unwrap();
    assert_eq!(notes.matches("<details").count(), 1);
    assert!(notes.starts_with(
        "<details class=\"law-note\"><summary>《民法典》第一千一百六十五条</summary><blockquote cite=\"https://x.cn/laws/min-fa-dian/#art-1165\"><p>行为人因过错"
    ));
    // The same article later on the page gets no second note.
    s.text("《民法典》第一千一百六十五条", 2).unwrap();
    assert_eq!(s.end_block(), None);
    let (cites, _) = s.finish();
    assert_eq!(cites.len(), 1);
    let block = related_block_html(&cites);
    assert!(block.starts_with("<section class=\"law-related\""));
    assert!(block.contains("<dt><a href=\"https://x.cn/laws/min-fa-dian/#art-1165\">《中华人民共和国民法典》第一千一百六十五条</a></dt>"));
    assert_eq!(related_block_html(&[]), "");
}

#[test]
fn text_is_escaped() {
    let lib = sample();
    let (html, _, _) = scan(&lib, "a<b>&《民法典》第1165条");
    assert!(html.unwrap().starts_with("a&lt;b&gt;&amp;<a "));
}

#[test]
fn no_false_matches() {
    let lib = sample();
    for t in [
        "第三章 总则",
        "第1165条",
        "刑法学第一课",
        "本院认为，第二十条不适用。",
        "《民法典》第三编",
    ] {
        assert_eq!(scan(&lib, t).0, None, "{t}");
    }
}

#[test]
fn spaces_and_version_notes() {
    let lib = sample();
    let (html, _, _) = scan(&lib, "《民法典》 第 1165 条");
    assert_eq!(
        html.unwrap(),
        link(CIVIL, "art-1165", "《民法典》 第 1165 条")
    );
    let (html, _, _) = scan(&lib, "《中华人民共和国刑法》（2020年修正）第二十条");
    assert_eq!(
        html.unwrap(),
        link(
            CRIM,
            "art-20",
            "《中华人民共和国刑法》（2020年修正）第二十条"
        )
    );
    // A parenthesis that is not a version note is not part of the link; the article is
    // still cited through the law named in the same sentence.
    assert_eq!(
        scan(&lib, "《民法典》（草案）第1165条").0.unwrap(),
        format!("《民法典》（草案）{}", link(CIVIL, "art-1165", "第1165条"))
    );
}

/// The acceptance scenario: after importing 民法典 and 刑法 (the law text that ships with
/// pufa), a page citing five forms links the three valid ones and warns about the other two,
/// with lines.
#[test]
fn five_forms_against_imported_laws() {
    let site = tempfile::tempdir().unwrap();
    let files =
        crate::law::import::import_bundled(&["民法典".into(), "刑法".into()], site.path()).unwrap();
    let lib = crate::law::import::tests::site_library(site.path(), &files);
    let mut s = Scanner::new(&lib);
    let mut html = String::new();
    let paragraphs = [
        (
            3,
            "张某醉酒驾驶，依照《中华人民共和国刑法》第一百三十三条之一被判处拘役。",
        ),
        (5, "根据《民法典》第1165条，他应当赔偿；"),
        (7, "刑法第二十条第三款规定了特殊防卫。"),
        (9, "有人还引用《合同法》第五十二条，"),
        (10, "以及刑法第五百条。"),
    ];
    for (line, p) in paragraphs {
        html.push_str(&s.text(p, line).unwrap_or_else(|| p.to_string()));
        html.push_str(&s.end_block().unwrap_or_default());
    }
    let (cites, warns) = s.finish();
    assert_eq!(html.matches("<a class=\"law-cite\"").count(), 3);
    assert_eq!(html.matches("<details class=\"law-note\">").count(), 3);
    // 刑法 is split: the article links to the part that holds it.
    assert!(html.contains("href=\"/laws/xing-fa/bian-2-zhang-2/#art-133-1\""));
    assert!(html.contains("<p>在道路上驾驶机动车，有下列情形之一的，处拘役，并处罚金：</p>"));
    let labels: Vec<String> = cites
        .iter()
        .map(|c| format!("{}{}", c.law_short, c.article))
        .collect();
    assert_eq!(
        labels,
        [
            "刑法第一百三十三条之一",
            "民法典第一千一百六十五条",
            "刑法第二十条"
        ]
    );
    let lines: Vec<usize> = warns.iter().map(|w| w.line).collect();
    assert_eq!(lines, [9, 10]);
    assert!(warns[0].message.zh.contains("合同法》已于2021-01-01废止"));
    assert!(warns[1].message.zh.contains("共452条"));
}

#[test]
fn law_page_links_ben_fa_to_itself_without_notes() {
    let lib = sample();
    let mut s = Scanner::for_law_page(&lib, "中华人民共和国刑法");
    let html = s
        .text("依照本法第二十条的规定。本法第一百三十三条", 1)
        .unwrap();
    assert_eq!(
        html,
        format!(
            "依照{}的规定。{}",
            link(CRIM, "art-20", "本法第二十条"),
            link(CRIM, "art-133", "本法第一百三十三条")
        )
    );
    assert_eq!(s.end_block(), None);
    // Elsewhere `本法` means nothing.
    assert_eq!(scan(&lib, "本法第二十条").0, None);
}

#[test]
fn paragraph_beyond_article_warns_but_links() {
    let lib = sample();
    let (html, cites, warns) = scan(&lib, "《民法典》第一千一百六十五条第三款");
    assert!(html.is_some());
    assert_eq!(cites.len(), 1);
    assert_eq!(
        warns[0].message.zh,
        "《中华人民共和国民法典》第一千一百六十五条只有二款，没有第三款；请核对。"
    );
    assert!(scan(&lib, "《民法典》第一千一百六十五条第二款")
        .2
        .is_empty());
}

#[test]
fn other_instruments_are_not_the_law() {
    let lib = sample();
    // An implementing regulation: the bare article is not the law's.
    assert_eq!(scan(&lib, "道路交通安全法实施条例第九十条").0, None);
    let (html, _, _) = scan(&lib, "依据刑法修正案第一条和刑法第二十条");
    assert_eq!(
        html.unwrap(),
        format!(
            "依据刑法修正案第一条和{}",
            link(CRIM, "art-20", "刑法第二十条")
        )
    );
    // A law named inside a judicial interpretation's title.
    let (html, _, warns) = scan(
        &lib,
        "《最高人民法院关于适用〈中华人民共和国民法典〉时间效力的若干规定》（以下简称《规定》）第三条",
    );
    assert_eq!(html, None);
    // A 规定 is not a statute: no "unknown law" warning.
    assert!(warns.is_empty(), "{warns:?}");
    let (html, _, _) = scan(
        &lib,
        "最高人民法院关于适用《中华人民共和国民法典》侵权责任编的解释第三条",
    );
    assert_eq!(html, None);
    // An alias of an unknown instrument: one warning, not two.
    let mut s = Scanner::new(&lib);
    s.text(
        "《乡村美化法》（以下简称《美化法》）第三条。《美化法》第五条",
        1,
    );
    assert_eq!(s.finish().1.len(), 1);
}

#[test]
fn mention_of_repealed_law_without_article_does_not_warn() {
    let lib = sample();
    let (html, cites, warns) = scan(
        &lib,
        "民法典施行后，原来的婚姻法、继承法、合同法、物权法等九部法律同时废止。《合同法》也不再适用。",
    );
    assert_eq!(html, None);
    assert!(cites.is_empty());
    assert!(warns.is_empty(), "{warns:?}");
}

#[test]
fn repealed_law_warns_when_an_article_is_cited() {
    let lib = sample();
    let want = "《中华人民共和国合同法》已于2021-01-01废止，已由《中华人民共和国民法典》取代，请改引现行法律。";
    for text in [
        "《合同法》第五十二条",
        "合同法第52条",
        "依照合同法的规定，第五十二条",
    ] {
        let (_, _, warns) = scan(&lib, text);
        let zh: Vec<&str> = warns.iter().map(|w| w.message.zh.as_str()).collect();
        assert_eq!(zh, [want], "{text}");
    }
}

#[test]
fn administrative_regulation_is_not_an_unknown_law() {
    let lib = sample();
    for text in [
        "《工伤保险条例》第十四条：职工有下列情形之一的，应当认定为工伤",
        "依据《保障农民工工资支付条例》的规定，建筑公司先行清偿工资。",
        "《某某市物业管理办法》第三条、《最高人民法院关于审理劳动争议案件适用法律问题的解释（一）》第五条、《某某规定》",
    ] {
        let (html, cites, warns) = scan(&lib, text);
        assert_eq!(html, None, "{text}");
        assert!(cites.is_empty(), "{text}");
        assert!(warns.is_empty(), "{text}: {warns:?}");
    }
    // `…法` names keep the warning.
    let (_, _, warns) = scan(&lib, "《乡村美化法》");
    assert_eq!(warns.len(), 1);
}

#[test]
fn law_missing_from_library_warns_only_when_an_article_is_cited() {
    let lib = sample();
    let (_, _, warns) = scan(&lib, "学习《中华人民共和国劳动法》和劳动法的知识。");
    assert!(warns.is_empty(), "{warns:?}");
    let (_, _, warns) = scan(&lib, "劳动法第三条");
    assert_eq!(warns.len(), 1);
}

#[test]
fn law_page_does_not_warn_about_laws_it_mentions() {
    let lib = sample();
    let mut s = Scanner::for_law_page(&lib, "中华人民共和国刑法");
    s.text(
        "依照《中华人民共和国价格法》的有关规定处罚；违反《合同法》第五十二条、劳动法第三条的，依照本法第二十条处理。",
        1,
    );
    let (cites, warns) = s.finish();
    assert!(warns.is_empty(), "{warns:?}");
    assert_eq!(cites.len(), 1);
    // An article that does not exist is still reported.
    let mut s = Scanner::for_law_page(&lib, "中华人民共和国刑法");
    s.text("依照本法第五百条处理。", 1);
    assert_eq!(s.finish().1.len(), 1);
}

/// 刑法 in the library is the 2020-12-26 text; 刑法修正案（十二） changed 第三百九十条
/// since: citing it warns (once per page), citing an unchanged article does not. A law page
/// marked 已被修改 without the list of changed articles warns once for the law.
#[test]
fn amended_articles_warn() {
    let site = tempfile::tempdir().unwrap();
    let files = crate::law::import::import_bundled(&["刑法".into()], site.path()).unwrap();
    let lib = crate::law::import::tests::site_library(site.path(), &files);
    let mut s = Scanner::new(&lib);
    for (line, p) in [
        (3, "依照《刑法》第三百九十条，行贿罪从重处罚。"),
        (4, "刑法第三百九十条还规定了从宽。"),
        (5, "刑法第二十条规定了正当防卫。"),
    ] {
        s.text(p, line);
        s.end_block();
    }
    let (cites, warns) = s.finish();
    assert_eq!(cites.len(), 2);
    assert_eq!(warns.len(), 1, "{warns:?}");
    assert_eq!(warns[0].line, 3);
    assert_eq!(
        warns[0].message.zh,
        "《中华人民共和国刑法》第三百九十条已被《中华人民共和国刑法修正案（十二）》（2023-12-29）修改，本站法律库中是修改前的2020-12-26版文本；请核对现行条文。"
    );

    let old = json!({"law": {"name": "中华人民共和国刑法", "status": "已被修改", "version_date": "2020-12-26"}});
    let (lib, _) = LawLibrary::from_pages([(&old, "**第二十条** 正当防卫。\n", CRIM)]);
    let (_, cites, warns) = scan(&lib, "刑法第二十条和刑法第二十条。");
    assert_eq!(cites.len(), 1);
    assert_eq!(warns.len(), 1);
    assert_eq!(
        warns[0].message.zh,
        "本站法律库中的《中华人民共和国刑法》是2020-12-26版文本，此后已被修改，所引条文可能已有变化；请核对现行文本，或导入新版本。"
    );
}
