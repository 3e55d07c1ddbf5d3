//! The template functions and filters pufa registers on the site's Tera: those shortcodes may
//! call (before the library is rendered) and those that read the frozen library.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use serde_json::Value;
use tera::Tera;

use super::bodies::markdown_options;
use crate::config::Config;
use crate::content::ser::PageValues;
use crate::content::Library;
use crate::markdown::{self, RenderContext};
use crate::templates::fns::{self, EarlyFns, ImageProcessor, SiteFiles, Translations, UrlConfig};
use crate::templates::library_fns::{
    GetPage, GetSection, GetTaxonomy, GetTaxonomyTerm, GetTaxonomyUrl, Shared,
};

/// Functions and filters that do not need the rendered library (shortcodes may call them).
pub fn register_early_functions(
    tera: &mut Tera,
    files: SiteFiles,
    config: &Config,
    lib: &Library,
    images: &Arc<ImageProcessor>,
) {
    let urls = UrlConfig {
        base_url: config.base_url.clone(),
        default_language: config.default_language.clone(),
        other_languages: config.other_language_codes(),
        feed_filenames: config.feed_filenames.clone(),
    };
    let mut by_language: HashMap<String, HashMap<String, String>> = HashMap::new();
    for lang in config.all_language_codes() {
        let map = config
            .language(&lang)
            .map(|l| {
                l.translations
                    .iter()
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect()
            })
            .unwrap_or_default();
        by_language.insert(lang, map);
    }
    let permalinks = Arc::new(lib.permalinks.clone());
    let resolver: fns::LinkResolver = Arc::new(move |link: &str| {
        let rest = link.strip_prefix("@/").unwrap_or(link);
        let (file, anchor) = match rest.split_once('#') {
            Some((f, a)) => (f, Some(a)),
            None => (rest, None),
        };
        permalinks.get(file).map(|p| match anchor {
            Some(a) => format!("{p}#{a}"),
            None => p.clone(),
        })
    });
    fns::register_early_functions(
        tera,
        EarlyFns {
            files,
            urls,
            translations: Translations {
                default_language: config.default_language.clone(),
                by_language,
            },
            resolver: Some(resolver),
            images: images.clone(),
        },
    );
    tera.register_function(
        "get_campaigns",
        crate::campaign::GetCampaigns::new(build_day()),
    );
    tera.register_function("qr_code", QrCode);
    let options = markdown_options(config);
    let filter_links = Arc::new(lib.permalinks.clone());
    fns::register_filters(
        tera,
        &config.default_language,
        Box::new(move |text: &str, inline: bool| {
            let mut ctx = RenderContext::new(&options);
            ctx.links = &*filter_links;
            markdown::render_filter(text, &mut ctx, inline).map_err(|e| e.to_string())
        }),
    );
}

/// The day the build is for: today, or `PUFA_TODAY` (YYYY-MM-DD) so that a test or a
/// rebuild of an old snapshot gets the same "current campaign" every time.
pub fn build_day() -> chrono::NaiveDate {
    std::env::var("PUFA_TODAY")
        .ok()
        .and_then(|d| chrono::NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok())
        .unwrap_or_else(|| chrono::Local::now().date_naive())
}

/// `qr_code(url=…)`: the URL as an SVG QR code, for printed pages and boards.
struct QrCode;

impl tera::Function for QrCode {
    fn call(&self, args: &HashMap<String, Value>) -> tera::Result<Value> {
        match args.get("url") {
            Some(Value::String(url)) => Ok(Value::String(crate::qr::svg(url))),
            _ => Err("`qr_code` requires a `url` argument with a string value".into()),
        }
    }
    fn is_safe(&self) -> bool {
        true
    }
}

/// Functions that read the frozen library.
pub fn register_library_functions(
    tera: &mut Tera,
    _root: &Path,
    config: &Arc<Config>,
    lib: &Arc<Library>,
    values: &Arc<PageValues>,
) {
    let shared = Shared::new(lib.clone(), values.clone(), config.clone());
    tera.register_function("get_page", GetPage(shared.clone()));
    tera.register_function("get_section", GetSection(shared.clone()));
    tera.register_function("get_taxonomy", GetTaxonomy(shared.clone()));
    tera.register_function("get_taxonomy_term", GetTaxonomyTerm(shared.clone()));
    tera.register_function("get_taxonomy_url", GetTaxonomyUrl(shared));
}
