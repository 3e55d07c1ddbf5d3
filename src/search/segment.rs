//! Words for ranking, and jieba for Zola's search index.
//!
//! Matching never depends on words (it is exact substring matching over character bigrams,
//! see `index`), because a segmenter splits differently in different contexts and would lose
//! pages. Words only decide which pages hold the query *as a word* in their title, description
//! or headings, and such pages rank higher. Those words are found without a dictionary
//! (`words`): the phrases between punctuation, the legal vocabulary below plus the site's own
//! words, and runs of Latin letters or digits. jieba's dictionary took more memory (≈ 60 MB
//! resident) than all the rest of a 10,000-page index, and segmenting every body was most of
//! the indexing time, for a ranking signal that matters where text is short.
//!
//! jieba (with the legal vocabulary) still tokenises Zola's elasticlunr index (`zola`), whose
//! JavaScript expects jieba's words; it is built once per process, only for that.

use std::sync::OnceLock;

use jieba_rs::Jieba;

/// Legal terms jieba's general dictionary splits or lacks. Long terms must win over their
/// parts, so they get a high frequency.
pub const LEGAL_WORDS: &[&str] = &[
    "民法典",
    "刑法",
    "宪法",
    "民事诉讼法",
    "刑事诉讼法",
    "行政诉讼法",
    "行政处罚法",
    "行政复议法",
    "治安管理处罚法",
    "反家庭暴力法",
    "未成年人保护法",
    "预防未成年人犯罪法",
    "妇女权益保障法",
    "老年人权益保障法",
    "消费者权益保护法",
    "劳动合同法",
    "劳动法",
    "劳动争议调解仲裁法",
    "道路交通安全法",
    "食品安全法",
    "反电信网络诈骗法",
    "个人信息保护法",
    "网络安全法",
    "数据安全法",
    "人民调解法",
    "法律援助法",
    "禁毒法",
    "国家安全法",
    "反有组织犯罪法",
    "土地管理法",
    "农村土地承包法",
    "婚姻法",
    "继承法",
    "正当防卫",
    "紧急避险",
    "防卫过当",
    "高空抛物",
    "电信网络诈骗",
    "电信诈骗",
    "网络诈骗",
    "人身安全保护令",
    "家庭暴力",
    "法律援助",
    "人民调解",
    "诉讼时效",
    "民事行为能力",
    "无民事行为能力人",
    "限制民事行为能力人",
    "完全民事行为能力人",
    "监护人",
    "法定继承",
    "遗嘱继承",
    "遗赠扶养协议",
    "夫妻共同财产",
    "夫妻共同债务",
    "离婚冷静期",
    "居住权",
    "侵权责任",
    "违约责任",
    "精神损害赔偿",
    "惩罚性赔偿",
    "缓刑",
    "假释",
    "取保候审",
    "监视居住",
    "刑事拘留",
    "行政拘留",
    "拒不支付劳动报酬",
    "非法集资",
    "套路贷",
    "校园欺凌",
    "醉酒驾驶",
    "危险驾驶",
    "交通肇事",
    "扫黑除恶",
    "见义勇为",
    "公序良俗",
    "格式条款",
    "定金",
    "违约金",
    "经济补偿",
    "工伤认定",
    "劳动仲裁",
    "12348",
    "96110",
];

/// jieba's general dictionary: the words and frequencies of the `dict.txt` of the jieba-rs
/// crate (349,045 words; without its part-of-speech tags, which pufa never asks for and which
/// do not change a cut), in columns (the words, each as what it adds to the one before it;
/// the frequencies) compressed with `zstd --ultra -22` (`scripts/jieba-dict.sh` makes it and
/// describes the format; a test checks it against the crate's). The crate's own copy (zstd
/// level 3, decoded by the C zstd library) took 2.1 MB of the binary and the C decoder
/// besides; the whole file compressed with `zstd -19` took 1.63 MB, the columns take 1.14 MB.
/// `ruzstd` reads it, which the bundled law text needs anyway.
static DICT: &[u8] = include_bytes!("../../data/jieba-dict.zst");

