//! Pagination of sections and taxonomy terms, as Zola's `Paginator`.

use serde_json::{json, Map, Value};

use super::ser::PageValues;
use super::{Library, PageId};

/// One page of a paginated list.
pub struct Pager {
    /// 1-based.
    pub index: usize,
    pub permalink: String,
    pub path: String,
    pub pages: Vec<PageId>,
}

/// The pagers of one section or term and what `paginator` shows templates.
pub struct Paginator {
    pub pagers: Vec<Pager>,
    pub paginate_by: usize,
    pub permalink: String,
    pub paginate_path: String,
    pub total_pages: usize,
}

impl Paginator {
    /// Splits `pages` (already ordered) into pagers; pages with `render = false` are skipped.
    #[allow(
        clippy::too_many_arguments,
        reason = "mirrors the fields of Zola's paginator"
    )]
    pub fn new(
        lib: &Library,
        pages: &[PageId],
        paginate_by: usize,
        reversed: bool,
        permalink: &str,
        path: &str,
        paginate_path: &str,
        is_index: bool,
    ) -> Paginator {
        let mut all: Vec<PageId> = pages.to_vec();
        if reversed {
            all.reverse();
        }
        let visible: Vec<PageId> = all
            .iter()
            .copied()
            .filter(|&p| lib.pages[p].meta.render)
            .collect();
        let mut pagers = Vec::new();
        for (i, chunk) in visible.chunks(paginate_by.max(1)).enumerate() {
            if i == 0 {
                pagers.push(Pager {
                    index: 1,
                    permalink: permalink.to_string(),
                    path: path.to_string(),
                    pages: chunk.to_vec(),
                });
                continue;
            }
            let page_path = if paginate_path.is_empty() {
                format!("{}/", i + 1)
            } else {
                format!("{}/{}/", paginate_path, i + 1)
            };
            let pager_path = if is_index {
                format!("/{page_path}")
            } else if path.ends_with('/') {
                format!("{path}{page_path}")
            } else {
                format!("{path}/{page_path}")
            };
            pagers.push(Pager {
                index: i + 1,
                permalink: format!("{permalink}{page_path}"),
                path: pager_path,
                pages: chunk.to_vec(),
            });
        }
        if pagers.is_empty() {
            pagers.push(Pager {
                index: 1,
                permalink: permalink.to_string(),
                path: path.to_string(),
                pages: Vec::new(),
            });
        }
        Paginator {
            pagers,
            paginate_by,
            permalink: permalink.to_string(),
            paginate_path: paginate_path.to_string(),
            total_pages: all.len(),
        }
    }

    /// The `paginator` variable for pager `i` (0-based), with Zola's keys.
    pub fn context(&self, values: &PageValues, i: usize) -> Value {
        let pager = &self.pagers[i];
        let mut m = Map::new();
        m.insert("paginate_by".into(), json!(self.paginate_by));
        m.insert("first".into(), json!(self.permalink));
        m.insert(
            "last".into(),
            json!(self.pagers[self.pagers.len() - 1].permalink),
        );
        m.insert(
            "previous".into(),
            if i > 0 {
                json!(self.pagers[i - 1].permalink)
            } else {
                Value::Null
            },
        );
        m.insert(
            "next".into(),
            match self.pagers.get(i + 1) {
                Some(p) => json!(p.permalink),
                None => Value::Null,
            },
        );
        m.insert("number_pagers".into(), json!(self.pagers.len()));
        let base_url = if self.paginate_path.is_empty() {
            self.permalink.clone()
        } else {
            format!("{}{}/", self.permalink, self.paginate_path)
        };
        m.insert("base_url".into(), json!(base_url));
        m.insert(
            "pages".into(),
            Value::Array(pager.pages.iter().map(|&p| values.listed(p)).collect()),
        );
        m.insert("current_index".into(), json!(pager.index));
        m.insert("total_pages".into(), json!(self.total_pages));
        Value::Object(m)
    }
}
