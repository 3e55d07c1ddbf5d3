//! The site's fence for folder walks: a symbolic link is followed only when it points inside
//! the site folder.
//!
//! Articles are copied around on shared office computers; a link left in `content/` or
//! `static/` that points at `/etc`, a home folder or a network drive must not put those files
//! on a public website. Walkers ask [`Fence::allows`] in `filter_entry` (so a refused folder
//! is not entered) and report each refused link with [`Fence::warning`].

use std::path::{Path, PathBuf};

use crate::diagnostics::{Diagnostic, Msg};

/// Where walks may go: inside the canonical site folder (or the walked folder itself, when
/// that is a link the user made on purpose).
#[derive(Debug, Clone, Default)]
pub struct Fence {
    inside: Vec<PathBuf>,
}

impl Fence {
    /// A fence around `site_root`; `walked` is the folder being walked (`content/`, `static/`).
    pub fn new(site_root: &Path, walked: &Path) -> Fence {
        let inside = [site_root, walked]
            .iter()
            .filter_map(|p| p.canonicalize().ok())
            .collect();
        Fence { inside }
    }

    /// True for anything that is not a symbolic link, and for a link whose target lies inside
    /// the fence. A broken link or one that cannot be resolved is refused.
    pub fn allows(&self, entry: &walkdir::DirEntry) -> bool {
        !entry.path_is_symlink() || self.allows_path(entry.path())
    }

    /// True when `path` (resolved) lies inside the fence.
    pub fn allows_path(&self, path: &Path) -> bool {
        path.canonicalize()
            .is_ok_and(|real| self.inside.iter().any(|root| real.starts_with(root)))
    }

    /// The warning for a link that was not followed.
    pub fn warning(link: &Path) -> Diagnostic {
        let target = std::fs::read_link(link)
            .map(|t| t.display().to_string())
            .unwrap_or_default();
        Diagnostic::warning(
            link,
            0,
            0,
            Msg::new(
                format!("这是指向网站文件夹以外（{target}）的快捷方式（符号链接），没有读取它"),
                format!("symbolic link to `{target}`, outside the site folder: not followed"),
            ),
        )
        .with_hint(Msg::new(
            "网站用到的文件请直接放进网站文件夹；如确需使用，请把文件复制进来。",
            "Copy the files the site needs into the site folder instead of linking to them.",
        ))
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn links_inside_are_followed_outside_are_not() {
        let tmp = tempfile::tempdir().unwrap();
        let site = tmp.path().join("site");
        let content = site.join("content");
        std::fs::create_dir_all(&content).unwrap();
        std::fs::write(site.join("shared.md"), "x").unwrap();
        std::fs::write(tmp.path().join("secret.txt"), "x").unwrap();
        std::os::unix::fs::symlink(site.join("shared.md"), content.join("in.md")).unwrap();
        std::os::unix::fs::symlink(tmp.path().join("secret.txt"), content.join("out.txt")).unwrap();
        std::os::unix::fs::symlink(tmp.path().join("missing"), content.join("broken")).unwrap();
        let fence = Fence::new(&site, &content);
        assert!(fence.allows_path(&content.join("in.md")));
        assert!(!fence.allows_path(&content.join("out.txt")));
        assert!(!fence.allows_path(&content.join("broken")));
        let w = Fence::warning(&content.join("out.txt"));
        assert!(w.message.en.contains("secret.txt"), "{}", w.message.en);
    }
}
