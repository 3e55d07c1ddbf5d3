//! Which fields of a *listed* page the templates can read.
//!
//! A page appears in many contexts besides its own: `paginator.pages`, `section.pages`,
//! `term.pages`, `page.lower`/`higher`, `get_section(…).pages`. Tera needs owned values, so
//! each appearance is a deep copy, and a page's `content` is most of its bytes. Themes rarely
//! print a listed page's content (they show its title, date and summary), so copying it is
//! where a large build spends its time and memory.
//!
//! [`listed_fields`] walks every template's syntax tree once, at load, and collects the field
//! names read from values that may be listed pages. Anything it cannot follow — a dynamic key
//! (`p[name]`), `json_encode` of such a value, `__tera_context`, comparing whole pages, a
//! key-value loop over a page — makes it answer [`ListedFields::All`], so the output never
//! changes: only values nobody reads are left out. Where a value comes from decides how a path
//! is read:
//! - the page being rendered (`page` in a page template) and a feed's `pages` hold full
//!   values: `page.content` reads nothing listed, `page.lower.title` reads `title`;
//! - `section`, `paginator`, `term`, `terms`: their own fields are not page fields, so
//!   `paginator.pages` reads nothing, `section.pages[0].content` reads `content`;
//! - `config`, `lang`, `current_url` … hold no pages;
//! - anything else (loop variables, `set` variables, macro arguments, unknown names) may be a
//!   listed page: `p.summary` reads `summary`.
//!
//! `page` is a listed page wherever a template binds it itself (`{% for page in … %}`), and in
//! every template included or block filled while it is bound that way.

use std::collections::{BTreeSet, HashMap, HashSet};

use tera::ast::{
    Block, Expr, ExprVal, Forloop, FunctionCall, In, LogicExpr, LogicOperator, MacroDefinition, Set,
};
use tera::Tera;

use super::ast::{self, Visitor};
pub use crate::content::ser::ListedFields;

/// Analyses every template of `tera`. `feed_names` are the feed file names of the site
/// (`atom.xml`, `rss.xml`): their templates get full pages in `pages`.
pub fn listed_fields(tera: &Tera, feed_names: &[String]) -> ListedFields {
    let mut names: Vec<&String> = tera.templates.keys().collect();
    names.sort();
    // Templates where `page` is not the rendered page: grows until nothing changes.
    let mut page_listed: HashSet<String> = HashSet::new();
    loop {
        let mut walker = FieldWalker::default();
        for name in &names {
            let tpl = &tera.templates[*name];
            let base = name.rsplit('/').next().unwrap_or(name);
            walker.start(
                !page_listed.contains(name.as_str()),
                feed_names.iter().any(|f| f == base),
            );
            walker.visit_nodes(&tpl.ast);
            if walker.block_under_bound_page {
                for (child, t) in &tera.templates {
                    if t.parents.iter().any(|p| p == *name) {
                        walker.bound_page_targets.insert(child.clone());
                    }
                }
            }
            if walker.give_up {
                tracing::debug!(template = %name, "listed pages keep every field");
                return ListedFields::All;
            }
        }
        let before = page_listed.len();
        page_listed.extend(walker.bound_page_targets.drain());
        if page_listed.len() == before {
            return ListedFields::Only(walker.fields);
        }
    }
}

/// What a name holds.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Root {
    /// A full page (or list of full pages): its own fields are all there.
    Full,
    /// `section`, `paginator`, `term`, …: own fields are not page fields.
    Holder,
    /// Holds no page.
    Plain,
    /// May be (or hold) a listed page.
    Listed,
    /// A list of listed pages (`section.pages`, `set ps = paginator.pages | reverse`):
    /// indexing it, even with a dynamic index, gives a listed page, not one of its fields.
    Pages,
}

#[derive(Default)]
struct FieldWalker {
    fields: BTreeSet<String>,
    give_up: bool,
    scopes: Vec<HashMap<String, Root>>,
    page_is_own: bool,
    feed: bool,
    in_macro: bool,
    bound_page_targets: HashSet<String>,
    block_under_bound_page: bool,
}

/// One step of a variable path: `a.b["c"][0][d]`.
#[derive(Debug, PartialEq)]
enum Seg {
    Name(String),
    Index,
    Dynamic(String),
}

fn segments(ident: &str) -> Vec<Seg> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut chars = ident.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '.' => {
                if !cur.is_empty() {
                    out.push(Seg::Name(std::mem::take(&mut cur)));
                }
            }
            '[' => {
                if !cur.is_empty() {
                    out.push(Seg::Name(std::mem::take(&mut cur)));
                }
                let mut inner = String::new();
                let mut depth = 1;
                for c in chars.by_ref() {
                    match c {
                        '[' => depth += 1,
                        ']' => {
                            depth -= 1;
                            if depth == 0 {
                                break;
                            }
                        }
                        _ => {}
                    }
                    inner.push(c);
                }
                let inner = inner.trim();
                let quoted = inner.len() >= 2
                    && (inner.starts_with('"')
                        || inner.starts_with('\'')
                        || inner.starts_with('`'));
                if quoted {
                    out.push(Seg::Name(inner[1..inner.len() - 1].to_string()));
                } else if inner.chars().all(|c| c.is_ascii_digit()) {
                    out.push(Seg::Index);
                } else {
                    out.push(Seg::Dynamic(inner.to_string()));
                }
            }
            _ => cur.push(c),
        }
    }
    if !cur.is_empty() {
        out.push(Seg::Name(cur));
    }
    out
}

