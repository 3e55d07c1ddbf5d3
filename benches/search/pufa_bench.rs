//! Benchmark driver for pufa's search, independent of the `pufa` crate name: it mounts the
//! search module by path. `index DOCS.jsonl OUT` builds and writes the index (time it with
//! `/usr/bin/time -v` for peak memory); `query OUT QUERIES.json` answers each query like
//! `pufa search` and prints recall/precision against the substring truth.
#![allow(dead_code, unused_imports, unreachable_pub)]

#[path = "../../src/search/mod.rs"]
mod search;

use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    match args.get(1).map(String::as_str) {
        Some("index") => index(&args[2], &args[3]),
        Some("query") => query(&args[2], &args[3]),
        _ => eprintln!("usage: pufa_bench index DOCS.jsonl OUT | query OUT QUERIES.json"),
    }
}

fn index(docs_path: &str, out: &str) {
    let t0 = Instant::now();
    // Line by line: the documents stand for the rendered pages pufa holds anyway; the file's
    // text is not part of what indexing needs.
    let reader = std::io::BufReader::new(std::fs::File::open(docs_path).expect("docs.jsonl"));
    let docs: Vec<search::SearchDoc> = std::io::BufRead::lines(reader)
        .map(|l| serde_json::from_str(&l.expect("read")).expect("doc"))
        .collect();
    let t2 = Instant::now();
    let peak_read = peak_mb();
    let files = search::build(&docs, &search::SearchOptions::default());
    let t3 = Instant::now();
    let peak_build = peak_mb();
    let mut bytes = 0;
    let mut made = std::collections::BTreeSet::new();
    for (p, b) in &files {
        let p = std::path::Path::new(out).join(p);
        let dir = p.parent().unwrap().to_path_buf();
        if !made.contains(&dir) {
            std::fs::create_dir_all(&dir).unwrap();
            made.insert(dir);
        }
        std::fs::write(p, b).unwrap();
        bytes += b.len();
    }
    let ms = |a: Instant, b: Instant| (b - a).as_secs_f64() * 1000.0;
    println!(
        "{{\"docs\":{},\"files\":{},\"bytes\":{},\"read_ms\":{:.1},\"build_ms\":{:.1},\"write_ms\":{:.1},\"total_ms\":{:.1},\"peak_mb_after_read\":{},\"peak_mb_after_build\":{}}}",
        docs.len(), files.len(), bytes, ms(t0, t2), ms(t2, t3), ms(t3, Instant::now()), ms(t0, Instant::now()),
        peak_read, peak_build
    );
}

/// Peak resident memory so far (VmHWM), in MB; 0 where /proc is missing.
fn peak_mb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<u64>().ok())
        })
        .map_or(0, |kb| kb / 1024)
}

fn query(out: &str, queries_path: &str) {
    let qs: Vec<serde_json::Value> =
        serde_json::from_str(&std::fs::read_to_string(queries_path).unwrap()).unwrap();
    let dir = std::path::Path::new(out);
    for q in qs {
        let text = q["q"].as_str().unwrap();
        let truth: Vec<&str> = q["truth"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|u| u.as_str())
            .collect();
        let t = Instant::now();
        let hits = search::query_dir(dir, text, usize::MAX, &search::Filters::default()).unwrap();
        let ms = t.elapsed().as_secs_f64() * 1000.0;
        // Exact matches (the query as typed) are scored against the substring truth; the
        // pages found for everyday words, respellings or partial matches come after them and
        // are reported apart.
        let got: Vec<&str> = hits
            .iter()
            .filter(|h| h.tier == "exact")
            .map(|h| h.url.as_str())
            .collect();
        let all: Vec<&str> = hits.iter().map(|h| h.url.as_str()).collect();
        let tp = got.iter().filter(|u| truth.contains(u)).count();
        let top: Vec<String> = hits
            .iter()
            .take(10)
            .map(|h| match &h.anchor {
                Some(a) => format!("{}#{a}", h.url),
                None => h.url.clone(),
            })
            .collect();
        println!(
            "{}",
            serde_json::json!({"q": text, "truth": truth.len(), "got": got.len(), "tp": tp, "ms": ms,
                "all": all.len(), "top": top})
        );
    }
}
