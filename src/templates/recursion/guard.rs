//! The runtime guard: a call of [`GUARD_FN`] put at the start of every template and macro that
//! takes part in a cycle, failing with a template error when the stack is nearly used up or one
//! render entered them too often; and the stack size for rendering threads.

use std::cell::Cell;
use std::collections::HashMap;

use tera::ast::{Expr, ExprVal, FunctionCall, Node, WS};
use tera::{Tera, Value};

use super::analysis::{Graph, Key};

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