/// A literal value, never a page.
fn is_literal(e: &Expr) -> bool {
    matches!(
        e.val,
        ExprVal::String(_) | ExprVal::Int(_) | ExprVal::Float(_) | ExprVal::Bool(_)
    )
}

/// Filters whose result is a number or a string, never a page.
fn gives_a_scalar(f: &FunctionCall) -> bool {
    matches!(
        f.name.as_str(),
        "int"
            | "float"
            | "length"
            | "as_str"
            | "date"
            | "lower"
            | "upper"
            | "trim"
            | "wordcount"
            | "striptags"
            | "slugify"
            | "urlencode"
            | "round"
            | "truncate"
            | "title"
            | "capitalize"
    )
}

/// Filters that give a list of the same pages (reordered or fewer).
fn keeps_a_list(f: &FunctionCall) -> bool {
    matches!(
        f.name.as_str(),
        "reverse" | "slice" | "sort" | "filter" | "unique"
    )
}

/// Fields that, when they end a path, hold a whole page object.
fn holds_page(last: Option<&Seg>) -> bool {
    matches!(last, Some(Seg::Name(n)) if holds_page_name(n))
}

fn holds_page_name(field: &str) -> bool {
    field == "lower" || field == "higher"
}

impl FieldWalker {
    fn start(&mut self, page_is_own: bool, feed: bool) {
        self.scopes.clear();
        self.scopes.push(HashMap::new());
        self.page_is_own = page_is_own;
        self.feed = feed;
        self.in_macro = false;
        self.block_under_bound_page = false;
    }

    fn bound(&self, name: &str) -> Option<Root> {
        self.scopes.iter().rev().find_map(|s| s.get(name).copied())
    }

    fn root_of(&mut self, name: &str) -> Root {
        if let Some(r) = self.bound(name) {
            return r;
        }
        if self.in_macro {
            // Macros see only their arguments (and `loop`).
            return if name == "loop" {
                Root::Plain
            } else {
                Root::Listed
            };
        }
        match name {
            "page" if self.page_is_own => Root::Full,
            "pages" if self.feed => Root::Full,
            "section" | "paginator" | "term" | "terms" => Root::Holder,
            "config" | "current_url" | "current_path" | "lang" | "zola_version" | "feed_url"
            | "last_updated" | "taxonomy" | "loop" => Root::Plain,
            "__tera_context" => {
                self.give_up = true;
                Root::Listed
            }
            _ => Root::Listed,
        }
    }

    /// Reads a variable path; returns its root kind and how many steps follow the root.
    fn ident(&mut self, ident: &str) -> (Root, usize, bool) {
        let segs = segments(ident);
        let Some(Seg::Name(root_name)) = segs.first() else {
            self.give_up = true;
            return (Root::Listed, 0, false);
        };
        let root = self.root_of(root_name);
        let from = match root {
            Root::Plain => usize::MAX,
            Root::Full | Root::Holder | Root::Pages => 2,
            Root::Listed => 1,
        };
        for (i, seg) in segs.iter().enumerate().skip(1) {
            match seg {
                Seg::Dynamic(inner) => {
                    // The key is itself a path: read it, then give up if it picks a field
                    // of something that may be a listed page.
                    self.ident(inner);
                    let indexes_a_page = match &segs[i - 1] {
                        Seg::Name(n) => (i == 1 && root == Root::Listed) || holds_page_name(n),
                        Seg::Index | Seg::Dynamic(_) => i >= from,
                    };
                    if indexes_a_page {
                        self.give_up = true;
                    }
                }
                Seg::Name(n) if i >= from => {
                    self.fields.insert(n.clone());
                }
                _ => {}
            }
        }
        (root, segs.len() - 1, holds_page(segs.last()))
    }

    /// Whether an expression may be a whole page object (not one of its fields).
    fn is_page_object(&mut self, e: &Expr) -> bool {
        if e.filters.last().is_some_and(gives_a_scalar) {
            return false;
        }
        match &e.val {
            ExprVal::Ident(id) => {
                let (root, depth, ends_in_page) = self.ident(id);
                match root {
                    Root::Plain => false,
                    Root::Holder => ends_in_page || depth >= 2,
                    Root::Full | Root::Listed => depth == 0 || ends_in_page,
                    Root::Pages => depth <= 1 || ends_in_page,
                }
            }
            _ => false,
        }
    }

