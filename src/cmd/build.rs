//! `pufa build`: the site into the output folder, then the warnings and a summary line.

use std::path::PathBuf;
use std::process::ExitCode;

use pufa::diagnostics::Diagnostics;
use pufa::site;

use super::Global;

#[derive(clap::Args, Debug)]
pub(crate) struct Args {
    /// Output folder.
    #[arg(short, long)]
    output_dir: Option<PathBuf>,
    /// Base URL to use instead of config's (e.g. https://portal.example.gov.cn/town/pufa).
    #[arg(short = 'u', long)]
    base_url: Option<String>,
    /// Include pages and sections marked as drafts.
    #[arg(long)]
    drafts: bool,
    /// Replace the output folder even if it does not look like a generated site.
    #[arg(short, long)]
    force: bool,
}

pub(crate) fn run(args: Args, global: &Global) -> ExitCode {
    let opts = global.build_options(args.output_dir, args.base_url, args.drafts, args.force);
    let mut diags = Diagnostics::default();
    let summary = site::build(&opts, &mut diags);
    if let Some(note) = pufa::config::builtin_theme::notice() {
        eprintln!("{}", note.get(diags.lang()));
    }
    diags.print_to_stderr();
    match summary {
        Some(s) => {
            eprintln!(
                "{}",
                diags.summary_line(s.pages, s.sections, s.files, s.seconds)
            );
            ExitCode::SUCCESS
        }
        None => ExitCode::from(diags.exit_code()),
    }
}
