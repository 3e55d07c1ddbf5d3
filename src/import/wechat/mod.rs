//! A WeChat article (公众号文章) saved from the browser → the importer's document model.
//!
//! Three shapes are read, all in memory (nothing is written by a name from the upload):
//! - a web archive (`.mhtml`/`.mht`, "Save as: single file"): MIME `multipart/related` with
//!   quoted-printable, base64, 7bit/8bit or binary parts; the page is the first `text/html`
//!   part, the pictures are parts found by their `Content-Location`;
//! - a zip of the saved `.html` and its `_files` folder ("Save as: complete page", then
//!   "send to compressed folder");
//! - the saved `.html` alone (its pictures cannot be found then and are left out).
//!
//! The article is the content of `#js_content`, its title `rich_media_title` (else
//! `og:title`, else `<title>`). WeChat's clutter is dropped: inline styles, `<span>` and
//! `<section>` wrappers, scripts, voice/video/mini-program cards, and the "follow us" /
//! QR-code prompts. Pictures come from `data-src` (WeChat loads them lazily; `src` is often
//! a placeholder) or `src`, whichever names a picture in the upload.

mod archive;
mod article;
mod rules;
mod tokens;

pub use archive::{read_mhtml, read_saved, read_zip, Saved, MAX_PARTS};
pub use article::document;

#[cfg(test)]
mod tests {
    use super::archive::quoted_printable;
    use super::article::resolve;
    use super::rules::is_prompt;
    use super::*;

    #[test]
    fn quoted_printable_decodes_utf8_and_soft_breaks() {
        assert_eq!(
            String::from_utf8(quoted_printable(b"=E4=BD=A0=\r\n=E5=A5=BD a=3Db")).unwrap(),
            "你好 a=b"
        );
    }

    #[test]
    fn relative_addresses_resolve_against_the_page() {
        assert_eq!(
            resolve("文章.html", "./文章_files/640.jpeg"),
            "文章_files/640.jpeg"
        );
        assert_eq!(resolve("a/b.html", "../x/%E5%9B%BE.png"), "x/图.png");
        assert_eq!(
            resolve(
                "https://mp.weixin.qq.com/s/abc",
                "//mmbiz.qpic.cn/a/640?x=1"
            ),
            "https://mmbiz.qpic.cn/a/640?x=1"
        );
        // A path that climbs out stays a key: nothing is read or written by it.
        assert_eq!(resolve("a.html", "../../../etc/passwd"), "etc/passwd");
    }

