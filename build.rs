//! Embeds the default theme (`themes/pufa`) into the binary, so `pufa init` can write a
//! working site anywhere without the repository at hand.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    pack_relocations();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("themes")
        .join("pufa");
    println!("cargo:rerun-if-changed={}", root.display());
    let mut files = Vec::new();
    collect(&root, &root, &mut files);
    files.sort();
    let mut code = String::from("/// Files of the default theme: (path inside the theme, bytes).\npub(super) const THEME_FILES: &[(&str, &[u8])] = &[\n");
    for (rel, abs) in &files {
        println!("cargo:rerun-if-changed={abs}");
        let _ = writeln!(code, "    ({rel:?}, include_bytes!({abs:?})),");
    }
    code.push_str("];\n");
    let out = Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR")).join("embedded_theme.rs");
    std::fs::write(out, code).expect("write embedded theme");
}

/// Whether this machine's glibc (`getconf GNU_LIBC_VERSION`: `glibc 2.36`) loads packed
/// relocations; unknown counts as yes, as before.
fn host_glibc_has_relr() -> bool {
    let Ok(out) = std::process::Command::new("getconf")
        .arg("GNU_LIBC_VERSION")
        .output()
    else {
        return true;
    };
    let text = String::from_utf8_lossy(&out.stdout);
    let mut v = text
        .split_whitespace()
        .nth(1)
        .unwrap_or_default()
        .split('.')
        .map(|n| n.parse::<u32>().ok());
    match (v.next().flatten(), v.next().flatten()) {
        (Some(major), Some(minor)) => (major, minor) >= (2, 36),
        _ => true,
    }
}

fn collect(root: &Path, dir: &Path, out: &mut Vec<(String, String)>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            println!("cargo:rerun-if-changed={}", p.display());
            collect(root, &p, out);
        } else if let Ok(rel) = p.strip_prefix(root) {
            out.push((
                rel.to_string_lossy().replace('\\', "/"),
                p.to_string_lossy().into_owned(),
            ));
        }
    }
}

/// Linux (glibc) release builds: relative relocations packed (`DT_RELR`). pufa is a
/// position-independent executable (the system loads it at a random address), so every
/// pointer in its tables (time zones, date locales, panic locations, vtables: ~96,000) needs
/// a relocation; as 24-byte `RELA` entries they took 2.3 MB of the 29 MB binary, packed they
/// take a few kilobytes. The loader must know the format: glibc 2.36 or later (Debian 12,
/// Ubuntu 24.04, RHEL 10). `PUFA_NO_RELR=1` builds without it, for older systems; a native
/// build on a system older than that builds without it by itself, so that `cargo run
/// --release` there makes a binary that starts.
fn pack_relocations() {
    println!("cargo:rerun-if-env-changed=PUFA_NO_RELR");
    let var = |k: &str| std::env::var(k).unwrap_or_default();
    if var("CARGO_CFG_TARGET_OS") == "linux"
        && var("CARGO_CFG_TARGET_ENV") == "gnu"
        && var("PROFILE") == "release"
        && var("PUFA_NO_RELR").is_empty()
        && (var("TARGET") != var("HOST") || host_glibc_has_relr())
    {
        println!("cargo:rustc-link-arg-bins=-Wl,-z,pack-relative-relocs");
    }
}
