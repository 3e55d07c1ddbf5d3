//! Calendar tests for 2025 and 2026, dates checked against a printed calendar.

use super::*;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn find(year: i32, id: &str) -> Occurrence {
    occurrences(year)
        .into_iter()
        .find(|o| o.id == id)
        .unwrap_or_else(|| panic!("{id} in {year}"))
}

fn span(o: &Occurrence) -> (String, String, bool) {
    (o.start.to_string(), o.end.to_string(), o.estimated)
}

fn s(a: &str, b: &str, est: bool) -> (String, String, bool) {
    (a.to_string(), b.to_string(), est)
}

#[test]
fn table_is_valid_and_ids_unique() {
    let ids: std::collections::BTreeSet<&str> = all().iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids.len(), all().len());
    assert!(all().len() >= 20);
    assert_eq!(lookup("国家宪法日").unwrap().id, "guojia-xianfa-ri");
    assert_eq!(
        lookup("minfadian-xuanchuan-yue").unwrap().name,
        "民法典宣传月"
    );
    assert!(lookup("春节").is_none());
}

#[test]
fn dates_2025() {
    assert_eq!(
        span(&find(2025, "guojia-xianfa-ri")),
        s("2025-12-04", "2025-12-04", false)
    );
    assert_eq!(
        span(&find(2025, "xianfa-xuanchuan-zhou")),
        s("2025-12-01", "2025-12-07", false)
    );
    assert_eq!(
        span(&find(2025, "minfadian-xuanchuan-yue")),
        s("2025-05-01", "2025-05-31", false)
    );
    assert_eq!(
        span(&find(2025, "anquan-shengchan-yue")),
        s("2025-06-01", "2025-06-30", false)
    );
    assert_eq!(
        span(&find(2025, "jindu-xuanchuan-yue")),
        s("2025-06-01", "2025-06-30", false)
    );
    assert_eq!(
        span(&find(2025, "guoji-jindu-ri")),
        s("2025-06-26", "2025-06-26", false)
    );
    assert_eq!(
        span(&find(2025, "guojia-anquan-jiaoyu-ri")),
        s("2025-04-15", "2025-04-15", false)
    );
    assert_eq!(
        span(&find(2025, "wangluo-anquan-xuanchuan-zhou")),
        s("2025-09-15", "2025-09-21", false)
    );
    assert_eq!(
        span(&find(2025, "quanmin-guofang-jiaoyu-ri")),
        s("2025-09-20", "2025-09-20", false)
    );
    assert_eq!(
        span(&find(2025, "zhongxiaoxue-anquan-jiaoyu-ri")),
        s("2025-03-31", "2025-03-31", false)
    );
    assert_eq!(
        span(&find(2025, "quanguo-zhucan-ri")),
        s("2025-05-18", "2025-05-18", false)
    );
}

#[test]
fn dates_2026() {
    assert_eq!(
        span(&find(2026, "xianfa-xuanchuan-zhou")),
        s("2026-12-01", "2026-12-07", false)
    );
    // Not announced in the table: estimated from the usual second week of September.
    assert_eq!(
        span(&find(2026, "wangluo-anquan-xuanchuan-zhou")),
        s("2026-09-14", "2026-09-20", true)
    );
    assert_eq!(
        span(&find(2026, "quanmin-guofang-jiaoyu-ri")),
        s("2026-09-19", "2026-09-19", false)
    );
    assert_eq!(
        span(&find(2026, "zhongxiaoxue-anquan-jiaoyu-ri")),
        s("2026-03-30", "2026-03-30", false)
    );
    assert_eq!(
        span(&find(2026, "quanguo-zhucan-ri")),
        s("2026-05-17", "2026-05-17", false)
    );
}

#[test]
fn since_year_is_respected() {
    assert!(occurrences(2020)
        .iter()
        .all(|o| o.id != "minfadian-xuanchuan-yue"));
    assert!(occurrences(2021)
        .iter()
        .any(|o| o.id == "minfadian-xuanchuan-yue"));
}

#[test]
fn occurrences_sorted() {
    let v = occurrences(2026);
    assert_eq!(v.first().unwrap().id, "renmin-jingcha-jie");
    assert!(v.windows(2).all(|w| w[0].start <= w[1].start));
    // Same start: the shorter one first (6.1 儿童节 before the June months).
    let june: Vec<&str> = v
        .iter()
        .filter(|o| o.start == d("2026-06-01"))
        .map(|o| o.id.as_str())
        .collect();
    assert_eq!(
        june,
        [
            "guoji-ertong-jie",
            "anquan-shengchan-yue",
            "jindu-xuanchuan-yue"
        ]
    );
}

#[test]
fn current_and_next_campaign() {
    let (cur, next) = current_and_next(d("2026-06-26"));
    assert_eq!(cur.unwrap().name, "国际禁毒日");
    let next = next.unwrap();
    assert_eq!(
        (next.name.as_str(), next.start),
        ("国家网络安全宣传周", d("2026-09-14"))
    );
    let (cur, next) = current_and_next(d("2026-12-04"));
    assert_eq!(cur.unwrap().name, "国家宪法日");
    assert_eq!(next.unwrap().start, d("2027-01-10"));
    let (cur, next) = current_and_next(d("2026-08-01"));
    assert!(cur.is_none());
    assert_eq!(next.unwrap().start, d("2026-09-14"));
    let names: Vec<String> = current_all(d("2026-06-10"))
        .into_iter()
        .map(|o| o.name)
        .collect();
    assert_eq!(names, ["安全生产月", "全民禁毒宣传月"]);
}

#[test]
fn tera_function() {
    let mut tera = tera::Tera::default();
    tera.register_function("get_campaigns", GetCampaigns::new(d("2025-05-20")));
    tera.add_raw_template(
        "t",
        "{% set c = get_campaigns() %}{{ c.today }}|{{ c.current.name }}|{{ c.next.name }} {{ c.next.start }} {{ c.next.days_until }}|{{ c.upcoming | length }}|{{ c.year | length }}\
{% set o = get_campaigns(date=\"2025-12-04\", upcoming=2) %}|{{ o.current.name }}|{{ o.current_all | map(attribute=\"name\") | join(sep=\",\") }}|{{ o.upcoming | length }}",
    )
    .unwrap();
    let out = tera.render("t", &tera::Context::new()).unwrap();
    let n2025 = occurrences(2025).len();
    assert_eq!(
        out,
        format!("2025-05-20|民法典宣传月|国际儿童节 2025-06-01 12|5|{n2025}|国家宪法日|国家宪法日,宪法宣传周|2")
    );
    tera.add_raw_template("bad", "{{ get_campaigns(date=\"2025/12/04\") }}")
        .unwrap();
    let err = tera.render("bad", &tera::Context::new()).unwrap_err();
    let msg = format!("{:?}", err);
    assert!(msg.contains("date 应写成 YYYY-MM-DD"), "{msg}");
}
