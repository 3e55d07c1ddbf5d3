//! `[markdown.highlighting] extra_grammars` and `extra_themes` as Zola 0.22 reads them:
//! TextMate grammars and VS Code themes in JSON (giallo's formats).
//!
//! syntect reads neither: a JSON grammar is translated into a `.sublime-syntax` definition
//! (rules become contexts; `begin`/`end` push a context whose first rule pops at the end), a
//! JSON theme into a syntect [`Theme`] (`tokenColors` become scope rules, `colors` the
//! editor's foreground, background and line highlight). `.sublime-syntax` and `.tmTheme`
//! files (Zola ≤ 0.21's formats) are read as they are. What is loaded is kept for the process
//! (a site's grammars are few and small); a file that cannot be read or translated is
//! reported with the reason, and its language stays plain text.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, RwLock};

use serde_json::{json, Map, Value};
use syntect::highlighting::{
    Color, FontStyle, ScopeSelectors, StyleModifier, Theme, ThemeItem, ThemeSettings,
};
use syntect::parsing::syntax_definition::SyntaxDefinition;
use syntect::parsing::SyntaxSet;

use crate::diagnostics::Msg;

/// What the site's extra grammars and themes gave.
#[derive(Default)]
pub struct Loaded {
    /// The site's grammars, when it has any.
    pub syntaxes: Option<&'static SyntaxSet>,
    pub themes: BTreeMap<String, &'static Theme>,
    /// Files that could not be used, with the reason.
    pub failures: Vec<(PathBuf, Msg)>,
    /// How many of `failures` (the first ones) are grammars.
    pub grammar_failures: usize,
}

/// The grammars and themes of the site being built (set by [`load`]).
static CURRENT: RwLock<Option<&'static Loaded>> = RwLock::new(None);
/// Loads already made, by their files' paths and contents, so rebuilds reuse them.
type Cache = Vec<(Vec<(PathBuf, Vec<u8>)>, &'static Loaded)>;
static CACHE: Mutex<Cache> = Mutex::new(Vec::new());

/// The loaded extras of the current site, if any.
pub fn current() -> Option<&'static Loaded> {
    *CURRENT.read().unwrap_or_else(|e| e.into_inner())
}

/// For a fence language nobody knows: the grammar files that were not loaded, and why.
pub fn failure_note() -> Option<Msg> {
    let l = current()?;
    let grammars = &l.failures[..l.grammar_failures];
    if grammars.is_empty() {
        return None;
    }
    let name = |p: &PathBuf| {
        p.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    };
    Some(Msg::new(
        grammars
            .iter()
            .map(|(p, why)| format!("额外语法文件 `{}` 没有加载：{}", name(p), why.zh))
            .collect::<Vec<_>>()
            .join("；"),
        grammars
            .iter()
            .map(|(p, why)| format!("the extra grammar `{}` was not loaded: {}", name(p), why.en))
            .collect::<Vec<_>>()
            .join("; "),
    ))
}

/// Loads `grammars` and `themes` (paths relative to `dir`, the config's folder) and makes
/// them the current ones. Returns the files that could not be used.
pub fn load(dir: &Path, grammars: &[String], themes: &[String]) -> &'static Loaded {
    let (grammars, themes) = &expand_folders(dir, grammars, themes);
    let files: Vec<(PathBuf, Vec<u8>)> = grammars
        .iter()
        .chain(themes)
        .map(|f| {
            let p = dir.join(f);
            let bytes = std::fs::read(&p).unwrap_or_default();
            (p, bytes)
        })
        .collect();
    let mut cache = CACHE.lock().unwrap_or_else(|e| e.into_inner());
    let loaded = match cache.iter().find(|(k, _)| *k == files) {
        Some((_, l)) => *l,
        None => {
            let l: &'static Loaded = Box::leak(Box::new(build(dir, grammars, themes)));
            cache.push((files, l));
            l
        }
    };
    *CURRENT.write().unwrap_or_else(|e| e.into_inner()) =
        (!grammars.is_empty() || !themes.is_empty()).then_some(loaded);
    loaded
}

/// Zola ≤ 0.21's `extra_syntaxes_and_themes` (and 0.14's `extra_syntaxes`) name folders:
/// every `.sublime-syntax` under one is a grammar, every `.tmTheme` a theme, as Zola loaded
/// them. Files are named as they are.
fn expand_folders(
    dir: &Path,
    grammars: &[String],
    themes: &[String],
) -> (Vec<String>, Vec<String>) {
    let mut g = Vec::new();
    let mut t = themes.to_vec();
    for entry in grammars {
        let folder = dir.join(entry);
        if !folder.is_dir() {
            g.push(entry.clone());
            continue;
        }
        let mut found: Vec<PathBuf> = walkdir::WalkDir::new(&folder)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(walkdir::DirEntry::into_path)
            .collect();
        found.sort();
        for f in found {
            let rel = f
                .strip_prefix(dir)
                .unwrap_or(&f)
                .to_string_lossy()
                .into_owned();
            match f.extension().and_then(|e| e.to_str()) {
                Some("sublime-syntax") => g.push(rel),
                Some("tmTheme") => t.push(rel),
                _ => {}
            }
        }
    }
    (g, t)
}

