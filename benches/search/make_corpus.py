#!/usr/bin/env python3
"""Builds a Chinese statute corpus from laws.db for the search benchmark and tests.

Writes into OUT:
  site/<n>/index.html  one plain HTML page per group of consecutive articles (for Pagefind)
  docs.jsonl           the same pages as pufa SearchDocs (one JSON object per line)
  queries.json         [{"q": ..., "truth": [urls...]}], truth = pages whose text contains q
Stdlib only. Usage: make_corpus.py LAWS_DB OUT PAGES [GROUP] [SEED]
"""
import html
import json
import os
import random
import sqlite3
import sys

FIXED = ["民法典", "正当防卫", "电信诈骗", "电信网络诈骗", "12348", "96110", "人身安全保护令",
         "高空抛物", "家庭暴力", "未成年人", "劳动合同", "诉讼时效", "法律援助", "行政处罚",
         "刑事责任", "个人信息", "法", "罪", "婚", "量子纠缠", "宇宙飞船驾驶证", "防卫过当",
         "紧急避险", "监护人", "人民法院", "国务院"]


def fold(s):
    out = []
    for ch in s:
        c = ord(ch)
        if 0xFF01 <= c <= 0xFF5E:
            c -= 0xFEE0
        if c <= 0x20 or c in (0x7F, 0xA0, 0x1680, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000, 0xFEFF) \
                or 0x2000 <= c <= 0x200B:
            c = 0x20
        elif 65 <= c <= 90:
            c += 32
        out.append(chr(c))
    return "".join(out)


def main():
    db, out, pages = sys.argv[1], sys.argv[2], int(sys.argv[3])
    group = int(sys.argv[4]) if len(sys.argv) > 4 else 2
    seed = int(sys.argv[5]) if len(sys.argv) > 5 else 42
    con = sqlite3.connect(db)
    rows = con.execute(
        "select law_name, law_department, chapter, article_no, article_text from articles "
        "order by law_id, id").fetchall()
    groups, cur = [], []
    for r in rows:
        if cur and (cur[-1][0] != r[0] or cur[-1][2] != r[2] or len(cur) >= group):
            groups.append(cur)
            cur = []
        cur.append(r)
    if cur:
        groups.append(cur)
    rng = random.Random(seed)
    rng.shuffle(groups)
    groups = groups[:pages]
    os.makedirs(os.path.join(out, "site"), exist_ok=True)
    texts = []
    with open(os.path.join(out, "docs.jsonl"), "w", encoding="utf-8") as docs:
        for i, g in enumerate(groups):
            law, dept, chapter = g[0][0], g[0][1] or "", g[0][2] or ""
            title = "%s %s" % (law, g[0][3] if len(g) == 1 else g[0][3] + "至" + g[-1][3])
            paras = ["%s %s" % (a[3], a[4]) for a in g]
            body = "\n".join(paras)
            url = "/%d/" % i
            d = {"url": url, "title": title, "description": "", "headings": [chapter] if chapter else [],
                 "body": body, "kind": "法条", "section": dept,
                 "taxonomies": {"laws": [law]}, "lang": "zh"}
            docs.write(json.dumps(d, ensure_ascii=False) + "\n")
            texts.append((url, fold("\n".join([title] + d["headings"] + [body]))))
            p = os.path.join(out, "site", str(i))
            os.makedirs(p, exist_ok=True)
            with open(os.path.join(p, "index.html"), "w", encoding="utf-8") as f:
                f.write('<!doctype html><html lang="zh"><head><meta charset="utf-8"><title>%s</title></head>'
                        '<body><main data-pagefind-body><h1>%s</h1>%s%s</main></body></html>' % (
                            html.escape(title), html.escape(title),
                            "<h2>%s</h2>" % html.escape(chapter) if chapter else "",
                            "".join("<p>%s</p>" % html.escape(x).replace("\n", "<br>") for x in paras)))
    # Sampled queries: substrings of random pages (2–6 CJK characters), so every one has hits.
    qs = list(FIXED)
    while len(qs) < 40:
        t = rng.choice(texts)[1]
        n = rng.randint(2, 6)
        if len(t) <= n:
            continue
        s = rng.randrange(0, len(t) - n)
        q = t[s:s + n]
        if all("\u4e00" <= c <= "\u9fff" for c in q) and q not in qs:
            qs.append(q)
    queries = [{"q": q, "truth": sorted(u for u, t in texts if fold(q) in t)} for q in qs]
    with open(os.path.join(out, "queries.json"), "w", encoding="utf-8") as f:
        json.dump(queries, f, ensure_ascii=False, indent=0)
    print("pages", len(groups), "queries", len(queries))


if __name__ == "__main__":
    main()
