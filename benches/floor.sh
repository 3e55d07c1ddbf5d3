#!/usr/bin/env bash
# The file system's floor: how close is a cold build to just writing the site's files?
#
#   benches/floor.sh                      # 10,000 pages, 3 alternating runs
#   PAGES=20000 RUNS=5 benches/floor.sh
#
# Builds the generated site (examples/gen_site.rs) once with pufa to learn its output tree,
# then alternates, RUNS times: the floor (benches/tools/fs_floor.rs writes the same folders,
# file names and sizes, filler bytes, no rendering, as many threads as cores) and a cold
# build of each engine into an empty folder (the output and everything pufa keeps beside it
# deleted first). Every target is deleted and the file system synced before each run, so all
# start alike. Prints the medians and each engine's cold build as a multiple of the floor
# (the goal for pufa: within 1.2x).
#
# Where the outputs go decides what is measured. On a local disk with a large page cache the
# floor is a second and every build is bound by its CPU. A slow disk makes the file system
# the slow part, as on the issue's machine (571 us a mkdir):
#
#   SLOW=1 benches/floor.sh               # root: outputs on a loop-mounted ext4, -o dirsync
#   DELAY_US=500 benches/floor.sh         # every mkdir and file creation waits 500 us
#   DISK=/mnt/usb/floor benches/floor.sh  # outputs in a folder on any disk you choose
#
# SLOW=1 makes an ext4 image (SLOW_IMG, default /dev/shm/pufa-floor-slow.img, 1 GiB + 64 KB a
# page), loop-mounts it with SLOW_OPTS (default dirsync: every mkdir, create and rename
# waits for its journal commit, a few hundred us on this RAM-backed image) and removes both
# at the end. The latency of one mkdir and one file on the output disk is printed first
# (fs_floor --probe). The site and pufa's reference build stay in WORK.
#
# DELAY_US=N preloads benches/tools/slow_disk.rs into the floor and every engine: each mkdir
# and file creation under DISK that makes a new folder or file sleeps N us (the issue's disk:
# 571 us a mkdir; a mkdir of a folder that exists makes nothing and does not wait). A sleep
# costs no CPU, so this disk is as slow on a busy machine as on a quiet one, which the real
# slow disk of SLOW=1 (its journal commits wait for CPU) is not. Linux (glibc) only.
#
# Environment: PAGES (10000), RUNS (3), SEED (42), WORK (default /tmp/pufa-floor),
# PUFA (default: cargo build --release, then target/release/pufa), HUGO / ZOLA (binaries;
# default: on PATH, skipped when missing), ENGINES (default "pufa hugo zola"), DISK (default
# WORK), SLOW, SLOW_IMG, SLOW_OPTS, DELAY_US, PUFA_BASE (a second pufa binary, e.g. before a
# change: run as the engine `base`, alternating with the others).

set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
case "${1:-}" in -h | --help) sed -n '2,/^$/s/^# \{0,1\}//p' "$0"; exit 0 ;; esac

PAGES="${PAGES:-10000}"
RUNS="${RUNS:-3}"
SEED="${SEED:-42}"
WORK="${WORK:-${TMPDIR:-/tmp}/pufa-floor}"
BASE="${PUFA_BASE:-}"
ENGINES="${ENGINES:-pufa${BASE:+ base} hugo zola}"
mkdir -p "$WORK"
[ -x /usr/bin/time ] || { echo "floor.sh: /usr/bin/time is needed (apt-get install time)" >&2; exit 2; }

for tool in examples/gen_site.rs benches/tools/fs_floor.rs; do
    bin="$WORK/$(basename "$tool" .rs)"
    if [ ! -x "$bin" ] || [ "$ROOT/$tool" -nt "$bin" ]; then
        rustc --edition 2021 -O "$ROOT/$tool" -o "$bin" || { echo "floor.sh: cannot compile $tool" >&2; exit 1; }
    fi
done
if [ -z "${PUFA:-}" ]; then
    PUFA="$ROOT/target/release/pufa"
    (cd "$ROOT" && cargo build --release --quiet --bin pufa) >"$WORK/cargo.log" 2>&1 ||
        { echo "floor.sh: cargo build --release failed, see $WORK/cargo.log" >&2; exit 1; }
fi
HUGO="${HUGO:-$(command -v hugo || true)}"
DISK="${DISK:-$WORK}"
if [ -n "${SLOW:-}" ]; then
    SLOW_IMG="${SLOW_IMG:-/dev/shm/pufa-floor-slow.img}"
    SLOW_OPTS="${SLOW_OPTS:-dirsync}"
    DISK="$WORK/slow"
    [ ! -e "$SLOW_IMG" ] || { echo "floor.sh: $SLOW_IMG exists; remove it or set SLOW_IMG" >&2; exit 1; }
    mkdir -p "$DISK"
    if mountpoint -q "$DISK"; then echo "floor.sh: $DISK is already a mount point" >&2; exit 1; fi
    truncate -s $((1024 + PAGES * 64 / 1024))M "$SLOW_IMG" &&
        mkfs.ext4 -q -F -i 4096 -E lazy_itable_init=0,lazy_journal_init=0 "$SLOW_IMG" &&
        mount -o "loop,$SLOW_OPTS" "$SLOW_IMG" "$DISK" ||
        { rm -f "$SLOW_IMG"; echo "floor.sh: cannot mount a slow disk (SLOW=1 needs root and loop devices)" >&2; exit 1; }
    trap 'umount "$DISK" && rm -f "$SLOW_IMG"' EXIT
