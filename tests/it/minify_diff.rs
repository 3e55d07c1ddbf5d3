//! `minify_html = true` without minify-html: pufa's own minifier (`src/minify/`) must write the
//! bytes minify-html 0.18.1 writes with Zola's settings. Each test minifies inputs both ways
//! (minify-html is a dev-dependency only) and asserts equal bytes:
//!
//! - `demo_site_pages`: every page of the repository's demo site, built by `pufa`;
//! - `fixture_site_pages`: every page of every fixture site under `tests/sites/` that builds;
//! - `repository_html_files`: every `.html` file in the repository as it is (templates with
//!   Tera tags, theme files, fixtures — markup of every kind, half-written included);
//! - `tricky_cases`: broken markup, references, quoting, whitespace rules, SVG, CSS;
//! - `generated_markup`: random sequences of markup fragments (proptest);
//! - `corpus_from_env`: every `.html` under the folders in `PUFA_MINIFY_CORPUS` (built pages
//!   of real Zola themes), when set.

use std::path::Path;

use proptest::prelude::*;

use super::common::{build, read_tree, repo_dir, sites_dir, SiteTest};

/// minify-html as Zola 0.22 calls it.
fn reference(html: &[u8]) -> Vec<u8> {
    let mut cfg = minify_html::Cfg::new();
    cfg.keep_html_and_head_opening_tags = true;
    cfg.minify_css = true;
    cfg.minify_js = false;
    minify_html::minify(html, &cfg)
}

/// The first difference between the two outputs, with some context.
fn diff(ours: &[u8], theirs: &[u8]) -> String {
    let at = ours.iter().zip(theirs).take_while(|(a, b)| a == b).count();
    let from = at.saturating_sub(80);
    format!(
        "differ at byte {at}:\n  pufa:        {:?}\n  minify-html: {:?}",
        String::from_utf8_lossy(&ours[from..(at + 80).min(ours.len())]),
        String::from_utf8_lossy(&theirs[from..(at + 80).min(theirs.len())]),
    )
}

/// Asserts equal output on `html`; `name` says which input failed.
fn assert_same(name: &str, html: &[u8]) {
    let ours = pufa::minify::minify_bytes(html);
    let theirs = reference(html);
    assert!(ours == theirs, "{name}: {}", diff(&ours, &theirs));
}

/// Compares every `.html` file of a built tree; returns how many.
fn compare_tree(label: &str, dir: &Path) -> usize {
    let mut n = 0;
    for (rel, bytes) in read_tree(dir) {
        if rel.ends_with(".html") && std::str::from_utf8(&bytes).is_ok() {
            assert_same(&format!("{label}/{rel}"), &bytes);
            n += 1;
        }
    }
    n
}

#[test]
fn demo_site_pages() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let o = build(repo_dir(), &out, &[]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let n = compare_tree("demo", &out);
    assert!(n > 50, "only {n} pages built");
}

#[test]
fn fixture_site_pages() {
    let mut pages = 0;
    let mut sites = 0;
    let mut names: Vec<_> = std::fs::read_dir(sites_dir())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    for name in names {
        let site = SiteTest::fixture(&name);
        let out = site.tmp().join("public");
        // Fixtures of errors do not build; the others are compared page by page.
        if build(&site, &out, &[]).status.success() {
            pages += compare_tree(&name, &out);
            sites += 1;
        }
    }
    assert!(sites >= 15 && pages >= 100, "{sites} sites, {pages} pages");
}

#[test]
fn repository_html_files() {
    let mut n = 0;
    for dir in [
        "templates",
        "themes",
        "tests/sites",
        "tests/fixtures",
        "src",
    ] {
        let dir = repo_dir().join(dir);
        if !dir.exists() {
            continue;
        }
        for (rel, bytes) in read_tree(&dir) {
            if (rel.ends_with(".html") || rel.ends_with(".htm"))
                && std::str::from_utf8(&bytes).is_ok()
            {
                assert_same(&rel, &bytes);
                n += 1;
            }
        }
    }
    assert!(n > 30, "only {n} files");
}

