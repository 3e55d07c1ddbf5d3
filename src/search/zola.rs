//! Zola-compatible search index (`search_index.<lang>.js|json`) for Zola themes that ship
//! Zola's own search script: elasticlunr (via `elasticlunr-rs`, as Zola does) or Fuse.js.
//!
//! Zola builds Chinese elasticlunr indexes only with its `indexing-zh` feature; pufa always
//! can, with the same jieba `cut_for_search` tokenizer and `trimmer-zh` / `stopWordFilter-zh`
//! / `stemmer-zh` pipeline names (so lunr.zh.js loads it), but using pufa's dictionary.

use elasticlunr::lang::common::RegexTrimmer;
use elasticlunr::pipeline::{FnWrapper, Pipeline};
use elasticlunr::{IndexBuilder, Language};
use serde::Serialize;

use super::SearchDoc;

/// Zola's `[search] index_format`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ZolaFormat {
    ElasticlunrJson,
    #[default]
    ElasticlunrJavascript,
    FuseJson,
    FuseJavascript,
}

/// Zola's `[search]` options that shape the index.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ZolaSearchOptions {
    pub format: ZolaFormat,
    pub include_title: bool,
    pub include_content: bool,
    pub truncate_content_length: Option<usize>,
    pub include_description: bool,
    pub include_date: bool,
    pub include_path: bool,
}

impl Default for ZolaSearchOptions {
    fn default() -> Self {
        ZolaSearchOptions {
            format: ZolaFormat::default(),
            include_title: true,
            include_content: true,
            truncate_content_length: None,
            include_description: false,
            include_date: false,
            include_path: false,
        }
    }
}

#[derive(Clone)]
struct Chinese;

impl Language for Chinese {
    fn name(&self) -> String {
        "Chinese".into()
    }
    fn code(&self) -> String {
        "zh".into()
    }
    fn tokenize(&self, text: &str) -> Vec<String> {
        super::segment::cut_for_search(text)
    }
    fn make_pipeline(&self) -> Pipeline {
        Pipeline {
            queue: vec![
                Box::new(RegexTrimmer::new(
                    "trimmer-zh",
                    r"\p{Unified_Ideograph}\p{Latin}",
                )),
                Box::new(FnWrapper("stopWordFilter-zh".into(), |t: String| {
                    (t != "的" && t != "了").then_some(t)
                })),
                Box::new(FnWrapper("stemmer-zh".into(), Some)),
            ],
        }
    }
}

/// `elasticlunr.min.js` (elasticlunr 0.9.5 as published on npm, MIT, by Oliver Nightingale and
/// Wei Song), written beside an elasticlunr index as Zola does (Zola ships a 0.9.6 build with
/// the same API); themes load it from the site root.
pub const ELASTICLUNR_JS: &str = include_str!("elasticlunr.min.js");

/// The text Zola indexes for a page's HTML: ammonia with no tags allowed, so tags and
/// comments go, the contents of `<script>`, `<style>` and `<pre>` (code blocks) go with
/// them, entities are decoded and the text is written back as HTML text (`&` → `&amp;`,
/// `<` → `&lt;`, `>` → `&gt;`, no-break space → `&nbsp;`).
pub fn zola_body_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        push_text(&mut out, &rest[..lt]);
        rest = &rest[lt..];
        if let Some(comment) = rest.strip_prefix("<!--") {
            rest = comment.find("-->").map_or("", |e| &comment[e + 3..]);
            continue;
        }
        let after = &rest[1..];
        let starts_tag = after
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '/' || c == '!' || c == '?');
        if !starts_tag {
            push_text(&mut out, "<");
            rest = after;
            continue;
        }
        let Some(gt) = rest.find('>') else {
            rest = "";
            break;
        };
        let tag = &rest[1..gt];
        rest = &rest[gt + 1..];
        let name: String = tag
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        if matches!(name.as_str(), "script" | "style" | "pre") && !tag.ends_with('/') {
            let end = format!("</{name}");
            let lower = rest.to_ascii_lowercase();
            rest = match lower.find(&end) {
                Some(i) => rest[i..].find('>').map_or("", |g| &rest[i + g + 1..]),
                None => "",
            };
        } else if matches!(
            name.as_str(),
            "noscript" | "noembed" | "noframes" | "xmp" | "iframe" | "textarea" | "title"
        ) && !tag.ends_with('/')
        {
            // html5ever reads these as text, tags and all (`<noscript><strong>…`: Zola
            // indexes `&lt;strong&gt;…`); `textarea` and `title` decode entities.
            let end = format!("</{name}");
            let lower = rest.to_ascii_lowercase();
            let (inner, after) = match lower.find(&end) {
                Some(i) => (
                    &rest[..i],
                    rest[i..].find('>').map_or("", |g| &rest[i + g + 1..]),
                ),
                None => (rest, ""),
            };
            if matches!(name.as_str(), "textarea" | "title") {
                push_text(&mut out, inner);
            } else {
                escape_text(&mut out, inner);
            }
            rest = after;
        }
    }
    push_text(&mut out, rest);
    out
}

