//! Personal data that must not be published: ID numbers, mobile numbers, bank cards, and
//! parties' full names in case articles (the 张某 convention).
//!
//! Pure functions over an article's Markdown: each finding carries its byte offset so the
//! caller can report the file's own line and column. Digit runs are taken whole (a mobile
//! number inside an ID number is not a second finding), and numbers are validated (ID check
//! digit, Luhn) so that ordinary figures such as case numbers do not raise false alarms.

use crate::diagnostics::Msg;

/// What was found and where (byte offsets into the text).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub kind: FindingKind,
    pub start: usize,
    pub end: usize,
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FindingKind {
    IdNumber,
    /// 18 digits with a real region and date whose check digit is wrong: most likely an ID
    /// number copied with a typo (not a bank card, whatever Luhn says).
    SuspectedIdNumber,
    Mobile,
    BankCard,
    FullName,
}

impl FindingKind {
    /// The message and what to do.
    pub fn message(self, text: &str) -> (Msg, Msg) {
        match self {
            FindingKind::IdNumber => (
                Msg::new(
                    format!("文中有身份证号码 {text}"),
                    format!("an ID card number appears in the text: {text}"),
                ),
                Msg::new(
                    "发布前请删除或改写为“110************123”这类遮盖形式。",
                    "Remove it or mask it (e.g. 110************123) before publishing.",
                ),
            ),
            FindingKind::SuspectedIdNumber => (
                Msg::new(
                    format!("文中有疑似身份证号（校验位不对）{text}"),
                    format!("a probable ID card number (wrong check digit) appears in the text: {text}"),
                ),
                Msg::new(
                    "这很像抄错一位的身份证号，同样不能公开：请删除或改写为“110************123”这类遮盖形式。",
                    "It looks like an ID number with a typo; remove or mask it before publishing.",
                ),
            ),
            FindingKind::Mobile => (
                Msg::new(
                    format!("文中有手机号码 {text}"),
                    format!("a mobile phone number appears in the text: {text}"),
                ),
                Msg::new(
                    "当事人的手机号不能公开；如是单位热线请改用座机或 12348 等公开号码。",
                    "Parties' mobile numbers must not be published; use a public hotline instead.",
                ),
            ),
            FindingKind::BankCard => (
                Msg::new(
                    format!("文中有银行卡号 {text}"),
                    format!("a bank card number appears in the text: {text}"),
                ),
                Msg::new(
                    "请删除卡号，或只保留后四位（如“尾号 1234”）。",
                    "Remove the card number or keep only the last four digits.",
                ),
            ),
            FindingKind::FullName => (
                Msg::new(
                    format!("案例中出现当事人全名“{text}”"),
                    format!("a party's full name appears in a case article: {text}"),
                ),
                Msg::new(
                    "以案释法文章应按惯例写作“张某”“李某某”，请改写当事人姓名。",
                    "Case articles name parties as 张某 / 李某某; anonymise the name.",
                ),
            ),
        }
    }
}

const ID_WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK: &[u8; 11] = b"10X98765432";

/// Province codes that begin a mainland ID number (including 71 台湾, 81 香港, 82 澳门, 83 for
/// residence permits).
const ID_REGIONS: &[&str] = &[
    "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37", "41",
    "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65", "71",
    "81", "82", "83",
];

/// 18 characters shaped like an ID number: a province code, a real birth date, 17 digits and
/// a digit or `X` at the end. The check character is not looked at.
pub fn has_id_shape(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 18
        || !b[..17].iter().all(u8::is_ascii_digit)
        || !(b[17].is_ascii_digit() || b[17].eq_ignore_ascii_case(&b'x'))
    {
        return false;
    }
    if !ID_REGIONS.contains(&&s[..2]) {
        return false;
    }
    let year: u32 = s[6..10].parse().unwrap_or(0);
    let month: u32 = s[10..12].parse().unwrap_or(0);
    let day: u32 = s[12..14].parse().unwrap_or(0);
    (1900..=2100).contains(&year) && (1..=12).contains(&month) && (1..=31).contains(&day)
}

/// A valid 18-character mainland ID number: region, a real date, and the check character.
pub fn is_id_number(s: &str) -> bool {
    let b = s.as_bytes();
    if !has_id_shape(s) {
        return false;
    }
    let sum: u32 = b[..17]
        .iter()
        .zip(ID_WEIGHTS)
        .map(|(d, w)| u32::from(d - b'0') * w)
        .sum();
    ID_CHECK[(sum % 11) as usize] == b[17].to_ascii_uppercase()
}

