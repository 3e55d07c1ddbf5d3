//! The best-match ranking (tier `related`), for a sentence that finds nothing as typed
//! (`楼上邻居天天吵得睡不着怎么办`, `儿子不给我生活费`), and for any query that finds nothing
//! else before the partial matches. Mirrored by `best` in `pufa-search-more.js`, step by
//! step, with the same integer arithmetic.
//!
//! The query's units, each with spellings (any may match) and a weight:
//! - every thesaurus term found anywhere in it (`thesaurus_terms`, loose): its everyday word
//!   and legal terms, weight `W_THES`, `W_BG` for background words (孩子, 邻居, 儿子 …);
//! - every character pair of its cleaned words (`understand`'s `text`) without a `stop`
//!   character of `rules.json` (我 的 了 被 给 …) or an ASCII letter or digit, and every run
//!   of two or more ASCII letters or digits, weight `W_PAIR`;
//! - every CJK character of those words that is not a `stop` character, weight `W_CHAR`,
//!   in a sentence `W_CHAR_SENTENCE` (as much as a pair): a sentence's everyday words and
//!   the statute's often share one character only (超重 / 超载, 假钱 / 假币, 抢手机 / 抢劫),
//!   while a short query's characters belong to the word typed (量子纠缠 is no 纠缠).
//!
//! The rarity of a spelling is BM25's `idf = ln(1 + (N − df + ½) / (df + ½))`, where `df` is
//! the number of pages holding every character pair of the spelling (its candidates, as in
//! `query`) and `N` the pages of the index; a unit whose every spelling more than a third of
//! the pages hold is left out (it says nothing). A page scores Σ over units of `weight × max
//! over its spellings (idf × sat(tf))`, with BM25's saturation `sat(tf) = tf × 1.4 / (tf +
//! 0.4)` (k1 = 0.4; no length normalisation: statute pages are of a size, and with page
//! lengths b = 0.3 measured no better, b = 0.75 worse; k1 = 0.2 gained 7 on the development
//! sets and lost 8 of 271 on the blind held-out set 3), all in thousandths and rounded down
//! so the page computes the same numbers. The small k1 makes repetition
//! count little: the article that names a thing once answers as well as a chapter naming it
//! five times, and the query's other words decide between them.
//!
//! A page qualifies when the units it holds carry at least a third (a sentence) or half (a
//! shorter query) of the query's weight (Σ weight × the unit's largest idf; in a sentence,
//! units no page holds count half: they often span two words) and it holds two units, or a
//! thesaurus term that is not a background word, or the query has one unit. The part of a
//! page's score that such thesaurus terms bring counts again in the share of the query's
//! such terms the page holds: a page holding every one (what the thesaurus tier looks for)
//! doubles it, a page holding one of two adds half of it — so a broad legal term (赔偿损失)
//! held beside a second concept no longer doubles a page over the article that answers one
//! concept well.
//! A page whose title holds 修正案 (an amendment: 刑法修正案（十一）) keeps half its score,
//! unless the query names one: its articles quote those of the law they amend, word for
//! word, so it holds the query's words as the law in force does, which answers (measured
//! on the everyday sets: 4 won, 2 lost, most amendments in a miss's first three gone).
//! In the thesaurus tier too (`query::thesaurus_search`: 打牌赌钱 showed 刑法修正案（十一）
//! first; +1 on held-out 9 on both layouts, no query lost), and in the exact and clean tiers
//! only for a law's name joined to an article number (`Plan::joined`: 刑法第一百三十三条之一
//! gave three amendments and no page of 刑法): halving an amendment's score there for every
//! query changed no everyday set's count (measured, branch rank4, and again on 6 December
//! 2026 with the thesaurus tier's rule in place).
//! Among the first ten pages of a list (`LAW_TOP`), a page of a law that citizens seldom
//! consult keeps 9/10 of its score (`law_prior`; the law is the first word of the page's
//! title, `rules.json` `consulted` lists the laws of everyday life and of a citizen's
//! procedures): a page of 海商法 holding 工资 and 劳动报酬, of 监狱法 holding 刑罚 and 诽谤, or
//! of 环境保护税法 holding 噪声 no longer comes before the everyday law's article that holds
//! as much or nearly. Measured on every everyday set (branch rank4): 13 won, 1 lost (held-out
//! 4 +3, 3 +3, 2 +3, D +1, F +1, part B rounds 4-10 +1, G 0: +1 -1); a factor of 0.8 won one
//! more and lost two more, the first twenty pages instead of ten lost more. Evidence of the
//! whole law measured worse: pages of one law among the first thirty multiplied by how many
//! there are (−18 to −51 net) or by the share of the query's found words they hold between
//! them (−5 to −15), and so did a mild demotion of penalty articles (罚款, 追究刑事责任) when
//! the query does not ask about punishment (−11 to −35: penalty articles answer many
//! everyday questions), and a unit's rarity taken from the pages holding any of its spellings
//! instead of each spelling's own (−14 on held-out 4, −22 on held-out 3 and 2).
//! Among the same first ten, a page of more than three passages (`PASSAGES_ALONE`: a law's
//! chapter as `pufa laws import` writes it; a passage is an article, from its `第…条` line to
//! the next heading line) adds to its score that of its
//! best passage, Σ over the units held in the passage or the title of weight × the largest
//! idf of their spellings held (`passage_key`), and its hit links to that article: a chapter
//! gathers the query's words from articles about other things, and so outscored the article
//! that answers (印花税法 for 借钱不还, 民营经济促进法 for 老赖). Measured on the imported laws
//! (branch rank6, sets C to K and held-out 2 to 6 together, with a line as the passage where
//! there is no article): 2772 → 2790 of 2962 (held-out 6 291 → 292, 4 297 → 299, 3 250 → 251,
//! G 179 → 182, D, E, H, I, J, K +1 or +2; no set lost); as committed (the body as the
//! passage there), measured on E, G and held-out 4 to 6 only: E 192 → 194, G 179 → 182,
//! held-out 4 297 → 299, 5 356, 6 291 on the imported laws; on every article E 195 → 194,
//! the others unchanged. On pages of
//! three articles the same sum lost (13 won, 36 lost of 2702 on the library of every
//! article), and so did the best passage alone as the key with the page's score breaking
//! ties (−91 there, −2 on the imported laws) and the page's score times the share of its
//! held weight in the best passage, averaged with 1 (−22, +14): three articles are what a
//! result shows, the page is the passage.
//! Qualified pages rank by score, then document id. In a sentence, the pages that do not
//! qualify but hold two units or such a thesaurus term are found too: a sentence with
//! background (我妈七十多了，子女不给生活费) carries words no answer holds, and a short list
//! would otherwise leave the first three half empty. Once some page qualifies they rank with
//! the qualified pages by score (`query::best_ranked`); before, they followed them all, and
//! a law that answers one concept of the sentence well (法律援助法 for 请不起律师 in a
//! sentence about a son beaten badly) came after chapters that gathered its background words
//! (孩子, 重伤, 对方) and so passed the share. Measured on the 27 development sets: on the
//! imported laws 4586 → 4611 of 4836 (27 won, 2 lost; held-out 6 +4, 7 +4, L +3), on pages
//! of three articles 4365 → 4366 (17 won, 16 lost). When no page qualifies they still wait
//! until respelling has been tried (`query::after_tiers`). What is found is reported as the
//! spellings held, most telling unit first, without single characters when a longer one is
//! held; a page holding none of the spellings (only the pairs of a longer one) is skipped.

