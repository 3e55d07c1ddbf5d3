//! Page and section front matter with all of Zola's fields and defaults, plus pufa's `kind`
//! and `campaign`.
//!
//! The checks that need the parsed values (dates, empty slugs, `kind`) live here; reading the
//! TOML or YAML text with positions is in `source::parse`.

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, FixedOffset};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::dates::{parse_date, raw_date, to_datetime};
use super::toml_diag::KeyVerdict;
use crate::article_kind::ArticleKind;
use crate::diagnostics::{nearest, Msg, Severity};

/// How a section orders its pages (`sort_by`).
#[derive(Debug, Copy, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SortBy {
    /// Newest first.
    Date,
    #[serde(rename = "update_date")]
    UpdateDate,
    Title,
    #[serde(rename = "title_bytes")]
    TitleBytes,
    /// Lowest first (`order` was its name in early Zola).
    #[serde(alias = "order")]
    Weight,
    Slug,
    Permalink,
    #[default]
    None,
}

/// Where heading anchor links go (`[markdown] insert_anchor_links`, section front matter).
#[derive(Debug, Copy, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum InsertAnchor {
    Left,
    Right,
    Heading,
    #[default]
    None,
}

/// A page's front matter (Zola's `PageFrontMatter`).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default)]
pub struct PageFrontMatter {
    pub title: Option<String>,
    pub description: Option<String>,
    /// As templates see it (`page.updated`).
    #[serde(deserialize_with = "raw_date")]
    pub updated: Option<String>,
    #[serde(skip)]
    pub updated_datetime: Option<DateTime<FixedOffset>>,
    /// As templates see it (`page.date`): TOML's form of the date, or the normalised string.
    #[serde(deserialize_with = "raw_date")]
    pub date: Option<String>,
    /// For sorting.
    #[serde(skip)]
    pub datetime: Option<DateTime<FixedOffset>>,
    pub draft: bool,
    pub render: bool,
    pub slug: Option<String>,
    pub path: Option<String>,
    pub taxonomies: BTreeMap<String, Vec<String>>,
    pub weight: Option<usize>,
    pub authors: Vec<String>,
    pub aliases: Vec<String>,
    pub template: Option<String>,
    pub in_search_index: bool,
    pub extra: Map<String, Value>,
    /// pufa: case | campaign | qa | lecture | board | list | notice (also read from `extra.kind`).
    pub kind: Option<String>,
    /// pufa: the campaign (宣传活动) the page belongs to (also read from `extra.campaign`).
    pub campaign: Option<String>,
}

impl Default for PageFrontMatter {
    fn default() -> Self {
        PageFrontMatter {
            title: None,
            description: None,
            updated: None,
            updated_datetime: None,
            date: None,
            datetime: None,
            draft: false,
            render: true,
            slug: None,
            path: None,
            taxonomies: BTreeMap::new(),
            weight: None,
            authors: Vec::new(),
            aliases: Vec::new(),
            template: None,
            in_search_index: true,
            extra: Map::new(),
            kind: None,
            campaign: None,
        }
    }
}

impl PageFrontMatter {
    /// (year, month, day) of `date`, for `page.year` & co.
    pub fn datetime_tuple(&self) -> Option<(i32, u32, u32)> {
        self.datetime.map(|d| (d.year(), d.month(), d.day()))
    }

    /// The date taken from a file name (`2024-05-01-title.md`), used when none is written.
    pub fn set_date_from_filename(&mut self, date: &str) {
        self.date = Some(date.to_string());
        self.datetime = to_datetime(date);
    }
}

/// A section's front matter (Zola's `SectionFrontMatter`).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default)]
pub struct SectionFrontMatter {
    pub title: Option<String>,
    pub description: Option<String>,
    pub sort_by: SortBy,
    pub weight: usize,
    pub draft: bool,
    pub template: Option<String>,
    pub paginate_by: Option<usize>,
    pub paginate_reversed: bool,
    pub paginate_path: String,
    pub insert_anchor_links: Option<InsertAnchor>,
    pub render: bool,
    pub redirect_to: Option<String>,
    pub in_search_index: bool,
    pub transparent: bool,
    pub page_template: Option<String>,
    pub aliases: Vec<String>,
    #[serde(alias = "generate_feed")]
    pub generate_feeds: bool,
    pub extra: Map<String, Value>,
    /// pufa: the kind of the section's articles, when a whole column is one kind.
    pub kind: Option<String>,
}

