//! pufa.exe double-clicked in Explorer: no arguments, and a console window of its own that
//! closes as soon as pufa exits. Printing the usage there would flash a window and vanish, so
//! pufa previews the site in that folder instead (`serve --open`), or offers to create one and
//! waits for the writer to answer.
//!
//! Started from cmd.exe or PowerShell the console is shared with the shell: pufa behaves as
//! everywhere else (usage on no arguments).

use std::ffi::OsString;
use std::io::BufRead;
use std::path::{Path, PathBuf};

/// The folder a site is created in when there is none.
pub const NEW_SITE_DIR: &str = "普法网站";

/// How pufa was started.
#[derive(Debug, PartialEq, Eq)]
pub enum Launch {
    /// The arguments to parse; `double_clicked` when they were made up here.
    Run {
        args: Vec<OsString>,
        double_clicked: bool,
    },
    /// Nothing to run (the writer said no, or there is nothing to preview); wait for a key
    /// press so the message can be read, then exit with this code.
    Exit(u8),
}

/// The command line to run: the real one, or `serve --open` for a double click.
pub fn launch() -> Launch {
    let args: Vec<OsString> = std::env::args_os().collect();
    if args.len() != 1 || !own_console() {
        return Launch::Run {
            args,
            double_clicked: false,
        };
    }
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    let stdin = std::io::stdin();
    double_click(&args[0], &cwd, &mut stdin.lock())
}

/// What a double click in `dir` runs; `answer` is where the reply to the offer comes from.
pub fn double_click(program: &OsString, dir: &Path, answer: &mut dyn BufRead) -> Launch {
    let serve = |root: PathBuf| Launch::Run {
        args: vec![
            program.clone(),
            "--root".into(),
            root.into_os_string(),
            "serve".into(),
            "--open".into(),
        ],
        double_clicked: true,
    };
    let sites = sites_in(dir);
    match sites.as_slice() {
        [one] => {
            println!(
                "正在预览网站：{}\n浏览器会自动打开网站。用记事本或 WPS 改好文章保存后，页面会自动刷新。\n\
                 关闭这个窗口即停止预览。\n",
                crate::diagnostics::display_path(one)
            );
            return serve(one.clone());
        }
        [] => {}
        several => {
            println!("这个文件夹里有好几个网站：");
            for s in several {
                println!("  {}", crate::diagnostics::display_path(s));
            }
            println!(
                "请把 pufa.exe 放进要预览的那个网站文件夹（有 config.toml 的文件夹）里再双击。"
            );
            return Launch::Exit(2);
        }
    }
    let new = dir.join(NEW_SITE_DIR);
    println!(
        "这里还没有普法网站。\n要在这里新建一个网站（“{NEW_SITE_DIR}”文件夹）并在浏览器里预览吗？\n\
         输入 y 后按回车键新建；直接按回车键退出。"
    );
    let mut line = String::new();
    if answer.read_line(&mut line).is_err() || !is_yes(&line) {
        println!("没有新建网站。");
        return Launch::Exit(0);
    }
    let date = crate::site::template_fns::build_day()
        .format("%Y-%m-%d")
        .to_string();
    match crate::scaffold::init(&new, &date) {
        Ok(()) => {
            println!(
                "已创建网站：{}\n文章在它的 content 文件夹里。以后双击 pufa.exe 就会打开这个网站的预览。\n",
                crate::diagnostics::display_path(&new)
            );
            serve(new)
        }
        Err(e) => {
            println!("错误：{e}");
            Launch::Exit(2)
        }
    }
}

/// Sites in `dir`: `dir` itself when it has a config file, else its subfolders that have one.
fn sites_in(dir: &Path) -> Vec<PathBuf> {
    let is_site = |d: &Path| d.join("config.toml").is_file() || d.join("zola.toml").is_file();
    if is_site(dir) {
        return vec![dir.to_path_buf()];
    }
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.is_dir() && is_site(p))
                .collect()
        })
        .unwrap_or_default();
    found.sort();
    found
}

fn is_yes(line: &str) -> bool {
    matches!(
        line.trim().to_lowercase().as_str(),
        "y" | "yes" | "是" | "好" | "新建"
    )
}

/// Waits for the Enter key, so that a window Explorer opened stays until it has been read.
pub fn wait_for_enter() {
    println!("\n按回车键关闭窗口。");
    let mut line = String::new();
    let _ = std::io::stdin().lock().read_line(&mut line);
}

/// Whether this process is alone in its console: Explorer made the console for it. From a
/// shell, the shell is attached too.
#[cfg(windows)]
fn own_console() -> bool {
    fenestroj::wincon::get_console_process_list().is_ok_and(|list| list.len() == 1)
}

#[cfg(not(windows))]
fn own_console() -> bool {
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(dir: &Path, typed: &str) -> Launch {
        double_click(&"pufa.exe".into(), dir, &mut typed.as_bytes())
    }

    #[test]
    fn a_site_folder_is_previewed() {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::write(tmp.path().join("config.toml"), "base_url = \"/\"\n").unwrap();
        let Launch::Run {
            args,
            double_clicked,
        } = run(tmp.path(), "")
        else {
            panic!("no serve")
        };
        assert!(double_clicked);
        let args: Vec<String> = args.iter().map(|a| a.to_string_lossy().into()).collect();
        assert_eq!(
            args[1..],
            ["--root", &tmp.path().to_string_lossy(), "serve", "--open"]
        );
    }

    #[test]
    fn the_one_site_below_is_previewed() {
        let tmp = tempfile::tempdir().unwrap();
        let site = tmp.path().join(NEW_SITE_DIR);
        std::fs::create_dir_all(&site).unwrap();
        std::fs::write(site.join("config.toml"), "base_url = \"/\"\n").unwrap();
        std::fs::create_dir_all(tmp.path().join("照片")).unwrap();
        let Launch::Run { args, .. } = run(tmp.path(), "") else {
            panic!("no serve")
        };
        assert_eq!(args[2], site.into_os_string());
    }

    #[test]
    fn no_site_offers_one_and_creates_it_on_yes() {
        let tmp = tempfile::tempdir().unwrap();
        assert_eq!(run(tmp.path(), "\n"), Launch::Exit(0));
        assert!(!tmp.path().join(NEW_SITE_DIR).exists());
        assert_eq!(run(tmp.path(), ""), Launch::Exit(0));
        let Launch::Run { args, .. } = run(tmp.path(), "Y\r\n") else {
            panic!("no serve")
        };
        let site = tmp.path().join(NEW_SITE_DIR);
        assert!(site.join("config.toml").is_file());
        assert!(site.join("content/_index.md").is_file());
        assert_eq!(args[2], site.into_os_string());
    }

    #[test]
    fn several_sites_are_named_not_guessed() {
        let tmp = tempfile::tempdir().unwrap();
        for d in ["甲", "乙"] {
            std::fs::create_dir_all(tmp.path().join(d)).unwrap();
            std::fs::write(tmp.path().join(d).join("config.toml"), "").unwrap();
        }
        assert_eq!(run(tmp.path(), "y\n"), Launch::Exit(2));
    }
}
