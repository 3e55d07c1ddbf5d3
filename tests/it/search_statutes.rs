//! `pufa search --json` on statute text it has never seen: a new site (`pufa init`) gets 500
//! pages of real articles (the law text that ships with pufa, from laws.db), is built with
//! the real binary, and 40 varied queries go through `pufa search QUERY --json` without
//! `--limit`, as a script would call it. Each
//! query's truth is computed here from the article text written into the pages: the pages
//! whose text contains every blank-separated part of the query, compared after the same
//! folding the page does (full-width ASCII to ASCII, ASCII case, blanks).
//!
//! Queries: two-character words, law names, long terms, numbers in half- and full-width
//! digits, Latin words in either case, punctuation, blanks meaning "and", a traditional-
//! character word, single characters, words on no page, a 40-character sentence and random
//! substrings. The exact matches of every query must be exactly its truth (recall and
//! precision 1.0 each), ahead of any other results; with those others (everyday words' legal
//! terms, respellings, partial matches) the mean precision must stay ≥ 0.90. The mean figures
//! are printed.

use std::collections::BTreeSet;
use std::process::Command;

const PAGES: usize = 500;

/// The folding of `pufa-search.js`, written out again so the truth does not use the code
/// under test.
fn fold(s: &str) -> String {
    s.chars()
        .map(|c| {
            let u = c as u32;
            let c = if (0xFF01..=0xFF5E).contains(&u) {
                char::from_u32(u - 0xFEE0).unwrap()
            } else {
                c
            };
            let u = c as u32;
            let blank = u <= 0x20
                || u == 0x7F
                || u == 0xA0
                || u == 0x1680
                || (0x2000..=0x200B).contains(&u)
                || [0x2028, 0x2029, 0x202F, 0x205F, 0x3000, 0xFEFF].contains(&u);
            if blank {
                ' '
            } else {
                c.to_ascii_lowercase()
            }
        })
        .collect()
}

struct Page {
    url: String,
    /// Folded title and article paragraphs (folding turns the line breaks into blanks).
    text: String,
    /// The folded first paragraph, where sampled queries come from.
    first: String,
}

/// Groups of up to three consecutive articles of one law and chapter, 500 of them spread
/// evenly over the law text that ships with pufa (laws.db's 378 laws): (law, first article,
/// last article, paragraphs).
fn statute_groups() -> Vec<(String, String, String, Vec<String>)> {
    let bundle = pufa::law::bundled::load().expect("bundled law text");
    let rows: Vec<(String, String, String, String)> = bundle
        .laws
        .iter()
        .zip(&bundle.articles)
        .flat_map(|(law, rows)| {
            rows.iter().map(move |(chapter, _, no, _, text)| {
                (
                    law.name.clone(),
                    chapter.clone().unwrap_or_default(),
                    no.clone().unwrap_or_default(),
                    text.clone().unwrap_or_default(),
                )
            })
        })
        .collect();
    let mut groups: Vec<Vec<&(String, String, String, String)>> = Vec::new();
    for r in &rows {
        match groups.last_mut() {
            Some(g) if g[0].0 == r.0 && g[0].1 == r.1 && g.len() < 3 => g.push(r),
            _ => groups.push(vec![r]),
        }
    }
    let step = groups.len() / PAGES;
    groups
        .iter()
        .step_by(step)
        .take(PAGES)
        .map(|g| {
            let paras = g.iter().map(|a| format!("{} {}", a.2, a.3)).collect();
            (
                g[0].0.clone(),
                g[0].2.clone(),
                g[g.len() - 1].2.clone(),
                paras,
            )
        })
        .collect()
}

/// A small deterministic generator for the sampled queries.
struct Lcg(u64);
impl Lcg {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) % n as u64) as usize
    }
}

