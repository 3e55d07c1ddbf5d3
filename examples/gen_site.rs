//! Synthetic Chinese legal-education (普法) site generator for benchmarks.
//!
//! Takes a page count, an output folder and a seed; writes one folder that is at the same time
//! a Zola site (`config.toml`, `templates/`) and an equivalent Hugo site (`hugo.toml`,
//! `layouts/`) over the same `content/` and `static/`, so pufa, Zola and Hugo can be timed on
//! identical input.
//!
//! ```text
//! cargo run --release --example gen_site -- --pages 10000 --out /tmp/site [--seed 42]
//! ```
//!
//! Why it looks like this:
//! - std only, with a small xorshift PRNG, so the same `--pages`/`--seed` gives byte-identical
//!   sites on every machine and toolchain (figures stay comparable across runs and commits).
//! - Four sections (cases 以案释法, campaigns 普法活动, qa 法律问答, notices 通知公告) with
//!   `sort_by = "date"` and `paginate_by = 20`; taxonomies `tags` and `laws` paginated by 20.
//!   Tag popularity follows a Zipf-like curve so term pages have realistic, uneven sizes.
//! - Pages are 600–3,000 characters of text built from hand-written legal vocabulary: case
//!   parts 基本案情/争议焦点/裁判结果/法官说法, citations such as
//!   《中华人民共和国民法典》第一千一百六十五条 (article numbers stay within each law's real
//!   article count, taken from laws.db, so pufa's citation checker has nothing to flag), a table
//!   every few pages and `@/` links to other generated pages.
//! - Front matter carries the taxonomies twice: `[taxonomies]` for Zola (which ignores unknown
//!   top-level keys) and top-level `tags`/`laws` for Hugo (which has no `[taxonomies]` table).
//! - Hugo does not understand Zola's `@/` links, so the Hugo theme resolves them in a
//!   render-link hook with `site.GetPage`: both engines do comparable lookup work.
//! - Both themes use the same features: pagination, previous/next page (`page.lower` /
//!   `page.higher` vs `.PrevInSection` / `.NextInSection`), `get_section` vs `site.GetPage`,
//!   `get_taxonomy_url` vs `.GetTerms`, and a table of contents.
//! - The Zola term template lists `paginator.pages`, and `term.pages` only in the branch
//!   without a paginator (a common theme pattern: the branch is never taken here, but the
//!   engine cannot know that, so every pager's `term` carries the term's whole page list).

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// File that marks a folder as ours, so a re-run may clear it but never a user's folder.
const MARKER: &str = ".gen_site";

fn main() -> ExitCode {
    match parse_args(std::env::args().skip(1)).and_then(|opts| run(&opts)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(msg) => {
            eprintln!("gen_site: {msg}");
            eprintln!("usage: gen_site --pages N --out DIR [--seed S]");
            ExitCode::FAILURE
        }
    }
}

pub(crate) struct Options {
    pages: usize,
    out: PathBuf,
    seed: u64,
}

pub(crate) fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Options, String> {
    let (mut pages, mut out, mut seed) = (1000usize, None, 42u64);
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or(format!("{name} needs a value"));
        match arg.as_str() {
            "--pages" => {
                pages = value("--pages")?
                    .parse()
                    .map_err(|e| format!("--pages: {e}"))?
            }
            "--out" => out = Some(PathBuf::from(value("--out")?)),
            "--seed" => {
                seed = value("--seed")?
                    .parse()
                    .map_err(|e| format!("--seed: {e}"))?
            }
            "-h" | "--help" => return Err("help".into()),
            other => return Err(format!("unknown argument {other}")),
        }
    }
    if pages == 0 {
        return Err("--pages must be at least 1".into());
    }
    let out = out.ok_or("--out DIR is required")?;
    Ok(Options { pages, out, seed })
}

pub(crate) fn run(opts: &Options) -> Result<(), String> {
    prepare_out(&opts.out)?;
    let mut rng = Rng::new(opts.seed);
    let metas = plan_pages(opts.pages, &mut rng);
    let mut files: Vec<(String, String)> = Vec::with_capacity(metas.len() + 32);
    files.extend(site_files());
    for (i, meta) in metas.iter().enumerate() {
        // One PRNG stream per page, derived from the seed and the index, so a page's text does
        // not depend on the pages before it (smaller sites are prefixes of bigger ones in spirit).
        let mut page_rng = Rng::new(opts.seed ^ (i as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15));
        let body = page_body(meta, &metas, &mut page_rng);
        files.push((format!("content/{}", meta.file), front_matter(meta) + &body));
    }
    let mut total_bytes = 0usize;
    for (rel, text) in &files {
        let path = opts.out.join(rel);
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        }
        fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))?;
        total_bytes += text.len();
    }
    println!(
        "gen_site: {} pages, {} files, {:.1} MB in {}",
        metas.len(),
        files.len(),
        total_bytes as f64 / 1e6,
        opts.out.display()
    );
    Ok(())
}

/// Creates `out`, or empties it when an earlier run of this generator made it.
fn prepare_out(out: &Path) -> Result<(), String> {
    if out.exists() {
        let empty = fs::read_dir(out)
            .map_err(|e| format!("{}: {e}", out.display()))?
            .next()
            .is_none();
        if !empty && !out.join(MARKER).exists() {
            return Err(format!(
                "{} exists and was not made by gen_site; refusing to overwrite it",
                out.display()
            ));
        }
        for name in ["content", "templates", "layouts", "static", "public"] {
            let dir = out.join(name);
            if dir.exists() {
                fs::remove_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
            }
        }
    }
    fs::create_dir_all(out).map_err(|e| format!("{}: {e}", out.display()))?;
    fs::write(out.join(MARKER), "generated by examples/gen_site.rs\n")
        .map_err(|e| format!("{}: {e}", out.display()))
}

// ---------------------------------------------------------------------------------------------
// Deterministic randomness
// ---------------------------------------------------------------------------------------------

/// xorshift64*: tiny, fast and identical everywhere, which is all a benchmark corpus needs.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        // Zero is a fixed point of xorshift; mix the seed so every seed (including 0) works.
        let mut s = seed ^ 0x2545_F491_4F6C_DD1D;
        if s == 0 {
            s = 1;
        }
        let mut rng = Rng(s);
        rng.next();
        rng
    }
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    /// Uniform in `0..n` (n > 0); the modulo bias is irrelevant for text generation.
    fn below(&mut self, n: usize) -> usize {
        (self.next() >> 11) as usize % n
    }
    fn range(&mut self, lo: usize, hi_inclusive: usize) -> usize {
        lo + self.below(hi_inclusive - lo + 1)
    }
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }
    /// Zipf-like pick: index k is chosen with weight 1/(k+1), so the first items dominate.
    fn zipf(&mut self, n: usize) -> usize {
        let total: f64 = (1..=n).map(|k| 1.0 / k as f64).sum();
        let mut x = (self.next() >> 11) as f64 / (1u64 << 53) as f64 * total;
        for k in 0..n {
            x -= 1.0 / (k + 1) as f64;
            if x <= 0.0 {
                return k;
            }
        }
        n - 1
    }
}

