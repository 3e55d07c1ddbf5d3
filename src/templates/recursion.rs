//! Template recursion: a template that includes itself, or a macro that calls itself, must be an
//! error and never a crash.
//!
//! Tera 1 has no depth limit: an endless `{% include %}` cycle or macro recursion overflows the
//! stack and the process aborts, taking every other page with it. Two defences, both set up once
//! when the templates are loaded (linear in the size of the templates; nothing is added to a
//! template that cannot recurse):
//!
//! - [`check`] walks Tera's parsed templates into a graph of includes and macro calls. A cycle
//!   whose every step runs unconditionally (not inside an `{% if %}` or `{% for %}`) can never
//!   stop: it is reported as an error naming the template file, before anything is built.
//! - Tags nested thousands deep would overflow the stack in Tera's own parser:
//!   [`too_deeply_nested`] refuses them before parsing.
//! - Recursion behind a condition is legitimate (a tree menu) but may still run away
//!   (`{% if n > 0 %}` with `n` growing). [`guard`] puts a call of [`GUARD_FN`] at the start of
//!   every macro and template that takes part in any cycle; the call fails, with a normal template
//!   error, when the thread's stack is nearly used up, or when one render entered them more than
//!   [`MAX_ENTRIES`] times (recursion that branches hangs long before it runs deep). Rendering
//!   threads get a large stack ([`STACK_SIZE`]) so that legitimate deep recursion still has room.

use std::cell::Cell;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use tera::ast::{Expr, ExprVal, FunctionCall, MacroCall, MacroDefinition, Node, WS};
use tera::{Tera, Value};

use super::ast::{self, Visitor};
use crate::diagnostics::{Diagnostic, Msg};

/// The function [`guard`] calls at the start of every recursive macro and template.
pub const GUARD_FN: &str = "__pufa_recursion_guard";

/// Stack size for threads that render templates. Only the pages recursion really touches are
/// used, so the reservation costs nothing until a template recurses deeply. One level of macro
/// recursion takes about 25 KB of stack in a debug build and less in a release build: this
/// leaves room for thousands of levels, and a runaway one uses at most this much memory per
/// thread before it is stopped.
pub const STACK_SIZE: usize = 64 << 20;

/// At most this many entries into recursive macros and templates in one render: recursion that
/// branches (`{{ self::m(n=n+1) }}{{ self::m(n=n+1) }}`) stays shallow while its calls double
/// at every level, a hang the stack check never sees. A tree menu of 100,000 sections still fits.
pub const MAX_ENTRIES: u64 = 100_000;

thread_local! {
    /// Entries counted by [`GUARD_FN`] since the outermost [`counted`] render began.
    static ENTRIES: Cell<u64> = const { Cell::new(0) };
    /// How many [`counted`] renders the thread is inside (a shortcode inside a page …).
    static SCOPES: Cell<u32> = const { Cell::new(0) };
}

/// Runs one render: the outermost one on a thread starts the count of [`MAX_ENTRIES`] afresh,
/// nested ones (a shortcode rendered by a filter inside a page) count with it.
pub fn counted<T>(render: impl FnOnce() -> T) -> T {
    struct Leave;
    impl Drop for Leave {
        fn drop(&mut self) {
            SCOPES.with(|s| s.set(s.get() - 1));
        }
    }
    SCOPES.with(|s| {
        if s.get() == 0 {
            ENTRIES.with(|e| e.set(0));
        }
        s.set(s.get() + 1);
    });
    let _leave = Leave;
    render()
}

/// When less stack than this is left, recursion stops with an error. It must hold one level of
/// recursion plus whatever the deepest level still does (filters, functions, Markdown), and
/// still leave threads with the default 2 MB stack (tests, embedders) some levels of their own.
const RED_ZONE: usize = 512 << 10;

/// A place that can be entered while rendering: a whole template (top level or included), or
/// one macro of a template.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Key {
    Template(String),
    Macro(String, String),
}

impl Key {
    fn template(&self) -> &str {
        match self {
            Key::Template(t) | Key::Macro(t, _) => t,
        }
    }

    fn describe_zh(&self) -> String {
        match self {
            Key::Template(t) => t.to_string(),
            Key::Macro(t, m) => format!("{t} 中的宏 {m}"),
        }
    }

    fn describe_en(&self) -> String {
        match self {
            Key::Template(t) => t.to_string(),
            Key::Macro(t, m) => format!("macro {m} in {t}"),
        }
    }
}

/// One step from a place to another: an include or a macro call.
#[derive(Debug, Clone)]
struct Edge {
    to: Key,
    /// Inside an `{% if %}`, `{% for %}`, after `and`/`or`, or in `default(value=…)`: the step
    /// may not run.
    guarded: bool,
    /// Tera resolves this step to exactly `to` (not a guess by macro name).
    exact: bool,
}

/// The places and steps of all templates.
struct Graph {
    edges: BTreeMap<Key, Vec<Edge>>,
}

