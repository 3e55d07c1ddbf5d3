//! One walk over Tera's syntax tree, for every analysis of the parsed templates.
//!
//! Takes a template's nodes (`Template::ast`, a macro's body) and calls a [`Visitor`] on each
//! node and expression inside them, in source order. Each `visit_*` method of the trait walks
//! its children by default (through the matching `walk_*` function); an analysis overrides
//! only the hooks it cares about and calls `walk_*` to go on. So every kind of node Tera has is
//! known in this file alone: a new one is added here, and every analysis reaches what is inside
//! it. Two analyses use it: [`super::recursion`] (which includes and macro calls may recurse)
//! and [`super::usage`] (which fields of listed pages templates read).
//!
//! Tera evaluates some parts only on a condition (loop bodies, `if` branches, the right side
//! of `and`/`or`, `default(value=…)`); the walk passes them through
//! [`Visitor::visit_conditional`], so an analysis that cares whether code surely runs can tell.

use tera::ast::{
    Block, Expr, ExprVal, FilterSection, Forloop, FunctionCall, If, In, LogicExpr, LogicOperator,
    MacroCall, MacroDefinition, Node, Set, Test,
};

/// An analysis of Tera's syntax tree. Every method walks into its children by default.
pub(crate) trait Visitor: Sized {
    fn visit_nodes(&mut self, nodes: &[Node]) {
        for node in nodes {
            self.visit_node(node);
        }
    }

    fn visit_node(&mut self, node: &Node) {
        walk_node(self, node);
    }

    /// Code that Tera may not run: `walk` visits it. By default it is visited like the rest.
    fn visit_conditional(&mut self, walk: impl FnOnce(&mut Self)) {
        walk(self);
    }

    fn visit_set(&mut self, set: &Set) {
        self.visit_expr(&set.value);
    }

    /// `{% include "a.html" %}`: the names Tera tries, in order (nothing to walk inside).
    fn visit_include(&mut self, _names: &[String]) {}

    fn visit_filter_section(&mut self, section: &FilterSection) {
        walk_filter_section(self, section);
    }

    fn visit_block(&mut self, block: &Block) {
        self.visit_nodes(&block.body);
    }

    fn visit_forloop(&mut self, forloop: &Forloop) {
        self.visit_expr(&forloop.container);
        self.visit_loop_body(forloop);
    }

    /// The body of a loop and its `{% else %}` part, where the loop's variables are bound.
    fn visit_loop_body(&mut self, forloop: &Forloop) {
        walk_loop_body(self, forloop);
    }

    fn visit_if(&mut self, node: &If) {
        walk_if(self, node);
    }

    fn visit_macro_definition(&mut self, definition: &MacroDefinition) {
        walk_macro_definition(self, definition);
    }

    fn visit_expr(&mut self, expr: &Expr) {
        walk_expr(self, expr);
    }

    fn visit_val(&mut self, val: &ExprVal) {
        walk_val(self, val);
    }

    /// A variable path, as Tera keeps it: `page.lower.title`, `p[key]`.
    fn visit_ident(&mut self, _ident: &str) {}

    /// A filter and its arguments; `input` is the value it filters, `None` in a
    /// `{% filter %}` section (which filters the rendered body).
    fn visit_filter(&mut self, filter: &FunctionCall, _input: Option<&ExprVal>) {
        walk_call_args(self, filter);
    }

    fn visit_function_call(&mut self, call: &FunctionCall) {
        walk_call_args(self, call);
    }

    fn visit_macro_call(&mut self, call: &MacroCall) {
        walk_macro_call(self, call);
    }

    fn visit_test(&mut self, test: &Test) {
        walk_test(self, test);
    }

    fn visit_logic(&mut self, logic: &LogicExpr) {
        walk_logic(self, logic);
    }

    fn visit_in(&mut self, expr: &In) {
        walk_in(self, expr);
    }
}

