//! Listed pages carry only the fields templates read from them (src/templates/usage.rs):
//! whatever a template does read from a listed page must still be there, through loops,
//! macros, `set`, siblings and `get_section`.

use std::fs;

use crate::common::{build, stderr, SiteTest};

#[test]
fn every_field_a_template_reads_from_a_listed_page_is_there() {
    let site = SiteTest::empty();
    let w = |rel: &str, text: &str| site.write(rel, text);
    w(
        "config.toml",
        "base_url = \"https://example.org\"\ntitle = \"t\"\n",
    );
    w("content/_index.md", "+++\n+++\n");
    w(
        "content/news/_index.md",
        "+++\ntitle = \"新闻\"\nsort_by = \"date\"\npaginate_by = 5\n+++\n",
    );
    for (i, body) in ["甲正文", "乙正文", "丙正文"].iter().enumerate() {
        w(
            &format!("content/news/p{i}.md"),
            &format!(
                "+++\ntitle = \"第{i}篇\"\ndate = 2024-01-0{}\ndescription = \"描述{i}\"\n+++\n{body}\n",
                i + 1
            ),
        );
    }
    w(
        "templates/macros.html",
        "{% macro card(item) %}<i>{{ item.description }}</i>{% endmacro card %}",
    );
    w(
        "templates/section.html",
        "{% import \"macros.html\" as m %}\
         {% for p in paginator.pages %}<li>{{ p.title }}|{{ p.content | safe }}|{{ m::card(item=p) }}</li>{% endfor %}",
    );
    w(
        "templates/page.html",
        "{{ page.title }}|{% if page.lower %}{{ page.lower.content | safe }}{% endif %}|\
         {% if page.higher %}{{ page.higher.content | safe }}{% endif %}",
    );
    w(
        "templates/index.html",
        "{% set s = get_section(path=\"news/_index.md\") %}\
         {% for p in s.pages %}[{{ p.word_count }}]{% endfor %}",
    );
    let out = site.tmp().join("public");
    let o = build(&site, &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let read = |rel: &str| fs::read_to_string(out.join(rel)).unwrap();

    let list = read("news/index.html");
    for (i, body) in ["甲正文", "乙正文", "丙正文"].iter().enumerate() {
        assert!(
            list.contains(&format!("第{i}篇|<p>{body}</p>\n|<i>描述{i}</i>")),
            "{list}"
        );
    }
    // The middle page's siblings are the other two, with their content.
    let middle = read("news/p1/index.html");
    assert!(middle.starts_with("第1篇|"), "{middle}");
    for body in ["甲正文", "丙正文"] {
        assert!(middle.contains(&format!("<p>{body}</p>")), "{middle}");
    }
    assert_eq!(read("index.html"), "[3][3][3]");
}

/// The pagers of one term share one context (built once per run of pagers, since `term.pages`
/// may hold every page of the term); each must still see its own `paginator`, `current_url`
/// and `current_path`, and every one the whole `term.pages`, as in Zola.
#[test]
fn pagers_of_a_term_each_see_their_own_pager_and_the_whole_term() {
    let site = SiteTest::empty();
    let w = |rel: &str, text: &str| site.write(rel, text);
    w(
        "config.toml",
        "base_url = \"https://example.org\"\ntitle = \"t\"\n\
         taxonomies = [{ name = \"tags\", paginate_by = 1 }]\n",
    );
    w("content/_index.md", "+++\n+++\n");
    w(
        "content/news/_index.md",
        "+++\ntitle = \"新闻\"\nsort_by = \"date\"\n+++\n",
    );
    let n = 40;
    for i in 0..n {
        w(
            &format!("content/news/p{i:02}.md"),
            &format!(
                "+++\ntitle = \"第{i:02}篇\"\ndate = 2024-01-01T00:{i:02}:00Z\n\
                 [taxonomies]\ntags = [\"law\"]\n+++\n正文\n"
            ),
        );
    }
    w("templates/index.html", "");
    w("templates/section.html", "");
    w("templates/page.html", "");
    w("templates/taxonomy_list.html", "");
    w(
        "templates/taxonomy_single.html",
        "{{ current_path | safe }}|{{ current_url | safe }}|{{ paginator.current_index }}|\
         {% for p in paginator.pages %}{{ p.title }}{% endfor %}|\
         {% for p in term.pages %}{{ p.title }},{% endfor %}",
    );
    let out = site.tmp().join("public");
    let o = build(&site, &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    // Newest first (sort_by = "date").
    let all: String = (0..n).rev().map(|i| format!("第{i:02}篇,")).collect();
    for k in 1..=n {
        let (rel, path) = if k == 1 {
            ("tags/law/index.html".to_string(), "/tags/law/".to_string())
        } else {
            (
                format!("tags/law/page/{k}/index.html"),
                format!("/tags/law/page/{k}/"),
            )
        };
        let html = fs::read_to_string(out.join(&rel)).unwrap();
        let title = format!("第{:02}篇", n - k);
        let expected = format!("{path}|https://example.org{path}|{k}|{title}|{all}");
        assert_eq!(html, expected, "{rel}");
    }
}

/// The taxonomy list's `terms` carries each term's pages only when a template may read them
/// (src/templates/usage.rs, `terms_pages_read`): a list that shows names and counts gets the
/// same page as before, and one that lists a term's pages, directly or from an included
/// template inside the loop, still gets every page.
#[test]
fn taxonomy_list_terms_keep_their_pages_exactly_when_a_template_reads_them() {
    let lists = [
        (
            "{% for t in terms %}[{{ t.name }}|{{ t.slug }}|{{ t.page_count }}|{{ t.permalink | safe }}]{% endfor %}",
            None,
            "[民法|min-fa|2|https://example.org/tags/min-fa/][刑法|xing-fa|1|https://example.org/tags/xing-fa/]",
        ),
        (
            "{% for t in terms %}[{{ t.name }}:{% for p in t.pages %}{{ p.title }},{% endfor %}]{% endfor %}",
            None,
            "[民法:第二篇,第一篇,][刑法:第二篇,]",
        ),
        (
            "{% for t in terms %}{% include \"term-card.html\" %}{% endfor %}",
            Some("[{{ t.name }}:{{ t.pages | length }}:{{ t.pages[0].title }}]"),
            "[民法:2:第二篇][刑法:1:第二篇]",
        ),
    ];
    for (list, card, expected) in lists {
        let site = SiteTest::empty();
        let w = |rel: &str, text: &str| site.write(rel, text);
        w(
            "config.toml",
            "base_url = \"https://example.org\"\ntitle = \"t\"\n\
             taxonomies = [{ name = \"tags\" }]\n",
        );
        w("content/_index.md", "+++\n+++\n");
        w(
            "content/news/_index.md",
            "+++\ntitle = \"新闻\"\nsort_by = \"date\"\n+++\n",
        );
        w(
            "content/news/a.md",
            "+++\ntitle = \"第一篇\"\ndate = 2024-01-01\n[taxonomies]\ntags = [\"民法\"]\n+++\n正文\n",
        );
        w(
            "content/news/b.md",
            "+++\ntitle = \"第二篇\"\ndate = 2024-01-02\n[taxonomies]\ntags = [\"民法\", \"刑法\"]\n+++\n正文\n",
        );
        for t in [
            "index.html",
            "section.html",
            "page.html",
            "taxonomy_single.html",
        ] {
            w(&format!("templates/{t}"), "");
        }
        w("templates/taxonomy_list.html", list);
        if let Some(card) = card {
            w("templates/term-card.html", card);
        }
        let out = site.tmp().join("public");
        let o = build(&site, &out, &[]);
        assert!(o.status.success(), "{}", stderr(&o));
        let html = fs::read_to_string(out.join("tags/index.html")).unwrap();
        assert_eq!(html, expected, "{list}");
    }
}

/// A term template that lists `paginator.pages`, and `term.pages` only where there is no
/// paginator (a common theme pattern): the pagers of a paginated taxonomy never take that
/// branch, so they get `term.pages` empty; the same template for a taxonomy without
/// pagination still lists every page of the term.
#[test]
fn term_pages_read_only_without_a_paginator_are_still_there_without_one() {
    let site = SiteTest::empty();
    let w = |rel: &str, text: &str| site.write(rel, text);
    w(
        "config.toml",
        "base_url = \"https://example.org\"\ntitle = \"t\"\n\
         taxonomies = [{ name = \"tags\", paginate_by = 2 }, { name = \"laws\" }]\n",
    );
    w("content/_index.md", "+++\n+++\n");
    w("content/news/_index.md", "+++\nsort_by = \"date\"\n+++\n");
    for i in 1..=3 {
        w(
            &format!("content/news/p{i}.md"),
            &format!(
                "+++\ntitle = \"第{i}篇\"\ndate = 2024-01-0{i}\n\
                 [taxonomies]\ntags = [\"民法\"]\nlaws = [\"民法典\"]\n+++\n正文\n"
            ),
        );
    }
    for t in [
        "index.html",
        "section.html",
        "page.html",
        "taxonomy_list.html",
    ] {
        w(&format!("templates/{t}"), "");
    }
    w(
        "templates/taxonomy_single.html",
        "{{ term.name }}({{ term.page_count }}):\
         {% if paginator %}{{ paginator.current_index }}/{% for p in paginator.pages %}{{ p.title }},{% endfor %}\
         {% else %}{% for p in term.pages %}{{ p.title }},{% endfor %}{% endif %}",
    );
    let out = site.tmp().join("public");
    let o = build(&site, &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let read = |rel: &str| fs::read_to_string(out.join(rel)).unwrap();
    assert_eq!(read("tags/min-fa/index.html"), "民法(3):1/第3篇,第2篇,");
    assert_eq!(read("tags/min-fa/page/2/index.html"), "民法(3):2/第1篇,");
    assert_eq!(
        read("laws/min-fa-dian/index.html"),
        "民法典(3):第3篇,第2篇,第1篇,"
    );
}

/// A section's feed gets its section with every page when a feed template may read
/// `section.pages` (directly or through a template it includes), and the section's title and
/// permalink in any case.
#[test]
fn section_feeds_keep_the_section_pages_exactly_when_a_feed_template_reads_them() {
    let feeds = [
        (
            "{{ section.title }}|{{ section.permalink | safe }}|{% for p in pages %}{{ p.title }},{% endfor %}",
            None,
            "新闻|https://example.org/news/|第二篇,第一篇,",
        ),
        (
            "{{ section.title }}:{% for p in section.pages %}{{ p.title }},{% endfor %}",
            None,
            "新闻:第二篇,第一篇,",
        ),
        (
            "{{ section.title }}{% include \"feed-part.html\" %}",
            Some("[{{ section.pages | length }}:{{ section.pages[0].title }}]"),
            "新闻[2:第二篇]",
        ),
    ];
    for (feed, part, expected) in feeds {
        let site = SiteTest::empty();
        let w = |rel: &str, text: &str| site.write(rel, text);
        w(
            "config.toml",
            "base_url = \"https://example.org\"\ntitle = \"t\"\n",
        );
        w("content/_index.md", "+++\n+++\n");
        w(
            "content/news/_index.md",
            "+++\ntitle = \"新闻\"\nsort_by = \"date\"\ngenerate_feeds = true\n+++\n",
        );
        w(
            "content/news/a.md",
            "+++\ntitle = \"第一篇\"\ndate = 2024-01-01\n+++\n正文\n",
        );
        w(
            "content/news/b.md",
            "+++\ntitle = \"第二篇\"\ndate = 2024-01-02\n+++\n正文\n",
        );
        for t in ["index.html", "section.html", "page.html"] {
            w(&format!("templates/{t}"), "");
        }
        w("templates/atom.xml", feed);
        if let Some(part) = part {
            w("templates/feed-part.html", part);
        }
        let out = site.tmp().join("public");
        let o = build(&site, &out, &[]);
        assert!(o.status.success(), "{}", stderr(&o));
        let xml = fs::read_to_string(out.join("news/atom.xml")).unwrap();
        assert_eq!(xml, expected, "{feed}");
    }
}

/// `get_section` of a section too large to keep its full value between calls (more than
/// 1,000 pages) gives every page, in order, at every call.
#[test]
fn get_section_of_a_large_section_lists_every_page_at_every_call() {
    let site = SiteTest::empty();
    let w = |rel: &str, text: &str| site.write(rel, text);
    w(
        "config.toml",
        "base_url = \"https://example.org\"\ntitle = \"t\"\n",
    );
    w("content/_index.md", "+++\n+++\n");
    w(
        "content/big/_index.md",
        "+++\ntitle = \"大\"\nsort_by = \"weight\"\n+++\n",
    );
    let n = 1_001;
    for i in 0..n {
        w(
            &format!("content/big/p{i}.md"),
            &format!("+++\ntitle = \"第{i}条\"\nweight = {i}\n+++\n"),
        );
    }
    for t in ["section.html", "page.html"] {
        w(&format!("templates/{t}"), "");
    }
    let list = "{% set s = get_section(path=\"big/_index.md\") %}{{ s.pages | length }}:\
                {{ s.pages[0].title }}:{{ s.pages | last | get(key=\"title\") }}";
    w("templates/index.html", &format!("{list}|{list}"));
    let out = site.tmp().join("public");
    let o = build(&site, &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let html = fs::read_to_string(out.join("index.html")).unwrap();
    assert_eq!(html, "1001:第0条:第1000条|1001:第0条:第1000条");
}
