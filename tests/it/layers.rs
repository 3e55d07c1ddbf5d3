//! The shape of `src/`: no two modules use each other (directly or round a loop), at any
//! level — top-level modules, and the files inside one module — and no top-level module uses
//! one of a higher layer than its own (the table below, lowest first). A new top-level module
//! must be placed in the table.
//!
//! Reads every `.rs` file under `src/` and the module paths it names (`crate::a::b`,
//! `super::x`, `self::y`, also inside `use crate::{a, b::c}`), ignoring comments and string
//! literals. `src/main.rs` and `src/cmd/` (the binary) sit above everything and are left out.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The layers, lowest first. A module may use modules of its own layer and of lower ones;
/// within a layer, the no-cycle rule keeps the order.
const LAYERS: &[(&str, &[&str])] = &[
    (
        "words everything uses: diagnostics, HTML escaping, slugs, article kinds",
        &["diagnostics", "html", "slugs", "article_kind"],
    ),
    (
        "engines on text, knowing nothing of sites: Markdown, search, law citations, campaigns, QR, HTML minifying",
        &["markdown", "search", "law", "campaign", "qr", "minify"],
    ),
    (
        "reading the site: files and front matter, then config",
        &["source", "config"],
    ),
    ("the library of pages and sections", &["content"]),
    ("templates: Tera and Zola's functions", &["templates"]),
    ("rendering and writing", &["render", "output"]),
    ("the pipeline, stage after stage", &["site"]),
    (
        "commands",
        &["check", "import", "scaffold", "serve", "desktop"],
    ),
];

/// Loops known and not yet undone, each with its reason: `(parent module, modules round it)`.
/// Removing an entry once its loop is gone keeps the list honest (the test fails on an entry
/// whose loop no longer exists).
const KNOWN_LOOPS: &[(&str, &[&str], &str)] = &[];

/// A module's path from the crate root (`["markdown", "events"]`), with its file.
struct ModuleFile {
    path: Vec<String>,
    text: String,
}

fn src_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn module_files(src: &Path) -> Vec<ModuleFile> {
    let mut out = Vec::new();
    let mut stack = vec![src.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
                continue;
            }
            if p.extension().and_then(|x| x.to_str()) != Some("rs") {
                continue;
            }
            let rel = p.strip_prefix(src).unwrap().with_extension("");
            let mut path: Vec<String> = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            if path[0] == "main" || path[0] == "cmd" {
                continue;
            }
            // Unit tests may reach anywhere: test files and `#[cfg(test)]` modules are left out.
            let name = path.last().map(String::as_str).unwrap_or("");
            if name == "tests" {
                continue;
            }
            if matches!(name, "mod" | "lib") {
                path.pop();
            }
            let mut text = std::fs::read_to_string(&p).unwrap();
            if let Some(i) = test_module_start(&text) {
                text.truncate(i);
            }
            out.push(ModuleFile { path, text });
        }
    }
    out.sort_by(|a, b| a.path.cmp(&b.path));
    out
}

/// Where the file's inline `#[cfg(test)] mod … {` begins (by custom, the last item of a file;
/// a `mod tests;` in a file of its own is left out by its name).
fn test_module_start(text: &str) -> Option<usize> {
    text.match_indices("#[cfg(test)]")
        .map(|(i, _)| i)
        .find(|&i| {
            text[i + "#[cfg(test)]".len()..]
                .lines()
                .map(str::trim)
                .find(|l| !l.is_empty() && !l.starts_with("#["))
                .is_some_and(|l| l.starts_with("mod ") && l.ends_with('{'))
        })
}