use std::collections::HashMap;

use super::format::Posting;
use super::understand::{is_consulted, is_stop};

/// One unit of the query: spellings (any may match) and weight.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Unit {
    pub spellings: Vec<String>,
    pub weight: u64,
}

/// The units of cleaned `text` and its loose thesaurus terms (see the module doc).
pub(super) fn units(
    text: &str,
    terms: &[Vec<String>],
    context: &[bool],
    sentence: bool,
) -> Vec<Unit> {
    let mut out: Vec<Unit> = Vec::new();
    let mut push = |u: Unit| {
        if !out.iter().any(|o| o.spellings == u.spellings) {
            out.push(u);
        }
    };
    for (term, &bg) in terms.iter().zip(context) {
        push(Unit {
            spellings: term.clone(),
            weight: if bg { W_BG } else { W_THES },
        });
    }
    let mut chars: Vec<char> = Vec::new();
    for w in text.split(' ') {
        let cs: Vec<char> = w.chars().collect();
        let mut i = 0;
        while i < cs.len() {
            if cs[i].is_ascii_alphanumeric() {
                let start = i;
                while i < cs.len() && cs[i].is_ascii_alphanumeric() {
                    i += 1;
                }
                if i - start >= 2 {
                    push(Unit {
                        spellings: vec![cs[start..i].iter().collect()],
                        weight: W_PAIR,
                    });
                }
                continue;
            }
            if let Some(&n) = cs.get(i + 1) {
                if !n.is_ascii_alphanumeric() && !is_stop(cs[i]) && !is_stop(n) {
                    push(Unit {
                        spellings: vec![format!("{}{n}", cs[i])],
                        weight: W_PAIR,
                    });
                }
            }
            if !is_stop(cs[i]) && ('\u{4E00}'..='\u{9FFF}').contains(&cs[i]) {
                chars.push(cs[i]);
            }
            i += 1;
        }
    }
    for c in chars {
        push(Unit {
            spellings: vec![c.to_string()],
            weight: if sentence { W_CHAR_SENTENCE } else { W_CHAR },
        });
    }
    out
}

