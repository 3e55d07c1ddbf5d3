#!/usr/bin/env bash
# Scale benchmark: does build time grow linearly with the site? Per-page time and peak memory
# at two (or more) sizes of the same generated site, and their ratio to the smallest size.
#
#   benches/scale.sh                          # 10,000 and 20,000 pages
#   SIZES="20000 200000" RUNS=1 benches/scale.sh
#
# The site is examples/gen_site.rs (paginated taxonomies whose term template lists
# `paginator.pages`, and `term.pages` only in the branch without a paginator). For each size
# and engine: one cold build into an empty folder, then RUNS rebuilds over it (pufa keeps the
# previous site beside the output; Hugo and Zola simply write again). Each build runs under
# /usr/bin/time -v. The table gives wall and CPU seconds, peak RSS, and per page: wall ms,
# CPU ms and KB of peak memory; the last columns are the per-page wall and CPU time as a
# multiple of the smallest size's (1.00 = linear, 2.00 = twice the cost of a page).
#
# Environment: SIZES (default "10000 20000"), RUNS (rebuilds, default 3; the median is shown),
# SEED (42), WORK (default /tmp/pufa-scale), PUFA (default: cargo build --release, then
# target/release/pufa), HUGO / ZOLA (binaries; default: on PATH, skipped when missing),
# ENGINES (default "pufa hugo zola"). With Hugo or Zola there, the cold build's wall time and
# peak memory of pufa are printed as ratios to theirs at each size (e.g. ZOLA=path/to/zola).

set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
case "${1:-}" in -h | --help) sed -n '2,/^$/s/^# \{0,1\}//p' "$0"; exit 0 ;; esac

SIZES="${SIZES:-10000 20000}"
RUNS="${RUNS:-3}"
SEED="${SEED:-42}"
WORK="${WORK:-${TMPDIR:-/tmp}/pufa-scale}"
ENGINES="${ENGINES:-pufa hugo zola}"
mkdir -p "$WORK"
[ -x /usr/bin/time ] || { echo "scale.sh: /usr/bin/time is needed (apt-get install time)" >&2; exit 2; }

GEN="$WORK/gen_site"
if [ ! -x "$GEN" ] || [ "$ROOT/examples/gen_site.rs" -nt "$GEN" ]; then
    rustc --edition 2021 -O "$ROOT/examples/gen_site.rs" -o "$GEN" ||
        { echo "scale.sh: cannot compile examples/gen_site.rs" >&2; exit 1; }
fi
if [ -z "${PUFA:-}" ]; then
    PUFA="$ROOT/target/release/pufa"
    (cd "$ROOT" && cargo build --release --quiet --bin pufa) >"$WORK/cargo.log" 2>&1 ||
        { echo "scale.sh: cargo build --release failed, see $WORK/cargo.log" >&2; PUFA=""; }
fi
HUGO="${HUGO:-$(command -v hugo || true)}"
ZOLA="${ZOLA:-$(command -v zola || true)}"

