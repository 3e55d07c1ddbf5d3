//! `pufa search --json` on statute text it has never seen: a new site (`pufa init`) gets 500
//! pages of real articles (the law text that ships with pufa, from laws.db), is built with
//! the real binary, and 40 varied queries go through `pufa search QUERY --json` without
//! `--limit`, as a script would call it. Each
//! query's truth is computed here from the article text written into the pages: the pages
//! whose text contains every blank-separated part of the query, compared after the same
//! folding the page does (full-width ASCII to ASCII, ASCII case, blanks).
//!
//! Queries: two-character words, law names, long terms, numbers in half- and full-width
//! digits, Latin words in either case, punctuation, blanks meaning "and", a traditional-
//! character word, single characters, words on no page, a 40-character sentence and random
//! substrings. Every query must give exactly its truth (recall and precision 1.0 each); the
//! mean figures are printed.

use std::collections::BTreeSet;
use std::process::Command;

const PAGES: usize = 500;

/// The folding of `pufa-search.js`, written out again so the truth does not use the code
/// under test.
fn fold(s: &str) -> String {
    s.chars()
        .map(|c| {
            let u = c as u32;
            let c = if (0xFF01..=0xFF5E).contains(&u) {
                char::from_u32(u - 0xFEE0).unwrap()
            } else {
                c
            };
            let u = c as u32;
            let blank = u <= 0x20
                || u == 0x7F
                || u == 0xA0
                || u == 0x1680
                || (0x2000..=0x200B).contains(&u)
                || [0x2028, 0x2029, 0x202F, 0x205F, 0x3000, 0xFEFF].contains(&u);
            if blank {
                ' '
            } else {
                c.to_ascii_lowercase()
            }
        })
        .collect()
}

struct Page {
    url: String,
    /// Folded title and article paragraphs (folding turns the line breaks into blanks).
    text: String,
    /// The folded first paragraph, where sampled queries come from.
    first: String,
}

/// Groups of up to three consecutive articles of one law and chapter, 500 of them spread
/// evenly over the law text that ships with pufa (laws.db's 378 laws): (law, first article,
/// last article, paragraphs).
fn statute_groups() -> Vec<(String, String, String, Vec<String>)> {
    let bundle = pufa::law::bundled::load().expect("bundled law text");
    let rows: Vec<(String, String, String, String)> = bundle
        .laws
        .iter()
        .zip(&bundle.articles)
        .flat_map(|(law, rows)| {
            rows.iter().map(move |(chapter, _, no, _, text)| {
                (
                    law.name.clone(),
                    chapter.clone().unwrap_or_default(),
                    no.clone().unwrap_or_default(),
                    text.clone().unwrap_or_default(),
                )
            })
        })
        .collect();
    let mut groups: Vec<Vec<&(String, String, String, String)>> = Vec::new();
    for r in &rows {
        match groups.last_mut() {
            Some(g) if g[0].0 == r.0 && g[0].1 == r.1 && g.len() < 3 => g.push(r),
            _ => groups.push(vec![r]),
        }
    }
    let step = groups.len() / PAGES;
    groups
        .iter()
        .step_by(step)
        .take(PAGES)
        .map(|g| {
            let paras = g.iter().map(|a| format!("{} {}", a.2, a.3)).collect();
            (
                g[0].0.clone(),
                g[0].2.clone(),
                g[g.len() - 1].2.clone(),
                paras,
            )
        })
        .collect()
}

/// A small deterministic generator for the sampled queries.
struct Lcg(u64);
impl Lcg {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) % n as u64) as usize
    }
}

