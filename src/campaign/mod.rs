//! The campaign calendar: national legal-education days, weeks and months (国家宪法日,
//! 民法典宣传月, 国家网络安全宣传周 …) as data.
//!
//! Takes the embedded table `campaigns.toml` (fixed dates, whole months, "the week containing
//! 12月4日", "the third Saturday of September", and per-year tables for campaigns whose dates
//! are announced each year) and returns, for a year, the dated [`Occurrence`]s; for a day, the
//! current and the next campaign. Templates ask through the [`GetCampaigns`] Tera function,
//! which is built with "today" fixed by the caller so that a build is reproducible.
//! Pages declare their campaign in front matter by id or name; [`lookup`] checks it.

use std::collections::BTreeMap;
use std::collections::HashMap;
use std::sync::LazyLock;

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use serde::Deserialize;
use serde_json::{json, Value};

/// How the dates of a campaign are found for a year.
#[derive(Debug, Clone, Deserialize)]
#[serde(tag = "rule", rename_all = "snake_case")]
pub enum Rule {
    Fixed {
        month: u32,
        day: u32,
    },
    Range {
        month: u32,
        day: u32,
        end_month: u32,
        end_day: u32,
    },
    Month {
        month: u32,
    },
    WeekOf {
        month: u32,
        day: u32,
    },
    NthWeekday {
        month: u32,
        weekday: u32,
        n: i32,
        #[serde(default = "one")]
        days: i64,
    },
    Table {
        dates: BTreeMap<String, [String; 2]>,
        fallback: Option<Box<Rule>>,
    },
}

fn one() -> i64 {
    1
}

/// One campaign of the calendar.
#[derive(Debug, Clone, Deserialize)]
pub struct Campaign {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub since: i32,
    #[serde(default)]
    pub theme: String,
    /// Laws usually explained during the campaign (full names).
    #[serde(default)]
    pub laws: Vec<String>,
    #[serde(flatten)]
    pub rule: Rule,
}

/// A campaign dated in one year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Occurrence {
    pub id: String,
    pub name: String,
    pub start: NaiveDate,
    /// Last day, inclusive.
    pub end: NaiveDate,
    pub theme: String,
    pub laws: Vec<String>,
    /// True when the dates are a guess (a per-year campaign whose dates are not yet known).
    pub estimated: bool,
}

impl Occurrence {
    fn days(&self) -> i64 {
        (self.end - self.start).num_days() + 1
    }

    fn contains(&self, d: NaiveDate) -> bool {
        self.start <= d && d <= self.end
    }
}

#[derive(Deserialize)]
struct Table {
    campaign: Vec<Campaign>,
}

static CAMPAIGNS: LazyLock<Vec<Campaign>> = LazyLock::new(|| {
    toml::from_str::<Table>(include_str!("campaigns.toml"))
        .expect("campaigns.toml is valid (checked by a unit test)")
        .campaign
});

/// All campaigns of the calendar, in table order.
pub fn all() -> &'static [Campaign] {
    &CAMPAIGNS
}

/// Finds a campaign by id (`guojia-xianfa-ri`) or name (`国家宪法日`).
pub fn lookup(id_or_name: &str) -> Option<&'static Campaign> {
    let key = id_or_name.trim();
    all().iter().find(|c| c.id == key || c.name == key)
}

