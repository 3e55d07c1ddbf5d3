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

mod analysis;
mod guard;

pub use self::analysis::{check, too_deeply_nested, MAX_TAG_NESTING};
pub use self::guard::{counted, guard, GUARD_FN, MAX_ENTRIES, STACK_SIZE};

#[cfg(test)]
mod tests;