/// The text without comments, string and char literals (their content could look like paths).
fn code_only(text: &str) -> String {
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < b.len() {
        if text[i..].starts_with("//") {
            while i < b.len() && b[i] != b'\n' {
                i += 1;
            }
        } else if text[i..].starts_with("/*") {
            let end = text[i + 2..].find("*/").map_or(b.len(), |e| i + 2 + e + 2);
            i = end;
        } else if text[i..].starts_with("r#\"") || text[i..].starts_with("r\"") {
            let hashes = text[i + 1..].bytes().take_while(|&c| c == b'#').count();
            let close = format!("\"{}", "#".repeat(hashes));
            let start = i + 2 + hashes;
            i = text[start..]
                .find(&close)
                .map_or(b.len(), |e| start + e + close.len());
            out.push_str("\"\"");
        } else if b[i] == b'\'' {
            // A char literal ('"', '\n', '\u{2014}') is skipped; a lifetime ('a) is kept.
            let lit = if b.get(i + 1) == Some(&b'\\') {
                text[i + 2..].find('\'').map(|e| i + 2 + e + 1)
            } else {
                text[i + 1..]
                    .chars()
                    .next()
                    .map(|c| i + 1 + c.len_utf8())
                    .filter(|&e| b.get(e) == Some(&b'\''))
                    .map(|e| e + 1)
            };
            match lit {
                Some(end) => {
                    out.push_str("' '");
                    i = end;
                }
                None => {
                    out.push('\'');
                    i += 1;
                }
            }
        } else if b[i] == b'"' {
            i += 1;
            while i < b.len() && b[i] != b'"' {
                i += if b[i] == b'\\' { 2 } else { 1 };
            }
            i += 1;
            out.push_str("\"\"");
        } else {
            let c = text[i..].chars().next().unwrap();
            out.push(c);
            i += c.len_utf8();
        }
    }
    out
}

/// Every module path named in `code`, resolved from the module at `from`.
fn named_paths(code: &str, from: &ModuleFile) -> Vec<Vec<String>> {
    let word = |c: char| c.is_ascii_alphanumeric() || c == '_';
    let mut found = Vec::new();
    for (at, _) in code.match_indices("::") {
        // The path's first segment ends here: read it backwards.
        let head_start = code[..at]
            .char_indices()
            .rev()
            .take_while(|&(_, c)| word(c))
            .last()
            .map_or(at, |(i, _)| i);
        let head = &code[head_start..at];
        if !matches!(head, "crate" | "super" | "self") {
            continue;
        }
        let before = code[..head_start].chars().next_back();
        if before.is_some_and(|c| word(c) || c == ':') {
            continue;
        }
        // The rest: `a::b::c`, possibly ending in `::{x, y::z}`.
        let rest = &code[at + 2..];
        let mut segments = Vec::new();
        let mut tail = rest;
        loop {
            let len = tail.find(|c: char| !word(c)).unwrap_or(tail.len());
            if len == 0 {
                break;
            }
            segments.push(tail[..len].to_string());
            tail = &tail[len..];
            match tail.strip_prefix("::") {
                Some(t) => tail = t,
                None => break,
            }
        }
        // `self` is the module itself, `super` its parent, whatever file holds the module.
        let mut base: Vec<String> = match head {
            "crate" => Vec::new(),
            "self" => from.path.clone(),
            _ => from.path[..from.path.len().saturating_sub(1)].to_vec(),
        };
        let mut segs = segments.into_iter().peekable();
        while segs.peek().is_some_and(|s| s == "super") {
            segs.next();
            base.pop();
        }
        let mut path = base;
        path.extend(segs);
        if let Some(group) = tail.strip_prefix('{') {
            let group = &group[..group.find('}').unwrap_or(group.len())];
            for item in group.split(',') {
                let mut p = path.clone();
                p.extend(
                    item.split("::")
                        .map(|s| s.trim().split(' ').next().unwrap_or("").to_string())
                        .filter(|s| !s.is_empty() && s != "self"),
                );
                found.push(p);
            }
        }
        found.push(path);
    }
    found
}

/// Uses between sibling modules: for each parent module, the set of (user, used).
type Edges = BTreeMap<Vec<String>, BTreeSet<(String, String)>>;