fn date(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

fn weekday(n: u32) -> Weekday {
    match n {
        1 => Weekday::Mon,
        2 => Weekday::Tue,
        3 => Weekday::Wed,
        4 => Weekday::Thu,
        5 => Weekday::Fri,
        6 => Weekday::Sat,
        _ => Weekday::Sun,
    }
}

/// The (start, end, estimated) of a rule in a year.
fn dates(rule: &Rule, year: i32) -> Option<(NaiveDate, NaiveDate, bool)> {
    let (s, e) = match rule {
        Rule::Fixed { month, day } => {
            let d = date(year, *month, *day)?;
            (d, d)
        }
        Rule::Range {
            month,
            day,
            end_month,
            end_day,
        } => (date(year, *month, *day)?, date(year, *end_month, *end_day)?),
        Rule::Month { month } => {
            let s = date(year, *month, 1)?;
            let next = if *month == 12 {
                date(year + 1, 1, 1)?
            } else {
                date(year, month + 1, 1)?
            };
            (s, next - Duration::days(1))
        }
        Rule::WeekOf { month, day } => {
            let d = date(year, *month, *day)?;
            let monday = d - Duration::days(i64::from(d.weekday().num_days_from_monday()));
            (monday, monday + Duration::days(6))
        }
        Rule::NthWeekday {
            month,
            weekday: wd,
            n,
            days,
        } => {
            let wd = weekday(*wd);
            let d = if *n > 0 {
                NaiveDate::from_weekday_of_month_opt(year, *month, wd, u8::try_from(*n).ok()?)?
            } else {
                // The last such weekday: step back from the end of the month.
                let (ny, nm) = if *month == 12 {
                    (year + 1, 1)
                } else {
                    (year, month + 1)
                };
                let mut d = date(ny, nm, 1)? - Duration::days(1);
                while d.weekday() != wd {
                    d -= Duration::days(1);
                }
                d
            };
            (d, d + Duration::days(days - 1))
        }
        Rule::Table { dates: t, fallback } => {
            if let Some([s, e]) = t.get(&year.to_string()) {
                let p = |x: &str| NaiveDate::parse_from_str(x, "%Y-%m-%d").ok();
                (p(s)?, p(e)?)
            } else {
                let (s, e, _) = self::dates(fallback.as_deref()?, year)?;
                return Some((s, e, true));
            }
        }
    };
    Some((s, e, false))
}

/// Every campaign held in `year`, sorted by start date (then shorter first, then id).
pub fn occurrences(year: i32) -> Vec<Occurrence> {
    let mut out: Vec<Occurrence> = all()
        .iter()
        .filter(|c| c.since <= year)
        .filter_map(|c| {
            let (start, end, estimated) = dates(&c.rule, year)?;
            Some(Occurrence {
                id: c.id.clone(),
                name: c.name.clone(),
                start,
                end,
                theme: c.theme.clone(),
                laws: c.laws.clone(),
                estimated,
            })
        })
        .collect();
    out.sort_by(|a, b| {
        a.start
            .cmp(&b.start)
            .then(a.days().cmp(&b.days()))
            .then(a.id.cmp(&b.id))
    });
    out
}

/// Campaigns under way on `today`, most specific (shortest) first.
pub fn current_all(today: NaiveDate) -> Vec<Occurrence> {
    let mut v: Vec<Occurrence> = occurrences(today.year())
        .into_iter()
        .filter(|o| o.contains(today))
        .collect();
    v.sort_by(|a, b| {
        a.days()
            .cmp(&b.days())
            .then(a.start.cmp(&b.start))
            .then(a.id.cmp(&b.id))
    });
    v
}

/// Campaigns starting after `today` (this year and next), in date order.
pub fn upcoming(today: NaiveDate) -> Vec<Occurrence> {
    occurrences(today.year())
        .into_iter()
        .chain(occurrences(today.year() + 1))
        .filter(|o| o.start > today)
        .collect()
}

/// The campaign under way on `today` (the most specific one) and the next one to start.
pub fn current_and_next(today: NaiveDate) -> (Option<Occurrence>, Option<Occurrence>) {
    (
        current_all(today).into_iter().next(),
        upcoming(today).into_iter().next(),
    )
}

/// Template view of an occurrence: dates as `YYYY-MM-DD`, its length in `days`, `status`
/// (`current` / `upcoming` / `past`) and `days_until` its start, relative to `today`.
pub fn view(o: &Occurrence, today: NaiveDate) -> Value {
    json!({
        "id": o.id,
        "name": o.name,
        "start": o.start.format("%Y-%m-%d").to_string(),
        "end": o.end.format("%Y-%m-%d").to_string(),
        "days": o.days(),
        "theme": o.theme,
        "laws": o.laws,
        "estimated": o.estimated,
        "status": if o.contains(today) { "current" } else if o.start > today { "upcoming" } else { "past" },
        "days_until": (o.start - today).num_days(),
    })
}

/// The Tera function `get_campaigns(date?, upcoming?, year?)`. Returns
/// `{today, current, current_all, next, upcoming: [...], year: [...]}`; see
/// `docs/templates.md`. `date` (`YYYY-MM-DD`) overrides the build day; `upcoming` is how
/// many upcoming campaigns to list (default 5); `year` selects the year listed in `year`.
pub struct GetCampaigns {
    pub today: NaiveDate,
}

impl GetCampaigns {
    pub fn new(today: NaiveDate) -> Self {
        GetCampaigns { today }
    }
}

impl tera::Function for GetCampaigns {
    fn call(&self, args: &HashMap<String, Value>) -> tera::Result<Value> {
        let today = match args.get("date") {
            None | Some(Value::Null) => self.today,
            Some(Value::String(s)) => NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| {
                tera::Error::msg(format!(
                    "get_campaigns：date 应写成 YYYY-MM-DD，例如 \"2025-12-04\"，而不是 \"{s}\""
                ))
            })?,
            Some(v) => {
                return Err(tera::Error::msg(format!(
                    "get_campaigns：date 应是字符串 YYYY-MM-DD，而不是 {v}"
                )))
            }
        };
        let count = args.get("upcoming").and_then(Value::as_u64).unwrap_or(5) as usize;
        let year = args
            .get("year")
            .and_then(Value::as_i64)
            .and_then(|y| i32::try_from(y).ok())
            .unwrap_or(today.year());
        let cur = current_all(today);
        let up = upcoming(today);
        Ok(json!({
            "today": today.format("%Y-%m-%d").to_string(),
            "current": cur.first().map(|o| view(o, today)),
            "current_all": cur.iter().map(|o| view(o, today)).collect::<Vec<_>>(),
            "next": up.first().map(|o| view(o, today)),
            "upcoming": up.iter().take(count).map(|o| view(o, today)).collect::<Vec<_>>(),
            "year": occurrences(year).iter().map(|o| view(o, today)).collect::<Vec<_>>(),
        }))
    }

    fn is_safe(&self) -> bool {
        false
    }
}

#[cfg(test)]
mod tests;
