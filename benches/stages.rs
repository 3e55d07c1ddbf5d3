//! Stage timings of a build, in process: `cargo bench --bench stages`.
//!
//! A synthetic site (the generator of `examples/gen_site.rs`, 1,000 pages by default, or
//! `PUFA_BENCH_PAGES`) is made once; then each stage is timed on its own:
//! - `load`: config, templates, reading and parsing every file, the library, Markdown and
//!   the page values (everything before rendering);
//! - `page_values/analysed` against `page_values/all_fields`: serialising every page with the
//!   fields templates read from listed pages, against the baseline of every field (what a
//!   build did before the template analysis; their ratio is the saving);
//! - `render`: every output file of the site, into memory (no disk);
//! - `build`: the whole build to disk, swap included.
//!
//! Whole-process figures against Hugo and Zola come from `benches/build.sh`.

#[allow(dead_code, unused_imports)]
#[path = "../examples/gen_site.rs"]
mod gen_site;

use std::path::PathBuf;
use std::sync::OnceLock;

use pufa::content::ser::PageValues;
use pufa::diagnostics::{Diagnostics, Lang};
use pufa::output::MemoryOutput;
use pufa::site::{self, BuildOptions, Site};
use pufa::templates::usage::{listed_fields, ListedFields};

fn main() {
    divan::main();
}

fn site_dir() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let pages = std::env::var("PUFA_BENCH_PAGES").unwrap_or_else(|_| "1000".into());
        let dir = std::env::temp_dir().join(format!("pufa-bench-stages-{pages}"));
        let args = ["--pages", &pages, "--out", &dir.to_string_lossy()].map(String::from);
        let opts = gen_site::parse_args(args.into_iter()).expect("generator options");
        gen_site::run(&opts).expect("generate the bench site");
        dir
    })
}

fn options() -> BuildOptions {
    BuildOptions {
        root: site_dir().clone(),
        config_file: None,
        output_dir: Some(std::env::temp_dir().join("pufa-bench-stages-out")),
        base_url: None,
        include_drafts: false,
        force: true,
    }
}

fn loaded() -> &'static Site {
    static SITE: OnceLock<Site> = OnceLock::new();
    SITE.get_or_init(|| load(&options()))
}

fn load(opts: &BuildOptions) -> Site {
    let mut diags = Diagnostics::new(Lang::En);
    let site = site::load(opts, &mut diags);
    site.unwrap_or_else(|| panic!("the bench site does not load:\n{}", diags.render_plain()))
}

#[divan::bench(sample_count = 10)]
fn load_stage() -> Site {
    load(&options())
}

#[divan::bench(sample_count = 10, args = ["analysed", "all_fields"])]
fn page_values(which: &str) -> PageValues {
    let site = loaded();
    let fields = match which {
        "analysed" => listed_fields(&site.templates.tera, &["atom.xml".to_string()]),
        _ => ListedFields::All,
    };
    PageValues::build(&site.library, fields)
}

#[divan::bench(sample_count = 10)]
fn render() -> usize {
    let out = MemoryOutput::default();
    let mut diags = Diagnostics::new(Lang::En);
    loaded().render(&out, None, &mut diags);
    assert!(diags.is_empty(), "render errors: {diags:?}");
    out.into_files().len()
}

#[divan::bench(sample_count = 5)]
fn build() {
    let mut diags = Diagnostics::new(Lang::En);
    site::build(&options(), &mut diags).expect("the bench site builds");
}
