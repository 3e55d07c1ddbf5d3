//! The order of a section's pages, as Zola sorts them (`sort_by`: date, update date, title,
//! weight, slug), with ties broken by permalink so the order never depends on the file walk.
//! Used by the library (sections) and the taxonomies (terms).

use super::{Page, PageId};
use crate::source::SortBy;

/// Zola's page ordering; ties broken by permalink so the order never depends on the walk.
pub fn sort_pages(pages: &[Page], ids: &[PageId], sort_by: SortBy) -> (Vec<PageId>, Vec<PageId>) {
    let (mut can, cannot): (Vec<PageId>, Vec<PageId>) = ids.iter().partition(|&&i| {
        let m = &pages[i].meta;
        match sort_by {
            SortBy::Date => m.datetime.is_some(),
            SortBy::UpdateDate => m.datetime.is_some() || m.updated_datetime.is_some(),
            SortBy::Title | SortBy::TitleBytes => m.title.is_some(),
            SortBy::Weight => m.weight.is_some(),
            SortBy::Slug | SortBy::Permalink | SortBy::None => true,
        }
    });
    can.sort_by(|&a, &b| {
        let (pa, pb) = (&pages[a], &pages[b]);
        let ord = match sort_by {
            SortBy::Date => pb.meta.datetime.cmp(&pa.meta.datetime),
            SortBy::UpdateDate => std::cmp::max(pb.meta.datetime, pb.meta.updated_datetime)
                .cmp(&std::cmp::max(pa.meta.datetime, pa.meta.updated_datetime)),
            SortBy::Title => natural_lexical_cmp(
                pa.meta.title.as_deref().unwrap_or(""),
                pb.meta.title.as_deref().unwrap_or(""),
            ),
            SortBy::TitleBytes => pa.meta.title.cmp(&pb.meta.title),
            SortBy::Weight => pa.meta.weight.cmp(&pb.meta.weight),
            SortBy::Slug => natural_lexical_cmp(&pa.slug, &pb.slug),
            SortBy::Permalink | SortBy::None => std::cmp::Ordering::Equal,
        };
        ord.then_with(|| pa.permalink.cmp(&pb.permalink))
    });
    let mut cannot = cannot;
    cannot.sort_by(|&a, &b| pages[a].permalink.cmp(&pages[b].permalink));
    (can, cannot)
}

/// Natural, case-insensitive, accent-folding order like `lexical_sort::natural_lexical_cmp`:
/// digit runs compare as numbers, letters by their ASCII-folded lower case.
pub fn natural_lexical_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    use std::cmp::Ordering;
    let fold = |s: &str| -> Vec<char> {
        s.chars()
            .flat_map(|c| {
                let d = deunicode::deunicode_char(c).unwrap_or("");
                if c.is_ascii() || d.is_empty() {
                    vec![c.to_ascii_lowercase()]
                } else {
                    d.chars().map(|x| x.to_ascii_lowercase()).collect()
                }
            })
            .filter(|c| c.is_alphanumeric())
            .collect()
    };
    let (x, y) = (fold(a), fold(b));
    let (mut i, mut j) = (0, 0);
    while i < x.len() && j < y.len() {
        if x[i].is_ascii_digit() && y[j].is_ascii_digit() {
            let si = i;
            while i < x.len() && x[i].is_ascii_digit() {
                i += 1;
            }
            let sj = j;
            while j < y.len() && y[j].is_ascii_digit() {
                j += 1;
            }
            let na: String = x[si..i].iter().collect::<String>();
            let nb: String = y[sj..j].iter().collect::<String>();
            let (na, nb) = (na.trim_start_matches('0'), nb.trim_start_matches('0'));
            let ord = na.len().cmp(&nb.len()).then_with(|| na.cmp(nb));
            if ord != Ordering::Equal {
                return ord;
            }
        } else {
            let ord = x[i].cmp(&y[j]);
            if ord != Ordering::Equal {
                return ord;
            }
            i += 1;
            j += 1;
        }
    }
    (x.len() - i).cmp(&(y.len() - j)).then_with(|| a.cmp(b))
}

#[cfg(test)]
mod tests {
    use super::natural_lexical_cmp;
    use std::cmp::Ordering;

    #[test]
    fn natural_order_compares_numbers_by_value() {
        assert_eq!(natural_lexical_cmp("page 2", "page 10"), Ordering::Less);
        assert_eq!(natural_lexical_cmp("Apple", "banana"), Ordering::Less);
        assert_eq!(natural_lexical_cmp("b", "A"), Ordering::Greater);
    }
}
