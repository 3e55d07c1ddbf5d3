//! End-to-end tests: build an index, query it from disk, compare with substring truth.

use super::*;
use std::path::Path;

fn doc(url: &str, title: &str, body: &str) -> SearchDoc {
    SearchDoc {
        url: url.into(),
        title: title.into(),
        body: body.into(),
        section: "法条".into(),
        ..Default::default()
    }
}

fn write(dir: &Path, files: &[(String, Vec<u8>)]) {
    for (p, b) in files {
        let p = dir.join(p);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, b).unwrap();
    }
}

/// The pages found by exact matching (sorted); the others must all come after them.
fn urls(dir: &Path, q: &str) -> Vec<String> {
    let hits = query_dir(dir, q, usize::MAX, &Filters::default()).unwrap();
    let n = hits.iter().take_while(|h| h.tier == "exact").count();
    assert!(
        hits[n..].iter().all(|h| h.tier != "exact"),
        "{q}: exact hits after others"
    );
    let mut u: Vec<String> = hits.into_iter().take(n).map(|h| h.url).collect();
    u.sort();
    u
}

fn small_site() -> Vec<SearchDoc> {
    let mut a = doc(
        "/a/",
        "民法典总则",
        "为了保护民事主体的合法权益，根据宪法，制定民法典。",
    );
    a.kind = Some("法条".into());
    a.taxonomies.insert("laws".into(), vec!["民法典".into()]);
    let mut b = doc(
        "/b/",
        "正当防卫",
        "为了使国家利益免受正在进行的不法侵害，而采取的制止行为，属于正当防卫，不负刑事责任。",
    );
    b.kind = Some("案例".into());
    b.taxonomies.insert("laws".into(), vec!["刑法".into()]);
    let c = doc(
        "/c/",
        "反诈宣传",
        "警惕电信网络诈骗，拨打１２３４８或96110。人民法典型案例。",
    );
    let d = doc("/d/", "Hello", "WeChat 微信 ABC abc");
    vec![a, b, c, d]
}

#[test]
fn finds_exactly_the_pages_containing_the_query() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), &build(&small_site(), &SearchOptions::default()));
    assert_eq!(urls(tmp.path(), "民法典"), vec!["/a/", "/c/"]);
    assert_eq!(urls(tmp.path(), "正当防卫"), vec!["/b/"]);
    assert_eq!(urls(tmp.path(), "12348"), vec!["/c/"]);
    assert_eq!(urls(tmp.path(), "９６１１０"), vec!["/c/"]);
    assert_eq!(urls(tmp.path(), "wechat"), vec!["/d/"]);
    assert_eq!(urls(tmp.path(), "法"), vec!["/a/", "/b/", "/c/"]);
    assert_eq!(urls(tmp.path(), "为了 行为"), vec!["/b/"]);
    // Every bigram of 民法防卫 exists somewhere, but no page holds the string.
    assert!(urls(tmp.path(), "法典防卫").is_empty());
    assert!(urls(tmp.path(), "高空抛物").is_empty());
    assert!(urls(tmp.path(), "   ").is_empty());
}

#[test]
fn ranks_title_and_whole_word_first_and_filters() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), &build(&small_site(), &SearchOptions::default()));
    let hits = query_dir(tmp.path(), "民法典", 10, &Filters::default()).unwrap();
    assert_eq!(hits[0].url, "/a/");
    assert_eq!(hits[0].title, "民法典总则");
    assert_eq!(
        hits[0].excerpt,
        "为了保护民事主体的合法权益，根据宪法，制定民法典。"
    );
    assert_eq!(hits[0].kind.as_deref(), Some("法条"));
    assert!(hits[0].score > hits[1].score);
    let f = Filters {
        law: Some("刑法".into()),
        ..Default::default()
    };
    let hits = query_dir(tmp.path(), "为了", 10, &f).unwrap();
    assert_eq!(
        hits.iter().map(|h| h.url.as_str()).collect::<Vec<_>>(),
        vec!["/b/"]
    );
    let f = Filters {
        kind: Some("法条".into()),
        ..Default::default()
    };
    assert_eq!(query_dir(tmp.path(), "为了", 10, &f).unwrap().len(), 1);
}

#[test]
fn output_is_deterministic_and_order_independent() {
    let docs = small_site();
    let mut rev = docs.clone();
    rev.reverse();
    let a = build(&docs, &SearchOptions::default());
    assert_eq!(a, build(&rev, &SearchOptions::default()));
    let names: Vec<&str> = a.iter().map(|f| f.0.as_str()).collect();
    assert!(names.contains(&"search/index.json"));
    assert!(names.contains(&"search/pufa-search.js"));
    assert!(names.contains(&"search/d/0.json"));
}

/// A pasted paragraph is searched by its first `QUERY_MAX_CHARS` characters: the same pages
/// as those characters alone, and at once (not every shard of the index).
#[test]
fn a_pasted_paragraph_is_searched_by_its_first_hundred_characters() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), &build(&small_site(), &SearchOptions::default()));
    let head = format!("正当防卫{}", "的".repeat(QUERY_MAX_CHARS - 4));
    let long = format!("{head}{}", "民法典".repeat(3000));
    assert_eq!(capped(&long), head);
    assert_eq!(capped("民法典"), "民法典");
    assert_eq!(capped(&head), head);
    let all = |q: &str| {
        query_dir(tmp.path(), q, 10, &Filters::default())
            .unwrap()
            .into_iter()
            .map(|h| h.url)
            .collect::<Vec<_>>()
    };
    assert_eq!(all(&long), all(&head));
    // The page cuts the query at the same length.
    assert!(SEARCH_JS.contains(&format!("QMAX = {QUERY_MAX_CHARS},")));
    assert!(!all(&long).contains(&"/a/".to_string()), "{:?}", all(&long));
}

#[test]
fn missing_index_is_a_clear_error() {
    let tmp = tempfile::tempdir().unwrap();
    let e = query_dir(tmp.path(), "法", 5, &Filters::default()).unwrap_err();
    assert!(e.to_string().contains("pufa build"), "{e}");
}

