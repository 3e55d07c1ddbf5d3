//! [`LawLibrary`]: the site's law pages joined into laws (a big law's parts into one), their
//! articles read out of the page bodies, and the lookups the citation scanner makes (by full
//! name, short name, alias, bare name at a place in the text, article number).

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;
use serde_json::Value;

use super::{dict, normalize_name, numerals, Article, Law, LawError, Target};

/// The site's laws plus the built-in dictionary, frozen after building.
#[derive(Debug, Clone)]
pub struct LawLibrary {
    laws: Vec<Law>,
    names: HashMap<String, Target>,
    /// Bare names by their first two characters, longest first, for scanning text without
    /// 《》. Scanning asks at every character of every article, so a bit per possible first
    /// character (of the Basic Multilingual Plane) answers "no" without hashing.
    by_start: HashMap<(char, char), Vec<(String, Target)>>,
    first_chars: Vec<u64>,
}

impl Default for LawLibrary {
    fn default() -> Self {
        Self::new()
    }
}

impl LawLibrary {
    /// An empty library that knows only the built-in dictionary.
    pub fn new() -> Self {
        let mut lib = LawLibrary {
            laws: Vec::new(),
            names: HashMap::new(),
            by_start: HashMap::new(),
            first_chars: vec![0; 0x10000 / 64],
        };
        let known = dict::LAWS
            .iter()
            .map(|e| (e[0], &e[1..]))
            .chain(dict::REPEALED.iter().map(|r| (r.name, &[][..])));
        for (full, shorts) in known {
            lib.names.insert(full.to_string(), Target::Known(full));
            for s in shorts.iter().copied().chain(dict::auto_short(full)) {
                lib.names
                    .entry(s.to_string())
                    .or_insert(Target::Known(full));
            }
        }
        lib.reindex();
        lib
    }

    /// Builds a library from the site's pages and sections: `(extra, body, permalink)` of each.
    /// Pages without `[extra.law]` are skipped; the pages of one law (same `name`: the
    /// overview section and its parts) make one [`Law`]. Errors are collected, not fatal.
    pub fn from_pages<'a, I>(pages: I) -> (Self, Vec<LawError>)
    where
        I: IntoIterator<Item = (&'a Value, &'a str, &'a str)>,
    {
        let mut lib = LawLibrary::new();
        let mut errors = Vec::new();
        for (extra, body, permalink) in pages {
            if let Err(e) = lib.add_page(extra, body, permalink) {
                errors.push(e);
            }
        }
        (lib, errors)
    }

    /// Adds one page or section. Returns `Ok(false)` when it is not a law page.
    ///
    /// A page whose `[extra.law]` has `part` (the 编/章 it holds, outermost first) adds its
    /// articles to the law of the same name; any other law page is the law's own page and
    /// gives its permalink, status and short names.
    pub fn add_page(
        &mut self,
        extra: &Value,
        body: &str,
        permalink: &str,
    ) -> Result<bool, LawError> {
        let Some(meta) = extra.get("law") else {
            return Ok(false);
        };
        let Some(name) = meta.get("name").and_then(Value::as_str) else {
            return Err(LawError::MissingName {
                page: permalink.to_string(),
            });
        };
        let name = normalize_name(name);
        let mut short_names: Vec<String> = meta
            .get("short_names")
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(Value::as_str)
                    .map(normalize_name)
                    .collect()
            })
            .unwrap_or_default();
        if let Some(s) = dict::auto_short(&name) {
            if !short_names.iter().any(|x| x == s) {
                short_names.push(s.to_string());
            }
        }
        let status = meta.get("status").and_then(Value::as_str);
        let part: Option<Vec<String>> = meta.get("part").and_then(Value::as_array).map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        });
        let mut articles = parse_body(body, permalink);
        for a in &mut articles {
            if let Some(p) = &part {
                a.headings.splice(0..0, p.iter().cloned());
            }
        }
        let existing = self.laws.iter().position(|l| l.name == name);
        let idx = match existing {
            Some(i) => i,
            None => {
                self.laws.push(Law {
                    name: name.clone(),
                    short_names: Vec::new(),
                    status: "现行有效".to_string(),
                    permalink: permalink.to_string(),
                    articles: Vec::new(),
                    version_date: String::new(),
                    amended_by: Vec::new(),
                    amended_on: String::new(),
                    amended_articles: None,
                    by_number: HashMap::new(),
                });
                self.laws.len() - 1
            }
        };
        let law = &mut self.laws[idx];
        let own_page = part.is_none();
        if own_page {
            law.permalink = permalink.to_string();
        }
        if let (Some(st), true) = (status, own_page || existing.is_none()) {
            law.status = st.to_string();
        }
        if own_page {
            let text = |k: &str| {
                meta.get(k)
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_string()
            };
            law.version_date = text("version_date");
            law.amended_on = text("amended_on");
            law.amended_by = match meta.get("amended_by") {
                Some(Value::String(s)) if !s.is_empty() => vec![s.clone()],
                Some(Value::Array(a)) => a
                    .iter()
                    .filter_map(Value::as_str)
                    .map(str::to_string)
                    .collect(),
                _ => Vec::new(),
            };
            law.amended_articles =
                meta.get("amended_articles")
                    .and_then(Value::as_array)
                    .map(|a| {
                        a.iter()
                            .filter_map(Value::as_u64)
                            .filter_map(|n| u32::try_from(n).ok())
                            .collect()
                    });
        }
        // The own page's short names come first: the first is the one shown in links.
        let (first, then) = if own_page {
            (short_names, std::mem::take(&mut law.short_names))
        } else {
            (std::mem::take(&mut law.short_names), short_names)
        };
        law.short_names = first;
        for s in then {
            if !law.short_names.contains(&s) {
                law.short_names.push(s);
            }
        }
        law.articles.extend(articles);
        // Parts may arrive in any order; the first of duplicate numbers wins.
        law.articles.sort_by_key(|a| (a.number, a.sub));
        law.by_number = law
            .articles
            .iter()
            .enumerate()
            .map(|(i, a)| ((a.number, a.sub), i))
            .rev()
            .collect();
        let names: Vec<String> = std::iter::once(name)
            .chain(law.short_names.iter().cloned())
            .collect();
        for n in names {
            self.names.insert(n, Target::Page(idx));
        }
        self.reindex();
        Ok(true)
    }

    fn reindex(&mut self) {
        let mut by_start: HashMap<(char, char), Vec<(String, Target)>> = HashMap::new();
        let mut first_chars = vec![0u64; 0x10000 / 64];
        for (name, t) in &self.names {
            let mut chars = name.chars();
            let (Some(a), b) = (chars.next(), chars.next()) else {
                continue;
            };
            by_start
                .entry((a, b.unwrap_or('\0')))
                .or_default()
                .push((name.clone(), *t));
            if let Some(bit) = first_chars.get_mut(a as usize / 64) {
                *bit |= 1 << (a as usize % 64);
            }
        }
        for v in by_start.values_mut() {
            v.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(&b.0)));
        }
        self.by_start = by_start;
        self.first_chars = first_chars;
    }

    /// True when the site has no law pages (citations cannot be linked).
    pub fn is_empty(&self) -> bool {
        self.laws.is_empty()
    }

    /// The site's law pages, in the order they were added.
    pub fn laws(&self) -> &[Law] {
        &self.laws
    }

    /// Resolves a full name or short name (site pages first, then the dictionary).
    pub fn lookup(&self, name: &str) -> Option<Target> {
        self.names.get(&normalize_name(name)).copied()
    }

    /// The site's law page for a full name or short name.
    pub fn law(&self, name: &str) -> Option<&Law> {
        match self.lookup(name)? {
            Target::Page(i) => self.laws.get(i),
            Target::Known(_) => None,
        }
    }

    /// The law page behind a target.
    pub fn page(&self, t: Target) -> Option<&Law> {
        match t {
            Target::Page(i) => self.laws.get(i),
            Target::Known(_) => None,
        }
    }

    /// Full name of a target.
    pub fn full_name(&self, t: Target) -> &str {
        match t {
            Target::Page(i) => &self.laws[i].name,
            Target::Known(n) => n,
        }
    }

    /// The longest known bare law name at the start of `s`.
    pub fn name_at<'s>(&self, s: &'s str) -> Option<(&'s str, Target)> {
        let mut chars = s.chars();
        let a = chars.next()?;
        let known_start = match self.first_chars.get(a as usize / 64) {
            Some(bits) => bits & (1 << (a as usize % 64)) != 0,
            None => true,
        };
        if !known_start {
            return None;
        }
        let b = chars.next().unwrap_or('\0');
        // A one-character name sits under (a, '\0').
        [(a, b), (a, '\0')]
            .iter()
            .filter_map(|k| self.by_start.get(k))
            .flat_map(|v| v.iter())
            .find(|(n, _)| s.starts_with(n.as_str()))
            .map(|(n, t)| (&s[..n.len()], *t))
    }
}