/// Decodes entities in `text` and writes it back escaped as html5ever writes text.
fn push_text(out: &mut String, text: &str) {
    let mut decoded = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        decoded.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let semi = rest.as_bytes()[..rest.len().min(32)]
            .iter()
            .position(|&b| b == b';');
        let name = semi.map(|s| &rest[1..s]);
        let c = name.and_then(|n| {
            if n == "nbsp" {
                Some('\u{a0}')
            } else {
                super::normalize::decode_entity(n)
            }
        });
        match (c, semi) {
            (Some(c), Some(s)) => {
                decoded.push(c);
                rest = &rest[s + 1..];
            }
            _ => {
                decoded.push('&');
                rest = &rest[1..];
            }
        }
    }
    decoded.push_str(rest);
    escape_text(out, &decoded);
}

/// Writes `text` escaped as html5ever writes a text node.
fn escape_text(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\u{a0}' => out.push_str("&nbsp;"),
            c => out.push(c),
        }
    }
}

/// Zola's tokenizer for the `path` field: split on blanks, `-` and `/`, lower case.
fn path_tokenizer(text: &str) -> Vec<String> {
    text.split(|c: char| c.is_whitespace() || c == '-' || c == '/')
        .filter(|s| !s.is_empty())
        .map(|s| s.trim().to_lowercase())
        .collect()
}

/// Zola's body cleaning on plain text: blanks collapsed per line, empty lines dropped,
/// optionally cut to `n` characters.
fn clean_body(body: &str, truncate: Option<usize>) -> String {
    let mut s = body
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n");
    if let Some(n) = truncate {
        if let Some((i, _)) = s.char_indices().nth(n) {
            s.truncate(i);
        }
    }
    s
}