/// Real statute text from laws.db (via benches/search/make_corpus.py, which needs python3):
/// every query — legal terms, 12348, single characters, words on no page and random
/// substrings — must return exactly the pages that contain it. Skipped when the database
/// or python3 is missing, except under CI.
#[test]
fn laws_db_corpus_matches_substring_truth() {
    let Some(db) = crate::test_data::laws_db() else {
        return;
    };
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/search/make_corpus.py");
    let tmp = tempfile::tempdir().unwrap();
    let status = std::process::Command::new("python3")
        .arg(&script)
        .args([db.as_os_str(), tmp.path().as_os_str()])
        .args(["600", "2", "7"])
        .output();
    let Ok(out) = status else {
        crate::test_data::missing("python3");
        return;
    };
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let docs: Vec<SearchDoc> = std::fs::read_to_string(tmp.path().join("docs.jsonl"))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(docs.len(), 600);
    let site = tmp.path().join("out");
    write(&site, &build(&docs, &SearchOptions::default()));
    let queries: Vec<serde_json::Value> =
        serde_json::from_str(&std::fs::read_to_string(tmp.path().join("queries.json")).unwrap())
            .unwrap();
    let mut with_hits = 0;
    for q in &queries {
        let text = q["q"].as_str().unwrap();
        let truth: Vec<String> = q["truth"]
            .as_array()
            .unwrap()
            .iter()
            .map(|u| u.as_str().unwrap().to_string())
            .collect();
        let mut truth = truth;
        truth.sort();
        assert_eq!(urls(&site, text), truth, "query {text}");
        with_hits += usize::from(!truth.is_empty());
    }
    // The corpus must really exercise matching: most queries have hits, some have none.
    assert!(
        with_hits >= 30 && with_hits < queries.len(),
        "{with_hits}/{}",
        queries.len()
    );
    for q in ["民法典", "法", "量子纠缠"] {
        assert!(
            queries.iter().any(|x| x["q"] == q),
            "{q} not among the queries"
        );
    }
}

fn forgiving_site() -> Vec<SearchDoc> {
    let mut law = doc(
        "/law/",
        "民法典 第五编 婚姻家庭",
        "第一千零七十六条 夫妻双方自愿离婚的，应当签订书面离婚协议。\n\
         第一千零七十七条 自婚姻登记机关收到离婚登记申请之日起三十日内，任何一方不愿意离婚的，可以向婚姻登记机关撤回离婚登记申请。",
    );
    law.headings = vec!["第一章 离婚".into(), "撤回离婚登记申请的规定".into()];
    vec![
        law,
        doc(
            "/dv/",
            "反家庭暴力法",
            "第二条 本法所称家庭暴力，是指家庭成员之间以殴打、捆绑等方式实施的侵害行为。",
        ),
        doc("/case/", "家暴案例", "丈夫家暴妻子，法院发出保护令。"),
        doc(
            "/fw/",
            "正当防卫",
            "为了使国家利益免受正在进行的不法侵害，而采取的制止行为，属于正当防卫。",
        ),
    ]
}

#[test]
fn everyday_words_rank_after_exact_matches_and_are_reported() {
    let tmp = tempfile::tempdir().unwrap();
    write(
        tmp.path(),
        &build(&forgiving_site(), &SearchOptions::default()),
    );
    let a = query_dir_full(tmp.path(), "家暴", 10, &Filters::default()).unwrap();
    let got: Vec<(&str, &str)> = a.hits.iter().map(|h| (h.url.as_str(), h.tier)).collect();
    assert_eq!(got, vec![("/case/", "exact"), ("/dv/", "thesaurus")]);
    assert!(a.also.contains(&"家庭暴力".to_string()), "{:?}", a.also);
    assert_eq!(a.suggestion, None);
}

