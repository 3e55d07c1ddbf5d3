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

#[test]
fn missing_index_is_a_clear_error() {
    let tmp = tempfile::tempdir().unwrap();
    let e = query_dir(tmp.path(), "法", 5, &Filters::default()).unwrap_err();
    assert!(e.to_string().contains("pufa build"), "{e}");
}

/// Real statute text from laws.db (via benches/search/make_corpus.py, which needs python3):
/// every query — legal terms, 12348, single characters, words on no page and random
/// substrings — must return exactly the pages that contain it. Skipped when the database
/// or python3 is missing.
#[test]
fn laws_db_corpus_matches_substring_truth() {
    let here = Path::new(file!()).parent().unwrap().to_path_buf();
    let db = std::env::var_os("LAWS_DB")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| here.join("../../../shared/data/laws/laws.db"));
    let script = here.join("../../benches/search/make_corpus.py");
    if !db.is_file() || !script.is_file() {
        eprintln!("skipped: {} or {} missing", db.display(), script.display());
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let status = std::process::Command::new("python3")
        .arg(&script)
        .args([db.as_os_str(), tmp.path().as_os_str()])
        .args(["600", "2", "7"])
        .output();
    let Ok(out) = status else {
        eprintln!("skipped: python3 not found");
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
