//! Zola's template filters and the template functions that do not need the content library.
//!
//! Takes the few site facts they need (site root, theme, base URL, languages, translations, a
//! Markdown renderer supplied by the caller) and returns `tera::Filter` / `tera::Function`
//! objects registered under Zola 0.22's names, with Zola's argument names, defaults, return
//! shapes and error texts, so existing Zola themes render unchanged:
//!
//! * filters: `markdown`, `base64_encode`, `base64_decode`, `regex_replace`, `num_format`;
//! * functions: `get_url` (plain paths; `@/` links through a resolver the caller gives),
//!   `get_hash`, `load_data`, `get_image_metadata`, `resize_image`, `trans`, `now`.
//!   `get_env`, `throw` and `range` are Tera's own built-ins and stay as Tera registers them.
//!
//! Two things differ from Zola on purpose, both for government hosting: every file argument
//! is resolved inside the site folder only (canonicalised, so `..` and links cannot leave it),
//! and `load_data(url=…)` never touches the network. Image resizing is only *queued* while
//! templates render; [`ImageProcessor::process_all`] encodes the queue afterwards in parallel,
//! so a theme that asks for the same thumbnail from every page costs one encode.

mod data_formats;
mod files;
mod filters;
mod image_ops;
mod images;
mod load_data;
mod misc;

use std::collections::HashMap;

use serde::de::DeserializeOwned;
use tera::{Result as TeraResult, Value};

pub use files::{GetHash, GetUrl, PathResolver, SiteFiles, UrlConfig};
pub use filters::{
    base64_decode, base64_encode, MarkdownFilter, MarkdownFn, NumFormatFilter, RegexReplaceFilter,
};
pub use images::{
    GetImageMetadata, ImageError, ImageFormat, ImageProcessor, ResizeImage, ResizeOperation,
    ResizeResponse, RESIZED_SUBDIR,
};
pub use load_data::LoadData;
pub use misc::{Now, Trans, Translations};

/// Registers the filters that need no site data (Zola registers them on its built-in Tera).
pub fn register_static_filters(tera: &mut tera::Tera) {
    tera.register_filter("base64_encode", base64_encode);
    tera.register_filter("base64_decode", base64_decode);
    tera.register_filter("regex_replace", RegexReplaceFilter::new());
}

/// Registers every filter Zola 0.22 adds to Tera: the static ones, `num_format` (default
/// locale = the site's default language) and `markdown` (rendered by `markdown`).
pub fn register_filters(tera: &mut tera::Tera, default_language: &str, markdown: MarkdownFn) {
    register_static_filters(tera);
    tera.register_filter("num_format", NumFormatFilter::new(default_language));
    tera.register_filter("markdown", MarkdownFilter::new(markdown));
}

/// Everything the early (pre-Markdown) functions need to know about the site.
pub struct EarlyFns {
    pub files: SiteFiles,
    pub urls: UrlConfig,
    pub translations: Translations,
    /// Resolves `@/…` paths for `get_url`; `None` makes such links an error.
    pub resolver: Option<PathResolver>,
    pub images: std::sync::Arc<ImageProcessor>,
}

/// Registers `get_url`, `get_hash`, `load_data`, `get_image_metadata`, `resize_image`, `trans`
/// and `now` as Zola's `register_early_global_fns` does (shortcodes may call all of them).
pub fn register_early_functions(tera: &mut tera::Tera, fns: EarlyFns) {
    let EarlyFns {
        files,
        urls,
        translations,
        resolver,
        images,
    } = fns;
    let mut get_url = GetUrl::new(urls, files.clone());
    if let Some(r) = resolver {
        get_url = get_url.with_resolver(r);
    }
    tera.register_function("get_url", get_url);
    tera.register_function("get_hash", GetHash::new(files.clone()));
    tera.register_function("load_data", LoadData::new(files.clone()));
    tera.register_function("get_image_metadata", GetImageMetadata::new(files));
    tera.register_function("resize_image", ResizeImage::new(images));
    tera.register_function("trans", Trans::new(translations));
    tera.register_function("now", Now::at_build_start());
    tera.register_function("range", limited_range);
}

/// The most numbers `range` gives: a million. Tera's own `range` builds the whole list first,
/// so `range(end=100000000)` took gigabytes, and `step_by=0` never ended.
pub const MAX_RANGE: usize = 1_000_000;

