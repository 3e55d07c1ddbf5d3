//! Whole-stage tests. Where a case comes from Zola's own test suite, the expected HTML is the
//! Zola 0.22.1 snapshot (components/markdown/tests/snapshots) with only our settings changed.

use super::*;
use std::collections::HashMap;

fn opts() -> MarkdownOptions {
    MarkdownOptions::default()
}

fn render_with(md: &str, o: &MarkdownOptions) -> Result<Rendered, MarkdownError> {
    let mut links = HashMap::new();
    links.insert(
        "pages/about.md".to_string(),
        "https://getzola.org/about/".to_string(),
    );
    let mut ctx = RenderContext::new(o);
    ctx.links = &links;
    render(md, &mut ctx)
}

fn body(md: &str) -> String {
    render_with(md, &opts()).unwrap().body
}

#[test]
fn basic_markdown() {
    assert_eq!(
        body("Hello *world*\n\n- a\n- b"),
        "<p>Hello <em>world</em></p>\n<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n"
    );
}

#[test]
fn chinese_heading_ids_duplicates_and_custom() {
    let r = render_with(
        "# 基本案情\n## 基本案情\n## 法官说法 {#judge .hl}\n### 基本案情",
        &opts(),
    )
    .unwrap();
    assert_eq!(
        r.body,
        "<h1 id=\"ji-ben-an-qing\">基本案情</h1>\n<h2 id=\"ji-ben-an-qing-1\">基本案情</h2>\n\
         <h2 id=\"judge\" class=\"hl\">法官说法</h2>\n<h3 id=\"ji-ben-an-qing-2\">基本案情</h3>\n"
    );
    let mut o = opts();
    o.slugify_anchors = SlugifyAnchors::Safe;
    let r2 = render_with("# 基本 案情", &o).unwrap();
    assert_eq!(r2.body, "<h1 id=\"基本_案情\">基本 案情</h1>\n");
}