// ---------------------------------------------------------------------------------------------
// Vocabulary
// ---------------------------------------------------------------------------------------------

/// (full name, short name, number of articles in force per laws.db).
const LAWS: &[(&str, &str, u32)] = &[
    ("中华人民共和国民法典", "民法典", 1260),
    ("中华人民共和国刑法", "刑法", 452),
    ("中华人民共和国宪法", "宪法", 143),
    ("中华人民共和国未成年人保护法", "未成年人保护法", 132),
    ("中华人民共和国道路交通安全法", "道路交通安全法", 124),
    ("中华人民共和国劳动合同法", "劳动合同法", 98),
    ("中华人民共和国劳动法", "劳动法", 107),
    ("中华人民共和国消费者权益保护法", "消费者权益保护法", 63),
    ("中华人民共和国治安管理处罚法", "治安管理处罚法", 144),
    ("中华人民共和国反电信网络诈骗法", "反电信网络诈骗法", 50),
    ("中华人民共和国禁毒法", "禁毒法", 71),
    ("中华人民共和国安全生产法", "安全生产法", 119),
    ("中华人民共和国食品安全法", "食品安全法", 154),
    ("中华人民共和国妇女权益保障法", "妇女权益保障法", 86),
    ("中华人民共和国老年人权益保障法", "老年人权益保障法", 85),
    ("中华人民共和国人民调解法", "人民调解法", 35),
    ("中华人民共和国法律援助法", "法律援助法", 71),
    ("中华人民共和国行政复议法", "行政复议法", 90),
    ("中华人民共和国行政诉讼法", "行政诉讼法", 103),
    ("中华人民共和国民事诉讼法", "民事诉讼法", 306),
    ("中华人民共和国刑事诉讼法", "刑事诉讼法", 308),
    ("中华人民共和国网络安全法", "网络安全法", 81),
    ("中华人民共和国个人信息保护法", "个人信息保护法", 74),
    ("中华人民共和国土地管理法", "土地管理法", 87),
    ("中华人民共和国预防未成年人犯罪法", "预防未成年人犯罪法", 68),
    ("中华人民共和国反家庭暴力法", "反家庭暴力法", 38),
    ("中华人民共和国社区矫正法", "社区矫正法", 63),
    ("中华人民共和国家庭教育促进法", "家庭教育促进法", 55),
    ("中华人民共和国反有组织犯罪法", "反有组织犯罪法", 77),
    ("中华人民共和国国家安全法", "国家安全法", 84),
    ("中华人民共和国义务教育法", "义务教育法", 63),
    ("中华人民共和国教育法", "教育法", 86),
    ("中华人民共和国野生动物保护法", "野生动物保护法", 64),
    ("中华人民共和国电子商务法", "电子商务法", 89),
    ("中华人民共和国产品质量法", "产品质量法", 74),
    ("中华人民共和国广告法", "广告法", 74),
    ("中华人民共和国英雄烈士保护法", "英雄烈士保护法", 30),
];

/// A topic ties a tag to the disputes and laws that usually go with it.
struct Topic {
    tag: &'static str,
    disputes: &'static [&'static str],
    /// Indexes into `LAWS`.
    laws: &'static [usize],
}

/// Ordered by how often a town justice office writes about them (drives the Zipf pick).
#[rustfmt::skip]
const TOPICS: &[Topic] = &[
    Topic { tag: "民法典", disputes: &["民间借贷纠纷", "相邻关系纠纷", "物业服务合同纠纷", "买卖合同纠纷"], laws: &[0] },
    Topic { tag: "婚姻家庭", disputes: &["离婚纠纷", "抚养费纠纷", "赡养纠纷", "继承纠纷"], laws: &[0, 25] },
    Topic { tag: "交通安全", disputes: &["机动车交通事故责任纠纷", "非机动车交通事故纠纷"], laws: &[4, 0] },
    Topic { tag: "反诈宣传", disputes: &["电信网络诈骗", "冒充客服诈骗", "刷单返利诈骗"], laws: &[9, 1] },
    Topic { tag: "劳动争议", disputes: &["追索劳动报酬纠纷", "工伤待遇纠纷", "经济补偿金纠纷"], laws: &[5, 6] },
    Topic { tag: "未成年人保护", disputes: &["校园欺凌", "监护侵害", "网络沉迷"], laws: &[3, 24, 27] },
    Topic { tag: "邻里纠纷", disputes: &["相邻通行纠纷", "排水纠纷", "噪声扰民纠纷"], laws: &[0, 15] },
    Topic { tag: "消费维权", disputes: &["产品责任纠纷", "网络购物合同纠纷", "预付卡消费纠纷"], laws: &[7, 34, 33] },
    Topic { tag: "宪法宣传", disputes: &["宪法宣誓", "公民基本权利"], laws: &[2] },
    Topic { tag: "禁毒宣传", disputes: &["容留他人吸毒", "非法持有毒品"], laws: &[10, 1] },
    Topic { tag: "安全生产", disputes: &["重大责任事故", "违规动火作业"], laws: &[11, 1] },
    Topic { tag: "食品安全", disputes: &["销售不符合安全标准的食品", "无证经营小作坊"], laws: &[12, 7] },
    Topic { tag: "老年人权益", disputes: &["赡养纠纷", "养老诈骗", "保健品虚假宣传"], laws: &[14, 0, 35] },
    Topic { tag: "妇女权益", disputes: &["家庭暴力", "就业性别歧视"], laws: &[13, 25] },
    Topic { tag: "人民调解", disputes: &["宅基地纠纷", "土地承包纠纷", "婚姻家庭纠纷"], laws: &[15, 0] },
    Topic { tag: "法律援助", disputes: &["农民工讨薪", "残疾人权益维护"], laws: &[16, 5] },
    Topic { tag: "治安管理", disputes: &["寻衅滋事", "故意损毁财物", "殴打他人"], laws: &[8] },
    Topic { tag: "个人信息保护", disputes: &["侵犯公民个人信息", "违规收集人脸信息"], laws: &[22, 21, 1] },
    Topic { tag: "行政争议", disputes: &["行政处罚复议", "政府信息公开"], laws: &[17, 18] },
    Topic { tag: "土地管理", disputes: &["非法占用农用地", "宅基地使用权纠纷"], laws: &[23, 0] },
    Topic { tag: "家庭教育", disputes: &["家庭教育指导", "留守儿童监护"], laws: &[27, 3] },
    Topic { tag: "扫黑除恶", disputes: &["套路贷", "强迫交易"], laws: &[28, 1] },
    Topic { tag: "国家安全", disputes: &["全民国家安全教育", "涉密载体管理"], laws: &[29] },
    Topic { tag: "社区矫正", disputes: &["社区矫正对象教育帮扶", "刑满释放人员安置帮教"], laws: &[26] },
    Topic { tag: "校园安全", disputes: &["教育机构责任纠纷", "学生意外伤害"], laws: &[30, 31, 0] },
    Topic { tag: "生态保护", disputes: &["非法狩猎", "非法捕捞水产品"], laws: &[32, 1] },
    Topic { tag: "网络安全", disputes: &["网络谣言", "帮助信息网络犯罪活动"], laws: &[21, 1] },
    Topic { tag: "英烈保护", disputes: &["侵害英雄烈士名誉"], laws: &[36, 0] },
    Topic { tag: "诉讼常识", disputes: &["诉讼时效", "举证责任", "小额诉讼"], laws: &[19, 20] },
];

