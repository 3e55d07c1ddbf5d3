//! pufa: a static site generator for legal-education (普法) sites, laid out like Zola and
//! rendering Zola's Tera templates.
//!
//! The pipeline, one module per stage, in the order a build runs them ([`site::load`] and
//! [`Site::render`](site::Site::render) call them one after another):
//!
//! ```text
//! config.toml ─► config ─► source (walk, decode, front matter) ─► content (the frozen Library)
//!   ─► markdown (bodies) ─► templates (Tera, Zola's functions) ─► render ─► output (disk | memory)
//!                                                        search (index files) ─┘
//! ```
//!
//! Then the legal-education layer the stages call: [`law`] (citations, the law library),
//! [`campaign`] (the campaign calendar), [`qr`], [`article_kind`] (case, qa … and their parts).
//! Then the commands: [`check`], [`serve`], [`scaffold`] (`init`, `new`), [`import`] (Word),
//! [`desktop`] (double-click on Windows). `docs/architecture.md` draws the whole picture and
//! the rules the layers keep (a test, `tests/it/layers.rs`, holds them).

// The words every stage uses.
pub mod diagnostics;
pub mod html;
pub mod slugs;

// The stages, in the order a build runs them.
// 1. `config.toml` (read with the source stage's decoding and TOML diagnostics).
pub mod config;
// 2. Files on disk: walk `content/`, decode, split and parse front matter.
pub mod source;
// 3. Pages and sections into the frozen library.
pub mod content;
// 4. Every body's Markdown into HTML.
pub mod markdown;
// 5. Tera, laid out as Zola, with Zola's functions and filters.
pub mod templates;
// 6. Every output file rendered.
pub mod render;
// 7. The search index files.
pub mod search;
// 8. Disk (swapped in whole) or memory.
pub mod output;
// `minify_html = true`: Zola's minifier's output, without its 10 MB entity table.
pub mod minify;
// The stages strung together: `site::load`, `Site::render`, `site::build`.
pub mod site;

// The legal-education layer.
pub mod article_kind;
pub mod campaign;
pub mod law;
pub mod qr;

// The commands beyond `build`.
pub mod check;
pub mod desktop;
pub mod import;
pub mod scaffold;
pub mod serve;

/// The Zola version whose template contract pufa follows (`zola_version` in templates).
pub const ZOLA_VERSION: &str = "0.22.1";

/// Logs go to stderr, quiet unless `PUFA_LOG` says otherwise (e.g. `PUFA_LOG=info`).
pub fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_env("PUFA_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_span_events(tracing_subscriber::fmt::format::FmtSpan::CLOSE)
        .with_writer(std::io::stderr)
        .with_target(false)
        .try_init();
}

/// Data files tests need, found one way: an environment variable, else a path relative to the
/// repository (`CARGO_MANIFEST_DIR`), never a path of one machine. A missing file skips the
/// test on a bare `cargo test` and fails it when `CI` is set.
#[cfg(test)]
pub(crate) mod test_data {
    use std::path::{Path, PathBuf};

    /// `laws.db` (378 laws): `LAWS_DB`, else `../shared/data/laws/laws.db` beside the repository.
    pub(crate) fn laws_db() -> Option<PathBuf> {
        let path = std::env::var_os("LAWS_DB").map_or_else(
            || Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/laws/laws.db"),
            PathBuf::from,
        );
        if path.is_file() {
            return Some(path);
        }
        missing(&format!("laws.db at {} (set LAWS_DB)", path.display()));
        None
    }

    /// Skips (prints why) on a bare `cargo test`; fails under CI.
    pub(crate) fn missing(what: &str) {
        assert!(std::env::var_os("CI").is_none(), "CI must have {what}");
        eprintln!("skipped: {what} not found");
    }
}
