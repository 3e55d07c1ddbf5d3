//! pufa: a static site generator for legal-education (普法) sites, laid out like Zola and
//! rendering Zola's Tera templates.
//!
//! The pipeline, one module per stage:
//! [`config`] → [`source`] (walk, decode, front matter) → [`content`] (the library) →
//! [`markdown`] → [`templates`] → [`render`] → [`output`], tied together by [`site`].
//! The legal-education layer: [`law`] (citations, law library), [`campaign`], [`qr`],
//! [`search`].

pub mod article_kind;
pub mod campaign;
pub mod check;
pub mod config;
pub mod content;
pub mod desktop;
pub mod diagnostics;
pub mod import;
pub mod law;
pub mod markdown;
pub mod output;
pub mod qr;
pub mod render;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod site;
pub mod slugs;
pub mod source;
pub mod templates;

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
