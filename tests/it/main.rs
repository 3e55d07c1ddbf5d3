//! pufa's integration tests, one test binary (as mdBook's `tests/testsuite`): each module
//! below runs the real `pufa` binary or the library on sites made in temporary folders —
//! fixture sites from `tests/sites/`, the repository's own demo site and theme, or files a
//! test writes — and asserts on the files, messages and exit codes. `common` holds what they
//! share: [`common::SiteTest`] (a site in a temporary folder, built and read back), running
//! the binary, reading a built tree.
//!
//! Run one module with `cargo test --test it MODULE::` (e.g. `cargo test --test it serve::`).

// A test binary has no users outside it: `pub` in its modules only means "for the other tests".
#![allow(unreachable_pub)]

mod common;

// The command line on fixture sites.
mod check;
mod first_day;
mod site_messages;
mod unpublished;
mod workflow;
mod zola_compat;

// The default theme, the law library, listed fields, search.
mod builtin_theme;
mod law;
mod listed_fields;
mod search_everyday_b;
mod search_heldout;
mod search_statutes;

// `pufa serve` over HTTP.
mod serve;
mod serve_template_errors;

// Hostile and odd input, limits, the output folder.
mod limits;
mod output_safety;
mod robustness;

// Property tests of the parsers (on the library, no binary).
mod limits_props;
mod properties;

// `minify_html = true`: pufa's minifier against minify-html, byte for byte.
mod minify_diff;

// The demo site in headless Chromium (skips without Chromium unless CI is set).
mod browser;

// The shape of the code: no module loops, no upward uses.
mod layers;
