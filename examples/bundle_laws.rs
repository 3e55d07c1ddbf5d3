//! Writes `data/laws.jsonl.zst`, the law text that ships with pufa, from a `laws.db` file.
//!
//! ```sh
//! cargo run --example bundle_laws -- ../shared/data/laws/laws.db [data/laws.jsonl.zst]
//! ```
//!
//! The text (format in `src/law/bundled.rs`) is compressed by the `zstd` command at level 19;
//! pufa reads it with the pure-Rust `ruzstd` decoder.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, ExitCode, Stdio};

fn main() -> ExitCode {
    let mut args = std::env::args_os().skip(1);
    let Some(db) = args.next().map(PathBuf::from) else {
        eprintln!("usage: bundle_laws LAWS.DB [OUT.jsonl.zst]");
        return ExitCode::from(2);
    };
    let out = args
        .next()
        .map_or_else(|| PathBuf::from("data/laws.jsonl.zst"), PathBuf::from);
    let text = match pufa::law::bundled::dump_db(&db) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    let child = Command::new("zstd")
        .args(["-19", "-q", "-f", "-o"])
        .arg(&out)
        .stdin(Stdio::piped())
        .spawn();
    let mut child = match child {
        Ok(c) => c,
        Err(e) => {
            eprintln!("cannot run zstd (install the zstd command): {e}");
            return ExitCode::FAILURE;
        }
    };
    let written = child
        .stdin
        .take()
        .map(|mut stdin| stdin.write_all(text.as_bytes()));
    let status = child.wait();
    match (written, status) {
        (Some(Ok(())), Ok(s)) if s.success() => {
            let size = std::fs::metadata(&out).map(|m| m.len()).unwrap_or(0);
            eprintln!(
                "{}: {} bytes of text, {} bytes compressed",
                out.display(),
                text.len(),
                size
            );
            ExitCode::SUCCESS
        }
        _ => {
            eprintln!("zstd failed");
            ExitCode::FAILURE
        }
    }
}