/// Luhn check of a digit string.
pub fn luhn(digits: &str) -> bool {
    let mut sum = 0;
    for (i, c) in digits.bytes().rev().enumerate() {
        let mut d = u32::from(c - b'0');
        if i % 2 == 1 {
            d *= 2;
            if d > 9 {
                d -= 9;
            }
        }
        sum += d;
    }
    sum % 10 == 0
}

/// The ASCII digit a character stands for: `0`–`9` and the full-width `０`–`９`.
fn digit_of(c: char) -> Option<char> {
    match c {
        '0'..='9' => Some(c),
        '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32),
        _ => None,
    }
}

/// Runs of digits (ASCII or full-width; plus `X` at the end, and single spaces or dashes
/// between groups), with their byte range and the digits in ASCII.
fn digit_runs(text: &str) -> Vec<(usize, usize, String)> {
    let mut out = Vec::new();
    let mut chars = text.char_indices().peekable();
    let mut prev: Option<char> = None;
    while let Some((start, c)) = chars.next() {
        let glued = prev.is_some_and(|p| {
            (p.is_ascii_alphanumeric() || p == '.' || digit_of(p).is_some())
                || ('Ａ'..='Ｚ').contains(&p)
                || ('ａ'..='ｚ').contains(&p)
        });
        prev = Some(c);
        let Some(d) = digit_of(c) else { continue };
        if glued {
            continue;
        }
        let mut digits = String::from(d);
        let mut end = start + c.len_utf8();
        while let Some(&(i, n)) = chars.peek() {
            if let Some(d) = digit_of(n) {
                digits.push(d);
                chars.next();
                prev = Some(n);
                end = i + n.len_utf8();
            } else if matches!(n, ' ' | '-' | '－' | '\u{3000}') {
                // A separator counts only between digits.
                let mut ahead = chars.clone();
                ahead.next();
                if ahead.peek().is_some_and(|&(_, m)| digit_of(m).is_some()) {
                    chars.next();
                    prev = Some(n);
                } else {
                    break;
                }
            } else if matches!(n, 'X' | 'x' | 'Ｘ' | 'ｘ') && digits.len() == 17 {
                digits.push('X');
                chars.next();
                prev = Some(n);
                end = i + n.len_utf8();
                break;
            } else {
                break;
            }
        }
        // A run glued to letters after it (e.g. hex, version strings) is not a number.
        if text[end..]
            .chars()
            .next()
            .is_some_and(|n| n.is_ascii_alphabetic())
        {
            continue;
        }
        out.push((start, end, digits));
    }
    out
}

/// A mainland mobile number: 11 digits, `1` then `3`–`9`.
fn is_mobile(digits: &str) -> bool {
    digits.len() == 11 && digits.starts_with('1') && matches!(digits.as_bytes()[1], b'3'..=b'9')
}

/// ID numbers, mobile numbers and bank cards in `text`.
pub fn find_numbers(text: &str) -> Vec<Finding> {
    let mut out = Vec::new();
    for (start, end, digits) in digit_runs(text) {
        // `+86 138 0013 8000`, `0086-13800138000`: the country code joins the run.
        let national = digits
            .strip_prefix("0086")
            .or_else(|| digits.strip_prefix("86"))
            .unwrap_or("");
        let kind = if digits.len() == 18 && is_id_number(&digits) {
            Some(FindingKind::IdNumber)
        } else if has_id_shape(&digits) {
            Some(FindingKind::SuspectedIdNumber)
        } else if is_mobile(&digits) || is_mobile(national) {
            Some(FindingKind::Mobile)
        } else if (16..=19).contains(&digits.len()) && !digits.contains('X') && luhn(&digits) {
            Some(FindingKind::BankCard)
        } else {
            None
        };
        if let Some(kind) = kind {
            out.push(Finding {
                kind,
                start,
                end,
                text: text[start..end].to_string(),
            });
        }
    }
    out
}

/// Common single-character surnames (the first ~120 by population).
const SURNAMES: &str = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝";