    /// The kind of what a value yields (for filters, `set` and `for`). Reading an ident
    /// again records nothing new: what it records is a set and a flag.
    fn kind(&mut self, v: &ExprVal) -> Root {
        match v {
            ExprVal::Ident(id) => {
                let (root, depth, _) = self.ident(id);
                match root {
                    Root::Full if depth == 0 => Root::Full,
                    Root::Plain => Root::Plain,
                    Root::Holder if depth == 0 => Root::Holder,
                    Root::Holder if depth == 1 && id.ends_with(".pages") => Root::Pages,
                    Root::Pages if depth == 0 => Root::Pages,
                    _ => Root::Listed,
                }
            }
            // A section's own fields are not page fields; its `pages` are listed pages.
            ExprVal::FunctionCall(f) if f.name == "get_section" => Root::Holder,
            ExprVal::FunctionCall(_) | ExprVal::Array(_) => Root::Listed,
            ExprVal::String(_)
            | ExprVal::Int(_)
            | ExprVal::Float(_)
            | ExprVal::Bool(_)
            | ExprVal::Math(_)
            | ExprVal::Logic(_)
            | ExprVal::Test(_)
            | ExprVal::MacroCall(_)
            | ExprVal::StringConcat(_)
            | ExprVal::In(_) => Root::Plain,
        }
    }

    fn page_bound_locally(&self) -> bool {
        self.scopes.iter().any(|s| s.contains_key("page"))
    }
}

impl Visitor for FieldWalker {
    fn visit_ident(&mut self, ident: &str) {
        self.ident(ident);
    }

    fn visit_filter(&mut self, f: &FunctionCall, input: Option<&ExprVal>) {
        let value = input.map_or(Root::Plain, |v| self.kind(v));
        let may_hold_pages = value != Root::Plain;
        if may_hold_pages && matches!(f.name.as_str(), "json_encode" | "tojson" | "debug") {
            self.give_up = true;
        }
        for (arg, e) in &f.args {
            match &e.val {
                // `sort(attribute="date")`, `map(attribute="title")`, `get(key="summary")`.
                ExprVal::String(s) => {
                    for part in s.split('.') {
                        self.fields.insert(part.to_string());
                    }
                }
                _ if may_hold_pages && matches!(arg.as_str(), "attribute" | "key") => {
                    self.give_up = true;
                }
                _ => {}
            }
            self.visit_expr(e);
        }
    }

    fn visit_logic(&mut self, l: &LogicExpr) {
        // A page never equals a literal (`num == 1` in a macro whose argument may be
        // anything): only comparing two values that may both be pages depends on
        // which fields they carry.
        if matches!(l.operator, LogicOperator::Eq | LogicOperator::NotEq)
            && !is_literal(&l.lhs)
            && !is_literal(&l.rhs)
            && (self.is_page_object(&l.lhs) || self.is_page_object(&l.rhs))
        {
            self.give_up = true;
        }
        ast::walk_logic(self, l);
    }

    fn visit_in(&mut self, i: &In) {
        if self.is_page_object(&i.lhs) {
            self.give_up = true;
        }
        // `"summary" in p` asks whether a page has that field.
        if self.is_page_object(&i.rhs) {
            match &i.lhs.val {
                ExprVal::String(name) => {
                    self.fields.insert(name.clone());
                }
                _ => self.give_up = true,
            }
        }
        ast::walk_in(self, i);
    }

    fn visit_set(&mut self, s: &Set) {
        self.visit_expr(&s.value);
        let root = self.kind(&s.value.val);
        let kind = match root {
            _ if s.value.filters.last().is_some_and(gives_a_scalar) => Root::Plain,
            Root::Full if s.value.filters.is_empty() => Root::Full,
            Root::Plain => Root::Plain,
            Root::Holder if s.value.filters.is_empty() => Root::Holder,
            Root::Pages if s.value.filters.iter().all(keeps_a_list) => Root::Pages,
            _ => Root::Listed,
        };
        let scope = if s.global { 0 } else { self.scopes.len() - 1 };
        self.scopes[scope].insert(s.key.clone(), kind);
    }

    fn visit_loop_body(&mut self, f: &Forloop) {
        if f.key.is_some() && self.is_page_object(&f.container) {
            self.give_up = true;
        }
        let item = match self.kind(&f.container.val) {
            Root::Full => Root::Full,
            Root::Plain => Root::Plain,
            _ => Root::Listed,
        };
        let mut scope = HashMap::new();
        if let Some(k) = &f.key {
            scope.insert(k.clone(), Root::Plain);
        }
        scope.insert(f.value.clone(), item);
        self.scopes.push(scope);
        ast::walk_loop_body(self, f);
        self.scopes.pop();
    }

    fn visit_block(&mut self, b: &Block) {
        if self.page_bound_locally() {
            self.block_under_bound_page = true;
        }
        self.visit_nodes(&b.body);
    }

    fn visit_macro_definition(&mut self, m: &MacroDefinition) {
        // Macros see only their arguments, each of which may be a listed page; their
        // defaults are read in the macro's own scope.
        let saved = (std::mem::take(&mut self.scopes), self.in_macro);
        self.in_macro = true;
        let mut scope = HashMap::new();
        for (arg, default) in &m.args {
            if let Some(d) = default {
                self.visit_expr(d);
            }
            scope.insert(arg.clone(), Root::Listed);
        }
        self.scopes.push(scope);
        self.visit_nodes(&m.body);
        (self.scopes, self.in_macro) = saved;
    }

