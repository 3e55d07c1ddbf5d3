//! Template functions that read the content library: `get_page`, `get_section`,
//! `get_taxonomy`, `get_taxonomy_term`, `get_taxonomy_url`, and `get_url` for `@/` links.
//!
//! They hold the frozen library behind an `Arc` (no lock), and memoise the values they hand
//! out: themes call `get_section` from every page, and a section's value is built once.

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use serde_json::{json, Value};
use tera::{Function, Result as TeraResult};

use crate::config::Config;
use crate::content::ser::{section_value, term_value, PageValues, SectionMode};
use crate::content::{Library, Taxonomy};
use crate::slugs::slugify_paths;

/// The largest section whose full value (`get_section` without `metadata_only`) is kept
/// between calls.
const KEPT_FULL_SECTION_PAGES: usize = 1_000;

/// What every library function shares.
pub struct Shared {
    pub lib: Arc<Library>,
    pub values: Arc<PageValues>,
    pub config: Arc<Config>,
    sections_full: Vec<OnceLock<Value>>,
    sections_meta: Vec<OnceLock<Value>>,
    /// `kind-lang` → slugified term name → permalink, for `get_taxonomy_url`.
    term_urls: OnceLock<HashMap<String, HashMap<String, String>>>,
    /// The content folder as file paths start (`./content/`): `page.translations` give a
    /// file's whole path, and Zola's `get_page` takes that too.
    content_prefix: Option<String>,
}

impl Shared {
    pub fn new(lib: Arc<Library>, values: Arc<PageValues>, config: Arc<Config>) -> Arc<Shared> {
        let n = lib.sections.len();
        let content_prefix = lib
            .pages
            .iter()
            .map(|p| (&p.file.path, &p.file.relative))
            .chain(
                lib.sections
                    .iter()
                    .map(|s| (&s.file.path, &s.file.relative)),
            )
            .find_map(|(path, rel)| {
                let path = path.to_string_lossy().replace('\\', "/");
                path.strip_suffix(rel.as_str()).map(str::to_string)
            })
            .filter(|p| !p.is_empty());
        Arc::new(Shared {
            lib,
            values,
            config,
            sections_full: (0..n).map(|_| OnceLock::new()).collect(),
            sections_meta: (0..n).map(|_| OnceLock::new()).collect(),
            term_urls: OnceLock::new(),
            content_prefix,
        })
    }

    /// A page's or section's path from `content/`, also when given as its whole file path.
    fn relative<'p>(&self, path: &'p str) -> std::borrow::Cow<'p, str> {
        if let Some(prefix) = &self.content_prefix {
            let unix = path.replace('\\', "/");
            if let Some(rest) = unix.strip_prefix(prefix.as_str()) {
                return rest.to_string().into();
            }
        }
        path.into()
    }

    /// A section's value, made once. A large section in full is made at each call instead:
    /// it holds a copy of every page it lists (at 200,000 pages, each of four sections of a
    /// home page's `get_section` held 50,000 until the end of the build), and making it
    /// costs about what copying the kept one does.
    pub fn section(&self, id: usize, mode: SectionMode) -> Value {
        let section = &self.lib.sections[id];
        let make = || section_value(&self.lib, Some(&self.values), section, mode);
        let cell = if mode != SectionMode::Full {
            &self.sections_meta[id]
        } else if section.pages.len() <= KEPT_FULL_SECTION_PAGES {
            &self.sections_full[id]
        } else {
            return make();
        };
        cell.get_or_init(make).clone()
    }

    fn find_taxonomy(&self, kind: &str, lang: &str) -> Option<&Taxonomy> {
        self.lib
            .taxonomies
            .iter()
            .find(|t| t.kind.name == kind && t.lang == lang)
    }

    /// `path` with the language code inserted before the extension (`a.md` → `a.fr.md`).
    fn path_with_lang(&self, path: &str, lang: Option<&str>) -> TeraResult<String> {
        match lang {
            None => Ok(path.to_string()),
            Some(l) if l == self.config.default_language => Ok(path.to_string()),
            Some(l) => Ok(match path.rfind('.') {
                Some(i) => format!("{}.{}{}", &path[..i], l, &path[i..]),
                None => format!("{path}.{l}"),
            }),
        }
    }
}

fn str_arg(args: &HashMap<String, Value>, name: &str, fname: &str) -> TeraResult<Option<String>> {
    match args.get(name) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(format!("`{fname}`: `{name}` must be a string").into()),
    }
}

fn required_str(args: &HashMap<String, Value>, name: &str, fname: &str) -> TeraResult<String> {
    str_arg(args, name, fname)?
        .ok_or_else(|| format!("`{fname}` requires a `{name}` argument with a string value").into())
}

fn bool_arg(args: &HashMap<String, Value>, name: &str, fname: &str) -> TeraResult<Option<bool>> {
    match args.get(name) {
        None => Ok(None),
        Some(Value::Bool(b)) => Ok(Some(*b)),
        Some(_) => Err(format!("`{fname}`: `{name}` must be a boolean (true or false)").into()),
    }
}

pub struct GetPage(pub Arc<Shared>);
impl Function for GetPage {
    fn call(&self, args: &HashMap<String, Value>) -> TeraResult<Value> {
        let path = required_str(args, "path", "get_page")?;
        let lang = str_arg(args, "lang", "get_section")?;
        // pufa extension: `required=false` gives null for a missing page, so that a theme
        // can link to a page only when the site has it.
        let required = bool_arg(args, "required", "get_page")?.unwrap_or(true);
        let full = self
            .0
            .path_with_lang(&self.0.relative(&path), lang.as_deref())?;
        match self.0.lib.by_relative.get(&full) {
            Some(crate::content::Entry::Page(id)) => {
                Ok(self.0.values.listed_with_siblings(&self.0.lib, *id))
            }
            _ if !required => Ok(Value::Null),
            _ => Err(match lang {
                Some(l) => format!("Page `{path}` not found for language `{l}`."),
                None => format!("Page `{path}` not found."),
            }
            .into()),
        }
    }
}

