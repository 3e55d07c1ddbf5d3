//! pufa against Zola 0.22.1's own output.
//!
//! Each site under `tests/sites/` that has an `expected/` folder was built with Zola 0.22.1
//! (`zola build -o expected`); pufa must produce the same set of files, and each HTML/XML file
//! must be equal after whitespace and entity normalisation. Known, intentional differences are
//! listed in the site's `expected.diff-ok` file (one `path: reason` a line) and documented in
//! the README.

mod common;

use common::*;

fn compare_site(name: &str) {
    let site = sites_dir().join(name);
    let expected_dir = site.join("expected");
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let o = build(&site, &out, &[]);
    assert!(
        o.status.success(),
        "pufa build failed for {name}:\n{}",
        stderr(&o)
    );

    let allowed: Vec<String> = std::fs::read_to_string(site.join("expected.diff-ok"))
        .unwrap_or_default()
        .lines()
        .filter_map(|l| l.split_once(':').map(|(p, _)| p.trim().to_string()))
        .collect();
    let expected = read_tree(&expected_dir);
    let got = read_tree(&out);
    let missing: Vec<&String> = expected.keys().filter(|k| !got.contains_key(*k)).collect();
    let extra: Vec<&String> = got.keys().filter(|k| !expected.contains_key(*k)).collect();
    assert!(
        missing.is_empty(),
        "{name}: files Zola writes but pufa does not: {missing:?}"
    );
    assert!(
        extra.is_empty(),
        "{name}: files pufa writes but Zola does not: {extra:?}"
    );

    let mut failures = Vec::new();
    for (path, want) in &expected {
        if allowed.contains(path) {
            continue;
        }
        let have = &got[path];
        let textual = [".html", ".xml", ".txt", ".css", ".json", ".js"]
            .iter()
            .any(|e| path.ends_with(e));
        if textual {
            let (w, h) = (
                normalise(&String::from_utf8_lossy(want)),
                normalise(&String::from_utf8_lossy(have)),
            );
            if w != h {
                failures.push(format!("{path}: {}", first_difference(&w, &h)));
            }
        } else if want != have {
            failures.push(format!("{path}: bytes differ"));
        }
    }
    assert!(
        failures.is_empty(),
        "{name}: {} file(s) differ from Zola:\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

#[test]
fn zola_basic_site_matches_zola() {
    compare_site("zola-basic");
}