const EXTRA_TAGS: &[&str] = &[
    "以案释法",
    "谁执法谁普法",
    "乡村振兴",
    "法治乡村",
    "民主法治示范村",
    "八五普法",
    "法律明白人",
    "公共法律服务",
    "矛盾纠纷排查",
    "平安建设",
    "法治文化",
    "普法志愿者",
    "枫桥经验",
];

const SURNAMES: &[&str] = &[
    "张", "王", "李", "赵", "刘", "陈", "杨", "黄", "周", "吴", "徐", "孙", "胡", "朱", "高", "林",
    "何", "郭", "马", "罗",
];
const ORGS: &[&str] = &[
    "某建筑公司",
    "某物业服务公司",
    "某商贸有限公司",
    "某村股份经济合作社",
    "某培训学校",
    "某餐饮店",
    "某电子商务公司",
    "某运输公司",
    "某养老服务中心",
    "某科技公司",
];
const PLACES: &[&str] = &[
    "某镇某村",
    "某小区",
    "镇农贸市场",
    "县城某路口",
    "某工业园区",
    "村委会门口",
    "某中学",
    "镇政府广场",
    "某超市",
    "村文化礼堂",
];
const RELATIONS: &[&str] = &[
    "邻居",
    "同村村民",
    "同事",
    "夫妻",
    "父子",
    "朋友",
    "雇佣",
    "租赁",
];
const HARMS: &[&str] = &[
    "受伤住院治疗",
    "财产损失",
    "精神受到严重损害",
    "多处软组织挫伤",
    "误工三个月",
    "车辆受损",
];
const COURTS: &[&str] = &[
    "县人民法院",
    "某人民法庭",
    "市中级人民法院",
    "县人民法院巡回法庭",
];
const OFFICES: &[&str] = &[
    "镇司法所",
    "村人民调解委员会",
    "镇人民调解委员会",
    "县公共法律服务中心",
    "派出所",
];
const PRINCIPLES: &[&str] = &[
    "行为人因过错侵害他人民事权益造成损害的，应当承担侵权责任",
    "民事主体从事民事活动，应当遵循诚信原则，秉持诚实，恪守承诺",
    "当事人应当按照约定全面履行自己的义务",
    "不动产的相邻权利人应当按照有利生产、方便生活、团结互助、公平合理的原则，正确处理相邻关系",
    "成年子女对父母负有赡养、扶助和保护的义务",
    "用人单位应当按照劳动合同约定和国家规定，向劳动者及时足额支付劳动报酬",
    "任何组织和个人不得非法收集、使用、加工、传输他人个人信息",
    "父母是未成年子女的监护人，应当履行监护职责",
    "经营者提供商品或者服务有欺诈行为的，应当按照消费者的要求增加赔偿其受到的损失",
    "机动车发生交通事故造成损害的，依照道路交通安全法律和本法的有关规定承担赔偿责任",
];
const TIPS: &[&str] = &[
    "遇到纠纷要理性表达诉求，通过协商、调解、诉讼等合法途径解决",
    "借款时务必签订书面借条，写明借款金额、利率和还款期限",
    "不要轻信陌生来电和短信，凡是要求转账到“安全账户”的都是诈骗",
    "发生交通事故后应当立即报警并保护现场，不要私了了事",
    "劳动者应当与用人单位签订书面劳动合同，保留工资条、考勤记录等证据",
    "家长要关注孩子的心理健康，发现异常及时与学校沟通",
    "购买商品时注意索要发票，保存好购物凭证",
    "遇到家庭暴力可以向公安机关报案，也可以向人民法院申请人身安全保护令",
    "老年人购买保健品要多与子女商量，警惕免费讲座、免费体检等套路",
    "需要法律帮助时，可以拨打12348公共法律服务热线咨询",
];
const ACTIVITIES: &[&str] = &[
    "发放宣传资料",
    "设立法律咨询台",
    "开展以案释法讲座",
    "组织有奖知识竞答",
    "播放普法微视频",
    "进村入户走访",
    "举办法治文艺演出",
    "开展模拟法庭",
    "张贴普法海报",
    "组织法律明白人培训",
];
const AUDIENCES: &[&str] = &[
    "辖区群众",
    "中小学生",
    "外来务工人员",
    "老年群体",
    "个体工商户",
    "村（社区）干部",
    "企业职工",
    "留守儿童家长",
];
const CAMPAIGNS: &[&str] = &[
    "民法典宣传月",
    "宪法宣传周",
    "全民国家安全教育日",
    "国际禁毒日",
    "安全生产月",
    "消费者权益保护日",
    "防范非法集资宣传月",
    "法律援助宣传",
    "反诈宣传进万家",
    "普法赶大集",
];

// ---------------------------------------------------------------------------------------------
// Planning: every page's path, title, date and taxonomies, before any text
// ---------------------------------------------------------------------------------------------

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Case,
    Campaign,
    Qa,
    Notice,
}

/// (folder, file prefix, title, description, share of pages in percent).
const SECTIONS: &[(Kind, &str, &str, &str, &str, usize)] = &[
    (
        Kind::Case,
        "cases",
        "case",
        "以案释法",
        "用身边的真实案例讲清楚法律规定",
        40,
    ),
    (
        Kind::Campaign,
        "campaigns",
        "campaign",
        "普法活动",
        "镇村开展的各类普法宣传活动",
        15,
    ),
    (
        Kind::Qa,
        "qa",
        "qa",
        "法律问答",
        "群众常问的法律问题与解答",
        30,
    ),
    (
        Kind::Notice,
        "notices",
        "notice",
        "通知公告",
        "司法所发布的通知与公告",
        15,
    ),
];

struct PageMeta {
    kind: Kind,
    /// Path under `content/`, e.g. `cases/case-00012.md`.
    file: String,
    title: String,
    description: String,
    date: (u32, u32, u32),
    topic: usize,
    tags: Vec<&'static str>,
    laws: Vec<usize>,
    /// A party name used throughout a case, already anonymised (张某).
    party: String,
}

