//! The analysis: Tera's parsed templates walked into a graph of includes and macro calls, and
//! the cycles in it that can never stop reported as errors; tags nested too deep for Tera's
//! parser refused before parsing.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use tera::ast::{MacroCall, MacroDefinition, Node};
use tera::Tera;

use crate::diagnostics::{Diagnostic, Msg};
use crate::templates::ast::{self, Visitor};

/// A place that can be entered while rendering: a whole template (top level or included), or
/// one macro of a template.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(super) enum Key {
    Template(String),
    Macro(String, String),
}

impl Key {
    pub(super) fn template(&self) -> &str {
        match self {
            Key::Template(t) | Key::Macro(t, _) => t,
        }
    }

    pub(super) fn describe_zh(&self) -> String {
        match self {
            Key::Template(t) => t.to_string(),
            Key::Macro(t, m) => format!("{t} 中的宏 {m}"),
        }
    }

    pub(super) fn describe_en(&self) -> String {
        match self {
            Key::Template(t) => t.to_string(),
            Key::Macro(t, m) => format!("macro {m} in {t}"),
        }
    }
}

/// One step from a place to another: an include or a macro call.
#[derive(Debug, Clone)]
pub(super) struct Edge {
    to: Key,
    /// Inside an `{% if %}`, `{% for %}`, after `and`/`or`, or in `default(value=…)`: the step
    /// may not run.
    guarded: bool,
    /// Tera resolves this step to exactly `to` (not a guess by macro name).
    exact: bool,
}

/// The places and steps of all templates.
pub(super) struct Graph {
    edges: BTreeMap<Key, Vec<Edge>>,
}

impl Graph {
    pub(super) fn new(tera: &Tera) -> Graph {
        // Which templates define a macro of each name: the fallback for namespaces that Tera
        // resolves in ways too intricate to repeat here (imports of imports, parents, blocks).
        let mut by_macro_name: HashMap<&str, Vec<&str>> = HashMap::new();
        for (name, t) in &tera.templates {
            for m in t.macros.keys() {
                by_macro_name.entry(m).or_default().push(name);
            }
        }
        let mut edges = BTreeMap::new();
        for (name, t) in &tera.templates {
            let mut walker = RecursionWalker {
                tera,
                by_macro_name: &by_macro_name,
                template: name,
                guarded: false,
                out: Vec::new(),
            };
            edges.insert(Key::Template(name.clone()), walker.steps(&t.ast));
            for (m, def) in &t.macros {
                edges.insert(Key::Macro(name.clone(), m.clone()), walker.steps(&def.body));
            }
        }
        Graph { edges }
    }

    /// Strongly connected components that contain a cycle, over the edges `keep` accepts; each
    /// sorted, and the list sorted, so reports do not depend on hash order.
    pub(super) fn cycles(&self, keep: impl Fn(&Edge) -> bool) -> Vec<Vec<Key>> {
        let keys: Vec<&Key> = self.edges.keys().collect();
        let index: HashMap<&Key, usize> = keys.iter().enumerate().map(|(i, k)| (*k, i)).collect();
        let adj: Vec<Vec<usize>> = keys
            .iter()
            .map(|k| {
                self.edges[*k]
                    .iter()
                    .filter(|e| keep(e))
                    .filter_map(|e| index.get(&e.to).copied())
                    .collect()
            })
            .collect();
        let mut out: Vec<Vec<Key>> = tarjan(&adj)
            .into_iter()
            .filter(|c| c.len() > 1 || adj[c[0]].contains(&c[0]))
            .map(|c| {
                let mut v: Vec<Key> = c.into_iter().map(|i| keys[i].clone()).collect();
                v.sort();
                v
            })
            .collect();
        out.sort();
        out
    }

    /// A cycle through `start` inside `members`, over the edges `keep` accepts: the places in
    /// order, ending where it started.
    fn path_in(&self, start: &Key, members: &[Key], keep: impl Fn(&Edge) -> bool) -> Vec<Key> {
        // Breadth-first from `start` back to `start`, so the reported cycle is a shortest one.
        let mut prev: HashMap<&Key, &Key> = HashMap::new();
        let mut queue = std::collections::VecDeque::from([start]);
        while let Some(k) = queue.pop_front() {
            for e in self.edges[k].iter().filter(|e| keep(e)) {
                if !members.contains(&e.to) {
                    continue;
                }
                if e.to == *start {
                    let mut path = vec![start.clone()];
                    let mut at = k;
                    while at != start {
                        path.push(at.clone());
                        at = prev[at];
                    }
                    path.push(start.clone());
                    path.reverse();
                    return path;
                }
                if !prev.contains_key(&e.to) && e.to != *start {
                    prev.insert(&e.to, k);
                    queue.push_back(&e.to);
                }
            }
        }
        vec![start.clone(), start.clone()]
    }
}