    fn fixture(name: &str) -> Vec<u8> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/wechat");
        std::fs::read(dir.join(name)).unwrap()
    }

    const PAGE: &str = "高空抛物伤人，谁来担责";

    /// What every saved shape of the fixture must give: title, text, headings, the two
    /// photos (not the banner, not the QR code), no clutter.
    fn check_article(a: &crate::import::Article) {
        let md = &a.markdown;
        assert_eq!(a.title, "高空抛物伤人，谁来担责？", "{md}");
        assert!(md.contains("title = \"高空抛物伤人，谁来担责？\""), "{md}");
        assert!(md.contains("kind = \"case\""), "{md}");
        assert!(md.contains("draft = true"), "{md}");
        for heading in ["## 基本案情", "## 裁判结果", "## 法官说法"] {
            assert!(md.contains(&format!("\n{heading}\n")), "{heading}: {md}");
        }
        assert!(
            md.contains("2023年6月的一个傍晚，张某驾车路过某小区楼下时，一只从楼上落下的花盆砸中了车辆的前挡风玻璃，张某也被碎玻璃划伤。事后，"),
            "{md}"
        );
        assert!(md.contains("![被花盆砸坏的车辆](tu-1.jpg)"), "{md}");
        assert!(
            md.contains(&format!("![{}](tu-2.jpg)", crate::import::ALT_PLACEHOLDER)),
            "{md}"
        );
        assert!(
            md.contains("**公安等机关应当依法及时调查，查清责任人。**"),
            "{md}"
        );
        assert!(
            md.contains("- 不要在阳台外侧摆放花盆；\n- 发现高空抛物，及时报警。"),
            "{md}"
        );
        assert!(
            md.contains("[以往推送](<https://mp.weixin.qq.com/s/another-article>)"),
            "{md}"
        );
        for clutter in [
            "style",
            "span",
            "section",
            "关注",
            "二维码",
            "在看",
            "阅读原文",
            "清溪镇司法所",
            "seajs",
            "biz",
            "mpvoice",
            "v.qq.com",
            "请在微信中打开",
            "2024-05-20 09:30",
        ] {
            assert!(!md.contains(clutter), "{clutter} left in: {md}");
        }
        let names: Vec<&str> = a.images.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["tu-1.jpg", "tu-2.jpg"]);
        assert_eq!(
            a.images[0].1,
            fixture(&format!("{PAGE}_files/640.jpeg")),
            "the photo itself"
        );
    }

    #[test]
    fn web_archive_from_the_browser() {
        let a = crate::import::convert_web(
            &format!("{PAGE}.mhtml"),
            &fixture(&format!("{PAGE}.mhtml")),
            "x",
            Some(crate::article_kind::ArticleKind::Case),
            "2024-05-21",
        )
        .unwrap();
        check_article(&a);
    }

    #[test]
    fn saved_page_with_its_folder_as_a_zip() {
        use std::io::Write;
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let opts = zip::write::SimpleFileOptions::default();
        zip.start_file(format!("{PAGE}.html"), opts).unwrap();
        zip.write_all(&fixture(&format!("{PAGE}.html"))).unwrap();
        for f in ["640.png", "640.jpeg", "640(1).jpeg", "qrcode.png"] {
            zip.start_file(format!("{PAGE}_files/{f}"), opts).unwrap();
            zip.write_all(&fixture(&format!("{PAGE}_files/{f}")))
                .unwrap();
        }
        // A name that climbs out of the folder is only ever a key: ignored.
        zip.start_file("../../escape.png", opts).unwrap();
        zip.write_all(&fixture(&format!("{PAGE}_files/640.png")))
            .unwrap();
        let bytes = zip.finish().unwrap().into_inner();
        let a = crate::import::convert_web(
            "保存的网页.zip",
            &bytes,
            "x",
            Some(crate::article_kind::ArticleKind::Case),
            "2024-05-21",
        )
        .unwrap();
        check_article(&a);
    }

    #[test]
    fn saved_page_alone_keeps_the_text_and_counts_the_missing_pictures() {
        let a = crate::import::convert_web(
            &format!("{PAGE}.html"),
            &fixture(&format!("{PAGE}.html")),
            "x",
            None,
            "2024-05-21",
        )
        .unwrap();
        assert!(a.markdown.contains("\n## 三、法官说法\n"), "{}", a.markdown);
        assert!(a.images.is_empty());
        // The banner, the photo and the court picture; not the QR code.
        assert_eq!(a.missing_pictures, 3);
    }

    #[test]
    fn web_archive_limits() {
        // Too many parts.
        let mut m = String::from(
            "MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=\"b\"\r\n\r\n",
        );
        m.push_str("--b\r\nContent-Type: text/html\r\nContent-Location: a.html\r\n\r\n<div id=js_content><p>正文</p></div>\r\n");
        for i in 0..MAX_PARTS + 1 {
            m.push_str(&format!("--b\r\nContent-Location: p{i}.png\r\n\r\nx\r\n"));
        }
        m.push_str("--b--\r\n");
        let e = crate::import::convert_web("a.mhtml", m.as_bytes(), "x", None, "2024-05-21")
            .unwrap_err();
        assert!(e.to_string().contains("部分太多"), "{e}");
        // Not an archive at all.
        assert!(crate::import::convert_web("a.mhtml", b"hello", "x", None, "2024-05-21").is_err());
        // Bad base64 is an error, not a panic.
        let bad = "Content-Type: multipart/related; boundary=b\r\n\r\n--b\r\nContent-Type: text/html\r\nContent-Transfer-Encoding: base64\r\n\r\n!!!\r\n--b--\r\n";
        assert!(
            crate::import::convert_web("a.mht", bad.as_bytes(), "x", None, "2024-05-21").is_err()
        );
    }

    #[test]
    fn prompts_are_recognised() {
        assert!(is_prompt("长按识别二维码关注我们"));
        assert!(is_prompt("▲点击上方蓝字 关注我们"));
        assert!(!is_prompt("法院认为，被告应当承担赔偿责任。"));
    }
}