fn sibling_edges(files: &[ModuleFile]) -> Edges {
    let modules: BTreeSet<Vec<String>> = files.iter().map(|f| f.path.clone()).collect();
    let mut edges = Edges::new();
    for f in files {
        for target in named_paths(&code_only(&f.text), f) {
            let common = f
                .path
                .iter()
                .zip(&target)
                .take_while(|(a, b)| a == b)
                .count();
            if common >= f.path.len() || common >= target.len() {
                continue; // a module using its own parts, or its parent's items
            }
            let used = target[..=common].to_vec();
            if modules.contains(&used) {
                edges
                    .entry(f.path[..common].to_vec())
                    .or_default()
                    .insert((f.path[common].clone(), target[common].clone()));
            }
        }
    }
    edges
}

/// A loop in the graph, if there is one, as the modules round it.
fn find_cycle(edges: &BTreeSet<(String, String)>) -> Option<Vec<String>> {
    let mut next: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (a, b) in edges {
        next.entry(a).or_default().push(b);
    }
    // Depth-first search with the path on a stack: a node met again on the path is a loop.
    fn visit<'a>(
        n: &'a str,
        next: &BTreeMap<&'a str, Vec<&'a str>>,
        path: &mut Vec<&'a str>,
        done: &mut BTreeSet<&'a str>,
    ) -> Option<Vec<String>> {
        if let Some(i) = path.iter().position(|p| *p == n) {
            let mut cycle: Vec<String> = path[i..].iter().map(|s| s.to_string()).collect();
            cycle.push(n.to_string());
            return Some(cycle);
        }
        if !done.insert(n) {
            return None;
        }
        path.push(n);
        for &m in next.get(n).map(Vec::as_slice).unwrap_or(&[]) {
            if let Some(c) = visit(m, next, path, done) {
                return Some(c);
            }
        }
        path.pop();
        None
    }
    let mut done = BTreeSet::new();
    for &n in next.keys() {
        if let Some(c) = visit(n, &next, &mut Vec::new(), &mut done) {
            return Some(c);
        }
    }
    None
}

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|(_, ms)| ms.contains(&module))
}

#[test]
fn no_module_uses_another_that_uses_it() {
    let edges = sibling_edges(&module_files(&src_dir()));
    // The reader sees real uses: the pipeline module uses the library and the templates.
    let top = &edges[&Vec::new()];
    assert!(top.contains(&("site".into(), "content".into())), "{top:?}");
    assert!(
        top.contains(&("site".into(), "templates".into())),
        "{top:?}"
    );
    let mut loops = Vec::new();
    let mut known_seen = Vec::new();
    for (parent, e) in &edges {
        let parent = if parent.is_empty() {
            "crate".to_string()
        } else {
            parent.join("::")
        };
        // Leave out the edges of known loops, then look for any other loop.
        let known: Vec<&(&str, &[&str], &str)> = KNOWN_LOOPS
            .iter()
            .filter(|(p, _, _)| *p == parent)
            .collect();
        let mut rest = e.clone();
        for (_, members, _) in &known {
            let inside = |(a, b): &(String, String)| {
                members.contains(&a.as_str()) && members.contains(&b.as_str())
            };
            let within: BTreeSet<(String, String)> =
                e.iter().filter(|x| inside(x)).cloned().collect();
            if find_cycle(&within).is_some() {
                known_seen.push(members.join(" ↔ "));
            }
            rest.retain(|x| !inside(x));
        }
        if let Some(c) = find_cycle(&rest) {
            loops.push(format!("in {parent}: {}", c.join(" → ")));
        }
    }
    assert!(
        loops.is_empty(),
        "modules that use each other:\n{}",
        loops.join("\n")
    );
    let stale: Vec<String> = KNOWN_LOOPS
        .iter()
        .map(|(_, m, _)| m.join(" ↔ "))
        .filter(|m| !known_seen.contains(m))
        .collect();
    assert!(
        stale.is_empty(),
        "KNOWN_LOOPS lists loops that are gone: {stale:?}"
    );
}