    fn visit_include(&mut self, targets: &[String]) {
        if self.page_bound_locally() || self.in_macro {
            self.bound_page_targets.extend(targets.iter().cloned());
        }
    }
}

/// Whether any template may read the `pages` of a term of a taxonomy list's `terms`.
///
/// `terms` holds every term of the taxonomy, and with each term's pages every page of the site
/// once per term it has: at 200,000 pages, hundreds of megabytes for one list page. Themes
/// rarely print them there (they show each term's name and `page_count`), so they are left
/// out unless a template may read them. The answer is `false` only when every use of `terms`
/// and of the terms taken from it can be followed and none reads `pages`: a term or the list
/// given to a macro, an include or block inside a loop over terms, `json_encode`, a comparison
/// or `in`, a dynamic key on a term, `__tera_context` all count as reading them.
pub fn terms_pages_read(tera: &Tera) -> bool {
    pages_read(tera, "terms", TermsKind::List, false)
}

/// Whether a pager of a paginated term may read `term.pages` (every page of the term, copied
/// into each run of pagers). A pager always has a `paginator`, so what a template reads only
/// where there is none (`{% if paginator %}…{% else %}{% for p in term.pages %}`, a common
/// theme pattern) is never read there. Same rules as [`terms_pages_read`].
pub fn paged_term_pages_read(tera: &Tera) -> bool {
    pages_read(tera, "term", TermsKind::Term, true)
}

/// Whether a section's feed may read `section.pages` (Zola gives a section feed the whole
/// section, every page in it: at 200,000 pages, a copy of a quarter of the site's listed values
/// for each section's feed). Zola's `atom.xml` and `rss.xml` read only the section's title and
/// permalink, so the pages are left out unless a feed template (`feed_names`), or a template
/// it extends, includes or imports, may read them. Same rules as [`terms_pages_read`].
pub fn feed_section_pages_read(tera: &Tera, feed_names: &[String]) -> bool {
    let mut todo: Vec<String> = tera
        .templates
        .keys()
        .filter(|name| {
            let base = name.rsplit('/').next().unwrap_or(name);
            feed_names.iter().any(|f| f == base)
        })
        .cloned()
        .collect();
    let mut reached: BTreeSet<String> = BTreeSet::new();
    while let Some(name) = todo.pop() {
        let Some(tpl) = tera.templates.get(&name) else {
            continue;
        };
        if !reached.insert(name) {
            continue;
        }
        todo.extend(tpl.parents.iter().cloned());
        todo.extend(
            tpl.imported_macro_files
                .iter()
                .map(|(file, _)| file.clone()),
        );
        let mut includes = Includes::default();
        includes.visit_nodes(&tpl.ast);
        todo.extend(includes.0);
    }
    let mut walker = TermsWalker {
        root: ("section", TermsKind::Term),
        ..TermsWalker::default()
    };
    for name in &reached {
        walker.scopes = vec![HashMap::new()];
        walker.visit_nodes(&tera.templates[name].ast);
        if walker.read {
            tracing::debug!(template = %name, "a section feed's pages are kept");
            return true;
        }
    }
    false
}

/// The templates a template includes.
#[derive(Default)]
struct Includes(Vec<String>);

impl Visitor for Includes {
    fn visit_include(&mut self, names: &[String]) {
        self.0.extend(names.iter().cloned());
    }
}

fn pages_read(tera: &Tera, root: &'static str, kind: TermsKind, paginated: bool) -> bool {
    let mut names: Vec<&String> = tera.templates.keys().collect();
    names.sort();
    let mut walker = TermsWalker {
        root: (root, kind),
        paginated,
        ..TermsWalker::default()
    };
    for name in names {
        walker.scopes = vec![HashMap::new()];
        walker.visit_nodes(&tera.templates[name].ast);
        if walker.read {
            tracing::debug!(template = %name, root, "a term's pages are kept");
            return true;
        }
    }
    // A template that gives `paginator` a value of its own: it may be empty anywhere.
    if paginated && walker.binds_paginator {
        return pages_read(tera, root, kind, false);
    }
    false
}

/// What a value taken from `terms` is.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
enum TermsKind {
    /// The list (`terms`, `terms | reverse`).
    #[default]
    List,
    /// One term of it (`for t in terms`, `terms | first`).
    Term,
}

#[derive(Default)]
struct TermsWalker {
    /// The unbound name that holds what is followed (`terms`, `term`), and what it is.
    root: (&'static str, TermsKind),
    /// Rendering a pager: `paginator` is there (an object, so true).
    paginated: bool,
    /// Names bound by `set` and `for`: `None` for a value that holds no term.
    scopes: Vec<HashMap<String, Option<TermsKind>>>,
    read: bool,
    in_macro: bool,
    /// Some template binds `paginator` itself (`set`, `for`, a macro argument).
    binds_paginator: bool,
}

/// Tests whose answer does not depend on what a term holds.
fn is_type_test(name: &str) -> bool {
    matches!(
        name,
        "defined" | "undefined" | "iterable" | "object" | "string" | "number"
    )
}

impl TermsWalker {
    fn bound(&self, name: &str) -> Option<Option<TermsKind>> {
        self.scopes.iter().rev().find_map(|s| s.get(name).copied())
    }

