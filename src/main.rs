//! The `pufa` command line: a thin layer over the library in `lib.rs`.

mod cmd;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
    Build(cmd::build::Args),
    /// Build into memory, serve the site, rebuild on every change and reload the browser.
    Serve(cmd::serve::Args),
    /// Check the site before publishing: broken links, personal data, missing parts …
    Check(cmd::check::Args),
    /// Create a new site with the default theme and example articles.
    Init(cmd::init::Args),
    /// Create a new article: case, campaign, qa, lecture, board, list or notice.
    New(cmd::new::Args),
    /// Convert a Word document (.docx) into a draft article with its images.
    Import(cmd::import::Args),
    /// Search the built site with the index its search page uses.
    Search(cmd::search::Args),
    /// The law library.
    Laws(cmd::laws::Args),
}

fn main() -> ExitCode {
    // Templates may recurse (tree menus) and Tera has no depth limit: every thread that renders
    // gets a large stack, and `templates::recursion` stops runaway recursion before it is used
    // up. The reservation is virtual memory; only what recursion really touches is used.
    let stack = pufa::templates::recursion::STACK_SIZE;
    let _ = rayon::ThreadPoolBuilder::new()
        .stack_size(stack)
        .build_global();
    match std::thread::Builder::new()
        .name("pufa".into())
        .stack_size(stack)
        .spawn(run)
    {
        Ok(t) => t.join().unwrap_or(ExitCode::from(101)),
        Err(_) => run(),
    }
}

fn run() -> ExitCode {
    pufa::init_logging();
    // Double-clicked in Explorer (Windows), pufa previews the site there instead.
    match pufa::desktop::launch() {
        pufa::desktop::Launch::Run {
            args,
            double_clicked,
        } => {
            let code = run_cli(args);
            if double_clicked && code != ExitCode::SUCCESS {
                pufa::desktop::wait_for_enter();
            }
            code
        }
        pufa::desktop::Launch::Exit(code) => {
            pufa::desktop::wait_for_enter();
            ExitCode::from(code)
        }
    }
}

fn run_cli(args: Vec<std::ffi::OsString>) -> ExitCode {
    let cli = match Cli::try_parse_from(args) {
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
    // Building, serving or checking a folder that is no site is a usage error (exit code 2),
    // not a content error: say where pufa looked and what to run instead.
    if matches!(
        cli.command,
        Command::Build(_) | Command::Serve(_) | Command::Check(_)
    ) {
        let path = pufa::config::Config::file_path(&cli.root, cli.config.as_deref());
        if !path.is_file() {
            eprintln!("{}", cmd::no_site_message(&path, cli.config.is_some()));
            return ExitCode::from(2);
        }
    }
    let global = cmd::Global {
        root: cli.root,
        config: cli.config,
    };
    match cli.command {
        Command::Build(args) => cmd::build::run(args, &global),
        Command::Serve(args) => cmd::serve::run(args, &global),
        Command::Check(args) => cmd::check::run(args, &global),
        Command::Init(args) => cmd::init::run(args),
        Command::New(args) => cmd::new::run(args, &global),
        Command::Import(args) => cmd::import::run(args, &global),
        Command::Search(args) => cmd::search::run(args, &global),
        Command::Laws(args) => cmd::laws::run(args, &global),
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
