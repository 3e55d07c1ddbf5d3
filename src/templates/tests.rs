//! Tests of the template stage: panics and import positions, term-page detection, and the
//! built-in templates (`src/templates/builtins/`) rendered with small contexts shaped like the
//! ones Zola gives them, checking the exact output.

use std::path::Path;

use serde_json::json;
use tera::{Context, Tera};

use super::fns::{GetUrl, SiteFiles, UrlConfig};
use super::may_read_term_pages;

#[test]
fn a_panic_inside_the_template_engine_becomes_an_error_naming_the_template() {
    let r: Result<(), tera::Error> = super::without_panic("page.html", || panic!("boom"));
    let e = super::error_chain(&r.unwrap_err());
    assert!(e.contains("`page.html`") && e.contains("boom"), "{e}");
    // Nested and repeated uses still work, and ordinary results pass through.
    let ok = super::without_panic("a", || super::without_panic("b", || Ok(1)));
    assert_eq!(ok.unwrap(), 1);
}

#[test]
fn import_positions_are_found() {
    let src = "x\n  {% import 'm/a.html' as a %}\n{% import \"b.html\" as b %}";
    assert_eq!(super::import_position(src, "m/a.html"), Some((2, 6)));
    assert_eq!(super::import_position(src, "b.html"), Some((3, 4)));
    assert_eq!(super::import_position(src, "c.html"), None);
}

#[test]
fn term_pages_use_is_detected_conservatively() {
    assert!(!may_read_term_pages(
        "<h1>{{ term.name }}</h1>{{ term.page_count }} {{ terms }}"
    ));
    assert!(!may_read_term_pages(
        "{% for p in paginator.pages %}{{ p.title }}{% endfor %}"
    ));
    assert!(may_read_term_pages("{% for p in term.pages %}{% endfor %}"));
    assert!(may_read_term_pages("{{ term | json_encode }}"));
    assert!(may_read_term_pages("{% set t = term %}"));
    assert!(may_read_term_pages("{{ term[\"pages\"] }}"));
    assert!(!may_read_term_pages("{{ determined }} {{ t.term }}"));
    assert!(!may_read_term_pages(
        "{% for term in terms %}{{ term.name }}{% endfor %}"
    ));
}

const BUILTINS: &[(&str, &str)] = &[
    ("404.html", include_str!("builtins/404.html")),
    ("atom.xml", include_str!("builtins/atom.xml")),
    ("rss.xml", include_str!("builtins/rss.xml")),
    ("sitemap.xml", include_str!("builtins/sitemap.xml")),
    ("robots.txt", include_str!("builtins/robots.txt")),
    (
        "split_sitemap_index.xml",
        include_str!("builtins/split_sitemap_index.xml"),
    ),
    (
        "anchor-link.html",
        include_str!("builtins/anchor-link.html"),
    ),
    (
        "summary-cutoff.html",
        include_str!("builtins/summary-cutoff.html"),
    ),
    (
        "internal/alias.html",
        include_str!("builtins/internal/alias.html"),
    ),
    (
        "default_tpl.html",
        include_str!("builtins/default_tpl.html"),
    ),
];

fn tera() -> Tera {
    let mut t = Tera::default();
    t.add_raw_templates(BUILTINS.to_vec()).unwrap();
    let urls = UrlConfig {
        base_url: "https://pf.example.gov.cn".into(),
        default_language: "zh".into(),
        other_languages: vec![],
        feed_filenames: vec!["atom.xml".into()],
    };
    let files = SiteFiles::new(Path::new("/nonexistent-site"), None, Path::new("public"));
    t.register_function("get_url", GetUrl::new(urls, files));
    t
}

fn feed_context() -> Context {
    let mut c = Context::new();
    c.insert(
        "config",
        &json!({"title": "司法所普法", "description": "以案释法 & 法律知识", "base_url": "https://pf.example.gov.cn", "author": null}),
    );
    c.insert("lang", "zh");
    c.insert("feed_url", "https://pf.example.gov.cn/atom.xml");
    c.insert("last_updated", "2024-03-02T08:00:00+08:00");
    c.insert(
        "pages",
        &json!([
            {"title": "民法典<入门>", "date": "2024-03-02", "updated": null, "lang": "zh", "authors": ["张三"],
             "permalink": "https://pf.example.gov.cn/a/?x=1&y=2", "summary": "<p>摘要</p>", "content": "<p>全文</p>"},
            {"title": "第二篇", "date": "2024-03-01T10:00:00+08:00", "updated": "2024-03-05", "lang": "zh", "authors": [],
             "permalink": "https://pf.example.gov.cn/b/", "summary": null, "content": "<p>全文2</p>"}
        ]),
    );
    c
}

#[test]
fn atom_feed() {
    let out = tera().render("atom.xml", &feed_context()).unwrap();
    let expected = r#"<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="zh">
    <title>司法所普法</title>
    <subtitle>以案释法 &amp; 法律知识</subtitle>
    <link rel="self" type="application/atom+xml" href="https://pf.example.gov.cn/atom.xml"/>
    <link rel="alternate" type="text/html" href="https://pf.example.gov.cn"/>
    <generator uri="https://www.getzola.org/">Zola</generator>
    <updated>2024-03-02T08:00:00+08:00</updated>
    <id>https://pf.example.gov.cn/atom.xml</id>
    <entry xml:lang="zh">
        <title>民法典&lt;入门&gt;</title>
        <published>2024-03-02T00:00:00+00:00</published>
        <updated>2024-03-02T00:00:00+00:00</updated>
        
        <author>
          <name>
            张三
          </name>
        </author>
        
        <link rel="alternate" type="text/html" href="https://pf.example.gov.cn/a/?x=1&y=2"/>
        <id>https://pf.example.gov.cn/a/?x=1&y=2</id>
        
        <summary type="html">&lt;p&gt;摘要&lt;&#x2F;p&gt;</summary>
        
    </entry>
    <entry xml:lang="zh">
        <title>第二篇</title>
        <published>2024-03-01T10:00:00+08:00</published>
        <updated>2024-03-05T00:00:00+00:00</updated>
        
        <author>
          <name>
            
              Unknown
            
          </name>
        </author>
        
        <link rel="alternate" type="text/html" href="https://pf.example.gov.cn/b/"/>
        <id>https://pf.example.gov.cn/b/</id>
        
        <content type="html" xml:base="https://pf.example.gov.cn/b/">&lt;p&gt;全文2&lt;&#x2F;p&gt;</content>
        
    </entry>
</feed>
"#;
    assert_eq!(out, expected);
}