impl Graph {
    fn new(tera: &Tera) -> Graph {
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
    fn cycles(&self, keep: impl Fn(&Edge) -> bool) -> Vec<Vec<Key>> {
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
fn locate_step(src: &str, from: &Key, to: &Key) -> Option<(usize, usize)> {
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

/// Puts a call of [`GUARD_FN`] at the start of every template and macro that may take part in
/// a cycle (by any resolution Tera might make), and registers the function.
pub fn guard(tera: &mut Tera) {
    let graph = Graph::new(tera);
    let recursive: Vec<Key> = graph.cycles(|_| true).into_iter().flatten().collect();
    for key in recursive {
        let call = guard_node(&key);
        let Some(t) = tera.templates.get_mut(key.template()) else {
            continue;
        };
        match &key {
            Key::Template(_) => t.ast.insert(0, call),
            Key::Macro(_, m) => {
                if let Some(def) = t.macros.get_mut(m) {
                    def.body.insert(0, call);
                }
            }
        }
    }
    tera.register_function(GUARD_FN, check_stack);
}

fn guard_node(key: &Key) -> Node {
    let mut args = HashMap::new();
    args.insert("zh".to_string(), text_expr(key.describe_zh()));
    args.insert("en".to_string(), text_expr(key.describe_en()));
    Node::VariableBlock(
        WS::default(),
        Expr::new(ExprVal::FunctionCall(FunctionCall {
            name: GUARD_FN.to_string(),
            args,
        })),
    )
}

fn text_expr(s: String) -> Expr {
    Expr::new(ExprVal::String(s))
}

/// [`GUARD_FN`]: nothing while there is stack and budget to spare, an error when recursion went
/// too deep or too wide.
fn check_stack(args: &HashMap<String, Value>) -> tera::Result<Value> {
    let arg = |k: &str| {
        args.get(k)
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string()
    };
    if stacker::remaining_stack().is_some_and(|left| left < RED_ZONE) {
        return Err(tera::Error::msg(format!(
            "模板递归太深（{}），可能永远不会停止；请检查递归的条件 / \
             template recursion too deep ({}): it may never stop; check its condition",
            arg("zh"),
            arg("en")
        )));
    }
    // Outside a counted render nothing resets the count, so nothing is counted.
    let counting = SCOPES.with(Cell::get) > 0;
    let entries = ENTRIES.with(|e| {
        e.set(e.get() + u64::from(counting));
        e.get()
    });
    if entries > MAX_ENTRIES {
        return Err(tera::Error::msg(format!(
            "模板递归调用超过了 {MAX_ENTRIES} 次（{}），可能永远不会结束；请检查递归的条件 / \
             template recursion made more than {MAX_ENTRIES} calls ({}): it may never end; \
             check its condition",
            arg("zh"),
            arg("en")
        )));
    }
    Ok(Value::String(String::new()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tera(templates: &[(&str, &str)]) -> Tera {
        let mut t = Tera::default();
        t.add_raw_templates(templates.to_vec()).unwrap();
        t
    }

    fn messages(t: &Tera) -> Vec<String> {
        check(t).into_iter().map(|d| d.message.en).collect()
    }

    #[test]
    fn self_include_is_found() {
        let t = tera(&[("page.html", "<main>{% include \"page.html\" %}</main>")]);
        assert_eq!(
            messages(&t),
            ["template `page.html` includes itself without end: page.html → page.html"]
        );
    }

    #[test]
    fn include_cycle_through_blocks_is_found() {
        let t = tera(&[
            (
                "a.html",
                "{% block x %}{% include \"b.html\" %}{% endblock %}",
            ),
            ("b.html", "{% include \"a.html\" %}"),
            (
                "child.html",
                "{% extends \"a.html\" %}{% block x %}hi{% endblock %}",
            ),
        ]);
        assert_eq!(
            messages(&t),
            ["template `a.html` includes itself without end: a.html → b.html → a.html"]
        );
    }

    #[test]
    fn guarded_or_missing_includes_are_no_error() {
        let t = tera(&[
            ("a.html", "{% if x %}{% include \"a.html\" %}{% endif %}"),
            (
                "b.html",
                "{% for i in xs %}{% include \"b.html\" %}{% endfor %}",
            ),
            ("c.html", "{% include \"nope.html\" ignore missing %}"),
            // Including a child template fails at once instead of recursing.
            (
                "base.html",
                "{% block x %}{% include \"d.html\" %}{% endblock %}",
            ),
            ("d.html", "{% extends \"base.html\" %}"),
        ]);
        assert_eq!(messages(&t), Vec::<String>::new());
    }

    #[test]
    fn unguarded_macro_recursion_is_found_guarded_is_not() {
        let t = tera(&[
            (
                "m.html",
                "{% macro m(n) %}{{ self::m(n=n+1) }}{% endmacro m %}\
                 {% macro tree(items) %}{% for i in items %}{{ self::tree(items=i.children) }}{% endfor %}{% endmacro tree %}\
                 {% macro a() %}{{ self::b() }}{% endmacro a %}{% macro b() %}{{ self::a() }}{% endmacro b %}",
            ),
            ("p.html", "{% import \"m.html\" as m %}{{ m::m(n=1) }}"),
        ]);
        assert_eq!(
            messages(&t),
            [
                "macro `a` in template `m.html` calls itself without end: macro a in m.html → macro b in m.html → macro a in m.html",
                "macro `m` in template `m.html` calls itself without end: macro m in m.html → macro m in m.html",
            ]
        );
    }

    #[test]
    fn step_is_located_in_the_source() {
        let src = "<p>\n  {%- include 'page.html' %}";
        assert_eq!(
            locate_step(
                src,
                &Key::Template("page.html".into()),
                &Key::Template("page.html".into())
            ),
            Some((2, 3))
        );
        let src = "{% macro m(n) %}\n  {{ self::m(n=n) }}\n{% endmacro %}";
        let m = Key::Macro("t".into(), "m".into());
        assert_eq!(locate_step(src, &m, &m), Some((2, 6)));
    }

    #[test]
    fn guarded_recursion_runs_and_runaway_recursion_is_an_error() {
        let mut t = tera(&[
            (
                "tree.html",
                "{% macro count(n) %}{% if n > 0 %}{{ n }},{{ self::count(n=n-1) }}{% endif %}{% endmacro count %}\
                 {{ self::count(n=depth) }}",
            ),
            (
                "runaway.html",
                "{% macro up(n) %}{% if n > 0 %}{{ self::up(n=n+1) }}{% endif %}{% endmacro up %}{{ self::up(n=1) }}",
            ),
        ]);
        guard(&mut t);
        let mut ctx = tera::Context::new();
        ctx.insert("depth", &3);
        assert_eq!(t.render("tree.html", &ctx).unwrap(), "3,2,1,");
        // On a small stack, as a worst case; the error comes long before an overflow.
        let err = std::thread::Builder::new()
            .stack_size(8 << 20)
            .spawn(move || t.render("runaway.html", &tera::Context::new()).unwrap_err())
            .unwrap()
            .join()
            .unwrap();
        let chain = crate::templates::error_chain(&err);
        assert!(
            chain.contains("template recursion too deep (macro up in runaway.html)"),
            "{chain}"
        );
    }

    #[test]
    fn deep_tag_nesting_is_found_before_parsing() {
        let ok = format!("{}x{}", "{% if a %}".repeat(100), "{% endif %}".repeat(100));
        assert_eq!(too_deeply_nested(&ok), None);
        let siblings = "{% for i in x %}{% if a %}y{% endif %}{% endfor %}".repeat(1000);
        assert_eq!(too_deeply_nested(&siblings), None);
        let hidden = format!(
            "{{% raw %}}{}{{% endraw %}}{{# {} #}}",
            "{% if a %}".repeat(200),
            "{% for x in y %}".repeat(200)
        );
        assert_eq!(too_deeply_nested(&hidden), None);
        let deep = format!("<p>{}x", "{%- if a %}".repeat(20_000));
        assert_eq!(too_deeply_nested(&deep), Some(3 + 100 * 11));
    }

    #[test]
    fn branching_recursion_is_stopped_by_its_count() {
        let mut t = tera(&[(
            "b.html",
            "{% macro m(n) %}{% if n < 60 %}{{ self::m(n=n+1) }}{{ self::m(n=n+1) }}{% endif %}\
             {% endmacro m %}{{ self::m(n=0) }}",
        )]);
        guard(&mut t);
        let err = counted(|| t.render("b.html", &tera::Context::new())).unwrap_err();
        let chain = crate::templates::error_chain(&err);
        assert!(
            chain.contains("template recursion made more than 100000 calls (macro m in b.html)"),
            "{chain}"
        );
        // Each render counts afresh: 200 renders of 2,047 calls each pass.
        let mut small = tera(&[(
            "s.html",
            "{% macro m(n) %}{% if n < 10 %}{{ self::m(n=n+1) }}{{ self::m(n=n+1) }}{% endif %}\
             {% endmacro m %}{{ self::m(n=0) }}",
        )]);
        guard(&mut small);
        for _ in 0..200 {
            counted(|| small.render("s.html", &tera::Context::new())).unwrap();
        }
    }

    #[test]
    fn templates_without_cycles_are_left_alone() {
        let mut t = tera(&[
            (
                "m.html",
                "{% macro a() %}{{ self::b() }}{% endmacro a %}{% macro b() %}x{% endmacro b %}",
            ),
            (
                "p.html",
                "{% import \"m.html\" as m %}{% include \"q.html\" %}{{ m::a() }}",
            ),
            ("q.html", "q"),
        ]);
        let before = t.templates.clone();
        guard(&mut t);
        for (name, tpl) in &before {
            assert_eq!(tpl.ast, t.templates[name].ast, "{name}");
            assert_eq!(tpl.macros, t.templates[name].macros, "{name}");
        }
    }
}