fn build(dir: &Path, grammars: &[String], themes: &[String]) -> Loaded {
    let mut loaded = Loaded::default();
    let mut defs = Vec::new();
    for g in grammars {
        let path = dir.join(g);
        match grammar(&path) {
            Ok(d) => defs.push(d),
            Err(why) => loaded.failures.push((path, why)),
        }
    }
    loaded.grammar_failures = loaded.failures.len();
    if !defs.is_empty() {
        // A set of their own (building the bundled ones again takes seconds): fences look
        // here first.
        let mut builder = SyntaxSet::new().into_builder();
        for d in defs {
            builder.add(d);
        }
        loaded.syntaxes = Some(Box::leak(Box::new(builder.build())));
    }
    for t in themes {
        let path = dir.join(t);
        match theme(&path) {
            Ok((name, th)) => {
                loaded.themes.insert(name, Box::leak(Box::new(th)));
            }
            Err(why) => loaded.failures.push((path, why)),
        }
    }
    loaded
}

fn read(path: &Path) -> Result<String, Msg> {
    std::fs::read_to_string(path).map_err(|e| {
        Msg::new(
            format!("无法读取文件：{e}"),
            format!("cannot read the file: {e}"),
        )
    })
}

/// One grammar file: JSON TextMate (`.json`), or `.sublime-syntax`.
fn grammar(path: &Path) -> Result<SyntaxDefinition, Msg> {
    let text = read(path)?;
    let yaml = if path.extension().is_some_and(|e| e == "sublime-syntax") {
        text
    } else {
        let tm: Value = serde_json::from_str(&text).map_err(|e| {
            Msg::new(
                format!("不是 JSON 格式的 TextMate 语法文件：{e}"),
                format!("not a JSON TextMate grammar: {e}"),
            )
        })?;
        let sublime = textmate_to_sublime(&tm).ok_or_else(|| {
            Msg::new(
                "语法文件缺少 `scopeName` 或 `patterns`",
                "the grammar has no `scopeName` or no `patterns`",
            )
        })?;
        serde_yaml::to_string(&sublime).map_err(|e| Msg::new(e.to_string(), e.to_string()))?
    };
    SyntaxDefinition::load_from_str(&yaml, true, None).map_err(|e| {
        Msg::new(
            format!("语法文件无法使用：{e}"),
            format!("syntect cannot use the grammar: {e}"),
        )
    })
}

/// A TextMate grammar (JSON) as a `.sublime-syntax` document.
pub fn textmate_to_sublime(tm: &Value) -> Option<Value> {
    let scope = tm.get("scopeName")?.as_str()?;
    let patterns = tm.get("patterns")?.as_array()?;
    let name = tm
        .get("name")
        .and_then(Value::as_str)
        .unwrap_or(scope)
        .to_string();
    let mut exts: Vec<Value> = tm
        .get("fileTypes")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    // Fences name the language by its grammar name, as giallo registers it.
    let lower = json!(name.to_lowercase());
    if !exts.contains(&lower) {
        exts.push(lower);
    }
    let mut contexts = Map::new();
    contexts.insert("main".into(), Value::Array(rules(patterns)));
    if let Some(repo) = tm.get("repository").and_then(Value::as_object) {
        for (key, r) in repo {
            let body = match r.get("patterns").and_then(Value::as_array) {
                Some(ps) if r.get("match").is_none() && r.get("begin").is_none() => rules(ps),
                _ => rule(r),
            };
            contexts.insert(key.clone(), Value::Array(body));
        }
    }
    Some(json!({
        "name": name,
        "scope": scope,
        "file_extensions": exts,
        "contexts": contexts,
    }))
}

fn rules(list: &[Value]) -> Vec<Value> {
    list.iter().flat_map(rule).collect()
}