/// jieba's dictionary text (`word freq` lines) from [`DICT`]; `None` if it cannot be read.
fn dictionary_text() -> Option<String> {
    use std::io::Read;
    let mut packed = String::new();
    ruzstd::decoding::StreamingDecoder::new(DICT)
        .ok()?
        .read_to_string(&mut packed)
        .ok()?;
    let mut lines = packed.lines();
    let n: usize = lines
        .next()?
        .strip_prefix("pufa-jieba-dict/1 ")?
        .parse()
        .ok()?;
    let words: Vec<&str> = lines.by_ref().take(n).collect();
    let freqs: Vec<&str> = lines.by_ref().take(n).collect();
    if freqs.len() != n || lines.next().is_some() {
        return None;
    }
    let mut out = String::with_capacity(packed.len() + packed.len() / 2);
    let mut word = String::new();
    for (w, freq) in words.iter().zip(&freqs) {
        let mut chars = w.chars();
        let keep = (chars.next()? as usize).checked_sub(0x30)?;
        let cut = match keep {
            0 => 0,
            k => word
                .char_indices()
                .nth(k - 1)
                .map(|(at, c)| at + c.len_utf8())?,
        };
        word.truncate(cut);
        word.push_str(chars.as_str());
        for part in [word.as_str(), " ", freq, "\n"] {
            out.push_str(part);
        }
    }
    Some(out)
}

/// A jieba with the general dictionary (without it, if the compiled-in copy could not be read,
/// which a test rules out: jieba then cuts by its character model alone).
fn jieba_with_dictionary() -> Jieba {
    dictionary_text()
        .and_then(|text| Jieba::with_dict(&mut text.as_bytes()).ok())
        .unwrap_or_else(Jieba::empty)
}

fn jieba() -> &'static Jieba {
    static JIEBA: OnceLock<Jieba> = OnceLock::new();
    JIEBA.get_or_init(|| {
        let mut j = jieba_with_dictionary();
        for w in LEGAL_WORDS {
            // A frequency above any general word's keeps the legal term whole.
            j.add_word(w, Some(100_000), Some("nz"));
        }
        j
    })
}

/// Builds jieba's dictionary now (e.g. while other stages run) instead of on first use.
pub fn warm_up() {
    let _ = jieba();
}

/// jieba's search-mode cut (long words and their parts), for the Zola elasticlunr index.
pub(super) fn cut_for_search(text: &str) -> Vec<String> {
    jieba()
        .cut_for_search(text, false)
        .iter()
        .map(|t| t.word.to_string())
        .collect()
}

/// A phrase longer than this is a sentence, not a word anyone types.
const MAX_PHRASE: usize = 16;

/// The words of an already folded text, each with the number of times it occurs, sorted by
/// word. The text is cut into phrases at every character that is not a letter or digit
/// (CJK ideographs are letters); the words of a phrase are the phrase itself (2 to
/// `MAX_PHRASE` characters), every occurrence of a legal term or of a word in `extra` (site
/// words such as law short names, already folded), and its runs of two or more ASCII letters
/// or digits (`12348` in `拨打12348热线`). A word equal to its whole phrase counts once.
#[cfg(test)]
pub(super) fn words(folded: &str, extra: &[String]) -> Vec<(String, u32)> {
    Vocab::new(extra).words(folded)
}

/// The vocabulary `words` looks for in a phrase (the legal terms and the site's words of
/// two or more characters, not ASCII), by first character: looking each word up in every
/// phrase (`str::matches`, a searcher built per word and phrase) was a quarter of the
/// indexing time at 10,000 pages.
pub(super) struct Vocab<'a> {
    /// The words in order, duplicates kept (each counts its own occurrences).
    words: Vec<&'a str>,
    /// `(first character, index in words)`, sorted.
    by_first: Vec<(char, usize)>,
}

impl<'a> Vocab<'a> {
    pub(super) fn new(extra: &'a [String]) -> Self {
        let words: Vec<&str> = LEGAL_WORDS
            .iter()
            .copied()
            .chain(extra.iter().map(String::as_str))
            // ASCII words are found as runs below, whole.
            .filter(|w| w.chars().nth(1).is_some() && !w.is_ascii())
            .collect();
        let mut by_first: Vec<(char, usize)> = words
            .iter()
            .enumerate()
            .filter_map(|(i, w)| Some((w.chars().next()?, i)))
            .collect();
        by_first.sort_unstable();
        Vocab { words, by_first }
    }