/// Weights of a character pair (or Latin word), a single character (of a short query, of a
/// sentence), a thesaurus term and a background thesaurus term.
const W_PAIR: u64 = 2;
const W_CHAR: u64 = 1;
const W_CHAR_SENTENCE: u64 = 2;
const W_THES: u64 = 8;
const W_BG: u64 = 4;

/// BM25's idf in thousandths, rounded down.
pub(super) fn idf(n: u64, df: u64) -> u64 {
    let (n, df) = (n as f64, df as f64);
    ((1.0 + (n - df + 0.5) / (df + 0.5)).ln() * 1000.0).floor() as u64
}

/// BM25's term-frequency saturation (k1 = 0.4) in thousandths, rounded down.
pub(super) fn sat(tf: u64) -> u64 {
    tf * 14_000 / (tf * 10 + 4)
}

/// Qualified documents `(id, score)`, best first; in a sentence, the documents that follow
/// them (see the module doc), best first; the units' indices, most telling first; and each
/// unit's spellings' idfs (none for a unit left out).
pub(super) type Ranked = (Vec<(u32, u64)>, Vec<(u32, u64)>, Vec<usize>, Vec<Vec<u64>>);

/// Ranked qualified documents `(id, score)` for `units` (see the module doc).
pub(super) fn ranked<E>(
    units: &[Unit],
    docs_in_index: usize,
    sentence: bool,
    mut candidates: impl FnMut(&str) -> Result<Vec<Posting>, E>,
) -> Result<Ranked, E> {
    let n = docs_in_index.max(1) as u64;
    // Per document: score, weight held, units held, thesaurus terms (not background) held,
    // and the score those terms brought.
    let mut docs: HashMap<u32, (u64, u64, u64, u64, u64)> = HashMap::new();
    // How many thesaurus terms that are not background words the query has.
    let mut issues = 0u64;
    let (mut total, mut scored) = (0u64, 0u64);
    // Units by how telling they are (weight × idf), for the order of `found`.
    let mut telling: Vec<(u64, usize)> = Vec::new();
    let mut idfs: Vec<Vec<u64>> = vec![Vec::new(); units.len()];
    for (ui, u) in units.iter().enumerate() {
        let mut cands: Vec<(Vec<Posting>, u64)> = Vec::new();
        let mut unit_idf = 0;
        let (mut common, mut absent) = (true, true);
        for s in &u.spellings {
            let cand = candidates(s)?;
            let df = cand.len() as u64;
            common &= df * 3 > n;
            absent &= df == 0;
            let i = idf(n, df);
            unit_idf = unit_idf.max(i);
            cands.push((cand, i));
        }
        if common {
            continue;
        }
        idfs[ui] = cands.iter().map(|c| c.1).collect();
        // In a sentence, a pair no page holds often spans two words (我家阳光 → 家阳): it
        // counts half.
        issues += u64::from(u.weight == W_THES);
        total += if sentence && absent {
            u.weight * unit_idf / 2
        } else {
            u.weight * unit_idf
        };
        scored += 1;
        telling.push((u.weight * unit_idf, ui));
        let mut best: HashMap<u32, u64> = HashMap::new();
        for (cand, i) in &cands {
            for &(d, v) in cand {
                let s = i * sat(u64::from(v >> 1).max(1)) / 1000;
                let e = best.entry(d).or_insert(0);
                *e = (*e).max(s);
            }
        }
        for (d, s) in best {
            let e = docs.entry(d).or_insert((0, 0, 0, 0, 0));
            e.0 += u.weight * s;
            e.1 += u.weight * unit_idf;
            e.2 += 1;
            if u.weight == W_THES {
                e.3 += 1;
                e.4 += u.weight * s;
            }
        }
    }
    let share = if sentence { 3 } else { 2 };
    // Qualified pages first, then (a sentence) those holding two units or a thesaurus term.
    let mut list: Vec<(u32, u64)> = Vec::new();
    let mut rest: Vec<(u32, u64)> = Vec::new();
    for (d, (s, held, count, thes, part)) in docs {
        let s = s + part * thes / issues.max(1);
        if held * share >= total && (count >= 2 || thes > 0 || scored == 1) {
            list.push((d, s));
        } else if sentence && (count >= 2 || thes > 0) {
            rest.push((d, s));
        }
    }
    for l in [&mut list, &mut rest] {
        l.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    }
    telling.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    Ok((list, rest, telling.into_iter().map(|t| t.1).collect(), idfs))
}

