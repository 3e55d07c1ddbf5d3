//! Law citations in article text.
//!
//! The markdown stage feeds a [`Scanner`] the text runs of one page (not code, links or
//! headings), block by block. For each run that contains a citation the scanner returns
//! replacement HTML in which every recognised article is a link into the site's law library;
//! at the end of each block [`Scanner::end_block`] returns the notes that show the cited
//! article's text (a `<details>` element, so it opens without JavaScript; it is placed after
//! the paragraph because `<details>` may not sit inside a `<p>`). [`Scanner::finish`] returns the
//! page's citations (for `page.citations` and the 相关法条 block) and its warnings.
//!
//! Recognised forms: `《中华人民共和国民法典》第一千一百六十五条`, `《民法典》第1165条`,
//! `刑法第二十条第三款`, `第一百三十三条之一`, lists (`第一千一百六十五条、第一千一百七十九条`),
//! ranges (`第十一条至第十六条`), aliases (`（以下简称《民法典》）`), and a bare `第X条` after a
//! law was named earlier in the same sentence. State is per page (aliases) and per sentence
//! (the law last named), which is why the scanner is a stateful object rather than a function.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use serde::Serialize;

use super::dict::{self, is_statute_name};
use super::{numerals, LawLibrary, Target};
use crate::diagnostics::Msg;
use crate::html::{escape as escape_attr, escape_text};

mod refs;

use refs::{
    inside_other_title, is_other_instrument, parse_refs, preceded_by_name_char, skip_version_note,
    Ref,
};

/// One cited article, as templates see it in `page.citations`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Citation {
    /// Full name of the law: `中华人民共和国民法典`.
    pub law: String,
    /// Short name: `民法典`.
    pub law_short: String,
    /// Article label: `第一千一百六十五条`, `第一百三十三条之一`.
    pub article: String,
    pub number: u32,
    /// `1` for 之一.
    pub sub: Option<u32>,
    /// The 款 of the first citation on the page (`3` for 第三款), if one was given.
    pub paragraph: Option<u32>,
    /// Article text, paragraphs separated by `\n`: the law library's own, shared.
    #[serde(serialize_with = "serialize_str")]
    pub text: Arc<str>,
    /// Link to the article in the law library (`…/laws/min-fa-dian/#art-1165`).
    pub url: String,
}

fn serialize_str<S: serde::Serializer>(s: &Arc<str>, to: S) -> Result<S::Ok, S::Error> {
    to.serialize_str(s)
}

/// A problem found in a citation; `line` is the line in the source file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    pub line: usize,
    pub message: Msg,
}

/// A piece of the output: the byte span it replaces and its HTML.
struct Link {
    start: usize,
    end: usize,
    html: String,
}

/// Per-page citation scanner. See the module documentation.
pub struct Scanner<'l> {
    lib: &'l LawLibrary,
    /// Aliases defined on the page; `None` for an alias of an instrument we do not know, so
    /// that it is neither warned about twice nor confused with a law.
    aliases: HashMap<String, Option<Target>>,
    sentence_law: Option<Target>,
    citations: Vec<Citation>,
    seen: HashMap<(String, u32, Option<u32>), usize>,
    notes: Vec<usize>,
    warnings: Vec<Warning>,
    warned: HashSet<String>,
    /// On a law's own page: the law that `本法` means (and no notes are made).
    this_law: Option<Target>,
}

const RANGE_MAX: u32 = 50;

impl<'l> Scanner<'l> {
    pub fn new(lib: &'l LawLibrary) -> Self {
        Scanner {
            lib,
            aliases: HashMap::new(),
            sentence_law: None,
            citations: Vec::new(),
            seen: HashMap::new(),
            notes: Vec::new(),
            warnings: Vec::new(),
            warned: HashSet::new(),
            this_law: None,
        }
    }

    /// A scanner for the text of a law page itself: `本法第二十条` links to the page's own
    /// article, and no notes are added (the article is right there).
    pub fn for_law_page(lib: &'l LawLibrary, law_name: &str) -> Self {
        let mut s = Scanner::new(lib);
        s.this_law = lib.lookup(law_name);
        s
    }