fn plan_pages(n: usize, rng: &mut Rng) -> Vec<PageMeta> {
    let mut counters = [0usize; 4];
    (0..n)
        .map(|_| {
            let roll = rng.below(100);
            let mut acc = 0;
            let s = SECTIONS
                .iter()
                .position(|sec| {
                    acc += sec.5;
                    roll < acc
                })
                .unwrap_or(0);
            counters[s] += 1;
            let (kind, dir, prefix, ..) = SECTIONS[s];
            let topic = rng.zipf(TOPICS.len());
            let mut tags = vec![TOPICS[topic].tag];
            for _ in 0..rng.range(0, 2) {
                let t = if rng.chance(60) {
                    TOPICS[rng.zipf(TOPICS.len())].tag
                } else {
                    *rng.pick(EXTRA_TAGS)
                };
                if !tags.contains(&t) {
                    tags.push(t);
                }
            }
            let mut laws: Vec<usize> = TOPICS[topic].laws.iter().copied().take(2).collect();
            if rng.chance(25) {
                let l = rng.below(LAWS.len());
                if !laws.contains(&l) {
                    laws.push(l);
                }
            }
            let date = (
                2018 + rng.below(8) as u32,
                1 + rng.below(12) as u32,
                1 + rng.below(28) as u32,
            );
            let party = format!(
                "{}某{}",
                rng.pick(SURNAMES),
                if rng.chance(30) { "某" } else { "" }
            );
            let mut meta = PageMeta {
                kind,
                file: format!("{dir}/{prefix}-{:05}.md", counters[s]),
                title: String::new(),
                description: String::new(),
                date,
                topic,
                tags,
                laws,
                party,
            };
            meta.title = title_for(&meta, rng);
            meta.description = description_for(&meta, rng);
            meta
        })
        .collect()
}

fn title_for(m: &PageMeta, rng: &mut Rng) -> String {
    let dispute = rng.pick(TOPICS[m.topic].disputes);
    let law_short = LAWS[m.laws[0]].1;
    match m.kind {
        Kind::Case => match rng.below(3) {
            0 => format!("以案释法｜{}诉{}{}案", m.party, rng.pick(ORGS), dispute),
            1 => format!("{}与{}{}一案的调解启示", m.party, other_party(rng), dispute),
            _ => format!("从一起{}看《{}》的适用", dispute, law_short),
        },
        Kind::Campaign => format!(
            "{}{}“{}”主题普法宣传活动",
            rng.pick(PLACES),
            rng.pick(&["开展", "举办", "组织"]),
            rng.pick(CAMPAIGNS)
        ),
        Kind::Qa => format!(
            "{}，{}？",
            rng.pick(&["遇到", "发生了", "家里出现", "单位发生"])
                .to_string()
                + dispute,
            rng.pick(&[
                "该怎么办",
                "法律上怎么规定",
                "能否要求赔偿",
                "应当找谁处理",
                "需要承担责任吗"
            ])
        ),
        Kind::Notice => format!(
            "关于{}“{}”{}的通知",
            rng.pick(&["开展", "做好", "组织参加"]),
            rng.pick(CAMPAIGNS),
            rng.pick(&["系列活动", "宣传工作", "专项行动", "知识竞赛"])
        ),
    }
}

fn description_for(m: &PageMeta, rng: &mut Rng) -> String {
    let law = LAWS[m.laws[0]].0;
    match m.kind {
        Kind::Case => format!("本文通过一起真实改编的案例，解读《{law}》的相关规定。"),
        Kind::Campaign => format!(
            "本次活动面向{}，普及《{law}》等法律知识。",
            rng.pick(AUDIENCES)
        ),
        Kind::Qa => format!("司法所工作人员结合《{law}》为您解答。"),
        Kind::Notice => format!(
            "请各村（社区）、各有关单位认真贯彻落实，面向{}做好宣传。",
            rng.pick(AUDIENCES)
        ),
    }
}

fn other_party(rng: &mut Rng) -> String {
    if rng.chance(40) {
        rng.pick(ORGS).to_string()
    } else {
        format!("{}某", rng.pick(SURNAMES))
    }
}

// ---------------------------------------------------------------------------------------------
// Text
// ---------------------------------------------------------------------------------------------

/// Chinese numerals for 1..=9999 as used in article numbers (第一千一百六十五条).
fn cn_number(n: u32) -> String {
    const DIGITS: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    const UNITS: [&str; 4] = ["千", "百", "十", ""];
    let mut out = String::new();
    let mut pending_zero = false;
    for (i, unit) in UNITS.iter().enumerate() {
        let d = (n / 10u32.pow(3 - i as u32) % 10) as usize;
        if d == 0 {
            pending_zero = !out.is_empty();
            continue;
        }
        if pending_zero {
            out.push_str(DIGITS[0]);
            pending_zero = false;
        }
        out.push_str(DIGITS[d]);
        out.push_str(unit);
    }
    // 10–19 read 十, 十一 … not 一十一.
    if (10..20).contains(&n) {
        out = out.trim_start_matches(DIGITS[1]).to_string();
    }
    out
}

/// A citation in one of the forms people actually write.
fn citation(law: usize, rng: &mut Rng) -> String {
    let (full, short, max) = LAWS[law];
    let article = 1 + rng.below(max as usize) as u32;
    match rng.below(5) {
        0 | 1 => format!("《{full}》第{}条", cn_number(article)),
        2 => format!("《{short}》第{}条", cn_number(article)),
        3 => format!("《{short}》第{article}条"),
        _ => format!(
            "《{full}》第{}条第{}款",
            cn_number(article),
            cn_number(1 + rng.below(3) as u32)
        ),
    }
}

fn money(rng: &mut Rng) -> String {
    if rng.chance(50) {
        format!("{}元", rng.range(800, 9800))
    } else {
        format!("{}.{}万元", rng.range(1, 48), rng.below(10))
    }
}

fn when(m: &PageMeta, rng: &mut Rng) -> String {
    let year = m.date.0 - rng.below(2) as u32;
    format!("{year}年{}月", 1 + rng.below(12))
}

