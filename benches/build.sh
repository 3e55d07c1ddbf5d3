#!/usr/bin/env bash
# Whole-build benchmark: pufa against Hugo and Zola on the same synthetic site.
#
#   benches/build.sh                      # 1,000 pages, every engine found, 3 alternating runs
#   SIZES="1000 10000 50000" benches/build.sh
#   benches/build.sh --smoke              # CI: 200 pages, pufa only, checks the output
#
# For each size it generates a site with examples/gen_site.rs (deterministic: same SIZES and
# SEED, same bytes), then builds it with pufa, Hugo and Zola in turn, RUNS times, alternating
# engines so that a slow moment of the machine does not favour one of them. Each build runs
# under /usr/bin/time -v; the table shows the median wall and CPU time, the median peak RSS,
# the number of output files and the ratios pufa/hugo and pufa/zola.
#
# Environment:
#   SIZES      page counts (default "1000")          RUNS       runs per engine (default 3)
#   ZOLA_RUNS  runs for Zola (default RUNS; Zola takes minutes at 50k)
#   SEED       generator seed (default 42)           WORK       scratch folder (default /tmp/pufa-bench)
#   PUFA       pufa binary (default: cargo build --release, then target/release/pufa)
#   HUGO       hugo binary (default: hugo on PATH)   ZOLA       zola binary (default: zola on PATH)
#   KEEP=1     keep the output folders of the last run (default: deleted after counting)
# An engine that is missing or fails is reported as "skipped" or "failed"; the others go on.
# Raw figures of every run are appended to $WORK/runs.tsv.

set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SMOKE=0
for arg in "$@"; do
    case "$arg" in
        --smoke) SMOKE=1 ;;
        -h | --help) sed -n '2,/^$/s/^# \{0,1\}//p' "$0"; exit 0 ;;
        *) echo "build.sh: unknown argument $arg (try --help)" >&2; exit 2 ;;
    esac
done

SIZES="${SIZES:-1000}"
RUNS="${RUNS:-3}"
ZOLA_RUNS="${ZOLA_RUNS:-$RUNS}"
SEED="${SEED:-42}"
WORK="${WORK:-${TMPDIR:-/tmp}/pufa-bench}"
if [ "$SMOKE" = 1 ]; then
    SIZES=200
    RUNS=1
fi
mkdir -p "$WORK"

if [ ! -x /usr/bin/time ]; then
    echo "build.sh: /usr/bin/time is needed (Debian/Ubuntu: apt-get install time)" >&2
    exit 2
fi

# --- tools -----------------------------------------------------------------------------------

# gen_site is std-only, so rustc alone builds it: no need for the whole crate to compile.
GEN="$WORK/gen_site"
if [ ! -x "$GEN" ] || [ "$ROOT/examples/gen_site.rs" -nt "$GEN" ]; then
    rustc --edition 2021 -O "$ROOT/examples/gen_site.rs" -o "$GEN" ||
        { echo "build.sh: cannot compile examples/gen_site.rs" >&2; exit 1; }
fi

if [ -z "${PUFA:-}" ]; then
    PUFA="$ROOT/target/release/pufa"
    if ! (cd "$ROOT" && cargo build --release --quiet --bin pufa) >"$WORK/cargo.log" 2>&1; then
        echo "build.sh: cargo build --release failed, see $WORK/cargo.log" >&2
        PUFA=""
    fi
fi
[ -n "$PUFA" ] && [ ! -x "$PUFA" ] && PUFA=""
HUGO="${HUGO:-$(command -v hugo || true)}"
ZOLA="${ZOLA:-$(command -v zola || true)}"
if [ "$SMOKE" = 1 ]; then
    HUGO=""
    ZOLA=""
fi
[ -z "$PUFA" ] && [ "$SMOKE" = 1 ] && { echo "smoke: no pufa binary" >&2; exit 1; }

# --- one build ---------------------------------------------------------------------------------

# run_engine ENGINE SITE OUT: builds, then prints "wall cpu rss_mb files mb" or "failed".
run_engine() {
    local engine="$1" site="$2" out="$3" log="$WORK/$1.log" tv="$WORK/$1.time"
    rm -rf "$out"
    local cmd
    case "$engine" in
        pufa) cmd=("$PUFA" --root "$site" build -o "$out") ;;
        hugo) cmd=("$HUGO" -s "$site" --config "$site/hugo.toml" -d "$out" --quiet) ;;
        zola) cmd=("$ZOLA" --root "$site" build --output-dir "$out") ;;
    esac
    if ! /usr/bin/time -v -o "$tv" "${cmd[@]}" >"$log" 2>&1; then
        echo failed
        return
    fi
    local wall cpu rss files mb
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {
        n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }' "$tv")
    cpu=$(awk -F': ' '/User time/ {u = $2} /System time/ {s = $2} END {printf "%.2f", u + s}' "$tv")
    rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2 / 1024}' "$tv")
    files=$(find "$out" -type f | wc -l)
    mb=$(du -sm "$out" | cut -f1)
    echo "$wall $cpu $rss $files $mb"
}

median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR] = $1} END {
    if (NR == 0) print "-"; else if (NR % 2) print a[(NR + 1) / 2]; else printf "%.2f", (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "-" || b == "-" || b == 0) print "-"; else printf "%.3f", a / b }'; }