#[test]
fn no_module_uses_a_higher_layer() {
    let files = module_files(&src_dir());
    let top: BTreeSet<&str> = files
        .iter()
        .filter_map(|f| f.path.first().map(String::as_str))
        .collect();
    let unplaced: Vec<&&str> = top.iter().filter(|m| layer_of(m).is_none()).collect();
    assert!(
        unplaced.is_empty(),
        "top-level modules missing from LAYERS: {unplaced:?}"
    );
    let edges = sibling_edges(&files);
    let upward: Vec<String> = edges
        .get(&Vec::new())
        .into_iter()
        .flatten()
        .filter(|(a, b)| layer_of(b) > layer_of(a))
        .map(|(a, b)| {
            format!(
                "{a} ({}) uses {b} ({})",
                LAYERS[layer_of(a).unwrap()].0,
                LAYERS[layer_of(b).unwrap()].0
            )
        })
        .collect();
    assert!(upward.is_empty(), "upward uses:\n{}", upward.join("\n"));
}

/// The checks above can fail: the path reader resolves `crate`, `super`, `self` and groups,
/// and a loop of three is found.
#[test]
fn the_layer_checks_see_loops_and_paths() {
    let file = ModuleFile {
        path: vec!["markdown".into(), "events".into()],
        text: String::new(),
    };
    let code = code_only(
        "use super::links::fix; // crate::not::this\nuse crate::{config::Config, source};\n\
         let s = \"crate::nor::this\"; self::inner::f();",
    );
    let paths: Vec<String> = named_paths(&code, &file)
        .iter()
        .map(|p| p.join("::"))
        .collect();
    for want in [
        "markdown::links::fix",
        "config::Config",
        "source",
        "markdown::events::inner::f",
    ] {
        assert!(paths.contains(&want.to_string()), "{want} in {paths:?}");
    }
    assert!(
        !paths.iter().any(|p| p.contains("not") || p.contains("nor")),
        "{paths:?}"
    );
    let e = |pairs: &[(&str, &str)]| -> BTreeSet<(String, String)> {
        pairs
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    };
    assert_eq!(find_cycle(&e(&[("a", "b"), ("b", "c")])), None);
    let c = find_cycle(&e(&[("a", "b"), ("b", "c"), ("c", "a"), ("c", "d")])).unwrap();
    assert_eq!(c.len(), 4, "{c:?}");
    assert_eq!(c.first(), c.last());
}

/// Unit tests have one layout (docs/architecture.md): a `#[cfg(test)] mod tests { … }` at the
/// end of the file it tests, or `tests.rs` in a folder module, declared `mod tests;` in its
/// `mod.rs` (which then has no inline tests). No other test file names, no `#[path]`.
#[test]
fn unit_tests_have_one_layout() {
    let src = src_dir();
    let mut wrong = Vec::new();
    let mut stack = vec![src.clone()];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
                continue;
            }
            if p.extension().and_then(|x| x.to_str()) != Some("rs") {
                continue;
            }
            let rel = p
                .strip_prefix(&src)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            let text = std::fs::read_to_string(&p).unwrap();
            let code = code_only(&text);
            if code.contains("#[path") {
                wrong.push(format!("{rel}: #[path] points a module at another file"));
            }
            let stem = name.trim_end_matches(".rs");
            if stem != "tests"
                && (stem == "test" || stem.ends_with("_test") || stem.ends_with("_tests"))
            {
                wrong.push(format!(
                    "{rel}: unit tests belong in `mod tests` or tests.rs"
                ));
            }
            if name == "tests.rs" {
                let declared = std::fs::read_to_string(p.with_file_name("mod.rs"))
                    .is_ok_and(|m| code_only(&m).contains("mod tests;"));
                if !declared {
                    wrong.push(format!(
                        "{rel}: not declared `mod tests;` in its folder's mod.rs"
                    ));
                }
            }
            if name == "mod.rs" && code.contains("mod tests;") && test_module_start(&text).is_some()
            {
                wrong.push(format!("{rel}: tests both inline and in tests.rs"));
            }
        }
    }
    wrong.sort();
    assert!(
        wrong.is_empty(),
        "unit tests out of layout:\n{}",
        wrong.join("\n")
    );
}