/// An everyday word that the pages found as typed only name in passing (`query::in_passing`):
/// the pages of its legal terms come first, then those — but a page whose title holds the word
/// is about it and stays first.
#[test]
fn everyday_words_named_in_passing_follow_their_legal_terms() {
    let mut site = vec![
        doc(
            "/vc/",
            "村民委员会组织法 第十一条",
            "村民委员会应当关爱留守儿童、老年人和残疾人。",
        ),
        doc(
            "/mp/",
            "未成年人保护法 第二十二条",
            "父母外出务工的，应当委托具有照护能力的人代为照护留守未成年人。",
        ),
    ];
    let run = |site: &[SearchDoc]| {
        let tmp = tempfile::tempdir().unwrap();
        write(tmp.path(), &build(site, &SearchOptions::default()));
        let a = query_dir_full(tmp.path(), "留守儿童", 10, &Filters::default()).unwrap();
        a.hits
            .iter()
            .map(|h| (h.url.clone(), h.tier))
            .collect::<Vec<_>>()
    };
    let want = |w: &[(&str, &'static str)]| -> Vec<(String, &'static str)> {
        w.iter().map(|(u, t)| (u.to_string(), *t)).collect()
    };
    assert_eq!(
        run(&site),
        want(&[("/mp/", "thesaurus"), ("/vc/", "exact")])
    );
    site.push(doc(
        "/qa/",
        "留守儿童谁来管",
        "父母外出打工，孩子交给爷爷奶奶照看。",
    ));
    assert_eq!(
        run(&site),
        want(&[("/qa/", "exact"), ("/mp/", "thesaurus"), ("/vc/", "exact")])
    );
}

#[test]
fn questions_numbers_pinyin_and_typos_are_understood() {
    let tmp = tempfile::tempdir().unwrap();
    write(
        tmp.path(),
        &build(&forgiving_site(), &SearchOptions::default()),
    );
    let first = |q: &str| {
        let a = query_dir_full(tmp.path(), q, 10, &Filters::default()).unwrap();
        let h = a.hits.first().cloned();
        (h, a.suggestion)
    };
    // Question and voice-input punctuation.
    let (h, _) = first("什么是正当防卫？");
    assert_eq!(h.map(|h| (h.url, h.tier)), Some(("/fw/".into(), "clean")));
    // Arabic article number with the law name: the article's anchor, excerpt from the body.
    for q in ["民法典第1077条", "第 1077 条", "第１０７７条"] {
        let (h, _) = first(q);
        let h = h.unwrap_or_else(|| panic!("{q}: nothing"));
        assert_eq!(
            (h.url.as_str(), h.anchor.as_deref()),
            ("/law/", Some("art-1077"))
        );
        assert!(
            h.excerpt.contains("第一千零七十七条 自婚姻"),
            "{}",
            h.excerpt
        );
    }
    // A match in the headings and the body: the excerpt comes from the body.
    let (h, _) = first("撤回离婚登记申请");
    assert!(h.unwrap().excerpt.contains("任何一方不愿意离婚"));
    // Pinyin with and without blanks, and a same-sound typo.
    for q in ["zhengdangfangwei", "zheng dang fang wei", "正挡防卫"] {
        let (h, s) = first(q);
        assert_eq!(s.as_deref(), Some("正当防卫"), "{q}");
        assert_eq!(
            h.map(|h| (h.url, h.tier)),
            Some(("/fw/".into(), "respelled"))
        );
    }
    // One character wrong (not by its sound), one missing, two swapped, one extra: the
    // legal term one slip away.
    for q in ["正当防御", "正当卫", "正防当卫", "正当防卫罪罪"] {
        let (h, s) = first(q);
        if q == "正当防卫罪罪" {
            // Two slips away: no suggestion.
            assert_eq!(s, None, "{q}");
            continue;
        }
        assert_eq!(s.as_deref(), Some("正当防卫"), "{q}");
        assert_eq!(
            h.map(|h| (h.url, h.tier)),
            Some(("/fw/".into(), "respelled")),
            "{q}"
        );
    }
    // Nothing near: nothing, not noise.
    assert!(first("量子纠缠").0.is_none());
}

/// Pinyin, readings and near misses sit in the respelling shards (`p/`), apart from the
/// postings: no `s/` shard holds one of their records, and a query that finds pages itself
/// (also through the thesaurus) reads no `p/` file, while a respelled one needs them.
#[test]
fn respelling_records_are_only_in_their_own_shards() {
    let tmp = tempfile::tempdir().unwrap();
    let files = build(&forgiving_site(), &SearchOptions::default());
    // The first characters of a shard's record keys.
    let key_starts = |b: &[u8]| -> Vec<char> {
        let (mut pos, mut out) = (0, Vec::new());
        while pos < b.len() {
            let n = format::get_varint(b, &mut pos).unwrap() as usize;
            let key = std::str::from_utf8(&b[pos..pos + n]).unwrap();
            out.push(key.chars().next().unwrap());
            pos += n;
            format::get_varint(b, &mut pos).unwrap();
            pos += format::get_varint(b, &mut pos).unwrap() as usize;
        }
        out
    };
    let (mut s, mut p) = (0, 0);
    let respelling = ['\u{4}', '\u{5}', '\u{6}'];
    for (name, bytes) in &files {
        if name.starts_with("search/s/") {
            s += 1;
            let starts = key_starts(bytes);
            assert!(
                !starts.iter().any(|c| respelling.contains(c)),
                "{name} holds respelling records"
            );
        } else if name.starts_with("search/p/") {
            p += 1;
            let starts = key_starts(bytes);
            assert!(
                !starts.is_empty() && starts.iter().all(|c| respelling.contains(c)),
                "{name}"
            );
        }
    }
    let manifest: serde_json::Value =
        serde_json::from_slice(&files.iter().find(|f| f.0 == "search/index.json").unwrap().1)
            .unwrap();
    assert_eq!(manifest["more"].as_u64(), Some(p));
    assert_eq!(manifest["shards"].as_u64(), Some(s));
    assert!(p > 0 && s > 0);
    // No amendment on this site: no list of them.
    assert!(manifest.get("amend").is_none(), "{manifest}");
    write(tmp.path(), &files);
    std::fs::remove_dir_all(tmp.path().join("search/p")).unwrap();
    for (q, url) in [
        ("正当防卫", "/fw/"),
        ("家暴", "/case/"),
        ("什么是正当防卫？", "/fw/"),
    ] {
        let a = query_dir_full(tmp.path(), q, 10, &Filters::default()).unwrap();
        assert_eq!(a.hits.first().map(|h| h.url.as_str()), Some(url), "{q}");
    }
    let e = query_dir_full(tmp.path(), "正挡防卫", 10, &Filters::default()).unwrap_err();
    assert!(e.to_string().contains("search/p/"), "{e}");
}

/// A same-sound slip is read by the common reading of each character, so a fine word is not
/// turned into another through a rare reading: 卖烟 (烟 yān) is no 卖淫 (淫's rare yàn), 借车
/// (车 chē) no 姐姐 (姐's rare jù); 正挡防卫 still finds 正当防卫.
#[test]
fn same_sound_respelling_uses_common_readings_only() {
    let tmp = tempfile::tempdir().unwrap();
    let mut site = forgiving_site();
    for (url, title) in [("/my/", "卖淫"), ("/jj/", "姐姐")] {
        let mut d = doc(url, title, &format!("{title}的规定。"));
        d.headings = vec![title.to_string()];
        site.push(d);
    }
    write(tmp.path(), &build(&site, &SearchOptions::default()));
    for q in ["卖烟", "借车"] {
        let a = query_dir_full(tmp.path(), q, 10, &Filters::default()).unwrap();
        assert_eq!(a.suggestion, None, "{q}");
        assert!(
            a.hits.iter().all(|h| h.url != "/my/" && h.url != "/jj/"),
            "{q}: {:?}",
            a.hits
        );
    }
    let a = query_dir_full(tmp.path(), "正挡防卫", 10, &Filters::default()).unwrap();
    assert_eq!(a.suggestion.as_deref(), Some("正当防卫"));
}

#[test]
fn one_slip_is_one_edit() {
    let c = |s: &str| s.chars().collect::<Vec<char>>();
    for (a, b, want) in [
        ("正当防卫", "正当防御", true),
        ("正当防卫", "正防当卫", true),
        ("正当防卫", "正当卫", true),
        ("正当防卫", "正当防卫卫", true),
        ("正当防卫", "当防卫正", false),
        ("正当防卫", "正当防卫", false),
        ("正当防卫", "正挡防御", false),
        ("正当防卫", "正当", false),
    ] {
        assert_eq!(super::query::one_slip(&c(a), &c(b)), want, "{a} {b}");
    }
}

#[test]
fn article_anchor_reads_the_article_line() {
    let text: Vec<char> =
        "标题\n第一章 总则\n第一百三十三条之一 在道路上驾驶机动车\n醉酒驾驶机动车的\n第二章 其他"
            .chars()
            .collect();
    let pos = |s: &str| {
        let t: String = text.iter().collect();
        t[..t.find(s).unwrap()].chars().count()
    };
    assert_eq!(
        super::query::article_anchor(&text, pos("醉酒"), 3).as_deref(),
        Some("art-133-1")
    );
    assert_eq!(super::query::article_anchor(&text, pos("总则"), 3), None);
    assert_eq!(super::query::article_anchor(&text, pos("其他"), 3), None);
}

/// Everyday words that hold a question word or a particle (判几年, 私了) are found although
/// cleaning drops those words, and pinyin typed among characters is read as pinyin.
#[test]
fn everyday_words_with_question_words_and_pinyin_among_characters() {
    let tmp = tempfile::tempdir().unwrap();
    let mut site = forgiving_site();
    site.extend([
        doc(
            "/yp/",
            "药品管理法 假药",
            "第九十八条 禁止生产（包括配制）、销售、使用假药、劣药。假药是指药品所含成份与国家药品标准规定的成份不符。",
        ),
        doc(
            "/xf/",
            "刑法 第一百四十一条",
            "第一百四十一条 生产、销售假药的，处三年以下有期徒刑或者拘役，并处罚金。",
        ),
        doc(
            "/jt/",
            "道路交通安全法 第七十条",
            "第七十条 在道路上发生交通事故，未造成人身伤亡，当事人对事实及成因无争议的，可以即行撤离现场，恢复交通，自行协商处理损害赔偿事宜。",
        ),
    ]);
    write(tmp.path(), &build(&site, &SearchOptions::default()));
    let ask = |q: &str| query_dir_full(tmp.path(), q, 10, &Filters::default()).unwrap();
    // 判几年 brings the statute's words for punishment: the crime's article first.
    let a = ask("卖假药判几年");
    assert_eq!(
        a.hits.first().map(|h| (h.url.as_str(), h.tier)),
        Some(("/xf/", "thesaurus")),
        "{:?}",
        a.hits
    );
    assert!(a.also.contains(&"有期徒刑".to_string()), "{:?}", a.also);
    // 私了 is 私 without 了, but is kept whole.
    let a = ask("私了");
    assert_eq!(
        a.hits.first().map(|h| (h.url.as_str(), h.tier)),
        Some(("/jt/", "thesaurus")),
        "{:?}",
        a.hits
    );
    // Pinyin among characters.
    for q in [
        "zhengdangfangwei 制止",
        "zhengdangfangwei制止",
        "制止 zheng dang fang wei",
    ] {
        let a = ask(q);
        assert_eq!(
            a.hits.first().map(|h| (h.url.as_str(), h.tier)),
            Some(("/fw/", "respelled")),
            "{q}"
        );
        assert!(
            a.suggestion.as_deref().unwrap_or("").contains("正当防卫"),
            "{q}"
        );
    }
}

/// Respelling INSIDE a query, before it is searched (`respell::inside`): a same-sound slip
/// in a sentence, one pinyin syllable glued to characters, pinyin words with blanks (read as
/// the longest words they spell, a number's unit as an article); the respelled query's pages
/// come first (tier respelled, 您是不是要找), then those of the query as typed. Real words
/// are not "fixed" (订金 and 定金 are both words), and a query whose every piece is on some
/// page reads no respelling record.
#[test]
fn slips_and_pinyin_inside_a_query_are_respelled() {
    let tmp = tempfile::tempdir().unwrap();
    let mut site = forgiving_site();
    for (url, title, body) in [
        ("/fwtj/", "正当防卫的条件", "正当防卫的条件是存在正在进行的不法侵害。"),
        ("/yz/", "遗嘱", "公证遗嘱由遗嘱人经公证机构办理。"),
        ("/gs/", "工伤认定", "提出工伤认定申请应当提交工伤认定申请表。"),
        ("/zp/", "诈骗罪", "诈骗公私财物，数额较大的，处三年以下有期徒刑。诈骗案件的立案标准。"),
        ("/cq/", "拆迁补偿", "征收房屋的，应当给予公平补偿。"),
        ("/xd/", "吸毒", "吸毒成瘾人员应当进行戒毒治疗。"),
        ("/dj/", "定金", "当事人可以约定一方向对方给付定金作为债权的担保。订金不是定金。"),
        (
            "/xq/",
            "消费者权益保护法 第五十五条",
            "第五十五条 经营者提供商品或者服务有欺诈行为的，应当按照消费者的要求增加赔偿其受到的损失。",
        ),
    ] {
        let mut d = doc(url, title, body);
        d.headings = vec![title.to_string()];
        site.push(d);
    }
    write(tmp.path(), &build(&site, &SearchOptions::default()));
    let ask = |q: &str| query_dir_full(tmp.path(), q, 10, &Filters::default()).unwrap();
    for (q, url, fixed) in [
        ("正当放卫的条件", "/fwtj/", "正当防卫的条件"),
        ("离昏协议怎么写", "/law/", "离婚协议怎么写"),
        ("遗瞩要公证吗", "/yz/", "遗嘱要公证吗"),
        ("工商认定怎么申请", "/gs/", "工伤认定怎么申请"),
        ("炸骗多少钱够判刑？", "/zp/", "诈骗多少钱够判刑"),
        ("拆迁补尝", "/cq/", "拆迁补偿"),
        // A word with a character left out, or one wrong not by its sound (near misses).
        ("正当卫 条件", "/fwtj/", "正当防卫 条件"),
        ("正当防御 条件", "/fwtj/", "正当防卫 条件"),
        ("吸du违法吗", "/xd/", "吸毒违法吗"),
        ("zhapian li an", "/zp/", "诈骗 立案"),
        (
            "xiaofeizhe quanyi baohufa 55 tiao",
            "/xq/",
            "消费者权益保护法 55条",
        ),
        (
            "xiaofeizhe quanyi baohufa di 55 tiao",
            "/xq/",
            "消费者权益保护法 第55条",
        ),
    ] {
        let a = ask(q);
        assert_eq!(
            a.hits.first().map(|h| (h.url.as_str(), h.tier)),
            Some((url, "respelled")),
            "{q}: {:?}",
            a.hits.iter().map(|h| (&h.url, h.tier)).collect::<Vec<_>>()
        );
        assert_eq!(a.suggestion.as_deref(), Some(fixed), "{q}");
    }
    // Real words stay as typed.
    for q in ["订金能退吗", "定金", "正当防卫的条件"] {
        let a = ask(q);
        assert_eq!(a.suggestion, None, "{q}");
        assert!(a.hits.iter().all(|h| h.tier != "respelled"), "{q}");
    }
    // Without the respelling shards, queries whose pieces are all on some page still work.
    std::fs::remove_dir_all(tmp.path().join("search/p")).unwrap();
    for (q, url) in [
        ("正当防卫的条件", "/fwtj/"),
        ("订金", "/dj/"),
        ("民法典", "/law/"),
    ] {
        let a = ask(q);
        assert_eq!(a.hits.first().map(|h| h.url.as_str()), Some(url), "{q}");
    }
}

/// In the best-match ranking and the thesaurus tier an amendment (刑法修正案) ranks below the
/// law in force, whose article it quotes word for word (and so holds the query's words as
/// often, in more pages); a query that names an amendment keeps it where it was.
#[test]
fn amendments_rank_below_the_law_they_amend() {
    let tmp = tempfile::tempdir().unwrap();
    let article = "以暴力、威胁方法抢控驾驶操纵装置，干扰公共交通工具正常行驶，危及公共安全的，处一年以下有期徒刑。";
    let site = vec![
        // The amendment sorts first (by address), so that it wins ties on the document id.
        doc(
            "/a-xzan/",
            "刑法修正案（十一） 条目一",
            &format!("在刑法第一百三十三条之一后增加一条，作为第一百三十三条之二：“{article}”"),
        ),
        doc(
            "/xf/",
            "刑法 第一百三十三条之二",
            &format!("第一百三十三条之二 {article}"),
        ),
        doc(
            "/other/",
            "道路交通安全法 第一条",
            "第一条 为了维护道路交通秩序，预防和减少交通事故。",
        ),
    ];
    let files = build(&site, &SearchOptions::default());
    // The manifest names the amendments (ids in address order: /a-xzan/ is 0), so that no
    // query fetches the postings of 修正案 to find them.
    let manifest: serde_json::Value =
        serde_json::from_slice(&files.iter().find(|f| f.0 == "search/index.json").unwrap().1)
            .unwrap();
    assert_eq!(manifest["amend"], serde_json::json!([0]));
    write(tmp.path(), &files);
    let first = |q: &str| {
        let a = query_dir_full(tmp.path(), q, 10, &Filters::default()).unwrap();
        a.hits
            .iter()
            .map(|h| (h.url.clone(), h.tier, h.score))
            .collect::<Vec<_>>()
    };
    let got = first("公交车上有人抢控驾驶操纵装置危及公共安全怎么判");
    assert_eq!(
        got.iter()
            .map(|h| (h.0.as_str(), h.1))
            .take(2)
            .collect::<Vec<_>>(),
        vec![("/xf/", "related"), ("/a-xzan/", "related")],
        "{got:?}"
    );
    // In the thesaurus tier too (抢方向盘 → 抢控驾驶操纵装置 …).
    let got = first("抢方向盘");
    assert_eq!(
        got.iter()
            .map(|h| (h.0.as_str(), h.1))
            .take(2)
            .collect::<Vec<_>>(),
        vec![("/xf/", "thesaurus"), ("/a-xzan/", "thesaurus")],
        "{got:?}"
    );
    let got = first("修正案里的抢控驾驶操纵装置危及公共安全");
    assert_eq!(
        got.first().map(|h| h.0.as_str()),
        Some("/a-xzan/"),
        "{got:?}"
    );
}

/// A law's name joined to an article number (刑法第二百六十六条, as typed in Chinese numerals,
/// or 刑法第266条) gives the law's page holding the article first: as typed, only pages citing
/// it hold it (依照刑法第…条, an amendment quoting it), and amendments sort after the law.
#[test]
fn a_law_and_its_article_joined_find_the_law_first() {
    let tmp = tempfile::tempdir().unwrap();
    // Three amendments quoting the article more often than the law's page holds it, sorted
    // before the law by address (they would win ties on the document id), and a law citing it.
    let mut site: Vec<SearchDoc> = ["九", "十", "十一"]
        .iter()
        .enumerate()
        .map(|(i, n)| {
            doc(
                &format!("/a{i}/"),
                &format!("刑法修正案（{n}） 条目一"),
                "将刑法第二百六十六条修改为：“诈骗公私财物，数额较大的，处三年以下有期徒刑。”\n\
                 刑法第二百六十六条第二款、刑法第二百六十六条第三款删去。",
            )
        })
        .collect();
    site.push(doc(
        "/b/",
        "治安管理处罚法 第九条",
        "第九条 构成犯罪的，依照刑法第二百六十六条的规定追究刑事责任。",
    ));
    site.push(doc(
        "/xf/",
        "刑法 第五章 侵犯财产罪",
        "第二百六十五条 以牟利为目的，盗接他人通信线路的，依照本法第二百六十四条的规定定罪处罚。\n\
         第二百六十六条 诈骗公私财物，数额较大的，处三年以下有期徒刑。",
    ));
    write(tmp.path(), &build(&site, &SearchOptions::default()));
    for q in ["刑法第二百六十六条", "刑法第266条", "刑法266条"] {
        let a = query_dir_full(tmp.path(), q, 1, &Filters::default()).unwrap();
        let got: Vec<(&str, &str)> = a.hits.iter().map(|h| (h.url.as_str(), h.tier)).collect();
        assert_eq!(got.first(), Some(&("/xf/", "clean")), "{q}: {got:?}");
        assert_eq!(a.hits[0].anchor.as_deref(), Some("art-266"), "{q}");
    }
    // With a blank the law's page holds both words as typed: the exact tier finds it.
    let a = query_dir_full(tmp.path(), "刑法 第二百六十六条", 10, &Filters::default()).unwrap();
    assert_eq!(
        a.hits.first().map(|h| (h.url.as_str(), h.tier)),
        Some(("/xf/", "exact"))
    );
    // A query naming an amendment keeps it first.
    let a = query_dir_full(
        tmp.path(),
        "刑法修正案第二百六十六条",
        1,
        &Filters::default(),
    )
    .unwrap();
    assert!(
        a.hits.first().is_some_and(|h| h.url.starts_with("/a")),
        "{:?}",
        a.hits.first().map(|h| &h.url)
    );
}

/// Same-sound slips with evidence (`respell::evident`), respelled also when the query as
/// typed finds three pages or more: a window of three or four characters holding a pair no
/// page holds, sounding like a word that pages hold (工商保险 → 工伤保险: 工商 is a word, but
/// 商保 is on no page; 善养费 → 赡养费): the respelled query's pages first (您是不是要找), then
/// those of the query as typed; or, four characters, like an everyday word of the thesaurus
/// only (被狗要了 → 被狗咬了): weak evidence, the query as typed first when it finds pages
/// other than by best match, unless the changed character makes a pair that pages hold
/// (手写的遗主有效吗: 遗嘱); and a piece's first two
/// characters on no page like an everyday word (醉架要坐牢吗 → 醉驾), strong. A run of letters
/// on no page is read as pinyin whatever the rest finds. Words typed on purpose stay (骑车 starts 骑车撞人, 网友 starts 网友骗钱 in the
/// thesaurus), and a query whose pairs are all on pages reads no respelling record.
#[test]
fn slips_with_evidence_are_respelled_even_when_the_query_finds_pages() {
    let tmp = tempfile::tempdir().unwrap();
    let mut site = forgiving_site();
    for (url, title, body) in [
        (
            "/gz/",
            "狗主人",
            "狗主人应当看管好自己的狗，找狗主人赔钱要有证据。",
        ),
        (
            "/gs1/",
            "工伤保险费",
            "职工应当参加工伤保险，由用人单位缴纳工伤保险费，职工不缴纳工伤保险费。",
        ),
        (
            "/gs2/",
            "工伤保险待遇",
            "职工因工作原因受到事故伤害，享受工伤保险待遇。",
        ),
        (
            "/gsj/",
            "工商登记",
            "单位向工商行政管理部门申请登记，自己交材料。",
        ),
        (
            "/bx1/",
            "保险合同",
            "保险合同是投保人与保险人约定保险权利义务关系的协议。单位可以为职工投保。",
        ),
        (
            "/bx2/",
            "保险费",
            "投保人交付保险费，单位和个人都可以投保。",
        ),
        (
            "/bx3/",
            "保险事故",
            "保险事故发生后，保险人应当及时赔付；自己交的保险费不退。",
        ),
        (
            "/sy1/",
            "赡养费",
            "赡养人不履行赡养义务的，老年人有要求赡养人付给赡养费的权利。",
        ),
        (
            "/sy2/",
            "赡养费的给付",
            "成年子女不履行赡养义务的，缺乏劳动能力的父母有要求成年子女给付赡养费的权利。",
        ),
        (
            "/lr1/",
            "老人",
            "老人的合法权益受法律保护，不给老人饭吃是虐待。",
        ),
        (
            "/lr2/",
            "老年人",
            "国家保障老人依法享有的权益，不得给老人造成损害。",
        ),
        ("/lr3/", "老人照料", "子女应当关心老人，给老人养老。"),
        (
            "/dw/",
            "饲养动物损害责任",
            "饲养的动物造成他人损害的，动物饲养人或者管理人应当承担侵权责任。",
        ),
        (
            "/qc/",
            "汽车",
            "汽车、电动车在道路上被撞了，应当报警。汽车驾驶人应当遵守规定。",
        ),
        (
            "/yz1/",
            "自书遗嘱",
            "自书遗嘱由遗嘱人亲笔书写，签名，注明年、月、日。",
        ),
        (
            "/yz2/",
            "遗嘱的撤回",
            "遗嘱人可以撤回、变更自己所立的遗嘱。立有数份遗嘱，内容相抵触的，以最后的遗嘱为准。",
        ),
        (
            "/sx1/",
            "手写签名",
            "可靠的电子签名与手写签名具有同等的法律效力。",
        ),
        (
            "/zj1/",
            "醉酒驾驶",
            "醉酒驾驶机动车的，由公安机关交通管理部门约束至酒醒。",
        ),
        (
            "/zj2/",
            "危险驾驶",
            "在道路上醉酒驾驶机动车的，处拘役，并处罚金。",
        ),
        ("/zl1/", "坐牢", "坐牢是有期徒刑的俗称，要坐牢吗要看判决。"),
        (
            "/fk1/",
            "罚款",
            "当事人到期不缴纳罚款的，每日按罚款数额的百分之三加处罚款，会每天增加。",
        ),
        (
            "/sx2/",
            "有效期",
            "许可证的有效期为五年，手写的申请书有效。",
        ),
        (
            "/yp/",
            "诱骗",
            "以欺骗、诱骗手段骗取财物的，依法处罚。诱骗他人。",
        ),
    ] {
        let mut d = doc(url, title, body);
        d.headings = vec![title.to_string()];
        site.push(d);
    }
    write(tmp.path(), &build(&site, &SearchOptions::default()));
    let ask = |q: &str| query_dir_full(tmp.path(), q, 10, &Filters::default()).unwrap();
    for (q, urls, fixed) in [
        (
            "工商保险是单位交还是自己交",
            &["/gs1/", "/gs2/"][..],
            "工伤保险是单位交还是自己交",
        ),
        ("不给老人善养费", &["/sy1/", "/sy2/"][..], "不给老人赡养费"),
        // An everyday word (遗嘱有效, on no page) with one character changed into a pair
        // that pages hold (遗嘱): strong evidence, although 手写 and 有效 find pages as typed.
        (
            "手写的遗主有效吗",
            &["/yz1/", "/yz2/"][..],
            "手写的遗嘱有效吗",
        ),
        // A piece's first two characters, on no page, sounding like an everyday word (醉驾):
        // strong, although 坐牢 finds a page as typed.
        ("醉架要坐牢吗", &["/zj1/", "/zj2/"][..], "醉驾要坐牢吗"),
    ] {
        let a = ask(q);
        let tiers: Vec<(&str, &str)> = a.hits.iter().map(|h| (h.url.as_str(), h.tier)).collect();
        assert!(
            a.hits
                .first()
                .is_some_and(|h| urls.contains(&h.url.as_str()) && h.tier == "respelled"),
            "{q}: {tiers:?}"
        );
        assert_eq!(a.suggestion.as_deref(), Some(fixed), "{q}");
    }
    // Further inside a piece, two characters on no page are mostly an everyday word the
    // statutes lack (加钱 is no 假钱): left as typed.
    assert_eq!(ask("罚款会每天加钱吗").suggestion, None);
    // An everyday word of the thesaurus alone (被狗咬了, on no page) is weak evidence; but the
    // query as typed finds nothing but by best match, so the respelled query is answered
    // first (狗主人, and the article on animals that 被狗咬了 brings), the page asking
    // 您是不是要找.
    let a = ask("被狗要了找狗主人赔钱");
    assert_eq!(a.suggestion.as_deref(), Some("被狗咬了找狗主人赔钱"));
    let tiers: Vec<(&str, &str)> = a.hits.iter().map(|h| (h.url.as_str(), h.tier)).collect();
    assert_eq!(
        tiers[..2],
        [("/gz/", "respelled"), ("/dw/", "respelled")],
        "{tiers:?}"
    );
    // As typed, 不给老人善养费 finds three pages or more: on the site without the pages that
    // hold 赡养费 (the evidence), it is answered as typed. (工商保险 stays respelled there:
    // 工伤保险, four characters, is a word of the thesaurus.)
    let other = tempfile::tempdir().unwrap();
    let without: Vec<SearchDoc> = site
        .iter()
        .filter(|d| !["/gs1/", "/gs2/", "/sy1/", "/sy2/"].contains(&d.url.as_str()))
        .cloned()
        .collect();
    write(other.path(), &build(&without, &SearchOptions::default()));
    let a = query_dir_full(other.path(), "不给老人善养费", 10, &Filters::default()).unwrap();
    assert_eq!(a.suggestion, None);
    assert!(
        a.hits.len() >= 3 && a.hits.iter().all(|h| h.tier != "respelled"),
        "{:?}",
        a.hits.iter().map(|h| (&h.url, h.tier)).collect::<Vec<_>>()
    );
    // Letters on no page are pinyin, whatever the rest finds (老人 alone finds three pages).
    assert!(ask("老人").hits.len() >= 3);
    let a = ask("老人 shanyang");
    assert_eq!(a.suggestion.as_deref(), Some("老人 赡养"));
    assert!(
        a.hits
            .first()
            .is_some_and(|h| h.url.starts_with("/sy") && h.tier == "respelled"),
        "{:?}",
        a.hits.iter().map(|h| (&h.url, h.tier)).collect::<Vec<_>>()
    );
    // Words typed on purpose: 骑车 is no 汽车 (骑车撞人 is an everyday word), 网友骗 no 网诱骗
    // (网友骗钱), 养狗要打 no 养狗咬打 (养狗).
    for q in ["骑车被撞了", "网友骗我钱", "养狗要打疫苗吗"] {
        let a = ask(q);
        assert_eq!(a.suggestion, None, "{q}");
        assert!(a.hits.iter().all(|h| h.tier != "respelled"), "{q}");
    }
    // Without the respelling shards, a query whose pairs are all on some page still works.
    std::fs::remove_dir_all(tmp.path().join("search/p")).unwrap();
    for (q, url) in [
        ("工伤保险费", "/gs1/"),
        ("民法典", "/law/"),
        ("老人", "/lr1/"),
    ] {
        let a = ask(q);
        assert_eq!(a.hits.first().map(|h| h.url.as_str()), Some(url), "{q}");
    }
}

/// In the best-match ranking a page of a law citizens seldom consult (海商法, 铁路法) keeps
/// 9/10 of its score among the first pages: it goes after a page of an everyday law that holds
/// the same words (which it would lead on the document id), not after one that holds fewer.
#[test]
fn pages_of_laws_seldom_consulted_yield_to_everyday_laws_mildly() {
    let tmp = tempfile::tempdir().unwrap();
    let body = "不得克扣或者无故拖欠船员、劳动者的工资。";
    let site = vec![
        // The 海商法 page sorts first (by address), so that it wins ties on the document id.
        doc(
            "/a-hsf/",
            "中华人民共和国海商法 第三十四条",
            &format!("第三十四条 {body}"),
        ),
        doc(
            "/b-ldf/",
            "中华人民共和国劳动法 第五十条",
            &format!("第五十条 {body}"),
        ),
        doc(
            "/c-tlf/",
            "中华人民共和国铁路法 第九条",
            "第九条 老板不得拖欠工人工资，工资按月足额发放，不得克扣。",
        ),
    ];
    // Other pages, so that the query's words are rare enough to count.
    let others = [
        "为了维护道路交通秩序，预防和减少交通事故。",
        "国家保护公民的合法的收入、储蓄、房屋和其他合法财产。",
        "未成年人享有生存权、发展权、受保护权、参与权等权利。",
        "赡养人应当履行对老年人经济上供养、生活上照料和精神上慰藉的义务。",
        "经营者应当保证其提供的商品或者服务符合保障人身、财产安全的要求。",
        "禁止任何形式的家庭暴力。",
        "公民的人格尊严不受侵犯。",
        "学校应当建立安全管理制度。",
    ];
    let site: Vec<SearchDoc> = site
        .into_iter()
        .chain(others.iter().enumerate().map(|(i, t)| {
            doc(
                &format!("/z{i}/"),
                &format!("中华人民共和国宪法 第{}条", i + 1),
                &format!("第{}条 {t}", i + 1),
            )
        }))
        .collect();
    write(tmp.path(), &build(&site, &SearchOptions::default()));
    let a = query_dir_full(
        tmp.path(),
        "老板一直拖欠工人工资不发",
        10,
        &Filters::default(),
    )
    .unwrap();
    let got: Vec<(&str, &str, u64)> = a
        .hits
        .iter()
        .map(|h| (h.url.as_str(), h.tier, h.score))
        .collect();
    assert_eq!(
        got.iter().map(|h| (h.0, h.1)).collect::<Vec<_>>(),
        vec![
            ("/c-tlf/", "related"),
            ("/b-ldf/", "related"),
            ("/a-hsf/", "related")
        ],
        "{got:?}"
    );
}

/// A number typed is found as a whole number: `996` is no part of `1996年`, `12348` none of
/// `123480`; around a Chinese character a number still matches (`996工作制`, `第12348号`).
#[test]
fn numbers_are_found_as_whole_numbers() {
    let tmp = tempfile::tempdir().unwrap();
    let site = vec![
        doc("/y/", "科技法", "本法自1996年10月1日起施行。"),
        doc(
            "/w/",
            "工作时间",
            "有的公司实行996工作制，劳动者每日工作时间不超过八小时。",
        ),
        doc("/h/", "热线", "法律服务热线12348，编号第12348号。"),
        doc("/n/", "编号", "登记编号123480。"),
    ];
    write(tmp.path(), &build(&site, &SearchOptions::default()));
    let urls = |q: &str| -> Vec<String> {
        query_dir_full(tmp.path(), q, 10, &Filters::default())
            .unwrap()
            .hits
            .into_iter()
            .filter(|h| h.tier == "exact")
            .map(|h| h.url)
            .collect()
    };
    assert_eq!(urls("996"), ["/w/"]);
    assert_eq!(urls("12348"), ["/h/"]);
    assert_eq!(urls("1996年"), ["/y/"]);
    assert!(super::query::holds("第12348号", "12348"));
    assert!(!super::query::holds("1996年", "996"));
    assert!(super::query::holds("1996年 996", "996"));
}

/// A near miss never adds, drops or changes a numeral: 拘留十天 is no slip for the word
/// 拘留二十天 (a heading here), while 行政拘流 still is one for 行政拘留.
#[test]
fn near_misses_keep_the_numbers_typed() {
    let tmp = tempfile::tempdir().unwrap();
    let mut site = Vec::new();
    for (url, title, body) in [
        (
            "/a/",
            "拘留二十天",
            "合并执行的，最长不超过二十日，即拘留二十天。",
        ),
        ("/b/", "行政拘留", "行政拘留的期限为一日以上十五日以下。"),
    ] {
        let mut d = doc(url, title, body);
        d.headings = vec![title.to_string()];
        site.push(d);
    }
    write(tmp.path(), &build(&site, &SearchOptions::default()));
    let ask = |q: &str| query_dir_full(tmp.path(), q, 10, &Filters::default()).unwrap();
    assert_ne!(ask("拘留十天").suggestion.as_deref(), Some("拘留二十天"));
    assert_eq!(ask("行政拘流").suggestion.as_deref(), Some("行政拘留"));
}

/// Two characters on no page that shorten a word of four (its first and third characters, as
/// 刑拘 shortens 刑事拘留) find that word's pages and say so; a pair that shortens none, or a
/// pair on some page, is left as typed.
#[test]
fn abbreviations_that_find_nothing_find_the_word_they_shorten() {
    let tmp = tempfile::tempdir().unwrap();
    let mut site = Vec::new();
    for (url, title, body) in [
        (
            "/xs/",
            "刑事诉讼法 第八十五条",
            "公安机关拘留人的时候，必须出示拘留证。拘留后，应当立即将被拘留人送看守所羁押。刑事拘留的期限依照本法规定。",
        ),
        ("/wl/", "网络安全", "任何个人和组织不得利用网络暴力侵害他人名誉。"),
    ] {
        let mut d = doc(url, title, body);
        d.headings = vec![title.to_string()];
        site.push(d);
    }
    write(tmp.path(), &build(&site, &SearchOptions::default()));
    let ask = |q: &str| query_dir_full(tmp.path(), q, 10, &Filters::default()).unwrap();
    let a = ask("刑拘");
    assert_eq!(a.suggestion.as_deref(), Some("刑事拘留"));
    assert_eq!(
        a.hits
            .iter()
            .map(|h| (h.url.as_str(), h.tier))
            .collect::<Vec<_>>(),
        [("/xs/", "respelled")]
    );
    let a = ask("网暴");
    assert_eq!(a.hits.first().map(|h| h.url.as_str()), Some("/wl/"));
    // 网安 shortens the title 网络安全 too; 纠缠 shortens no word; 拘留 is on a page.
    assert_eq!(ask("网安").suggestion.as_deref(), Some("网络安全"));
    assert_eq!(ask("纠缠").suggestion, None);
    assert_eq!(ask("拘留").suggestion, None);
}
