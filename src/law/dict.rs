//! Built-in knowledge about law names: a dictionary of common national laws with the short
//! names people write, and the laws that have been repealed.
//!
//! The dictionary lets the citation scanner recognise `刑法第二十条` or `《合同法》第五十二条`
//! even on a site that has imported no law text at all: such citations are not linked, but
//! they are checked (repealed law, law missing from the library). Laws imported into the site
//! add their own names on top of this list (see [`super::LawLibrary`]).

/// The prefix of most national law titles; short names drop it.
pub const PRC: &str = "中华人民共和国";

/// A law that is no longer in force.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Repealed {
    /// Full name, e.g. `中华人民共和国合同法`.
    pub name: &'static str,
    /// The day it stopped being in force (ISO date).
    pub date: &'static str,
    /// The law that replaced it, if any.
    pub replaced_by: Option<&'static str>,
}

const MINFADIAN: Option<&str> = Some("中华人民共和国民法典");

/// Repealed laws. The first nine were repealed by 民法典 第一千二百六十条 on 2021-01-01.
pub const REPEALED: &[Repealed] = &[
    rep("中华人民共和国婚姻法", "2021-01-01", MINFADIAN),
    rep("中华人民共和国继承法", "2021-01-01", MINFADIAN),
    rep("中华人民共和国民法通则", "2021-01-01", MINFADIAN),
    rep("中华人民共和国收养法", "2021-01-01", MINFADIAN),
    rep("中华人民共和国担保法", "2021-01-01", MINFADIAN),
    rep("中华人民共和国合同法", "2021-01-01", MINFADIAN),
    rep("中华人民共和国物权法", "2021-01-01", MINFADIAN),
    rep("中华人民共和国侵权责任法", "2021-01-01", MINFADIAN),
    rep("中华人民共和国民法总则", "2021-01-01", MINFADIAN),
    rep(
        "中华人民共和国治安管理处罚条例",
        "2006-03-01",
        Some("中华人民共和国治安管理处罚法"),
    ),
    rep(
        "中华人民共和国经济合同法",
        "1999-10-01",
        Some("中华人民共和国合同法"),
    ),
    rep(
        "中华人民共和国涉外经济合同法",
        "1999-10-01",
        Some("中华人民共和国合同法"),
    ),
    rep(
        "中华人民共和国技术合同法",
        "1999-10-01",
        Some("中华人民共和国合同法"),
    ),
    rep(
        "中华人民共和国食品卫生法",
        "2009-06-01",
        Some("中华人民共和国食品安全法"),
    ),
    rep(
        "中华人民共和国城市规划法",
        "2008-01-01",
        Some("中华人民共和国城乡规划法"),
    ),
    rep(
        "中华人民共和国外商投资企业和外国企业所得税法",
        "2008-01-01",
        Some("中华人民共和国企业所得税法"),
    ),
    rep(
        "中华人民共和国中外合资经营企业法",
        "2020-01-01",
        Some("中华人民共和国外商投资法"),
    ),
    rep(
        "中华人民共和国中外合作经营企业法",
        "2020-01-01",
        Some("中华人民共和国外商投资法"),
    ),
    rep(
        "中华人民共和国外资企业法",
        "2020-01-01",
        Some("中华人民共和国外商投资法"),
    ),
    rep(
        "中华人民共和国行政监察法",
        "2018-03-20",
        Some("中华人民共和国监察法"),
    ),
    rep("中华人民共和国农业税条例", "2006-01-01", None),
];

const fn rep(
    name: &'static str,
    date: &'static str,
    replaced_by: Option<&'static str>,
) -> Repealed {
    Repealed {
        name,
        date,
        replaced_by,
    }
}