pub(crate) fn walk_node<V: Visitor>(v: &mut V, node: &Node) {
    match node {
        Node::VariableBlock(_, e) => v.visit_expr(e),
        Node::Set(_, s) => v.visit_set(s),
        Node::Include(_, names, _) => v.visit_include(names),
        Node::FilterSection(_, f, _) => v.visit_filter_section(f),
        Node::Block(_, b, _) => v.visit_block(b),
        Node::Forloop(_, f, _) => v.visit_forloop(f),
        Node::If(i, _) => v.visit_if(i),
        Node::MacroDefinition(_, m, _) => v.visit_macro_definition(m),
        Node::Super
        | Node::Text(_)
        | Node::Extends(..)
        | Node::ImportMacro(..)
        | Node::Raw(..)
        | Node::Break(_)
        | Node::Continue(_)
        | Node::Comment(..) => {}
    }
}

pub(crate) fn walk_filter_section<V: Visitor>(v: &mut V, section: &FilterSection) {
    v.visit_filter(&section.filter, None);
    v.visit_nodes(&section.body);
}

pub(crate) fn walk_loop_body<V: Visitor>(v: &mut V, forloop: &Forloop) {
    v.visit_conditional(|v| v.visit_nodes(&forloop.body));
    if let Some(body) = &forloop.empty_body {
        v.visit_conditional(|v| v.visit_nodes(body));
    }
}

pub(crate) fn walk_if<V: Visitor>(v: &mut V, node: &If) {
    for (k, (_, cond, body)) in node.conditions.iter().enumerate() {
        // Only the first condition is always evaluated.
        if k == 0 {
            v.visit_expr(cond);
        } else {
            v.visit_conditional(|v| v.visit_expr(cond));
        }
        v.visit_conditional(|v| v.visit_nodes(body));
    }
    if let Some((_, body)) = &node.otherwise {
        v.visit_conditional(|v| v.visit_nodes(body));
    }
}

pub(crate) fn walk_macro_definition<V: Visitor>(v: &mut V, definition: &MacroDefinition) {
    for default in definition.args.values().flatten() {
        v.visit_expr(default);
    }
    v.visit_nodes(&definition.body);
}

pub(crate) fn walk_expr<V: Visitor>(v: &mut V, expr: &Expr) {
    v.visit_val(&expr.val);
    for f in &expr.filters {
        // `default(value=…)` is only evaluated when the value is missing.
        if f.name == "default" {
            v.visit_conditional(|v| v.visit_filter(f, Some(&expr.val)));
        } else {
            v.visit_filter(f, Some(&expr.val));
        }
    }
}

pub(crate) fn walk_val<V: Visitor>(v: &mut V, val: &ExprVal) {
    match val {
        ExprVal::Ident(id) => v.visit_ident(id),
        ExprVal::MacroCall(m) => v.visit_macro_call(m),
        ExprVal::FunctionCall(f) => v.visit_function_call(f),
        ExprVal::Math(m) => {
            v.visit_expr(&m.lhs);
            v.visit_expr(&m.rhs);
        }
        ExprVal::Logic(l) => v.visit_logic(l),
        ExprVal::Test(t) => v.visit_test(t),
        ExprVal::Array(items) => {
            for e in items {
                v.visit_expr(e);
            }
        }
        ExprVal::StringConcat(s) => {
            for part in &s.values {
                v.visit_val(part);
            }
        }
        ExprVal::In(i) => v.visit_in(i),
        ExprVal::String(_) | ExprVal::Int(_) | ExprVal::Float(_) | ExprVal::Bool(_) => {}
    }
}

pub(crate) fn walk_call_args<V: Visitor>(v: &mut V, call: &FunctionCall) {
    for e in call.args.values() {
        v.visit_expr(e);
    }
}

pub(crate) fn walk_macro_call<V: Visitor>(v: &mut V, call: &MacroCall) {
    for e in call.args.values() {
        v.visit_expr(e);
    }
}