    fn any_term_bound(&self) -> bool {
        self.scopes.iter().any(|s| s.values().any(Option::is_some))
    }

    /// What a variable path gives when it is a whole list or term (`None`: a field, or
    /// nothing from `terms`). Reading `pages` of a term, or a dynamic key of one, sets `read`.
    fn path(&mut self, ident: &str) -> Option<TermsKind> {
        let segs = segments(ident);
        for seg in &segs {
            if let Seg::Dynamic(inner) = seg {
                // A term used as a key is a term used whole.
                if self.path(inner).is_some() {
                    self.read = true;
                }
            }
        }
        let Some(Seg::Name(root)) = segs.first() else {
            self.read = true;
            return None;
        };
        let mut kind = match self.bound(root) {
            Some(k) => k,
            None if root == self.root.0 => Some(self.root.1),
            None if root == "__tera_context" => {
                self.read = true;
                None
            }
            None => None,
        };
        for seg in &segs[1..] {
            kind = match (kind, seg) {
                (None, _) => return None,
                // `terms[0]`, `terms.0`, `terms[i]`: one term.
                (Some(TermsKind::List), _) => Some(TermsKind::Term),
                (Some(TermsKind::Term), Seg::Name(n)) if n != "pages" => return None,
                (Some(TermsKind::Term), Seg::Index) => return None,
                (Some(TermsKind::Term), _) => {
                    self.read = true;
                    return None;
                }
            };
        }
        kind
    }

    /// What an expression gives, its filters applied. Whatever in it is not the value itself
    /// (filter arguments, parts of other expressions) is walked as an ordinary use.
    fn flow(&mut self, e: &Expr) -> Option<TermsKind> {
        let mut kind = match &e.val {
            ExprVal::Ident(id) => self.path(id),
            other => {
                ast::walk_val(self, other);
                None
            }
        };
        for f in &e.filters {
            if kind.is_some() {
                // `sort(attribute="pages")`, `filter(attribute="pages.0.title", …)`.
                let names_pages = f.args.values().any(
                    |a| matches!(&a.val, ExprVal::String(s) if s.split('.').any(|p| p == "pages")),
                );
                if names_pages {
                    self.read = true;
                }
            }
            ast::walk_call_args(self, f);
            kind = match kind {
                None => None,
                Some(_) if gives_a_scalar(f) => None,
                Some(k) if f.name == "default" => Some(k),
                Some(TermsKind::List) if keeps_a_list(f) => Some(TermsKind::List),
                Some(TermsKind::List) if matches!(f.name.as_str(), "first" | "last" | "nth") => {
                    Some(TermsKind::Term)
                }
                Some(_) => {
                    self.read = true;
                    None
                }
            };
        }
        kind
    }
}

impl Visitor for TermsWalker {
    /// A list or a term anywhere but where [`TermsWalker`] follows it is a use of all of it.
    fn visit_expr(&mut self, e: &Expr) {
        if self.flow(e).is_some() {
            self.read = true;
        }
    }

    fn visit_ident(&mut self, ident: &str) {
        if self.path(ident).is_some() {
            self.read = true;
        }
    }

    fn visit_test(&mut self, t: &tera::ast::Test) {
        if self.path(&t.ident).is_some() && !is_type_test(&t.name) {
            self.read = true;
        }
        for e in &t.args {
            self.visit_expr(e);
        }
    }

    fn visit_if(&mut self, node: &tera::ast::If) {
        for (_, cond, body) in &node.conditions {
            let is_paginator = matches!(&cond.val, ExprVal::Ident(id) if id == "paginator")
                && cond.filters.is_empty();
            if is_paginator && self.paginated && !self.in_macro && self.bound("paginator").is_none()
            {
                if cond.negated {
                    // `{% if not paginator %}`: never taken.
                    continue;
                }
                // Taken: the branches after it never are.
                self.visit_nodes(body);
                return;
            }
            // `{% if terms %}`, `{% if t %}`: whether it is empty, not what it holds.
            if !(cond.filters.is_empty() && matches!(cond.val, ExprVal::Ident(_))) {
                self.visit_expr(cond);
            } else if let ExprVal::Ident(id) = &cond.val {
                self.path(id);
            }
            self.visit_nodes(body);
        }
        if let Some((_, body)) = &node.otherwise {
            self.visit_nodes(body);
        }
    }

    fn visit_set(&mut self, s: &Set) {
        self.binds_paginator |= s.key == "paginator";
        let kind = self.flow(&s.value);
        let scope = if s.global { 0 } else { self.scopes.len() - 1 };
        self.scopes[scope].insert(s.key.clone(), kind);
    }

