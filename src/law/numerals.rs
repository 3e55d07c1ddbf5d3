//! Chinese numerals for article numbers, both ways.
//!
//! Takes the digits people write between `第` and `条` (`一千一百六十五`, `1165`, `１１６５`,
//! `两百`) and returns the number; turns a number back into the form the statute books print
//! (`一千一百六十五`, `十`, `一百一十`, `一千零一十`). The heavy lifting is done by the
//! `chinese-number` crate, which reads and writes every `article_no` of the law database; the
//! wrappers here only fix the input alphabet (Arabic and full-width digits, `〇`) and the output
//! style used in Chinese legislation.

use chinese_number::{
    ChineseCase, ChineseCountMethod, ChineseToNumber, ChineseVariant, NumberToChinese,
};

/// True for the characters that can appear inside an article number.
pub fn is_numeral_char(c: char) -> bool {
    c.is_ascii_digit()
        || ('０'..='９').contains(&c)
        || "零〇一二两三四五六七八九十百千万".contains(c)
}

/// Parses an article number written in Chinese or Arabic (ASCII or full-width) digits.
/// Returns `None` for an empty string, a mix of both systems or a value that is not a
/// plausible article number (0 or above 100 000).
pub fn parse(s: &str) -> Option<u32> {
    if s.is_empty() {
        return None;
    }
    let n = if s
        .chars()
        .all(|c| c.is_ascii_digit() || ('０'..='９').contains(&c))
    {
        let ascii: String = s
            .chars()
            .map(|c| {
                if c.is_ascii_digit() {
                    c
                } else {
                    char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or('0')
                }
            })
            .collect();
        ascii.parse::<u32>().ok()?
    } else {
        // `〇` is the form used in years; in counts it means the same as `零`.
        let normal: String = s
            .chars()
            .map(|c| if c == '〇' { '零' } else { c })
            .collect();
        if normal.chars().any(|c| c.is_ascii_digit()) {
            return None;
        }
        let n: u32 = normal.to_number(ChineseCountMethod::TenThousand).ok()?;
        n
    };
    (1..100_000).contains(&n).then_some(n)
}

/// Writes a number the way statutes print article numbers: `十`, `十一`, `一百一十`,
/// `一千零一十`, `一千一百六十五`.
pub fn to_chinese(n: u32) -> String {
    n.to_chinese(
        ChineseVariant::Simple,
        ChineseCase::Lower,
        ChineseCountMethod::TenThousand,
    )
    .unwrap_or_else(|_| n.to_string())
}

/// The printed label of an article: `第一千一百六十五条`, `第一百三十三条之一`.
pub fn article_label(number: u32, sub: Option<u32>) -> String {
    match sub {
        Some(s) => format!("第{}条之{}", to_chinese(number), to_chinese(s)),
        None => format!("第{}条", to_chinese(number)),
    }
}

/// Parses a full label such as `第一百三十三条之一` or `第1165条` into (number, sub).
pub fn parse_article_label(label: &str) -> Option<(u32, Option<u32>)> {
    let rest = label.strip_prefix('第')?;
    let (num, after) = rest.split_once('条')?;
    let number = parse(num)?;
    if after.is_empty() {
        return Some((number, None));
    }
    let sub = parse(after.strip_prefix('之')?)?;
    Some((number, Some(sub)))
}

/// The HTML anchor id of an article: `art-1165`, `art-133-1`.
pub fn anchor(number: u32, sub: Option<u32>) -> String {
    match sub {
        Some(s) => format!("art-{number}-{s}"),
        None => format!("art-{number}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_to_number() {
        assert_eq!(parse("一"), Some(1));
        assert_eq!(parse("十"), Some(10));
        assert_eq!(parse("十六"), Some(16));
        assert_eq!(parse("二十"), Some(20));
        assert_eq!(parse("一百一十"), Some(110));
        assert_eq!(parse("一百零三"), Some(103));
        assert_eq!(parse("两百"), Some(200));
        assert_eq!(parse("一千零一十"), Some(1010));
        assert_eq!(parse("一千一百六十五"), Some(1165));
        assert_eq!(parse("一千二百六十"), Some(1260));
    }

    #[test]
    fn arabic_to_number() {
        assert_eq!(parse("1165"), Some(1165));
        assert_eq!(parse("１１６５"), Some(1165));
        assert_eq!(parse("0"), None);
        assert_eq!(parse(""), None);
        assert_eq!(parse("1十"), None);
    }

    #[test]
    fn number_to_chinese_statute_style() {
        assert_eq!(to_chinese(10), "十");
        assert_eq!(to_chinese(13), "十三");
        assert_eq!(to_chinese(110), "一百一十");
        assert_eq!(to_chinese(103), "一百零三");
        assert_eq!(to_chinese(1010), "一千零一十");
        assert_eq!(to_chinese(1165), "一千一百六十五");
        assert_eq!(article_label(133, Some(1)), "第一百三十三条之一");
        assert_eq!(article_label(20, None), "第二十条");
    }

    #[test]
    fn labels_and_anchors() {
        assert_eq!(
            parse_article_label("第一百三十三条之一"),
            Some((133, Some(1)))
        );
        assert_eq!(parse_article_label("第1165条"), Some((1165, None)));
        assert_eq!(parse_article_label("第三章"), None);
        assert_eq!(anchor(133, Some(1)), "art-133-1");
        assert_eq!(anchor(1165, None), "art-1165");
    }

    #[test]
    fn round_trip_all_numbers_up_to_2000() {
        for n in 1..2000 {
            assert_eq!(parse(&to_chinese(n)), Some(n), "{n}");
        }
    }
}