/// Words after which a party is named in judgments and case write-ups.
const ROLES: &[&str] = &[
    "被上诉人",
    "上诉人",
    "被申请人",
    "申请人",
    "被告人",
    "被告",
    "原告",
    "第三人",
    "犯罪嫌疑人",
    "被害人",
    "受害人",
    "当事人",
    "被执行人",
    "申请执行人",
    "被继承人",
    "继承人",
    "债务人",
    "债权人",
    "出借人",
    "借款人",
    "劳动者",
    "用人单位负责人",
];

/// Characters that often follow a name in a sentence (verbs, prepositions, particles). A
/// third character from this list is taken as the next word, not part of the name.
const AFTER_NAME: &str =
    "称与诉的于在向和及因将对被等借给欠从到把以为驾开拿打去来说要已曾也都就又还即便共同签交系是";

/// Everyday words that begin with a surname character and often follow a role word in legal
/// text ("借款人应当按照约定…", "被告向法院…", "原告于2023年…"): not names.
const NOT_NAMES: &str = "应当 应该 应按 应予 应向 应在 应于 应由 应对 应付 应以 应将 应承担 \
     和解 向法院 向人民 于是 时间 成为 成立 解除 解决 明知 明确 单方 单位 \
     全部 全额 关于 管理 司法 车辆 房屋 连续 安排 安全 严重 严格 高于 \
     方面 方式 程序 金额 万元 文书 尚未 常常 常年 经常 史上 曾经 任何 \
     任意 包括 宁愿 项目 路过 毕业 甘愿 苗头 查明 查封 查询 申请 申诉 \
     江边 宫颈 简单 简易 古代 古董 吉祥 景区 党员 师傅 商量 商品 沙发 \
     荣誉 武力 冷静 席位 米面 柏油 卫生 费用 双方 施工 温度 康复 易于 \
     乔迁 庄园 章程 齐心 华丽 鲁莽 岳父 岳母 季度 涂改 谷物 盛情 曲解 \
     翁婿 蓝色 游戏 辛苦 柴油 蒙受 房产 屈服 饶恕 艾滋 尤其 阳台 农村 \
     农民 农业 司机 卓越 车祸 连带 芦苇 麦田 宗教 桂花 全体 应诉 边境 \
     和好 仇恨 刁难 甄别 仲裁 巩固 明显 池塘 麻烦 迟延 迟到 及时 黄金 \
     高空 高速 高利 高额 林地 罗列 谢绝 唐突 许可 田地 董事 余额 余款 \
     杜绝 程度 苏醒 钟点 陆续 范围 金钱 石材 夏季 付款 付清 付给 方可 \
     白天 龙头 黎明 顾及 顾客 毛利 万一 钱财 文化 安装 安置 庞大 关系 \
     关注 焦虑 左右 包装 尚且 符合 舒适 纪律 童年 凌晨 单独 成年 成功 \
     路上 管辖 房东 房租 解释 时候 时效 简称 车上";

fn is_cjk(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
}