    /// `words` of `folded` (see there).
    pub(super) fn words(&self, folded: &str) -> Vec<(String, u32)> {
        let mut found: Vec<&str> = Vec::new();
        // Per vocabulary word matched in the phrase: where its last occurrence ends, so that
        // occurrences do not overlap (as `str::matches`).
        let mut ends: Vec<(usize, usize)> = Vec::new();
        for phrase in folded
            .split(|c: char| !c.is_alphanumeric())
            .filter(|p| p.chars().nth(1).is_some())
        {
            if phrase.chars().nth(MAX_PHRASE).is_none() {
                found.push(phrase);
            }
            ends.clear();
            for (at, c) in phrase.char_indices() {
                let from = self.by_first.partition_point(|e| e.0 < c);
                for &(_, i) in self.by_first[from..].iter().take_while(|e| e.0 == c) {
                    let w = self.words[i];
                    // A word that is the whole phrase is already there, once.
                    if !phrase[at..].starts_with(w) || w.len() == phrase.len() {
                        continue;
                    }
                    match ends.iter_mut().find(|e| e.0 == i) {
                        Some(e) if e.1 > at => continue,
                        Some(e) => e.1 = at + w.len(),
                        None => ends.push((i, at + w.len())),
                    }
                    found.push(&phrase[at..at + w.len()]);
                }
            }
            found.extend(letter_runs(phrase));
        }
        counted(found)
    }
}

/// The runs of two or more ASCII letters or digits inside a phrase of other characters
/// (`DNA` of 做DNA鉴定); none for a phrase of ASCII only, which is a word itself.
fn letter_runs(phrase: &str) -> impl Iterator<Item = &str> {
    let mixed = !phrase.is_ascii();
    phrase
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(move |r| mixed && r.len() > 1)
}