/// One sentence for a part of an article; `m` keeps party, topic and laws consistent.
fn sentence(part: Part, m: &PageMeta, rng: &mut Rng) -> String {
    let a = &m.party;
    let dispute = rng.pick(TOPICS[m.topic].disputes);
    match part {
        Part::Facts => match rng.below(6) {
            0 => format!(
                "{}，{a}与{}因{dispute}发生矛盾，双方多次协商未果。",
                when(m, rng),
                other_party(rng)
            ),
            1 => format!(
                "{a}在{}与他人发生争执，致使对方{}。",
                rng.pick(PLACES),
                rng.pick(HARMS)
            ),
            2 => format!(
                "经查，{a}与对方系{}关系，此前曾因琐事产生过口角。",
                rng.pick(RELATIONS)
            ),
            3 => format!(
                "事发后，{a}向{}求助，工作人员先后三次上门了解情况。",
                rng.pick(OFFICES)
            ),
            4 => format!(
                "对方认为{a}的行为侵害了其合法权益，遂诉至{}，请求判令{a}赔偿损失{}。",
                rng.pick(COURTS),
                money(rng)
            ),
            _ => format!(
                "{a}称，双方曾口头约定由其支付{}，但一直没有签订书面协议。",
                money(rng)
            ),
        },
        Part::Issue => match rng.below(4) {
            0 => format!(
                "本案的争议焦点在于{a}是否应当承担{}。",
                rng.pick(&["赔偿责任", "连带责任", "违约责任", "补充责任"])
            ),
            1 => format!("{a}主张自己没有过错，不应承担责任；对方则认为{a}未尽到合理注意义务。"),
            2 => "双方对损失数额的认定存在较大分歧，对相关证据的真实性也各执一词。".to_string(),
            _ => format!("此外，双方对{dispute}中口头约定的效力也存在争议。"),
        },
        Part::Result => match rng.below(4) {
            0 => format!(
                "{}经审理认为，{a}的行为存在过错，判决{a}赔偿对方各项损失共计{}。",
                rng.pick(COURTS),
                money(rng)
            ),
            1 => format!(
                "在{}的主持下，双方自愿达成调解协议，{a}一次性支付{}，纠纷得到圆满化解。",
                rng.pick(OFFICES),
                money(rng)
            ),
            2 => "一审判决后，双方均未提起上诉，判决已发生法律效力。".to_string(),
            _ => format!("法院依照{}的规定，依法作出判决。", citation(m.laws[0], rng)),
        },
        Part::Analysis | Part::Answer => match rng.below(5) {
            0 => format!(
                "{}规定，{}。",
                citation(*rng.pick(&m.laws), rng),
                rng.pick(PRINCIPLES)
            ),
            1 => format!(
                "根据{}的规定，{}。",
                citation(*rng.pick(&m.laws), rng),
                rng.pick(PRINCIPLES)
            ),
            2 => format!("本案中，{a}的做法看似合情，却不合法，这也是{dispute}中常见的误区。"),
            3 => format!("{}，这一点在实践中经常被忽视。", rng.pick(PRINCIPLES)),
            _ => format!(
                "同时，{}也对此作出了明确规定。",
                citation(rng.below(LAWS.len()), rng)
            ),
        },
        Part::Tips => format!("{}。", rng.pick(TIPS)),
        Part::Activity => match rng.below(4) {
            0 => format!(
                "活动现场，工作人员面向{}{}，累计发放宣传资料{}余份。",
                rng.pick(AUDIENCES),
                rng.pick(ACTIVITIES),
                rng.range(2, 30) * 100
            ),
            1 => format!(
                "普法志愿者结合{dispute}的典型案例，深入浅出地讲解了{}的相关规定。",
                citation(*rng.pick(&m.laws), rng)
            ),
            2 => format!(
                "现场共解答群众法律咨询{}人次，排查化解矛盾纠纷{}起。",
                rng.range(20, 300),
                rng.range(1, 12)
            ),
            _ => format!(
                "下一步，{}将持续{}，推动法治宣传教育走深走实。",
                rng.pick(OFFICES),
                rng.pick(ACTIVITIES)
            ),
        },
        Part::Notice => match rng.below(4) {
            0 => format!(
                "为深入学习宣传{}，切实提高{}的法治意识，经研究，决定开展本次活动。",
                LAWS[m.laws[0]].0,
                rng.pick(AUDIENCES)
            ),
            1 => format!(
                "各单位要结合实际，{}、{}，确保活动取得实效。",
                rng.pick(ACTIVITIES),
                rng.pick(ACTIVITIES)
            ),
            2 => format!(
                "活动时间为{}年{}月{}日至{}月{}日。",
                m.date.0,
                m.date.1,
                m.date.2,
                m.date.1 % 12 + 1,
                m.date.2
            ),
            _ => format!(
                "请于{}月{}日前将活动开展情况报{}。",
                m.date.1 % 12 + 1,
                m.date.2,
                rng.pick(OFFICES)
            ),
        },
    }
}

#[derive(Clone, Copy)]
enum Part {
    Facts,
    Issue,
    Result,
    Analysis,
    Answer,
    Tips,
    Activity,
    Notice,
}

/// Fills `out` with paragraphs of `part` sentences until it has grown by about `chars`.
fn paragraphs(out: &mut String, part: Part, chars: usize, m: &PageMeta, rng: &mut Rng) {
    let mut written = 0;
    let mut seen: Vec<String> = Vec::new();
    while written < chars {
        let mut para = String::new();
        for _ in 0..rng.range(2, 4) {
            // A few retries keep one article from repeating itself word for word.
            let mut s = sentence(part, m, rng);
            for _ in 0..4 {
                if !seen.contains(&s) {
                    break;
                }
                s = sentence(part, m, rng);
            }
            para.push_str(&s);
            seen.push(s);
        }
        written += para.chars().count();
        out.push_str(&para);
        out.push_str("\n\n");
    }
}

fn page_body(m: &PageMeta, all: &[PageMeta], rng: &mut Rng) -> String {
    // Long tail towards shorter pages, as real sites have, over the 600–3,000 range.
    let target = 600 + (rng.below(2401) * rng.range(40, 100)) / 100;
    let mut out = String::with_capacity(target * 4);
    let budget = |share: usize| target * share / 100;
    // The opening paragraph is the summary on list pages.
    out.push_str(&m.description);
    out.push_str("\n\n<!--more-->\n\n");
    match m.kind {
        Kind::Case => {
            for (heading, part, share) in [
                ("基本案情", Part::Facts, 35),
                ("争议焦点", Part::Issue, 10),
                ("裁判结果", Part::Result, 15),
                ("法官说法", Part::Analysis, 30),
            ] {
                let _ = writeln!(out, "## {heading}\n");
                paragraphs(&mut out, part, budget(share), m, rng);
            }
            // Quoted statute text and a bold reminder, as real case write-ups carry.
            if rng.chance(50) {
                let _ = writeln!(
                    out,
                    "> {}：{}。\n",
                    citation(m.laws[0], rng),
                    rng.pick(PRINCIPLES)
                );
            }
            if rng.chance(40) {
                out.push_str("### 法官提醒\n\n");
                let _ = writeln!(out, "**{}**\n", sentence(Part::Tips, m, rng));
                paragraphs(&mut out, Part::Tips, budget(5), m, rng);
            }
        }
        Kind::Qa => {
            out.push_str("## 问题\n\n");
            let _ = writeln!(out, "{}\n", sentence(Part::Facts, m, rng));
            out.push_str("## 解答\n\n");
            paragraphs(&mut out, Part::Answer, budget(45), m, rng);
            out.push_str("### 具体来说\n\n");
            for i in 1..=rng.range(2, 4) {
                let _ = writeln!(out, "{i}. {}", sentence(Part::Answer, m, rng));
            }
            out.push('\n');
            paragraphs(&mut out, Part::Answer, budget(15), m, rng);
            out.push_str("## 法律依据\n\n");
            for &law in &m.laws {
                let _ = writeln!(
                    out,
                    "> {}：{}。\n",
                    citation(law, rng),
                    rng.pick(PRINCIPLES)
                );
            }
            out.push_str("## 温馨提示\n\n");
            paragraphs(&mut out, Part::Tips, budget(15), m, rng);
        }
        Kind::Campaign => {
            out.push_str("## 活动概况\n\n");
            paragraphs(&mut out, Part::Activity, budget(35), m, rng);
            out.push_str("## 活动内容\n\n");
            for _ in 0..rng.range(3, 6) {
                let _ = writeln!(
                    out,
                    "- {}：{}",
                    rng.pick(ACTIVITIES),
                    sentence(Part::Activity, m, rng)
                );
            }
            out.push_str("\n## 活动成效\n\n");
            paragraphs(&mut out, Part::Activity, budget(30), m, rng);
        }
        Kind::Notice => {
            out.push_str("各村（社区）、各有关单位：\n\n");
            for heading in ["一、活动目的", "二、活动安排", "三、工作要求"] {
                let _ = writeln!(out, "## {heading}\n");
                paragraphs(&mut out, Part::Notice, budget(25), m, rng);
            }
            let _ = writeln!(
                out,
                "某镇司法所\n\n{}年{}月{}日\n",
                m.date.0, m.date.1, m.date.2
            );
        }
    }
    if rng.chance(25) {
        table(&mut out, m, rng);
    }
    related_links(&mut out, m, all, rng);
    out
}

