//! Dates in front matter and file names, read as Zola reads them.
//!
//! Zola keeps two forms: the string templates see as `page.date` (a TOML date is shown in
//! TOML's own format, a string is normalised) and a datetime for sorting. A date in Chinese
//! (`2024年5月1日`) or with slashes is refused with a hint showing the right spelling, because
//! it is the commonest slip of people used to writing dates by hand.

use std::str::FromStr;
use std::sync::LazyLock;

use chrono::{DateTime, FixedOffset, NaiveDate, TimeZone, Utc};
use regex::Regex;
use serde::{Deserialize, Deserializer};

use crate::diagnostics::Msg;

/// A date as written: a TOML datetime (its TOML text) or a string.
pub(crate) fn raw_date<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum MaybeDatetime {
        Datetime(toml::value::Datetime),
        String(String),
    }
    Ok(Option::<MaybeDatetime>::deserialize(d)?.map(|m| match m {
        MaybeDatetime::Datetime(d) => d.to_string(),
        MaybeDatetime::String(s) => s,
    }))
}

/// Zola's `from_unknown_datetime` + `parse_datetime`: the string templates see and the
/// datetime to sort by, or a message (with a hint) explaining the right form.
pub fn parse_date(raw: &str) -> Result<(String, DateTime<FixedOffset>), (Msg, Msg)> {
    let shown = if let Ok(d) = toml::value::Datetime::from_str(raw) {
        d.to_string()
    } else if let Some(dt) = parse_yaml_datetime(raw) {
        dt.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)
    } else {
        return Err(bad_date(raw));
    };
    match to_datetime(&shown) {
        Some(dt) => Ok((shown, dt)),
        None => Err(bad_date(raw)),
    }
}

/// RFC 3339, then RFC 3339 without offset (UTC), then a bare date at midnight UTC.
pub fn to_datetime(s: &str) -> Option<DateTime<FixedOffset>> {
    DateTime::parse_from_rfc3339(s)
        .or_else(|_| DateTime::parse_from_rfc3339(&format!("{s}Z")))
        .ok()
        .or_else(|| {
            let d = NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()?;
            Some(
                Utc.from_utc_datetime(&d.and_hms_opt(0, 0, 0)?)
                    .fixed_offset(),
            )
        })
}

static YAML_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"^"?(?P<y>[0-9]{4})-(?P<mo>[0-9][0-9]?)-(?P<d>[0-9][0-9]?)(?:(?:[Tt]|[ \t]+)(?P<h>[0-9][0-9]?):(?P<mi>[0-9]{2}):(?P<s>[0-9]{2})(?P<f>\.[0-9]{0,9})?[ \t]*(?:(?P<utc>Z)|(?P<oh>[-+][0-9][0-9]?)(?::(?P<om>[0-9][0-9]))?)?)?"?$"#)
        .expect("valid regex")
});

/// YAML's looser timestamps (`2024-5-1`, `2024-05-01 10:00:00 +8`), as Zola accepts them.
fn parse_yaml_datetime(s: &str) -> Option<DateTime<FixedOffset>> {
    let c = YAML_DATE.captures(s.trim())?;
    let num = |n: &str| {
        c.name(n)
            .map_or(Some(0), |m| m.as_str().parse::<i64>().ok())
    };
    let date = NaiveDate::from_ymd_opt(num("y")? as i32, num("mo")? as u32, num("d")? as u32)?;
    let frac = c.name("f").map_or(0.0, |m| {
        format!("0{}", m.as_str()).parse::<f64>().unwrap_or(0.0)
    });
    let time = date.and_hms_nano_opt(
        num("h")? as u32,
        num("mi")? as u32,
        num("s")? as u32,
        (frac * 1e9) as u32,
    )?;
    let offset_secs = match c.name("oh") {
        Some(h) => {
            let h: i32 = h.as_str().parse().ok()?;
            let m: i32 = c.name("om").map_or(Some(0), |m| m.as_str().parse().ok())?;
            h * 3600 + h.signum() * m * 60
        }
        None => 0,
    };
    FixedOffset::east_opt(offset_secs)?
        .from_local_datetime(&time)
        .single()
}

static LOOSE_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(\d{4})\s*[年/.\-]\s*(\d{1,2})\s*[月/.\-]\s*(\d{1,2})").expect("valid regex")
});

fn bad_date(raw: &str) -> (Msg, Msg) {
    let message = Msg::new(
        format!("日期写法不对：“{raw}”"),
        format!("`{raw}` is not a date Zola can read"),
    );
    (message, date_hint(raw))
}

