//! The everyday queries of the thesaurus' part B (`tests/data/everyday_dev_b.tsv`: traffic,
//! public-order offences and crimes, fraud and personal data, reputation and privacy, minors,
//! noise and animals, neighbours and land, lawsuits and mediation, administrative review,
//! military service, work safety and fire), run through `pufa search QUERY --json --limit 3` on
//! the statute site of `search_statutes` like `search_heldout`. A query counts when one of its
//! first three results is a page holding one of its statute terms. Prints every query's
//! outcome and the share per life area.
//!
//! This is a development set (its header says how it was made and used): 50 of 89 (56.2 %)
//! before part B's lines, 84 of 89 (94.4 %) after them on 5 December 2026. What is asserted is
//! the figure measured, so that a change losing these queries fails; it is no estimate of how
//! unseen queries fare (that is `search_heldout`'s job, with a set nobody tuned on).

use crate::search_statutes::{everyday_site, first_three};

/// A query of the set: (query, terms (any one), life area).
type Row = (String, Vec<String>, String);

fn dev_set() -> Vec<Row> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/everyday_dev_b.tsv"
    );
    let text = std::fs::read_to_string(path).unwrap();
    let mut rows: Vec<Row> = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() || line.starts_with("query\t") {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        assert_eq!(cols.len(), 4, "everyday_dev_b.tsv:{}: {line}", n + 1);
        let terms: Vec<String> = cols[1].split('|').map(str::to_string).collect();
        assert!(
            !cols[0].is_empty() && !cols[2].is_empty() && terms.iter().all(|t| !t.is_empty()),
            "everyday_dev_b.tsv:{}: {line}",
            n + 1
        );
        assert!(
            !rows.iter().any(|r| r.0 == cols[0]),
            "everyday_dev_b.tsv:{}: {} twice",
            n + 1,
            cols[0]
        );
        rows.push((cols[0].to_string(), terms, cols[2].to_string()));
    }
    rows
}

#[test]
fn everyday_queries_of_part_b_find_statutes_in_the_first_three() {
    let rows = dev_set();
    assert!(rows.len() >= 80, "{} queries", rows.len());
    let mut areas: Vec<&str> = Vec::new();
    for r in &rows {
        if !areas.contains(&r.2.as_str()) {
            areas.push(&r.2);
        }
    }
    assert!(areas.len() >= 10, "{areas:?}");

    let pufa = env!("CARGO_BIN_EXE_pufa");
    let (_tmp, site, pages) = everyday_site();
    let (mut good, mut lines, mut shares) = (0, Vec::new(), Vec::new());
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
    let summary = format!(
        "{}\npart B everyday queries on {} statute pages: {good} of {} ({:.1}%) with a relevant page in the first three",
        shares.join("\n"),
        pages.len(),
        rows.len(),
        good as f64 * 100.0 / rows.len() as f64
    );
    eprintln!("{}\n{summary}", lines.join("\n"));
    // The figure measured (see the module comment), not a bar tuned for.
    assert!(good >= 84, "{summary}");
}
