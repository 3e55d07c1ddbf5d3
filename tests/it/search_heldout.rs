//! Issue #13's last acceptance criterion, measured on a held-out set: everyday queries that
//! were written before looking at how the search works and never used to tune it
//! (`tests/data/everyday_heldout.tsv`, whose header says how it was made), run through
//! `pufa search QUERY --json --limit 3` on the statute site of `search_statutes` (every article
//! of the everyday laws, with distractors from all the others, from the law text that ships
//! with pufa, so this never skips). A query counts when one of its first three results is a
//! page holding one of its statute terms. Prints every query's outcome, the share per life
//! area and overall.
//!
//! The bar is 90%; it is not reached. Measured: 135 of 188 (71.8%) with the ranking
//! of 5 December 2026 morning, 141 of 188 (75.0%) after the best-match ranking
//! (`src/search/best.rs`), which was built on a development set of its own without reading
//! this file. Since then this file is a development set too (a new held-out set is kept
//! outside the repository): the ranking changes of branch `rank` (BM25 with k1 0.4, a
//! sentence's characters weighted as pairs, pages short of the bar after the qualified ones,
//! thesaurus terms counted by the share held, respelling by common readings) brought it to
//! 158 of 188 (84.0%). The floor asserted leaves room for ties that move when the thesaurus
//! grows, so that a change that loses many of these queries fails.
//!
//! `tests/data/everyday_dev_rank.tsv` is a second development set, written for the ranking
//! work before any of it was tried (its header says how): 62 of 109 (56.9%) before, 65 of
//! 109 (59.6%) after — most of its misses are everyday words no data links to the statutes'
//! wording yet.

use crate::search_statutes::{everyday_site, first_three};

/// A query of the set: (query, terms (any one), life area).
type Row = (String, Vec<String>, String);

/// The queries of `tests/data/NAME` (query, terms, area, note).
fn query_set(name: &str) -> Vec<Row> {
    let path = format!("{}/tests/data/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(path).unwrap();
    let mut rows: Vec<Row> = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() || line.starts_with("query\t") {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        assert_eq!(cols.len(), 4, "{name}:{}: {line}", n + 1);
        let terms: Vec<String> = cols[1].split('|').map(str::to_string).collect();
        assert!(
            !cols[0].is_empty() && !cols[2].is_empty() && terms.iter().all(|t| !t.is_empty()),
            "{name}:{}: {line}",
            n + 1
        );
        assert!(
            !rows.iter().any(|r| r.0 == cols[0]),
            "{name}:{}: {} twice",
            n + 1,
            cols[0]
        );
        rows.push((cols[0].to_string(), terms, cols[2].to_string()));
    }
    rows
}

#[test]
fn heldout_everyday_queries_find_statutes_in_the_first_three() {
    // Not the 0.90: the figure reached so far (see the module comment).
    measure("everyday_heldout.tsv", 150, 150);
}

#[test]
fn dev_rank_everyday_queries_find_statutes_in_the_first_three() {
    measure("everyday_dev_rank.tsv", 100, 60);
}

/// Runs the queries of `tests/data/NAME` (at least `size` of them) on the statute site;
/// prints every outcome, the share per life area and overall; asserts at least `floor` have
/// a relevant page in the first three.
fn measure(name: &str, size: usize, floor: usize) {
    let rows = query_set(name);
    assert!(rows.len() >= size, "{} queries", rows.len());
    let mut areas: Vec<&str> = Vec::new();
    for r in &rows {
        if !areas.contains(&r.2.as_str()) {
            areas.push(&r.2);
        }
    }
    assert!(areas.len() >= 10, "{areas:?}");

    let pufa = env!("CARGO_BIN_EXE_pufa");
    let (_tmp, site, pages) = everyday_site();
    let mut good = 0;
    let mut lines = Vec::new();
    let mut shares = Vec::new();
    for area in &areas {
        let terms: Vec<Vec<&str>> = rows
            .iter()
            .filter(|r| r.2 == *area)
            .map(|r| r.1.iter().map(String::as_str).collect())
            .collect();
        let set: Vec<(&str, &[&str])> = rows
            .iter()
            .filter(|r| r.2 == *area)
            .zip(&terms)
            .map(|(r, t)| (r.0.as_str(), t.as_slice()))
            .collect();
        let (ok, report) = first_three(pufa, &site, &pages, &set);
        good += ok;
        lines.push(format!("== {area}"));
        lines.extend(report);
        shares.push(format!(
            "{area}: {ok} of {} ({:.0}%)",
            set.len(),
            ok as f64 * 100.0 / set.len() as f64
        ));
    }
    let share = good as f64 / rows.len() as f64;
    let summary = format!(
        "{}\n{name}: everyday queries on {} statute pages: {good} of {} ({:.1}%) with a relevant page in the first three",
        shares.join("\n"),
        pages.len(),
        rows.len(),
        share * 100.0
    );
    eprintln!("{}\n{summary}", lines.join("\n"));
    assert!(good >= floor, "{summary}");
}
