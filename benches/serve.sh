#!/usr/bin/env bash
# serve's edit loop on the generated site: edit -> page (ms) and browser reloads per save.
#
#   benches/serve.sh                      # 10,000 pages, 5 edits
#   PAGES=1000 EDITS=10 benches/serve.sh
#
# Generates the site (examples/gen_site.rs), starts `pufa serve` on it and edits one article
# EDITS times (benches/serve_edit.py: appends a paragraph, polls the page over HTTP until it
# shows, counts the live-reload events that would reload that page until the background full
# rebuild is published). Goals: edit -> page <= 100 ms at 10,000 pages, one reload per save.
# "cpu" is the CPU time of pufa's threads but the background rebuild's during edit -> page: the
# fast path's cost, which the machine's load does not change (the wall time it does).
# Zola (when installed) is edited the same way, edit -> page only (its browser reload goes
# through a websocket); the last line gives pufa's median as a ratio of Zola's. Hugo's server
# is not driven.
#
# Environment: PAGES (10000), EDITS (5), ZOLA_EDITS (2), SEED (42), WORK (default
# /tmp/pufa-serve), PUFA (default: cargo build --release, then target/release/pufa),
# ZOLA (binary; default: on PATH, skipped when missing).

set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
case "${1:-}" in -h | --help) sed -n '2,/^$/s/^# \{0,1\}//p' "$0"; exit 0 ;; esac

PAGES="${PAGES:-10000}"
EDITS="${EDITS:-5}"
SEED="${SEED:-42}"
WORK="${WORK:-${TMPDIR:-/tmp}/pufa-serve}"
mkdir -p "$WORK"
command -v python3 >/dev/null || { echo "serve.sh: python3 is needed" >&2; exit 2; }

GEN="$WORK/gen_site"
if [ ! -x "$GEN" ] || [ "$ROOT/examples/gen_site.rs" -nt "$GEN" ]; then
    rustc --edition 2021 -O "$ROOT/examples/gen_site.rs" -o "$GEN" ||
        { echo "serve.sh: cannot compile examples/gen_site.rs" >&2; exit 1; }
fi
if [ -z "${PUFA:-}" ]; then
    PUFA="$ROOT/target/release/pufa"
    (cd "$ROOT" && cargo build --release --quiet --bin pufa) >"$WORK/cargo.log" 2>&1 ||
        { echo "serve.sh: cargo build --release failed, see $WORK/cargo.log" >&2; exit 1; }
fi
site="$WORK/site-$PAGES"
[ -f "$site/.gen_site" ] && [ "$(cat "$WORK/site-$PAGES.args" 2>/dev/null)" = "$PAGES $SEED" ] ||
    { "$GEN" --pages "$PAGES" --out "$site" --seed "$SEED" >/dev/null &&
        echo "$PAGES $SEED" >"$WORK/site-$PAGES.args"; } ||
    { echo "serve.sh: gen_site failed" >&2; exit 1; }

ZOLA="${ZOLA:-$(command -v zola || true)}"
edit=(--site "$site" --page content/cases/case-00002.md --url /cases/case-00002/)

echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); $PAGES pages; $(date -u +%FT%TZ)"
echo "pufa:"
python3 "$ROOT/benches/serve_edit.py" --bin "$PUFA" "${edit[@]}" --edits "$EDITS" | tee "$WORK/pufa.out"
if [ -n "$ZOLA" ]; then
    echo "zola:"
    python3 "$ROOT/benches/serve_edit.py" --engine zola --bin "$ZOLA" "${edit[@]}" \
        --edits "${ZOLA_EDITS:-2}" | tee "$WORK/zola.out"
    p=$(sed -n 's/^edit->page median \([0-9]*\) ms.*/\1/p' "$WORK/pufa.out")
    z=$(sed -n 's/^edit->page median \([0-9]*\) ms.*/\1/p' "$WORK/zola.out")
    [ -n "$p" ] && [ -n "$z" ] && awk -v p="$p" -v z="$z" 'BEGIN { printf "edit->page pufa/zola: %.3f\n", p / z }'
else
    echo "zola: skipped (not installed)"
fi
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
