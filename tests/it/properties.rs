//! Property tests (a fuzzer that runs on stable, in `cargo test`): the front-matter split, the
//! shortcode scanner, the citation scanner and the whole Markdown stage must never panic or
//! hang on any text, and keep a few simple promises (the split loses no body text, the
//! citation scanner only wraps text in links, offsets map back inside the source).
//!
//! Inputs mix arbitrary Unicode with the fragments these parsers look for (`+++`, `{%`,
//! `第…条`, `》`, list and quote markers), so the cases reach deep into each parser. The case
//! count is small by default; run longer with e.g. `PROPTEST_CASES=200000
//! PROPTEST_MAX_PIECES=200 cargo test --release --test it properties::`. Each input a run found is kept below as a regression test.

use proptest::prelude::*;
use serde_json::{json, Map, Value};

use pufa::law::{Library, Scanner};
use pufa::markdown::shortcode::expand;
use pufa::markdown::{
    render, LineIndex, MarkdownOptions, RenderContext, ShortcodeKind, ShortcodeRenderer, TextHook,
};
use pufa::source::split::split;

/// Fragments the parsers react to.
const PIECES: &[&str] = &[
    "+++",
    "---",
    "\n",
    "\n\n",
    " ",
    "\t",
    "=",
    "\"",
    "title",
    "：",
    "＝",
    "“",
    "”",
    "{{",
    "}}",
    "{%",
    "%}",
    "{{/*",
    "*/}}",
    "{%/*",
    "*/%}",
    "end",
    "note(",
    "md(",
    ")",
    "kind=\"a\"",
    ",",
    "body",
    "《",
    "》",
    "民法典",
    "中华人民共和国民法典",
    "刑法",
    "第",
    "条",
    "款",
    "之一",
    "一千一百六十五",
    "1165",
    "二十",
    "至",
    "、",
    "。",
    "（以下简称《民法典》）",
    "本法",
    "- ",
    "> ",
    "1. ",
    "* ",
    "#",
    "|",
    "---|",
    "`",
    "```",
    "[",
    "]",
    "(",
    "@/a.md",
    "<!-- more -->",
    "[^1]",
    "[^1]: ",
    "**",
    "_",
    "<div>",
    "</div>",
    "&",
    "\u{feff}",
    "é",
    "😀",
];

/// Text made of fragments and arbitrary characters; `PROPTEST_MAX_PIECES` raises `max` for
/// long runs.
fn text(max: usize) -> impl Strategy<Value = String> {
    let max = std::env::var("PROPTEST_MAX_PIECES")
        .ok()
        .and_then(|v| v.parse().ok())
        .map_or(max, |m: usize| m.max(max));
    let piece = prop_oneof![
        3 => proptest::sample::select(PIECES).prop_map(str::to_string),
        1 => any::<char>().prop_map(String::from),
        1 => "[a-z0-9 ]{1,8}",
    ];
    proptest::collection::vec(piece, 0..max).prop_map(|v| v.concat())
}

