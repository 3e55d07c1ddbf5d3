//! The `pufa` command line: a thin layer over the library in `lib.rs`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use pufa::diagnostics::Diagnostics;
use pufa::site::{self, BuildOptions};

/// A static site generator for legal-education (普法) sites, compatible with Zola.
#[derive(Parser, Debug)]
#[command(name = "pufa", version, about, long_about = None)]
pub struct Cli {
    /// Directory of the site (where config.toml is).
    #[arg(short, long, global = true, default_value = ".")]
    root: PathBuf,
    /// Config file to use instead of config.toml / zola.toml.
    #[arg(short, long, global = true)]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Build the site into the output folder (default `public`).
    Build {
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
    },
}

fn main() -> ExitCode {
    pufa::init_logging();
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    match cli.command {
        Command::Build {
            output_dir,
            base_url,
            drafts,
            force,
        } => {
            let opts = BuildOptions {
                root: cli.root,
                config_file: cli.config,
                output_dir,
                base_url,
                include_drafts: drafts,
                force,
            };
            let mut diags = Diagnostics::default();
            let summary = site::build(&opts, &mut diags);
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
    }
}

#[cfg(test)]
mod tests {
    use super::Cli;
    use clap::CommandFactory;

    #[test]
    fn cli_is_well_formed() {
        Cli::command().debug_assert();
    }
}