/// Builds Zola's search index for the documents of one language, as the single file Zola
/// writes: `("search_index.<lang>.js" | ".json", bytes)`; the `.js` form is
/// `window.searchIndex = <json>` like Zola's. `url` is the document ref; `SearchDoc::path`
/// and `date` feed `include_path` / `include_date`. `None` when elasticlunr has no language
/// `lang` (Zola fails the build then). Elasticlunr formats also need `elasticlunr.min.js`
/// at the output root, vendored here as `elasticlunr.min.js` (npm `elasticlunr` 0.9.5, MIT).
pub fn zola_index(
    docs: &[SearchDoc],
    lang: &str,
    opts: &ZolaSearchOptions,
) -> Option<(String, Vec<u8>)> {
    let (js, json) = match opts.format {
        ZolaFormat::ElasticlunrJson | ZolaFormat::ElasticlunrJavascript => {
            let language: Box<dyn Language> = if lang.eq_ignore_ascii_case("zh") {
                Box::new(Chinese)
            } else {
                elasticlunr::lang::from_code(lang)?
            };
            let mut b = IndexBuilder::with_language(language);
            let mut fields = Vec::new();
            for (on, name) in [
                (opts.include_title, "title"),
                (opts.include_description, "description"),
                (opts.include_date, "date"),
                (opts.include_path, "path"),
                (opts.include_content, "body"),
            ] {
                if on {
                    fields.push(name);
                    b = if name == "path" {
                        b.add_field_with_tokenizer(name, Box::new(path_tokenizer))
                    } else {
                        b.add_field(name)
                    };
                }
            }
            let mut index = b.build();
            for d in docs {
                // As Zola: a page without a date has no date value, so the values after it
                // move up one field.
                let row: Vec<String> = fields
                    .iter()
                    .filter_map(|f| match *f {
                        "title" => Some(d.title.clone()),
                        "description" => Some(d.description.clone()),
                        "date" => d.date.clone(),
                        "path" => Some(d.path.clone()),
                        _ => Some(clean_body(&d.body, opts.truncate_content_length)),
                    })
                    .collect();
                index.add_doc(&d.url, row);
            }
            (
                opts.format == ZolaFormat::ElasticlunrJavascript,
                index.to_json(),
            )
        }
        ZolaFormat::FuseJson | ZolaFormat::FuseJavascript => {
            #[derive(Serialize)]
            struct Item<'a> {
                url: &'a str,
                #[serde(skip_serializing_if = "Option::is_none")]
                title: Option<&'a str>,
                #[serde(skip_serializing_if = "Option::is_none")]
                description: Option<&'a str>,
                #[serde(skip_serializing_if = "Option::is_none")]
                body: Option<String>,
                #[serde(skip_serializing_if = "Option::is_none")]
                path: Option<&'a str>,
            }
            let items: Vec<Item> = docs
                .iter()
                .map(|d| Item {
                    url: &d.url,
                    title: opts.include_title.then_some(d.title.as_str()),
                    description: opts.include_description.then_some(d.description.as_str()),
                    body: opts
                        .include_content
                        .then(|| clean_body(&d.body, opts.truncate_content_length)),
                    path: opts.include_path.then_some(d.path.as_str()),
                })
                .collect();
            (
                opts.format == ZolaFormat::FuseJavascript,
                serde_json::to_string(&items).ok()?,
            )
        }
    };
    let (ext, text) = if js {
        ("js", format!("window.searchIndex = {json}"))
    } else {
        ("json", json)
    };
    Some((format!("search_index.{lang}.{ext}"), text.into_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(url: &str, title: &str, body: &str) -> SearchDoc {
        SearchDoc {
            url: url.into(),
            title: title.into(),
            body: body.into(),
            ..Default::default()
        }
    }

    #[test]
    fn noscript_and_other_raw_text_elements_are_text_as_ammonia_reads_them() {
        // tabi's mermaid shortcode; Zola 0.22.1 indexes the tags inside `<noscript>` as text.
        assert_eq!(
            zola_body_text("<p>A</p><noscript><strong>JS &amp; more</strong></noscript><p>B</p>"),
            "A&lt;strong&gt;JS &amp;amp; more&lt;/strong&gt;B"
        );
        assert_eq!(
            zola_body_text("<textarea>x &amp; <b>y</b></textarea>z"),
            "x &amp; &lt;b&gt;y&lt;/b&gt;z"
        );
        assert_eq!(zola_body_text("<script>a<b</script>c<pre>d</pre>e"), "ce");
    }

    #[test]
    fn elasticlunr_zh_index_has_jieba_words() {
        let docs = [
            doc("https://x/a/", "正当防卫", "正当防卫不负刑事责任。"),
            doc("https://x/b/", "Hi", "hello  world\n\n x"),
        ];
        let (name, bytes) = zola_index(&docs, "zh", &ZolaSearchOptions::default()).unwrap();
        assert_eq!(name, "search_index.zh.js");
        let text = String::from_utf8(bytes).unwrap();
        let json: serde_json::Value =
            serde_json::from_str(text.strip_prefix("window.searchIndex = ").unwrap()).unwrap();
        assert_eq!(json["fields"], serde_json::json!(["title", "body"]));
        assert_eq!(json["ref"], "id");
        assert_eq!(json["lang"], "Chinese");
        assert_eq!(
            json["documentStore"]["docs"]["https://x/b/"]["body"],
            "hello world\nx"
        );
        // The legal word is one token: trie 正 → 当 → 防 → 卫 holds the doc.
        let node = &json["index"]["title"]["root"]["正"]["当"]["防"]["卫"];
        assert_eq!(node["docs"]["https://x/a/"]["tf"], 1.0);
    }

    #[test]
    fn fuse_json_matches_zola_shape() {
        let docs = [doc("https://x/a/", "标题", "正文")];
        let opts = ZolaSearchOptions {
            format: ZolaFormat::FuseJson,
            include_path: true,
            ..Default::default()
        };
        let (name, bytes) = zola_index(&docs, "zh", &opts).unwrap();
        assert_eq!(name, "search_index.zh.json");
        assert_eq!(
            String::from_utf8(bytes).unwrap(),
            r#"[{"url":"https://x/a/","title":"标题","body":"正文","path":""}]"#
        );
    }

    #[test]
    fn unknown_language_is_none() {
        assert!(zola_index(&[], "xx", &ZolaSearchOptions::default()).is_none());
    }
}
