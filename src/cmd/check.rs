//! `pufa check`: the site's problems before publishing, as text or as JSON.

use std::process::ExitCode;

use clap::ValueEnum;

use super::{today, Global};

#[derive(clap::Args, Debug)]
pub(crate) struct Args {
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Include drafts.
    #[arg(long)]
    drafts: bool,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
enum Format {
    Text,
    Json,
}

pub(crate) fn run(args: Args, global: &Global) -> ExitCode {
    let opts = global.build_options(None, None, args.drafts, false);
    let diags = pufa::check::check(&opts, today());
    match args.format {
        Format::Text => {
            // The report ends with the counts line; a clean run prints only that.
            diags.print_to_stderr();
            if diags.is_empty() {
                eprintln!("{}", diags.counts_line());
            }
        }
        Format::Json => println!("{}", pufa::check::to_json(&diags)),
    }
    ExitCode::from(diags.exit_code())
}