pub struct GetSection(pub Arc<Shared>);
impl Function for GetSection {
    fn call(&self, args: &HashMap<String, Value>) -> TeraResult<Value> {
        let path = required_str(args, "path", "get_section")?;
        let metadata_only = matches!(args.get("metadata_only"), Some(Value::Bool(true)));
        let lang = str_arg(args, "lang", "get_section")?;
        let full = self
            .0
            .path_with_lang(&self.0.relative(&path), lang.as_deref())?;
        match self.0.lib.by_relative.get(&full) {
            Some(crate::content::Entry::Section(id)) => Ok(self.0.section(
                *id,
                if metadata_only {
                    SectionMode::MetadataOnly
                } else {
                    SectionMode::Full
                },
            )),
            _ => Err(match lang {
                Some(l) => format!("Section `{path}` not found for language `{l}`."),
                None => format!("Section `{path}` not found."),
            }
            .into()),
        }
    }
}

pub struct GetTaxonomy(pub Arc<Shared>);
impl Function for GetTaxonomy {
    fn call(&self, args: &HashMap<String, Value>) -> TeraResult<Value> {
        let kind = required_str(args, "kind", "get_taxonomy")?;
        let required = bool_arg(args, "required", "get_taxonomy")?.unwrap_or(true);
        let lang = str_arg(args, "lang", "get_taxonomy")?
            .unwrap_or_else(|| self.0.config.default_language.clone());
        match (self.0.find_taxonomy(&kind, &lang), required) {
            (Some(t), _) => Ok(json!({
                "kind": t.kind,
                "lang": t.lang,
                "permalink": t.permalink,
                "items": t.items.iter().map(|i| term_value(&self.0.values, i, true)).collect::<Vec<_>>(),
            })),
            (None, false) => Ok(Value::Null),
            (None, true) => {
                Err(format!("`get_taxonomy` received an unknown taxonomy as kind: {kind}").into())
            }
        }
    }
}

pub struct GetTaxonomyTerm(pub Arc<Shared>);
impl Function for GetTaxonomyTerm {
    fn call(&self, args: &HashMap<String, Value>) -> TeraResult<Value> {
        let kind = required_str(args, "kind", "get_taxonomy_term")?;
        let term = required_str(args, "term", "get_taxonomy_term")?;
        let include_pages = bool_arg(args, "include_pages", "get_taxonomy_term")?.unwrap_or(true);
        let required = bool_arg(args, "required", "get_taxonomy_term")?.unwrap_or(true);
        let lang = str_arg(args, "lang", "get_taxonomy_term")?
            .unwrap_or_else(|| self.0.config.default_language.clone());
        let tax = match (self.0.find_taxonomy(&kind, &lang), required) {
            (Some(t), _) => t,
            (None, false) => return Ok(Value::Null),
            (None, true) => {
                return Err(format!(
                    "`get_taxonomy_term` received an unknown taxonomy as kind: {kind}"
                )
                .into())
            }
        };
        match (tax.items.iter().find(|i| i.name == term), required) {
            (Some(t), _) => Ok(term_value(&self.0.values, t, include_pages)),
            (None, false) => Ok(Value::Null),
            (None, true) => {
                Err(format!("`get_taxonomy_term` received an unknown term: {term}").into())
            }
        }
    }
}

pub struct GetTaxonomyUrl(pub Arc<Shared>);
impl Function for GetTaxonomyUrl {
    fn call(&self, args: &HashMap<String, Value>) -> TeraResult<Value> {
        let kind = required_str(args, "kind", "get_taxonomy_url")?;
        let name = required_str(args, "name", "get_taxonomy_url")?;
        let lang = str_arg(args, "lang", "get_taxonomy")?
            .unwrap_or_else(|| self.0.config.default_language.clone());
        let required = bool_arg(args, "required", "get_taxonomy_url")?.unwrap_or(true);
        let strategy = self.0.config.slugify.taxonomies;
        let tax = match (self.0.find_taxonomy(&kind, &lang), required) {
            (Some(t), _) => t,
            (None, false) => return Ok(Value::Null),
            (None, true) => {
                return Err(format!(
                    "`get_taxonomy_url` received an unknown taxonomy as kind: {kind}"
                )
                .into())
            }
        };
        let urls = self.0.term_urls.get_or_init(|| {
            self.0
                .lib
                .taxonomies
                .iter()
                .map(|t| {
                    let terms = t
                        .items
                        .iter()
                        .map(|i| (slugify_paths(&i.name, strategy), i.permalink.clone()))
                        .collect();
                    (format!("{}-{}", t.kind.name, t.lang), terms)
                })
                .collect()
        });
        let wanted = slugify_paths(&name, strategy);
        let key = format!("{}-{}", tax.kind.name, tax.lang);
        match urls.get(&key).and_then(|m| m.get(&wanted)) {
            Some(permalink) => Ok(json!(permalink)),
            None => Err(
                format!("`get_taxonomy_url`: couldn't find `{name}` in `{kind}` taxonomy").into(),
            ),
        }
    }
    fn is_safe(&self) -> bool {
        true
    }
}