/// Common national laws in force. Each entry is the full name followed by extra short names;
/// the name without the `中华人民共和国` prefix is always a short name too.
pub const LAWS: &[&[&str]] = &[
    &["中华人民共和国宪法"],
    &["中华人民共和国民法典"],
    &["中华人民共和国刑法"],
    &["中华人民共和国刑事诉讼法", "刑诉法"],
    &["中华人民共和国民事诉讼法", "民诉法"],
    &["中华人民共和国行政诉讼法"],
    &["中华人民共和国行政处罚法"],
    &["中华人民共和国行政复议法"],
    &["中华人民共和国行政许可法"],
    &["中华人民共和国行政强制法"],
    &["中华人民共和国国家赔偿法"],
    &["中华人民共和国治安管理处罚法"],
    &["中华人民共和国道路交通安全法", "道交法"],
    &["中华人民共和国劳动法"],
    &["中华人民共和国劳动合同法"],
    &["中华人民共和国劳动争议调解仲裁法"],
    &["中华人民共和国社会保险法"],
    &["中华人民共和国未成年人保护法"],
    &["中华人民共和国预防未成年人犯罪法"],
    &["中华人民共和国妇女权益保障法"],
    &["中华人民共和国老年人权益保障法"],
    &["中华人民共和国残疾人保障法"],
    &["中华人民共和国反家庭暴力法"],
    &["中华人民共和国消费者权益保护法", "消法"],
    &["中华人民共和国产品质量法"],
    &["中华人民共和国食品安全法"],
    &["中华人民共和国药品管理法"],
    &["中华人民共和国安全生产法"],
    &["中华人民共和国消防法"],
    &["中华人民共和国禁毒法"],
    &["中华人民共和国国家安全法"],
    &["中华人民共和国反间谍法"],
    &["中华人民共和国反恐怖主义法"],
    &["中华人民共和国网络安全法"],
    &["中华人民共和国数据安全法"],
    &["中华人民共和国个人信息保护法"],
    &["中华人民共和国反电信网络诈骗法"],
    &["中华人民共和国电子商务法"],
    &["中华人民共和国广告法"],
    &["中华人民共和国反不正当竞争法"],
    &["中华人民共和国反垄断法"],
    &["中华人民共和国公司法"],
    &["中华人民共和国合伙企业法"],
    &["中华人民共和国个人独资企业法"],
    &["中华人民共和国企业破产法", "破产法"],
    &["中华人民共和国外商投资法"],
    &["中华人民共和国商标法"],
    &["中华人民共和国专利法"],
    &["中华人民共和国著作权法"],
    &["中华人民共和国土地管理法"],
    &["中华人民共和国农村土地承包法"],
    &["中华人民共和国城乡规划法"],
    &["中华人民共和国环境保护法"],
    &["中华人民共和国森林法"],
    &["中华人民共和国野生动物保护法"],
    &["中华人民共和国人民调解法"],
    &["中华人民共和国法律援助法"],
    &["中华人民共和国律师法"],
    &["中华人民共和国公证法"],
    &["中华人民共和国仲裁法"],
    &["中华人民共和国监察法"],
    &["中华人民共和国村民委员会组织法"],
    &["中华人民共和国居民委员会组织法"],
    &["中华人民共和国兵役法"],
    &["中华人民共和国国防教育法"],
    &["中华人民共和国教育法"],
    &["中华人民共和国义务教育法"],
    &["中华人民共和国家庭教育促进法"],
    &["中华人民共和国传染病防治法"],
    &["中华人民共和国基本医疗卫生与健康促进法"],
    &["中华人民共和国税收征收管理法"],
    &["中华人民共和国个人所得税法"],
    &["中华人民共和国企业所得税法"],
    &["中华人民共和国保险法"],
    &["中华人民共和国商业银行法"],
    &["中华人民共和国反洗钱法"],
    &["中华人民共和国英雄烈士保护法"],
    &["中华人民共和国突发事件应对法"],
    &["中华人民共和国生物安全法"],
    &["中华人民共和国反食品浪费法"],
    &["中华人民共和国乡村振兴法"],
    &["中华人民共和国立法法"],
    &["中华人民共和国民族区域自治法"],
    &["中华人民共和国集会游行示威法"],
    &["中华人民共和国枪支管理法"],
    &["中华人民共和国反有组织犯罪法"],
    &["中华人民共和国社区矫正法"],
    &["中华人民共和国监狱法"],
    &["中华人民共和国出境入境管理法"],
    &["中华人民共和国居民身份证法"],
];

/// Looks a full name up in the repealed list.
pub fn repealed(full_name: &str) -> Option<&'static Repealed> {
    REPEALED.iter().find(|r| r.name == full_name)
}

/// The automatic short name: the full name without the `中华人民共和国` prefix.
pub fn auto_short(full_name: &str) -> Option<&str> {
    full_name
        .strip_prefix(PRC)
        .filter(|s| s.chars().count() >= 2)
}

/// True when a name in 《》 is shaped like a statute of the NPC or its Standing Committee
/// (`…法`, `…法典`; a version note such as `（2018年修正）` is ignored), so that a miss in the
/// dictionary is worth a warning. Books and newspapers are not, and neither are
/// administrative regulations, rules and interpretations (`…条例`, `…规定`, `…办法`,
/// `…解释`): they are too many for the dictionary to know.
pub fn is_statute_name(name: &str) -> bool {
    let stem = name
        .trim_end_matches(['）', ')'])
        .split(['（', '('])
        .next()
        .unwrap_or(name);
    (stem.ends_with('法') || stem.ends_with("法典"))
        && !stem.ends_with("办法")
        && name.chars().count() <= 60
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nine_laws_repealed_by_civil_code() {
        let n = REPEALED
            .iter()
            .filter(|r| r.replaced_by == MINFADIAN && r.date == "2021-01-01")
            .count();
        assert_eq!(n, 9);
        assert_eq!(
            repealed("中华人民共和国婚姻法").map(|r| r.date),
            Some("2021-01-01")
        );
        assert!(repealed("中华人民共和国民法典").is_none());
    }

    #[test]
    fn short_names_and_law_shapes() {
        assert_eq!(auto_short("中华人民共和国刑法"), Some("刑法"));
        assert_eq!(auto_short("全国人民代表大会常务委员会关于…"), None);
        assert!(!is_statute_name("人民日报"));
        assert!(!is_statute_name("红楼梦"));
        assert!(is_statute_name("乡村美化法"));
        assert!(is_statute_name("中华人民共和国民法典"));
        assert!(is_statute_name("中华人民共和国宪法（2018年修正）"));
        assert!(!is_statute_name("工伤保险条例"));
        assert!(!is_statute_name("某某省物业管理办法"));
    }
}
