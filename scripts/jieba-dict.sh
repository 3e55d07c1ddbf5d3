#!/usr/bin/env bash
# Remakes data/jieba-dict.txt.zst, the jieba dictionary compiled into pufa
# (src/search/segment.rs): the dict.txt of the jieba-rs crate in Cargo.lock, compressed with
# `zstd -19`. Run it after updating jieba-rs; the test
# search::segment::tests::compiled_in_dictionary_is_the_crates says when it is needed.
# Needs: cargo, python3, zstd.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
manifest=$(cd "$ROOT" && cargo metadata --format-version 1 | python3 -c '
import json, sys
m = json.load(sys.stdin)
print(next(p["manifest_path"] for p in m["packages"] if p["name"] == "jieba-rs"))')
zstd -19 -q -f "$(dirname "$manifest")/src/data/dict.txt" -o "$ROOT/data/jieba-dict.txt.zst"
ls -l "$ROOT/data/jieba-dict.txt.zst"