/// Inputs that reach the corners of minify-html's rules.
const CASES: &[&str] = &[
    "",
    "   ",
    "<!DOCTYPE html><html lang=zh><head><meta charset=utf-8><title> A &amp; B </title></head><body><p>x</p></body></html>",
    "<!doctype  HTML  PUBLIC \"-//W3C//DTD HTML 4.01//EN\"><p>legacy",
    "<!doctype",
    "<html><head></head><body></body></html><html a=b><head><body>",
    "<p>one<p>two<div>three</div><p>four</p>",
    "<ul>\n  <li>a</li>\n  <li>b\n  <li>c</ul>",
    "<dl><dt>a<dd>b<dt>c</dl>",
    "<table><thead><tr><th>a<th>b<tbody><tr><td>1<td>2</table>",
    "<select><optgroup><option>a<option>b<optgroup><option>c</select>",
    "<ruby>漢<rp>(</rp><rt>kan<rp>)</rp></ruby>",
    "<a href=x><p>in a</p></a><video><p>in video</p> </video>",
    "<p>text <b> bold </b> <i>it</i> end </p>",
    "<div>\n\n  <span> a </span>\n\n  <span>b</span>  </div>",
    "<pre>  keep\n   this  <b> too </b>\n</pre><code>  a  b </code><textarea>  x\n y </textarea>",
    "<pre><code class=\"language-rust\">fn main() {\n    println!(\"hi\");\n}\n</code></pre>",
    "<textarea></textarea><title></title><textarea>a</TEXTAREA>b</textarea>",
    "<title>&lt;/title&gt; x</title>",
    "<script>  let a = 1 < 2;  </script><script type=module> import x </script>",
    "<script type=\"text/javascript\">x</script><script type=\"application/ld+json\">  {\"a\": 1}  </script><script type=TEXT/JAVASCRIPT>y</script>",
    "<script>never closed",
    "<style>  body { color : #ff0000 ; margin: 0px 0px 0px 0px }  </style>",
    "<style>.a{color:red}.a{color:blue}@media (max-width: 600px){.b{display:none}}</style>",
    "<style>{{ broken </style><style></style><style>   </style>",
    "<p style=\"color: #FFFFFF; margin : 0 auto ;\">s</p><p style=\"\">e</p><p style=\"{{x}}\">b</p>",
    "<div class=\"  a   b \n c \" id=\"\" title=\"\" data-x=\"\" hidden=\"hidden\" lang=\"\">c</div>",
    "<input type=\"text\" value=\"a b\"><input type=TEXT disabled=\"\"><input type=\"checkbox\" checked>",
    "<button type=\"submit\">a</button><button type=\" Submit \">b</button><form method=\"get\" action=\"/x\"></form>",
    "<a href=\"a&amp;b\" title='it&#39;s \"q\"'>x</a><a title=\"&quot;&quot;'\">y</a><a title=\"a=b`c<d>e\">z</a>",
    "<a href='x' href='y' HREF=z>dup</a>",
    "<img src=a.png alt=\"\"/><br/><hr /><img src=\"b c.png\" alt='a \"b\"'>",
    "<svg viewBox=\"0 0 10 10\"><path d=\"M 0 0   L 10 10\"/><circle r=1 /><g> <title> t </title> </g><text> a  b </text></svg>",
    "<svg><foreignObject><div> x </div></foreignObject><style>.a{fill:red}</style><script>1</script></svg>",
    "<math><mi>x</mi></math>",
    "a &amp; b &lt; c &gt; d &quot; e &apos; f &nbsp; g &copy h &notit; i &amp j &#38; k &#x26; l &#0; m &#99999999; n &#x110000; o &#X41; p &#;",
    "&ampx &amp;x &AMP; &Amp; &lt3 &gt= &#65 &#x41 &#x; &#a &",
    "<a href=\"?a=1&copy=2&amp=3&lt;=4\">q</a><a title=\"&copy=\">c</a><a title=\"&copy\">d</a><a title='&notin'>e</a>",
    "≫⃒ ≪⃒ <a title=\"≫⃒\">x</a>",
    "<p>a<!-- comment -->b<!--[if IE]>x<![endif]--><!-->c<!--- -->d<!-- unclosed",
    "<!-- a --><!DOCTYPE html><!x y><?xml version=\"1.0\"?><?php echo 1; ?><? unclosed",
    "</p></div></span>text</ br></>after</",
    "<div><span>a</div>b</span>",
    "<p>a</br>b</img>c</p>",
    "<P CLASS=X>Upper</P><DIV ID=Y>z</DIV>",
    "<a\nhref\n=\n\"x\"\n>y</a><a href = 'z' / >w</a><a/b/c=d/>v</a><a =x>u</a>",
    "<div a=\"unterminated>x</div>",
    "<div a='unterminated",
    "<div a=",
    "<div",
    "<",
    "a < b <= c <3 <= > <!",
    "<p>x</p>\n<p>y</p>\n<ul><li>a</li></ul>\n<p>z</p>",
    "<body><p>last</p></body>",
    "<head><title>t</title></head><body>b",
    "<html><body><p>a</p></body></html>\n",
    "<noscript><p>no</p></noscript><template><p>t</p> </template>",
    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><meta name=description content=\" a  b \">",
    "<iframe width=\"300\" height=\"150\" frameborder=\"1\" loading=\"eager\" src=x></iframe><img decoding=auto loading=eager referrerpolicy=no-referrer-when-downgrade src=y>",
    "<link rel=stylesheet type=\"text/css\" href=a.css><style type=\"text/css\" media=\"all\">a{b:c}</style>",
    "<a target=\"_self\" href=x>s</a><area shape=\"rect\"><col span=\"1\"><colgroup span=1></colgroup>",
    "<div>中文  内容\n 第一条　 全角空格</div><p> 《民法典》 第 1165 条 </p>",
    "<p>\u{a0}nbsp\u{a0} </p><p>\u{3000}</p>",
    "<h1> Title <small> sub </small> </h1><h2 id=\"an-zhuang\">安装</h2>",
    "<blockquote>\n<p>quote</p>\n</blockquote>\n<hr>\n<p>after</p>",
    "<details><summary> s </summary> body </details>",
    "<p>a</p><!-- x --><p>b</p>",
    "<span>a</span><!-- x --> <span>b</span>",
    "<x-custom a=b>  c  </x-custom><my:tag>d</my:tag>",
    "{{ page.title }} {% if x %}<p>{{ y | safe }}</p>{% endif %} {# c #}",
];

