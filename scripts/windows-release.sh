#!/usr/bin/env bash
# Builds the Windows release archive: dist/pufa-VERSION-windows-x64.zip with pufa.exe and
# 使用说明.txt (UTF-8 with BOM and CRLF, so Notepad shows it right). Run on Linux:
#   bash scripts/windows-release.sh
# Installs the cross toolchain when missing (rustup target, Debian's mingw-w64, python3).
set -euo pipefail
cd "$(dirname "$0")/.."
triple=x86_64-pc-windows-gnu
need=()
command -v x86_64-w64-mingw32-gcc >/dev/null || need+=(gcc-mingw-w64-x86-64)
command -v python3 >/dev/null || need+=(python3)
if [ ${#need[@]} -gt 0 ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}"
fi
rustup target list --installed | grep -qx "$triple" || rustup target add "$triple"
cargo build --locked --profile dist --target "$triple" --bin pufa
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
target_dir=${CARGO_TARGET_DIR:-target}
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
cp "$target_dir/$triple/dist/pufa.exe" "$stage/pufa.exe"
# Notepad reads UTF-8 with a BOM (and CRLF line ends) on every Windows version.
{ printf '\xEF\xBB\xBF'; sed 's/$/\r/' scripts/windows/使用说明.txt; } >"$stage/使用说明.txt"
mkdir -p dist
zip_path=$PWD/dist/pufa-$version-windows-x64.zip
rm -f "$zip_path"
# Python's zipfile marks non-ASCII names as UTF-8 (general purpose flag bit 11), so Explorer
# shows 使用说明.txt; Info-ZIP's zip stores the bytes without that flag (read as GBK on a
# Chinese Windows).
python3 - "$zip_path" "$stage" <<'PY'
import sys, zipfile, os
path, stage = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
    for name in ["pufa.exe", "使用说明.txt"]:
        z.write(os.path.join(stage, name), name)
PY
ls -l "$zip_path"