fn queries(pages: &[Page]) -> Vec<String> {
    let mut qs: Vec<String> = [
        "合同",
        "责任",
        "法院",
        "罚款",
        "国家",
        "中华人民共和国",
        "刑法",
        "民法典",
        "县级以上地方人民政府",
        "国务院有关部门",
        "依法追究刑事责任",
        "全国人民代表大会常务委员会",
        "人民法院 判决",
        "国家 保护 权利",
        "（一）",
        "《中华人民共和国",
        "，由",
        "國家",
        "罪",
        "法",
        "量子纠缠",
        "宇宙飞船驾驶证",
        "ph",
        "CODcr",
        "第十条",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    // A number that is on some page, in half-width and in full-width digits.
    let number = pages
        .iter()
        .flat_map(|p| p.text.split(|c: char| !c.is_ascii_digit()))
        .find(|n| n.len() >= 2)
        .expect("a number in the statutes")
        .to_string();
    let full: String = number
        .chars()
        .map(|c| char::from_u32(c as u32 + 0xFEE0).unwrap())
        .collect();
    qs.push(number);
    qs.push(full);
    let mut rng = Lcg(20260527);
    let chars_of = |p: &Page| p.first.chars().collect::<Vec<_>>();
    // One sentence-long query (40 characters of an article).
    loop {
        let cs = chars_of(&pages[rng.below(pages.len())]);
        if cs.len() > 60 {
            qs.push(cs[10..50].iter().collect());
            break;
        }
    }
    // Random substrings of 2 to 8 characters without blanks.
    while qs.len() < 40 {
        let cs = chars_of(&pages[rng.below(pages.len())]);
        let n = 2 + rng.below(7);
        if cs.len() <= n {
            continue;
        }
        let s = rng.below(cs.len() - n);
        let q: String = cs[s..s + n].iter().collect();
        if !q.contains(' ') && !qs.contains(&q) {
            qs.push(q);
        }
    }
    qs
}

/// A new site (`pufa init`) whose own example articles are kept out of the search index, and
/// its empty section `content/fatiao/` for statute pages: (temp dir, site, section folder).
fn statute_site() -> (tempfile::TempDir, std::path::PathBuf, std::path::PathBuf) {
    let pufa = env!("CARGO_BIN_EXE_pufa");
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    let init = Command::new(pufa).arg("init").arg(&site).output().unwrap();
    assert!(
        init.status.success(),
        "{}",
        String::from_utf8_lossy(&init.stderr)
    );
    // Keep init's example articles out of the index: the truth covers the statutes.
    for entry in walkdir::WalkDir::new(site.join("content")) {
        let entry = entry.unwrap();
        let name = entry.file_name().to_string_lossy();
        if entry.file_type().is_file() && name.ends_with(".md") && name != "_index.md" {
            let text = std::fs::read_to_string(entry.path()).unwrap();
            let text = text.replacen("+++\n", "+++\nin_search_index = false\n", 1);
            std::fs::write(entry.path(), text).unwrap();
        }
    }
    let dir = site.join("content/fatiao");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("_index.md"), "+++\ntitle = \"法条\"\n+++\n").unwrap();
    (tmp, site, dir)
}

#[test]
fn search_json_on_unseen_statutes_matches_substring_truth() {
    let pufa = env!("CARGO_BIN_EXE_pufa");
    let (_tmp, site, dir) = statute_site();
    let base = "http://example.test/";
    let mut pages = Vec::new();
    for (i, (law, first, last, paras)) in statute_groups().into_iter().enumerate() {
        let title = if first == last {
            format!("{law} {first}")
        } else {
            format!("{law} {first}至{last}")
        };
        let body = paras.join("\n\n");
        std::fs::write(
            dir.join(format!("p{i:04}.md")),
            format!("+++\ntitle = {}\n+++\n{body}\n", toml_string(&title)),
        )
        .unwrap();
        pages.push(Page {
            url: format!("{base}fatiao/p{i:04}/"),
            text: fold(&format!("{title}\n{}", paras.join("\n"))),
            first: fold(&paras[0]),
        });
    }
    assert_eq!(pages.len(), PAGES);
    build(&site, base);

    let qs = queries(&pages);
    assert_eq!(qs.len(), 40);
    let (mut recall, mut precision, mut wrong) = (0.0, 0.0, Vec::new());
    let mut precision_all = 0.0;
    let (mut with_hits, mut largest) = (0, 0);
    for q in &qs {
        let parts: Vec<String> = fold(q)
            .split(' ')
            .filter(|p| !p.is_empty())
            .map(String::from)
            .collect();
        let truth: BTreeSet<&str> = pages
            .iter()
            .filter(|p| parts.iter().all(|t| p.text.contains(t.as_str())))
            .map(|p| p.url.as_str())
            .collect();
        let out = Command::new(pufa)
            .arg("--root")
            .arg(&site)
            .args(["search", q, "--json"])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{q}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let hits: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
        // Pages found another way than the query as typed (an everyday word's legal terms, a
        // partial match …) come after the exact ones and count against precision here.
        let n_exact = hits.iter().take_while(|h| h["match"] == "exact").count();
        assert!(
            hits[n_exact..].iter().all(|h| h["match"] != "exact"),
            "{q}: exact hits after others"
        );
        let all: BTreeSet<&str> = hits.iter().map(|h| h["url"].as_str().unwrap()).collect();
        let tp_all = all.intersection(&truth).count() as f64;
        precision_all += if all.is_empty() {
            f64::from(u8::from(truth.is_empty()))
        } else {
            tp_all / all.len() as f64
        };
        let got: BTreeSet<&str> = hits[..n_exact]
            .iter()
            .map(|h| h["url"].as_str().unwrap())
            .collect();
        with_hits += usize::from(!truth.is_empty());
        largest = largest.max(truth.len());
        let tp = got.intersection(&truth).count() as f64;
        let r = if truth.is_empty() {
            f64::from(u8::from(got.is_empty()))
        } else {
            tp / truth.len() as f64
        };
        let p = if got.is_empty() {
            f64::from(u8::from(truth.is_empty()))
        } else {
            tp / got.len() as f64
        };
        recall += r;
        precision += p;
        if got != truth {
            let missing: Vec<_> = truth.difference(&got).take(3).collect();
            let extra: Vec<_> = got.difference(&truth).take(3).collect();
            wrong.push(format!(
                "{q:?}: truth {} got {} missing {missing:?} extra {extra:?}",
                truth.len(),
                got.len()
            ));
        }
    }
    let n = qs.len() as f64;
    eprintln!(
        "pufa search --json on {PAGES} statute pages, {} queries ({with_hits} with hits, the largest \
         truth {largest} pages): exact matches: mean recall {:.4}, mean precision {:.4}; all \
         results (with everyday-word, respelled and partial matches): mean precision {:.4}",
        qs.len(),
        recall / n,
        precision / n,
        precision_all / n
    );
    assert!(
        recall / n >= 0.98 && precision_all / n >= 0.90,
        "recall {} precision of all results {}",
        recall / n,
        precision_all / n
    );
    // The queries must exercise the search: most have hits, some have none, and one has
    // more pages than a default limit of ten would show.
    assert!(
        with_hits >= 30 && with_hits < qs.len(),
        "{with_hits} queries with hits"
    );
    assert!(largest > 100, "largest truth {largest}");
    assert!(
        wrong.is_empty(),
        "queries whose results differ from the pages containing them:\n{}",
        wrong.join("\n")
    );
}

