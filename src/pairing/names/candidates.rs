//! Candidates for clerical review: the `k` best partners of each left name, with the margin to
//! the next, kept while scoring (a bounded heap per name, never all pairs of a block).

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use rayon::prelude::*;

use super::{
    acronym_edges, check_min_score, check_sizes, normalize_all, per_block, prepare, Groups, Limits, NameIndex,
    Normalizer,
};
use crate::cancel::Cancel;
use crate::{Error, Result};

/// Which rows [`name_candidates`] returns (the `how` option).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum CandidateHow {
    /// The candidates only.
    Inner,
    /// Every left name: its candidates, or one row with no partner.
    #[default]
    Left,
    /// As `Left`, then every right name in no row, with no partner.
    Both,
}

crate::options::choice!(
    CandidateHow,
    "how",
    ["left" => CandidateHow::Left, "both" => CandidateHow::Both, "inner" => CandidateHow::Inner]
);

/// Options of [`name_candidates`].
#[derive(Clone, Debug)]
pub struct CandidateOptions {
    /// The lowest similarity (0-100) a candidate may have.
    pub min_score: f64,
    /// How many candidates per left name at most (1 or more).
    pub k: usize,
    /// Which rows.
    pub how: CandidateHow,
    /// Also the words matched and left over, from the score's own match.
    pub explain: bool,
}

/// One row of [`name_candidates`]. A name with no partner has `None` for the other side and
/// for `score`, `rank`, `margin` and `why`.
#[derive(Clone, Debug, PartialEq)]
pub struct CandidateRow {
    /// Position in the left list (`None`: a right name in no row, with `how = Both`).
    pub left: Option<u32>,
    /// Position in the right list (`None`: a left name with no candidate).
    pub right: Option<u32>,
    /// The similarity, 0-100.
    pub score: Option<f64>,
    /// 1 for the best candidate of the left name (by score, then right position).
    pub rank: Option<u32>,
    /// The score minus that of the left name's next candidate (or minus 0 when there is none).
    pub margin: Option<f64>,
    /// With `explain`: the words matched (`word`, or `word~other` at one typing error) and the
    /// words of both names left over, each joined by spaces.
    pub why: Option<(String, String)>,
}

#[derive(Clone, Debug)]
struct Cand {
    right: u32,
    score: f64,
    why: Option<(String, String)>,
}

/// A candidate in the bounded heap: greater means worse (lower score, then later position).
#[derive(Clone, Copy, PartialEq)]
struct Worse {
    score: f64,
    unit: u32,
    group: u32,
}

