//! A slow disk without a slow disk: a library for `LD_PRELOAD` that makes every `mkdir` and
//! every file creation under one folder wait a fixed time, as on a disk where each of these
//! calls waits for the file system's journal (the issue's machine: 571 µs a `mkdir`). Only a
//! call that makes something waits: a `mkdir` that fails (the folder exists) and an `open` of
//! a file that exists look up a directory entry and write nothing to the journal, so they do
//! not. Reads, writes into open files and everything outside the folder are untouched.
//! The wait is a sleep in the calling thread: it costs no CPU, whatever else the machine is
//! doing, so the same run gives the same disk on a busy machine and a quiet one (a real slow
//! disk also holds the folder's lock meanwhile; this one lets calls overlap).
//!
//! ```text
//! rustc --edition 2021 -O --crate-type cdylib benches/tools/slow_disk.rs -o /tmp/libslow_disk.so
//! SLOW_DISK_UNDER=/abs/folder SLOW_DISK_US=500 LD_PRELOAD=/tmp/libslow_disk.so program …
//! ```
//!
//! `benches/floor.sh` uses it when `DELAY_US` is set. Linux (glibc) only; std only, so `rustc`
//! alone builds it. Rust's standard library creates folders with `mkdir` and files with
//! `open64(…, O_CREAT, …)`, which is what is caught (and `open`, `creat`, `mkdirat`, `openat`,
//! `openat64` besides, for other programs).

use std::ffi::{c_char, c_int, c_uint, c_void, CStr};
use std::sync::OnceLock;
use std::time::Duration;

extern "C" {
    fn dlsym(handle: *mut c_void, symbol: *const c_char) -> *mut c_void;
    fn access(path: *const c_char, mode: c_int) -> c_int;
}

const RTLD_NEXT: *mut c_void = -1isize as *mut c_void;
const O_CREAT: c_int = 0o100;

struct Config {
    wait: Duration,
    under: Vec<u8>,
}

fn config() -> &'static Config {
    static C: OnceLock<Config> = OnceLock::new();
    C.get_or_init(|| Config {
        wait: Duration::from_micros(
            std::env::var("SLOW_DISK_US")
                .ok()
                .and_then(|v| v.parse().ok())
                .unwrap_or(0),
        ),
        under: std::env::var("SLOW_DISK_UNDER")
            .map(|s| s.trim_end_matches('/').as_bytes().to_vec())
            .unwrap_or_default(),
    })
}

/// Whether `path` is under the slow folder (an absolute path; relative ones are not looked
/// at: the programs measured give absolute ones).
unsafe fn slow(path: *const c_char) -> bool {
    let c = config();
    if c.wait.is_zero() || c.under.is_empty() || path.is_null() {
        return false;
    }
    let p = CStr::from_ptr(path).to_bytes();
    p.starts_with(&c.under) && matches!(p.get(c.under.len()), None | Some(b'/'))
}

/// Whether something is at `path` already (then a call that would make it makes nothing).
unsafe fn exists(path: *const c_char) -> bool {
    access(path, 0) == 0
}

/// The next definition of `name` (libc's).
unsafe fn real(name: &CStr) -> *mut c_void {
    dlsym(RTLD_NEXT, name.as_ptr())
}

macro_rules! hook {
    ($name:ident, $cname:expr, ($($arg:ident: $ty:ty),*), $path:ident, $when:expr) => {
        #[no_mangle]
        pub unsafe extern "C" fn $name($($arg: $ty),*) -> c_int {
            static REAL: OnceLock<usize> = OnceLock::new();
            let f = *REAL.get_or_init(|| unsafe { real($cname) } as usize);
            if f == 0 {
                return -1;
            }
            let f: unsafe extern "C" fn($($ty),*) -> c_int = std::mem::transmute(f);
            // Only a call that succeeds in making a new folder or file waits.
            let makes = $when && slow($path) && !exists($path);
            let result = f($($arg),*);
            if makes && result >= 0 {
                std::thread::sleep(config().wait);
            }
            result
        }
    };
}

// The mode of `open` is variadic in C; on x86-64 and aarch64 a third integer argument is
// read from its register whether or not the caller passed it, so it is passed through as is.
hook!(mkdir, c"mkdir", (path: *const c_char, mode: c_uint), path, true);
hook!(mkdirat, c"mkdirat", (dir: c_int, path: *const c_char, mode: c_uint), path, true);
hook!(open, c"open", (path: *const c_char, flags: c_int, mode: c_uint), path, flags & O_CREAT != 0);
hook!(open64, c"open64", (path: *const c_char, flags: c_int, mode: c_uint), path, flags & O_CREAT != 0);
hook!(openat, c"openat", (dir: c_int, path: *const c_char, flags: c_int, mode: c_uint), path, flags & O_CREAT != 0);
hook!(openat64, c"openat64", (dir: c_int, path: *const c_char, flags: c_int, mode: c_uint), path, flags & O_CREAT != 0);
hook!(creat, c"creat", (path: *const c_char, mode: c_uint), path, true);