    /// Scans one text run (raw text, not escaped) starting on source line `line`. Returns the
    /// replacement HTML when the run contains at least one linked citation, else `None` (emit
    /// the text as usual).
    pub fn text(&mut self, text: &str, line: usize) -> Option<String> {
        let mut links: Vec<Link> = Vec::new();
        let mut i = 0;
        // Line counting is incremental: a long run must not be rescanned per character.
        let (mut counted_to, mut line_here) = (0, line);
        while i < text.len() {
            let rest = &text[i..];
            let c = rest.chars().next().unwrap_or(' ');
            line_here += text[counted_to..i].matches('\n').count();
            counted_to = i;
            if matches!(c, '。' | '！' | '？' | '!' | '?') {
                self.sentence_law = None;
            }
            if c == '《' {
                if let Some(close) = rest.find('》') {
                    let name = &rest['《'.len_utf8()..close];
                    if !name.contains('《') && name.chars().count() <= 80 {
                        let after = i + close + '》'.len_utf8();
                        i = self.named_law(text, i, after, name, line_here, &mut links);
                        continue;
                    }
                }
            } else if let Some((name, target)) = self.bare_name_at(rest) {
                let after = i + name.len();
                if is_other_instrument(&text[after..]) {
                    // `道路交通安全法实施条例`: a different instrument, not this law.
                    self.sentence_law = None;
                    i = after;
                    continue;
                }
                if !preceded_by_name_char(text, i) {
                    self.sentence_law = Some(target);
                    i = self.law_with_refs(text, i, after, target, line_here, &mut links);
                    self.alias_clause(text, i, Some(target));
                    if inside_other_title(text, after - name.len()) {
                        self.sentence_law = None;
                    }
                    continue;
                }
            } else if c == '第' {
                if let Some(target) = self.sentence_law {
                    let refs = parse_refs(text, i);
                    if let Some(last) = refs.last() {
                        let end = last.end;
                        self.emit_refs(text, None, &refs, target, line_here, &mut links);
                        i = end;
                        continue;
                    }
                }
            }
            i += c.len_utf8();
        }
        if links.is_empty() {
            return None;
        }
        let mut out = String::with_capacity(text.len() * 2);
        let mut pos = 0;
        for l in &links {
            out.push_str(&escape_text(&text[pos..l.start]));
            out.push_str(&l.html);
            pos = l.end;
        }
        out.push_str(&escape_text(&text[pos..]));
        Some(out)
    }

    /// Notes for the articles first cited in the block that just ended: HTML to place after
    /// the block's closing tag (or before `</li>` / `</td>` in tight lists and tables).
    pub fn end_block(&mut self) -> Option<String> {
        self.sentence_law = None;
        if self.this_law.is_some() {
            self.notes.clear();
        }
        if self.notes.is_empty() {
            return None;
        }
        let mut out = String::new();
        for i in std::mem::take(&mut self.notes) {
            let c = &self.citations[i];
            out.push_str(&format!(
                "<details class=\"law-note\"><summary>《{}》{}</summary><blockquote cite=\"{}\">{}</blockquote></details>\n",
                escape_text(&c.law_short),
                escape_text(&c.article),
                escape_attr(&c.url),
                paragraphs_html(&c.text),
            ));
        }
        Some(out)
    }

    /// The page's citations (de-duplicated, in order of first appearance) and warnings
    /// (sorted by line).
    pub fn finish(self) -> (Vec<Citation>, Vec<Warning>) {
        let mut w = self.warnings;
        w.sort_by_key(|w| w.line);
        (self.citations, w)
    }