fn cases(default: u32) -> ProptestConfig {
    // PROPTEST_CASES in the environment overrides the default (proptest reads it itself
    // only for `ProptestConfig::default()`).
    let n = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default);
    ProptestConfig {
        cases: n,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

// ---------------------------------------------------------------------------------------------
// Front-matter split
// ---------------------------------------------------------------------------------------------

/// Checks every promise of one `split` result.
fn check_split(input: &str) {
    match split(input) {
        Ok(s) => {
            assert!(input.ends_with(s.body), "body is not the end of the input");
            let body_at = input.len() - s.body.len();
            if !s.body.is_empty() {
                assert_eq!(
                    s.body_line,
                    input[..body_at].matches('\n').count() + 1,
                    "body_line"
                );
            }
            let fm_at = s.front_matter.as_ptr() as usize - input.as_ptr() as usize;
            assert_eq!(
                s.front_matter_line,
                input[..fm_at].matches('\n').count() + 1,
                "front_matter_line"
            );
            assert!(fm_at + s.front_matter.len() <= body_at);
        }
        Err(e) => {
            assert!(e.line >= 1 && e.line <= input.matches('\n').count() + 1);
            assert!(!e.message.zh.is_empty() && !e.hint.en.is_empty());
        }
    }
}

proptest! {
    #![proptest_config(cases(256))]

    #[test]
    fn split_never_panics(input in text(40)) {
        check_split(&input);
    }

    /// Front matter without delimiter lines, then a body whose first line is not blank:
    /// the body comes back exactly, at the right line.
    #[test]
    fn split_never_loses_body_text(
        toml in proptest::bool::ANY,
        fm_lines in proptest::collection::vec("[a-z =\"0-9：＝]{0,12}", 0..6),
        first in "[^\\s+\\-][^\n]{0,10}",
        rest in text(20),
    ) {
        let delim = if toml { "+++" } else { "---" };
        let fm: String = fm_lines.iter().map(|l| format!("{l}\n")).collect();
        prop_assume!(fm_lines.iter().all(|l| l.trim() != "+++" && l.trim() != "---"));
        let body = format!("{first}{rest}");
        prop_assume!(!body.trim().is_empty());
        let input = format!("{delim}\n{fm}{delim}\n\n{body}");
        let s = split(&input).unwrap();
        prop_assert_eq!(s.front_matter, fm.as_str());
        prop_assert_eq!(s.body, body.as_str());
        prop_assert_eq!(s.body_line, fm_lines.len() + 4);
    }
}

// ---------------------------------------------------------------------------------------------
// Front-matter parsing and its diagnostics
// ---------------------------------------------------------------------------------------------

/// Fragments of TOML and YAML front matter, right and wrong.
const FM_PIECES: &[&str] = &[
    "title",
    "date",
    "draft",
    "slug",
    "path",
    "aliases",
    "template",
    "weight",
    "extra",
    "taxonomies",
    "tags",
    "sort_by",
    "paginate_by",
    "kind",
    "titel",
    "true",
    "1",
    "-1",
    "1e999",
    "2024-05-01",
    "2024-05-01T08:00:00+08:00",
    "2024年5月1日",
    "[extra]",
    "[taxonomies]",
    "[[a]]",
    "[",
    "]",
    "{",
    "}",
    "'",
    "\"",
    "\"\"\"",
    "=",
    " = ",
    ":",
    ": ",
    ",",
    "\n",
    "\t",
    " ",
    "#",
    "＝",
    "：",
    "，",
    "“",
    "”",
    "- ",
    "..",
    "\\",
    "é",
    "民法典",
    "\u{feff}",
];

fn front_matter_text() -> impl Strategy<Value = String> {
    let max = std::env::var("PROPTEST_MAX_PIECES")
        .ok()
        .and_then(|v| v.parse().ok())
        .map_or(40, |m: usize| m.max(40));
    let piece = prop_oneof![
        4 => proptest::sample::select(FM_PIECES).prop_map(str::to_string),
        1 => any::<char>().prop_map(String::from),
        1 => "[a-z0-9 ]{1,8}",
    ];
    let fence = proptest::sample::select(&["+++", "---", "\u{feff}+++", ""][..]);
    (
        fence,
        proptest::collection::vec(piece, 0..max),
        proptest::bool::ANY,
        text(8),
    )
        .prop_map(|(fence, pieces, close, body)| {
            let close = if close {
                format!("\n{}\n", fence.trim_start_matches('\u{feff}'))
            } else {
                String::new()
            };
            format!("{fence}\n{}{close}{body}", pieces.concat())
        })
}

/// Every diagnostic points inside the text, in both languages.
fn check_front_matter(raw: &str) {
    // As the source stage reads a file.
    let (input, _) = pufa::source::decode(raw.as_bytes()).expect("UTF-8 decodes");
    let input = input.as_str();
    let lines = input.matches('\n').count() + 1;
    for diags in pufa::source::front_matter_diagnostics(std::path::Path::new("a.md"), input) {
        assert!(diags.len() <= 51, "{} diagnostics", diags.len());
        for d in diags {
            assert!(d.line <= lines, "line {} of {lines}: {d:?}", d.line);
            assert!(
                !d.message.zh.is_empty() && !d.message.en.is_empty(),
                "{d:?}"
            );
            if d.line > 0 {
                let shown = d.source_line.as_deref().unwrap_or("");
                assert!(
                    d.col <= shown.chars().count() + 2,
                    "col {} in {shown:?}",
                    d.col
                );
            }
        }
    }
}

proptest! {
    #![proptest_config(cases(256))]

    #[test]
    fn front_matter_diagnostics_stay_in_the_text(input in front_matter_text()) {
        check_front_matter(&input);
    }
}

// ---------------------------------------------------------------------------------------------
// Shortcodes
// ---------------------------------------------------------------------------------------------

/// `note` is an HTML shortcode, `md` a Markdown one; both echo their body.
struct Echo;
impl ShortcodeRenderer for Echo {
    fn kind(&self, name: &str) -> Option<ShortcodeKind> {
        match name {
            "note" => Some(ShortcodeKind::Html),
            "md" => Some(ShortcodeKind::Md),
            _ => None,
        }
    }
    fn render(
        &self,
        name: &str,
        _: &Map<String, Value>,
        body: Option<&str>,
        nth: usize,
    ) -> Result<String, String> {
        Ok(format!("[{name}{nth}:{}]", body.unwrap_or("")))
    }
}

fn check_shortcodes(src: &str) {
    let lines = LineIndex::new(src);
    match expand(src, &Echo, &lines) {
        Ok(e) => {
            if !src.contains("{{") && !src.contains("{%") {
                assert_eq!(e.content, src);
            }
            for i in (0..=e.content.len()).step_by(7) {
                assert!(e.map.to_original(i) <= src.len(), "offset {i} maps outside");
            }
            for w in &e.warnings {
                assert!(w.line >= 1 && w.line <= src.matches('\n').count() + 1);
            }
        }
        Err(err) => assert!(err.line >= 1 && err.line <= src.matches('\n').count() + 1),
    }
}

proptest! {
    #![proptest_config(cases(256))]

    #[test]
    fn shortcode_scanner_never_panics(src in text(40)) {
        check_shortcodes(&src);
    }
}

// ---------------------------------------------------------------------------------------------
// Citations
// ---------------------------------------------------------------------------------------------

const CIVIL: &str = "## 第七编 侵权责任\n\n\
**第一千一百六十四条** 本编调整因侵害民事权益产生的民事关系。\n\n\
**第一千一百六十五条** 行为人因过错侵害他人民事权益造成损害的，应当承担侵权责任。\n\n\
依照法律规定推定行为人有过错，其不能证明自己没有过错的，应当承担侵权责任。\n\n\
**第一千二百六十条** 本法自2021年1月1日起施行。\n";

fn small_library() -> Library {
    let civil = json!({"law": {"name": "中华人民共和国民法典", "short_names": ["民法典"]}});
    let (lib, errors) = Library::from_pages([(&civil, CIVIL, "https://x.cn/laws/min-fa-dian/")]);
    assert!(errors.is_empty());
    lib
}

/// The text of `html` with the citation links removed and entities decoded.
fn unlinked(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        out.push_str(&rest[..i]);
        let end = rest[i..].find('>').expect("tag closes") + i;
        let tag = &rest[i..=end];
        assert!(
            tag.starts_with("<a class=\"law-cite\" href=\"") || tag == "</a>",
            "unexpected markup {tag}"
        );
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

fn check_citations(lib: &Library, runs: &[String]) {
    let mut s = Scanner::new(lib);
    for (i, run) in runs.iter().enumerate() {
        if let Some(html) = s.text(run, i + 1) {
            assert_eq!(unlinked(&html), *run, "the scanner changed the text");
        }
        if i % 2 == 1 {
            let _ = s.end_block();
        }
    }
    let (_, warnings) = s.finish();
    assert!(warnings.windows(2).all(|w| w[0].line <= w[1].line));
}

proptest! {
    #![proptest_config(cases(256))]

    #[test]
    fn citation_scanner_keeps_text_and_never_panics(runs in proptest::collection::vec(text(24), 1..4)) {
        check_citations(&Library::new(), &runs);
        check_citations(&small_library(), &runs);
    }
}

// ---------------------------------------------------------------------------------------------
// The whole Markdown stage
// ---------------------------------------------------------------------------------------------

fn options(variant: u8) -> MarkdownOptions {
    MarkdownOptions {
        smart_punctuation: variant & 1 != 0,
        definition_list: variant & 2 != 0,
        github_alerts: variant & 4 != 0,
        bottom_footnotes: variant & 8 != 0,
        render_emoji: variant & 16 != 0,
        external_links_target_blank: variant & 32 != 0,
        internal_link_error: variant & 64 != 0,
        ..MarkdownOptions::default()
    }
}

/// The citation scanner as the Markdown stage's text hook (as the site's own hook does).
struct Cite<'l>(Scanner<'l>);
impl TextHook for Cite<'_> {
    fn text(&mut self, text: &str, line: usize) -> Option<String> {
        self.0.text(text, line)
    }
    fn end_block(&mut self) -> Option<String> {
        self.0.end_block()
    }
}

