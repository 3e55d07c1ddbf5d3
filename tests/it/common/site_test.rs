//! [`SiteTest`]: a site in a fresh temporary folder (a copy of a fixture from `tests/sites/`,
//! or empty), with the repository's default theme when asked, files the test writes, and the
//! `pufa` binary run on it. As mdBook's `BookTest`: set up, run, assert on files.

use std::ffi::OsStr;
use std::ops::Deref;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};

use super::http::free_port;
use super::{copy_dir, pufa, repo_dir, repo_theme, sites_dir, write};

/// A site at `TMP/site` in its own temporary folder, removed when the test ends. It derefs to
/// the site's folder, so `site.join("content")` and `build(&site, …)` read naturally.
pub struct SiteTest {
    tmp: tempfile::TempDir,
    root: PathBuf,
}

impl SiteTest {
    /// An empty site folder.
    pub fn empty() -> SiteTest {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("site");
        std::fs::create_dir_all(&root).unwrap();
        SiteTest { tmp, root }
    }

    /// A site of just these files (`(path under the site, text)`).
    pub fn with_files(files: &[(&str, &str)]) -> SiteTest {
        let site = SiteTest::empty();
        for (rel, text) in files {
            site.write(rel, text);
        }
        site
    }

    /// A site made by `pufa init`, as staff start one (the test fails if init does).
    pub fn init() -> SiteTest {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("site");
        let init = pufa().arg("init").arg(&root).output().unwrap();
        assert!(
            init.status.success(),
            "pufa init: {}",
            String::from_utf8_lossy(&init.stderr)
        );
        SiteTest { tmp, root }
    }

    /// A copy of the fixture site `tests/sites/NAME`.
    pub fn fixture(name: &str) -> SiteTest {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("site");
        copy_dir(&sites_dir().join(name), &root);
        SiteTest { tmp, root }
    }

    /// A copy of the repository's own demo site (its `config.toml` and its `content`, `data`,
    /// `static`, `themes` and `templates` folders).
    pub fn demo() -> SiteTest {
        let site = SiteTest::empty();
        let repo = repo_dir();
        std::fs::copy(repo.join("config.toml"), site.join("config.toml")).unwrap();
        for dir in ["content", "data", "static", "themes", "templates"] {
            if repo.join(dir).is_dir() {
                copy_dir(&repo.join(dir), &site.join(dir));
            }
        }
        site
    }

    /// The same site with a copy of the repository's default theme in `themes/pufa`.
    pub fn with_theme(self) -> SiteTest {
        copy_dir(&repo_theme(), &self.root.join("themes/pufa"));
        self
    }

    /// The site's folder.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The temporary folder the site is in (for files beside it: an output, a database).
    pub fn tmp(&self) -> &Path {
        self.tmp.path()
    }

    /// Writes a file of the site (`rel` under its folder), making its folders.
    pub fn write(&self, rel: &str, text: impl AsRef<[u8]>) {
        write(&self.root.join(rel), text);
    }

    /// `pufa --root SITE build -o OUT EXTRA…` (with `PUFA_LOG` unset, so the messages are
    /// the user's), run to the end.
    pub fn build_into(&self, out: &Path, extra: &[&str]) -> Output {
        self.pufa()
            .arg("build")
            .arg("-o")
            .arg(out)
            .args(extra)
            .env_remove("PUFA_LOG")
            .output()
            .expect("run pufa")
    }

    /// Starts `pufa serve -p PORT ARGS` in the site's folder (the current folder, the way staff
    /// run it) on a free port, with `env` set and the serve tests' switches cleared; its
    /// messages go to `TMP/serve.log`. The server is stopped when the [`Server`] is dropped.
    pub fn serve(&self, args: &[&str], env: &[(&str, &str)]) -> Server {
        self.serve_logging_to("serve.log", args, env)
    }

    /// [`SiteTest::serve`] with its messages in `TMP/LOG`.
    pub fn serve_logging_to(&self, log: &str, args: &[&str], env: &[(&str, &str)]) -> Server {
        let port = free_port();
        let log = self.tmp().join(log);
        let child = pufa()
            .current_dir(&self.root)
            .args(["serve", "-p", &port.to_string()])
            .args(args)
            .env_remove("PUFA_TODAY")
            .env_remove("PUFA_POLL")
            .env_remove("PUFA_TEST_DEAF_WATCHER")
            .env_remove("PUFA_TEST_EVENTS_AND_POLL")
            .envs(env.iter().copied())
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&log).unwrap())
            .spawn()
            .expect("start pufa serve");
        Server { child, port, log }
    }

    /// `pufa --root SITE`, to which the test adds the command.
    pub fn pufa(&self) -> Command {
        let mut c = pufa();
        c.arg("--root").arg(&self.root);
        c
    }
}

impl Deref for SiteTest {
    type Target = Path;
    fn deref(&self) -> &Path {
        &self.root
    }
}

impl AsRef<Path> for SiteTest {
    fn as_ref(&self) -> &Path {
        &self.root
    }
}

impl AsRef<OsStr> for SiteTest {
    fn as_ref(&self) -> &OsStr {
        self.root.as_os_str()
    }
}

/// A running `pufa serve`, killed when the test ends, also when it panics (then its messages
/// are printed).
pub struct Server {
    pub child: Child,
    pub port: u16,
    pub log: PathBuf,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        if std::thread::panicking() {
            let log = std::fs::read_to_string(&self.log).unwrap_or_default();
            eprintln!("--- pufa serve output ---\n{log}");
        }
    }
}