/// Tera's `range(start=0, end, step_by=1)`, with a limit on its length and `step_by` > 0.
pub fn limited_range(args: &HashMap<String, Value>) -> TeraResult<Value> {
    let num = |key: &str, default: Option<usize>| -> TeraResult<usize> {
        match args.get(key) {
            Some(v) => serde_json::from_value::<usize>(v.clone()).map_err(|_| {
                tera::Error::msg(format!(
                    "Function `range` received {key}={v} but `{key}` can only be a number"
                ))
            }),
            None => default.ok_or_else(|| {
                tera::Error::msg("Function `range` was called without a `end` argument")
            }),
        }
    };
    let start = num("start", Some(0))?;
    let step = num("step_by", Some(1))?;
    let end = num("end", None)?;
    if start > end {
        return Err(tera::Error::msg(
            "Function `range` was called with a `start` argument greater than the `end` one",
        ));
    }
    if step == 0 {
        return Err(tera::Error::msg(
            "range 的 step_by 不能是 0 (Function `range`: `step_by` must be at least 1)",
        ));
    }
    let len = (end - start).div_ceil(step);
    if len > MAX_RANGE {
        return Err(tera::Error::msg(format!(
            "range 要生成 {len} 个数，超过上限 {MAX_RANGE}；请缩小 end (Function `range` would make {len} numbers, more than {MAX_RANGE})"
        )));
    }
    Ok(Value::Array(
        (start..end).step_by(step).map(Value::from).collect(),
    ))
}

/// Zola's `required_arg!`: a missing or mistyped argument gives `msg`.
pub(crate) fn required_arg<T: DeserializeOwned>(
    args: &HashMap<String, Value>,
    name: &str,
    msg: &str,
) -> tera::Result<T> {
    optional_arg(args, name, msg)?.ok_or_else(|| msg.into())
}

/// Zola's `optional_arg!`: absent is `None`, mistyped gives `msg`.
pub(crate) fn optional_arg<T: DeserializeOwned>(
    args: &HashMap<String, Value>,
    name: &str,
    msg: &str,
) -> tera::Result<Option<T>> {
    match args.get(name) {
        None => Ok(None),
        Some(v) => serde_json::from_value::<T>(v.clone())
            .map(Some)
            .map_err(|_| msg.into()),
    }
}

#[cfg(test)]
pub(crate) mod test_util {
    use std::collections::HashMap;
    use tera::Value;

    /// Builds an argument map from `(name, json)` pairs.
    pub(crate) fn args(pairs: &[(&str, Value)]) -> HashMap<String, Value> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect()
    }

    /// The error text of a Tera error, including its sources.
    pub(crate) fn err_text(e: &tera::Error) -> String {
        let mut s = e.to_string();
        let mut cur = std::error::Error::source(e);
        while let Some(c) = cur {
            s.push_str(" | ");
            s.push_str(&c.to_string());
            cur = c.source();
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;
    use std::sync::Arc;

    #[test]
    fn everything_registers_and_renders_together() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("static")).unwrap();
        std::fs::write(dir.path().join("static/d.toml"), "n = 1234567\n").unwrap();
        let files = SiteFiles::new(dir.path(), None, Path::new("public"));
        let urls = UrlConfig {
            base_url: "https://pf.example.gov.cn".into(),
            default_language: "en".into(),
            other_languages: vec![],
            feed_filenames: vec![],
        };
        let mut translations = Translations {
            default_language: "en".into(),
            ..Default::default()
        };
        translations
            .by_language
            .insert("en".into(), HashMap::from([("hi".into(), "您好".into())]));
        let resolver: PathResolver =
            Arc::new(|p: &str| (p == "@/_index.md").then(|| "https://pf.example.gov.cn/".into()));
        let mut tera = tera::Tera::default();
        register_filters(
            &mut tera,
            "en",
            Box::new(|s: &str, _| Ok(format!("<p>{s}</p>\n"))),
        );
        register_early_functions(
            &mut tera,
            EarlyFns {
                images: Arc::new(ImageProcessor::new(files.clone(), &urls.base_url)),
                files,
                urls,
                translations,
                resolver: Some(resolver),
            },
        );
        let tpl = r##"{% set d = load_data(path="d.toml") %}{{ d.n | num_format }}|{{ trans(key="hi") }}|{{ get_url(path="@/_index.md") }}|{{ get_url(path="d.toml") }}|{{ "*x*" | markdown(inline=true) }}|{{ "aGk=" | base64_decode }}|{{ "a1b2" | regex_replace(pattern="\d", rep="#") }}|{{ get_env(name="PUFA_SURELY_UNSET", default="dflt") }}|{{ now() | length > 10 }}"##;
        tera.add_raw_template("t.html", tpl).unwrap();
        let out = tera.render("t.html", &tera::Context::new()).unwrap();
        assert_eq!(
            out,
            "1,234,567|您好|https://pf.example.gov.cn/|https://pf.example.gov.cn/d.toml|*x*|hi|a#b#|dflt|true"
        );
        tera.add_raw_template("e.html", r#"{{ throw(message="坏了") }}"#)
            .unwrap();
        let e = tera.render("e.html", &tera::Context::new()).unwrap_err();
        assert!(test_util::err_text(&e).contains("坏了"));
    }
}