impl Default for SectionFrontMatter {
    fn default() -> Self {
        SectionFrontMatter {
            title: None,
            description: None,
            sort_by: SortBy::None,
            weight: 0,
            draft: false,
            template: None,
            paginate_by: None,
            paginate_reversed: false,
            paginate_path: "page".into(),
            insert_anchor_links: None,
            render: true,
            redirect_to: None,
            in_search_index: true,
            transparent: false,
            page_template: None,
            aliases: Vec::new(),
            generate_feeds: false,
            extra: Map::new(),
            kind: None,
        }
    }
}

impl SectionFrontMatter {
    pub fn is_paginated(&self) -> bool {
        self.paginate_by.is_some_and(|n| n > 0)
    }
}

const PAGE_KEYS: &[&str] = &[
    "title",
    "description",
    "updated",
    "date",
    "draft",
    "render",
    "slug",
    "path",
    "taxonomies",
    "weight",
    "authors",
    "aliases",
    "template",
    "in_search_index",
    "extra",
    "kind",
    "campaign",
];

const SECTION_KEYS: &[&str] = &[
    "title",
    "description",
    "sort_by",
    "weight",
    "draft",
    "template",
    "paginate_by",
    "paginate_reversed",
    "paginate_path",
    "insert_anchor_links",
    "render",
    "redirect_to",
    "in_search_index",
    "transparent",
    "page_template",
    "aliases",
    "generate_feeds",
    "extra",
    "kind",
];

/// What differs between pages and sections while parsing.
pub(crate) trait FrontMatter: DeserializeOwned + Default {
    const KEYS: &'static [&'static str];
    /// Zola ignores unknown page keys (warning) and refuses unknown section keys (error).
    const UNKNOWN: Severity;
    fn verdict(table: &str, key: &str) -> KeyVerdict {
        match (table, key) {
            ("", "extra" | "taxonomies") => KeyVerdict::Free,
            ("", "generate_feed") if Self::KEYS.contains(&"generate_feeds") => {
                KeyVerdict::Renamed("generate_feeds", "0.19")
            }
            ("", k) if Self::KEYS.contains(&k) => KeyVerdict::Known,
            ("", _) => KeyVerdict::Unknown(Self::KEYS, Self::UNKNOWN),
            _ => KeyVerdict::Known,
        }
    }
    /// Checks after deserialising; `at(key)` is the byte offset of a key's value.
    fn finish(
        &mut self,
        at: &dyn Fn(&str) -> Option<usize>,
        report: &mut dyn FnMut(Severity, Option<usize>, Msg, Option<Msg>),
    );
}