fi
mkdir -p "$DISK"
DISK="$(cd "$DISK" && pwd -P)"
slow=()
if [ -n "${DELAY_US:-}" ]; then
    lib="$WORK/libslow_disk.so"
    if [ ! -f "$lib" ] || [ "$ROOT/benches/tools/slow_disk.rs" -nt "$lib" ]; then
        rustc --edition 2021 -O --crate-type cdylib "$ROOT/benches/tools/slow_disk.rs" -o "$lib" ||
            { echo "floor.sh: cannot compile benches/tools/slow_disk.rs" >&2; exit 1; }
    fi
    slow=(env "SLOW_DISK_UNDER=$DISK" "SLOW_DISK_US=$DELAY_US" "LD_PRELOAD=$lib")
fi
ZOLA="${ZOLA:-$(command -v zola || true)}"

site="$WORK/site-$PAGES"
"$WORK/gen_site" --pages "$PAGES" --out "$site" --seed "$SEED" >/dev/null || { echo "floor.sh: gen_site failed" >&2; exit 1; }
ref="$WORK/ref"
rm -rf "$ref"
mkdir -p "$ref"
"$PUFA" --root "$site" build -o "$ref/public" >"$WORK/ref.log" 2>&1 || { echo "floor.sh: pufa failed, see $WORK/ref.log" >&2; exit 1; }

fresh() { rm -rf "$1"; sync -f "$DISK" 2>/dev/null || sync; }
wall_of() { awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0
    for (i = 1; i <= n; i++) s = s * 60 + p[i]; printf "%.2f", s }' "$1"; }
median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR] = $1} END {
    if (NR == 0) print "-"; else if (NR % 2) print a[(NR + 1) / 2]; else printf "%.2f", (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

declare -A T=()
FLOOR=""
for ((r = 1; r <= RUNS; r++)); do
    fresh "$DISK/floor"
    line=$("${slow[@]}" "$WORK/fs_floor" --like "$ref/public" --out "$DISK/floor") || { echo "floor.sh: fs_floor failed" >&2; exit 1; }
    desc="${line% * s}"
    FLOOR+=" $(awk '{print $(NF - 1)}' <<<"$line")"
    for e in $ENGINES; do
        bin="${e^^}"
        [ -n "${!bin:-}" ] || continue
        box="$DISK/cold-$e"
        fresh "$box"
        mkdir -p "$box"
        case "$e" in
            pufa) cmd=("$PUFA" --root "$site" build -o "$box/public") ;;
            base) cmd=("$BASE" --root "$site" build -o "$box/public") ;;
            hugo) cmd=("$HUGO" -s "$site" --config "$site/hugo.toml" -d "$box/public" --quiet) ;;
            zola) cmd=("$ZOLA" --root "$site" build --output-dir "$box/public") ;;
        esac
        if /usr/bin/time -v -o "$WORK/$e.time" "${slow[@]}" "${cmd[@]}" >"$WORK/$e.log" 2>&1; then
            T[$e]+=" $(wall_of "$WORK/$e.time")"
        else
            echo "floor.sh: $e failed, see $WORK/$e.log" >&2
        fi
    done
done
fresh "$DISK/floor"
for e in $ENGINES; do fresh "$DISK/cold-$e"; done
probe=$("${slow[@]}" "$WORK/fs_floor" --probe "$DISK/probe")

f=$(median <<<"$FLOOR")
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo); $PAGES pages, seed $SEED; $(date -u +%FT%TZ)"
echo "tree: ${desc#floor: }"
echo "disk: $DISK ($(df -PT "$DISK" | awk 'NR == 2 {print $2}')${SLOW:+, -o $SLOW_OPTS on $SLOW_IMG}${DELAY_US:+, $DELAY_US us added to each mkdir and create}); ${probe#probe: } (one thread)"
printf '%-6s %9s %9s %s\n' what "median s" "x floor" "runs (s)"
printf '%-6s %9s %9s %s\n' floor "$f" 1.00 "$FLOOR"
for e in $ENGINES; do
    bin="${e^^}"
    if [ -z "${!bin:-}" ]; then printf '%-6s skipped (not installed)\n' "$e"; continue; fi
    m=$(median <<<"${T[$e]:-}")
    printf '%-6s %9s %9s %s\n' "$e" "$m" "$(awk -v a="$m" -v b="$f" 'BEGIN { if (a == "-" || b == 0) print "-"; else printf "%.2f", a / b }')" "${T[$e]:-}"
done