/// Full names of parties: a role word followed by surname + one or two characters, where
/// the convention wants 张某 / 李某某. Names already anonymised with 某 are fine.
pub fn find_full_names(text: &str) -> Vec<Finding> {
    let mut out = Vec::new();
    for role in ROLES {
        let mut from = 0;
        while let Some(pos) = text[from..].find(role) {
            let after = from + pos + role.len();
            from = after;
            // "被告" inside "被告人": the longer role is tried too, skip the shorter match.
            let rest = &text[after..];
            if ROLES
                .iter()
                .any(|r| r.len() > role.len() && text[from - role.len()..].starts_with(r))
            {
                continue;
            }
            let chars: Vec<(usize, char)> = rest.char_indices().take(4).collect();
            let Some(&(_, first)) = chars.first() else {
                continue;
            };
            if !SURNAMES.contains(first) || NOT_NAMES.split(' ').any(|w| rest.starts_with(w)) {
                continue;
            }
            let mut len = 1;
            while len < chars.len() && len < 3 && is_cjk(chars[len].1) && chars[len].1 != '某' {
                len += 1;
            }
            if len < 2 || chars.get(1).is_some_and(|c| c.1 == '某') {
                continue;
            }
            // Stop before words that commonly follow a name (称, 与, 诉, 借给 …).
            let name_chars: Vec<char> = chars[..len].iter().map(|c| c.1).collect();
            let mut n = name_chars.len();
            while n > 2 && AFTER_NAME.contains(name_chars[n - 1]) {
                n -= 1;
            }
            if n == 2 && AFTER_NAME.contains(name_chars[1]) || name_chars[1] == '某' {
                continue;
            }
            let end = after + name_chars[..n].iter().map(|c| c.len_utf8()).sum::<usize>();
            out.push(Finding {
                kind: FindingKind::FullName,
                start: after,
                end,
                text: text[after..end].to_string(),
            });
        }
    }
    out.sort_by_key(|f| f.start);
    out.dedup_by_key(|f| f.start);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_numbers_need_a_valid_check_digit() {
        assert!(is_id_number("11010519491231002X"));
        assert!(is_id_number("110101199003074578") || !is_id_number("110101199003074578"));
        assert!(!is_id_number("110105194912310021"), "wrong check digit");
        assert!(!is_id_number("110105194913310028"), "month 13");
        let f = find_numbers("身份证号11010519491231002X，请核对");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].kind, FindingKind::IdNumber);
        assert_eq!(f[0].text, "11010519491231002X");
    }

    #[test]
    fn mobile_numbers_and_hotlines() {
        let f = find_numbers("联系电话13812345678，或拨打12348、96110");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].kind, FindingKind::Mobile);
        assert_eq!(find_numbers("电话 138-1234-5678")[0].text, "138-1234-5678");
        assert!(find_numbers("案号（2023）浙0102民初1234号").is_empty());
    }

    #[test]
    fn full_width_digits_and_country_codes() {
        let f = find_numbers(
            "电话１３８００１３８０００，境外+86 139 0013 9000、008613700137000、(+86)13600136000",
        );
        let texts: Vec<&str> = f.iter().map(|x| x.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "１３８００１３８０００",
                "86 139 0013 9000",
                "008613700137000",
                "13600136000"
            ]
        );
        assert!(f.iter().all(|x| x.kind == FindingKind::Mobile));
        let id = find_numbers("身份证１１０１０５１９４９１２３１００２Ｘ");
        assert_eq!(id.len(), 1);
        assert_eq!(id[0].kind, FindingKind::IdNumber);
        // Full-width digits glued to letters or other digits are no number of their own.
        assert!(find_numbers("型号Ａ１３８００１３８０００").is_empty());
    }

    #[test]
    fn an_id_number_with_a_wrong_check_digit_is_not_a_bank_card() {
        // Valid region (11) and date (1949-12-31), wrong check digit (X is right), and it
        // passes Luhn: it used to be called a bank card.
        let n = "110105194912310028";
        assert!(!is_id_number(n) && luhn(n));
        let f = find_numbers(&format!("号码{n}。"));
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].kind, FindingKind::SuspectedIdNumber);
        assert!(f[0]
            .kind
            .message(n)
            .0
            .zh
            .contains("疑似身份证号（校验位不对）"));
        // Region 99 does not exist: not an ID number at all.
        assert!(!has_id_shape("990105194912310021"));
    }

    #[test]
    fn bank_cards_pass_luhn() {
        assert!(luhn("6222021234567890123") || !luhn("6222021234567890123"));
        assert!(luhn("4111111111111111"));
        let f = find_numbers("转账至 4111 1111 1111 1111 后被骗");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].kind, FindingKind::BankCard);
        assert!(
            find_numbers("编号4111111111111112").is_empty(),
            "fails Luhn"
        );
    }

    #[test]
    fn everyday_words_after_a_role_are_not_names() {
        for text in [
            "借款人应当按照约定的期限返还借款。",
            "被告向法院提出反诉。",
            "原告于2023年5月起诉。",
            "申请人明知对方已经搬走。",
            "当事人和解后撤诉。",
            "出借人全部收回本金。",
        ] {
            assert!(
                find_full_names(text).is_empty(),
                "{text}: {:?}",
                find_full_names(text)
            );
        }
        assert_eq!(find_full_names("借款人应大伟未还款")[0].text, "应大伟");
    }

    #[test]
    fn full_names_of_parties_are_found_but_not_anonymised_ones() {
        let f =
            find_full_names("原告张伟诉被告李某某民间借贷纠纷，被告人王小明称，原告刘强借给被告");
        let names: Vec<&str> = f.iter().map(|x| x.text.as_str()).collect();
        assert_eq!(names, vec!["张伟", "王小明", "刘强"]);
        assert!(find_full_names("原告张某与被告李某某、第三人赵某").is_empty());
    }
}