#[test]
fn tricky_cases() {
    for case in CASES {
        assert_same(case, case.as_bytes());
    }
}

/// Fragments for generated markup.
const PIECES: &[&str] = &[
    "<",
    ">",
    "</",
    "/>",
    "<!--",
    "-->",
    "<!",
    "<?",
    "?>",
    "<!doctype html>",
    "=",
    "\"",
    "'",
    " ",
    "  ",
    "\n",
    "\t",
    "&",
    "&amp;",
    "&lt;",
    "&#",
    "&#x",
    "1",
    "a",
    "x",
    ";",
    "&copy",
    "&notin;",
    "`",
    "html",
    "head",
    "body",
    "p",
    "div",
    "span",
    "li",
    "ul",
    "dt",
    "dd",
    "tr",
    "td",
    "th",
    "table",
    "pre",
    "code",
    "textarea",
    "title",
    "script",
    "style",
    "svg",
    "path",
    "option",
    "select",
    "a",
    "b",
    "meta",
    "br",
    "img",
    "input",
    " class=",
    " id=",
    " style=",
    " type=",
    " href=",
    " hidden",
    " name=viewport",
    " content=",
    "color:red",
    "margin: 0px",
    "{",
    "}",
    ":",
    "中文",
    "\u{a0}",
    "\u{3000}",
    "≫⃒",
];

fn markup() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        6 => proptest::sample::select(PIECES).prop_map(str::to_string),
        1 => any::<char>().prop_map(String::from),
        1 => "[a-z0-9 ]{1,6}",
    ];
    proptest::collection::vec(piece, 0..60).prop_map(|v| v.concat())
}

fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2000);
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config())]
    #[test]
    fn generated_markup(html in markup()) {
        let ours = pufa::minify::minify_bytes(html.as_bytes());
        let theirs = reference(html.as_bytes());
        prop_assert!(ours == theirs, "{:?}: {}", html, diff(&ours, &theirs));
    }
}

/// `PUFA_MINIFY_CORPUS=DIR[:DIR…]`: every `.html` below those folders (e.g. sites built by real
/// Zola themes, kept outside the repository).
#[test]
fn corpus_from_env() {
    let Some(dirs) = std::env::var_os("PUFA_MINIFY_CORPUS") else {
        return;
    };
    let mut n = 0;
    for dir in std::env::split_paths(&dirs) {
        n += compare_tree(&dir.display().to_string(), &dir);
    }
    assert!(n > 0, "no .html under PUFA_MINIFY_CORPUS");
}