/// What the title of an amendment holds (刑法修正案（十一）): its articles quote those of the
/// law it amends, so it shares their words, but the law in force answers.
pub(super) const AMENDMENT: &str = "修正案";

/// `list` with the scores of the documents in `demoted` (amendments) multiplied by
/// `DEMOTE` / 1000, sorted again.
pub(super) fn demote(list: &mut [(u32, u64)], demoted: &std::collections::HashSet<u32>) {
    for e in list.iter_mut() {
        if demoted.contains(&e.0) {
            e.1 = e.1 * DEMOTE / 1000;
        }
    }
    list.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
}
const DEMOTE: u64 = 500;

/// How many pages, at the top of a best-match list, the law prior re-ranks, and the share of
/// its score (in thousandths) that a page of a law citizens seldom consult keeps there.
pub(super) const LAW_TOP: usize = 10;
const LAW_KEEP: u64 = 900;

/// Whether a page's `text` is a page of a law that is not among those citizens consult: the
/// first word of its title ends in 法 and, without 中华人民共和国, is not in `rules.json`
/// `consulted`; it is a law's name when it starts with 中华人民共和国 or the next word with 第
/// (中华人民共和国海商法 第二十二条至第二十四条, 海商法 第一章 总则) — an article titled
/// 如何理解新修订的安全生产法 is no law.
pub(super) fn unconsulted(text: &str) -> bool {
    let title = text.split('\n').next().unwrap_or("");
    let mut words = title.split(' ');
    let first = words.next().unwrap_or("");
    let (law, named) = match first.strip_prefix("中华人民共和国") {
        Some(law) => (law, true),
        None => (first, words.next().is_some_and(|w| w.starts_with('第'))),
    };
    named && law.ends_with('法') && !is_consulted(law)
}

/// The first `LAW_TOP` of `top` (pages not found yet, best first) ranked again, each page
/// for which `unconsulted` holds keeping `LAW_KEEP` / 1000 of its score.
pub(super) fn law_prior(top: &mut [(u32, u64, bool)]) {
    for e in top.iter_mut() {
        if e.2 {
            e.1 = e.1 * LAW_KEEP / 1000;
        }
    }
    top.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
}

/// Whether `line` starts a passage: an article (`第…条`) or a chapter, section or part
/// heading (`第…章/节/编`).
fn heading(line: &[char]) -> Option<char> {
    if line.first() != Some(&'第') {
        return None;
    }
    let n = line[1..]
        .iter()
        .take_while(|c| "零一二三四五六七八九十百千".contains(**c))
        .count();
    match line.get(n + 1) {
        Some(&c) if n > 0 && matches!(c, '条' | '章' | '节' | '编') => Some(c),
        _ => None,
    }
}

/// The passages of a page's `text` from `body_start` on, as character ranges: each article,
/// from its `第…条` line to the next heading line; where the body has no article, the body.
/// (Each line as a passage there lost 9 on the library of every article: an amendment's
/// quoted lines, 条目 …, made it a long page.)
pub(super) fn passages(text: &str, body_start: usize) -> Vec<(usize, usize)> {
    let chars: Vec<char> = text.chars().collect();
    let mut lines: Vec<(usize, usize, Option<char>)> = Vec::new();
    let mut start = body_start.min(chars.len());
    while start < chars.len() {
        let end = chars[start..]
            .iter()
            .position(|&c| c == '\n')
            .map_or(chars.len(), |i| start + i);
        lines.push((start, end, heading(&chars[start..end])));
        start = end + 1;
    }
    if !lines.iter().any(|l| l.2 == Some('条')) {
        return lines
            .first()
            .map(|f| (f.0, chars.len()))
            .into_iter()
            .collect();
    }
    let mut out: Vec<(usize, usize)> = Vec::new();
    for (s, e, h) in lines {
        match out.last_mut() {
            Some(last) if h.is_none() => last.1 = e,
            _ => out.push((s, e)),
        }
    }
    out
}