/// One TextMate rule as sublime-syntax patterns (a grouping rule gives several).
fn rule(r: &Value) -> Vec<Value> {
    let s = |k: &str| r.get(k).and_then(Value::as_str);
    if let Some(inc) = s("include") {
        return match inc {
            "$self" | "$base" => vec![json!({ "include": "main" })],
            i if i.starts_with('#') => vec![json!({ "include": &i[1..] })],
            // Other grammars' scopes: left out (they may not exist here).
            _ => Vec::new(),
        };
    }
    if let Some(m) = s("match") {
        let mut p = Map::new();
        p.insert("match".into(), json!(m));
        if let Some(n) = s("name") {
            p.insert("scope".into(), json!(n));
        }
        if let Some(c) = captures(r.get("captures")) {
            p.insert("captures".into(), c);
        }
        return vec![Value::Object(p)];
    }
    if let Some(begin) = s("begin") {
        let end = match (s("end"), s("while")) {
            (Some(e), _) => e.to_string(),
            (None, Some(w)) => format!("^(?!{w})"),
            (None, None) => "$^".to_string(),
        };
        let mut inner: Vec<Value> = Vec::new();
        if let Some(n) = s("name") {
            inner.push(json!({ "meta_scope": n }));
        }
        if let Some(n) = s("contentName") {
            inner.push(json!({ "meta_content_scope": n }));
        }
        let mut end_rule = Map::new();
        end_rule.insert("match".into(), json!(end));
        if let Some(c) = captures(r.get("endCaptures").or_else(|| r.get("captures"))) {
            end_rule.insert("captures".into(), c);
        }
        end_rule.insert("pop".into(), json!(true));
        let nested = r
            .get("patterns")
            .and_then(Value::as_array)
            .map(|ps| rules(ps))
            .unwrap_or_default();
        let end_last = r
            .get("applyEndPatternLast")
            .is_some_and(|v| v == &json!(1) || v == &json!(true));
        if end_last {
            inner.extend(nested);
            inner.push(Value::Object(end_rule));
        } else {
            inner.push(Value::Object(end_rule));
            inner.extend(nested);
        }
        let mut p = Map::new();
        p.insert("match".into(), json!(begin));
        if let Some(c) = captures(r.get("beginCaptures").or_else(|| r.get("captures"))) {
            p.insert("captures".into(), c);
        }
        p.insert("push".into(), Value::Array(inner));
        return vec![Value::Object(p)];
    }
    if let Some(ps) = r.get("patterns").and_then(Value::as_array) {
        return rules(ps);
    }
    Vec::new()
}

/// `{"1": {"name": "x"}}` → `{1: "x"}`.
fn captures(c: Option<&Value>) -> Option<Value> {
    let c = c?.as_object()?;
    let mut out = Map::new();
    for (k, v) in c {
        if let Some(n) = v.get("name").and_then(Value::as_str) {
            if k.parse::<usize>().is_ok() {
                out.insert(k.clone(), json!(n));
            }
        }
    }
    (!out.is_empty()).then_some(Value::Object(out))
}

/// One theme file: VS Code JSON, or `.tmTheme`. Returns its name (the `name` field, else the
/// file stem) and the theme.
fn theme(path: &Path) -> Result<(String, Theme), Msg> {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    if path.extension().is_some_and(|e| e == "tmTheme") {
        let t = syntect::highlighting::ThemeSet::get_theme(path).map_err(|e| {
            Msg::new(
                format!("无法读取主题：{e}"),
                format!("cannot read the theme: {e}"),
            )
        })?;
        return Ok((t.name.clone().unwrap_or(stem), t));
    }
    let text = read(path)?;
    let v: Value = serde_json::from_str(&text).map_err(|e| {
        Msg::new(
            format!("不是 JSON 格式的主题文件：{e}"),
            format!("not a JSON theme: {e}"),
        )
    })?;
    let name = v
        .get("name")
        .and_then(Value::as_str)
        .map(str::to_string)
        .unwrap_or(stem);
    Ok((name.clone(), vscode_theme(&v, &name)))
}

fn color(s: Option<&Value>) -> Option<Color> {
    let s = s?.as_str()?.trim_start_matches('#');
    let hex = |i: usize| u8::from_str_radix(s.get(i..i + 2)?, 16).ok();
    match s.len() {
        6 => Some(Color {
            r: hex(0)?,
            g: hex(2)?,
            b: hex(4)?,
            a: 0xff,
        }),
        8 => Some(Color {
            r: hex(0)?,
            g: hex(2)?,
            b: hex(4)?,
            a: hex(6)?,
        }),
        3 => {
            let d = |i: usize| u8::from_str_radix(&s[i..i + 1].repeat(2), 16).ok();
            Some(Color {
                r: d(0)?,
                g: d(1)?,
                b: d(2)?,
                a: 0xff,
            })
        }
        _ => None,
    }
}