    fn visit_forloop(&mut self, f: &Forloop) {
        let item = match self.flow(&f.container) {
            Some(TermsKind::List) if f.key.is_none() => Some(TermsKind::Term),
            None => None,
            Some(_) => {
                // `for k, v in t`: every field, `pages` too.
                self.read = true;
                None
            }
        };
        let mut scope = HashMap::new();
        if let Some(k) = &f.key {
            scope.insert(k.clone(), None);
        }
        scope.insert(f.value.clone(), item);
        self.binds_paginator |= scope.contains_key("paginator");
        self.scopes.push(scope);
        ast::walk_loop_body(self, f);
        self.scopes.pop();
    }

    fn visit_block(&mut self, b: &Block) {
        // A child template's block sees this template's variables: it is not followed.
        if self.any_term_bound() {
            self.read = true;
        }
        self.visit_nodes(&b.body);
    }

    fn visit_include(&mut self, _targets: &[String]) {
        if self.any_term_bound() {
            self.read = true;
        }
    }

    fn visit_macro_definition(&mut self, m: &MacroDefinition) {
        // Macros see only their arguments; a term given as one is a use of it at the call.
        // A macro sees no `paginator` either, unless given one.
        let saved = (std::mem::take(&mut self.scopes), self.in_macro);
        self.in_macro = true;
        let mut scope = HashMap::new();
        for (arg, default) in &m.args {
            if let Some(d) = default {
                self.visit_expr(d);
            }
            scope.insert(arg.clone(), None);
        }
        self.binds_paginator |= scope.contains_key("paginator");
        self.scopes.push(scope);
        self.visit_nodes(&m.body);
        (self.scopes, self.in_macro) = saved;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(templates: &[(&str, &str)]) -> ListedFields {
        let mut tera = Tera::default();
        tera.add_raw_templates(templates.to_vec()).unwrap();
        listed_fields(&tera, &["atom.xml".to_string()])
    }

    fn only(names: &[&str]) -> ListedFields {
        ListedFields::Only(names.iter().map(|s| s.to_string()).collect())
    }

    #[test]
    fn own_page_fields_are_not_listed_fields() {
        let f = fields(&[(
            "page.html",
            "{{ page.title }}{{ page.content | safe }}{{ page.lower.title }}{{ config.extra.x }}",
        )]);
        assert_eq!(f, only(&["title"]));
    }

    #[test]
    fn loop_variables_over_lists_read_listed_fields() {
        let f = fields(&[(
            "section.html",
            "{{ section.content }}{% for p in paginator.pages %}{{ p.title }}{{ p.summary }}{% endfor %}\
             {% for p in section.pages | slice(end=3) %}{{ p.date }}{% endfor %}",
        )]);
        assert_eq!(f, only(&["date", "summary", "title"]));
    }

    #[test]
    fn a_rebound_page_is_listed_and_so_is_page_in_its_includes() {
        let f = fields(&[
            (
                "index.html",
                "{% for page in paginator.pages %}{% include \"card.html\" %}{% endfor %}",
            ),
            ("card.html", "{{ page.content }}"),
        ]);
        assert_eq!(f, only(&["content"]));
    }

    #[test]
    fn blocks_filled_inside_a_rebound_page_are_listed() {
        let f = fields(&[
            (
                "base.html",
                "{% set page = section.pages | first %}{% block item %}{% endblock %}",
            ),
            (
                "child.html",
                "{% extends \"base.html\" %}{% block item %}{{ page.toc }}{% endblock %}",
            ),
        ]);
        assert_eq!(f, only(&["toc"]));
    }

    #[test]
    fn feed_pages_are_full_but_other_roots_in_feeds_are_not() {
        let f = fields(&[(
            "atom.xml",
            "{% for page in pages %}{{ page.content }}{% endfor %}{{ section.pages[0].summary }}",
        )]);
        assert_eq!(f, only(&["summary"]));
    }

    #[test]
    fn macro_arguments_are_listed_and_attribute_literals_count() {
        let f = fields(&[(
            "m.html",
            "{% macro card(page) %}{{ page.description }}{% endmacro %}\
             {% for y, ps in section.pages | group_by(attribute=\"year\") %}{% endfor %}",
        )]);
        assert_eq!(f, only(&["description", "year"]));
    }

    #[test]
    fn what_cannot_be_followed_keeps_every_field() {
        for src in [
            "{% for p in paginator.pages %}{{ p[key] }}{% endfor %}",
            "{{ paginator.pages | json_encode }}",
            "{{ __tera_context }}",
            "{% for p in section.pages %}{% if p == page %}x{% endif %}{% endfor %}",
            "{% for p in section.pages %}{% for k, v in p %}{{ v }}{% endfor %}{% endfor %}",
            "{{ section.pages | map(attribute=name) }}",
        ] {
            assert_eq!(fields(&[("t.html", src)]), ListedFields::All, "{src}");
        }
        // Dynamic keys on values that hold no page are fine.
        assert_eq!(
            fields(&[("t.html", "{{ config.extra[lang] }}{{ page.extra[lang] }}")]),
            only(&[])
        );
    }

    #[test]
    fn a_list_of_pages_may_be_indexed_by_a_variable() {
        // blog.rust-lang.org's index: the year of the page before.
        let f = fields(&[(
            "index.html",
            "{% set rev = section.pages | reverse %}{% for p in rev %}{% set i = loop.index0 - 1 %}\
             {{ rev[i].components | first }}{{ p.title }}{% endfor %}\
             {% set s = get_section(path=\"_index.md\") %}{% for p in s.pages %}{{ p.path }}{% endfor %}\
             {{ s.pages[i].summary }}",
        )]);
        assert_eq!(f, only(&["components", "path", "summary", "title"]));
        // Macro arguments compared with literals (its `month_name(num)`), a field asked for
        // by name.
        let f = fields(&[(
            "macros.html",
            "{% macro m(num, p) %}{% if num == 1 %}Jan.{% elif 2 != num %}{% endif %}\
             {% if \"summary\" in p %}{{ p.title }}{% endif %}{% endmacro %}",
        )]);
        assert_eq!(f, only(&["summary", "title"]));
        // Numbers taken from pages compared with each other (its index's `prev_year`).
        let f = fields(&[(
            "index.html",
            "{% set rev = section.pages | reverse %}{% for page in rev %}\
             {% set year = page.components | nth(n=0) | int %}\
             {% set prev = rev[loop.index0].components | nth(n=0) | int %}\
             {% if prev != year %}y{% endif %}{% if page.date | date(format=\"%Y\") == rev[0].date | date(format=\"%Y\") %}{% endif %}{% endfor %}",
        )]);
        assert_eq!(f, only(&["%Y", "components", "date"]));
        // A variable key on a page itself, or on a page taken from the list, still gives up.
        for src in [
            "{% set rev = section.pages | reverse %}{{ rev[0][key] }}",
            "{% set p = section.pages | first %}{{ p[key] }}",
            "{% set rev = section.pages | map(attribute=\"title\") %}{{ rev[key] }}",
            "{% set rev = section.pages %}{% if rev[1] == page %}x{% endif %}",
            "{% for p in section.pages %}{% if key in p %}x{% endif %}{% endfor %}",
        ] {
            assert_eq!(fields(&[("t.html", src)]), ListedFields::All, "{src}");
        }
    }

    fn terms_read(templates: &[(&str, &str)]) -> bool {
        let mut tera = Tera::default();
        tera.add_raw_templates(templates.to_vec()).unwrap();
        terms_pages_read(&tera)
    }

    #[test]
    fn terms_shown_by_name_and_count_do_not_need_their_pages() {
        for src in [
            // The pufa theme's list, and common variants.
            "<p>{{ terms | length }}</p>{% for t in terms %}<a href=\"{{ t.permalink }}\">{{ t.name }}</a>({{ t.page_count }}){% endfor %}",
            "{% if terms %}{% for term in terms | sort(attribute=\"page_count\") | reverse %}{{ term.slug }}{% endfor %}{% endif %}",
            "{% set top = terms | slice(end=5) %}{% for t in top %}{{ t.path }}{% endfor %}{{ terms[0].name }}{{ terms.0.name }}",
            "{% for t in terms %}{% if t is defined %}{{ t.name ~ \"/\" }}{% endif %}{% set n = t.name %}{{ n }}{% endfor %}{% include \"x.html\" %}",
            "{% for t in terms %}{{ get_taxonomy_url(kind=\"tags\", name=t.name) }}{{ m::chip(name=t.name) }}{% endfor %}",
            "{% set f = terms | first %}{{ f.name }}{% set l = terms | nth(n=1) %}{{ l.slug }}",
            // A loop variable named like the list's items elsewhere is not a term.
            "{% for pages in section.pages %}{{ pages.title }}{% endfor %}{{ term.pages }}",
        ] {
            assert!(!terms_read(&[("t.html", src), ("x.html", "")]), "{src}");
        }
    }

    #[test]
    fn terms_whose_pages_may_be_read_keep_them() {
        for src in [
            "{% for t in terms %}{% for p in t.pages %}{{ p.title }}{% endfor %}{% endfor %}",
            "{% for t in terms %}{{ t.pages | length }}{% endfor %}",
            "{{ terms[0].pages[0].title }}",
            "{{ terms.0.pages }}",
            "{% set ts = terms | reverse %}{% for t in ts %}{{ t.pages | first }}{% endfor %}",
            "{% set t = terms | last %}{{ t[\"pages\"] }}",
            "{% for t in terms %}{{ t[key] }}{% endfor %}",
            "{% for t in terms %}{{ m::card(term=t) }}{% endfor %}",
            "{{ m::cloud(terms=terms) }}",
            "{% for t in terms %}{% include \"card.html\" %}{% endfor %}",
            "{% set t = terms | first %}{% block item %}{% endblock %}",
            "{{ terms | json_encode }}",
            "{{ terms | map(attribute=\"name\") | join(sep=\",\") }}",
            "{% for t in terms | sort(attribute=\"pages\") %}{% endfor %}",
            "{% for t in terms %}{% for k, v in t %}{{ v }}{% endfor %}{% endfor %}",
            "{% for t in terms %}{% if t == other %}x{% endif %}{% endfor %}",
            "{% if x in terms %}x{% endif %}",
            "{{ __tera_context }}",
            "{% set_global all = terms %}{% include \"x.html\" %}",
            "{% for t in terms %}{{ t }}{% endfor %}",
        ] {
            assert!(terms_read(&[("t.html", src), ("x.html", "")]), "{src}");
        }
        // Another template of the site reads them.
        assert!(terms_read(&[
            ("a.html", "{% for t in terms %}{{ t.name }}{% endfor %}"),
            (
                "b.html",
                "{% for t in terms %}{{ t.pages | length }}{% endfor %}"
            ),
        ]));
    }

    fn paged_read(templates: &[(&str, &str)]) -> bool {
        let mut tera = Tera::default();
        tera.add_raw_templates(templates.to_vec()).unwrap();
        paged_term_pages_read(&tera)
    }

    #[test]
    fn pagers_do_not_read_term_pages_listed_only_without_a_paginator() {
        let pattern = "{{ term.name }}{{ term.page_count }}{% if paginator %}{% for p in paginator.pages %}{{ p.title }}{% endfor %}\
                       {% else %}{% for p in term.pages %}{{ p.title }}{% endfor %}{% endif %}";
        for src in [
            pattern,
            "{% if not paginator %}{{ term.pages | length }}{% endif %}",
            "{% if paginator %}x{% elif term.pages %}{{ term.pages[0].title }}{% endif %}",
            // Another template's loop variable named `term` is not the page's term.
            "{% for term in terms %}{{ term.pages | length }}{% endfor %}",
        ] {
            assert!(!paged_read(&[("t.html", src)]), "{src}");
        }
        for src in [
            "{{ term.pages | length }}",
            "{% if paginator %}{{ term.pages | length }}{% endif %}",
            "{% if paginator.next %}{% else %}{{ term.pages | length }}{% endif %}",
            "{% if not paginator %}{% else %}{{ term.pages[0].title }}{% endif %}",
            "{{ m::list(t=term) }}",
            "{{ term | json_encode }}",
            // Macros see no paginator: their `else` may be taken.
            "{% macro x(term) %}{% if paginator %}{% else %}{{ term.pages }}{% endif %}{% endmacro %}{{ self::x(term=term) }}",
        ] {
            assert!(paged_read(&[("t.html", src)]), "{src}");
        }
        // A template that sets `paginator` itself: it may be empty anywhere.
        assert!(paged_read(&[
            ("t.html", pattern),
            ("u.html", "{% set paginator = false %}")
        ]));
    }

    fn feed_read(templates: &[(&str, &str)]) -> bool {
        let mut tera = Tera::default();
        tera.add_raw_templates(templates.to_vec()).unwrap();
        feed_section_pages_read(&tera, &["atom.xml".to_string(), "feed.xml".to_string()])
    }

    #[test]
    fn section_feeds_keep_the_section_pages_only_when_a_feed_template_reads_them() {
        // Zola's atom.xml reads the section's title and permalink; other templates are not feeds.
        let zola = "{% if section.title %}{{ section.title }}{% endif %}{{ section.permalink }}\
                    {% for page in pages %}{{ page.content }}{% endfor %}";
        assert!(!feed_read(&[
            ("atom.xml", zola),
            (
                "section.html",
                "{% for p in section.pages %}{{ p.title }}{% endfor %}"
            ),
            ("x.html", "{{ section.pages | length }}"),
        ]));
        for src in [
            "{{ section.pages | length }}",
            "{% for p in section.pages %}{{ p.title }}{% endfor %}",
            "{{ section | json_encode }}",
            "{% set s = section %}{{ s.pages }}",
            "{{ m::list(s=section) }}",
            "{{ section[key] }}",
        ] {
            assert!(feed_read(&[("atom.xml", src)]), "{src}");
            assert!(feed_read(&[("themes/t/templates/feed.xml", src)]), "{src}");
        }
        // What a feed template extends, includes or imports is part of it.
        for (feed, other) in [
            ("{% extends \"base.xml\" %}", "base.xml"),
            ("{% include \"x.html\" %}", "x.html"),
            ("{% import \"x.html\" as m %}", "x.html"),
        ] {
            let read = "{{ section.pages | length }}{% macro m() %}{% endmacro %}";
            assert!(feed_read(&[("atom.xml", feed), (other, read)]), "{feed}");
            let title = "{{ section.title }}{% macro m() %}{% endmacro %}";
            assert!(!feed_read(&[("atom.xml", feed), (other, title)]), "{feed}");
        }
    }

    #[test]
    fn segments_read_brackets() {
        assert_eq!(
            segments("a.b[\"c d\"][0][e.f]"),
            vec![
                Seg::Name("a".into()),
                Seg::Name("b".into()),
                Seg::Name("c d".into()),
                Seg::Index,
                Seg::Dynamic("e.f".into())
            ]
        );
    }
}
