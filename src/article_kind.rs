//! The legal-education article kinds (以案释法, 普法活动, 法律问答, 讲座, 展板, 普法责任清单,
//! 通知公告), held once: each kind's front-matter name, its Chinese names, the section a new
//! article goes to, the body `pufa new` starts it with; the parts of a case article that
//! `check` looks for and `import` recognises; the alt text an undescribed image gets.
//!
//! Pure data, below every stage: `source` reads `kind` from front matter with it, `scaffold`
//! writes new articles, `import` converts Word documents, `check` reads case parts.

use std::fmt;
use std::str::FromStr;

/// One of pufa's article kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ArticleKind {
    Case,
    Campaign,
    Qa,
    Lecture,
    Board,
    List,
    Notice,
}

impl ArticleKind {
    /// Every kind, in the order menus and messages list them.
    pub const ALL: [ArticleKind; 7] = [
        ArticleKind::Case,
        ArticleKind::Campaign,
        ArticleKind::Qa,
        ArticleKind::Lecture,
        ArticleKind::Board,
        ArticleKind::List,
        ArticleKind::Notice,
    ];

    /// The name in front matter and on the command line: `case`, `qa` ….
    pub fn name(self) -> &'static str {
        match self {
            ArticleKind::Case => "case",
            ArticleKind::Campaign => "campaign",
            ArticleKind::Qa => "qa",
            ArticleKind::Lecture => "lecture",
            ArticleKind::Board => "board",
            ArticleKind::List => "list",
            ArticleKind::Notice => "notice",
        }
    }

    /// What staff call it: 以案释法, 普法活动 ….
    pub fn name_zh(self) -> &'static str {
        match self {
            ArticleKind::Case => "以案释法",
            ArticleKind::Campaign => "普法活动",
            ArticleKind::Qa => "法律问答",
            ArticleKind::Lecture => "讲座",
            ArticleKind::Board => "展板",
            ArticleKind::List => "普法责任清单",
            ArticleKind::Notice => "通知公告",
        }
    }

    /// Shorter Chinese names also accepted for `kind` in front matter.
    fn short_names_zh(self) -> &'static [&'static str] {
        match self {
            ArticleKind::Case => &["案例"],
            ArticleKind::Campaign => &["活动"],
            ArticleKind::Qa => &["问答"],
            ArticleKind::Lecture | ArticleKind::Board => &[],
            ArticleKind::List => &["清单"],
            ArticleKind::Notice => &["通知", "公告"],
        }
    }

    /// The section folder under `content/` a new article of this kind goes to.
    pub fn default_section(self) -> &'static str {
        match self {
            ArticleKind::Case => "cases",
            ArticleKind::Campaign => "campaigns",
            ArticleKind::Qa => "qa",
            ArticleKind::Lecture => "lectures",
            ArticleKind::Board => "boards",
            ArticleKind::List => "lists",
            ArticleKind::Notice => "notices",
        }
    }

    /// The kind named exactly by its front-matter name (`case`).
    pub fn from_name(name: &str) -> Option<ArticleKind> {
        ArticleKind::ALL.into_iter().find(|k| k.name() == name)
    }

    /// The kind as written in front matter: its name in any ASCII case, or a Chinese name
    /// (以案释法, 案例 …), blanks around it ignored.
    pub fn from_front_matter(written: &str) -> Option<ArticleKind> {
        let w = written.trim();
        ArticleKind::ALL
            .into_iter()
            .find(|k| k.name_zh() == w || k.short_names_zh().contains(&w))
            .or_else(|| ArticleKind::from_name(&w.to_ascii_lowercase()))
    }

    /// Every front-matter name, in order: `case`, `campaign` ….
    pub fn names() -> impl Iterator<Item = &'static str> {
        ArticleKind::ALL.into_iter().map(ArticleKind::name)
    }

    /// The body a new article starts with: the kind's headings, with hints in comments.
    pub fn new_article_body(self) -> &'static str {
        match self {
            ArticleKind::Case => CASE_BODY,
            ArticleKind::Campaign => CAMPAIGN_BODY,
            ArticleKind::Qa => QA_BODY,
            ArticleKind::Lecture => LECTURE_BODY,
            ArticleKind::Board => BOARD_BODY,
            ArticleKind::List => LIST_BODY,
            ArticleKind::Notice => NOTICE_BODY,
        }
    }

    /// The `[extra]` table a new article of this kind starts with (empty for most).
    pub fn new_article_extra(self) -> &'static str {
        match self {
            ArticleKind::Campaign => {
                "\n[extra]\n# 活动起止日期，格式 年-月-日\nstart = \"\"\nend = \"\"\ntheme = \"\"\n"
            }
            ArticleKind::Board => {
                "\n[extra]\n# 展板在展廊中的位置，如“第3块”\nposition = \"\"\nseries = \"\"\n"
            }
            _ => "",
        }
    }
}

impl fmt::Display for ArticleKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A kind name that is none of pufa's kinds (the message lists them).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("不认识的文章类型“{0}”，可用：case、campaign、qa、lecture、board、list、notice")]
pub struct UnknownKind(pub String);

impl FromStr for ArticleKind {
    type Err = UnknownKind;
    /// The exact front-matter name, as the command line and the editor take it.
    fn from_str(s: &str) -> Result<ArticleKind, UnknownKind> {
        ArticleKind::from_name(s).ok_or_else(|| UnknownKind(s.to_string()))
    }
}

/// The alt text `import` gives an image Word has no description for; `check` reports it.
pub const ALT_PLACEHOLDER: &str = "请在此填写图片说明";