pub(crate) fn walk_test<V: Visitor>(v: &mut V, test: &Test) {
    v.visit_ident(&test.ident);
    for e in &test.args {
        v.visit_expr(e);
    }
}

pub(crate) fn walk_logic<V: Visitor>(v: &mut V, logic: &LogicExpr) {
    v.visit_expr(&logic.lhs);
    // `and` and `or` stop early: the right side may not be evaluated.
    if matches!(logic.operator, LogicOperator::And | LogicOperator::Or) {
        v.visit_conditional(|v| v.visit_expr(&logic.rhs));
    } else {
        v.visit_expr(&logic.rhs);
    }
}

pub(crate) fn walk_in<V: Visitor>(v: &mut V, expr: &In) {
    v.visit_expr(&expr.lhs);
    v.visit_expr(&expr.rhs);
}

#[cfg(test)]
mod tests {
    use super::*;
    use tera::Tera;

    /// Records every variable it reaches, and which of them sit in conditional code.
    #[derive(Default)]
    struct Idents {
        seen: Vec<String>,
        conditional: Vec<String>,
        includes: Vec<String>,
        depth: usize,
    }

    impl Visitor for Idents {
        fn visit_ident(&mut self, ident: &str) {
            self.seen.push(ident.to_string());
            if self.depth > 0 {
                self.conditional.push(ident.to_string());
            }
        }

        fn visit_conditional(&mut self, walk: impl FnOnce(&mut Self)) {
            self.depth += 1;
            walk(self);
            self.depth -= 1;
        }

        fn visit_include(&mut self, names: &[String]) {
            self.includes.extend(names.iter().cloned());
        }
    }

    fn walk(src: &str) -> Idents {
        let mut tera = Tera::default();
        tera.add_raw_template("inc.html", "").unwrap();
        tera.add_raw_template("t.html", src).unwrap();
        let t = &tera.templates["t.html"];
        // Macro definitions stay in the template's nodes (and are also in `t.macros`).
        let mut v = Idents::default();
        v.visit_nodes(&t.ast);
        v
    }

    #[test]
    fn the_walk_reaches_expressions_in_every_kind_of_node() {
        let v = walk(
            "{% macro mac(arg=1) %}{{ a01 }}{{ a02 }}{% endmacro mac %}\
             {{ a03 }}\
             {% set x = a04 %}{% set_global y = a05 %}\
             {% for k, i in a06 %}{{ a07 }}{% break %}{% else %}{{ a08 }}{% endfor %}\
             {% if a09 %}{{ a10 }}{% elif a11 %}{{ a12 }}{% else %}{{ a13 }}{% endif %}\
             {% filter upper(n=a14) %}{{ a15 }}{% endfilter %}\
             {% block b %}{{ a16 }}{% endblock b %}\
             {{ self::mac(arg=a17) }}{{ range(end=a18) }}\
             {{ a19 is containing(a20) }}{{ a21 + a22 }}{{ a23 and a24 }}{{ a25 == a26 }}\
             {{ [a27, 1] }}{{ a28 ~ \"s\" ~ a29 }}{{ a30 in a31 }}\
             {{ a32 | default(value=a33) | replace(from=\"x\", to=a34) }}\
             {% include \"inc.html\" %}{% raw %}{{ not_code }}{% endraw %}{# {{ not_code }} #}",
        );
        let mut seen = v.seen.clone();
        seen.sort();
        let expected: Vec<String> = (1..=34).map(|i| format!("a{i:02}")).collect();
        assert_eq!(seen, expected);
        let mut conditional = v.conditional.clone();
        conditional.sort();
        // Loop bodies, later conditions and branches, the right of `and`, `default`'s value.
        assert_eq!(
            conditional,
            ["a07", "a08", "a10", "a11", "a12", "a13", "a24", "a33"]
        );
        assert_eq!(v.includes, ["inc.html"]);
    }
}