/// Tarjan's algorithm, iterative so that a long chain of templates cannot overflow the stack.
fn tarjan(adj: &[Vec<usize>]) -> Vec<Vec<usize>> {
    let n = adj.len();
    let mut index = vec![usize::MAX; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut out = Vec::new();
    let mut next = 0;
    for root in 0..n {
        if index[root] != usize::MAX {
            continue;
        }
        // (node, next edge to look at)
        let mut work = vec![(root, 0)];
        while let Some(&mut (v, ref mut i)) = work.last_mut() {
            if *i == 0 && index[v] == usize::MAX {
                index[v] = next;
                low[v] = next;
                next += 1;
                stack.push(v);
                on_stack[v] = true;
            }
            if let Some(&w) = adj[v].get(*i) {
                *i += 1;
                if index[w] == usize::MAX {
                    work.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == index[v] {
                let mut comp = Vec::new();
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    comp.push(w);
                    if w == v {
                        break;
                    }
                }
                out.push(comp);
            }
        }
    }
    out
}

/// Collects the steps out of one template's or macro's nodes.
struct RecursionWalker<'a> {
    tera: &'a Tera,
    by_macro_name: &'a HashMap<&'a str, Vec<&'a str>>,
    /// The template the nodes belong to (macro namespaces are resolved from it).
    template: &'a str,
    /// Inside code that may not run (see [`Visitor::visit_conditional`]).
    guarded: bool,
    out: Vec<Edge>,
}

impl Visitor for RecursionWalker<'_> {
    fn visit_conditional(&mut self, walk: impl FnOnce(&mut Self)) {
        let was = std::mem::replace(&mut self.guarded, true);
        walk(self);
        self.guarded = was;
    }

    fn visit_include(&mut self, names: &[String]) {
        // Tera renders the first name that exists; an included template that extends
        // another fails at once ("Inheritance in included templates"), so it is no step.
        let found = names.iter().find_map(|n| self.tera.templates.get(n));
        if let Some(t) = found.filter(|t| t.parent.is_none()) {
            self.out.push(Edge {
                to: Key::Template(t.name.clone()),
                guarded: self.guarded,
                exact: true,
            });
        }
    }

    /// Macro bodies are their own places.
    fn visit_macro_definition(&mut self, _: &MacroDefinition) {}

    fn visit_macro_call(&mut self, m: &MacroCall) {
        ast::walk_macro_call(self, m);
        let exact = self.resolve_macro(&m.namespace, &m.name);
        // Every macro of that name may be the one Tera picks; only an exact resolution
        // may make an error.
        for t in self
            .by_macro_name
            .get(m.name.as_str())
            .into_iter()
            .flatten()
        {
            let to = Key::Macro((*t).to_string(), m.name.clone());
            let is_exact = exact.as_deref() == Some(*t);
            self.out.push(Edge {
                to,
                guarded: self.guarded,
                exact: is_exact,
            });
        }
    }
}

impl RecursionWalker<'_> {
    /// The steps out of `nodes`.
    fn steps(&mut self, nodes: &[Node]) -> Vec<Edge> {
        self.guarded = false;
        self.visit_nodes(nodes);
        std::mem::take(&mut self.out)
    }

    /// The template whose macro `ns::name` surely is, in the plain cases: `self::` in a
    /// template that defines `name`, or a namespace the template imports itself.
    fn resolve_macro(&self, ns: &str, name: &str) -> Option<String> {
        let here = self.tera.templates.get(self.template)?;
        let file = if ns == "self" {
            self.template
        } else {
            here.imported_macro_files
                .iter()
                .find(|(_, n)| n == ns)
                .map(|(f, _)| f.as_str())?
        };
        let t = self.tera.templates.get(file)?;
        t.macros.contains_key(name).then(|| file.to_string())
    }
}

/// Errors for every cycle of includes and macro calls that cannot stop, naming the template
/// file (and the line of the step, when it can be found in the file).
pub fn check(tera: &Tera) -> Vec<Diagnostic> {
    let graph = Graph::new(tera);
    let certain = |e: &Edge| e.exact && !e.guarded;
    graph
        .cycles(certain)
        .into_iter()
        .map(|members| {
            let path = graph.path_in(&members[0], &members, certain);
            cycle_diagnostic(tera, &path)
        })
        .collect()
}