/// One canonical part of a case article (以案释法) and the headings writers use for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CasePart {
    /// `facts`, `issue`, `result`, `analysis`, `law`, `tips`.
    pub key: &'static str,
    /// The heading `pufa new case` writes.
    pub heading: &'static str,
    /// Headings that mean this part, the canonical one first.
    pub variants: &'static [&'static str],
}

/// The six parts of a case article, in their usual order.
pub const CASE_PARTS: &[CasePart] = &[
    CasePart {
        key: "facts",
        heading: "基本案情",
        variants: FACT_HEADINGS,
    },
    CasePart {
        key: "issue",
        heading: "争议焦点",
        variants: &["争议焦点", "焦点问题", "本案焦点", "争议问题", "案件焦点"],
    },
    CasePart {
        key: "result",
        heading: "裁判结果",
        variants: &[
            "裁判结果",
            "判决结果",
            "处理结果",
            "审理结果",
            "调解结果",
            "裁判要旨",
            "判决",
            "结果",
        ],
    },
    CasePart {
        key: "analysis",
        heading: "法官说法",
        variants: ANALYSIS_HEADINGS,
    },
    CasePart {
        key: "law",
        heading: "相关法条",
        variants: &[
            "相关法条",
            "法律依据",
            "法条链接",
            "法律条文",
            "相关法律规定",
            "相关法律",
            "法条",
        ],
    },
    CasePart {
        key: "tips",
        heading: "温馨提示",
        variants: &[
            "温馨提示",
            "法官提醒",
            "普法提示",
            "特别提醒",
            "法官提示",
            "律师提醒",
            "提示",
            "提醒",
        ],
    },
];

/// Headings that name a case's facts, and its analysis, in the ways writers title them.
pub const FACT_HEADINGS: &[&str] = &[
    "基本案情",
    "案情简介",
    "案情回顾",
    "案件事实",
    "案情介绍",
    "案情概要",
    "案情",
];
pub const ANALYSIS_HEADINGS: &[&str] = &[
    "法官说法",
    "以案释法",
    "律师说法",
    "法官释法",
    "检察官说法",
    "案例评析",
    "法律分析",
    "案例分析",
    "说法",
    "评析",
];

const CASE_BODY: &str = "<!-- 提示：当事人一律写作“张某”“李某某”，不要写身份证号、手机号、银行卡号。发布前运行 pufa check 检查。 -->

## 基本案情

<!-- 提示：用几段话讲清楚发生了什么，按时间顺序写。 -->

## 争议焦点

<!-- 提示：双方争的是什么？一两个问题即可。 -->

## 裁判结果

<!-- 提示：法院（或仲裁、调解）最后怎么处理的。 -->

## 法官说法

<!-- 提示：用老百姓听得懂的话解释为什么这样判。引用法条可写《中华人民共和国民法典》第一千一百六十五条，会自动加上条文。 -->

## 相关法条

<!-- 提示：列出涉及的条文，如《民法典》第一千二百五十四条。 -->

## 温馨提示

<!-- 提示：给读者的一两条实用建议。 -->
";

const CAMPAIGN_BODY: &str = "<!-- 提示：活动起止日期请填在上面 [extra] 的 start 和 end 里。 -->

## 活动主题

## 活动时间和地点

## 活动内容

<!-- 提示：可用列表写，每项一行，以“- ”开头。 -->

## 宣传资料下载

<!-- 提示：把资料文件放在本文同一文件夹，写成 [资料名称](文件名.pdf)。 -->
";

const QA_BODY: &str = "## 问

<!-- 提示：用群众的原话写问题。 -->

## 答

<!-- 提示：先给结论，再讲怎么办。 -->

## 法律依据

<!-- 提示：如《中华人民共和国劳动合同法》第三十条。 -->
";

const LECTURE_BODY: &str = "<!-- 提示：讲座时间、地点、主讲人写在第一段。 -->

## 讲座要点

## 典型问题

## 课后提示
";

const BOARD_BODY: &str = "<!-- 提示：展板全文逐字录入，方便读屏软件朗读和打印。 -->

## 展板正文

## 二维码说明

<!-- 提示：打印时会自动附上本页网址的二维码。 -->
";

const LIST_BODY: &str = "<!-- 提示：每个单位一行，用表格填写。 -->

| 责任单位 | 普法内容 | 普法对象 | 完成时限 |
|---|---|---|---|
|  |  |  |  |
";

const NOTICE_BODY: &str = "<!-- 提示：通知正文，落款单位和日期写在最后。 -->

各村（社区）：

（正文）

特此通知。
";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_chinese_names_are_read() {
        for k in ArticleKind::ALL {
            assert_eq!(ArticleKind::from_name(k.name()), Some(k));
            assert_eq!(k.name().parse::<ArticleKind>(), Ok(k));
            assert_eq!(ArticleKind::from_front_matter(k.name_zh()), Some(k));
            assert_eq!(
                ArticleKind::from_front_matter(&format!(" {} ", k.name().to_uppercase())),
                Some(k)
            );
        }
        assert_eq!(
            ArticleKind::from_front_matter("公告"),
            Some(ArticleKind::Notice)
        );
        assert_eq!(ArticleKind::from_front_matter("poem"), None);
        let err = "poem".parse::<ArticleKind>().unwrap_err();
        assert_eq!(
            err.to_string(),
            "不认识的文章类型“poem”，可用：case、campaign、qa、lecture、board、list、notice"
        );
        assert_eq!(
            ArticleKind::names().collect::<Vec<_>>().join("、"),
            "case、campaign、qa、lecture、board、list、notice"
        );
    }

    #[test]
    fn every_kind_has_its_own_section() {
        let mut sections: Vec<&str> = ArticleKind::ALL
            .iter()
            .map(|k| k.default_section())
            .collect();
        sections.sort();
        sections.dedup();
        assert_eq!(sections.len(), ArticleKind::ALL.len());
    }
}