    fn bare_name_at<'s>(&self, s: &'s str) -> Option<(&'s str, Target)> {
        if let (Some(t), true) = (self.this_law, s.starts_with("本法")) {
            return Some((&s[..'本'.len_utf8() + '法'.len_utf8()], t));
        }
        let alias = self
            .aliases
            .iter()
            .filter_map(|(a, t)| Some((a, (*t)?)))
            .filter(|(a, _)| s.starts_with(a.as_str()))
            .max_by(|a, b| a.0.len().cmp(&b.0.len()).then(b.0.cmp(a.0)))
            .map(|(a, t)| (&s[..a.len()], t));
        let known = self.lib.name_at(s);
        match (alias, known) {
            (Some(a), Some(k)) if k.0.len() > a.0.len() => Some(k),
            (Some(a), _) => Some(a),
            (None, k) => k,
        }
    }

    /// `Some(Some(law))`, `Some(None)` for an alias of an unknown instrument, `None` when
    /// the name is unknown.
    fn resolve(&self, name: &str) -> Option<Option<Target>> {
        let name = super::normalize_name(name);
        if let Some(t) = self.aliases.get(&name) {
            return Some(*t);
        }
        self.lib
            .lookup(&name)
            .or_else(|| self.lib.lookup(&format!("{}{name}", dict::PRC)))
            .map(Some)
    }

    /// A law named in 《》 at `start..after`. Returns where scanning continues.
    fn named_law(
        &mut self,
        text: &str,
        start: usize,
        after: usize,
        name: &str,
        line: usize,
        links: &mut Vec<Link>,
    ) -> usize {
        match self.resolve(name) {
            Some(Some(target)) => {
                self.sentence_law = Some(target);
                let end = self.law_with_refs(text, start, after, target, line, links);
                self.alias_clause(text, end, Some(target));
                if inside_other_title(text, start) {
                    self.sentence_law = None;
                }
                end
            }
            Some(None) => {
                self.sentence_law = None;
                after
            }
            None => {
                self.sentence_law = None;
                self.alias_clause(text, after, None);
                // Only `…法`/`…法典` names: regulations, rules and interpretations
                // (`《工伤保险条例》`) are many and local; the dictionary cannot know them all.
                if is_statute_name(name) && self.this_law.is_none() {
                    let key = format!("unknown:{name}");
                    self.warn_once(key, line, Msg::new(format!(
                            "《{name}》不在本站的法律库中。如果它是现行法律，可运行 pufa laws import {short} 把它加入本站法律库；否则请检查名称是否写对（可用全称或常用简称）。",
                            short = name.strip_prefix(dict::PRC).unwrap_or(name)
                        ), format!(
                            "law 《{name}》 is not in this site's law library: add it with `pufa laws import {short}`, or check the name",
                            short = name.strip_prefix(dict::PRC).unwrap_or(name)
                        )));
                }
                after
            }
        }
    }

    /// The article references right after a law's name. Returns the end of what was
    /// consumed.
    fn law_with_refs(
        &mut self,
        text: &str,
        start: usize,
        after: usize,
        target: Target,
        line: usize,
        links: &mut Vec<Link>,
    ) -> usize {
        let refs = parse_refs(text, skip_version_note(text, after));
        match refs.last() {
            Some(last) => {
                let end = last.end;
                self.emit_refs(text, Some(start), &refs, target, line, links);
                end
            }
            None => after,
        }
    }

    /// Checks a law whose article is cited: repealed, or not in the site's library. A law
    /// that is only mentioned (`原来的婚姻法、合同法等九部法律同时废止`) is not checked:
    /// there is no citation for staff to correct.
    fn check_cited_law(&mut self, target: Target, line: usize) {
        let full = self.lib.full_name(target).to_string();
        let repealed = dict::repealed(&full).map(|r| (r.date.to_string(), r.replaced_by));
        let page_repealed = self.lib.page(target).is_some_and(|l| l.is_repealed());
        if self.this_law.is_some() {
            // Statute text is not the staff's to correct: a law page warns only about
            // articles that do not exist.
        } else if let Some((date, by)) = repealed {
            let (by_zh, by_en) = match by {
                Some(b) => (
                    format!("，已由《{b}》取代，请改引现行法律"),
                    format!(", replaced by {b}"),
                ),
                None => (String::new(), String::new()),
            };
            self.warn_once(
                format!("repealed:{full}"),
                line,
                Msg::new(
                    format!("《{full}》已于{date}废止{by_zh}。"),
                    format!("{full} was repealed on {date}{by_en}"),
                ),
            );
        } else if page_repealed {
            self.warn_once(
                format!("repealed:{full}"),
                line,
                Msg::new(
                    format!("《{full}》在本站法律库中标记为已废止，请改引现行法律。"),
                    format!("{full} is marked as repealed in the law library"),
                ),
            );
        } else if let Some(law) = self
            .lib
            .page(target)
            .filter(|l| l.is_outdated() && l.amended_articles.is_none())
        {
            // Which articles changed is not known: one warning for the law.
            let version = version_phrase(&law.version_date);
            let message = Msg::new(
                format!(
                    "本站法律库中的《{full}》是{version}文本，此后已被修改，所引条文可能已有变化；请核对现行文本，或导入新版本。"
                ),
                format!("the law library's text of {full} ({}) has since been amended", law.version_date),
            );
            self.warn_once(format!("amended:{full}"), line, message);
        } else if self.lib.page(target).is_none() && !self.lib.is_empty() {
            self.warn_once(format!("missing:{full}"), line, Msg::new(format!(
                    "《{full}》不在本站的法律库中，引用没有加链接；可运行 pufa laws import {short} 把它加入本站法律库。",
                    short = full.strip_prefix(dict::PRC).unwrap_or(&full)
                ), format!("{full} is not in the site's law library; the citation is not linked")));
        }
    }

    /// Records `（以下简称《民法典》）` after a law name.
    fn alias_clause(&mut self, text: &str, at: usize, target: Option<Target>) {
        let rest = &text[at..];
        let Some(body) = rest.strip_prefix('（').or_else(|| rest.strip_prefix('(')) else {
            return;
        };
        let Some(body) = ["以下简称", "以下称", "下称", "简称"]
            .iter()
            .find_map(|p| body.strip_prefix(p))
        else {
            return;
        };
        let Some(close) = body.find(['）', ')']) else {
            return;
        };
        let alias: String = body[..close]
            .trim_start_matches(['：', ':'])
            .chars()
            .filter(|c| !"《》“”\"'‘’ ".contains(*c))
            .collect();
        if (1..=20).contains(&alias.chars().count()) {
            self.aliases.insert(alias, target);
        }
    }

    fn emit_refs(
        &mut self,
        text: &str,
        name_start: Option<usize>,
        refs: &[Ref],
        target: Target,
        line: usize,
        links: &mut Vec<Link>,
    ) {
        if let Some(first) = refs.first() {
            let base = name_start.unwrap_or(first.start);
            self.check_cited_law(target, line + text[base..first.start].matches('\n').count());
        }
        for (k, r) in refs.iter().enumerate() {
            let start = if k == 0 {
                name_start.unwrap_or(r.start)
            } else {
                r.start
            };
            let base = name_start.unwrap_or(refs[0].start);
            let line = line + text[base..r.start].matches('\n').count();
            let mut first_url = None;
            if let Some(from) = r.range_from {
                // Articles strictly inside a range are cited quietly.
                for n in (from + 1)..r.number.min(from + RANGE_MAX) {
                    self.cite(target, n, None, None, line, false);
                }
            }
            if let Some(url) = self.cite(target, r.number, r.sub, r.paragraph, line, true) {
                first_url = Some(url);
            }
            if let Some(url) = first_url {
                links.push(Link {
                    start,
                    end: r.end,
                    html: format!(
                        "<a class=\"law-cite\" href=\"{}\">{}</a>",
                        escape_attr(&url),
                        escape_text(&text[start..r.end])
                    ),
                });
            }
        }
    }

    /// Resolves one article; returns its URL when it is in the library.
    fn cite(
        &mut self,
        target: Target,
        number: u32,
        sub: Option<u32>,
        paragraph: Option<u32>,
        line: usize,
        loud: bool,
    ) -> Option<String> {
        let law = self.lib.page(target)?;
        let label = numerals::article_label(number, sub);
        let Some(article) = law.article(number, sub) else {
            if loud {
                let last = law.last_number().unwrap_or(0);
                let message = if number > last {
                    Msg::new(
                        format!(
                            "《{}》共{}条（最后一条是第{}条），没有{}；请核对条文序号。",
                            law.name,
                            last,
                            numerals::to_chinese(last),
                            label
                        ),
                        format!(
                            "{} has no article {number} (its last article is {last})",
                            law.name
                        ),
                    )
                } else {
                    Msg::new(
                        format!("《{}》中没有找到{}；请核对条文序号。", law.name, label),
                        format!("article {label} not found in {}", law.name),
                    )
                };
                self.warnings.push(Warning { line, message });
            }
            return None;
        };
        if let (true, Some(k)) = (loud, paragraph) {
            // Lines that start with `（一）` are items (项) of the paragraph (款) above.
            let count = article
                .text
                .lines()
                .filter(|l| !l.trim_start().starts_with(['（', '(']))
                .count() as u32;
            if k > count {
                self.warnings.push(Warning {
                    line,
                    message: Msg::new(
                        format!(
                            "《{}》{}只有{}款，没有第{}款；请核对。",
                            law.name,
                            article.label,
                            numerals::to_chinese(count),
                            numerals::to_chinese(k)
                        ),
                        format!(
                            "{} article {number} has {count} paragraph(s), not {k}",
                            law.name
                        ),
                    ),
                });
            }
        }
        if loud && self.this_law.is_none() {
            if let Some(changed) = &law.amended_articles {
                if changed.contains(&number) {
                    let by = law
                        .amended_by
                        .last()
                        .map_or_else(String::new, |b| format!("《{b}》"));
                    let on = if law.amended_on.is_empty() {
                        String::new()
                    } else {
                        format!("（{}）", law.amended_on)
                    };
                    let version = version_phrase(&law.version_date);
                    let zh = format!(
                        "《{}》{}已被{by}{on}修改，本站法律库中是修改前的{version}文本；请核对现行条文。",
                        law.name, article.label
                    );
                    let en = format!(
                        "{} article {number} was amended{} after the library's text ({})",
                        law.name,
                        if law.amended_on.is_empty() {
                            String::new()
                        } else {
                            format!(" on {}", law.amended_on)
                        },
                        law.version_date
                    );
                    self.warn_once(
                        format!("amended:{}:{number}", law.name),
                        line,
                        Msg::new(zh, en),
                    );
                }
            }
        }
        let url = law.article_url(number, sub);
        let key = (law.name.clone(), number, sub);
        if !self.seen.contains_key(&key) {
            self.seen.insert(key, self.citations.len());
            self.notes.push(self.citations.len());
            self.citations.push(Citation {
                law: law.name.clone(),
                law_short: law.short().to_string(),
                article: article.label.clone(),
                number,
                sub,
                paragraph,
                text: article.text.clone(),
                url: url.clone(),
            });
        }
        Some(url)
    }

    fn warn_once(&mut self, key: String, line: usize, message: Msg) {
        if self.warned.insert(key) {
            self.warnings.push(Warning { line, message });
        }
    }
}

/// `2020-12-26版` for a version date, `旧版` when there is none.
fn version_phrase(date: &str) -> String {
    if date.is_empty() {
        "旧版".to_string()
    } else {
        format!("{date}版")
    }
}

/// The 相关法条 block for the end of a page (empty string when there are no citations).
pub fn related_block_html(citations: &[Citation]) -> String {
    if citations.is_empty() {
        return String::new();
    }
    let mut out = String::from(
        "<section class=\"law-related\" aria-labelledby=\"law-related-title\">\n<h2 id=\"law-related-title\">相关法条</h2>\n<dl>\n",
    );
    for c in citations {
        out.push_str(&format!(
            "<dt><a href=\"{}\">《{}》{}</a></dt>\n<dd>{}</dd>\n",
            escape_attr(&c.url),
            escape_text(&c.law),
            escape_text(&c.article),
            paragraphs_html(&c.text)
        ));
    }
    out.push_str("</dl>\n</section>\n");
    out
}

fn paragraphs_html(text: &str) -> String {
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| format!("<p>{}</p>", escape_text(l.trim())))
        .collect()
}

#[cfg(test)]
mod tests;