/// Each word of `found` with how many times it is there, in order.
fn counted(mut found: Vec<&str>) -> Vec<(String, u32)> {
    found.sort_unstable();
    let mut out: Vec<(String, u32)> = Vec::new();
    for w in found {
        match out.last_mut() {
            Some((last, n)) if last == w => *n += 1,
            _ => out.push((w.to_string(), 1)),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The compressed dictionary is the jieba-rs crate's (a dev-dependency with its own copy):
    /// the same words, and the same cuts of the demo site's pages.
    #[test]
    fn compiled_in_dictionary_is_the_crates() {
        let text = dictionary_text().unwrap();
        let lines: Vec<Vec<&str>> = text.lines().map(|l| l.split(' ').collect()).collect();
        assert!(lines
            .iter()
            .all(|l| l.len() == 2 && l[1].parse::<u64>().is_ok()));
        assert_eq!(lines.first().map(|l| l.join(" ")), Some("1号店 3".into()));
        assert_eq!(lines.last().map(|l| l.join(" ")), Some("龢 732".into()));
        let ours = jieba_with_dictionary();
        let theirs = Jieba::new();
        let words: Vec<&str> = lines.iter().map(|l| l[0]).collect();
        assert_eq!(words.len(), 349_045);
        for w in &words {
            assert!(ours.has_word(w) && theirs.has_word(w), "{w}");
        }
        let content = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
        let mut pages = 0;
        for e in walkdir::WalkDir::new(content).into_iter().flatten() {
            let Ok(md) = std::fs::read_to_string(e.path()) else {
                continue;
            };
            assert_eq!(
                ours.cut_for_search(&md, false),
                theirs.cut_for_search(&md, false),
                "{}",
                e.path().display()
            );
            pages += 1;
        }
        assert!(pages > 20, "{pages} pages");
    }

    fn has(text: &str, w: &str) -> bool {
        words(text, &[]).iter().any(|(x, _)| x == w)
    }

    #[test]
    fn legal_terms_stay_whole() {
        assert!(has("依照民法典的规定", "民法典"));
        assert!(has(
            "对正在进行的不法侵害采取制止行为属于正当防卫",
            "正当防卫"
        ));
        assert!(has("向法院申请人身安全保护令", "人身安全保护令"));
        assert!(has("警惕电信网络诈骗", "电信网络诈骗"));
        assert!(has("禁止从建筑物中抛掷物品即高空抛物", "高空抛物"));
        assert!(has("拨打12348热线", "12348"));
    }

    #[test]
    fn counts_repeated_words() {
        let w = words("民法典 民法典 规定", &[]);
        assert_eq!(w.iter().find(|(x, _)| x == "民法典").map(|p| p.1), Some(2));
        let w = words("拨打12348热线", &[]);
        assert_eq!(w.iter().find(|(x, _)| x == "12348").map(|p| p.1), Some(1));
    }

    #[test]
    fn phrases_and_latin_runs_are_words() {
        let w = words("以案释法:高空抛物致人损害谁担责 wechat", &[]);
        let got: Vec<&str> = w.iter().map(|(x, _)| x.as_str()).collect();
        assert_eq!(
            got,
            vec!["wechat", "以案释法", "高空抛物", "高空抛物致人损害谁担责"]
        );
        // A sentence-long phrase is no word; single characters never are.
        assert!(words("为了保护民事主体的合法权益调整民事关系维护社会", &[]).is_empty());
        assert!(words("法 罪", &[]).is_empty());
    }

    #[test]
    fn site_words_are_added() {
        let extra = vec!["扫码普法站".to_string()];
        let w = words("欢迎来到扫码普法站", &extra);
        assert!(w.iter().any(|(x, n)| x == "扫码普法站" && *n == 1));
    }

    /// `words` as it was written before `Vocab`: every vocabulary word looked up in every
    /// phrase with `str::matches`.
    fn words_by_matches(folded: &str, extra: &[String]) -> Vec<(String, u32)> {
        let mut found: Vec<&str> = Vec::new();
        let vocab = LEGAL_WORDS
            .iter()
            .copied()
            .chain(extra.iter().map(String::as_str))
            .filter(|w| w.chars().nth(1).is_some() && !w.is_ascii());
        for phrase in folded
            .split(|c: char| !c.is_alphanumeric())
            .filter(|p| p.chars().nth(1).is_some())
        {
            if phrase.chars().nth(MAX_PHRASE).is_none() {
                found.push(phrase);
            }
            for w in vocab.clone().filter(|&w| w != phrase) {
                found.extend(phrase.matches(w));
            }
            found.extend(letter_runs(phrase));
        }
        counted(found)
    }

    /// The first-character lookup finds what `str::matches` found: on every line of the demo
    /// site's pages, and on overlapping words (法法 in 法法法), words that are a whole
    /// phrase, a word given twice (民法典 is a legal term and a site word), words inside
    /// other words, and an ASCII or one-character site word (never looked for).
    #[test]
    fn vocab_words_are_those_str_matches_finds() {
        let extra: Vec<String> = ["法法", "民法典", "刑法典", "x光", "a", "法", "", "12348"]
            .iter()
            .map(|w| w.to_string())
            .collect();
        let mut texts: Vec<String> = [
            "法法法 法法法法法",
            "法法",
            "民法典民法典刑法典 民法典",
            "刑法民法典刑事诉讼法 反家庭暴力法家庭暴力",
            "x光片 拍x光 12348热线12348",
            "无民事行为能力人限制民事行为能力人",
        ]
        .iter()
        .map(|t| t.to_string())
        .collect();
        let content = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
        for e in walkdir::WalkDir::new(content).into_iter().flatten() {
            if let Ok(md) = std::fs::read_to_string(e.path()) {
                texts.extend(md.lines().map(crate::search::fold));
            }
        }
        assert!(texts.len() > 500, "{} lines", texts.len());
        let vocab = Vocab::new(&extra);
        let mut words_found = 0;
        for t in &texts {
            let want = words_by_matches(t, &extra);
            assert_eq!(vocab.words(t), want, "{t}");
            assert_eq!(words(t, &[]), words_by_matches(t, &[]), "{t}");
            words_found += want.len();
        }
        assert!(words_found > 1000, "{words_found} words");
        assert_eq!(
            vocab.words("法法法 法法法法法"),
            vec![
                ("法法".to_string(), 3),
                ("法法法".to_string(), 1),
                ("法法法法法".to_string(), 1)
            ]
        );
    }
}