fn queries(pages: &[Page]) -> Vec<String> {
    let mut qs: Vec<String> = [
        "合同",
        "责任",
        "法院",
        "罚款",
        "国家",
        "中华人民共和国",
        "刑法",
        "民法典",
        "县级以上地方人民政府",
        "国务院有关部门",
        "依法追究刑事责任",
        "全国人民代表大会常务委员会",
        "人民法院 判决",
        "国家 保护 权利",
        "（一）",
        "《中华人民共和国",
        "，由",
        "國家",
        "罪",
        "法",
        "量子纠缠",
        "宇宙飞船驾驶证",
        "ph",
        "CODcr",
        "第十条",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    // A number that is on some page, in half-width and in full-width digits.
    let number = pages
        .iter()
        .flat_map(|p| p.text.split(|c: char| !c.is_ascii_digit()))
        .find(|n| n.len() >= 2)
        .expect("a number in the statutes")
        .to_string();
    let full: String = number
        .chars()
        .map(|c| char::from_u32(c as u32 + 0xFEE0).unwrap())
        .collect();
    qs.push(number);
    qs.push(full);
    let mut rng = Lcg(20260527);
    let chars_of = |p: &Page| p.first.chars().collect::<Vec<_>>();
    // One sentence-long query (40 characters of an article).
    loop {
        let cs = chars_of(&pages[rng.below(pages.len())]);
        if cs.len() > 60 {
            qs.push(cs[10..50].iter().collect());
            break;
        }
    }
    // Random substrings of 2 to 8 characters without blanks.
    while qs.len() < 40 {
        let cs = chars_of(&pages[rng.below(pages.len())]);
        let n = 2 + rng.below(7);
        if cs.len() <= n {
            continue;
        }
        let s = rng.below(cs.len() - n);
        let q: String = cs[s..s + n].iter().collect();
        if !q.contains(' ') && !qs.contains(&q) {
            qs.push(q);
        }
    }
    qs
}

#[test]
fn search_json_on_unseen_statutes_matches_substring_truth() {
    let pufa = env!("CARGO_BIN_EXE_pufa");
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    let init = Command::new(pufa).arg("init").arg(&site).output().unwrap();
    assert!(
        init.status.success(),
        "{}",
        String::from_utf8_lossy(&init.stderr)
    );
    // Keep init's example articles out of the index: the truth covers the statutes.
    for entry in walkdir::WalkDir::new(site.join("content")) {
        let entry = entry.unwrap();
        let name = entry.file_name().to_string_lossy();
        if entry.file_type().is_file() && name.ends_with(".md") && name != "_index.md" {
            let text = std::fs::read_to_string(entry.path()).unwrap();
            let text = text.replacen("+++\n", "+++\nin_search_index = false\n", 1);
            std::fs::write(entry.path(), text).unwrap();
        }
    }
    let dir = site.join("content/fatiao");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("_index.md"), "+++\ntitle = \"法条\"\n+++\n").unwrap();
    let base = "http://example.test/";
    let mut pages = Vec::new();
    for (i, (law, first, last, paras)) in statute_groups().into_iter().enumerate() {
        let title = if first == last {
            format!("{law} {first}")
        } else {
            format!("{law} {first}至{last}")
        };
        let body = paras.join("\n\n");
        std::fs::write(
            dir.join(format!("p{i:04}.md")),
            format!("+++\ntitle = {}\n+++\n{body}\n", toml_string(&title)),
        )
        .unwrap();
        pages.push(Page {
            url: format!("{base}fatiao/p{i:04}/"),
            text: fold(&format!("{title}\n{}", paras.join("\n"))),
            first: fold(&paras[0]),
        });
    }
    assert_eq!(pages.len(), PAGES);
    let build = Command::new(pufa)
        .arg("--root")
        .arg(&site)
        .args(["build", "-u", base])
        .output()
        .unwrap();
    assert!(
        build.status.success(),
        "{}",
        String::from_utf8_lossy(&build.stderr)
    );

    let qs = queries(&pages);
    assert_eq!(qs.len(), 40);
    let (mut recall, mut precision, mut wrong) = (0.0, 0.0, Vec::new());
    let (mut with_hits, mut largest) = (0, 0);
    for q in &qs {
        let parts: Vec<String> = fold(q)
            .split(' ')
            .filter(|p| !p.is_empty())
            .map(String::from)
            .collect();
        let truth: BTreeSet<&str> = pages
            .iter()
            .filter(|p| parts.iter().all(|t| p.text.contains(t.as_str())))
            .map(|p| p.url.as_str())
            .collect();
        let out = Command::new(pufa)
            .arg("--root")
            .arg(&site)
            .args(["search", q, "--json"])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{q}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let hits: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
        let got: BTreeSet<&str> = hits.iter().map(|h| h["url"].as_str().unwrap()).collect();
        with_hits += usize::from(!truth.is_empty());
        largest = largest.max(truth.len());
        let tp = got.intersection(&truth).count() as f64;
        let r = if truth.is_empty() {
            f64::from(u8::from(got.is_empty()))
        } else {
            tp / truth.len() as f64
        };
        let p = if got.is_empty() {
            f64::from(u8::from(truth.is_empty()))
        } else {
            tp / got.len() as f64
        };
        recall += r;
        precision += p;
        if got != truth {
            let missing: Vec<_> = truth.difference(&got).take(3).collect();
            let extra: Vec<_> = got.difference(&truth).take(3).collect();
            wrong.push(format!(
                "{q:?}: truth {} got {} missing {missing:?} extra {extra:?}",
                truth.len(),
                got.len()
            ));
        }
    }
    let n = qs.len() as f64;
    eprintln!(
        "pufa search --json on {PAGES} statute pages, {} queries ({with_hits} with hits, the largest \
         truth {largest} pages): mean recall {:.4}, mean precision {:.4}",
        qs.len(),
        recall / n,
        precision / n
    );
    // The queries must exercise the search: most have hits, some have none, and one has
    // more pages than a default limit of ten would show.
    assert!(
        with_hits >= 30 && with_hits < qs.len(),
        "{with_hits} queries with hits"
    );
    assert!(largest > 100, "largest truth {largest}");
    assert!(
        wrong.is_empty(),
        "queries whose results differ from the pages containing them:\n{}",
        wrong.join("\n")
    );
}

fn toml_string(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}
