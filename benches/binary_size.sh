#!/usr/bin/env bash
# Binary size: pufa's shipped binary (the `dist` profile: fat LTO, one codegen unit, stripped),
# what it is made of, and the ratio to Zola's and Hugo's binaries when they are installed.
#
#   benches/binary_size.sh                 # builds target/dist/pufa (unstripped), then reports
#   PUFA=path/to/pufa benches/binary_size.sh   # reports on a binary already built
#   TARGET=x86_64-pc-windows-gnu benches/binary_size.sh   # the Windows build (pufa.exe)
#
# The binary is built with symbols (CARGO_PROFILE_DIST_STRIP=false) so that its parts can be
# attributed to crates; the size reported as "shipped" is that of a stripped copy, which is what
# `cargo build --profile dist` (strip = true) and scripts/windows-release.sh produce.
#
# Environment:
#   PUFA    a pufa binary to measure instead of building one
#   TARGET  a target triple to build for (default: the host)
#   ZOLA    zola binary (default: zola on PATH)      HUGO   hugo binary (default: hugo on PATH)
#   TOP     how many crates to list (default 25)
# Needs: cargo (unless PUFA is set), binutils (size, nm, strip; x86_64-w64-mingw32-* for .exe), python3,
# zstd (for the compiled-in sizes of the data build.rs compresses).

set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOP="${TOP:-25}"
TARGET="${TARGET:-}"
case "${1:-}" in
    -h | --help) sed -n '2,/^$/s/^# \{0,1\}//p' "$0"; exit 0 ;;
esac

tool() { # binutils for the target: strip, nm, size
    if [ -n "$TARGET" ] && [[ "$TARGET" == *windows-gnu* ]] && command -v "x86_64-w64-mingw32-$1" >/dev/null; then
        echo "x86_64-w64-mingw32-$1"
    else
        echo "$1"
    fi
}

if [ -z "${PUFA:-}" ]; then
    args=(build --profile dist --bin pufa)
    dir="$ROOT/target/dist"
    if [ -n "$TARGET" ]; then
        args+=(--target "$TARGET")
        dir="$ROOT/target/$TARGET/dist"
    fi
    echo "building: CARGO_PROFILE_DIST_STRIP=false cargo ${args[*]}" >&2
    (cd "$ROOT" && CARGO_PROFILE_DIST_STRIP=false cargo "${args[@]}") || exit 1
    PUFA="$dir/pufa"
    [ -f "$PUFA" ] || PUFA="$dir/pufa.exe"
fi
[ -f "$PUFA" ] || { echo "binary_size.sh: no binary at $PUFA" >&2; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp "$PUFA" "$work/pufa.bin"
"$(tool strip)" -s "$work/pufa.bin" -o "$work/pufa.stripped" 2>/dev/null || cp "$PUFA" "$work/pufa.stripped"

bytes() { stat -c %s "$1"; }
mb() { python3 -c "print(f'{$1/1e6:.1f} MB')"; }

shipped=$(bytes "$work/pufa.stripped")
echo "== pufa: $PUFA"
echo "shipped (stripped): $shipped bytes ($(mb "$shipped"))"
echo "as built:           $(bytes "$PUFA") bytes ($(mb "$(bytes "$PUFA")"))"

echo
echo "== sections (stripped)"
"$(tool size)" -A "$work/pufa.stripped" | awk 'NR>2 && $2 > 100000 { printf "%-22s %8.2f MB\n", $1, $2/1e6 }'

echo
echo "== embedded data (files compiled in; build.rs compresses the thesaurus and the theme)"
for f in data/laws.jsonl.zst data/jieba-dict.zst src/search/data/thesaurus.tsv themes/pufa src/search/data/rules.json src/search/elasticlunr.min.js; do
    [ -e "$ROOT/$f" ] || continue
    if [ -d "$ROOT/$f" ]; then
        size=$(find "$ROOT/$f" -type f -exec cat {} + | wc -c)
        packed=$(find "$ROOT/$f" -type f -exec cat {} + | zstd -19 -q -c 2>/dev/null | wc -c)
    else
        size=$(bytes "$ROOT/$f")
        packed=$(zstd -19 -q -c "$ROOT/$f" 2>/dev/null | wc -c)
    fi
    case "$f" in
        src/search/data/thesaurus.tsv | themes/pufa)
            printf "%-40s %8.2f MB (compiled in: %.2f MB)\n" "$f" "$(python3 -c "print($size/1e6)")" "$(python3 -c "print($packed/1e6)")" ;;
        *) printf "%-40s %8.2f MB\n" "$f" "$(python3 -c "print($size/1e6)")" ;;
    esac
done

echo
echo "== by crate (symbol sizes of the unstripped binary; code and named data)"
"$(tool nm)" -S --size-sort -C "$PUFA" 2>/dev/null | python3 -c '
import re, sys, collections
top = int(sys.argv[1])
sizes = collections.Counter()
for line in sys.stdin:
    parts = line.rstrip("\n").split(" ", 3)
    if len(parts) < 4:
        continue
    size, name = int(parts[1], 16), parts[3]
    # The first crate named that is not the standard library: `core::ptr::drop_in_place<x::T>`
    # and `<x::T as core::clone::Clone>::clone` count for x.
    crates = re.findall(r"(?:^|[<\s&(,*\[])([A-Za-z_][A-Za-z0-9_]*)::", name)
    own = [c for c in crates if c not in ("core", "alloc", "std")]
    crate = own[0] if own else (crates[0] if crates else "[C code, unnamed data]")
    sizes[crate] += size
total = sum(sizes.values())
if total == 0:
    print("(no symbols: build without stripping to see the parts)")
for crate, size in sizes.most_common(top):
    print(f"{crate:<40} {size/1e6:8.2f} MB")
print("%-40s %8.2f MB" % ("(all symbols)", total / 1e6))
' "$TOP"

echo
echo "== other engines"
ratio() {
    local name="$1" bin="$2"
    if [ -n "$bin" ] && [ -x "$bin" ]; then
        local b; b=$(bytes "$(readlink -f "$bin")")
        printf "%-5s %s: %d bytes (%s), pufa/%s = %s\n" "$name" "$bin" "$b" "$(mb "$b")" "$name" \
            "$(python3 -c "print(f'{$shipped/$b:.2f}')")"
    else
        echo "$name: not installed (skipped)"
    fi
}
ratio zola "${ZOLA:-$(command -v zola || true)}"
ratio hugo "${HUGO:-$(command -v hugo || true)}"
