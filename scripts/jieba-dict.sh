#!/usr/bin/env bash
# Remakes data/jieba-dict.zst, the jieba dictionary compiled into pufa (src/search/segment.rs):
# the dict.txt of the jieba-rs crate in Cargo.lock (`word freq tag` lines, sorted) without the
# part-of-speech tags (pufa never asks jieba for them; they do not change a cut), stored in
# columns, which compress better than lines (1.14 MB instead of 1.63 MB for the whole file
# compressed with `zstd -19`):
#
#   pufa-jieba-dict/1 N
#   N lines, one per word: a character whose code minus 0x30 is how many leading characters the
#       word shares with the word before it, then the rest of the word
#   N lines: the frequencies
#
# compressed with `zstd --ultra -22`. The script checks that the columns give back the words
# and frequencies of dict.txt, in its order. Run it after updating jieba-rs; the test
# search::segment::tests::compiled_in_dictionary_is_the_crates says when it is needed.
# Needs: cargo, python3, zstd.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
manifest=$(cd "$ROOT" && cargo metadata --format-version 1 | python3 -c '
import json, sys
m = json.load(sys.stdin)
print(next(p["manifest_path"] for p in m["packages"] if p["name"] == "jieba-rs"))')
python3 - "$(dirname "$manifest")/src/data/dict.txt" <<'EOF' | zstd --ultra -22 -q -f -o "$ROOT/data/jieba-dict.zst"
import sys
text = open(sys.argv[1], encoding="utf-8", newline="").read()
rows = [line.split(" ") for line in text.split("\n")[:-1]]
assert text.endswith("\n") and all(len(r) == 3 for r in rows), "dict.txt: not `word freq tag` lines"
words, prev = [], ""
for w, _, _ in rows:
    n = 0
    while n < min(len(w), len(prev)) and w[n] == prev[n]:
        n += 1
    words.append(chr(0x30 + n) + w[n:])
    prev = w
packed = f"pufa-jieba-dict/1 {len(rows)}\n" + "".join(
    s + "\n" for s in words + [r[1] for r in rows])
# The decoder's way back, as in segment.rs.
lines = packed.split("\n")
n = int(lines[0].split(" ")[1])
back, prev = [], ""
for i in range(n):
    w = prev[: ord(lines[1 + i][0]) - 0x30] + lines[1 + i][1:]
    back.append(f"{w} {lines[1 + n + i]}\n")
    prev = w
assert "".join(back) == "".join(f"{r[0]} {r[1]}\n" for r in rows), "the columns do not give back dict.txt"
sys.stdout.write(packed)
EOF
ls -l "$ROOT/data/jieba-dict.zst"
