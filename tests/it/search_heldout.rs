//! Issue #13's last acceptance criterion, measured on everyday query sets: each query is run
//! through `pufa search QUERY --json --limit 3` on the statute site of `search_statutes` (every
//! article of the everyday laws, with distractors from all the others, from the law text that
//! ships with pufa, so this never skips). A query counts when one of its first three results is
//! a page holding one of its statute terms. Prints every query's outcome, the share per life
//! area and overall.
//!
//! `tests/data/everyday_heldout.tsv` was written as a held-out set (its header says how) and
//! is NOW USED FOR DEVELOPMENT: from 5 December 2026 its misses were read and the thesaurus
//! grew words for their classes (never a line for one query), so it no longer measures unseen
//! queries; a new held-out set is kept outside the repository. Measured: 135 of 188 (71.8%)
//! with the ranking of 5 December 2026 morning, 141 of 188 (75.0%) after the best-match
//! ranking (`src/search/best.rs`), 159 of 188 (84.6%) with thesaurus part A (marriage and
//! family, inheritance, work and social insurance, loans and contracts, consumers and food,
//! medical care, the elderly, women, disabled people, schooling). What is asserted is the
//! figure reached, so that a change that loses queries fails; raise it as the search improves.
//! The ranking changes of 5 December 2026 (BM25 with k1 0.4, a sentence's characters weighted
//! as pairs, pages short of the bar after the qualified ones, thesaurus terms counted by the
//! share held, respelling by common readings) gave 158 of 188 on their own. The bar of
//! 90% is for unseen queries: see the held-out set at the end.
//!
//! `tests/data/everyday_dev_rank.tsv` is a development set written for the ranking work before
//! any of it was tried (its header says how): 62 of 109 (56.9%) before, 65 of 109 (59.6%)
//! after the ranking changes alone.
//!
//! Figures of 5 December 2026 afternoon (branch `rank3`), before → after amendments
//! (修正案) rank below the law in force in the best-match ranking (`src/search/best.rs`):
//! old held-out 174 → 174 of 188, A 68 → 68, rank 84 → 84, C 66 → 67, held-out 2 186 → 186,
//! D 112 → 112, held-out 3 186 → 187, E 194 → 194 (part B: 84, 34, 28, 182 unchanged). The
//! floors asserted below are those figures.
//!
//! Figures of 5 December 2026 evening (branch `rank4`), before → after the law prior of the
//! best-match ranking (a page of a law citizens seldom consult keeps 9/10 of its score among
//! the first ten, `src/search/best.rs`): held-out 4 219 → 222 of 310, held-out 3 222 → 225,
//! held-out 2 219 → 222, C 67 → 67, D 113 → 114, E 194 → 194, F 158 → 159, G 177 → 177 (one
//! won, one lost), old held-out 179 → 179, A 69 → 69, rank 89 → 89, part B 84 → 84, 34 → 34,
//! 28 → 28, 182 → 183. The floors of the sets it raised are the new figures.
//!
//! Figures of 5 December 2026 night (branch `rank5`), before → after an everyday word that the
//! pages found as typed name only in passing (`query::in_passing`: 留守儿童, 征兵, 户口迁移,
//! 医疗事故, 加班费 read from jiabanfei) puts the thesaurus tier's pages first: held-out 5
//! 288 → 289 of 365, held-out 4 287 → 290, held-out 3 232 → 235, held-out 2 229 → 230; C, D,
//! E, F, G, H, I, old held-out, A, rank and part B unchanged (none lost). The floors are the
//! new figures. Tried and dropped the same night (all sets together, 2684 before): every
//! thesaurus key of a sentence taken, overlapping ones too (2635); a key straddling a common
//! word of the statutes left out (either side 2660, both sides 2682); a term's score in the
//! thesaurus tier the best of its spellings instead of their sum (2668); the exact pages of an
//! everyday word ranked with its legal terms' scores (2683); a definition question (怎么区分,
//! 是什么, 算不算) crediting 是指/本法所称 in the best match (2685: one query of set rank), and
//! with a time question (几年, 期限) crediting 日内/期限/时效 (2678); units no page holds
//! counting a quarter instead of half (2680); a unit's rarity from the spellings some page
//! holds (2673).

use crate::search_statutes::{all_laws_site, everyday_site, first_three, imported_laws_site};

/// A query of the set: (query, terms (any one), life area).
pub(crate) type Row = (String, Vec<String>, String);