/// A VS Code theme (`colors`, `tokenColors`) as a syntect theme.
pub fn vscode_theme(v: &Value, name: &str) -> Theme {
    let colors = v.get("colors");
    let c = |k: &str| color(colors.and_then(|c| c.get(k)));
    let settings = ThemeSettings {
        foreground: c("editor.foreground").or_else(|| c("foreground")),
        background: c("editor.background"),
        line_highlight: c("editor.lineHighlightBackground"),
        selection: c("editor.selectionBackground"),
        ..Default::default()
    };
    let mut scopes = Vec::new();
    for tc in v
        .get("tokenColors")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let sel = match tc.get("scope") {
            Some(Value::String(s)) => s.clone(),
            Some(Value::Array(a)) => a
                .iter()
                .filter_map(Value::as_str)
                .collect::<Vec<_>>()
                .join(", "),
            _ => continue,
        };
        let Ok(scope) = sel.parse::<ScopeSelectors>() else {
            continue;
        };
        let st = tc.get("settings");
        let font_style = st
            .and_then(|s| s.get("fontStyle"))
            .and_then(Value::as_str)
            .map(|f| {
                let mut fs = FontStyle::empty();
                for w in f.split_whitespace() {
                    match w {
                        "bold" => fs |= FontStyle::BOLD,
                        "italic" => fs |= FontStyle::ITALIC,
                        "underline" => fs |= FontStyle::UNDERLINE,
                        _ => {}
                    }
                }
                fs
            });
        scopes.push(ThemeItem {
            scope,
            style: StyleModifier {
                foreground: color(st.and_then(|s| s.get("foreground"))),
                background: color(st.and_then(|s| s.get("background"))),
                font_style,
            },
        });
    }
    Theme {
        name: Some(name.to_string()),
        author: None,
        settings,
        scopes,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn textmate_json_grammar_becomes_a_working_syntax() {
        let tm = json!({
            "name": "mylang",
            "scopeName": "source.mylang",
            "patterns": [
                { "include": "#keywords" },
                { "begin": "\"", "end": "\"", "name": "string.quoted.mylang",
                  "patterns": [{ "match": "\\\\.", "name": "constant.character.escape" }] }
            ],
            "repository": {
                "keywords": { "match": "\\b(let|fn)\\b", "name": "keyword.control.mylang" }
            }
        });
        let sublime = textmate_to_sublime(&tm).unwrap();
        let yaml = serde_yaml::to_string(&sublime).unwrap();
        let def = SyntaxDefinition::load_from_str(&yaml, true, None).unwrap();
        let mut b = SyntaxSet::new().into_builder();
        b.add(def);
        let set = b.build();
        let syn = set.find_syntax_by_token("mylang").unwrap();
        let mut state = syntect::parsing::ParseState::new(syn);
        let ops = state.parse_line("let x = \"a\\n\"\n", &set).unwrap();
        let scopes: Vec<String> = ops
            .iter()
            .filter_map(|(_, op)| match op {
                syntect::parsing::ScopeStackOp::Push(s) => Some(s.build_string()),
                _ => None,
            })
            .collect();
        assert!(
            scopes.contains(&"keyword.control.mylang".to_string()),
            "{scopes:?}"
        );
        assert!(
            scopes.contains(&"string.quoted.mylang".to_string()),
            "{scopes:?}"
        );
        assert!(
            scopes.contains(&"constant.character.escape".to_string()),
            "{scopes:?}"
        );
    }

    #[test]
    fn old_folder_lists_expand_to_their_grammars_and_themes() {
        let dir = tempfile::tempdir().unwrap();
        let sub = dir.path().join("syntaxes/more");
        std::fs::create_dir_all(&sub).unwrap();
        std::fs::write(dir.path().join("syntaxes/b.sublime-syntax"), "x").unwrap();
        std::fs::write(sub.join("a.sublime-syntax"), "x").unwrap();
        std::fs::write(sub.join("t.tmTheme"), "x").unwrap();
        std::fs::write(dir.path().join("syntaxes/README.md"), "x").unwrap();
        let (g, t) = expand_folders(
            dir.path(),
            &["syntaxes".to_string(), "one.json".to_string()],
            &["x.json".to_string()],
        );
        let g: Vec<String> = g.iter().map(|p| p.replace('\\', "/")).collect();
        let t: Vec<String> = t.iter().map(|p| p.replace('\\', "/")).collect();
        assert_eq!(
            g,
            [
                "syntaxes/b.sublime-syntax",
                "syntaxes/more/a.sublime-syntax",
                "one.json"
            ]
        );
        assert_eq!(t, ["x.json", "syntaxes/more/t.tmTheme"]);
    }

    #[test]
    fn vscode_theme_colours() {
        let t = vscode_theme(
            &json!({
                "colors": { "editor.background": "#101010", "editor.foreground": "#eeeeee" },
                "tokenColors": [{ "scope": ["keyword", "storage"], "settings": { "foreground": "#ff0000", "fontStyle": "bold" } }]
            }),
            "t",
        );
        assert_eq!(t.settings.background.unwrap().r, 0x10);
        assert_eq!(t.scopes.len(), 1);
        assert_eq!(t.scopes[0].style.foreground.unwrap().r, 0xff);
        assert_eq!(t.scopes[0].style.font_style, Some(FontStyle::BOLD));
    }
}