fn cycle_diagnostic(tera: &Tera, path: &[Key]) -> Diagnostic {
    let start = &path[0];
    let template = tera.templates.get(start.template());
    let file: PathBuf = template
        .and_then(|t| t.path.clone())
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new("templates").join(start.template()));
    let (line, col) = template
        .and_then(|t| t.path.as_deref())
        .and_then(|p| crate::source::read_text_file(Path::new(p)).ok())
        .and_then(|src| locate_step(&src, start, &path[1]))
        .unwrap_or((0, 0));
    let chain_zh: Vec<String> = path.iter().map(Key::describe_zh).collect();
    let chain_en: Vec<String> = path.iter().map(Key::describe_en).collect();
    let (message, hint) = match start {
        Key::Template(t) => (
            Msg::new(
                format!(
                "模板 `{t}` 会无休止地包含自己：{}",
                chain_zh.join(" → ")
            ),
            format!(
                "template `{t}` includes itself without end: {}",
                chain_en.join(" → ")
            ),
            ),
            Msg::new(
                "请删掉这个 {% include %}；确实需要时，把它放进 {% if %} 里，让它在某个条件下停止。",
                "Remove this {% include %}, or put it inside an {% if %} so that it stops.",
            ),
        ),
        Key::Macro(t, m) => (
            Msg::new(
                format!(
                "模板 `{t}` 里的宏 `{m}` 会无休止地调用自己：{}",
                chain_zh.join(" → ")
            ),
            format!(
                "macro `{m}` in template `{t}` calls itself without end: {}",
                chain_en.join(" → ")
            ),
            ),
            Msg::new(
                "递归调用宏时，要放进 {% if %} 或 {% for %} 里，让它在某个条件下停止。",
                "Put the recursive call inside an {% if %} or {% for %} so that it stops.",
            ),
        ),
    };
    Diagnostic::error(file, line, col, message).with_hint(hint)
}

/// The 1-based line and column of the step from `from` to `to` in `src`, found by its text.
pub(super) fn locate_step(src: &str, from: &Key, to: &Key) -> Option<(usize, usize)> {
    // Skip to the macro's definition, so a call elsewhere in the file is not taken for it.
    let start = match from {
        Key::Macro(_, m) => find_tag(src, 0, "macro", m)?,
        Key::Template(_) => 0,
    };
    let at = match to {
        Key::Template(t) => find_tag(src, start, "include", t)?,
        Key::Macro(_, m) => {
            let needle = format!("::{m}(");
            let i = src[start..].find(&needle)? + start;
            // Back to the start of `namespace::`.
            src[..i]
                .rfind(|c: char| !(c.is_alphanumeric() || c == '_'))
                .map_or(0, |j| j + 1)
        }
    };
    let line = src[..at].matches('\n').count() + 1;
    let line_start = src[..at].rfind('\n').map_or(0, |i| i + 1);
    Some((line, src[line_start..at].chars().count() + 1))
}

/// Where `{% KEYWORD NAME` (NAME quoted for an include, followed by `(` for a macro) starts.
fn find_tag(src: &str, from: usize, keyword: &str, name: &str) -> Option<usize> {
    let mut pos = from;
    while let Some(i) = src[pos..].find("{%") {
        let at = pos + i;
        let rest = src[at + 2..].trim_start_matches('-').trim_start();
        if let Some(after) = rest.strip_prefix(keyword) {
            let after = after.trim_start();
            let hit = if keyword == "include" {
                ["\"", "'", "`"]
                    .iter()
                    .any(|q| after.starts_with(&format!("{q}{name}{q}")))
            } else {
                after
                    .strip_prefix(name)
                    .is_some_and(|r| r.trim_start().starts_with('('))
            };
            if hit {
                return Some(at);
            }
        }
        pos = at + 2;
    }
    None
}

/// Tags nested deeper than this are refused before Tera parses them: its parser recurses for
/// each level and overflows a 64 MB stack at a few thousand. Real templates nest a dozen.
pub const MAX_TAG_NESTING: usize = 100;

/// The byte offset of the first `{% if %}`, `{% for %}`, `{% block %}`, `{% macro %}` or
/// `{% filter %}` nested more than [`MAX_TAG_NESTING`] deep, if any.
pub fn too_deeply_nested(src: &str) -> Option<usize> {
    const OPEN: &[&str] = &["if", "for", "block", "macro", "filter"];
    let mut depth = 0usize;
    let mut pos = 0;
    while let Some(i) = src[pos..].find(['{']) {
        let at = pos + i;
        let rest = &src[at..];
        pos = at + 1;
        if rest.starts_with("{#") {
            // A comment may contain anything.
            pos = rest.find("#}").map_or(src.len(), |e| at + e + 2);
            continue;
        }
        if !rest.starts_with("{%") {
            continue;
        }
        let inner = rest[2..].trim_start_matches(['-', '+']).trim_start();
        let word: String = inner
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        if word == "raw" {
            // Everything up to `endraw` is text.
            pos = rest.find("endraw").map_or(src.len(), |e| at + e);
        } else if OPEN.contains(&word.as_str()) {
            depth += 1;
            if depth > MAX_TAG_NESTING {
                return Some(at);
            }
        } else if word.strip_prefix("end").is_some_and(|w| OPEN.contains(&w)) {
            depth = depth.saturating_sub(1);
        }
    }
    None
}