/// A table of the kind each article type really carries.
fn table(out: &mut String, m: &PageMeta, rng: &mut Rng) {
    match m.kind {
        Kind::Case | Kind::Qa => {
            out.push_str("## 赔偿项目\n\n| 项目 | 金额 | 依据 |\n| --- | ---: | --- |\n");
            for item in ["医疗费", "误工费", "护理费", "交通费", "财产损失"]
                .iter()
                .take(rng.range(3, 5))
            {
                let _ = writeln!(
                    out,
                    "| {item} | {} | {} |",
                    money(rng),
                    citation(m.laws[0], rng)
                );
            }
        }
        Kind::Campaign | Kind::Notice => {
            out.push_str(
                "## 活动安排表\n\n| 时间 | 地点 | 形式 | 对象 |\n| --- | --- | --- | --- |\n",
            );
            for day in 0..rng.range(3, 6) {
                let _ = writeln!(
                    out,
                    "| {}月{}日 | {} | {} | {} |",
                    m.date.1,
                    (m.date.2 + day as u32 - 1) % 28 + 1,
                    rng.pick(PLACES),
                    rng.pick(ACTIVITIES),
                    rng.pick(AUDIENCES)
                );
            }
        }
    }
    out.push('\n');
}

/// `@/` links to other generated pages, preferring ones on the same topic.
fn related_links(out: &mut String, m: &PageMeta, all: &[PageMeta], rng: &mut Rng) {
    let count = rng.range(1, 3);
    out.push_str("## 相关阅读\n\n");
    let mut used = vec![m.file.as_str()];
    for _ in 0..count {
        // A few tries for a same-topic page, else any page; the page itself is skipped.
        let mut other = &all[rng.below(all.len())];
        for _ in 0..8 {
            if other.topic == m.topic && !used.contains(&other.file.as_str()) {
                break;
            }
            other = &all[rng.below(all.len())];
        }
        if used.contains(&other.file.as_str()) {
            continue;
        }
        used.push(&other.file);
        let _ = writeln!(out, "- [{}](@/{})", other.title, other.file);
    }
    out.push('\n');
}

fn toml_list(items: impl Iterator<Item = String>) -> String {
    let quoted: Vec<String> = items.map(|s| format!("\"{s}\"")).collect();
    format!("[{}]", quoted.join(", "))
}

fn front_matter(m: &PageMeta) -> String {
    let tags = toml_list(m.tags.iter().map(|t| t.to_string()));
    let laws = toml_list(m.laws.iter().map(|&l| LAWS[l].0.to_string()));
    let kind = match m.kind {
        Kind::Case => "case",
        Kind::Campaign => "campaign",
        Kind::Qa => "qa",
        Kind::Notice => "notice",
    };
    let (y, mo, d) = m.date;
    format!(
        "+++\ntitle = \"{}\"\ndescription = \"{}\"\ndate = {y}-{mo:02}-{d:02}\n\
         # Hugo reads taxonomies from top-level keys; Zola ignores these two lines.\n\
         tags = {tags}\nlaws = {laws}\n\n[taxonomies]\ntags = {tags}\nlaws = {laws}\n\n\
         [extra]\nkind = \"{kind}\"\n+++\n\n",
        m.title, m.description
    )
}

// ---------------------------------------------------------------------------------------------
// Fixed files: configs, both themes, section indexes, static
// ---------------------------------------------------------------------------------------------

fn site_files() -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = [
        ("config.toml", ZOLA_CONFIG),
        ("hugo.toml", HUGO_CONFIG),
        ("static/style.css", STYLE),
        (
            "content/_index.md",
            "+++\ntitle = \"首页\"\n+++\n\n欢迎访问某镇司法所普法网。\n",
        ),
        ("templates/base.html", ZOLA_BASE),
        ("templates/index.html", ZOLA_INDEX),
        ("templates/section.html", ZOLA_SECTION),
        ("templates/page.html", ZOLA_PAGE),
        ("templates/taxonomy_list.html", ZOLA_TAXONOMY_LIST),
        ("templates/taxonomy_single.html", ZOLA_TAXONOMY_SINGLE),
        ("layouts/_default/baseof.html", HUGO_BASEOF),
        ("layouts/index.html", HUGO_INDEX),
        ("layouts/_default/list.html", HUGO_LIST),
        ("layouts/_default/single.html", HUGO_SINGLE),
        ("layouts/_default/taxonomy.html", HUGO_TAXONOMY),
        ("layouts/_default/term.html", HUGO_TERM),
        ("layouts/partials/pager.html", HUGO_PAGER),
        (
            "layouts/_default/_markup/render-link.html",
            HUGO_RENDER_LINK,
        ),
    ]
    .iter()
    .map(|(p, t)| (p.to_string(), t.to_string()))
    .collect();
    for &(_, dir, _, title, desc, _) in SECTIONS {
        files.push((
            format!("content/{dir}/_index.md"),
            format!(
                "+++\ntitle = \"{title}\"\ndescription = \"{desc}\"\nsort_by = \"date\"\n\
                 paginate_by = 20\ngenerate_feeds = true\n+++\n\n{desc}。\n"
            ),
        ));
    }
    files
}

const ZOLA_CONFIG: &str = r##"# Zola / pufa configuration (generated by examples/gen_site.rs)
base_url = "https://pufa.example.org"
title = "某镇司法所普法网"
description = "以案释法、普法活动、法律问答与通知公告"
default_language = "zh"
generate_feeds = true
feed_filenames = ["atom.xml"]
feed_limit = 20
compile_sass = false
build_search_index = false

taxonomies = [
    { name = "tags", paginate_by = 20, feed = true },
    { name = "laws", paginate_by = 20, feed = true },
]

[extra]
sections = ["cases", "campaigns", "qa", "notices"]
"##;

const HUGO_CONFIG: &str = r##"# Hugo configuration equivalent to config.toml (generated by examples/gen_site.rs)
baseURL = "https://pufa.example.org/"
title = "某镇司法所普法网"
languageCode = "zh-CN"
defaultContentLanguage = "zh"
hasCJKLanguage = true
paginate = 20
enableRobotsTXT = true
disableHugoGeneratorInject = true
# The [outputs] taxonomy line below is intended (terms index without a feed, as in Zola).
ignoreErrors = ["error-output-taxonomy"]

[taxonomies]
  tag = "tags"
  law = "laws"

# Zola renders no feed for the taxonomy index itself.
[outputs]
  taxonomy = ["html"]

[services.rss]
  limit = 20

[markup.goldmark.renderer]
  unsafe = true

[markup.tableOfContents]
  startLevel = 2
  endLevel = 3

[params]
  description = "以案释法、普法活动、法律问答与通知公告"
  sections = ["cases", "campaigns", "qa", "notices"]