fn check_markdown(src: &str, variant: u8, lib: &Library) {
    let opts = options(variant);
    let mut ctx = RenderContext::new(&opts);
    ctx.shortcodes = &Echo;
    ctx.current_page_permalink = "https://x.cn/a/";
    ctx.current_page_path = Some("a.md");
    let mut hook = Cite(Scanner::new(lib));
    if variant & 128 != 0 {
        ctx.text_hook = Some(&mut hook);
    }
    match render(src, &mut ctx) {
        Ok(r) => {
            for w in &r.warnings {
                assert!(w.line >= 1);
            }
        }
        Err(e) => assert!(e.line >= 1 && e.line <= src.matches('\n').count() + 1),
    }
}

proptest! {
    #![proptest_config(cases(128))]

    #[test]
    fn markdown_render_never_panics(src in text(60), variant in any::<u8>()) {
        check_markdown(&src, variant, &small_library());
    }
}

// ---------------------------------------------------------------------------------------------
// Regressions: inputs the runs above found (or that broke earlier versions), kept for good.
// ---------------------------------------------------------------------------------------------

#[test]
fn regression_split_edge_cases() {
    for input in [
        "",
        "+++",
        "+++\n",
        "+++\n+++",
        "\n\n+++\n+++\n\n\n",
        "+++x\n",
        "---\n---\n---\n",
        "+++\n+++\n \n \t\n",
        "\u{feff}+++\n+++\n",
        "+++\r\n+++\r\n",
        "é+++\n",
    ] {
        check_split(input);
    }
}

