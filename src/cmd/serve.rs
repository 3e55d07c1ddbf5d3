//! `pufa serve`: builds into memory, serves the site and rebuilds on every change.

use std::net::IpAddr;
use std::process::ExitCode;

use super::Global;

#[derive(clap::Args, Debug)]
pub(crate) struct Args {
    /// Address to listen on (only this computer by default).
    #[arg(short, long, default_value = "127.0.0.1")]
    interface: IpAddr,
    /// Port to listen on.
    #[arg(short, long, default_value_t = 1111)]
    port: u16,
    /// Base URL to use instead of the serve address.
    #[arg(short = 'u', long)]
    base_url: Option<String>,
    /// Include drafts.
    #[arg(long)]
    drafts: bool,
    /// Open the site in the browser.
    #[arg(short = 'O', long)]
    open: bool,
    /// Check files for changes every second instead of waiting for file events
    /// (network drives, Wine; pufa switches by itself when no events arrive).
    #[arg(long)]
    poll: bool,
    /// Turn the browser editor (/_pufa/) on also when listening beyond this computer;
    /// its address with a one-time token is printed.
    #[arg(long)]
    edit: bool,
}

pub(crate) fn run(args: Args, global: &Global) -> ExitCode {
    let opts = pufa::serve::ServeOptions {
        build: global.build_options(None, args.base_url, args.drafts, false),
        interface: args.interface,
        port: args.port,
        open: args.open,
        poll: args.poll,
        edit: args.edit,
    };
    match pufa::serve::serve(opts) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{e}");
            ExitCode::from(2)
        }
    }
}