"##;

const STYLE: &str = "body{font-size:18px;line-height:1.7;max-width:46rem;margin:0 auto;padding:0 1rem;color:#1a1a1a}\n\
table{border-collapse:collapse}td,th{border:1px solid #888;padding:.2rem .5rem}\n\
nav a{margin-right:1rem}.toc{background:#f4f4f4;padding:.5rem 1rem}\n";

const ZOLA_BASE: &str = r##"<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{% block title %}{{ config.title }}{% endblock title %}</title>
<meta name="description" content="{% block description %}{{ config.description }}{% endblock description %}">
<link rel="stylesheet" href="{{ get_url(path='style.css') | safe }}">
<link rel="alternate" type="application/atom+xml" title="{{ config.title }}" href="{{ get_url(path='atom.xml', trailing_slash=false) | safe }}">
</head>
<body>
<header>
<a class="site" href="{{ config.base_url | safe }}/">{{ config.title }}</a>
<nav>
{%- for s in config.extra.sections %}
{%- set sec = get_section(path=s ~ "/_index.md", metadata_only=true) %}
<a href="{{ sec.permalink | safe }}">{{ sec.title }}</a>
{%- endfor %}
<a href="{{ get_url(path='tags') | safe }}">标签</a>
<a href="{{ get_url(path='laws') | safe }}">法律法规</a>
</nav>
</header>
<main>
{% block content %}{% endblock content %}
</main>
<footer><p>© 某镇司法所 · 法律咨询请拨打 12348</p></footer>
</body>
</html>
"##;

const ZOLA_INDEX: &str = r##"{% extends "base.html" %}
{% block content %}
{{ section.content | safe }}
{%- for s in config.extra.sections %}
{%- set sec = get_section(path=s ~ "/_index.md") %}
<section>
<h2><a href="{{ sec.permalink | safe }}">{{ sec.title }}</a></h2>
<ul>
{%- for p in sec.pages | slice(end=5) %}
<li><a href="{{ p.permalink | safe }}">{{ p.title }}</a> <time datetime="{{ p.date }}">{{ p.date }}</time></li>
{%- endfor %}
</ul>
</section>
{%- endfor %}
{% endblock content %}
"##;

const ZOLA_SECTION: &str = r##"{% extends "base.html" %}
{% block title %}{{ section.title }} - {{ config.title }}{% endblock title %}
{% block content %}
<h1>{{ section.title }}</h1>
{{ section.content | safe }}
<ul class="list">
{%- for p in paginator.pages %}
<li><a href="{{ p.permalink | safe }}">{{ p.title }}</a> <time datetime="{{ p.date }}">{{ p.date }}</time>
{%- if p.summary %}<div class="summary">{{ p.summary | safe }}</div>{% endif %}</li>
{%- endfor %}
</ul>
<nav class="pager">
{%- if paginator.previous %}<a href="{{ paginator.previous | safe }}">上一页</a>{% endif %}
第 {{ paginator.current_index }} / {{ paginator.number_pagers }} 页
{%- if paginator.next %} <a href="{{ paginator.next | safe }}">下一页</a>{% endif %}
</nav>
{% endblock content %}
"##;

const ZOLA_PAGE: &str = r##"{% extends "base.html" %}
{% block title %}{{ page.title }} - {{ config.title }}{% endblock title %}
{% block description %}{{ page.description }}{% endblock description %}
{% block content %}
<article>
<h1>{{ page.title }}</h1>
<p class="meta"><time datetime="{{ page.date }}">{{ page.date | date(format="%Y年%m月%d日") }}</time> · 约 {{ page.word_count }} 字 · 阅读约 {{ page.reading_time }} 分钟</p>
{%- if page.toc %}
<nav class="toc"><h2>目录</h2>
<ul>
{%- for h in page.toc %}
<li><a href="{{ h.permalink | safe }}">{{ h.title }}</a>
{%- if h.children %}<ul>{% for c in h.children %}<li><a href="{{ c.permalink | safe }}">{{ c.title }}</a></li>{% endfor %}</ul>{% endif %}</li>
{%- endfor %}
</ul>
</nav>
{%- endif %}
{{ page.content | safe }}
{%- if page.taxonomies.tags %}
<p class="terms">标签：{% for t in page.taxonomies.tags %}<a href="{{ get_taxonomy_url(kind='tags', name=t) | safe }}">{{ t }}</a> {% endfor %}</p>
{%- endif %}
{%- if page.taxonomies.laws %}
<p class="terms">相关法律：{% for l in page.taxonomies.laws %}<a href="{{ get_taxonomy_url(kind='laws', name=l) | safe }}">{{ l }}</a> {% endfor %}</p>
{%- endif %}
<nav class="prev-next">
{%- if page.lower %}<a rel="prev" href="{{ page.lower.permalink | safe }}">上一篇：{{ page.lower.title }}</a>{% endif %}
{%- if page.higher %} <a rel="next" href="{{ page.higher.permalink | safe }}">下一篇：{{ page.higher.title }}</a>{% endif %}
</nav>
</article>
{% endblock content %}
"##;

const ZOLA_TAXONOMY_LIST: &str = r##"{% extends "base.html" %}
{% block title %}{{ taxonomy.name }} - {{ config.title }}{% endblock title %}
{% block content %}
<h1>{% if taxonomy.name == "tags" %}标签{% else %}法律法规{% endif %}</h1>
<ul class="terms">
{%- for term in terms %}
<li><a href="{{ term.permalink | safe }}">{{ term.name }}</a> ({{ term.page_count }})</li>
{%- endfor %}
</ul>
{% endblock content %}
"##;

const ZOLA_TAXONOMY_SINGLE: &str = r##"{% extends "base.html" %}
{% block title %}{{ term.name }} - {{ config.title }}{% endblock title %}
{% block content %}
<h1>{{ term.name }}</h1>
<p>共 {{ term.page_count }} 篇</p>
<ul class="list">
{%- if paginator %}
{%- for p in paginator.pages %}
<li><a href="{{ p.permalink | safe }}">{{ p.title }}</a> <time datetime="{{ p.date }}">{{ p.date }}</time>
{%- if p.summary %}<div class="summary">{{ p.summary | safe }}</div>{% endif %}</li>
{%- endfor %}
{%- else %}
{%- for p in term.pages %}
<li><a href="{{ p.permalink | safe }}">{{ p.title }}</a> <time datetime="{{ p.date }}">{{ p.date }}</time></li>
{%- endfor %}
{%- endif %}
</ul>
<nav class="pager">
{%- if paginator.previous %}<a href="{{ paginator.previous | safe }}">上一页</a>{% endif %}
第 {{ paginator.current_index }} / {{ paginator.number_pagers }} 页
{%- if paginator.next %} <a href="{{ paginator.next | safe }}">下一页</a>{% endif %}
</nav>
{% endblock content %}
"##;