# --- smoke checks ------------------------------------------------------------------------------

smoke_check() {
    local out="$1" pages="$2" fail=0
    local html
    html=$(find "$out" -name index.html | wc -l)
    [ -f "$out/index.html" ] || { echo "smoke: no index.html" >&2; fail=1; }
    [ "$html" -ge "$pages" ] || { echo "smoke: only $html index.html files for $pages pages" >&2; fail=1; }
    [ -f "$out/cases/case-00001/index.html" ] || { echo "smoke: cases/case-00001/ missing" >&2; fail=1; }
    [ -f "$out/tags/index.html" ] || { echo "smoke: tags/index.html missing" >&2; fail=1; }
    if grep -rlq 'href="@/' "$out"; then echo "smoke: unresolved @/ links" >&2; fail=1; fi
    return $fail
}

# --- main loop ---------------------------------------------------------------------------------

printf '%s\n' "# $(date -u +%FT%TZ) $(uname -m) $(nproc) cores" >>"$WORK/runs.tsv"
ROWS=()
status=0
for pages in $SIZES; do
    site="$WORK/site-$pages"
    "$GEN" --pages "$pages" --out "$site" --seed "$SEED" >/dev/null || { echo "gen_site failed" >&2; exit 1; }
    declare -A WALL=() CPU=() RSS=() FILES=() MB=() STATE=()
    for e in pufa hugo zola; do
        var="${e^^}"
        if [ -z "${!var}" ]; then STATE[$e]=skipped; else STATE[$e]=ok; fi
    done
    for ((r = 1; r <= RUNS; r++)); do
        for e in pufa hugo zola; do
            [ "${STATE[$e]}" = ok ] || continue
            [ "$e" = zola ] && [ "$r" -gt "$ZOLA_RUNS" ] && continue
            res=$(run_engine "$e" "$site" "$WORK/out-$e-$pages")
            if [ "$res" = failed ]; then
                STATE[$e]=failed
                echo "build.sh: $e failed on $pages pages; last lines of $WORK/$e.log:" >&2
                tail -n 5 "$WORK/$e.log" >&2
                status=1
                continue
            fi
            read -r w c m f s <<<"$res"
            WALL[$e]+=" $w"; CPU[$e]+=" $c"; RSS[$e]+=" $m"; FILES[$e]=$f; MB[$e]=$s
            printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$e" "$pages" "$r" "$w" "$c" "$m" "$f" "$s" >>"$WORK/runs.tsv"
            [ "${KEEP:-0}" = 1 ] || [ "$SMOKE" = 1 ] || rm -rf "$WORK/out-$e-$pages"
        done
    done
    declare -A MW=() MC=() MR=()
    for e in pufa hugo zola; do
        if [ "${STATE[$e]}" = ok ]; then
            MW[$e]=$(median <<<"${WALL[$e]}"); MC[$e]=$(median <<<"${CPU[$e]}"); MR[$e]=$(median <<<"${RSS[$e]}")
            ROWS+=("$(printf '%-6s %8s %8s %8s %9s %8s %9s %8s %8s' "$e" "$pages" "${FILES[$e]}" "${MB[$e]}" \
                "${MW[$e]}" "${MC[$e]}" "${MR[$e]}" \
                "$(awk -v w="${MW[$e]}" -v n="$pages" 'BEGIN {printf "%.3f", w * 1000 / n}')" \
                "$(echo "${WALL[$e]}" | wc -w)")")
        else
            MW[$e]=-; MC[$e]=-; MR[$e]=-
            ROWS+=("$(printf '%-6s %8s %s' "$e" "$pages" "${STATE[$e]}")")
        fi
    done
    for base in hugo zola; do
        [ "${STATE[pufa]}" = ok ] && [ "${STATE[$base]}" = ok ] || continue
        ROWS+=("$(printf '  pufa/%s at %s pages: wall %s  cpu %s  rss %s' "$base" "$pages" \
            "$(ratio "${MW[pufa]}" "${MW[$base]}")" "$(ratio "${MC[pufa]}" "${MC[$base]}")" \
            "$(ratio "${MR[pufa]}" "${MR[$base]}")")")
    done
    if [ "$SMOKE" = 1 ]; then
        if [ "${STATE[pufa]}" = ok ] && smoke_check "$WORK/out-pufa-$pages" "$pages"; then
            echo "smoke: pufa built $pages pages into ${FILES[pufa]} files in ${MW[pufa]} s"
        else
            status=1
        fi
    fi
    unset WALL CPU RSS FILES MB STATE MW MC MR
done

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo); seed $SEED"
[ -n "$PUFA" ] && echo "pufa: $("$PUFA" --version 2>/dev/null | head -n 1)"
[ -n "$HUGO" ] && echo "hugo: $("$HUGO" version 2>/dev/null | head -n 1)"
[ -n "$ZOLA" ] && echo "zola: $("$ZOLA" --version 2>/dev/null | head -n 1)"
printf '%-6s %8s %8s %8s %9s %8s %9s %8s %8s\n' engine pages files MB "wall s" "cpu s" "rss MB" "ms/page" runs
for row in "${ROWS[@]}"; do echo "$row"; done
exit $status