impl FrontMatter for PageFrontMatter {
    const KEYS: &'static [&'static str] = PAGE_KEYS;
    const UNKNOWN: Severity = Severity::Warning;

    fn finish(
        &mut self,
        at: &dyn Fn(&str) -> Option<usize>,
        report: &mut dyn FnMut(Severity, Option<usize>, Msg, Option<Msg>),
    ) {
        for key in ["slug", "path"] {
            let value = if key == "slug" {
                &self.slug
            } else {
                &self.path
            };
            if value.as_deref().is_some_and(|v| v.trim().is_empty()) {
                report(
                    Severity::Error,
                    at(key),
                    Msg::new(
                        format!("`{key}` 不能是空的"),
                        format!("`{key}` can't be empty if present"),
                    ),
                    Some(Msg::new(
                        "删掉这一行，或写上内容。",
                        "Remove the line or give it a value.",
                    )),
                );
            }
        }
        for (name, terms) in &self.taxonomies {
            if terms.iter().any(|t| t.trim().is_empty()) {
                report(
                    Severity::Error,
                    at("taxonomies"),
                    Msg::new(
                        format!("分类 `{name}` 里有空的标签"),
                        "A taxonomy term cannot be an empty string",
                    ),
                    None,
                );
            }
        }
        for key in ["date", "updated"] {
            let raw = if key == "date" {
                self.date.clone()
            } else {
                self.updated.clone()
            };
            let Some(raw) = raw else { continue };
            match parse_date(&raw) {
                Ok((shown, dt)) => {
                    if key == "date" {
                        self.date = Some(shown);
                        self.datetime = Some(dt);
                    } else {
                        self.updated = Some(shown);
                        self.updated_datetime = Some(dt);
                    }
                }
                Err((msg, hint)) => report(Severity::Error, at(key), msg, Some(hint)),
            }
        }
        self.extra = fix_dates(std::mem::take(&mut self.extra));
        if self.kind.is_none() {
            self.kind = self
                .extra
                .get("kind")
                .and_then(Value::as_str)
                .map(str::to_string);
        }
        if self.campaign.is_none() {
            self.campaign = self
                .extra
                .get("campaign")
                .and_then(Value::as_str)
                .map(str::to_string);
        }
        check_kind(&mut self.kind, at, report);
    }
}

impl FrontMatter for SectionFrontMatter {
    const KEYS: &'static [&'static str] = SECTION_KEYS;
    const UNKNOWN: Severity = Severity::Error;

    fn finish(
        &mut self,
        at: &dyn Fn(&str) -> Option<usize>,
        report: &mut dyn FnMut(Severity, Option<usize>, Msg, Option<Msg>),
    ) {
        self.extra = fix_dates(std::mem::take(&mut self.extra));
        if self.kind.is_none() {
            self.kind = self
                .extra
                .get("kind")
                .and_then(Value::as_str)
                .map(str::to_string);
        }
        check_kind(&mut self.kind, at, report);
    }
}

/// `kind` in Chinese becomes its English name; an unknown kind is a warning.
fn check_kind(
    kind: &mut Option<String>,
    at: &dyn Fn(&str) -> Option<usize>,
    report: &mut dyn FnMut(Severity, Option<usize>, Msg, Option<Msg>),
) {
    let Some(k) = kind.as_deref() else { return };
    let k = k.trim();
    if let Some(known) = ArticleKind::from_front_matter(k) {
        *kind = Some(known.name().to_string());
        return;
    }
    let hint = match nearest(k, ArticleKind::names()) {
        Some(n) => Msg::new(
            format!("是不是想写 kind = \"{n}\"？"),
            format!("Did you mean kind = \"{n}\"?"),
        ),
        None => Msg::new(
            format!(
                "可选：{}（或中文：{}）",
                ArticleKind::names().collect::<Vec<_>>().join("、"),
                ArticleKind::ALL.map(ArticleKind::name_zh).join("、")
            ),
            format!(
                "Known kinds: {}",
                ArticleKind::names().collect::<Vec<_>>().join(", ")
            ),
        ),
    };
    report(
        Severity::Warning,
        at("kind").or_else(|| at("extra")),
        Msg::new(
            format!("不认识的文章类型 kind = \"{k}\""),
            format!("unknown article kind `{k}`"),
        ),
        Some(hint),
    );
}

/// TOML datetimes inside `extra` arrive as `{"$__toml_private_datetime": "…"}`; templates
/// want the string (Zola's `fix_toml_dates`).
pub fn fix_dates(map: Map<String, Value>) -> Map<String, Value> {
    map.into_iter().map(|(k, v)| (k, fix_value(v))).collect()
}

fn fix_value(v: Value) -> Value {
    match v {
        Value::Object(o) => {
            if o.len() == 1 {
                if let Some(Value::String(s)) = o.get("$__toml_private_datetime") {
                    return Value::String(s.clone());
                }
            }
            Value::Object(fix_dates(o))
        }
        Value::Array(a) => Value::Array(a.into_iter().map(fix_value).collect()),
        other => other,
    }
}