# one ENGINE SITE OUT: prints "wall cpu rss_mb" or "failed".
one() {
    local engine="$1" site="$2" out="$3" tv="$WORK/$1.time" cmd
    case "$engine" in
        pufa) cmd=("$PUFA" --root "$site" build -o "$out") ;;
        hugo) cmd=("$HUGO" -s "$site" --config "$site/hugo.toml" -d "$out" --quiet) ;;
        zola) cmd=("$ZOLA" --root "$site" build --output-dir "$out" --force) ;;
    esac
    if ! /usr/bin/time -v -o "$tv" "${cmd[@]}" >"$WORK/$engine.log" 2>&1; then
        echo failed
        return
    fi
    awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0
            for (i = 1; i <= n; i++) s = s * 60 + p[i]; w = s }
        /User time/ { u = $2 } /System time/ { y = $2 }
        /Maximum resident set size/ { r = $2 / 1024 }
        END { printf "%.2f %.2f %.0f\n", w, u + y, r }' "$tv"
}
median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR] = $1} END {
    if (NR == 0) print "-"; else if (NR % 2) print a[(NR + 1) / 2]; else printf "%.2f", (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo); seed $SEED; $(date -u +%FT%TZ)"
printf '%-5s %7s %-7s %8s %8s %8s %9s %9s %9s %7s %7s\n' \
    engine pages build "wall s" "cpu s" "rss MB" "wall ms/p" "cpu ms/p" "KB/page" "x wall" "x cpu"
declare -A BASE_W=() BASE_C=() COLD_W=() COLD_R=()
RATIOS=()
for pages in $SIZES; do
    site="$WORK/site-$pages"
    [ -f "$site/.gen_site" ] && [ "$(cat "$WORK/site-$pages.args" 2>/dev/null)" = "$pages $SEED" ] ||
        { "$GEN" --pages "$pages" --out "$site" --seed "$SEED" >/dev/null &&
            echo "$pages $SEED" >"$WORK/site-$pages.args"; } ||
        { echo "scale.sh: gen_site failed" >&2; exit 1; }
    for e in $ENGINES; do
        bin="${e^^}"
        [ -n "${!bin:-}" ] || { printf '%-5s %7s skipped (not installed)\n' "$e" "$pages"; continue; }
        box="$WORK/out-$e-$pages"
        rm -rf "$box"
        mkdir -p "$box"
        for kind in cold rebuild; do
            W="" C="" R=""
            n=1
            [ "$kind" = rebuild ] && n="$RUNS"
            for ((r = 1; r <= n; r++)); do
                res=$(one "$e" "$site" "$box/public")
                [ "$res" = failed ] && break
                read -r w c m <<<"$res"
                W+=" $w"; C+=" $c"; R+=" $m"
            done
            if [ "$res" = failed ]; then
                printf '%-5s %7s %-7s failed (see %s)\n' "$e" "$pages" "$kind" "$WORK/$e.log"
                break
            fi
            w=$(median <<<"$W"); c=$(median <<<"$C"); m=$(median <<<"$R")
            wp=$(awk -v a="$w" -v n="$pages" 'BEGIN {printf "%.3f", a * 1000 / n}')
            cp=$(awk -v a="$c" -v n="$pages" 'BEGIN {printf "%.3f", a * 1000 / n}')
            kp=$(awk -v a="$m" -v n="$pages" 'BEGIN {printf "%.1f", a * 1024 / n}')
            key="$e-$kind"
            [ "$kind" = cold ] && { COLD_W[$e-$pages]=$w; COLD_R[$e-$pages]=$m; }
            [ -n "${BASE_W[$key]:-}" ] || { BASE_W[$key]=$wp; BASE_C[$key]=$cp; }
            printf '%-5s %7s %-7s %8s %8s %8s %9s %9s %9s %7s %7s\n' "$e" "$pages" "$kind" \
                "$w" "$c" "$m" "$wp" "$cp" "$kp" \
                "$(awk -v a="$wp" -v b="${BASE_W[$key]}" 'BEGIN {printf "%.2f", a / b}')" \
                "$(awk -v a="$cp" -v b="${BASE_C[$key]}" 'BEGIN {printf "%.2f", a / b}')"
        done
        rm -rf "$box"
    done
    for base in hugo zola; do
        [ -n "${COLD_W[pufa-$pages]:-}" ] && [ -n "${COLD_W[$base-$pages]:-}" ] || continue
        RATIOS+=("$(awk -v n="$pages" -v b="$base" -v pw="${COLD_W[pufa-$pages]}" -v bw="${COLD_W[$base-$pages]}" \
            -v pr="${COLD_R[pufa-$pages]}" -v br="${COLD_R[$base-$pages]}" \
            'BEGIN {printf "  pufa/%s at %s pages, cold build: wall %.3f  peak rss %.3f", b, n, pw / bw, pr / br}')")
    done
done
for r in "${RATIOS[@]}"; do echo "$r"; done