#[test]
fn rss_feed_with_section_and_term() {
    let mut c = feed_context();
    c.insert(
        "section",
        &json!({"title": "案例", "permalink": "https://pf.example.gov.cn/cases/"}),
    );
    c.insert("term", &json!({"name": "宪法"}));
    c.insert(
        "pages",
        &json!([{"title": "T", "date": "2024-03-01T10:00:00+08:00", "authors": [],
        "permalink": "https://pf.example.gov.cn/a&b/", "summary": null, "content": "C"}]),
    );
    let out = tera().render("rss.xml", &c).unwrap();
    let expected = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss xmlns:atom="http://www.w3.org/2005/Atom" version="2.0">
    <channel>
      <title>司法所普法 - 宪法</title>
      <link>https://pf.example.gov.cn/cases/</link>
      <description>以案释法 &amp; 法律知识</description>
      <generator>Zola</generator>
      <language>zh</language>
      <atom:link href="https://pf.example.gov.cn/atom.xml" rel="self" type="application/rss+xml"/>
      <lastBuildDate>Sat, 02 Mar 2024 08:00:00 +0800</lastBuildDate>
      <item>
          <title>T</title>
          <pubDate>Fri, 01 Mar 2024 10:00:00 +0800</pubDate>
          <author>Unknown</author>
          <link>https://pf.example.gov.cn/a&amp;b/</link>
          <guid>https://pf.example.gov.cn/a&amp;b/</guid>
          <description xml:base="https://pf.example.gov.cn/a&amp;b/">C</description>
      </item>
    </channel>
</rss>
"#;
    assert_eq!(out, expected);
}

#[test]
fn sitemaps() {
    let mut c = Context::new();
    c.insert(
        "entries",
        &json!([{"permalink": "https://pf.example.gov.cn/", "updated": null},
                {"permalink": "https://pf.example.gov.cn/a/?q=1&r=2", "updated": "2024-03-05"}]),
    );
    let out = tera().render("sitemap.xml", &c).unwrap();
    let expected = r#"<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
    <url>
        <loc>https://pf.example.gov.cn/</loc>
    </url>
    <url>
        <loc>https://pf.example.gov.cn/a/?q=1&amp;r=2</loc>
        <lastmod>2024-03-05</lastmod>
    </url>
</urlset>
"#;
    assert_eq!(out, expected);

    let mut c = Context::new();
    c.insert(
        "sitemaps",
        &[
            "https://pf.example.gov.cn/sitemap1.xml",
            "https://pf.example.gov.cn/sitemap2.xml",
        ],
    );
    let out = tera().render("split_sitemap_index.xml", &c).unwrap();
    let expected = r#"<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
    <sitemap>
        <loc>https:&#x2F;&#x2F;pf.example.gov.cn&#x2F;sitemap1.xml</loc>
    </sitemap>
    <sitemap>
        <loc>https:&#x2F;&#x2F;pf.example.gov.cn&#x2F;sitemap2.xml</loc>
    </sitemap>
</sitemapindex>
"#;
    assert_eq!(out, expected);
}

#[test]
fn small_templates() {
    let t = tera();
    assert_eq!(
        t.render("robots.txt", &Context::new()).unwrap(),
        "User-agent: *\nDisallow:\nAllow: /\nSitemap: https://pf.example.gov.cn/sitemap.xml\n"
    );
    assert_eq!(
        t.render("404.html", &Context::new()).unwrap(),
        "<!doctype html>\n<title>404 Not Found</title>\n<h1>404 Not Found</h1>\n"
    );
    let mut c = Context::new();
    c.insert("id", "第一条");
    assert_eq!(
        t.render("anchor-link.html", &c).unwrap(),
        "<a class=\"zola-anchor\" href=\"#第一条\" aria-label=\"Anchor link for: 第一条\">🔗</a>"
    );
    assert_eq!(
        t.render("summary-cutoff.html", &Context::new()).unwrap(),
        "&hellip;\n"
    );
    let mut c = Context::new();
    c.insert("url", "https://pf.example.gov.cn/new/");
    let alias = t.render("internal/alias.html", &c).unwrap();
    assert!(
        alias.starts_with("<!doctype html>\n<meta charset=\"utf-8\">\n<title>Redirect</title>\n")
    );
    assert_eq!(alias.matches("https://pf.example.gov.cn/new/").count(), 3);
    assert!(alias.contains(
        "<meta http-equiv=\"refresh\" content=\"0; url=https://pf.example.gov.cn/new/\">"
    ));
    let mut c = Context::new();
    c.insert("filename", "page.html");
    c.insert(
        "url",
        "https://www.getzola.org/documentation/templates/pages-sections/#page-variables",
    );
    let page = t.render("default_tpl.html", &c).unwrap();
    assert!(page.contains("<b>page.html</b>"));
}