/// A page of more passages than this is scored by its best one too (`passage_key`).
const PASSAGES_ALONE: usize = 3;

/// The key of a page among the first ten (`LAW_TOP`) of a best-match list, its `score`
/// plus, on a page of more than `PASSAGES_ALONE` passages (`passages` of its `text`,
/// the body starting at `body_start`), the score of its best passage: Σ over the units held
/// in the passage or the title of weight × the largest idf (`idfs`) of their spellings held.
/// A law's chapter gathers the query's words from articles about other things (劳动 in
/// one, 补偿 in another) and so outscores the article that answers; three articles are what
/// a result shows, and on such pages it lost (measured in the module doc).
pub(super) fn passage_key(
    score: u64,
    text: &str,
    body_start: usize,
    units: &[Unit],
    idfs: &[Vec<u64>],
) -> (u64, Option<usize>) {
    let spans = passages(text, body_start);
    if spans.len() <= PASSAGES_ALONE {
        return (score, None);
    }
    let folded: Vec<char> = super::normalize::fold(text).chars().collect();
    let title_end = text.chars().position(|c| c == '\n').unwrap_or(folded.len());
    let title: String = folded[..title_end].iter().collect();
    let mut best = (0, spans[0].0);
    for (s, e) in spans {
        let passage: String = folded[s..e].iter().collect();
        let mut held = 0;
        for (u, idf) in units.iter().zip(idfs) {
            let i = u
                .spellings
                .iter()
                .zip(idf)
                .filter(|(sp, _)| passage.contains(sp.as_str()) || title.contains(sp.as_str()))
                .map(|(_, &i)| i)
                .max();
            held += u.weight * i.unwrap_or(0);
        }
        if held > best.0 {
            best = (held, s);
        }
    }
    (score + best.0, Some(best.1))
}