#[test]
fn regression_front_matter_edge_cases() {
    for input in [
        // A lone CR: YAML counted it as a line end, the diagnostics did not.
        "---\ntitle\r\"\"\":\n---\n",
        "+++\ntitle = \"a\"\rdate = 1\n+++\n",
        // YAML ends a line at NEL (U+0085), U+2028 and U+2029 too.
        "---\ntitle\u{85}titletitletitletitletitle:\n---\n",
        "---\na: 1\u{2028}b: [\n---\n",
    ] {
        check_front_matter(input);
    }
}

#[test]
fn regression_shortcode_edge_cases() {
    for src in [
        "{%",
        "{{",
        "{% note() %}",
        "{% end %}",
        "{% note() %}{% md() %}{% end %}",
        "{{/* note() */}}",
        "{%/* note() */%}x{%/* end */%}",
        "{{ note(kind=\"é) }}",
        "{% note(kind=\"a\") %}\n{{ md() }}\n{% end %}{% end %}",
        "{{ note(a=[1,2,{) }}",
    ] {
        check_shortcodes(src);
    }
}

#[test]
fn regression_citation_edge_cases() {
    let lib = small_library();
    for run in [
        "《",
        "《》第",
        "第一千一百六十五条至第",
        "民法典第一千一百六十五条至第一千一百六十四条",
        "民法典第4294967295条",
        "民法典第一千亿条",
        "《民法典》第1165条之",
        "本法第二十条",
        "（以下简称《",
    ] {
        check_citations(&lib, &[run.to_string()]);
    }
}