/// The rows of `tests/data/NAME` (columns: query, terms, area, note).
pub(crate) fn query_set(name: &str) -> Vec<Row> {
    let path = format!("{}/tests/data/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(path).unwrap();
    let mut rows: Vec<Row> = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() || line.starts_with("query\t") {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        assert_eq!(cols.len(), 4, "{name}:{}: {line}", n + 1);
        let terms: Vec<String> = cols[1].split('|').map(str::to_string).collect();
        assert!(
            !cols[0].is_empty() && !cols[2].is_empty() && terms.iter().all(|t| !t.is_empty()),
            "{name}:{}: {line}",
            n + 1
        );
        assert!(
            !rows.iter().any(|r| r.0 == cols[0]),
            "{name}:{}: {} twice",
            n + 1,
            cols[0]
        );
        rows.push((cols[0].to_string(), terms, cols[2].to_string()));
    }
    rows
}

/// Runs `rows` on the everyday statute site: (queries with a relevant page in the first
/// three, the printed report ending in the share per life area and overall).
fn run_set(rows: &[Row], what: &str) -> (usize, String) {
    run_set_on(rows, what, everyday_site())
}

/// Runs `rows` on a built statute site (temporary folder, site, pages as url and text).
fn run_set_on(
    rows: &[Row],
    what: &str,
    built: (tempfile::TempDir, std::path::PathBuf, Vec<(String, String)>),
) -> (usize, String) {
    let (_tmp, site, pages) = built;
    run_on(rows, what, &site, &pages)
}

/// Runs `rows` on the statute site at `site` with its `pages` (url, folded text), so that
/// several sets can share one build.
pub(crate) fn run_on(
    rows: &[Row],
    what: &str,
    site: &std::path::Path,
    pages: &[(String, String)],
) -> (usize, String) {
    let mut areas: Vec<&str> = Vec::new();
    for r in rows {
        if !areas.contains(&r.2.as_str()) {
            areas.push(&r.2);
        }
    }
    let pufa = env!("CARGO_BIN_EXE_pufa");
    let mut good = 0;
    let mut lines = Vec::new();
    let mut shares = Vec::new();
    for area in &areas {
        let terms: Vec<Vec<&str>> = rows
            .iter()
            .filter(|r| r.2 == *area)
            .map(|r| r.1.iter().map(String::as_str).collect())
            .collect();
        let set: Vec<(&str, &[&str])> = rows
            .iter()
            .filter(|r| r.2 == *area)
            .zip(&terms)
            .map(|(r, t)| (r.0.as_str(), t.as_slice()))
            .collect();
        let (ok, report) = first_three(pufa, site, pages, &set);
        good += ok;
        lines.push(format!("== {area}"));
        lines.extend(report);
        shares.push(format!(
            "{area}: {ok} of {} ({:.0}%)",
            set.len(),
            ok as f64 * 100.0 / set.len() as f64
        ));
    }
    let share = good as f64 / rows.len() as f64;
    let summary = format!(
        "{}\n{what} on {} statute pages: {good} of {} ({:.1}%) with a relevant page in the first three",
        shares.join("\n"),
        pages.len(),
        rows.len(),
        share * 100.0
    );
    eprintln!("{}\n{summary}", lines.join("\n"));
    (good, summary)
}

/// Runs held-out set `n` (`tests/data/everyday_heldout<n>.tsv`, at least `rows` queries over
/// at least `areas` life areas) on the library of every article of all bundled laws; at least
/// `floor` must have a relevant page in the first three.
fn heldout_set_on_every_law(n: usize, rows: usize, areas: usize, floor: usize) {
    let set = query_set(&format!("everyday_heldout{n}.tsv"));
    assert!(set.len() >= rows, "{} queries", set.len());
    let found: std::collections::BTreeSet<&str> = set.iter().map(|r| r.2.as_str()).collect();
    assert!(found.len() >= areas, "{found:?}");
    let what = format!("held-out everyday queries (set {n})");
    let (good, summary) = run_set_on(&set, &what, all_laws_site());
    assert!(good >= floor, "{}", summary.lines().last().unwrap_or(""));
}

/// Runs development set `letter` (`tests/data/everyday_dev_<letter>.tsv`, at least `rows`
/// queries) on the library of every article of all bundled laws; at least `floor` must have a
/// relevant page in the first three.
fn dev_set_on_every_law(letter: &str, rows: usize, floor: usize) {
    let (_tmp, site, pages) = all_laws_site();
    dev_set_on(letter, rows, floor, &site, &pages);
}

/// `dev_set_on_every_law` on a library already built (`site`, its `pages`), so that several
/// sets can share one build.
fn dev_set_on(
    letter: &str,
    rows: usize,
    floor: usize,
    site: &std::path::Path,
    pages: &[(String, String)],
) {
    let set = query_set(&format!("everyday_dev_{}.tsv", letter.to_lowercase()));
    assert!(set.len() >= rows, "{} queries", set.len());
    let what = format!("development set {letter} (everyday queries)");
    let (good, summary) = run_on(&set, &what, site, pages);
    assert!(good >= floor, "{summary}");
}

#[test]
fn heldout_everyday_queries_find_statutes_in_the_first_three() {
    let rows = query_set("everyday_heldout.tsv");
    assert!(rows.len() >= 150, "{} queries", rows.len());
    let areas: std::collections::BTreeSet<&str> = rows.iter().map(|r| r.2.as_str()).collect();
    assert!(areas.len() >= 10, "{areas:?}");
    let (good, summary) = run_set(&rows, "old held-out (now development) everyday queries");
    // Not the 0.90: the figure reached so far (see the module comment).
    assert!(good >= 183, "{summary}");
}

/// Development set A (`tests/data/everyday_dev_a.tsv`, whose header says how it was made):
/// fresh everyday queries of the life areas of thesaurus part A. Measured when written (5
/// December 2026): 42 of 81 (51.9%) with the thesaurus before part A, 44 of 81 (54.3%) with its
/// marriage and inheritance lines; its misses were then read and words added for their
/// classes: 68 of 81 (84.0%). What is asserted is that figure, not an estimate for unseen
/// queries.
#[test]
fn dev_a_everyday_queries_find_statutes_in_the_first_three() {
    let rows = query_set("everyday_dev_a.tsv");
    assert!(rows.len() >= 75, "{} queries", rows.len());
    let (good, summary) = run_set(&rows, "development set A (everyday queries)");
    assert!(good >= 70, "{summary}");
}

/// Development set C (`tests/data/everyday_dev_c.tsv`, whose header says how it was made):
/// fresh everyday queries of the life areas of thesaurus part C (medical care, food safety, work
/// safety and fire, environment and animals, administrative matters, lawsuits, arbitration,
/// legal aid, notarisation), run on every article of all 378 bundled laws (9,594 pages).
/// Measured once when written, before any line of part C (5 December 2026): 49 of 68 (72.1%);
/// its misses were then read and words added for their classes (thesaurus sections marked
/// lexc): 65 of 68 (95.6%). What is asserted is that figure, not an estimate for unseen
/// queries.
#[test]
fn dev_c_everyday_queries_on_every_law_find_statutes_in_the_first_three() {
    dev_set_on_every_law("C", 60, 67);
}

/// Development set `everyday_dev_rank.tsv` (see the module comment). 95 on 6 December 2026
/// with thesaurus part O (lexo, which won 孩子的压岁钱被爸妈花了 on the library of all laws
/// and on the imported laws).
#[test]
fn dev_rank_everyday_queries_find_statutes_in_the_first_three() {
    let rows = query_set("everyday_dev_rank.tsv");
    assert!(rows.len() >= 100, "{} queries", rows.len());
    let (good, summary) = run_set(&rows, "development set rank (everyday queries)");
    assert!(good >= 95, "{summary}");
}

/// The held-out set (`tests/data/everyday_heldout2.tsv`, whose header says how it was made):
/// 263 everyday queries over 23 life areas, written on 5 December 2026 by someone who did not
/// read the search code, its data or the other sets, and judged strictly (a term of the very
/// article that answers), run on a law library of every article of all 378 bundled laws. Only
/// its overall figure and the share per area were looked at, never its queries' results, so
/// it still measures queries nobody tuned on; the per-area shares did steer a second round of
/// thesaurus work towards the weakest areas (medicine, safety, administration, fraud, land),
/// whose helpers wrote and tuned on sets of their own. Measured on 5 December 2026: 138 of 263
/// (52.5%) before that day's thesaurus and ranking work, 152 after thesaurus part A, 173 with
/// parts A and B and the ranking changes, 182 (69.2%) with the second round (parts C and D).
/// From then on its misses were read (it is a development set now, like the others): 183 with
/// thesaurus words that hold question words or particles found and pinyin among characters,
/// 185 with question words of quantity (多大 多久 罚多少) mapped to the statute's wording, 188
/// (71.5%) with k1 0.2 in the best-match ranking; k1 went back to 0.4 (it lost 8 on the blind
/// set 3) and thesaurus part E came in: 186 (70.7%); with thesaurus part F (lexf, whose helper
/// read this set's misses in part F's areas): 202 (76.8%); merged with part G (whose helper
/// read them too), respelling inside a query and amendments ranked below the law in force: 219
/// (83.3%); with the evening's work (thesaurus parts H and I, slips respelled with evidence,
/// the law prior of the best match): 229 (87.1%); 230 on 6 December, 231 with thesaurus part
/// O (lexo: 我哥一分钱都不出, the children's duty to support). The bar is 90%: not
/// reached. What is asserted is the figure reached.
#[test]
fn heldout2_everyday_queries_on_every_law_find_statutes_in_the_first_three() {
    let rows = query_set("everyday_heldout2.tsv");
    assert!(rows.len() >= 250, "{} queries", rows.len());
    let areas: std::collections::BTreeSet<&str> = rows.iter().map(|r| r.2.as_str()).collect();
    assert!(areas.len() >= 15, "{areas:?}");
    let (good, summary) = run_set_on(&rows, "held-out everyday queries", all_laws_site());
    // 233 on 6 December 2026 (late afternoon) with thesaurus parts lexr, lexs and lext.
    assert!(good >= 233, "{summary}");
}

/// Development set D (`tests/data/everyday_dev_d.tsv`, whose header says how it was made):
/// fresh everyday queries of thesaurus round 2 part D (fraud by phone, online, on old people,
/// with health products and in online shops; personal information and the internet;
/// reputation, likeness and privacy; land, demolition, taking and property management; old
/// people, women and disabled people; long sentences on inheritance and marriage), run on the
/// library of every article of all 378 bundled laws. Before: the thesaurus of round 1 (lexa,
/// lexb, rank merged). Measured once when written (5 December 2026): 49 of 64 (76.6%); one
/// query's term was then corrected (a crime's name that the article does not contain, see its
/// note). Its misses were read and words added for their classes (part D of the thesaurus):
/// 61 of 64. A second batch of 30 queries was then written before any line for it and measured
/// once: 18 of 30 (60%, the nearest this set gives to a figure for unseen queries of these
/// areas); its misses were read and classes added: 92 of 94 for both batches. A third batch of
/// 21, written the same way, measured once: 16 of 21 (76%); after its classes: 111 of 115 for
/// the three batches; 112 with the ranking and thesaurus work after it. What is asserted is
/// that figure, not an estimate for unseen queries.
#[test]
fn dev_d_everyday_queries_on_every_law_find_statutes_in_the_first_three() {
    // 113 from 6 December 2026 (evening), lowered from 114: see `DEV_G_REACHED`.
    dev_set_on_every_law("D", 110, 113);
}

/// The held-out set 3 (`tests/data/everyday_heldout3.tsv`, whose header says how it was
/// made): 271 everyday queries over 26 life areas and 68 laws, written on 5 December 2026 by
/// someone who did not read the search code, its data, the other sets or their results, and
/// judged strictly (a term of the very article that answers), run on the law library of every
/// article of all 378 bundled laws. No query's result and no area's share was read; only its
/// overall figure was looked at, and it chose once between two rankings, so it is a little
/// less unseen than when written. Measured on 5 December 2026: 183 of 271 (67.5%) before
/// that day's search work; 178 after it, of which the best-match ranking's k1 of 0.2 cost 8
/// (the development sets had gained 7 with it); with k1 back at 0.4, 186 (68.6%). The
/// thesaurus lines of that day counted within that: without part E 175, without the lines
/// for question words of quantity 177 (both with k1 0.2). From the evening of 5 December 2026
/// it is a development set too (its misses read by class): thesaurus part F (lexf) added words
/// for the classes of its misses in part F's areas (family, inheritance, loans, contracts,
/// consumers, neighbours, privacy, medicine, harm): 200 (73.8%); part G (lexg) those of its
/// areas: 206 on its own; amendments ranked below the law in force: 187 on its own; all of
/// them merged with respelling inside a query: 222 (81.9%); with the evening's work (thesaurus
/// parts H and I, slips respelled with evidence, the law prior of the best match): 232 (85.6%);
/// with thesaurus part K (lexk): 234. The bar is 90%: not reached. What is asserted is
/// the figure reached.
#[test]
fn heldout3_everyday_queries_on_every_law_find_statutes_in_the_first_three() {
    let rows = query_set("everyday_heldout3.tsv");
    assert!(rows.len() >= 250, "{} queries", rows.len());
    let areas: std::collections::BTreeSet<&str> = rows.iter().map(|r| r.2.as_str()).collect();
    assert!(areas.len() >= 18, "{areas:?}");
    let (good, summary) = run_set_on(&rows, "held-out everyday queries (set 3)", all_laws_site());
    assert!(good >= HELDOUT3_REACHED, "{summary}");
}
/// 6 December 2026 (afternoon): 240 with litigation and compensation words as background
/// words of the thesaurus (去法院告, 起诉; 赔钱, 索赔: `~` before their legal terms).
const HELDOUT3_REACHED: usize = 240;
/// Development set E (`tests/data/everyday_dev_e.tsv`, whose header says how it was made):
/// fresh everyday queries of thesaurus round 3 part E (farming and the countryside, taxes,
/// military service and veterans, schools, environment and animals, administrative matters,
/// fire and work safety, traffic and couriers, the edges of work law, lawsuits and mediation),
/// run on the library of every article of all 378 bundled laws. Before: the thesaurus of
/// rounds 1 and 2. Measured once when written (5 December 2026): 65 of 99 (65.7%); its misses
/// were read and words added for their classes (part E of the thesaurus): 98 of 99. A second
/// batch of 42 queries (note 第二批) was then written before any line for it and measured
/// once: 25 of 42 (59.5%, the nearest this set gives to a figure for unseen queries of these
/// areas); its misses were read and classes added: 140 of 141 for both batches. A third batch
/// of 33 (note 第三批), written the same way, measured once: 20 of 33 (60.6%); after its
/// classes: 173 of 174 for the three batches. More classes were then mined from the laws
/// without queries (traffic, work, lawsuits, administration, animals, farming, taxes, the
/// military), and a fourth batch of 23 (note 第四批) was written after them and before any
/// line for it, measured once: 11 of 23 (47.8%; one query's term was then corrected, see its
/// note); after its classes: 195 of 197 for the four batches; 194 once merged with the
/// day's ranking changes; 194 again on 5 December 2026 (late night) once a long page's best
/// passage counts (branch rank6 lost one of E's three-article queries there and won on the
/// imported laws). What is asserted is that figure, not an estimate for unseen queries.
#[test]
fn dev_e_everyday_queries_on_every_law_find_statutes_in_the_first_three() {
    dev_set_on_every_law("E", 195, 195);
}

/// Development set F (`tests/data/everyday_dev_f.tsv`, whose header says how it was made):
/// fresh everyday queries of thesaurus round 4 part F (marriage and family, inheritance and
/// wills, loans and guarantees, contracts and renting, consumers and online shopping,
/// neighbours and property management, reputation, likeness, privacy and personal
/// information, medical disputes, compensation for harm), run on the library of every article
/// of all 378 bundled laws. Before: the thesaurus of rounds 1 to 3. Measured once when
/// written (5 December 2026): 64 of 91 (70.3%); its misses were read and words added for their
/// classes (part F of the thesaurus): 89 of 91. A second batch of 40 (note 第二批), written before
/// any line for it, measured once: 16 of 40 (40%, the nearest this set gives to a figure for
/// unseen queries of these areas); after its classes: 126 of 131. A third batch of 34 (note
/// 第三批), written after more classes were mined from the laws, measured once: 16 of 34 (47%);
/// after its classes: 158 of 165 for the three batches, 157 after a review took out keys too
/// common to be safe (95 of 165 with the thesaurus before part F). What is asserted is that figure, not an estimate for unseen queries.
#[test]
fn dev_f_everyday_queries_on_every_law_find_statutes_in_the_first_three() {
    dev_set_on_every_law("F", 165, DEV_F_REACHED);
}
/// 6 December 2026 (evening): 161 with the pages that follow the qualified ones ranked with the qualified ones by score in a sentence (`best`).
const DEV_F_REACHED: usize = 161;

/// Development set G (`tests/data/everyday_dev_g.tsv`, whose header says how it was made):
/// fresh everyday queries of thesaurus round 4 part G (crime and public order, fraud, drugs,
/// traffic offences, work, wages and social insurance, food and medicines, administrative
/// matters, work safety, farming, taxes, the military), run on the library of every article of
/// all 378 bundled laws. Before: the thesaurus of rounds 1 to 3. Measured once when written (5
/// December 2026): 65 of 90 (72.2%); its misses were read and words added for their classes
/// (part G of the thesaurus): 84 of 90. Classes were then mined from the laws, and a second
/// batch of 40 (note 第二批) was written before any line for it and measured once: 31 of 40
/// (77.5%); after its classes: 124 of 130. A third batch of 30 (note 第三批), written after
/// classes taken from the misses of the development sets heldout2 and heldout3, measured once:
/// 19 of 30 (63.3%); a fourth batch of 25 (note 第四批) the same way: 15 of 25 (60%). After
/// their classes: 178 of 185 for the four batches; 177 once merged (amendments ranked below the
/// law in force lost 帮别人用自己的卡走账). What is asserted is that figure, not an
/// estimate for unseen queries (the batches measured once give 60 to 78%).
#[test]
fn dev_g_everyday_queries_on_every_law_find_statutes_in_the_first_three() {
    // 179 on 6 December 2026 with compensation words as background.
    dev_set_on_every_law("G", 180, DEV_G_REACHED);
}
/// 6 December 2026 (evening): 175, lowered from 179. In a sentence the pages that follow the
/// qualified ones now rank with them by score (`best`): on the 27 development sets that won 27
/// and lost 2 on the imported laws (the site staff make), and won 17 and lost 16 on this
/// library of three-article pages, four of the losses here. D 114 → 113, K 253 → 251,
/// N 110 → 107, held-out 6 267 → 266 and part B's last set 185 → 184 for the same reason.
const DEV_G_REACHED: usize = 175;

/// Development set H (`tests/data/everyday_dev_h.tsv`, whose header says how it was made):
/// fresh everyday queries of thesaurus round 5 part H (reputation, likeness and privacy,
/// personal information, lawsuits, mediation and legal aid, administrative time limits and
/// seizures, minors and schooling, the elderly, women and disabled people, marriage and
/// inheritance, loans and guarantees, medical care), run on the library of every article of
/// all 378 bundled laws. Before: the thesaurus of rounds 1 to 4. Measured once when written (5
/// December 2026): 43 of 74 (58.1%); two rows' terms were then completed where the judging
/// had missed the article that answers (see their notes). After part H's first lines: 66 of 74.
/// A second batch of 40 (note 第二批), written before any line for it, measured once: 22 of 40
/// (55%, the nearest this set gives to a figure for unseen queries of these areas); after its
/// classes: 105 of 114 for the two batches. A third batch of 28 (note 第三批), written after
/// classes were mined from the laws of these areas article by article and before any line for
/// it, measured once: 14 of 28 (50%); after its classes: 130 of 142 for the three batches. A
/// fourth batch of 16 (note 第四批) the same way: 9 of 16 (56%); after its classes: 144 of 158.
/// A fifth batch of 7 (note 第五批, lawsuits' steps, schools, divorce, loans): 6 of 7; after:
/// 150 of 165. What is asserted is that figure, not an estimate for unseen queries (the
/// batches measured once give 50 to 58%, the small fifth 86%).
#[test]
fn dev_h_everyday_queries_on_every_law_find_statutes_in_the_first_three() {
    dev_set_on_every_law("H", 160, DEV_H_REACHED);
}
/// 151 on 5 December 2026 (late night) with thesaurus parts L and M and the best passage merged
/// (152 on each branch alone): one query of H lost to their interplay, not read further.
/// 152 on 6 December 2026 with a weak slip answered first when the query finds nothing else
/// (借钱的朋友去世了钱找谁要, by the everyday word 去世了欠).
/// 6 December 2026 (evening): 154 with the pages that follow the qualified ones ranked with the qualified ones by score in a sentence (`best`).
const DEV_H_REACHED: usize = 154;

/// The held-out set 4 (`tests/data/everyday_heldout4.tsv`, whose header says how it was
/// made): 310 everyday queries over 26 life areas and 60 laws, written blind on 5 December
/// 2026 (afternoon) by someone who did not read the search code, its data, the other sets or
/// their results, and judged strictly (a term of the very article that answers), run on the
/// law library of every article of all 378 bundled laws. Its overall figure was measured
/// twice blind, before that afternoon's search work and after it; in the evening its misses
/// were read and it became a development set. See `HELDOUT4_REACHED`.
#[test]
fn heldout4_everyday_queries_on_every_law_find_statutes_in_the_first_three() {
    heldout_set_on_every_law(4, 250, 18, HELDOUT4_REACHED);
}
/// Measured on 5 December 2026: 201 of 310 (64.8%) before the afternoon's search work (main at
/// b534f91); 219 (70.6%) after it (thesaurus parts F and G, respelling inside a query,
/// amendments ranked below the law in force); 222 (71.6%) with the law prior of the best-match
/// ranking (branch rank4). From then on its misses were read (it is a development set now):
/// thesaurus parts H and I (lexh, lexi) wrote words for the classes of its misses in their
/// areas; merged with slips respelled with evidence and the law prior: 287 (92.6%), a figure
/// that no longer measures unseen queries (set 5 does).
/// 6 December 2026: 293 with two-character slips at a piece's start (醉架, 最驾 → 醉驾).
/// 6 December 2026 (afternoon): 294 with litigation and compensation words as background.
const HELDOUT4_REACHED: usize = 294;

/// The held-out set 5 (`tests/data/everyday_heldout5.tsv`, whose header says how it was
/// made): 365 everyday queries over 27 life areas and 82 laws, written blind on 5 December
/// 2026 (evening) by someone who did not read the search code, its data, the other sets or
/// their results, and judged strictly (a term of the very article that answers), run on the
/// law library of every article of all 378 bundled laws. No query's result and no area's share
/// was read; its overall figure was measured before that evening's search work and after it,
/// and chose nothing. See `HELDOUT5_REACHED`.
#[test]
fn heldout5_everyday_queries_on_every_law_find_statutes_in_the_first_three() {
    heldout_set_on_every_law(5, 300, 20, HELDOUT5_REACHED);
}
/// Measured on 5 December 2026: 272 of 365 (74.5%) before the evening's search work (main at
/// a5ebad8); 288 (78.9%) after it (thesaurus parts H and I, slips respelled with evidence
/// whatever the typed query finds, letters on no page read as pinyin, the statutes' common
/// words in the pinyin records, the law prior of the best match). The bar is 90% of the
/// set: not reached. From then on its misses were read (it is a development set now): thesaurus
/// round 6 parts J (lexj) and K (lexk) wrote words for the classes of its misses in their areas:
/// 318 (87.1%) and 315 (86.3%) on the branches, figures that no longer measure unseen queries
/// (set 6 does); merged with the in-passing rule (rank5): 346 (94.8%).
/// 6 December 2026: 347 with two-character slips at a piece's start (醉架, 最驾 → 醉驾).
/// 6 December 2026 (afternoon): 348 with litigation and compensation words as background.
const HELDOUT5_REACHED: usize = 348;

/// The held-out set 6 (`tests/data/everyday_heldout6.tsv`, whose header says how it was
/// made): 327 everyday queries over 33 life areas and 85 laws, written blind at the start of the
/// session of 5 December 2026 (night) by a helper who had not read the search code, its data,
/// any other query set or its results, and who never ran the search; run on the library of
/// every article of all 378 bundled laws. The lead ran it only for its overall figure and chose
/// nothing. See `HELDOUT6_REACHED`.
#[test]
fn heldout6_everyday_queries_on_every_law_find_statutes_in_the_first_three() {
    heldout_set_on_every_law(6, 300, 24, HELDOUT6_REACHED);
}
/// Measured on 5 December 2026: 254 of 327 (77.7%) before the night's search work (main at
/// 5d97b5b); 263 (80.4%) after it (thesaurus parts J and K, an everyday word named only in
/// passing put after its legal terms, a query cut at 100 characters), measured once. The
/// issue's bar is 90% of the set: not reached. A development set from the late-night session
/// on (its misses were read): 266 with thesaurus parts L and M, the best passage and article
/// numbers landing on their article. 6 December 2026: 267 with thesaurus part N.
/// 6 December 2026 (evening): 266, lowered (see `DEV_G_REACHED`).
/// 6 December 2026 (late afternoon): 270 with thesaurus parts lexr, lexs and lext.
const HELDOUT6_REACHED: usize = 270;

/// The held-out set 7 (`tests/data/everyday_heldout7.tsv`, whose header says how it was
/// made): 328 everyday queries over 33 life areas and 47 laws, written blind at the start of the
/// session of 5 December 2026 (late night) by a helper who had not read the search code, its
/// data, any other query set or its results, and who never ran the search; run on the library
/// of every article of all 378 bundled laws. The lead ran it only for its overall figure and
/// chose nothing. See `HELDOUT7_REACHED`.
#[test]
fn heldout7_everyday_queries_on_every_law_find_statutes_in_the_first_three() {
    heldout_set_on_every_law(7, 300, 24, HELDOUT7_REACHED);
}
/// Measured on 5 December 2026 (late night), before the session's search work (main at
/// 5dca952): 241 of 328 (73.5%); after it (thesaurus parts L and M, a long page's best
/// passage in the best match, short law names and article numbers landing on their article),
/// measured once: 242 (73.8%). The bar is 90% of the set: not reached. A development
/// set from 6 December on (its misses were read): 243 with the slip rule of that day
/// (手写的遗主有效吗).
/// 6 December 2026: 244 with two-character slips at a piece's start (醉架, 最驾 → 醉驾); 245
/// with thesaurus part O (lexo: 照顾他吃住看病 … 能不能分到一点, a carer's larger share); 254
/// with thesaurus part N (lexn; its brief named classes from this set's misses); 255
/// with both; 256 with amendments after the law in the thesaurus tier (童工); 259 with thesaurus
/// part lexp (蹭倒, 查账, 过期半年), 258 with part Q (lexq) alone.
/// 6 December 2026 (evening): 262 with the pages that follow the qualified ones ranked with the qualified ones by score in a sentence (`best`) and both parts.
/// 6 December 2026 (late afternoon): 264 with thesaurus parts lexr, lexs and lext.
const HELDOUT7_REACHED: usize = 264;

/// Held-out set 8 (`tests/data/everyday_heldout8.tsv`, whose header says how it was made):
/// written blind on 6 December 2026 by a helper who had not read the search code, its data or
/// any other query set, and never ran a search; 330 queries, 33 life areas, a quarter long
/// voice-input sentences. Measured on the overall line only, on the library of every article
/// of all bundled laws.
#[test]
fn heldout8_everyday_queries_on_every_law_find_statutes_in_the_first_three() {
    heldout_set_on_every_law(8, 300, 24, HELDOUT8_REACHED);
}
/// Measured on 6 December 2026 before the day's search work (main at f1a7223): 218 of 330
/// (66.1%); after the slip rule: 218; after the day's work (numbers as whole numbers,
/// two-character slips at a piece's start, near misses keeping numerals): 220 (66.7%), both
/// gains in rows of same-sound typos, a class whose 18 typed words the set's header lists and
/// which were read when the file was copied in, before the two-character rule was written.
/// The bar is 90%: not reached. 221 with thesaurus parts N and O (6 December 2026,
/// morning; overall line only).
/// 6 December 2026 (late afternoon): 229 with thesaurus parts lexr, lexs and lext.
const HELDOUT8_REACHED: usize = 229;

/// Held-out set 9 (`tests/data/everyday_heldout9.tsv`, whose header says how it was made):
/// written blind on 6 December 2026 (morning) by a helper who had not read the search code,
/// its data or any other query set, and never ran a search; 336 queries, 33 life areas, 41
/// laws, a quarter long voice-input sentences. The lead measured the overall line only, before
/// and after the session's work, and read no row before that.
#[test]
fn heldout9_everyday_queries_on_every_law_find_statutes_in_the_first_three() {
    heldout_set_on_every_law(9, 300, 24, HELDOUT9_REACHED);
}
/// Measured on 6 December 2026 (morning) before the session's work (main at 3a47865): 237 of
/// 336 (70.5%); after it (joined article numbers, thesaurus parts N and O, which brought their
/// own development sets from 46 of 84 and 97 of 123 to 109 of 119 and 145 of 153): 238 (70.8%).
/// The bar is 90%: not reached. A development set from the afternoon of 6 December
/// on (its misses were read): 239 with abbreviations (刑拘), 240 with a weak slip answered first
/// when the query finds nothing else (公司不交社宝), 241 with amendments after the law in the
/// thesaurus tier (造谣); 240 with litigation and compensation words as background (one
/// query lost: 开发商把我的信息卖了，能告他们吗; the rule won eight elsewhere on this library);
/// 241 with thesaurus part lexp (已经过期一个月).
/// 6 December 2026 (evening): 244 with the same.
/// 6 December 2026 (late afternoon): 252 with thesaurus parts lexr, lexs and lext.
const HELDOUT9_REACHED: usize = 252;

/// Held-out set 10 (`tests/data/everyday_heldout10.tsv`, whose header says how it was made):
/// written blind on 6 December 2026 (afternoon) by a helper who had not read the search code,
/// its data or any other query set, and never ran a search; 331 queries, 33 life areas, 49
/// laws, a quarter long voice-input sentences. The lead measured the overall line only, before
/// and after the session's work, and read no row before that.
#[test]
fn heldout10_everyday_queries_on_every_law_find_statutes_in_the_first_three() {
    heldout_set_on_every_law(10, 300, 24, HELDOUT10_REACHED);
}
/// Measured on 6 December 2026 (afternoon) before the session's work (main at 8721b91): 239 of
/// 331 (72.2%); after it (abbreviations, weak slips answered first when nothing else is found,
/// amendments after the law in the thesaurus tier): 239 (72.2%), no query won or lost; the
/// same with litigation and compensation words as background words. The overall line was
/// run four times in all (before, after the rules, once by accident with the development
/// sets, after the thesaurus change), each time with the counts won and lost only. The
/// issue's bar is 90%: not reached.
/// 6 December 2026 (evening): 246 (74.3%) after the evening's work, overall line only; a development set from then on.
/// 6 December 2026 (late afternoon): 253 with thesaurus parts lexr, lexs and lext.
const HELDOUT10_REACHED: usize = 253;

/// Held-out set 11 (`tests/data/everyday_heldout11.tsv`, whose header says how it was made):
/// written blind on 6 December 2026 (evening) by a helper who had not read the search code,
/// its data or any other query set, and never ran a search; 341 queries, 33 life areas, 43
/// laws, 77 long voice-input sentences. The lead measured the overall line only, before and
/// after the session's work, and read no row.
#[test]
fn heldout11_everyday_queries_on_every_law_find_statutes_in_the_first_three() {
    heldout_set_on_every_law(11, 330, 30, HELDOUT11_REACHED);
}
/// Measured on 6 December 2026 (evening) before the session's work (main at 137c1dd): 252 of
/// 341 (73.9%); after it (the pages that follow the qualified ones ranked with them by score
/// in a sentence, thesaurus parts lexp and lexq): 259 (76.0%). The bar is 90%: not
/// reached. Measured a third time, overall line only, at the end of the session of 6 December
/// 2026 (late afternoon), a development set from then on: 263 (77.1%).
const HELDOUT11_REACHED: usize = 263;

/// Held-out set 12 (`tests/data/everyday_heldout12.tsv`, whose header says how it was made):
/// written blind at the start of the session of 6 December 2026 (late afternoon) by a helper
/// who had not read the search code, its data or any other query set, and never ran a search;
/// 350 queries, 77 life areas, 75 laws, 79 long voice-input sentences. The lead measured the
/// overall line only, before and after the session's work, and read no row.
#[test]
fn heldout12_everyday_queries_on_every_law_find_statutes_in_the_first_three() {
    heldout_set_on_every_law(12, 340, 30, HELDOUT12_REACHED);
}
/// Measured on 6 December 2026 (late afternoon) before the session's work (main at 5cad7a8):
/// 281 of 350 (80.3%) on these three-article pages; after it (thesaurus parts lexr, lexs and
/// lext): 284 (81.1%), 3 won, none lost.
const HELDOUT12_REACHED: usize = 284;

/// Development set I (`tests/data/everyday_dev_i.tsv`, whose header says how it was made):
/// fresh everyday queries of thesaurus round 5 part I (traffic, public order, crime, fraud,
/// wages, social insurance and work injuries, consumers and tourism, street food, noise and
/// property management, contracted land, taxes, wildlife and dogs, conscription, work safety
/// and fire), run on the library of every article of all 378 bundled laws. Before: the
/// thesaurus of rounds 1 to 4. Measured once when written (5 December 2026): 43 of 72 (59.7%);
/// after its classes (part I of the thesaurus): 70 of 72. A second batch of 42 (note 第二批),
/// written before any line for it, measured once: 32 of 42 (76.2%); after its classes: 38 of
/// 42, and 39 with the term added after that measurement (see the file's header): 109 of 114
/// for both on the branch; 108 merged with the evening's other work (slips, the law prior,
/// part H). What is asserted is that figure, not an estimate for unseen queries (the batches
/// measured once give 60 and 76%).
#[test]
fn dev_i_everyday_queries_on_every_law_find_statutes_in_the_first_three() {
    dev_set_on_every_law("I", 110, DEV_I_REACHED);
}
/// 6 December 2026 (afternoon): 110 (109 measured after parts N and O; +1 with litigation words as background).
/// 6 December 2026 (evening): 111.
const DEV_I_REACHED: usize = 111;

/// Development set K (`tests/data/everyday_dev_k.tsv`, whose header says how it was made):
/// fresh everyday queries of thesaurus round 6 part K (work and wages, social insurance and
/// work injuries, fraud, traffic, food and medicines, consumers, minors, public order and
/// crime, drugs, neighbours and property, fire, military service, marriage and family), run on
/// the library of every article of all 378 bundled laws. Before: the thesaurus of rounds 1 to
/// 5 (main at 5d97b5b). Measured once when written (5 December 2026): 62 of 74 (83.8%); after
/// its classes and those of held-out set 5's misses in these areas (part K of the thesaurus):
/// 73 of 74. A second batch of 40 (note 第二批), written before any line for it, measured once:
/// 32 of 40 (80.0%); after its classes: 39 of 40. A third batch of 35 (第三批), measured once:
/// 33 of 35 (94.3%, broader terms); after its classes 35. A fourth batch of 38 long sentences
/// with background (第四批), measured once: 22 of 38 (57.9%); after its classes 37. A fifth
/// batch of 40 long sentences (第五批), measured once: 25 of 40 (62.5%); after its classes 37.
/// A sixth batch of 34 long sentences (第六批), measured once: 20 of 34 (58.8%); after its
/// classes 32. All six: 253 of 261; 252 once keys that could mislead elsewhere were taken
/// out (see the file's header). What is asserted is that figure, not an estimate for unseen
/// queries (the batches measured once give 84, 80, 94, 58, 62 and 59%: long sentences with
/// background are the weak spot). Thesaurus part M (lexm) then brought it to 253.
#[test]
fn dev_k_everyday_queries_on_every_law_find_statutes_in_the_first_three() {
    dev_set_on_every_law("K", 250, DEV_K_REACHED);
}
/// 6 December 2026 (evening): 251, lowered (see `DEV_G_REACHED`).
const DEV_K_REACHED: usize = 251;

/// Development set M (`tests/data/everyday_dev_m.tsv`, whose header says how it was made):
/// fresh everyday queries of thesaurus part M (work, wages and labour contracts, social
/// insurance and work injury, traffic and drunk driving, theft, fraud, fights, sexual offences
/// and minors' crimes, police and detention, lawsuits and legal aid, village land and
/// expropriation, school, children and parents), run on the library of every article of all
/// 378 bundled laws. Before: the thesaurus of rounds 1 to 6 (main at 5dca952). Measured once
/// when written (5 December 2026): 52 of 80 (65.0%; the 32 queries of twenty characters or
/// more 13 (41%), the 48 shorter ones 39 (81%)); after its classes (part M of the thesaurus):
/// 69 of 80. A second batch of 40 (note 第二批), written with the first and before any part M
/// line, measured once after the first batch's lines: 22 of 40 (55.0%; long 14 of 26, short 8
/// of 14); after its classes: 107 of 120 for both batches, 105 once keys that cost queries of
/// other sets were taken out (拘留几天, 判了对方, 在学校被, 交警罚款, 报警有用, 拉黑了).
/// What is asserted is that figure, not an estimate for unseen queries (the batches measured
/// once give 65 and 55%).
#[test]
fn dev_m_everyday_queries_on_every_law_find_statutes_in_the_first_three() {
    dev_set_on_every_law("M", 120, DEV_M_REACHED);
}
/// 104 once merged with part L and the best passage (105 on the branch alone).
/// 6 December 2026 (afternoon): 105 with litigation words as background.
/// 6 December 2026 (evening): 106.
const DEV_M_REACHED: usize = 106;

/// Development set N (`tests/data/everyday_dev_n.tsv`, whose header says how it was made):
/// fresh everyday queries over the weak classes of thesaurus part N (everyday names of
/// offences and wrongs, work, products and food, medical care, village affairs, neighbours,
/// administrative acts, personal information, minors, the elderly's money), run on the library
/// of every article of all bundled laws. Before: the thesaurus of parts up to M (main at
/// 3a47865). Measured once when written (6 December 2026): 46 of 84 (54.8%; the 30 long
/// voice-input sentences 16, the 54 shorter queries 30); on the imported laws 57 of 84. Its
/// misses were everyday names with no key (皮试, 三无产品 led to food labels, 娃娃亲 to void
/// marriages), phrases broken by a pronoun or number (要我手机通讯录, 交两千块押金, 拿走我的退休金卡)
/// and background words pulling another law (出租车 → traffic, 邻居 → neighbours). After its
/// classes (part N of the thesaurus): 78 of 84 (imported 79). A second batch of 35 (note
/// 第二批, 13 long), written after those lines and before any line for it, measured once: 13 of
/// 35 (37%; long 3 of 13; imported 18): part N's first keys had caught the first batch's
/// wording, not its classes. After the second batch's classes: 31 of 35, 109 of 119 for both
/// (imported 112). What is asserted is that figure, not an estimate for unseen queries (the
/// batches measured once give 55 and 37%).
#[test]
fn dev_n_everyday_queries_on_every_law_find_statutes_in_the_first_three() {
    dev_set_on_every_law("N", 119, DEV_N_REACHED);
}
/// 6 December 2026 (afternoon): 110 with litigation words as background.
/// 6 December 2026 (evening): 107, lowered (see `DEV_G_REACHED`).
const DEV_N_REACHED: usize = 107;

/// Development set L (`tests/data/everyday_dev_l.tsv`, whose header says how it was made):
/// fresh everyday queries of thesaurus round 7 part L (marriage, family and inheritance, the
/// elderly, renting, buying a home and property management, consumers and online shopping,
/// loans, guarantees and contracts, personal information, insults and rumours, pets and
/// animals), run on the library of every article of all bundled laws. Before: the thesaurus of
/// rounds 1 to 6 (main at 5dca952). Measured once when written (5 December 2026): 61 of 84
/// (72.6%): 42 of the 52 short queries, 19 of the 32 long sentences with background (59%);
/// after its classes (part L of the thesaurus): 81 of 84. A second batch of 40 (note 第二批),
/// written before any line for it, measured once: 29 of 40 (72.5%: short 14 of 19, long 15 of
/// 21); after its classes: 36 of 40, 117 of 124 for both. What is asserted is that figure, not
/// an estimate for unseen queries (the batches measured once give 73 and 73%).
#[test]
fn dev_l_everyday_queries_on_every_law_find_statutes_in_the_first_three() {
    dev_set_on_every_law("L", 120, DEV_L_REACHED);
}
const DEV_L_REACHED: usize = 117;

/// Development set O (`tests/data/everyday_dev_o.tsv`, whose header says how it was made):
/// fresh everyday queries of thesaurus part O (marriage, family and inheritance, the elderly,
/// renting and buying a home, property management and neighbours, traffic, loans and
/// guarantees, consumers and travel, school and children, online life), run on the library of
/// every article of all bundled laws. Before: the thesaurus of rounds 1 to 7 (branch lexo at
/// 3a47865). Measured once when written (6 December 2026): 72 of 87 (82.8%: the 53 short
/// queries 48, the 34 long sentences with background 24, 71%). A second batch of 36 (note
/// 第二批), written before any line for it, measured once on the same thesaurus: 25 of 36
/// (69.4%: short 13 of 14, long 12 of 22). After the first batch's classes (part O of the
/// thesaurus, written before the second batch): 83 of 87, and the second batch still 25 of 36
/// (none of its misses was a class the first batch's lines covered). After the second batch's
/// classes: 117 of 123 (first 84, second 33). On the imported laws (`pufa laws import`): 111
/// → 121 of 123. Part O lost no query of any other set on either layout and won six (held-out
/// 7, held-out 2, rank, old held-out, F). A third batch of 30 long sentences with background
/// (note 第三批), written before any line for it, measured once with part O: 18 of 30 (60.0%;
/// imported 23); after its classes: 28 of 30 (imported 29), 145 of 153 for the three batches
/// (imported 150), no query of another set won or lost. What is asserted is the figure
/// reached, not an estimate for unseen queries (the batches measured once give 83, 69 and
/// 60%: long sentences with background stay the weak spot).
#[test]
fn dev_o_everyday_queries_on_every_law_find_statutes_in_the_first_three() {
    dev_set_on_every_law("O", 150, DEV_O_REACHED);
}
const DEV_O_REACHED: usize = 145;

/// Development set P (`tests/data/everyday_dev_p.tsv`, whose header says how it was made):
/// fresh everyday queries of the life areas of thesaurus part lexp (the elderly, marriage,
/// inheritance, neighbours and property management, renting and buying, village land and
/// demolition, traffic, consumers, loans and judgments), 47 of its 71 long voice-input sentences
/// with background. Measured once when written (6 December 2026), with the thesaurus of rounds
/// 1 to 8 (branch lexp at 137c1dd): 47 of 71 (66.2%: the 47 long sentences 31, the 24 short
/// queries 16); on the imported laws (`pufa laws import`) 58 of 71 (81.7%: long 39, short 19).
/// Its misses were read and words added for their classes (thesaurus part lexp: the half
/// sentence that tells the event, 骂我老不死, 把墙砸了, 中介说没问题, 房子被推平, 过期半个月,
/// 低价卖给亲戚躲债, not the setting or the wish): 67 of 71 (long 46, short 21), imported 67
/// (long 45, short 22). Part lexp won five queries of other sets on each layout (held-out 7
/// three, held-out 9 one, rank one) and lost none. What is asserted is the figure reached, not
/// an estimate for unseen queries.
#[test]
fn dev_p_everyday_queries_on_every_law_find_statutes_in_the_first_three() {
    dev_set_on_every_law("P", 70, DEV_P_REACHED);
}
const DEV_P_REACHED: usize = 67;

/// Development set Q (`tests/data/everyday_dev_q.tsv`, whose header says how it was made):
/// fresh everyday queries of thesaurus part Q (fights and what injuries cost, rumours, insults
/// and personal information, fraud, gambling and theft, sexual harassment and offences, minors
/// and school, police and criminal procedure, work, work injury and social insurance, medical
/// disputes, permits, fines and appeals against officials), 44 of the 70 long sentences with
/// background (thirty characters or more), run on the library of every article of all bundled
/// laws. Measured once when written, before any line of part Q (branch lexq at 137c1dd, 6
/// December 2026): 40 of 70 (57.1%: long 27 of 44, short 13 of 26); on the imported laws
/// (`pufa laws import`) 52 of 70 (74.3%: long 36 of 44, short 16 of 26). Most misses were the
/// event said in words no line mapped (扇了两巴掌, 天天跟着我, 把我拍进去, 抽头, 包被顺走,
/// 拿聊天记录威胁, 半夜发暧昧消息, 趁我喝醉, 摸她, 没个电话, 还不放, 配合调查, 不进去,
/// 偏袒, 扎错针, 没问过敏, 不让申辩, 起外号) while the setting or the wish pulled another
/// law. After part Q: 65 of 70 (92.9%: long 40 of 44, short 25 of 26),
/// imported 65 (long 41, short 24). What is asserted is that
/// figure, not an estimate for unseen queries (the batch measured once gives 57%).
#[test]
fn dev_q_everyday_queries_on_every_law_find_statutes_in_the_first_three() {
    dev_set_on_every_law("Q", 70, DEV_Q_REACHED);
}
/// 6 December 2026 (evening): 66 once merged with the best-match change.
const DEV_Q_REACHED: usize = 66;

/// Development sets R, S and T (`tests/data/everyday_dev_r.tsv`, `_s`, `_t`, whose headers
/// say how they were made): fresh everyday queries of thesaurus round 10, written by three
/// helpers before any line of theirs and measured once, then their misses read and words added
/// for their classes — R (lexr: debts and enforcement, lawsuits in practice, buying a flat,
/// neighbours and property management, village land, demolition, the elderly): 44 → 68 of 72
/// (imported 49 → 68); S (lexs: fraud and theft amounts, gambling, minors, online abuse,
/// personal information, officials, a hospital's waiver, consumers): 40 → 68 of 71 (imported
/// 45 → 69); T (lext: family, inheritance, work, traffic, renting, medicine, children): 60 → 73
/// of 76 (imported 71 → 76). Merged, on the other sets: 19 won and none lost on the imported
/// laws, 24 won and none lost on three-article pages. What is asserted is the figure reached,
/// not an estimate for unseen queries.
#[test]
fn dev_r_s_t_everyday_queries_on_every_law_find_statutes_in_the_first_three() {
    let (_tmp, site, pages) = all_laws_site();
    for (letter, rows, floor) in [("R", 70, 68), ("S", 70, 68), ("T", 75, 73)] {
        dev_set_on(letter, rows, floor, &site, &pages);
    }
}

/// The held-out sets on the statute site as staff make it (`pufa laws import` of every
/// bundled law: a page per law, or per chapter or part of a long law; see
/// `imported_laws_site`), which is what citizens search: a relevant page is then the law or
/// chapter that holds the answering article (the hit links to the article). Coarser than the
/// three-article pages of the tests above, so the figures are higher; both are reported.
/// Held-out set 12 is the blind one (see `HELDOUT12_REACHED`); 11 was blind until the end of
/// the evening of 6 December 2026 and 10 until its start, each measured on its overall line
/// only; 9 to 4 are development sets.
#[test]
fn heldout_sets_on_the_imported_laws_find_the_law_in_the_first_three() {
    let (_tmp, site, pages) = imported_laws_site();
    for (name, floor) in [
        (BLIND_SET, IMPORTED_HELDOUT12),
        ("everyday_heldout11.tsv", IMPORTED_HELDOUT11),
        ("everyday_heldout10.tsv", IMPORTED_HELDOUT10),
        ("everyday_heldout9.tsv", IMPORTED_HELDOUT9),
        ("everyday_heldout8.tsv", IMPORTED_HELDOUT8),
        ("everyday_heldout7.tsv", IMPORTED_HELDOUT7),
        ("everyday_heldout6.tsv", IMPORTED_HELDOUT6),
        ("everyday_heldout5.tsv", IMPORTED_HELDOUT5),
        ("everyday_heldout4.tsv", IMPORTED_HELDOUT4),
    ] {
        let rows = query_set(name);
        let what = format!("{name} on the imported laws");
        let (good, summary) = run_on(&rows, &what, &site, &pages);
        assert!(good >= floor, "{}", summary.lines().last().unwrap_or(""));
        if name == BLIND_SET {
            // The bar, on the blind set: 90% with a relevant page in the first three.
            assert!(good * 10 >= rows.len() * 9, "{summary}");
        }
    }
}
/// The blind held-out set, on which the imported laws must reach the 90%.
const BLIND_SET: &str = "everyday_heldout12.tsv";
/// Measured on 5 December 2026 (night), before the night's search work (main at 282e1d0):
/// held-out 6 284 of 327 (86.9%), 5 333 of 365 (91.2%), 4 293 of 310 (94.5%); after it
/// (thesaurus parts J and K, the in-passing rule), measured once for set 6: 291 (89.0%), 356
/// (97.5%), 297 (95.8%). The bar is 90% of the blind set: not reached here either.
/// Held-out set 7 (blind, written 5 December 2026 late night), before that session's search
/// work (main at 5dca952): 272 of 328 (82.9%); after it, measured once: 275 (83.8%). Held-out
/// 6 (a development set from then on): 293.
/// A development set from 6 December on: 276 with the slip rule of that day, 277 with numbers
/// found as whole numbers (996 no longer finds 1996年). Held-out set 8
/// (blind, written 6 December 2026), before that day's search work (main at f1a7223): 266 of
/// 330 (80.6%); after the slip rule: 266; after the day's work: 268 (81.2%; both gains in
/// typo rows, see `HELDOUT8_REACHED`). Held-out 7 with thesaurus part O (lexo): 278; with
/// part N (lexn): 286; 287 with both. Held-out 8 with parts N and O: 271.
/// 6 December 2026 (afternoon): 289 with litigation words as background (打官司要自己找证据吗, 我能去派出所告他吗).
/// 292 with thesaurus part lexp (挖掘机就来推, 查账, 过期半年).
/// 6 December 2026 (evening): 295 with the pages that follow the qualified ones ranked with the qualified ones by score in a sentence (`best`) and parts lexp and lexq.
const IMPORTED_HELDOUT7: usize = 295;
/// 6 December 2026 (late afternoon): 280 with thesaurus parts lexr, lexs and lext.
const IMPORTED_HELDOUT8: usize = 280;
/// Held-out set 9 (blind, see `HELDOUT9_REACHED`) before the session of 6 December 2026
/// (morning; main at 3a47865): 284 of 336 (84.5%); after it: 285 (84.8%). A development set
/// from the afternoon on: 286 with abbreviations, 287 with weak slips answered first when
/// nothing else is found, 288 with amendments after the law in the thesaurus tier (打牌赌钱),
/// 289 with compensation words as background (被辞退能拿多少赔偿); 290 with thesaurus part lexp
/// (已经过期一个月).
/// 6 December 2026 (evening): 295 with the same.
/// 6 December 2026 (late afternoon): 303 with thesaurus parts lexr, lexs and lext.
const IMPORTED_HELDOUT9: usize = 303;
/// Held-out set 10 (blind, see `HELDOUT10_REACHED`) before the session of 6 December 2026
/// (afternoon; main at 8721b91): 288 of 331 (87.0%); after the session's rules: 288, no query
/// won or lost; with litigation and compensation words as background words of the thesaurus:
/// 289 (87.3%), one won, none lost.
/// 6 December 2026 (evening): 295 (89.1%) after the evening's work, overall line only; a development set from then on.
/// 6 December 2026 (late afternoon): 301 with thesaurus parts lexr, lexs and lext.
const IMPORTED_HELDOUT10: usize = 301;
/// Held-out set 11 (blind, see `HELDOUT11_REACHED`) before the session of 6 December 2026
/// (evening; main at 137c1dd): 295 of 341 (86.5%); after it: 300 (88.0%); after the next
/// session (thesaurus parts lexr, lexs and lext), overall line only: 302 (88.6%).
const IMPORTED_HELDOUT11: usize = 302;
/// Held-out set 12 (blind, see `HELDOUT12_REACHED`) before the session of 6 December 2026
/// (late afternoon; main at 5cad7a8): 323 of 350 (92.3%), the first blind set over the issue's
/// bar of 90% on the site staff make; after it (thesaurus parts lexr, lexs and lext): 323
/// (92.3%), none won or lost. The share is asserted too (`BLIND_SET`).
const IMPORTED_HELDOUT12: usize = 323;
/// 6 December 2026 (evening): 298.
/// 6 December 2026 (late afternoon): 300 with thesaurus parts lexr, lexs and lext.
const IMPORTED_HELDOUT6: usize = 300;
/// 6 December 2026: 357 with two-character slips at a piece's start (醉架, 最驾 → 醉驾).
/// 6 December 2026 (evening): 358.
const IMPORTED_HELDOUT5: usize = 358;
/// With a long page's best passage counted in the best match (branch rank6, `best`): held-out
/// 4 299, 5 356, 6 291; merged with parts L and M: 300, 356, 293.
/// 6 December 2026: 301 with two-character slips at a piece's start (醉架, 最驾 → 醉驾).
/// 6 December 2026 (evening): 302.
const IMPORTED_HELDOUT4: usize = 302;

/// Development set J (`tests/data/everyday_dev_j.tsv`, whose header says how it was made):
/// fresh everyday queries of thesaurus round 6 part J (the village and its land, administrative
/// appeals and deadlines, expropriation, registration and renting, reputation, privacy and
/// personal data, loans and guarantees, taxes, medical care, legal aid and mediation,
/// inheritance, the elderly, women and disabled people, pollution and alien species), run on
/// the library of every article of all 378 bundled laws. Before: the thesaurus of rounds 1 to
/// 5. Measured once when written (5 December 2026): 50 of 76 (65.8%); after its classes (part J
/// of the thesaurus): 72 of 76, 73 with the classes mined from the laws afterwards. A second
/// batch of 40 (note 第二批), written before any line for it, measured once: 23 of 40 (57.5%);
/// after its classes: 37 of 40; both batches 110 of 116. Part J also raised the development
/// sets held-out 5 (288 to 318), held-out 4 (287 to 288), held-out 3 (232 to 233) and H (150 to
/// 152) and lost no query of any other set. What is asserted is the figure reached, not an
/// estimate for unseen queries (the batches measured once give 66 and 58%).
#[test]
fn dev_j_everyday_queries_on_every_law_find_statutes_in_the_first_three() {
    dev_set_on_every_law("J", 110, DEV_J_REACHED);
}
const DEV_J_REACHED: usize = 110;