const HUGO_BASEOF: &str = r##"<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ block "title" . }}{{ site.Title }}{{ end }}</title>
<meta name="description" content="{{ with .Description }}{{ . }}{{ else }}{{ site.Params.description }}{{ end }}">
<link rel="stylesheet" href="{{ "style.css" | absURL }}">
<link rel="alternate" type="application/rss+xml" title="{{ site.Title }}" href="{{ "index.xml" | absURL }}">
</head>
<body>
<header>
<a class="site" href="{{ site.BaseURL }}">{{ site.Title }}</a>
<nav>
{{- range site.Params.sections }}
{{- with site.GetPage . }}
<a href="{{ .Permalink }}">{{ .Title }}</a>
{{- end }}
{{- end }}
<a href="{{ "tags/" | absURL }}">标签</a>
<a href="{{ "laws/" | absURL }}">法律法规</a>
</nav>
</header>
<main>
{{ block "main" . }}{{ end }}
</main>
<footer><p>© 某镇司法所 · 法律咨询请拨打 12348</p></footer>
</body>
</html>
"##;

const HUGO_INDEX: &str = r##"{{ define "main" }}
{{ .Content }}
{{- range site.Params.sections }}
{{- with site.GetPage . }}
<section>
<h2><a href="{{ .Permalink }}">{{ .Title }}</a></h2>
<ul>
{{- range first 5 .Pages }}
<li><a href="{{ .Permalink }}">{{ .Title }}</a> <time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2006-01-02" }}</time></li>
{{- end }}
</ul>
</section>
{{- end }}
{{- end }}
{{ end }}
"##;

const HUGO_LIST: &str = r##"{{ define "title" }}{{ .Title }} - {{ site.Title }}{{ end }}
{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ .Content }}
<ul class="list">
{{- range .Paginator.Pages }}
<li><a href="{{ .Permalink }}">{{ .Title }}</a> <time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2006-01-02" }}</time>
{{- with .Summary }}<div class="summary">{{ . }}</div>{{ end }}</li>
{{- end }}
</ul>
{{ partial "pager.html" . }}
{{ end }}
"##;

const HUGO_TERM: &str = r##"{{ define "title" }}{{ .Title }} - {{ site.Title }}{{ end }}
{{ define "main" }}
<h1>{{ .Title }}</h1>
<p>共 {{ len .Pages }} 篇</p>
<ul class="list">
{{- range .Paginator.Pages }}
<li><a href="{{ .Permalink }}">{{ .Title }}</a> <time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2006-01-02" }}</time>
{{- with .Summary }}<div class="summary">{{ . }}</div>{{ end }}</li>
{{- end }}
</ul>
{{ partial "pager.html" . }}
{{ end }}
"##;

const HUGO_PAGER: &str = r##"{{- $p := .Paginator -}}
<nav class="pager">
{{- if $p.HasPrev }}<a href="{{ $p.Prev.URL | absURL }}">上一页</a>{{ end }}
第 {{ $p.PageNumber }} / {{ $p.TotalPages }} 页
{{- if $p.HasNext }} <a href="{{ $p.Next.URL | absURL }}">下一页</a>{{ end }}
</nav>
"##;

const HUGO_SINGLE: &str = r##"{{ define "title" }}{{ .Title }} - {{ site.Title }}{{ end }}
{{ define "main" }}
<article>
<h1>{{ .Title }}</h1>
<p class="meta"><time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2006年01月02日" }}</time> · 约 {{ .WordCount }} 字 · 阅读约 {{ .ReadingTime }} 分钟</p>
{{- with .TableOfContents }}
<nav class="toc"><h2>目录</h2>
{{ . }}
</nav>
{{- end }}
{{ .Content }}
{{- with .GetTerms "tags" }}
<p class="terms">标签：{{ range . }}<a href="{{ .Permalink }}">{{ .LinkTitle }}</a> {{ end }}</p>
{{- end }}
{{- with .GetTerms "laws" }}
<p class="terms">相关法律：{{ range . }}<a href="{{ .Permalink }}">{{ .LinkTitle }}</a> {{ end }}</p>
{{- end }}
<nav class="prev-next">
{{- with .NextInSection }}<a rel="prev" href="{{ .Permalink }}">上一篇：{{ .Title }}</a>{{ end }}
{{- with .PrevInSection }} <a rel="next" href="{{ .Permalink }}">下一篇：{{ .Title }}</a>{{ end }}
</nav>
</article>
{{ end }}
"##;

const HUGO_TAXONOMY: &str = r##"{{ define "title" }}{{ .Title }} - {{ site.Title }}{{ end }}
{{ define "main" }}
<h1>{{ if eq .Data.Plural "tags" }}标签{{ else }}法律法规{{ end }}</h1>
<ul class="terms">
{{- range .Data.Terms.Alphabetical }}
<li><a href="{{ .Page.Permalink }}">{{ .Page.Title }}</a> ({{ .Count }})</li>
{{- end }}
</ul>
{{ end }}
"##;

/// Resolves Zola's `@/section/file.md` links the way Zola does: to the target's permalink,
/// failing the build when the target does not exist.
const HUGO_RENDER_LINK: &str = r##"{{- $dest := .Destination -}}
{{- if hasPrefix $dest "@/" -}}
{{- $target := site.GetPage (strings.TrimPrefix "@" $dest) -}}
{{- with $target }}{{ $dest = .Permalink }}{{ else }}{{ errorf "内部链接 %s 找不到目标页面 (%s)" $dest $.Page.File.Path }}{{ end -}}
{{- end -}}
<a href="{{ $dest | safeURL }}"{{ with .Title }} title="{{ . }}"{{ end }}>{{ .Text | safeHTML }}</a>
{{- /* keep no trailing newline */ -}}
"##;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_numbers() {
        let cases = [
            (1, "一"),
            (10, "十"),
            (15, "十五"),
            (20, "二十"),
            (101, "一百零一"),
            (110, "一百一十"),
            (1005, "一千零五"),
            (1010, "一千零一十"),
            (1165, "一千一百六十五"),
            (1260, "一千二百六十"),
        ];
        for (n, want) in cases {
            assert_eq!(cn_number(n), want, "{n}");
        }
    }

    #[test]
    fn topics_point_at_known_laws() {
        for t in TOPICS {
            assert!(
                !t.laws.is_empty() && t.laws.iter().all(|&l| l < LAWS.len()),
                "{}",
                t.tag
            );
        }
    }

    #[test]
    fn same_seed_same_pages() {
        let titles = |seed| {
            let mut rng = Rng::new(seed);
            plan_pages(50, &mut rng)
                .into_iter()
                .map(|m| m.title)
                .collect::<Vec<_>>()
        };
        assert_eq!(titles(7), titles(7));
        assert_ne!(titles(7), titles(8));
    }

    #[test]
    fn bodies_are_within_length_and_links_resolve() {
        let mut rng = Rng::new(1);
        let metas = plan_pages(300, &mut rng);
        for (i, m) in metas.iter().enumerate() {
            let mut r = Rng::new(i as u64);
            let body = page_body(m, &metas, &mut r);
            let chars = body.chars().count();
            assert!((600..=3600).contains(&chars), "{}: {chars} chars", m.file);
            for link in body.split("](@/").skip(1) {
                let target = &link[..link.find(')').unwrap()];
                assert!(metas.iter().any(|o| o.file == target), "{target}");
            }
        }
    }
}
