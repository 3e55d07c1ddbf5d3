//! Helpers shared by the integration tests: a site in a temporary folder ([`SiteTest`]), run
//! the `pufa` binary, read a built tree, talk HTTP to `pufa serve` ([`http`]), normalise HTML
//! the way the Zola comparison does.
#![allow(dead_code)]

pub mod http;
mod site_test;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub use site_test::SiteTest;

pub fn pufa() -> Command {
    Command::new(env!("CARGO_BIN_EXE_pufa"))
}

/// The repository: its demo site, `themes/pufa`, `tests/sites/`.
pub fn repo_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

pub fn sites_dir() -> PathBuf {
    repo_dir().join("tests").join("sites")
}

/// The repository's default theme, `themes/pufa`.
pub fn repo_theme() -> PathBuf {
    repo_dir().join("themes/pufa")
}

/// Copies a folder (a fixture site, a theme) recursively.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Writes `text` to `path`, making its folders.
pub fn write(path: &Path, text: impl AsRef<[u8]>) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// The text of the built file `rel` under `out`; fails naming the file when it is missing.
pub fn read(out: &Path, rel: &str) -> String {
    std::fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// Runs `pufa --root SITE build -o OUT` and returns the process output.
pub fn build(site: &Path, out: &Path, extra: &[&str]) -> Output {
    let mut c = pufa();
    c.arg("--root")
        .arg(site)
        .arg("build")
        .arg("-o")
        .arg(out)
        .args(extra);
    c.output().expect("run pufa")
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Every file under `dir`, by relative path with `/`.
pub fn read_tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    for e in walkdir(dir) {
        let rel = e
            .strip_prefix(dir)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        out.insert(rel, std::fs::read(&e).unwrap());
    }
    out
}

fn walkdir(dir: &Path) -> Vec<PathBuf> {
    let mut v = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                v.push(p);
            }
        }
    }
    v.sort();
    v
}

/// Collapses whitespace and decodes HTML entities, so formatting differences that a browser
/// does not show are ignored.
pub fn normalise(s: &str) -> String {
    let decoded = decode_entities(s);
    let mut out = String::with_capacity(decoded.len());
    let mut space = false;
    for c in decoded.chars() {
        if c.is_whitespace() {
            space = true;
        } else {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.push(c);
        }
    }
    out.replace("> <", "><")
}

pub fn decode_entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let window: String = rest.chars().take(12).collect();
        let end = window.find(';');
        let decoded = end.and_then(|e| {
            let name = &rest[1..e];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some('\u{a0}'),
                _ if name.starts_with("#x") || name.starts_with("#X") => {
                    u32::from_str_radix(&name[2..], 16)
                        .ok()
                        .and_then(char::from_u32)
                }
                _ if name.starts_with('#') => name[1..].parse().ok().and_then(char::from_u32),
                _ => None,
            }?;
            Some((c, e + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The first differing region of two normalised texts, for a readable failure message.
pub fn first_difference(a: &str, b: &str) -> String {
    let pos = a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count();
    let ctx = |s: &str| -> String {
        let chars: Vec<char> = s.chars().collect();
        let start = pos.saturating_sub(80);
        let end = (pos + 120).min(chars.len());
        chars[start..end].iter().collect()
    };
    format!(
        "at char {pos}:\n  expected: …{}…\n  got:      …{}…",
        ctx(a),
        ctx(b)
    )
}