static ARTICLE_START: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:<a\s[^>]*>\s*</a>\s*)?\*\*(第[^*]{1,12}?条(?:之[^*]{1,4})?)\*\*\s*(.*)$")
        .expect("valid regex")
});

/// Reads the articles out of a law page body: headings give the 编/章/节, a paragraph that
/// starts with `**第…条**` starts an article, the paragraphs after it belong to it.
fn parse_body(body: &str, page: &str) -> Vec<Article> {
    let mut articles: Vec<Article> = Vec::new();
    // (level, text) of the headings currently open.
    let mut headings: Vec<(usize, String)> = Vec::new();
    let mut in_article = false;
    // The text of each article, shared once it is whole.
    let mut texts: Vec<String> = Vec::new();
    for line in body.lines() {
        let t = line.trim();
        if t.is_empty() {
            continue;
        }
        let level = t.chars().take_while(|&c| c == '#').count();
        if (1..=6).contains(&level) && t[level..].starts_with(' ') {
            let text = t[level..].trim().trim_end_matches('#').trim().to_string();
            headings.retain(|(l, _)| *l < level);
            headings.push((level, text));
            in_article = false;
            continue;
        }
        if let Some(c) = ARTICLE_START.captures(t) {
            if let Some((number, sub)) = numerals::parse_article_label(&c[1]) {
                articles.push(Article {
                    number,
                    sub,
                    label: numerals::article_label(number, sub),
                    text: std::sync::Arc::from(""),
                    headings: headings.iter().map(|(_, h)| h.clone()).collect(),
                    page: page.to_string(),
                });
                texts.push(unescape(&c[2]));
                in_article = true;
                continue;
            }
        }
        if in_article {
            if let Some(text) = texts.last_mut() {
                if !text.is_empty() {
                    text.push('\n');
                }
                text.push_str(&unescape(t));
            }
        }
    }
    for (a, text) in articles.iter_mut().zip(texts) {
        a.text = text.into();
    }
    articles
}

/// Undoes the Markdown backslash escapes written by the importer.
pub(super) fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' {
            if let Some(&n) = chars.peek() {
                if n.is_ascii_punctuation() {
                    out.push(n);
                    chars.next();
                    continue;
                }
            }
        }
        out.push(c);
    }
    out
}
