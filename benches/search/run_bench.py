#!/usr/bin/env python3
"""pufa search vs Pagefind 1.6 on a statute corpus from laws.db (stdlib only).

Usage: run_bench.py PUFA_BENCH_BIN [PAGES ...]   (default pages: 1000 10000)
PUFA_BENCH_BIN is benches/search/pufa_bench.rs built in release mode:
    cargo build --release --example search_bench   →  target/release/examples/search_bench
Needs node + npm (Pagefind is installed with npm into a temp dir). Prints per-query
recall/precision for both, bytes a first query downloads, index time and peak RSS, with ratios.

What the index figures cover (both whole processes under /usr/bin/time, CPU = user + sys):
  pufa      `search_bench index docs.jsonl OUT`: parse the pages' SearchDocs (what `pufa build`
            hands the search stage: title, description, headings, body text), build the index
            with the same code and (system) allocator as `pufa build`, write every file.
  Pagefind  `pagefind --site SITE --force-language zh`: read the same pages as HTML, index,
            write every file.
Each index run is repeated REPEAT times (default 3) into a fresh folder and the run with the
median CPU time is reported, with all runs listed: file creation is a large share of both
(system time) and on a shared machine it jumps from run to run.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
DB = os.environ.get("LAWS_DB", os.path.join(HERE, "../../../shared/data/laws/laws.db"))


def timed(cmd):
    """Runs cmd under /usr/bin/time; returns (stdout, cpu seconds, wall seconds, peak KB)."""
    r = subprocess.run(["/usr/bin/time", "-f", "TIME %U %S %e %M"] + cmd, capture_output=True, text=True)
    if r.returncode:
        sys.exit("failed: %s\n%s" % (cmd, r.stderr[-2000:]))
    u, s, e, m = r.stderr.strip().splitlines()[-1].split()[1:]
    return r.stdout, float(u) + float(s), float(e), int(m)


REPEAT = int(os.environ.get("REPEAT", "3"))


def timed_median(make_cmd):
    """Runs make_cmd(i) REPEAT times under timed(); returns the median-CPU run and all CPU times."""
    runs = sorted((timed(make_cmd(i)) for i in range(REPEAT)), key=lambda r: r[1])
    return runs[len(runs) // 2], [r[1] for r in runs]


def scores(rows):
    rec, prec = [], []
    for r in rows:
        rec.append(r["tp"] / r["truth"] if r["truth"] else (1.0 if r["got"] == 0 else 0.0))
        prec.append(r["tp"] / r["got"] if r["got"] else (1.0 if r["truth"] == 0 else 0.0))
    return sum(rec) / len(rec), sum(prec) / len(prec), rec, prec


def run(bench, pf_bin, work, pages):
    d = os.path.join(work, "c%d" % pages)
    subprocess.run([sys.executable, os.path.join(HERE, "make_corpus.py"), DB, d, str(pages)], check=True,
                   capture_output=True)
    (out, p_cpu, p_wall, p_rss), p_runs = timed_median(
        lambda i: [bench, "index", os.path.join(d, "docs.jsonl"), os.path.join(d, "pufa" if i == 0 else "pufa%d" % i)])
    p_rows = [json.loads(l) for l in subprocess.run([bench, "query", os.path.join(d, "pufa"),
                                                      os.path.join(d, "queries.json")],
                                                     capture_output=True, text=True, check=True).stdout.splitlines()]
    js_rows = [json.loads(l) for l in subprocess.run(["node", os.path.join(HERE, "pufa_js_query.js"),
                                                       os.path.join(d, "pufa"), os.path.join(d, "queries.json")],
                                                      capture_output=True, text=True, check=True).stdout.splitlines()]
    def pagefind(_):
        shutil.rmtree(os.path.join(d, "site", "pagefind"), ignore_errors=True)  # a fresh folder, as pufa's
        return [pf_bin, "--site", os.path.join(d, "site"), "--force-language", "zh"]
    (_, f_cpu, f_wall, f_rss), f_runs = timed_median(pagefind)
    f_rows = [json.loads(l) for l in subprocess.run(["node", os.path.join(HERE, "pagefind_query.mjs"),
                                                      os.path.join(d, "site"), os.path.join(d, "queries.json")],
                                                     capture_output=True, text=True, check=True).stdout.splitlines()]
    pr, pp, prl, ppl = scores(p_rows)
    # Precision counting every result, also those found for everyday words, respellings
    # and partial matches (which come after the exact ones).
    pp_all = sum((r["tp"] / r["all"]) if r["all"] else (1.0 if r["truth"] == 0 else 0.0) for r in p_rows) / len(p_rows)
    fr, fp, frl, fpl = scores(f_rows)
    print("\n=== %d pages ===" % pages)
    print("%-16s %6s | %5s %5s | %5s %5s | %s" % ("query", "truth", "pR", "pP", "fR", "fP", "page==cli"))
    agree = 0
    for i, q in enumerate(p_rows):
        same = js_rows[i]["shown"] == q["top"]
        agree += same
        print("%-16s %6d | %5.2f %5.2f | %5.2f %5.2f | %s" % (q["q"], q["truth"], prl[i], ppl[i], frl[i], fpl[i], same))
    # First query: pufa = JS + manifest + shards + text chunks of the shown results;
    # Pagefind = pagefind.js + wasm + entry/meta + index chunks (+ fragments of 10 results).
    pf_first = f_rows[0]["index_bytes"]
    pf_first_frag = pf_first + f_rows[0]["fragment_bytes"]
    pu_first = js_rows[0]["bytes"]
    print("mean recall     pufa %.4f  pagefind %.4f" % (pr, fr))
    print("mean precision  pufa %.4f  pagefind %.4f" % (pp, fp))
    print("mean precision of all pufa results (with everyday-word, respelled, partial matches): %.4f" % pp_all)
    print("page top-10 == pufa search top-10: %d/%d queries" % (agree, len(p_rows)))
    print("first query bytes: pufa %d (incl. result text)  pagefind %d index+js, %d with 10 fragments  ratio %.3f / %.3f"
          % (pu_first, pf_first, pf_first_frag, pu_first / pf_first, pu_first / pf_first_frag))
    # The same with what each page fetched before the query: pufa-search.js and index.json;
    # pagefind.js. A citizen's first search downloads all of it.
    pu_all = pu_first + js_rows[0]["load_bytes"]
    pf_all = pf_first_frag + f_rows[0]["load_bytes"]
    print("first query bytes with the page script and manifest: pufa %d (script+manifest %d)  pagefind %d (pagefind.js %d)  ratio %.3f"
          % (pu_all, js_rows[0]["load_bytes"], pf_all, f_rows[0]["load_bytes"], pu_all / pf_all))
    pu_all_gz = js_rows[0]["gz"] + js_rows[0]["load_gz"]
    pf_all_gz = f_rows[0]["index_gz"] + f_rows[0]["fragment_gz"] + f_rows[0]["load_gz"]
    print("  the same gzip: pufa %d  pagefind %d  ratio %.3f" % (pu_all_gz, pf_all_gz, pu_all_gz / pf_all_gz))
    pf_gz = f_rows[0]["index_gz"] + f_rows[0]["fragment_gz"]
    print("first query bytes gzip (js/json compressed by the server): pufa %d  pagefind %d (with 10 fragments)  ratio %.3f"
          % (js_rows[0]["gz"], pf_gz, js_rows[0]["gz"] / pf_gz))
    print("later queries, mean bytes: pufa %d  pagefind %d" % (
        sum(r["bytes"] for r in js_rows[1:]) / (len(js_rows) - 1),
        sum(r["index_bytes"] + r["fragment_bytes"] for r in f_rows[1:]) / (len(f_rows) - 1)))
    # Each query as the first of a fresh page (script, manifest or pagefind.js, its own
    # files): the first query above is only 民法典, one of the cheapest (two bigrams).
    cold_p, cold_f = [], []
    one = os.path.join(d, "one_query.json")
    with open(os.path.join(d, "queries.json"), encoding="utf-8") as f:
        all_queries = json.load(f)
    for q in all_queries:
        with open(one, "w", encoding="utf-8") as f:
            json.dump([q], f, ensure_ascii=False)
        r = json.loads(subprocess.run(["node", os.path.join(HERE, "pufa_js_query.js"), os.path.join(d, "pufa"), one],
                                      capture_output=True, text=True, check=True).stdout.splitlines()[0])
        cold_p.append(r["bytes"] + r["load_bytes"])
        r = json.loads(subprocess.run(["node", os.path.join(HERE, "pagefind_query.mjs"), os.path.join(d, "site"), one],
                                      capture_output=True, text=True, check=True).stdout.splitlines()[0])
        cold_f.append(r["index_bytes"] + r["fragment_bytes"] + r["load_bytes"])
    ratios = sorted(a / b for a, b in zip(cold_p, cold_f))
    print("each query as the first, everything fetched: pufa mean %d  pagefind mean %d (%d-%d)  ratio %.3f; "
          "per query median %.3f max %.3f, over 1/4: %d of %d"
          % (sum(cold_p) / len(cold_p), sum(cold_f) / len(cold_f), min(cold_f), max(cold_f),
             sum(cold_p) / sum(cold_f), ratios[len(ratios) // 2], ratios[-1],
             sum(1 for r in ratios if r > 0.25), len(ratios)))
    print("index: pufa %.2fs cpu %.2fs wall %d MB  pagefind %.2fs cpu %.2fs wall %d MB  ratios cpu %.3f wall %.3f rss %.3f"
          % (p_cpu, p_wall, p_rss // 1024, f_cpu, f_wall, f_rss // 1024, p_cpu / f_cpu, p_wall / f_wall, p_rss / f_rss))
    print("index cpu of every run (s): pufa %s  pagefind %s" % (
        " ".join("%.2f" % c for c in p_runs), " ".join("%.2f" % c for c in f_runs)))
    print("query ms (node, after first): pufa page max %.1f  pagefind max %.1f" % (
        max(r["ms"] for r in js_rows[1:]), max(r["ms"] for r in f_rows[1:])))
    print(json.loads(out.strip().splitlines()[-1]))
    # Sentences as older citizens type them, which find nothing as typed: the best-match
    # ranking (src/search/best.rs). The page must show what `pufa search` gives; what they
    # download (pufa-search-more.js and their shards, after the first query's files) and
    # their time in Node are printed. No truth: tests/it/search_statutes.rs judges relevance.
    sents = os.path.join(d, "sentences.json")
    with open(sents, "w", encoding="utf-8") as f:
        json.dump([{"q": q, "truth": []} for q in SENTENCES], f, ensure_ascii=False)
    s_rows = [json.loads(l) for l in subprocess.run([bench, "query", os.path.join(d, "pufa"), sents],
                                                     capture_output=True, text=True, check=True).stdout.splitlines()]
    s_js = [json.loads(l) for l in subprocess.run(["node", os.path.join(HERE, "pufa_js_query.js"),
                                                   os.path.join(d, "pufa"), sents],
                                                  capture_output=True, text=True, check=True).stdout.splitlines()]
    s_agree = sum(1 for i, q in enumerate(s_rows) if s_js[i]["shown"] == q["top"])
    print("sentences (best match): page top-10 == pufa search top-10: %d/%d; results %s; bytes first %d, later mean %d; "
          "node ms max (after first) %.1f" % (
              s_agree, len(s_rows), [len(q["top"]) for q in s_rows], s_js[0]["bytes"],
              sum(r["bytes"] for r in s_js[1:]) / (len(s_js) - 1), max(r["ms"] for r in s_js[1:])))


SENTENCES = ["楼上邻居天天吵得睡不着怎么办", "儿子不给我生活费", "买的保健品是假的能退吗",
             "老板拖了三个月工资不发", "朋友借钱好几年了不还", "被车撞了司机跑了"]


def main():
    bench = os.path.abspath(sys.argv[1])
    pages = [int(p) for p in sys.argv[2:]] or [1000, 10000]
    work = tempfile.mkdtemp(prefix="pufa-search-bench-")
    subprocess.run(["npm", "i", "--prefix", work, "pagefind@1.6", "--no-audit", "--no-fund"], check=True,
                   capture_output=True)
    pf_bin = os.path.join(work, "node_modules/@pagefind/linux-x64/bin/pagefind_extended")
    if not os.path.exists(pf_bin):
        pf_bin = os.path.join(work, "node_modules/.bin/pagefind")
    for n in pages:
        run(bench, pf_bin, work, n)
    print("\nwork dir:", work)


if __name__ == "__main__":
    main()