/// How to write the date `raw` meant (`2024年5月1日` → `date = 2024-05-01`).
pub(crate) fn date_hint(raw: &str) -> Msg {
    match LOOSE_DATE.captures(raw) {
        // A date that does not exist (month 13, 31 April): suggesting it again would only
        // repeat the mistake.
        Some(c)
            if chrono::NaiveDate::from_ymd_opt(
                c[1].parse().unwrap_or(0),
                c[2].parse().unwrap_or(0),
                c[3].parse().unwrap_or(0),
            )
            .is_none() =>
        {
            Msg::new(
                format!(
                    "没有 {} 年 {} 月 {} 日这一天：月份是 1–12，日期不能超过当月天数；请核对后写成 date = 2024-05-01 的形式",
                    &c[1], &c[2], &c[3]
                ),
                format!(
                    "there is no day {}-{}-{} (months are 1–12, days at most the month's length); write e.g. date = 2024-05-01",
                    &c[1], &c[2], &c[3]
                ),
            )
        }
        Some(c) => {
            let fixed = format!("{}-{:0>2}-{:0>2}", &c[1], &c[2], &c[3]);
            Msg::new(
                format!("日期要写成“年-月-日”的数字形式，不加引号：date = {fixed}"),
                format!("Write dates as year-month-day, without quotes: date = {fixed}"),
            )
        }
        None => Msg::new(
            "日期要写成“年-月-日”的数字形式，不加引号，例如：date = 2024-05-01（需要时间可写 2024-05-01T09:30:00）",
            "Write dates like date = 2024-05-01 (or 2024-05-01T09:30:00), without quotes",
        ),
    }
}

/// An RFC 3339 date at the start of a file or folder name, then `_`/`-` and the slug (Zola).
static DATED_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?P<datetime>(\d{4})-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])(T([01][0-9]|2[0-3]):([0-5][0-9]):([0-5][0-9]|60)(\.[0-9]+)?(Z|(\+|-)([01][0-9]|2[0-3]):([0-5][0-9])))?)(\s?(_|-)(?P<slug>.+$))?",
    )
    .expect("valid regex")
});

/// `2024-05-01-title` → (`2024-05-01`, Some(`title`)); `None` when the name has no date.
pub fn date_from_name(name: &str) -> Option<(String, Option<String>)> {
    let c = DATED_NAME.captures(name)?;
    Some((
        c["datetime"].to_string(),
        c.name("slug").map(|m| m.as_str().to_string()),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toml_and_string_dates() {
        let (s, dt) = parse_date("2024-05-01").unwrap();
        assert_eq!(s, "2024-05-01");
        assert_eq!(dt.to_rfc3339(), "2024-05-01T00:00:00+00:00");
        let (s, dt) = parse_date("2024-05-01 09:30:00").unwrap();
        assert_eq!(s, "2024-05-01T09:30:00");
        assert_eq!(dt.to_rfc3339(), "2024-05-01T09:30:00+00:00");
        let (s, dt) = parse_date("2024-05-01T09:30:00+08:00").unwrap();
        assert_eq!(s, "2024-05-01T09:30:00+08:00");
        assert_eq!(dt.to_rfc3339(), "2024-05-01T09:30:00+08:00");
    }

    #[test]
    fn yaml_loose_dates() {
        let (s, _) = parse_date("2024-5-1").unwrap();
        assert_eq!(s, "2024-05-01T00:00:00Z");
        let (s, dt) = parse_date("2024-05-01 10:00:00 +8").unwrap();
        assert_eq!(s, "2024-05-01T10:00:00+08:00");
        assert_eq!(dt.offset().local_minus_utc(), 8 * 3600);
    }

    #[test]
    fn chinese_date_gets_exact_fix() {
        let (msg, hint) = parse_date("2024年5月1日").unwrap_err();
        assert_eq!(msg.zh, "日期写法不对：“2024年5月1日”");
        assert_eq!(
            hint.zh,
            "日期要写成“年-月-日”的数字形式，不加引号：date = 2024-05-01"
        );
        // A date that does not exist is not suggested back.
        let (_, hint) = bad_date("2024-13-45");
        assert!(!hint.zh.contains("2024-13-45"), "{}", hint.zh);
        assert!(
            hint.zh.starts_with("没有 2024 年 13 月 45 日这一天"),
            "{}",
            hint.zh
        );
        let (_, hint) = bad_date("2023年2月29日");
        assert!(!hint.zh.contains("2023-02-29"), "{}", hint.zh);
        let (_, hint) = parse_date("2024/5/1").unwrap_err();
        assert!(hint.en.ends_with("date = 2024-05-01"));
    }

    #[test]
    fn dates_from_names() {
        assert_eq!(
            date_from_name("2024-05-01-minfadian"),
            Some(("2024-05-01".into(), Some("minfadian".into())))
        );
        assert_eq!(
            date_from_name("2024-05-01_a"),
            Some(("2024-05-01".into(), Some("a".into())))
        );
        assert_eq!(
            date_from_name("2024-05-01"),
            Some(("2024-05-01".into(), None))
        );
        assert_eq!(date_from_name("2024-13-01-x"), None);
        assert_eq!(date_from_name("minfadian"), None);
    }
}