fn toml_string(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

/// Laws whose articles answer everyday questions; every article of them is indexed, with
/// every twentieth group of articles of all other laws as distractors.
const EVERYDAY_LAWS: &[&str] = &[
    "中华人民共和国民法典",
    "中华人民共和国刑法",
    "中华人民共和国治安管理处罚法",
    "中华人民共和国道路交通安全法",
    "中华人民共和国劳动法",
    "中华人民共和国劳动合同法",
    "中华人民共和国劳动争议调解仲裁法",
    "中华人民共和国反家庭暴力法",
    "中华人民共和国老年人权益保障法",
    "中华人民共和国未成年人保护法",
    "中华人民共和国妇女权益保障法",
    "中华人民共和国消费者权益保护法",
    "中华人民共和国噪声污染防治法",
    "中华人民共和国食品安全法",
    "中华人民共和国反电信网络诈骗法",
    "中华人民共和国社会保险法",
    "中华人民共和国个人信息保护法",
    "中华人民共和国禁毒法",
    "中华人民共和国法律援助法",
    "中华人民共和国人民调解法",
];

/// Everyday queries (typed as citizens type them: everyday words, questions with voice-input
/// punctuation, pinyin, same-sound typos, Arabic article numbers) and what a page must hold to
/// answer them — statute wording judged by hand, any one of the terms.
const EVERYDAY: &[(&str, &[&str])] = &[
    ("家暴", &["家庭暴力"]),
    ("老公打我怎么办", &["家庭暴力", "殴打"]),
    ("酒驾", &["饮酒后驾驶", "醉酒驾驶"]),
    ("喝了酒能开车吗？", &["饮酒后驾驶", "醉酒驾驶"]),
    ("醉驾会坐牢吗", &["醉酒驾驶"]),
    ("高空抛物", &["抛掷物品"]),
    ("楼上往下扔东西砸坏了车", &["抛掷物品", "坠落"]),
    ("借钱不还", &["借款"]),
    ("朋友借了五万块钱一直不还", &["借款"]),
    ("彩礼", &["借婚姻索取财物", "婚约"]),
    ("离婚冷静期", &["撤回离婚登记申请"]),
    ("离婚冷静期是多少天？", &["撤回离婚登记申请"]),
    ("噪音扰民", &["噪声"]),
    ("邻居装修太吵了", &["噪声"]),
    ("养狗", &["饲养的动物", "饲养动物", "犬"]),
    ("被狗咬了谁赔", &["饲养的动物", "动物饲养人"]),
    ("老人被骗", &["诈骗"]),
    ("老板拖欠工资", &["劳动报酬", "工资"]),
    ("公司不给交社保", &["社会保险"]),
    ("上班路上出车祸算工伤吗", &["工伤"]),
    ("被公司辞退有补偿吗", &["经济补偿"]),
    ("没签劳动合同", &["书面劳动合同"]),
    ("加班费怎么算", &["延长工作时间", "加班"]),
    ("网购七天无理由退货", &["七日内退货", "无需说明理由"]),
    ("买到假货", &["欺诈", "假冒"]),
    ("离婚孩子归谁", &["直接抚养", "抚养"]),
    ("不给抚养费", &["抚养费"]),
    ("子女不赡养老人", &["赡养"]),
    ("父母的房子怎么继承", &["继承", "遗产"]),
    ("立遗嘱", &["遗嘱"]),
    ("电信诈骗", &["电信网络诈骗", "诈骗"]),
    ("dian xin zha pian", &["电信网络诈骗", "诈骗"]),
    ("zhengdangfangwei", &["正当防卫"]),
    ("正挡防卫", &["正当防卫"]),
    ("什么是正当防卫？", &["正当防卫"]),
    ("民法典第1077条", &["第一千零七十七条"]),
    ("刑法第 20 条", &["第二十条"]),
    ("打架斗殴", &["殴打他人", "斗殴"]),
    ("偷东西", &["盗窃"]),
    ("吸毒", &["毒品"]),
    ("赌博", &["赌博"]),
    ("个人信息泄露", &["个人信息"]),
    ("校园霸凌", &["欺凌"]),
    ("孩子沉迷游戏", &["网络游戏", "沉迷"]),
    ("找律师没钱", &["法律援助"]),
    ("邻里纠纷调解", &["调解"]),
    ("肇事逃逸", &["逃逸"]),
    ("无证驾驶", &["机动车驾驶证", "驾驶证"]),
];

/// A second set of everyday questions as an older citizen types them (a sentence, the
/// everyday word, often a question), none of them in `EVERYDAY` or the thesaurus' own test
/// cases, with statute wording that answers them (any one of the terms). Written all at once;
/// then the first half was run to find what the search lacked (background words, legal terms
/// inside a sentence, 了/的 inside a phrase, missing everyday words) …
const UNSEEN_TUNED: &[(&str, &[&str])] = &[
    ("老伴走了房子怎么分", &["遗产", "法定继承"]),
    ("被狗咬了谁负责", &["饲养的动物"]),
    ("网购的东西想退货", &["七日内退货", "退货"]),
    ("孩子在学校受伤", &["教育机构"]),
    ("过马路被车撞了", &["交通事故"]),
    ("房东不退押金", &["租赁", "出租人"]),
    ("试用期最长多久", &["试用期"]),
    ("孩子不让上学", &["义务教育"]),
    ("儿女不给养老钱", &["赡养费", "赡养"]),
    ("微信上被人骗了钱", &["诈骗"]),
    ("被人在网上造谣", &["诽谤", "捏造事实"]),
    ("被人偷拍", &["偷拍", "隐私"]),
    ("开车没有驾照", &["驾驶证"]),
    ("电动车被偷了", &["盗窃"]),
    ("别人欠我钱不还", &["借款"]),
    ("借钱利息多少合法", &["利率", "利息"]),
    ("宅基地纠纷", &["宅基地"]),
    ("干活受伤老板不管", &["工伤"]),
    ("产假有多少天", &["产假"]),
    ("小孩出去打工", &["童工", "未满十六周岁"]),
    ("学校里同学欺负人", &["学生欺凌", "欺凌"]),
    ("饭店吃坏了肚子", &["食品安全"]),
    ("办了卡商家跑路了", &["预收款"]),
    ("有人打我能还手吗", &["正当防卫"]),
    ("离婚了房子归谁", &["夫妻共同财产", "共同财产"]),
    ("想收养一个孩子", &["收养"]),
    ("在家打麻将赌钱", &["赌博"]),
    ("欠条过了好几年还能要吗", &["诉讼时效"]),
    ("楼上漏水到我家", &["相邻", "排水"]),
    ("小区车位归谁", &["车位", "车库"]),
    ("扶老人被讹怎么办", &["紧急救助"]),
    ("女的工资比男的低", &["同工同酬", "男女平等"]),
    ("掉进没盖的井里", &["窨井", "地下设施"]),
];

/// … and this half was only run when the work was done: 24 of 33 (73 %). Words were then
/// added for the families of its misses (addiction, personal data, lost property, no money …).
/// 32 of 33 before the best-match ranking of sentences (`src/search/best.rs`), 30 of 33 after
/// (measured, not tuned on).
const UNSEEN_HELD_OUT: &[(&str, &[&str])] = &[
    ("工资被拖欠怎么办", &["劳动报酬", "拖欠工资"]),
    ("楼上邻居半夜很吵", &["噪声"]),
    ("遗嘱怎么写才有效", &["自书遗嘱", "代书遗嘱"]),
    (
        "买的东西有质量问题",
        &["质量问题", "质量不合格", "不符合质量要求"],
    ),
    ("被人打了怎么办", &["殴打他人", "殴打"]),
    ("老板不跟我签合同", &["书面劳动合同"]),
    ("医院看病出了事故", &["诊疗活动"]),
    ("打孩子犯法吗", &["家庭暴力", "体罚", "虐待"]),
    ("被传销骗了", &["传销"]),
    ("手机号码被人卖了", &["个人信息"]),
    ("在背后骂人侮辱人", &["侮辱"]),
    ("喝酒开车撞了人", &["醉酒驾驶", "饮酒后驾驶", "交通肇事"]),
    ("闯红灯怎么罚", &["交通信号"]),
    ("捡到钱包要还吗", &["遗失物"]),
    ("借条怎么写", &["借款合同"]),
    ("给别人做担保要还钱吗", &["保证人", "保证责任"]),
    ("土地被征收给多少补偿", &["征收"]),
    ("被开除了给补偿吗", &["经济补偿"]),
    ("怀孕了被公司辞退", &["孕期"]),
    ("孩子上网成瘾", &["沉迷网络"]),
    ("超市卖过期食品", &["超过保质期", "保质期"]),
    ("商家虚假宣传", &["虚假宣传", "虚假或者引人误解的宣传"]),
    ("快递丢了谁赔", &["承运人"]),
    ("老人被子女打骂", &["虐待", "家庭暴力"]),
    ("老公欠的钱我要还吗", &["夫妻共同债务", "共同债务"]),
    ("抽大麻", &["毒品"]),
    ("打官司没钱", &["法律援助", "缓交", "诉讼费用"]),
    ("邻居家占了我家的地", &["相邻"]),
    ("物业乱收费", &["物业服务", "物业费"]),
    ("见义勇为受伤了谁赔", &["保护他人民事权益", "见义勇为"]),
    ("被领导骚扰", &["性骚扰"]),
    ("路边的树倒了砸到人", &["林木折断", "倾倒"]),
    ("租房合同没到期房东赶人", &["租赁期限", "租赁"]),
];

/// A third set, written after the second set's held-out half had been measured (24 of 33,
/// before the words added for its misses) and never tuned on: measured once, 17 of 25 (68 %),
/// on 5 December 2026; 16 of 25 (64 %) after the best-match ranking (not tuned on either).
/// Printed, not asserted — the honest estimate of how the search does on questions nobody
/// has looked at; add words for its misses and it stops being one.
const UNSEEN_NEVER_TUNED: &[(&str, &[&str])] = &[
    ("老公出轨了能离婚吗", &["重婚", "有配偶者与他人同居"]),
    ("老板让天天加班", &["延长工作时间", "加班"]),
    ("辞职要提前多久说", &["提前三十日"]),
    ("买房子交的定金不退", &["定金"]),
    ("邻居家树挡住我家阳光", &["采光", "日照"]),
    ("楼道里堆满了杂物", &["疏散通道", "安全出口"]),
    ("网上买的衣服不合适能退吗", &["七日内退货", "退货"]),
    ("被车撞了司机不赔钱", &["交通事故"]),
    ("过年放鞭炮被罚款", &["烟花爆竹"]),
    ("承包的地被村里收回了", &["承包地", "土地承包经营权"]),
    ("房东突然涨房租", &["租金"]),
    ("有人冒用我的名字", &["姓名权", "冒用"]),
    ("喝醉了打人要拘留吗", &["殴打他人", "醉酒"]),
    ("孩子被老师打了", &["体罚"]),
    ("离婚后对方不让我见孩子", &["探望"]),
    ("工资比最低标准还低", &["最低工资"]),
    ("在网上赌博输了钱", &["赌博"]),
    ("员工受伤老板不给报销", &["工伤"]),
    ("退休了能领多少钱", &["基本养老金", "养老保险", "退休"]),
    ("邻居家的狗天天叫", &["噪声", "饲养"]),
    ("车被人故意划了", &["故意毁坏", "毁坏", "损坏"]),
    ("在饭店丢了东西谁负责", &["安全保障义务", "经营场所"]),
    ("看病能报销多少", &["基本医疗保险", "医疗保险"]),
    ("妻子被家暴想离婚", &["家庭暴力"]),
    (
        "孩子偷偷充值打赏主播",
        &["限制民事行为能力人", "网络直播", "打赏"],
    ),
];

/// A development set written on 5 December 2026 for the best-match ranking (character pairs
/// and characters weighted by rarity, with thesaurus terms: `src/search/best.rs`), before that
/// ranking existed: sentences an older citizen types, none of them in the sets above, with the
/// statute wording that answers each judged by reading the bundled law text (any one of the
/// terms). Measured before the change: 37 of 64 (58 %). The ranking was then built on the
/// classes of failure seen here (sentences finding nothing as typed, or the wrong thesaurus
/// pages; words of kinship and roles: 儿子, 爷爷, 孙子 …), not with words for one query: 48 of
/// 64 (75 %). Its misses are mostly everyday words no data links to the statutes' wording
/// (假钱 / 伪造的货币, 被人摸 / 猥亵, 超重 / 超载).
const DEV_SENTENCES: &[(&str, &[&str])] = &[
    ("楼上邻居天天吵得睡不着怎么办", &["噪声"]),
    ("儿子不给我生活费", &["赡养费", "赡养"]),
    ("买的保健品是假的能退吗", &["欺诈", "假冒", "退货"]),
    ("老伴去世了存款怎么分", &["遗产", "法定继承"]),
    (
        "孙子玩手机游戏花了好几千",
        &["限制民事行为能力人", "网络游戏"],
    ),
    ("单位不给发加班工资", &["延长工作时间", "加班"]),
    ("干了三个月老板一分钱没给", &["劳动报酬", "工资"]),
    ("女儿出嫁了还要养我吗", &["赡养"]),
    ("走路被电动车撞了", &["交通事故", "非机动车"]),
    ("孩子被人贩子拐走了", &["拐卖"]),
    ("在网上借了高利贷", &["高利放贷", "利率"]),
    ("生病住院期间单位把我开了", &["医疗期"]),
    ("喝醉酒在街上闹事", &["醉酒", "扰乱公共秩序"]),
    ("晚上广场舞音乐太响", &["噪声"]),
    ("有人冒充警察打电话骗钱", &["诈骗", "冒充"]),
    ("被人打成轻伤", &["故意伤害", "轻伤"]),
    ("上班时机器轧断了手指", &["工伤"]),
    ("在超市摔倒了谁负责", &["安全保障义务"]),
    ("老公偷偷把钱转给别的女人", &["隐藏、转移", "夫妻共同财产"]),
    ("爸爸的遗产被哥哥一个人占了", &["遗产", "继承"]),
    ("没结婚生的孩子能继承吗", &["非婚生子女"]),
    ("继母老了继子要养吗", &["继子女", "继父母"]),
    ("老人再婚儿女不同意", &["再婚"]),
    ("骑摩托车不戴头盔", &["安全头盔"]),
    ("货车拉货超重了", &["超载", "核定的载质量"]),
    ("公司让我签字放弃社保", &["社会保险"]),
    ("周末加班给几倍工资", &["休息日", "百分之二百"]),
    ("国庆节上班工资怎么算", &["法定休假日", "百分之三百"]),
    ("上班一年有几天年假", &["带薪年休假"]),
    ("怀孕了还让上夜班", &["夜班劳动"]),
    ("孩子放学去网吧上网", &["互联网上网服务营业场所"]),
    ("小卖部卖烟给小孩", &["烟、酒"]),
    ("吸毒被抓了要关多久", &["强制隔离戒毒", "吸食、注射毒品"]),
    ("在自家地里种罂粟", &["罂粟"]),
    ("把自己的银行卡卖给别人用", &["出租、出借"]),
    ("分居两年能不能离婚", &["分居满二年"]),
    ("怀孕期间老公闹离婚", &["怀孕期间"]),
    ("公交车上被人摸", &["猥亵"]),
    ("有人天天发短信骚扰我", &["干扰他人正常生活"]),
    ("有人说要杀我全家", &["威胁他人人身安全"]),
    ("养老院的护工打老人", &["养老机构", "虐待老年人"]),
    ("失业了能领多少钱", &["失业保险金"]),
    ("生孩子住院的钱能报吗", &["生育医疗费用", "生育保险"]),
    (
        "农村老人能领养老金吗",
        &["基本养老金", "新型农村社会养老保险"],
    ),
    ("爷爷奶奶带孙子", &["祖父母"]),
    ("爸爸死了留下的债要还吗", &["清偿被继承人"]),
    ("男方不同意离婚怎么办", &["离婚诉讼"]),
    ("未成年人杀人要判刑吗", &["应当负刑事责任"]),
    ("租客一直不交房租", &["租金"]),
    ("签了合同对方反悔了", &["违约责任", "不履行合同义务"]),
    ("外卖吃出了虫子", &["食品安全", "网络食品交易"]),
    ("照片被人发到网上", &["肖像", "隐私"]),
    ("手机软件偷偷收集我的信息", &["个人信息"]),
    ("和邻居吵架想找人评理", &["人民调解", "调解"]),
    ("老人的房子被子女霸占", &["老年人自有的", "老年人的财产"]),
    ("被人用假钱骗了", &["伪造的货币", "假币"]),
    (
        "被车撞了保险公司赔多少",
        &["第三者责任强制保险", "强制保险"],
    ),
    ("别人开我的车出了事", &["机动车所有人"]),
    ("买了二手车没过户出了事故", &["未办理登记"]),
    ("宠物猫抓伤了邻居小孩", &["饲养的动物"]),
    ("十岁孩子弄坏了别人的东西谁赔", &["由监护人承担侵权责任"]),
    ("结婚前买的房子离婚要分吗", &["婚前财产"]),
    ("借钱给别人没说利息", &["利息"]),
    ("邻居装空调外机对着我家窗户", &["通风", "相邻"]),
];

/// The built site of the everyday tests: every article of [`EVERYDAY_LAWS`] and every
/// twentieth group of the other laws, a page per group of up to three articles; with its
/// pages as (url, folded text). Also used by `search_heldout`.
pub(crate) fn everyday_site() -> (tempfile::TempDir, std::path::PathBuf, Vec<(String, String)>) {
    laws_site(20)
}

/// A law library: every article of every bundled law, a page per group of up to three
/// articles (used by `search_heldout`'s second set, whose queries reach 55 laws).
pub(crate) fn all_laws_site() -> (tempfile::TempDir, std::path::PathBuf, Vec<(String, String)>) {
    laws_site(1)
}

/// The statute site as staff make it: every bundled law written by `pufa laws import` (one
/// page per law, or per chapter or part of a long law: 民法典 has a page per 编), then built.
/// Its pages are (address, folded title and text) for judging relevance. Kept with
/// `PUFA_KEEP_STATUTE_SITE=DIR` at DIR/imported.
pub(crate) fn imported_laws_site() -> (tempfile::TempDir, std::path::PathBuf, Vec<(String, String)>)
{
    let pufa = env!("CARGO_BIN_EXE_pufa");
    let (tmp, site, dir) = statute_site();
    // The laws `pufa init` imported are kept out of the index by `statute_site`: import them
    // again with the others.
    std::fs::remove_dir_all(&dir).unwrap();
    std::fs::remove_dir_all(site.join("content/laws")).unwrap();
    let list = Command::new(pufa).args(["laws", "list"]).output().unwrap();
    assert!(list.status.success());
    let names: BTreeSet<String> = String::from_utf8_lossy(&list.stdout)
        .lines()
        .filter_map(|l| l.split('\t').nth(1).map(str::to_string))
        .collect();
    assert!(names.len() > 300, "{} laws", names.len());
    let import = Command::new(pufa)
        .arg("--root")
        .arg(&site)
        .args(["laws", "import"])
        .args(&names)
        .output()
        .unwrap();
    assert!(
        import.status.success(),
        "{}",
        String::from_utf8_lossy(&import.stderr)
    );
    let base = "http://example.test/";
    build(&site, base);
    let content = site.join("content");
    let mut pages = Vec::new();
    for entry in walkdir::WalkDir::new(content.join("laws")).sort_by_file_name() {
        let entry = entry.unwrap();
        let path = entry.path();
        if !entry.file_type().is_file() || path.extension().is_none_or(|e| e != "md") {
            continue;
        }
        let text = std::fs::read_to_string(path).unwrap();
        let (front, body) = text
            .strip_prefix("+++\n")
            .and_then(|t| t.split_once("\n+++\n"))
            .unwrap_or(("", &text));
        let title = front
            .lines()
            .find_map(|l| l.strip_prefix("title = "))
            .unwrap_or("")
            .trim_matches('"');
        let rel = path.strip_prefix(&content).unwrap().with_extension("");
        let rel = rel.to_string_lossy().replace('\\', "/");
        let url = match rel.strip_suffix("/_index") {
            Some(section) => format!("{base}{section}/"),
            None => format!("{base}{rel}/"),
        };
        pages.push((url, fold(&format!("{title}\n{body}"))));
    }
    assert!(pages.len() > 500, "{} pages", pages.len());
    keep(&site, "imported");
    (tmp, site, pages)
}

/// Every article of [`EVERYDAY_LAWS`] and every `stride`-th group of the other laws.
fn laws_site(stride: usize) -> (tempfile::TempDir, std::path::PathBuf, Vec<(String, String)>) {
    let (tmp, site, dir) = statute_site();
    type Article = (String, String, String, String, String);
    let bundle = pufa::law::bundled::load().expect("bundled law text");
    let rows: Vec<Article> = bundle
        .laws
        .iter()
        .zip(&bundle.articles)
        .flat_map(|(law, rows)| {
            rows.iter().map(move |(chapter, _, no, _, text)| {
                (
                    law.id.clone(),
                    law.name.clone(),
                    chapter.clone().unwrap_or_default(),
                    no.clone().unwrap_or_default(),
                    text.clone().unwrap_or_default(),
                )
            })
        })
        .collect();
    let mut groups: Vec<Vec<&Article>> = Vec::new();
    for r in &rows {
        match groups.last_mut() {
            Some(g) if g[0].0 == r.0 && g[0].2 == r.2 && g.len() < 3 => g.push(r),
            _ => groups.push(vec![r]),
        }
    }
    let base = "http://example.test/";
    let mut pages: Vec<(String, String)> = Vec::new();
    let mut other = 0;
    for g in &groups {
        if !EVERYDAY_LAWS.contains(&g[0].1.as_str()) {
            other += 1;
            if other % stride != 0 {
                continue;
            }
        }
        let i = pages.len();
        let title = format!("{} {}至{}", g[0].1, g[0].3, g[g.len() - 1].3);
        let body: Vec<String> = g.iter().map(|a| format!("{} {}", a.3, a.4)).collect();
        std::fs::write(
            dir.join(format!("p{i:05}.md")),
            format!(
                "+++\ntitle = {}\n+++\n{}\n",
                toml_string(&title),
                body.join("\n\n")
            ),
        )
        .unwrap();
        pages.push((
            format!("{base}fatiao/p{i:05}/"),
            fold(&format!("{title}\n{}", body.join("\n"))),
        ));
    }
    assert!(pages.len() > 1000, "{} pages", pages.len());
    build(&site, base);
    keep(&site, &format!("stride{stride}"));
    (tmp, site, pages)
}

/// Builds the statute site at `site` for `base`; the build must succeed.
fn build(site: &std::path::Path, base: &str) {
    let out = Command::new(env!("CARGO_BIN_EXE_pufa"))
        .arg("--root")
        .arg(site)
        .args(["build", "-u", base])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// For trying queries by hand: `PUFA_KEEP_STATUTE_SITE=DIR` copies the built site to
/// DIR/`name` (stride1, stride20, imported). pufa does not take the copied public/ for its own:
/// to rebuild the copy, delete its public/ and run `pufa build -u http://example.test/` there.
fn keep(site: &std::path::Path, name: &str) {
    if let Some(dir) = std::env::var_os("PUFA_KEEP_STATUTE_SITE") {
        let kept = std::path::Path::new(&dir).join(name);
        if !kept.exists() {
            copy_tree(site, &kept);
            eprintln!("statute site kept at {}", kept.display());
        }
    }
}

/// Copies the folder `from` to `to` (made), files and folders.
fn copy_tree(from: &std::path::Path, to: &std::path::Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// `pufa search --json` answers everyday queries on real statute text: for at least 90% of
/// them a page that holds the statute wording they mean is among the first three results.
/// Prints every query's outcome. Runs on the law text that ships with pufa.
#[test]
fn everyday_queries_find_statutes_in_the_first_three() {
    let pufa = env!("CARGO_BIN_EXE_pufa");
    let (_tmp, site, pages) = everyday_site();
    assert!(EVERYDAY.len() >= 40);
    let (good, report) = first_three(pufa, &site, &pages, EVERYDAY);
    let share = good as f64 / EVERYDAY.len() as f64;
    eprintln!(
        "{}\neveryday queries on {} statute pages: {good} of {} ({:.0}%) with a relevant page in the first three",
        report.join("\n"),
        pages.len(),
        EVERYDAY.len(),
        share * 100.0
    );
    assert!(share >= 0.9, "{}", report.join("\n"));

    // The second set, written after the thesaurus had been built from the first: its first
    // half was used to find what the search lacked, its second half only measured.
    assert!(UNSEEN_TUNED.len() + UNSEEN_HELD_OUT.len() >= 60);
    let mut all = 0;
    for (name, set) in [
        ("tuning half", UNSEEN_TUNED),
        ("held-out half", UNSEEN_HELD_OUT),
    ] {
        assert!(set
            .iter()
            .all(|(q, _)| !EVERYDAY.iter().any(|(e, _)| e == q)));
        let (good, report) = first_three(pufa, &site, &pages, set);
        all += good;
        eprintln!(
            "{}\n{name}: {good} of {} ({:.0}%) with a relevant page in the first three",
            report.join("\n"),
            set.len(),
            good as f64 * 100.0 / set.len() as f64
        );
    }
    let (never, report) = first_three(pufa, &site, &pages, UNSEEN_NEVER_TUNED);
    eprintln!(
        "{}\nthird set, never tuned on (not asserted): {never} of {} ({:.0}%) with a relevant page in the first three",
        report.join("\n"),
        UNSEEN_NEVER_TUNED.len(),
        never as f64 * 100.0 / UNSEEN_NEVER_TUNED.len() as f64
    );
    let (dev, report) = first_three(pufa, &site, &pages, DEV_SENTENCES);
    eprintln!(
        "{}\ndevelopment set of sentences: {dev} of {} ({:.0}%) with a relevant page in the first three",
        report.join("\n"),
        DEV_SENTENCES.len(),
        dev as f64 * 100.0 / DEV_SENTENCES.len() as f64
    );
    assert!(DEV_SENTENCES.len() >= 60);
    assert!(
        DEV_SENTENCES.iter().all(|(q, _)| ![
            EVERYDAY,
            UNSEEN_TUNED,
            UNSEEN_HELD_OUT,
            UNSEEN_NEVER_TUNED
        ]
        .iter()
        .any(|set| set.iter().any(|(e, _)| e == q))),
        "a development sentence is in another set"
    );
    // Measured 48 of 64; the floor leaves room for ties that move when the thesaurus grows.
    assert!(
        dev as f64 >= 0.70 * DEV_SENTENCES.len() as f64,
        "{dev} of {}",
        DEV_SENTENCES.len()
    );
    let n = UNSEEN_TUNED.len() + UNSEEN_HELD_OUT.len();
    eprintln!(
        "second set of everyday queries: {all} of {n} ({:.1}%) with a relevant page in the first three",
        all as f64 * 100.0 / n as f64
    );
    assert!(all as f64 >= 0.9 * n as f64, "{all} of {n}");
}

/// An article asked for by number lands on it: the law's short name as people say it
/// (道交法, 消法, 未保法, 个保法) is understood, the first result is the page that holds the
/// article (not 第二百三十六条之一 for 第二百三十六条, nor a page citing it) and links to its
/// anchor (not to an earlier article on the page that names the law).
#[test]
fn article_numbers_with_short_law_names_land_on_the_article() {
    let pufa = env!("CARGO_BIN_EXE_pufa");
    let (_tmp, site, _pages) = everyday_site();
    let public = site.join("public");
    for (q, law, anchor) in [
        ("道交法第91条", "道路交通安全法", "art-91"),
        ("道路交通安全法第91条", "道路交通安全法", "art-91"),
        ("刑法第236条", "刑法", "art-236"),
        ("刑法 第二百三十六条", "刑法", "art-236"),
        ("消法第55条", "消费者权益保护法", "art-55"),
        ("未保法第17条", "未成年人保护法", "art-17"),
        ("个保法第13条", "个人信息保护法", "art-13"),
    ] {
        let out = Command::new(pufa)
            .args(["search", q, "--json", "--limit", "3", "-o"])
            .arg(&public)
            .output()
            .unwrap();
        assert!(out.status.success(), "{q}");
        let hits: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let first = &hits[0];
        let title = first["title"].as_str().unwrap_or("");
        assert!(
            title.starts_with(&format!("中华人民共和国{law} ")),
            "{q}: first result {title}"
        );
        assert_eq!(first["anchor"].as_str(), Some(anchor), "{q}: {first}");
    }
}

/// How many of `set` have a relevant page (holding one of the wanted terms) among the first
/// three results of `pufa search QUERY --json --limit 3`, and a line per query.
pub(crate) fn first_three(
    pufa: &str,
    site: &std::path::Path,
    pages: &[(String, String)],
    set: &[(&str, &[&str])],
) -> (usize, Vec<String>) {
    let mut good = 0;
    let mut report = Vec::new();
    for (q, want) in set {
        let relevant: BTreeSet<&str> = pages
            .iter()
            .filter(|p| want.iter().any(|w| p.1.contains(&fold(w))))
            .map(|p| p.0.as_str())
            .collect();
        assert!(!relevant.is_empty(), "{q}: no page holds {want:?}");
        let out = Command::new(pufa)
            .arg("--root")
            .arg(site)
            .args(["search", q, "--json", "--limit", "3"])
            .output()
            .unwrap();
        assert!(out.status.success(), "{q}");
        let hits: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
        let ok = hits
            .iter()
            .any(|h| relevant.contains(h["url"].as_str().unwrap()));
        good += usize::from(ok);
        report.push(format!(
            "{} {q}: {} results{}",
            if ok { "ok  " } else { "MISS" },
            hits.len(),
            hits.first()
                .map(|h| format!(", first {} ({})", h["title"], h["match"]))
                .unwrap_or_default()
        ));
    }
    (good, report)
}