/// The spellings of `units` that `folded` holds, in `order` (most telling first), without
/// single characters when a longer spelling is held.
pub(super) fn found_in(folded: &str, units: &[Unit], order: &[usize]) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    for &ui in order {
        for s in &units[ui].spellings {
            if folded.contains(s.as_str()) && !found.contains(s) {
                found.push(s.clone());
            }
        }
    }
    if found.iter().any(|f| f.chars().nth(1).is_some()) {
        found.retain(|f| f.chars().nth(1).is_some());
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_of_a_sentence() {
        let terms = vec![
            vec!["生活费".to_string(), "赡养费".to_string()],
            vec!["儿子".to_string(), "子女".to_string()],
        ];
        let u = units("儿子不给我生活费 ab12", &terms, &[false, true], false);
        let got: Vec<(String, u64)> = u
            .iter()
            .map(|u| (u.spellings.join("|"), u.weight))
            .collect();
        let want: Vec<(String, u64)> = [
            ("生活费|赡养费", W_THES),
            ("儿子|子女", W_BG),
            // 给 and 我 are stop characters: no pair with them, nor themselves.
            ("儿子", W_PAIR),
            ("子不", W_PAIR),
            ("生活", W_PAIR),
            ("活费", W_PAIR),
            ("ab12", W_PAIR),
            ("儿", W_CHAR),
            ("子", W_CHAR),
            ("不", W_CHAR),
            ("生", W_CHAR),
            ("活", W_CHAR),
            ("费", W_CHAR),
        ]
        .iter()
        .map(|(s, w)| (s.to_string(), *w))
        .collect();
        assert_eq!(got, want);
    }

    /// In a sentence, pages short of the bar but holding two units follow the qualified ones;
    /// a page holding one unit does not; in a shorter query none follow.
    #[test]
    fn pages_short_of_the_bar_follow_in_a_sentence() {
        let spellings = ["甲乙", "丙丁", "戊己", "庚辛", "壬癸", "子丑", "寅卯"];
        let units: Vec<Unit> = spellings
            .iter()
            .map(|s| Unit {
                spellings: vec![s.to_string()],
                weight: W_PAIR,
            })
            .collect();
        // Page 1 holds five units, page 2 two, page 3 one (each once).
        let holds = |s: &str| -> Vec<u32> {
            let i = spellings.iter().position(|x| *x == s).unwrap();
            [(1u32, 5usize), (2, 2), (3, 1)]
                .iter()
                .filter(|(_, n)| i < *n)
                .map(|(d, _)| *d)
                .collect()
        };
        let run = |sentence: bool| {
            ranked(&units, 100, sentence, |s| {
                Ok::<_, ()>(holds(s).into_iter().map(|d| (d, 2u8)).collect())
            })
            .unwrap()
        };
        let (qualified, rest, _, _) = run(true);
        let ids = |l: &[(u32, u64)]| l.iter().map(|x| x.0).collect::<Vec<_>>();
        assert_eq!((ids(&qualified), ids(&rest)), (vec![1], vec![2]));
        let (qualified, rest, _, _) = run(false);
        assert_eq!((ids(&qualified), ids(&rest)), (vec![1], vec![]));
    }

    /// A page of a law citizens seldom consult is known by the first word of its title; a
    /// page of a consulted law, an amendment, a decision or a page that is no law is not.
    #[test]
    fn pages_of_laws_citizens_seldom_consult() {
        for (text, want) in [
            (
                "中华人民共和国海商法 第二十二条至第二十四条\n第二十二条 …",
                true,
            ),
            ("海商法 第一章 总则\n第一条 …", true),
            ("中华人民共和国监狱法", true),
            ("中华人民共和国民法典 第一千零六十二条\n…", false),
            ("劳动合同法 第四章 劳动合同的解除和终止", false),
            ("中华人民共和国刑法修正案（八） 条目四十", false),
            (
                "全国人民代表大会常务委员会关于修改《中华人民共和国海商法》的决定",
                false,
            ),
            ("老人赡养问题解答\n…", false),
            ("如何理解新修订的海商法\n…", false),
            ("海商法", false),
        ] {
            assert_eq!(unconsulted(text), want, "{text}");
        }
    }

    /// Among the first pages, one of a law seldom consulted keeps 9/10 of its score: it
    /// falls below a page of a consulted law within a tenth of it, not below one further off.
    #[test]
    fn the_law_prior_reorders_the_first_pages_mildly() {
        let mut top = vec![
            (1, 1000, true),
            (2, 950, false),
            (3, 950, true),
            (4, 800, false),
        ];
        law_prior(&mut top);
        let got: Vec<(u32, u64)> = top.iter().map(|t| (t.0, t.1)).collect();
        assert_eq!(got, vec![(2, 950), (1, 900), (3, 855), (4, 800)]);
    }

    /// A law's chapter counts its best article (from its 第…条 line to the next heading,
    /// with the title); a page of three articles keeps its score. The integers the page
    /// computes too (`pufa-search-more.js` `passageKey`).
    #[test]
    fn a_long_page_counts_its_best_passage() {
        let units = vec![
            Unit {
                spellings: vec!["补偿".into(), "经济补偿".into()],
                weight: W_THES,
            },
            Unit {
                spellings: vec!["劳动".into()],
                weight: W_PAIR,
            },
        ];
        let idfs = vec![vec![1000, 3000], vec![500]];
        let text = "劳动合同法 第四章 解除\n第三十六条 用人单位与劳动者协商\n第二款 补偿\n\
                    第三十七条 劳动者提前\n第三十八条 用人单位未及时足额支付劳动报酬\n\
                    第三十九条 经济补偿 劳动者";
        assert_eq!(
            passages(text, 12),
            vec![(12, 12), (13, 36), (37, 48), (49, 70), (71, 85)]
        );
        // 经济补偿 (8 × 3000) and 劳动 (2 × 500) in the last article.
        assert_eq!(
            passage_key(100, text, 12, &units, &idfs),
            (25_100, Some(71))
        );
        let three =
            "劳动合同法 第三十六条至第三十八条\n第三十六条 补偿\n第三十七条 劳动\n第三十八条 …";
        assert_eq!(passage_key(100, three, 18, &units, &idfs), (100, None));
        // No article: the body is one passage.
        assert_eq!(passages("标题\n甲\n乙", 3), vec![(3, 6)]);
    }

    /// The integers the page computes too (`pufa-search-more.js`).
    #[test]
    fn rarity_and_saturation_in_thousandths() {
        assert_eq!(idf(1000, 0), 7601);
        assert_eq!(idf(1000, 10), 4557);
        assert_eq!(idf(1000, 999), 1);
        assert_eq!(sat(1), 1000);
        assert_eq!(sat(2), 1166);
        assert_eq!(sat(100), 1394);
    }
}