#[test]
fn zola_heading_ids_snapshot() {
    let cases = [
        "# Hello",
        "# Hello",
        "# L'écologie et vous",
        "# Hello{#hello}",
        "# Hello {#hello}",
        "# Hello     {#Something_else}",
        "# Workaround for literal {#…&#125;",
        "# Auto {#*matic*}",
        "# ",
        "# ",
        "# [About](@/pages/about.md)",
        "# `hi`",
        "# *hi*",
        "# **hi**",
        "# text [^1] there\n[^1]: footnote",
        "# Classes {#classes .bold .another}",
    ];
    assert_eq!(
        body(&cases.join("\n")),
        r##"<h1 id="hello-1">Hello</h1>
<h1 id="hello-2">Hello</h1>
<h1 id="l-ecologie-et-vous">L'écologie et vous</h1>
<h1 id="hello">Hello</h1>
<h1 id="hello">Hello</h1>
<h1 id="Something_else">Hello</h1>
<h1 id="workaround-for-literal">Workaround for literal {#…}</h1>
<h1 id="*matic*">Auto</h1>
<h1 id=""></h1>
<h1 id="-1"></h1>
<h1 id="about"><a href="https://getzola.org/about/">About</a></h1>
<h1 id="hi"><code>hi</code></h1>
<h1 id="hi-1"><em>hi</em></h1>
<h1 id="hi-2"><strong>hi</strong></h1>
<h1 id="text-there">text <sup class="footnote-reference"><a href="#1">1</a></sup> there</h1>
<div class="footnote-definition" id="1"><sup class="footnote-definition-label">1</sup>
<p>footnote</p>
</div>
<h1 id="classes" class="bold another">Classes</h1>
"##
    );
}

fn with_anchor(md: &str, a: InsertAnchor) -> String {
    let o = opts();
    let mut ctx = RenderContext::new(&o);
    ctx.insert_anchor_links = a;
    render(md, &mut ctx).unwrap().body
}

#[test]
fn zola_anchor_snapshots() {
    let md = "# Hello\n# World\n# Hello!\n# Hello*_()";
    assert_eq!(
        with_anchor(md, InsertAnchor::Left),
        r##"<h1 id="hello"><a class="zola-anchor" href="#hello" aria-label="Anchor link for: hello">🔗</a>Hello</h1>
<h1 id="world"><a class="zola-anchor" href="#world" aria-label="Anchor link for: world">🔗</a>World</h1>
<h1 id="hello-1"><a class="zola-anchor" href="#hello-1" aria-label="Anchor link for: hello-1">🔗</a>Hello!</h1>
<h1 id="hello-2"><a class="zola-anchor" href="#hello-2" aria-label="Anchor link for: hello-2">🔗</a>Hello*_()</h1>
"##
    );
    assert_eq!(
        with_anchor("# Hello", InsertAnchor::Right),
        "<h1 id=\"hello\">Hello<a class=\"zola-anchor\" href=\"#hello\" aria-label=\"Anchor link for: hello\">🔗</a></h1>\n"
    );
    assert_eq!(
        with_anchor("# Hello", InsertAnchor::Heading),
        "<h1 id=\"hello\"><a class=\"zola-anchor\" href=\"#hello\" aria-label=\"Anchor link for: hello\">Hello</a></h1>\n"
    );
}

#[test]
fn custom_anchor_callback_gets_id_and_level() {
    let o = opts();
    let f = |id: &str, level: u32| format!(" ({id} h{level})");
    let mut ctx = RenderContext::new(&o);
    ctx.insert_anchor_links = InsertAnchor::Right;
    ctx.anchor_link = Some(&f);
    assert_eq!(
        render("## 案例", &mut ctx).unwrap().body,
        "<h2 id=\"an-li\">案例 (an-li h2)</h2>\n"
    );
}

#[test]
fn toc_nesting_and_permalinks() {
    let o = opts();
    let mut ctx = RenderContext::new(&o);
    ctx.current_page_permalink = "https://x.cn/a/";
    let r = render("# 一\n## 二\n### 三\n## 四\n# 五", &mut ctx).unwrap();
    assert_eq!(r.toc.len(), 2);
    assert_eq!(r.toc[0].children.len(), 2);
    assert_eq!(r.toc[0].children[0].children[0].title, "三");
    assert_eq!(r.toc[0].children[1].permalink, "https://x.cn/a/#si");
    assert_eq!(r.toc[1].id, "wu");
}

#[test]
fn summary_split_like_zola() {
    for more in [
        "<!-- more -->",
        "<!--more-->",
        "<!-- MORE -->",
        "<!--\t MoRe \t-->",
    ] {
        let r = body_and_summary(&format!(
            "Here's a compelling summary.\n\n{more}\n\nHere's the end."
        ));
        assert_eq!(r.1.as_deref(), Some("<p>Here's a compelling summary.</p>"));
        assert_eq!(
            r.0,
            "<p>Here's a compelling summary.</p>\n<span id=\"continue-reading\"></span>\n<p>Here's the end.</p>\n"
        );
    }
}

fn body_and_summary(md: &str) -> (String, Option<String>) {
    let r = render_with(md, &opts()).unwrap();
    (r.body, r.summary)
}

#[test]
fn summary_inside_list_is_closed_with_cutoff() {
    let (_, s) = body_and_summary("- one <!-- more --> two\n- three");
    assert_eq!(s.as_deref(), Some("<ul>\n<li>one&hellip;</li>\n</ul>\n"));
    let (_, s) = body_and_summary("Text[^1]\n\n<!-- more -->\n\n[^1]: note");
    assert_eq!(s.as_deref(), Some("<p>Text</p>"));
    assert_eq!(body_and_summary("no more here").1, None);
}

struct Sc;
impl ShortcodeRenderer for Sc {
    fn kind(&self, name: &str) -> Option<ShortcodeKind> {
        match name {
            "tip" => Some(ShortcodeKind::Md),
            "video" | "box" => Some(ShortcodeKind::Html),
            _ => None,
        }
    }
    fn render(
        &self,
        name: &str,
        args: &Map<String, Value>,
        body: Option<&str>,
        nth: usize,
    ) -> Result<String, String> {
        match name {
            "tip" => Ok(format!("**提示{nth}**：{}", body.unwrap_or(""))),
            "video" => Ok(format!(
                "<video src=\"{}\"></video>",
                args["src"].as_str().unwrap()
            )),
            "box" => Ok(format!("<div class=\"box\">{}</div>", body.unwrap_or(""))),
            _ => Err("?".into()),
        }
    }
}

fn sc_render(md: &str) -> Result<Rendered, MarkdownError> {
    let o = opts();
    let mut ctx = RenderContext::new(&o);
    ctx.shortcodes = &Sc;
    render(md, &mut ctx)
}

#[test]
fn shortcodes_md_before_html_after() {
    let r = sc_render("{% tip() %}别*信*{% end %}\n\n{{ video(src=\"a.mp4\") }}\n\n看 {{ video(src='b.mp4') }} 这里").unwrap();
    assert_eq!(
        r.body,
        "<p><strong>提示1</strong>：别<em>信</em></p>\n<video src=\"a.mp4\"></video>\n<p>看 <video src=\"b.mp4\"></video> 这里</p>\n"
    );
}

#[test]
fn nested_shortcodes_and_code_blocks() {
    let r = sc_render("{% box() %}\n{{ video(src=\"v\") }}\n{% end %}").unwrap();
    assert_eq!(r.body, "<div class=\"box\"><video src=\"v\"></video></div>");
    let r = sc_render("```\n{{/* video(src=\"x\") */}}\n```").unwrap();
    assert_eq!(
        r.body,
        "<pre><code>{{ video(src=&quot;x&quot;) }}\n</code></pre>\n"
    );
}

#[test]
fn shortcode_errors_have_positions() {
    let e = sc_render("第一行\n\n  {% box() %}\n没有结束").unwrap_err();
    assert_eq!((e.line, e.col), (3, 3));
    let e = sc_render("a\n{{ nope(x=1) }}").unwrap_err();
    assert_eq!((e.line, e.col), (2, 1));
}

#[test]
fn internal_links_ok_unknown_and_collected() {
    let o = opts();
    let mut links = HashMap::new();
    links.insert(
        "pages/about.md".to_string(),
        "https://getzola.org/about/".to_string(),
    );
    let mut ctx = RenderContext::new(&o);
    ctx.links = &links;
    ctx.current_page_permalink = "https://x.cn/p/";
    ctx.current_page_path = Some("p.md");
    let r = render(
        "[rel link](@/pages/about.md)\n[with anchor](@/pages/about.md#cv)\n[abs](https://getzola.org/about/) [img](a.png) [top](#top)",
        &mut ctx,
    )
    .unwrap();
    assert_eq!(
        r.body,
        "<p><a href=\"https://getzola.org/about/\">rel link</a>\n<a href=\"https://getzola.org/about/#cv\">with anchor</a>\n\
         <a href=\"https://getzola.org/about/\">abs</a> <a href=\"https://x.cn/p/a.png\">img</a> <a href=\"https://x.cn/p/#top\">top</a></p>\n"
    );
    assert_eq!(
        r.internal_links,
        vec![
            ("pages/about.md".to_string(), None),
            ("pages/about.md".to_string(), Some("cv".to_string())),
            ("p.md".to_string(), Some("top".to_string())),
        ]
    );
    assert_eq!(
        r.external_links,
        vec!["https://getzola.org/about/".to_string()]
    );

    let e = render("ok\n\n见[民法典](@/laws/nope.md)", &mut ctx).unwrap_err();
    assert_eq!((e.line, e.col), (3, 2));
    assert!(e.message.en.contains("@/laws/nope.md"), "{}", e.message.en);
}

#[test]
fn internal_link_after_md_shortcode_maps_to_original_line() {
    let o = opts();
    let mut ctx = RenderContext::new(&o);
    ctx.shortcodes = &Sc;
    let e = render("{% tip() %}\n多\n行\n{% end %}\n\n[x](@/no.md)", &mut ctx).unwrap_err();
    assert_eq!((e.line, e.col), (6, 1));
}

#[test]
fn external_link_options_like_zola() {
    let mut o = opts();
    o.external_links_target_blank = true;
    o.external_links_no_follow = true;
    o.external_links_no_referrer = true;
    o.external_links_external = true;
    assert_eq!(
        render_with("<https://google.com>", &o).unwrap().body,
        "<p><a rel=\"noopener nofollow noreferrer external\" target=\"_blank\" href=\"https://google.com\">https://google.com</a></p>\n"
    );
    let mut o = opts();
    o.external_links_class = Some("ext".into());
    assert_eq!(
        render_with("[a](http://x.cn \"T\")", &o).unwrap().body,
        "<p><a class=\"ext\" title=\"T\" href=\"http://x.cn\">a</a></p>\n"
    );
}

#[test]
fn lazy_images_like_zola() {
    let mut o = opts();
    o.lazy_async_image = true;
    let md = "![haha](https://example.com/abc.jpg)\n![](https://example.com/abc.jpg)\n![ha\"h>a](https://example.com/abc.jpg)\n![__ha__*ha*](https://example.com/abc.jpg)";
    assert_eq!(
        render_with(md, &o).unwrap().body,
        "<p><img src=\"https://example.com/abc.jpg\" alt=\"haha\" loading=\"lazy\" decoding=\"async\" />\n\
         <img src=\"https://example.com/abc.jpg\" alt=\"\" loading=\"lazy\" decoding=\"async\" />\n\
         <img src=\"https://example.com/abc.jpg\" alt=\"ha&quot;h&gt;a\" loading=\"lazy\" decoding=\"async\" />\n\
         <img src=\"https://example.com/abc.jpg\" alt=\"<strong>ha</strong><em>ha</em>\" loading=\"lazy\" decoding=\"async\" /></p>\n"
    );
}

#[test]
fn github_alerts_and_bottom_footnotes() {
    let mut o = opts();
    o.github_alerts = true;
    assert_eq!(
        render_with("> [!NOTE]\n> alert note", &o).unwrap().body,
        "<blockquote class=\"markdown-alert-note\">\n<p>alert note</p>\n</blockquote>\n"
    );
    let mut o = opts();
    o.bottom_footnotes = true;
    assert_eq!(
        render_with("This text has a footnote[^1]\n [^1]:But it is meaningless.", &o).unwrap().body,
        "<p>This text has a footnote<sup class=\"footnote-reference\" id=\"fr-1-1\"><a href=\"#fn-1\">1</a></sup></p>\n\
         <section class=\"footnotes\">\n<ol class=\"footnotes-list\">\n<li id=\"fn-1\">\n\
         <p>But it is meaningless. <a href=\"#fr-1-1\">↩</a></p>\n</li>\n</ol>\n</section>\n"
    );
}

#[test]
fn smart_punctuation_and_emoji() {
    let mut o = opts();
    o.smart_punctuation = true;
    o.render_emoji = true;
    assert_eq!(
        render_with("\"Hi\" -- :smile:", &o).unwrap().body,
        "<p>“Hi” – 😄</p>\n"
    );
}

#[test]
fn highlighting_inline_and_classes() {
    let mut o = opts();
    o.highlight_code = true;
    let r = render_with("```rust\nlet\n```\n\nafter", &o).unwrap();
    // Zola 0.22's structure: no newline inside `</code></pre>`, pulldown-cmark's before `<p>`.
    assert_eq!(
        r.body,
        "<pre class=\"giallo\" style=\"color: #C0C5CE; background-color: #2B303B;\"><code \
         data-lang=\"rust\"><span class=\"giallo-l\"><span style=\"color: #B48EAD;\">let</span>\
         </span></code></pre>\n<p>after</p>\n"
    );
    o.highlight_theme = "css".into();
    let r = render_with("x\n\n```nosuch\na<b\n```", &o).unwrap();
    assert_eq!(
        r.body,
        "<p>x</p>\n<pre class=\"giallo z-code\"><code data-lang=\"plain\"><span class=\"giallo-l\">\
         <span>a&lt;b</span></span></code></pre>"
    );
    assert_eq!(r.warnings.len(), 1);
    assert_eq!((r.warnings[0].line, r.warnings[0].col), (3, 1));
    let r = render_with("```rust\nfn\n```", &o).unwrap();
    assert_eq!(
        r.body,
        "<pre class=\"giallo z-code\"><code data-lang=\"rust\"><span class=\"giallo-l\"><span \
         class=\"z-source z-rust z-storage z-type z-function z-rust\">fn\
         </span></span></code></pre>"
    );
    o.error_on_missing_language = true;
    assert!(render_with("```nosuch\na\n```", &o).is_err());
    // Highlighting off renders as Zola 0.22 does.
    assert_eq!(
        body("```linenos,py,sh\nx\n```"),
        "<pre><code data-lang=\"py\">x\n</code></pre>\n"
    );
    assert_eq!(
        body("    indented\n"),
        "<pre><code>indented\n</code></pre>\n"
    );
    assert_eq!(
        body("```rust\na<b\n```"),
        "<pre><code data-lang=\"rust\">a&lt;b\n</code></pre>\n"
    );
}

// The output of `zola build` (0.22.1, theme github-dark) for the same fence, colours aside:
// line spans joined by `\n`, padded line numbers from `linenostart`, hidden lines skipped,
// `hl_lines` on the line span, `key=value` as `data-key`, `copy` (second bare word) ignored,
// the empty last line dropped.
#[test]
fn highlighted_block_matches_zola_022_structure() {
    let mut o = opts();
    o.highlight_code = true;
    o.highlight_theme = "base16-ocean-dark".into();
    let md = "```js,linenos,linenostart=9,hl_lines=2,hide_lines=3,name=a b.js,copy\n\
              a\nb\nhidden\nlast\n```";
    let html = render_with(md, &o).unwrap().body;
    let strip = |s: &str| {
        // Drop the token spans, keep the structure.
        let mut out = String::new();
        let mut rest = s;
        while let Some(i) = rest.find("<span style=") {
            out.push_str(&rest[..i]);
            let j = rest[i..].find("</span>").unwrap() + i + 7;
            rest = &rest[j..];
        }
        out.push_str(rest);
        out
    };
    assert_eq!(
        strip(&html),
        "<pre class=\"giallo\" style=\"color: #C0C5CE; background-color: #2B303B;\"><code \
         data-lang=\"javascript\" data-name=\"a b.js\"><span class=\"giallo-l\"><span \
         aria-hidden=\"true\" class=\"giallo-ln\"> 9</span></span>\n<span class=\"giallo-l\" \
         style=\"background-color: #65737E30;\"><span aria-hidden=\"true\" class=\"giallo-ln\">10\
         </span></span>\n<span class=\"giallo-l\"><span aria-hidden=\"true\" class=\"giallo-ln\">12\
         </span></span></code></pre>"
    );
    // A blank line before the end stays, as an empty line span.
    let html = render_with("```\na\n\n```", &o).unwrap().body;
    assert!(
        html.ends_with("<span>a</span></span>\n<span class=\"giallo-l\"></span></code></pre>"),
        "{html}"
    );
}

// Languages giallo knows but syntect's default set lacks are plain text, never an error;
// `data-lang` is giallo's name for them.
#[test]
fn giallo_only_languages_are_plain_not_errors() {
    let mut o = opts();
    o.highlight_code = true;
    o.error_on_missing_language = true;
    for (fence, lang) in [
        ("toml", "toml"),
        ("scss", "scss"),
        ("text", "plain"),
        ("txt", "plain"),
        ("plain", "plain"),
        ("", "plain"),
        ("TOML", "toml"),
        ("sh", "shellscript"),
        ("dockerfile", "docker"),
    ] {
        let r = render_with(&format!("```{fence}\nk = 1\n```"), &o)
            .unwrap_or_else(|e| panic!("{fence}: {e}"));
        assert!(
            r.body.contains(&format!("<code data-lang=\"{lang}\">")),
            "{fence}: {}",
            r.body
        );
        assert!(r.warnings.is_empty(), "{fence}");
    }
    // A giallo alias that syntect knows under another name is still highlighted.
    let r = render_with("```shellscript\necho hi\n```", &o).unwrap();
    assert!(r.body.contains("<span style="), "{}", r.body);
    let e = render_with("```nosuchlang\nx\n```", &o).unwrap_err();
    assert!(e.message.en.contains("nosuchlang"), "{}", e.message.en);
}

#[test]
fn zola_022_theme_names_map_to_syntect_themes() {
    let bg = |name: &str| {
        let mut o = opts();
        o.highlight_code = true;
        o.highlight_theme = name.into();
        let b = render_with("```\nx\n```", &o).unwrap().body;
        b[b.find("background-color: ").unwrap() + 18..b.find(";\"><code").unwrap()].to_string()
    };
    assert_eq!(bg("base16-ocean-dark"), "#2B303B");
    assert_eq!(bg("InspiredGitHub"), "#FFFFFF");
    assert_eq!(bg("github-light"), "#FFFFFF");
    assert_eq!(bg("catppuccin-latte"), "#FFFFFF");
    assert_eq!(bg("solarized-light"), "#FDF6E3");
    assert_eq!(bg("solarized-dark"), "#002B36");
    assert_eq!(bg("dracula"), "#2D2D2D");
    assert_eq!(bg("gruvbox-dark-medium"), "#3B3228");
    for name in [
        "github-dark",
        "github-light",
        "one-dark-pro",
        "catppuccin-mocha",
        "dracula",
        "nord",
        "solarized-dark",
        "solarized-light",
        "base16-ocean-dark",
        "inspired-github",
        "OneHalfDark",
    ] {
        assert!(known_theme(name), "{name}");
    }
    assert!(!known_theme("no-such-theme"));
    assert!(!known_theme(""));
    assert!(!known_theme("css"));
    let css = css_for_theme("github-light").unwrap();
    assert!(css.contains(".z-code {"), "{css}");
    assert!(css_for_theme("no-such-theme").is_none());
}

#[derive(Default)]
struct Recorder {
    seen: Vec<(String, usize)>,
    ends: usize,
}
impl TextHook for Recorder {
    fn text(&mut self, text: &str, line: usize) -> Option<String> {
        self.seen.push((text.to_string(), line));
        // The hook gets raw text and owns the escaping of what it returns.
        text.contains("民法典").then(|| {
            let mut esc = String::new();
            pulldown_cmark_escape::escape_html_body_text(&mut esc, text).unwrap();
            esc.replace("民法典", "<cite>民法典</cite>")
        })
    }
    fn end_block(&mut self) -> Option<String> {
        self.ends += 1;
        None
    }
}

#[test]
fn text_hook_skips_code_links_headings() {
    let o = opts();
    let mut rec = Recorder::default();
    let mut ctx = RenderContext::new(&o);
    ctx.text_hook = Some(&mut rec);
    let r = render(
        "# 民法典标题\n\n依照民法典 `民法典` [民法典](https://a.cn)\n\n```\n民法典\n```\n\n- 项",
        &mut ctx,
    )
    .unwrap();
    assert_eq!(
        r.body,
        "<h1 id=\"min-fa-dian-biao-ti\">民法典标题</h1>\n<p>依照<cite>民法典</cite> <code>民法典</code> \
         <a href=\"https://a.cn\">民法典</a></p>\n<pre><code>民法典\n</code></pre>\n<ul>\n<li>项</li>\n</ul>\n"
    );
    let seen: Vec<_> = rec.seen.iter().map(|(t, l)| (t.as_str(), *l)).collect();
    assert_eq!(seen, vec![("依照民法典 ", 3), (" ", 3), ("项", 9)]);
    assert_eq!(rec.ends, 2);
}

#[test]
fn empty_link_is_error_and_inline_filter() {
    let e = render_with("a\n\n[x]()", &opts()).unwrap_err();
    assert_eq!((e.line, e.col), (3, 1));
    assert_eq!(
        render_inline("**粗** 体", &opts()),
        "<strong>粗</strong> 体"
    );
    let o = opts();
    let mut ctx = RenderContext::new(&o);
    assert_eq!(render_filter("a", &mut ctx, false).unwrap(), "<p>a</p>\n");
}

#[test]
fn line_index_columns_count_chars() {
    let t = "中文\nab中c";
    let li = LineIndex::new(t);
    assert_eq!(li.line_col(t, 0), (1, 1));
    assert_eq!(li.line_col(t, 3), (1, 2));
    assert_eq!(li.line_col(t, t.find('c').unwrap()), (2, 4));
}

#[test]
fn never_panics_on_truncated_input() {
    let src = "# 标题 {#id}\n\n{% box() %}中文 {{ video(src=\"v\", n=[1, 2.5, -3], b=true) }}{% end %}\n<!-- 中文 -->\n[a](#x) ![i](p.png)\n\n```rust,linenos\nfn main() {}\n```\n{{/* x() */}} {%/* y() */%}b{%/* end */%}";
    for (i, _) in src.char_indices() {
        let _ = sc_render(&src[..i]);
        let _ = sc_render(&src[i..]);
    }
    assert!(sc_render(src).is_ok());
}

#[test]
fn text_hook_sees_whole_runs() {
    let o = opts();
    let mut rec = Recorder::default();
    let mut ctx = RenderContext::new(&o);
    ctx.text_hook = Some(&mut rec);
    let r = render("依照[民法典] &amp; 刑法", &mut ctx).unwrap();
    assert_eq!(r.body, "<p>依照[<cite>民法典</cite>] &amp; 刑法</p>\n");
    assert_eq!(rec.seen, vec![("依照[民法典] & 刑法".to_string(), 1)]);
}

/// The templates of Zola's `components/markdown/tests/common.rs` that these cases use.
struct ZolaTestShortcodes;
impl ShortcodeRenderer for ZolaTestShortcodes {
    fn kind(&self, name: &str) -> Option<ShortcodeKind> {
        match name {
            "quote" | "a" | "b" | "ex2" | "with_tabs" => Some(ShortcodeKind::Html),
            "md_passthrough" => Some(ShortcodeKind::Md),
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
        Ok(match name {
            "quote" => format!("<quote>{}</quote>", body.unwrap_or("")),
            "a" | "b" => format!("<p>{name}: {nth}</p>"),
            "ex2" => "2".into(),
            "with_tabs" => "<div>\n\tHello World!\n    </div>".into(),
            _ => body.unwrap_or("").into(),
        })
    }
}

fn zola_sc(md: &str) -> String {
    let o = opts();
    let mut ctx = RenderContext::new(&o);
    ctx.shortcodes = &ZolaTestShortcodes;
    render(md, &mut ctx).unwrap().body
}

// Inputs and expected HTML from Zola 0.22.1's tests/shortcodes.rs snapshots.
#[test]
fn zola_shortcode_snapshots() {
    assert_eq!(
        zola_sc("\n{% quote() %}\nThis is a quote\n{% end %}\n\nHere is another paragraph.\n    "),
        "<quote>This is a quote</quote>\n<p>Here is another paragraph.</p>\n"
    );
    assert_eq!(
        zola_sc("\n{{/* youtube(id=\"w7Ft2ymGmfc\") */}}\n    "),
        "<p>{{ youtube(id=\"w7Ft2ymGmfc\") }}</p>\n"
    );
    assert_eq!(
        zola_sc("\n{{ a() }}\n{{ b() }}\n{{ a() }}\n{{ b() }}\n    "),
        "<p><p>a: 1</p>\n<p>b: 1</p>\n<p>a: 2</p>\n<p>b: 2</p></p>\n"
    );
    assert_eq!(
        zola_sc("<span>{{ ex2(page='') }}</span>\\n**The Book** {{ ex2(page='') }}"),
        "<p><span>2</span>\\n<strong>The Book</strong> 2</p>\n"
    );
    assert_eq!(
        zola_sc("\n* a\n* b\n    {{ with_tabs() }}\n* c\n    {{ with_tabs() }}\n    "),
        "<ul>\n<li>a</li>\n<li>b\n<div>\n\tHello World!\n    </div></li>\n<li>c\n<div>\n\tHello World!\n    </div></li>\n</ul>\n"
    );
}

// Zola 0.22.1 components/content/src/page.rs `strips_footnotes_in_summary` and
// tests/markdown.rs `can_customise_summary_template`.
#[test]
fn zola_summary_cases() {
    let md = "This page use <sup>1.5</sup> and has footnotes, here's one. [^1]\n\nHere's another. [^2]\n\n<!-- more -->\n\nAnd here's another. [^3]\n\n[^1]: This is the first footnote.\n\n[^2]: This is the second footnote.\n\n[^3]: This is the third footnote.";
    let want = "<p>This page use <sup>1.5</sup> and has footnotes, here's one. </p>\n<p>Here's another. </p>";
    for bottom in [false, true] {
        let o = MarkdownOptions {
            bottom_footnotes: bottom,
            ..opts()
        };
        let r = render_with(md, &o).unwrap();
        assert_eq!(r.summary.as_deref(), Some(want));
        let tail = if bottom {
            "<li id=\"fn-3\">\n<p>This is the third footnote. <a href=\"#fr-3-1\">↩</a></p>\n</li>\n</ol>\n</section>\n"
        } else {
            "<div class=\"footnote-definition\" id=\"3\"><sup class=\"footnote-definition-label\">3</sup>\n<p>This is the third footnote.</p>\n</div>\n"
        };
        assert!(r.body.ends_with(tail), "{}", r.body);
    }
    let o = opts();
    let cutoff = |_: &str| " (in en)".to_string();
    let mut ctx = RenderContext::new(&o);
    ctx.summary_cutoff = Some(&cutoff);
    let r = render("Hello <!-- more --> World!", &mut ctx).unwrap();
    assert_eq!(r.summary.as_deref(), Some("<p>Hello (in en)</p>\n"));
}

#[test]
fn all_link_errors_of_a_page_are_reported() {
    let o = opts();
    let mut ctx = RenderContext::new(&o);
    let errs = render_all_errors("[a](@/x.md)\n\n[b]()\n\n[c](@/y.md#z)", &mut ctx).unwrap_err();
    let at: Vec<_> = errs.iter().map(|e| (e.line, e.col)).collect();
    assert_eq!(at, vec![(1, 1), (3, 1), (5, 1)]);
    assert!(
        errs[2].message.zh.contains("content/y.md"),
        "{}",
        errs[2].message.zh
    );
}

#[derive(Default)]
struct CiteHook {
    runs: usize,
}
impl TextHook for CiteHook {
    fn text(&mut self, text: &str, _line: usize) -> Option<String> {
        self.runs += 1;
        let i = text.find("《民法典》")?;
        let (a, b) = text.split_at(i);
        Some(format!(
            "{a}<a class=\"law\" href=\"/laws/mfd/\">《民法典》</a>{}",
            &b["《民法典》".len()..]
        ))
    }
}

/// A typical 以案释法 page, end to end: every part of the output checked. (No newline between
/// an html shortcode and a following heading: Zola writes heading tags as raw HTML too.)
#[test]
fn chinese_case_page_end_to_end() {
    let md = "\
## 基本案情

张某的车位被占用。<!-- more -->李某拒不挪车。

{{ video(src=\"case.mp4\") }}

## 法官说法

依据《民法典》第二百八十八条，见[相关问答](@/qa/parking.md#answer)。

## 法官说法
";
    let o = MarkdownOptions {
        bottom_footnotes: true,
        ..opts()
    };
    let mut links = HashMap::new();
    links.insert(
        "qa/parking.md".to_string(),
        "https://x.cn/qa/parking/".to_string(),
    );
    let mut hook = CiteHook::default();
    let anchor = |id: &str, _: u32| format!("<a href=\"#{id}\">#</a>");
    let mut ctx = RenderContext::new(&o);
    ctx.links = &links;
    ctx.shortcodes = &Sc;
    ctx.text_hook = Some(&mut hook);
    ctx.anchor_link = Some(&anchor);
    ctx.insert_anchor_links = InsertAnchor::Right;
    ctx.current_page_permalink = "https://x.cn/cases/parking/";
    ctx.current_page_path = Some("cases/parking.md");
    let r = render(md, &mut ctx).unwrap();
    assert_eq!(
        r.body,
        "<h2 id=\"ji-ben-an-qing\">基本案情<a href=\"#ji-ben-an-qing\">#</a></h2>\n\
         <p>张某的车位被占用。<span id=\"continue-reading\"></span>李某拒不挪车。</p>\n\
         <video src=\"case.mp4\"></video><h2 id=\"fa-guan-shuo-fa\">法官说法<a href=\"#fa-guan-shuo-fa\">#</a></h2>\n\
         <p>依据<a class=\"law\" href=\"/laws/mfd/\">《民法典》</a>第二百八十八条，见\
         <a href=\"https://x.cn/qa/parking/#answer\">相关问答</a>。</p>\n\
         <h2 id=\"fa-guan-shuo-fa-1\">法官说法<a href=\"#fa-guan-shuo-fa-1\">#</a></h2>\n"
    );
    assert_eq!(
        r.summary.as_deref(),
        Some(
            "<h2 id=\"ji-ben-an-qing\">基本案情<a href=\"#ji-ben-an-qing\">#</a></h2>\n\
             <p>张某的车位被占用。&hellip;</p>\n"
        )
    );
    let ids: Vec<_> = r.toc.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(
        ids,
        ["ji-ben-an-qing", "fa-guan-shuo-fa", "fa-guan-shuo-fa-1"]
    );
    assert_eq!(
        r.toc[1].permalink,
        "https://x.cn/cases/parking/#fa-guan-shuo-fa"
    );
    assert_eq!(
        r.internal_links,
        vec![("qa/parking.md".to_string(), Some("answer".to_string()))]
    );
    assert!(r.warnings.is_empty());
    // 张某…, 李某…, 依据…见, 。
    assert_eq!(hook.runs, 4);
}

// Zola's grammar is `ident "(" kwargs* ")"`: kwargs may follow each other without a comma.
#[test]
fn shortcode_args_without_commas() {
    let r =
        sc_render("{{ video(src=\"a.png\" class=\"b\") }}\n\n{{ video( src='c' ,n=1 x=true) }}")
            .unwrap();
    assert_eq!(
        r.body,
        "<video src=\"a.png\"></video><video src=\"c\"></video>"
    );
    assert!(r.warnings.is_empty(), "{:?}", r.warnings);
    // A trailing, leading or doubled comma, and a leading zero, are not a call (plain text).
    for src in [
        "{{ video(src=\"g\",) }}",
        "{{ video(,src=\"g\") }}",
        "{{ video(src=\"g\",,n=1) }}",
        "{{ video(src=\"g\" n=007) }}",
    ] {
        let r = sc_render(src).unwrap();
        assert!(r.body.starts_with("<p>{{ video("), "{src}: {}", r.body);
        assert_eq!(r.warnings.len(), 1, "{src}");
    }
}

// Regression: a shortcode inside inline code took the next shortcode's output, and every
// later one rendered with the previous one's arguments.
#[test]
fn shortcode_in_inline_code_does_not_shift_later_outputs() {
    let r = sc_render(
        "Text `{{ video(src=\"inline\") }}` here.\n\n{{ video(src=\"one\") }}\n\n\
         {{ video(src=\"two\") }}\n\n```\n{{ video(src=\"code\") }}\n```\n\nand {{ video(src=\"three\") }}",
    )
    .unwrap();
    assert_eq!(
        r.body,
        "<p>Text <code>&lt;video src=\"inline\"&gt;&lt;/video&gt;</code> here.</p>\n\
         <video src=\"one\"></video><video src=\"two\"></video>\
         <pre><code>&lt;video src=&quot;code&quot;&gt;&lt;/video&gt;\n</code></pre>\n\
         <p>and <video src=\"three\"></video></p>\n"
    );
    // An output that has no place (a link address) is reported, and the next one is unharmed.
    let r = sc_render("[x]({{ video(src=\"url\") }}) {{ video(src=\"after\") }}").unwrap();
    assert!(
        r.body.contains("<video src=\"after\"></video>"),
        "{}",
        r.body
    );
    assert!(!r.body.contains("url"), "{}", r.body);
    assert_eq!(r.warnings.len(), 1);
    assert_eq!((r.warnings[0].line, r.warnings[0].col), (1, 5));
}
