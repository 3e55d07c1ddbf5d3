//! Why the editor could not do what a writer asked. The text is the answer the browser shows
//! them, in Chinese (the editor is for the site's staff); the caller picks the HTTP status.

use std::io;

use crate::article_kind::UnknownKind;
use crate::import::ImportError;

#[derive(Debug, thiserror::Error)]
pub(super) enum EditError {
    /// A path from a form that is not an article of this site.
    #[error("拒绝：“{0}”不是 content/ 里的文章 · not an article path")]
    NotAnArticle(String),
    #[error("不认识的文章类型“{0}”")]
    UnknownKind(String),
    /// The `kind` of an import, as `pufa import --kind` words it.
    #[error("{0}")]
    ImportKind(UnknownKind),
    #[error("日期“{0}”不对，格式是 年-月-日，如 2024-05-01")]
    BadDate(String),
    #[error("无法保存：{0}")]
    Save(io::Error),
    /// A file to save over that has no folder.
    #[error("无法保存")]
    NoFolder,
    #[error("栏目文件夹在网站之外，拒绝写入")]
    SectionOutside,
    #[error("同名文章太多，请换个标题")]
    TooManyNamesakes,
    #[error("无法插入图片：{0}")]
    InsertPicture(io::Error),
    #[error("{0}")]
    Convert(ImportError),
    #[error("无法导入：{0}")]
    Import(io::Error),
    #[error("同名文章太多")]
    TooManyImported,
    #[error("图片读不出来：{0}")]
    PictureUnreadable(image::ImageError),
    #[error("图片太大（{w}×{h} 像素），请先缩小")]
    PictureTooLarge { w: u32, h: u32 },
    #[error("图片无法缩小：{0}")]
    PictureNotShrunk(image::ImageError),
}