impl Eq for Worse {}
impl Ord for Worse {
    fn cmp(&self, other: &Self) -> Ordering {
        other.score.total_cmp(&self.score).then(self.unit.cmp(&other.unit))
    }
}
impl PartialOrd for Worse {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// The `want` best right units among the right groups `found` (`(group, score)`), best first.
fn top_units(found: &[(u32, f64, bool)], rg: &Groups<'_>, want: usize) -> Vec<Worse> {
    let mut heap: BinaryHeap<Worse> = BinaryHeap::new();
    for &(group, score, _) in found {
        for &unit in rg.units(group) {
            let c = Worse { score, unit, group };
            if heap.len() < want {
                heap.push(c);
            } else if heap.peek().is_some_and(|w| c < *w) {
                heap.pop();
                heap.push(c);
            } else {
                break; // the group's later copies rank lower still
            }
        }
    }
    heap.into_sorted_vec()
}

/// The words two normalised names share in their score's match, and those left over.
pub(super) fn explain(a: &str, b: &str, matched: &[(u32, u32)]) -> (String, String) {
    explain_covered(a, b, matched, None, &[], &[])
}

/// [`explain`], where a leading `label` (an acronym's `acronym:<letters>`) opens the shared
/// words and the word positions `covered_a` of `a` and `covered_b` of `b` count as used (the
/// acronym and the words it stands for): the matched words (`word`, or `word~other` at one
/// typing error), then the words of both names neither matched nor covered.
pub(super) fn explain_covered(
    a: &str,
    b: &str,
    matched: &[(u32, u32)],
    label: Option<String>,
    covered_a: &[usize],
    covered_b: &[usize],
) -> (String, String) {
    let wa: Vec<&str> = a.split(' ').filter(|w| !w.is_empty()).collect();
    let wb: Vec<&str> = b.split(' ').filter(|w| !w.is_empty()).collect();
    let (mut ua, mut ub) = (vec![false; wa.len()], vec![false; wb.len()]);
    covered_a.iter().for_each(|&i| ua[i] = true);
    covered_b.iter().for_each(|&j| ub[j] = true);
    let mut both: Vec<String> = label.into_iter().collect();
    for &(i, j) in matched {
        let (x, y) = (wa[i as usize], wb[j as usize]);
        ua[i as usize] = true;
        ub[j as usize] = true;
        both.push(if x == y { x.to_string() } else { format!("{x}~{y}") });
    }
    let rest: Vec<&str> =
        wa.iter().zip(&ua).chain(wb.iter().zip(&ub)).filter(|(_, &used)| !used).map(|(w, _)| *w).collect();
    (both.join(" "), rest.join(" "))
}

/// The `k + 1` best candidates of each left name of one block (block positions), the first
/// `k` explained when asked.
fn block_tops(
    left: &[Option<&str>],
    right: &[Option<&str>],
    norm: &Normalizer,
    opts: &CandidateOptions,
    limits: &Limits,
    cancel: &Cancel,
) -> Result<Vec<Vec<Cand>>> {
    check_sizes(left.len(), right.len())?;
    let (l, r) = rayon::join(|| normalize_all(norm, left), || normalize_all(norm, right));
    cancel.check()?;
    let (lg, rg, index) = prepare(&l, &r, limits, cancel)?;
    let want = opts.k.saturating_add(1);
    let tops = index.scored(opts.min_score, limits, cancel, &|g, found| {
        let top = top_units(found, &rg, want);
        limits.pairs(top.len().saturating_mul(lg.units(g as u32).len())).map(|_| top)
    })?;
    let tops: Vec<Vec<Worse>> = tops.into_iter().collect::<std::result::Result<_, usize>>().map_err(|total| {
        Error::value(format!(
            "name_candidates: copies of identical names make {total} candidate rows, more than {}: lower k, or \
             look for candidates of the distinct names, then join back",
            limits.max_pairs
        ))
    })?;
    cancel.check()?;
    let explained: Vec<Vec<Cand>> =
        tops.into_par_iter().enumerate().map(|(g, top)| explain_top(&index, &lg, &rg, g, top, opts)).collect();
    let mut out: Vec<Vec<Cand>> = vec![Vec::new(); left.len()];
    for (g, cands) in explained.into_iter().enumerate() {
        for &u in lg.units(g as u32) {
            out[u as usize] = cands.clone();
        }
    }
    let acr = acronym_edges(left, right, &l, &r, &lg, &rg, &index, norm, opts.min_score, opts.explain, limits, cancel)?;
    let mut touched = Vec::new();
    for a in acr {
        out[a.left.0 as usize].push(Cand { right: a.right.0, score: a.score, why: a.why });
        touched.push(a.left.0);
    }
    touched.dedup();
    for u in touched {
        // the best of each right name, then the `k + 1` best (the plain lists were cut there)
        let c = &mut out[u as usize];
        c.sort_by(|p, q| q.score.total_cmp(&p.score).then(p.right.cmp(&q.right)));
        let mut seen = std::collections::HashSet::new();
        c.retain(|x| seen.insert(x.right));
        c.truncate(want);
    }
    Ok(out)
}

fn explain_top(
    index: &NameIndex,
    lg: &Groups<'_>,
    rg: &Groups<'_>,
    g: usize,
    top: Vec<Worse>,
    opts: &CandidateOptions,
) -> Vec<Cand> {
    let mut last: Option<(u32, (String, String))> = None;
    top.into_iter()
        .enumerate()
        .map(|(rank, c)| {
            let why = (opts.explain && rank < opts.k).then(|| match &last {
                Some((group, why)) if *group == c.group => why.clone(),
                _ => {
                    let a = lg.names[g].unwrap_or("");
                    let b = rg.names[c.group as usize].unwrap_or("");
                    let why = explain(a, b, &index.matched(g, c.group as usize));
                    last = Some((c.group, why.clone()));
                    why
                }
            });
            Cand { right: c.unit, score: c.score, why }
        })
        .collect()
}

/// The `k` best-scoring partners of each left name (every pair scoring at least
/// `min_score` is considered, none lost), ranked by score then right position, each with its
/// margin over the name's next candidate; with [`CandidateHow::Left`] or `Both`, a left name
/// with no candidate keeps a row with no partner, and with `Both` every right name in no row
/// gets one too. Within blocks when `blocks` is given (see
/// [`pair_names_blocked`](super::pair_names_blocked)); the limits on work and memory apply to
/// the whole call. Rows: left names in order (their candidates by rank), then the right names
/// with no row, in order.
pub fn name_candidates(
    left: &[Option<&str>],
    right: &[Option<&str>],
    blocks: Option<(&[i64], &[i64])>,
    norm: &Normalizer,
    opts: &CandidateOptions,
    cancel: &Cancel,
) -> Result<Vec<CandidateRow>> {
    check_min_score(opts.min_score)?;
    if opts.k == 0 {
        return Err(Error::value("k: expected a positive integer, got 0"));
    }
    let limits = Limits::default();
    let tops: Vec<Vec<Cand>> = match blocks {
        None => block_tops(left, right, norm, opts, &limits, cancel)?,
        Some((lb, rb)) => {
            let parts = per_block(left, right, lb, rb, cancel, &|l, r| block_tops(l, r, norm, opts, &limits, cancel))?;
            let mut tops: Vec<Vec<Cand>> = vec![Vec::new(); left.len()];
            for (li, ri, block) in parts {
                for (k, mut cands) in block.into_iter().enumerate() {
                    for c in &mut cands {
                        c.right = ri[c.right as usize];
                    }
                    tops[li[k] as usize] = cands;
                }
            }
            tops
        }
    };
    Ok(rows(tops, right.len(), opts))
}

fn rows(tops: Vec<Vec<Cand>>, n_right: usize, opts: &CandidateOptions) -> Vec<CandidateRow> {
    let mut out = Vec::new();
    let mut seen = vec![false; n_right];
    let none = |left: Option<u32>, right: Option<u32>| CandidateRow {
        left,
        right,
        score: None,
        rank: None,
        margin: None,
        why: None,
    };
    for (l, mut cands) in tops.into_iter().enumerate() {
        if cands.is_empty() {
            if opts.how != CandidateHow::Inner {
                out.push(none(Some(l as u32), None));
            }
            continue;
        }
        let next: Vec<f64> = cands.iter().skip(1).map(|c| c.score).chain(std::iter::once(0.0)).collect();
        cands.truncate(opts.k);
        for (rank, c) in cands.into_iter().enumerate() {
            seen[c.right as usize] = true;
            out.push(CandidateRow {
                left: Some(l as u32),
                right: Some(c.right),
                score: Some(c.score),
                rank: Some(rank as u32 + 1),
                margin: Some(c.score - next[rank]),
                why: c.why,
            });
        }
    }
    if opts.how == CandidateHow::Both {
        out.extend((0..n_right as u32).filter(|&r| !seen[r as usize]).map(|r| none(None, Some(r))));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opts(k: usize, how: CandidateHow) -> CandidateOptions {
        CandidateOptions { min_score: 10.0, k, how, explain: true }
    }

    #[test]
    fn every_left_name_keeps_a_row_with_its_margin() {
        let norm = Normalizer::builtin().unwrap();
        let left = [Some("North Leeds"), Some("Zzyzx"), None];
        let right = [Some("Leeds North"), Some("Leeds"), Some("Hull")];
        let rows = name_candidates(&left, &right, None, &norm, &opts(1, CandidateHow::Both), Cancel::never()).unwrap();
        let got: Vec<(Option<u32>, Option<u32>, Option<u32>)> =
            rows.iter().map(|r| (r.left, r.right, r.rank)).collect();
        assert_eq!(
            got,
            vec![
                (Some(0), Some(0), Some(1)),
                (Some(1), None, None),
                (Some(2), None, None),
                (None, Some(1), None),
                (None, Some(2), None)
            ]
        );
        // the margin: the best score minus the next candidate's, whether or not that is kept
        let two = name_candidates(&left, &right, None, &norm, &opts(2, CandidateHow::Inner), Cancel::never()).unwrap();
        assert_eq!(rows[0].score, Some(100.0));
        assert_eq!((two[0].right, two[1].right), (Some(0), Some(1)));
        assert_eq!(rows[0].margin, Some(100.0 - two[1].score.unwrap()));
        assert_eq!(two[1].margin, two[1].score);
        assert_eq!(rows[0].why, Some(("north leeds".to_string(), String::new())));
    }

    #[test]
    fn k_zero_is_refused() {
        let norm = Normalizer::builtin().unwrap();
        let err =
            name_candidates(&[Some("a")], &[Some("a")], None, &norm, &opts(0, CandidateHow::Left), Cancel::never())
                .unwrap_err();
        assert_eq!(err.to_string(), "k: expected a positive integer, got 0");
    }
}
