#!/usr/bin/env bash
# Builds the Windows release archive: dist/pufa-VERSION-windows-x64.zip with pufa.exe and
# 使用说明.txt (UTF-8 with BOM and CRLF, so Notepad shows it right). Run on Linux:
#   bash scripts/windows-release.sh
# Installs the cross toolchain when missing (rustup target, Debian's mingw-w64, zip).
set -euo pipefail
cd "$(dirname "$0")/.."
triple=x86_64-pc-windows-gnu
need=()
command -v x86_64-w64-mingw32-gcc >/dev/null || need+=(gcc-mingw-w64-x86-64)
command -v zip >/dev/null || need+=(zip)
if [ ${#need[@]} -gt 0 ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}"
fi
rustup target list --installed | grep -qx "$triple" || rustup target add "$triple"
cargo build --locked --release --target "$triple" --bin pufa
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
target_dir=${CARGO_TARGET_DIR:-target}
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
cp "$target_dir/$triple/release/pufa.exe" "$stage/pufa.exe"
# Notepad reads UTF-8 with a BOM (and CRLF line ends) on every Windows version.
{ printf '\xEF\xBB\xBF'; sed 's/$/\r/' scripts/windows/使用说明.txt; } >"$stage/使用说明.txt"
mkdir -p dist
zip_path=$PWD/dist/pufa-$version-windows-x64.zip
rm -f "$zip_path"
# -UN=UTF8: names stored as UTF-8 with the UTF-8 flag, so Explorer shows 使用说明.txt.
(cd "$stage" && LC_ALL=C.UTF-8 zip -q -X -UN=UTF8 "$zip_path" pufa.exe 使用说明.txt)
ls -l "$zip_path"
