//! The site's law library: built from the pages and sections that carry `[extra.law]`, before
//! Markdown is rendered, so that citations in every body can link to the articles.

use std::path::Path;

use serde_json::Value;

use crate::content::Library;
use crate::diagnostics::{Diagnostic, Diagnostics, Msg};

/// The site's law library, from the pages and sections that carry `[extra.law]` (a big law
/// is a section, its overview, with one page per part). A law page it cannot read is a
/// warning in `diags`.
pub fn law_library(lib: &Library, root: &Path, diags: &mut Diagnostics) -> crate::law::LawLibrary {
    let sections = lib.sections.iter().map(|s| {
        (
            &s.meta.extra,
            std::borrow::Cow::Borrowed(&*s.raw_content),
            &s.permalink,
        )
    });
    // A page's source may be in the spill file (`pufa build`): read only the law pages'.
    let pages = lib
        .pages
        .iter()
        .enumerate()
        .filter(|(_, p)| p.meta.extra.contains_key("law"))
        .map(|(i, p)| (&p.meta.extra, lib.page_raw(i), &p.permalink));
    let law_pages: Vec<(Value, std::borrow::Cow<str>, &str)> = sections
        .chain(pages)
        .filter(|(extra, _, _)| extra.contains_key("law"))
        .map(|(extra, body, permalink)| (Value::Object(extra.clone()), body, permalink.as_str()))
        .collect();
    let (laws, errors) = crate::law::LawLibrary::from_pages(
        law_pages
            .iter()
            .map(|(extra, body, permalink)| (extra, body.as_ref(), *permalink)),
    );
    let warnings: Vec<Diagnostic> = errors
        .into_iter()
        .map(|e| {
            Diagnostic::warning(
                root.join("content/laws"),
                0,
                0,
                Msg::new(e.to_string(), e.to_string()),
            )
        })
        .collect();
    diags.extend(warnings);
    laws
}
