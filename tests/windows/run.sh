#!/usr/bin/env bash
# The Windows test set: cross-builds pufa.exe (x86_64-pc-windows-gnu) and runs it under Wine
# the way an office PC would, next to the Linux build for comparison. Prints one line per test
# and `windows: N passed, M failed` at the end; exits non-zero when a test failed.
#
# Installs what it needs (rustup target, Debian's mingw-w64 and Wine). Environment:
#   PUFA_WIN_PROFILE     debug (default) or release
#   PUFA_WIN_TARGET_DIR  cargo target folder for the cross build (default: a cache folder kept
#                        between runs on the same machine: $XDG_CACHE_HOME or ~/.cache)
#   LAWS_DB              the law database for `laws import` (default ../shared/data/laws/laws.db
#                        beside the repository; required when CI is set)
#   PUFA_WIN_ONLY        run only the tests whose names contain this text
#   PUFA_WIN_VERBOSE     show the output of passing tests too
# The whole script is one block, read before it runs: editing the file meanwhile is harmless.
{
set -uo pipefail
cd "$(dirname "$0")/../.."
repo=$PWD
triple=x86_64-pc-windows-gnu
profile=${PUFA_WIN_PROFILE:-debug}

# ---- tools ----
apt_install() {
  [ $# -gt 0 ] || return 0
  echo "installing $*"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}
need=()
command -v x86_64-w64-mingw32-gcc >/dev/null || need+=(gcc-mingw-w64-x86-64)
[ -x /usr/lib/wine/wine64 ] || command -v wine64 >/dev/null || need+=(wine64)
command -v curl >/dev/null || need+=(curl)
command -v iconv >/dev/null || need+=(libc-bin)
apt_install "${need[@]}" || { echo "windows: cannot install ${need[*]}"; exit 1; }
rustup target list --installed 2>/dev/null | grep -qx "$triple" || rustup target add "$triple" || exit 1
wine=$(command -v wine64 || echo /usr/lib/wine/wine64)

# ---- builds ----
win_target=${PUFA_WIN_TARGET_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/pufa/target-win}
mkdir -p "$win_target"
# The cache is shared by every clone on this machine: the pufa crate itself is rebuilt each
# time (its path differs), so old copies of it are dropped instead of piling up.
rm -rf "$win_target/$triple/$profile/deps/pufa-"* "$win_target/$triple/$profile/deps/libpufa-"* 2>/dev/null
flag=()
[ "$profile" = release ] && flag=(--release)
t0=$(date +%s)
echo "windows: cross-building pufa.exe ($profile) …"
if ! CARGO_TARGET_DIR=$win_target cargo build --locked --quiet --target "$triple" --bin pufa "${flag[@]}"; then
  echo "windows: 0 passed, 1 failed (the cross build failed)"
  exit 1
fi
echo "windows: cross build took $(($(date +%s) - t0)) s"
exe_built="$win_target/$triple/$profile/pufa.exe"
cargo build --locked --quiet --bin pufa || exit 1
linux_pufa="${CARGO_TARGET_DIR:-$repo/target}/debug/pufa"

work=$(mktemp -d "${TMPDIR:-/tmp}/pufa-windows.XXXXXX")
cleanup() {
  [ -n "${serve_pid:-}" ] && kill "$serve_pid" 2>/dev/null
  WINEPREFIX=$work/prefix "$(dirname "$wine")/wineserver" -k 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

# pufa.exe with the test-only ProcessPrng shim beside it (see bcryptprimitives.c).
bin=$work/bin
mkdir -p "$bin"
cp "$exe_built" "$bin/pufa.exe"
x86_64-w64-mingw32-gcc -O2 -shared -o "$bin/bcryptprimitives.dll" tests/windows/bcryptprimitives.c -ladvapi32 || exit 1
x86_64-w64-mingw32-gcc -O2 -municode -o "$bin/holdopen.exe" tests/windows/holdopen.c || exit 1

export WINEPREFIX=$work/prefix WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml=" WINEARCH=win64
unset DISPLAY
echo "windows: preparing a Wine prefix …"
# One wineserver for the whole run. By default it exits 3 s after its last client, and a
# pufa.exe started just then fails with "wine client error: recvmsg: Connection reset by
# peer" before pufa runs at all; a persistent server (killed by cleanup) has no such window.
# (The server lives in the prefix's folder, which must exist first.)
mkdir -p "$WINEPREFIX"
"$(dirname "$wine")/wineserver" -p || exit 1
"$wine" wineboot -i >/dev/null 2>&1

# Windows path of a Unix path (Wine maps / to Z:).
winpath() { printf 'Z:%s' "$(realpath -m "$1" | tr / '\\')"; }
# pufa.exe ARGS… with the current folder as it is.
wpufa() { timeout 600 "$wine" "$bin/pufa.exe" "$@"; }

passed=0 failed=0 skipped=0 failures=()
log=$work/test.log
t() {
  local name=$1
  if [ -n "${PUFA_WIN_ONLY:-}" ] && [[ $name != *"$PUFA_WIN_ONLY"* ]]; then return; fi
  local start=$(date +%s) rc
  : >"$log"
  ( set -e; "test_$name" ) >>"$log" 2>&1
  rc=$?
  local took=$(($(date +%s) - start))
  if [ $rc -eq 0 ]; then
    passed=$((passed + 1)); echo "ok      $name (${took} s)"
    [ -z "${PUFA_WIN_VERBOSE:-}" ] || sed 's/^/    | /' "$log"
  elif [ $rc -eq 77 ]; then
    skipped=$((skipped + 1)); echo "skipped $name: $(tail -1 "$log")"
  else
    failed=$((failed + 1)); failures+=("$name"); echo "FAILED  $name (${took} s)"
    sed 's/^/    | /' "$log" | tail -40
  fi
}
note() {
  if [ -n "${PUFA_WIN_ONLY:-}" ] && [[ $1 != *"$PUFA_WIN_ONLY"* ]]; then return; fi
  ( set -e; "note_$1" ) >"$log" 2>&1
  echo "note    $1: $(tail -1 "$log")"
}
fail() { echo "$*"; return 1; }
has() { grep -qF -- "$2" "$1" || fail "$1 lacks: $2"; }
lacks() { ! grep -qF -- "$2" "$1" || fail "$1 has: $2"; }

demo=$work/demo
copy_demo() {
  mkdir -p "$1"
  cp -r "$repo/config.toml" "$repo/content" "$repo/static" "$repo/themes" "$1/"
  for d in templates sass; do [ -d "$repo/$d" ] && cp -r "$repo/$d" "$1/"; done
  return 0
}
copy_demo "$demo"

# ---- the tests ----

# The demo site built by pufa.exe is the Linux build, byte for byte.
test_demo_build_identical() {
  (cd "$demo" && "$linux_pufa" build -o "$work/linux-public" 2>"$work/linux-build.txt")
  (cd "$demo" && wpufa build -o "$(winpath "$work/win-public")" 2>"$work/win-build.txt")
  has "$work/win-build.txt" "完成："
  diff -r "$work/linux-public" "$work/win-public" >"$work/diff.txt" || { head -20 "$work/diff.txt"; fail "outputs differ"; }
  echo "$(find "$work/win-public" -type f | wc -l) files identical"
}

# A full-width ＝ in an article: the error names content\cases\a.md:2:7 as the writer sees it.
test_error_fullwidth_equals() {
  local site=$work/bad
  copy_demo "$site"
  printf '+++\r\ntitle ＝ "全角等号"\r\n+++\r\n正文\r\n' >"$site/content/cases/a.md"
  set +e; (cd "$site" && wpufa build 2>"$work/bad.txt"); local rc=$?; set -e
  cat "$work/bad.txt"
  [ $rc -eq 1 ] || fail "exit code $rc, expected 1"
  has "$work/bad.txt" 'content\cases\a.md:2:7: 错误:'
  has "$work/bad.txt" '  2 | title ＝ "全角等号"'
  has "$work/bad.txt" '＝ → ='
  [ ! -e "$site/public" ] || fail "a failed build left public/"
}

# Notepad/WPS files: GBK ("ANSI") with CRLF, UTF-16 with BOM, in folders and files named in
# Chinese; an error in a GBK file points at the right line.
test_gbk_crlf_chinese_names() {
  local site=$work/gbk
  copy_demo "$site"
  mkdir -p "$site/content/cases/民法典案例"
  printf '+++\r\ntitle = "邻里纠纷调解案"\r\ndate = 2024-05-01\r\n+++\r\n\r\n张三与李四因**漏水**发生纠纷。\r\n' |
    iconv -f UTF-8 -t GBK >"$site/content/cases/民法典案例/邻里纠纷.md"
  printf '+++\r\ntitle = "继承问答"\r\ndate = 2024-05-02\r\n+++\r\n\r\n遗嘱怎么写？\r\n' |
    iconv -f UTF-8 -t UTF-16 >"$site/content/qa/遗嘱问答.md"
  (cd "$site" && wpufa build 2>"$work/gbk.txt") || { cat "$work/gbk.txt"; fail "build failed"; }
  cat "$work/gbk.txt"
  local page
  page=$(grep -rl "张三与李四因<strong>漏水</strong>发生纠纷" "$site/public/cases") || fail "GBK article not rendered"
  echo "GBK page: ${page#$site/}"
  grep -q "邻里纠纷调解案" "$page"
  grep -rq "遗嘱怎么写？" "$site/public/qa" || fail "UTF-16 article not rendered"
  # The GBK file's warning (how to save as UTF-8) names it with backslashes.
  has "$work/gbk.txt" 'content\cases\民法典案例\邻里纠纷.md'
  printf '+++\r\ntitle = "坏日期"\r\ndate = 2024年5月1日\r\n+++\r\n' | iconv -f UTF-8 -t GBK >"$site/content/cases/民法典案例/坏日期.md"
  set +e; (cd "$site" && wpufa build 2>"$work/gbk-bad.txt"); local rc=$?; set -e
  cat "$work/gbk-bad.txt"
  [ $rc -eq 1 ] || fail "exit code $rc, expected 1"
  has "$work/gbk-bad.txt" 'content\cases\民法典案例\坏日期.md:3:'
}

# pufa check: the same findings as on Linux, paths with backslashes.
test_check() {
  set +e
  (cd "$demo" && "$linux_pufa" check 2>"$work/check-linux.txt"); local lrc=$?
  (cd "$demo" && wpufa check 2>"$work/check-win.txt"); local wrc=$?
  set -e
  tail -3 "$work/check-win.txt"
  [ $lrc -eq $wrc ] || fail "exit code $wrc on Windows, $lrc on Linux"
  # Paths are the only difference: content/a/b.md there, content\a\b.md here.
  sed -E 's#(content|static|templates|themes)/([^: ]*)#\1\\\2#; :a; s#(content|static|templates|themes)\\([^/: ]*)/#\1\\\2\\#; ta' \
    "$work/check-linux.txt" >"$work/check-linux-win.txt"
  diff "$work/check-linux-win.txt" "$work/check-win.txt" || fail "check output differs"
  (cd "$demo" && wpufa check --format json >"$work/check.json" 2>/dev/null) || true
  grep -q '"severity"\|^\[\]' "$work/check.json" || { head -5 "$work/check.json"; fail "no JSON"; }
}

# pufa init in a Chinese-named folder, pufa new in it, then a build of the new site.
test_init_new_build() {
  cd "$work"
  wpufa init 新网站 2>"$work/init.txt"
  cat "$work/init.txt"
  has "$work/init.txt" "已创建网站：新网站"
  [ -f 新网站/config.toml ]
  (cd 新网站 && wpufa new case 高空抛物 2>"$work/new.txt")
  cat "$work/new.txt"
  has "$work/new.txt" 'content\cases\高空抛物.md'
  [ -f 新网站/content/cases/高空抛物.md ]
  sed -i '/^draft = true/d' 新网站/content/cases/高空抛物.md
  (cd 新网站 && wpufa build 2>"$work/init-build.txt") || { cat "$work/init-build.txt"; fail "build failed"; }
  grep -q "新以案释法" 新网站/public/cases/gao-kong-pao-wu/index.html || fail "new case not published"
  # The Linux build of the same site is the same, byte for byte.
  (cd 新网站 && "$linux_pufa" build -o "$work/init-linux" 2>/dev/null)
  diff -r 新网站/public "$work/init-linux" >/dev/null || fail "init site differs from Linux build"
}

# pufa laws import from the law database, then a build with the imported law.
test_laws_import() {
  local db=${LAWS_DB:-$repo/../shared/data/laws/laws.db}
  if [ ! -f "$db" ]; then
    [ -z "${CI:-}" ] || fail "CI must have $db"
    echo "no law database at $db (set LAWS_DB)"
    return 77
  fi
  local site=$work/laws
  (cd "$work" && wpufa init laws 2>"$work/init-laws.txt") || { cat "$work/init-laws.txt"; fail "init failed"; }
  cp "$db" "$work/法律数据库.db"
  (cd "$site" && wpufa laws import "$(winpath "$work/法律数据库.db")" 民法典 消费者权益保护法 2>"$work/laws.txt")
  head -3 "$work/laws.txt"
  has "$work/laws.txt" 'content\laws\'
  ls "$site/content/laws" | head
  (cd "$site" && wpufa build 2>"$work/laws-build.txt") || { cat "$work/laws-build.txt"; fail "build failed"; }
  grep -rlq "第一千二百六十条" "$site/public/laws/" || fail "民法典 article 1260 not in the site"
}

# pufa import of a Word document (named in Chinese) with an image and its alt text.
test_docx_import() {
  local site=$work/docx
  (cd "$work" && wpufa init docx 2>"$work/init-docx.txt") || { cat "$work/init-docx.txt"; fail "init failed"; }
  cp "$repo/tests/windows/case.docx" "$work/高空抛物案例.docx"
  (cd "$site" && wpufa import "$(winpath "$work/高空抛物案例.docx")" --kind case 2>"$work/docx.txt")
  cat "$work/docx.txt"
  has "$work/docx.txt" "已导入《"
  has "$work/docx.txt" 'content\cases\'
  local md
  md=$(grep -rl "被花盆砸伤" "$site/content/cases/") || fail "no article written"
  grep -q "楼下被砸坏的花盆" "$md" || fail "alt text lost"
  ls "$(dirname "$md")" | grep -q '\.png$' || fail "image not saved"
  sed -i '/^draft = true/d' "$md"
  (cd "$site" && wpufa build 2>"$work/docx-build.txt") || { cat "$work/docx-build.txt"; fail "build failed"; }
}

# A port nothing listens on, below Linux's range for outgoing connections (32768–60999).
free_port() {
  local p
  while :; do
    p=$((20000 + RANDOM % 12000))
    ss -ltnH "sport = :$p" 2>/dev/null | grep -q . || { echo "$p"; return; }
  done
}
# pufa serve answers, and a saved edit reaches the served page.
http_get() { curl -s --max-time 5 "$1"; }
# Whether the page at URL has TEXT (not `curl | grep -q`: with pipefail, grep stopping early
# fails the pipe).
page_has() { local body; body=$(http_get "$1") && [[ $body == *"$2"* ]]; }
# serve_edit SITE FILE URL [SERVE ARGS…]: starts pufa.exe serve, changes FILE's title, and
# says after how many seconds URL showed it (returns 1 after 20 s without). With UNTIL=TEXT,
# pufa keeps running until it has printed TEXT (at most 60 s more), and with LINGER=N, N
# seconds more.
serve_edit() {
  local site=$1 file=$2 url=$3 port=$(free_port)
  shift 3
  (cd "$site" && exec "$wine" "$bin/pufa.exe" serve -p "$port" "$@" >"$work/serve.txt" 2>&1) &
  serve_pid=$!
  local i seen=
  for i in $(seq 120); do page_has "http://127.0.0.1:$port/" "<html" && break; sleep 0.5; done
  page_has "http://127.0.0.1:$port$url" "<html" || { cat "$work/serve.txt"; fail "serve did not answer"; }
  sleep 1
  local title="改过的标题$RANDOM"
  sed -i "s/^title = .*/title = \"$title\"/" "$site/$file"
  for i in $(seq 40); do
    if page_has "http://127.0.0.1:$port$url" "$title"; then seen=$i; break; fi
    sleep 0.5
  done
  if [ -n "$seen" ] && [ -n "${UNTIL:-}" ]; then
    for i in $(seq 120); do grep -qF -- "$UNTIL" "$work/serve.txt" && break; sleep 0.5; done
  fi
  [ -z "$seen" ] || sleep "${LINGER:-0}"
  kill "$serve_pid" 2>/dev/null || true; wait "$serve_pid" 2>/dev/null || true; serve_pid=
  cat "$work/serve.txt"
  [ -n "$seen" ] || { echo "the edit of $file was not served within 20 s"; return 1; }
  echo "the edit of $file was served after $(((seen + 1) / 2)) s"
}
test_serve_picks_up_edit() {
  local site=$work/serve
  copy_demo "$site"
  serve_edit "$site" content/map.md /map/
}
# Wine 8's recursive watch (ReadDirectoryChangesW with bWatchSubtree) covers the watched folder
# and only those subfolders made, or opened by a Wine program, after the watch began; an edit in
# content/cases/ sends no event unless something opened that folder. pufa.exe polls every 2 s
# beside the events, and that poll's listing of every folder is also what adds them to Wine's
# watch. Without --poll:
test_serve_nested_edit_without_poll() {
  local site=$work/serve-events
  copy_demo "$site"
  # After the full rebuild that follows the fast update, 5 s more: the poll has looked twice.
  UNTIL=已全部重新生成 LINGER=5 serve_edit "$site" content/cases/gaokong-paowu.md /cases/gaokong-paowu/
  lacks "$work/serve.txt" "no file events arrive here"
  # Seen by the file event and by the poll, rebuilt once: one fast update, one full rebuild.
  [ "$(grep -c '已更新' "$work/serve.txt")" -eq 1 ] || fail "not one fast update"
  has "$work/serve.txt" '已更新 content\cases\gaokong-paowu.md'
  [ "$(grep -c '已全部重新生成' "$work/serve.txt")" -eq 1 ] || fail "not one full rebuild"
}
# With serve --poll:
test_serve_poll_picks_up_nested_edit() {
  local site=$work/serve-poll
  copy_demo "$site"
  serve_edit "$site" content/cases/gaokong-paowu.md /cases/gaokong-paowu/ --poll
}
# The same with file events that never arrive (PUFA_TEST_DEAF_WATCHER, as on a network drive
# that sends none): the poll alone picks up the edit.
test_serve_nested_edit_no_events() {
  local site=$work/serve-deaf
  copy_demo "$site"
  PUFA_TEST_DEAF_WATCHER=1 serve_edit "$site" content/cases/gaokong-paowu.md /cases/gaokong-paowu/
}
# A folder moved into content/ while serving (a rename: Wine does not add it to the watch),
# then an article in it edited: both reach the served site.
test_serve_folder_moved_in() {
  local site=$work/serve-moved port=$(free_port) i seen=
  copy_demo "$site"
  mkdir -p "$work/新栏目"
  printf '+++\ntitle = "搬进来的栏目"\n+++\n' >"$work/新栏目/_index.md"
  printf '+++\ntitle = "搬进来的文章"\ndate = 2024-01-01\n+++\n正文\n' >"$work/新栏目/wen-zhang.md"
  (cd "$site" && exec "$wine" "$bin/pufa.exe" serve -p "$port" >"$work/serve.txt" 2>&1) &
  serve_pid=$!
  for i in $(seq 120); do page_has "http://127.0.0.1:$port/" "<html" && break; sleep 0.5; done
  sleep 1
  mv "$work/新栏目" "$site/content/xin-lanmu"
  # A full rebuild: some 10 s for the demo under Wine.
  for i in $(seq 120); do page_has "http://127.0.0.1:$port/xin-lanmu/wen-zhang/" "搬进来的文章" && { seen=$i; break; }; sleep 0.5; done
  [ -n "$seen" ] || { cat "$work/serve.txt"; fail "the moved-in folder was not served within 60 s"; }
  echo "the moved-in folder was served after $(((seen + 1) / 2)) s"
  seen=
  sed -i 's/^title = .*/title = "搬进来后改过"/' "$site/content/xin-lanmu/wen-zhang.md"
  for i in $(seq 120); do page_has "http://127.0.0.1:$port/xin-lanmu/wen-zhang/" "搬进来后改过" && { seen=$i; break; }; sleep 0.5; done
  # Time for the poll to look again (it must not rebuild the page a second time).
  sleep 3
  kill "$serve_pid" 2>/dev/null || true; wait "$serve_pid" 2>/dev/null || true; serve_pid=
  cat "$work/serve.txt"
  [ -n "$seen" ] || fail "the edit in the moved-in folder was not served within 60 s"
  echo "the edit in it was served after $(((seen + 1) / 2)) s"
  # One save, one rebuild: the file event and the poll do not both rebuild it.
  [ "$(grep -c '已更新 content.xin-lanmu.wen-zhang.md' "$work/serve.txt")" -le 1 ] || fail "rebuilt twice for one save"
}

# Ctrl+C in the console window stops pufa serve (Wine's console turns the key into
# CTRL_C_EVENT, as Windows' does).
test_ctrl_c_stops_serve() {
  local port=$(free_port)
  (cd "$work" && wpufa init ctrlc 2>"$work/ctrlc-init.txt") || { cat "$work/ctrlc-init.txt"; fail "init failed"; }
  (cd "$work/ctrlc" &&
    (for i in $(seq 120); do page_has "http://127.0.0.1:$port/" "<html" && break; sleep 0.5; done
     printf '\003'; sleep 5) |
    timeout 90 script -qec "$wine $bin/pufa.exe serve -p $port" /dev/null >"$work/ctrlc.txt" 2>&1) &
  local runner=$! i up= stopped=
  for i in $(seq 120); do page_has "http://127.0.0.1:$port/" "<html" && { up=1; break; }; sleep 0.5; done
  # (Each diagnostic may fail without ending the test before it says why: set -e holds in
  # this group.)
  [ -n "$up" ] || { ps -ef | grep -F "pufa.exe" | grep -v grep || true; ss -ltnp "sport = :$port" || true; wait "$runner" 2>/dev/null || true; sed "s/\x1b\[?25[lh]//g" "$work/ctrlc.txt" || true; fail "serve did not answer on port $port within 60 s"; }
  for i in $(seq 20); do
    if ! http_get "http://127.0.0.1:$port/" >/dev/null; then stopped=$i; break; fi
    sleep 0.5
  done
  wait "$runner" 2>/dev/null || true
  sed 's/\x1b\[?25[lh]//g' "$work/ctrlc.txt"
  [ -n "$stopped" ] || fail "still serving 10 s after Ctrl+C"
}

# The output folder cannot be swapped while Windows holds it (open folder or file in it): the
# build fails with a message, the previous site stays; the next build succeeds.
test_swap_with_folder_in_use() {
  local site=$work/swap
  copy_demo "$site"
  (cd "$site" && wpufa build 2>"$work/first-build.txt") || { cat "$work/first-build.txt"; fail "first build failed"; }
  cp "$site/public/index.html" "$work/index-before.html"
  sed -i 's/^title = .*/title = "新的标题SWAP"/' "$site/content/cases/gaokong-paowu.md"
  rm -f "$work/ready"
  "$wine" "$bin/holdopen.exe" "$(winpath "$site/public")" "$(winpath "$work/ready")" 60 &
  local holder=$!
  local i
  for i in $(seq 100); do [ -e "$work/ready" ] && break; sleep 0.2; done
  [ -e "$work/ready" ] || fail "helper did not open the folder"
  set +e; (cd "$site" && wpufa build 2>"$work/swap.txt"); local rc=$?; set -e
  kill "$holder" 2>/dev/null || true; wait "$holder" 2>/dev/null || true
  cat "$work/swap.txt"
  [ $rc -eq 1 ] || fail "exit code $rc, expected 1"
  has "$work/swap.txt" "旧网站保持不变"
  has "$work/swap.txt" "public"
  cmp "$site/public/index.html" "$work/index-before.html" || fail "previous site changed"
  ! grep -rq "新的标题SWAP" "$site/public" || fail "half-swapped"
  (cd "$site" && wpufa build 2>"$work/swap2.txt") || { cat "$work/swap2.txt"; fail "next build failed"; }
  grep -rq "新的标题SWAP" "$site/public/cases" || fail "next build did not publish"
  ls -a "$site"
}

# A file of the site held open by another program while rebuilding twice.
test_rebuild_with_file_open() {
  local site=$work/swap-file
  copy_demo "$site"
  (cd "$site" && wpufa build 2>"$work/first-build.txt") || { cat "$work/first-build.txt"; fail "first build failed"; }
  rm -f "$work/ready2"
  "$wine" "$bin/holdopen.exe" "$(winpath "$site/public/index.html")" "$(winpath "$work/ready2")" 60 &
  local holder=$!
  local i
  for i in $(seq 100); do [ -e "$work/ready2" ] && break; sleep 0.2; done
  sed -i 's/^title = .*/title = "第二次FILE"/' "$site/content/cases/gaokong-paowu.md"
  set +e; (cd "$site" && wpufa build 2>"$work/file1.txt"); local rc1=$?
  sed -i 's/^title = .*/title = "第三次FILE"/' "$site/content/cases/gaokong-paowu.md"
  (cd "$site" && wpufa build 2>"$work/file2.txt"); local rc2=$?; set -e
  kill "$holder" 2>/dev/null || true; wait "$holder" 2>/dev/null || true
  cat "$work/file1.txt" "$work/file2.txt"
  # Wine lets a folder with an open file be renamed (Windows does not: see the test above).
  [ $rc1 -eq 0 ] && [ $rc2 -eq 0 ] || fail "exit codes $rc1, $rc2"
  grep -rq "第三次FILE" "$site/public/cases" || fail "last build not published"
  (cd "$site" && wpufa build 2>/dev/null) || fail "build after closing failed"
}

# Output paths longer than 260 characters (the old MAX_PATH).
test_long_paths() {
  local deep=$work/long
  local part
  for part in 1 2 3 4; do deep="$deep/很长的文件夹名称用来测试超过二百六十个字符的路径是否可以正常生成网站$part"; done
  mkdir -p "$deep"
  copy_demo "$deep/site"
  local slug=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa
  printf '+++\ntitle = "长路径"\ndate = 2024-01-01\n+++\n长路径的文章\n' >"$deep/site/content/cases/$slug.md"
  local winlen
  winlen=$(winpath "$deep/site/public/cases/$slug/index.html" | wc -m)
  echo "Windows path of the longest output file: $winlen characters"
  [ "$winlen" -gt 260 ] || fail "path not long enough"
  (cd "$deep/site" && wpufa build 2>"$work/long.txt") || { cat "$work/long.txt"; fail "build failed"; }
  grep -q "长路径的文章" "$deep/site/public/cases/$slug/index.html"
  (cd "$work" && wpufa --root "$(winpath "$deep/site")" check >/dev/null 2>&1) || true
}

# Double-clicked in Explorer: no arguments, alone in a console of its own. `script` gives Wine
# a terminal, and Wine gives pufa.exe a console with only itself in it, as Explorer does (from a
# shell with no terminal Wine gives it none, and pufa prints its usage as in cmd.exe).
# double_click DIR INPUT OUTFILE SECONDS: INPUT is typed after 5 s; pufa is stopped after SECONDS.
double_click() {
  (cd "$1" && (sleep 5; printf "$2"; sleep "$4") |
    BROWSER=$bin/browser.sh timeout "$4" script -qec "$wine $bin/pufa.exe" /dev/null >"$3" 2>&1)
  # Wine's console adds cursor show/hide codes around what is written.
  sed -i 's/\x1b\[?25[lh]//g' "$3"
}
# Waits until http://127.0.0.1:1111/ answers, then writes a file and stops the pufa.exe there.
served_on_1111() {
  local i
  for i in $(seq 120); do
    if page_has "http://127.0.0.1:1111/" "<html"; then echo served >"$1"; break; fi
    sleep 0.5
  done
}
test_double_click() {
  ! http_get "http://127.0.0.1:1111/" >/dev/null || fail "port 1111 is in use: cannot test"
  printf '#!/bin/sh\necho "$@" >>%s\n' "$work/browser-urls.txt" >"$bin/browser.sh"
  chmod +x "$bin/browser.sh"
  local dir=$work/双击
  mkdir -p "$dir"
  # No site: it asks; Enter alone creates nothing, then Enter closes the window.
  double_click "$dir" '\r\r' "$work/dbl-no.txt" 30
  cat "$work/dbl-no.txt"
  has "$work/dbl-no.txt" "这里还没有普法网站"
  has "$work/dbl-no.txt" "按回车键关闭窗口"
  [ ! -e "$dir/普法网站" ] || fail "created a site without being asked"
  # y: it creates 普法网站 and previews it in the browser.
  rm -f "$work/served"
  served_on_1111 "$work/served" &
  double_click "$dir" 'y\r' "$work/dbl-yes.txt" 30 || true
  wait
  cat "$work/dbl-yes.txt"
  has "$work/dbl-yes.txt" "已创建网站：$(winpath "$dir")\\普法网站"
  [ -f "$dir/普法网站/config.toml" ] || fail "no site created"
  [ -e "$work/served" ] || fail "the new site was not previewed"
  has "$work/browser-urls.txt" "http://127.0.0.1:1111/"
  # Double-clicked again in the same folder: the preview of that site, no question.
  rm -f "$work/served"
  served_on_1111 "$work/served" &
  double_click "$dir" '' "$work/dbl-again.txt" 30 || true
  wait
  cat "$work/dbl-again.txt"
  has "$work/dbl-again.txt" "正在预览网站"
  lacks "$work/dbl-again.txt" "这里还没有普法网站"
  [ -e "$work/served" ] || fail "the site was not previewed"
  # Opened inside the zip: Explorer runs a copy in %TEMP%, which it deletes later.
  local temp
  temp=$("$wine" winepath -u "$("$wine" cmd /c 'echo %TEMP%' 2>/dev/null | tr -d '\r')" 2>/dev/null)
  [ -n "$temp" ] || fail "no %TEMP% folder"
  mkdir -p "$temp/Temp1_pufa-windows-x64.zip"
  double_click "$temp/Temp1_pufa-windows-x64.zip" '\r' "$work/dbl-temp.txt" 30 || true
  cat "$work/dbl-temp.txt"
  has "$work/dbl-temp.txt" "请先把压缩包里的文件解压到一个文件夹"
  lacks "$work/dbl-temp.txt" "这里还没有普法网站"
  [ ! -e "$temp/Temp1_pufa-windows-x64.zip/普法网站" ] || fail "created a site in the temporary folder"
  # Typed in a console window (cmd.exe attached to the same console): usage, as everywhere.
  (cd "$bin" && timeout 60 script -qec "$wine cmd /c pufa.exe" /dev/null >"$work/dbl-cmd.txt" 2>&1) || true
  sed -i 's/\x1b\[?25[lh]//g' "$work/dbl-cmd.txt"
  cat "$work/dbl-cmd.txt"
  has "$work/dbl-cmd.txt" "Usage:"
}

t demo_build_identical
t error_fullwidth_equals
t gbk_crlf_chinese_names
t check
t init_new_build
t laws_import
t docx_import
t serve_picks_up_edit
t serve_poll_picks_up_nested_edit
t serve_nested_edit_without_poll
t serve_nested_edit_no_events
t serve_folder_moved_in
t ctrl_c_stops_serve
t swap_with_folder_in_use
t rebuild_with_file_open
t long_paths
t double_click

if [ $skipped -gt 0 ]; then
  echo "windows: $passed passed, $failed failed, $skipped skipped"
else
  echo "windows: $passed passed, $failed failed"
fi
[ $failed -eq 0 ] || { echo "failed: ${failures[*]}"; exit 1; }
exit 0
}
