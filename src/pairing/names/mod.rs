//! Organisation names: normalisation, a word-weighted similarity, candidate pairs from an
//! inverted index, and the optimal one-to-one pairing of two lists.
//!
//! # Normalisation
//! Unicode NFKC, full case folding, NFKC again; `&` becomes the word `and`; apostrophes are
//! dropped (`King's` → `kings`), every other character that is not a letter or digit separates
//! words; the abbreviations `st`, `univ`, `hosp`, `hosps` become `saint`, `university`,
//! `hospital`, `hospitals`; then sector affixes (a JSON list, see
//! [`BUILTIN_AFFIXES`]) are removed as whole words, prefixes from the start and suffixes from the
//! end, longest first, repeatedly, never leaving a name with no word; an ODS sub-ICB code after
//! `icb` (`... ICB - 91Q`: three letters or digits, a digit first) goes with it. The result is the words
//! joined by single spaces; normalising it again changes nothing.
//!
//! # Similarity (0-100)
//! Each distinct word `t` of the two lists weighs `w(t) = ln(1 + N / df(t))`, where `N` is the
//! number of non-empty normalised names on both sides and `df(t)` the number of them containing
//! `t` or a word at one edit of `t` (defined below): rare words (place names) count more than
//! common ones (`north`, `and`), and a typing error in a common word (`nrorth`) is as common as
//! the word, not a rare word that would outweigh the place name beside it. Words of two
//! names are matched one-to-one: equal words first (similarity 1), then pairs of words at one
//! edit from each other (an insertion, deletion, substitution or swap of adjacent characters,
//! when the longer word has at least 5 characters and the shorter at least 4; similarity
//! `1 - 1/len(longer)`), greedily by `sim * (w(a) + w(b))`, largest first. The score is
//! `100 * Σ sim * (w(a) + w(b)) / (Σ w over both names' words)`: a weighted Dice coefficient,
//! 100 for the same words in any order, 0 for names with no word in common.
//! Sums are exact (word weights in fixed point) and the score is rounded to
//! [`SCORE_DECIMALS`](index::SCORE_DECIMALS) decimal places, so a score that is a whole number in
//! exact arithmetic (80, 100) is that number, and a pair at `min_score` is never lost to the
//! last bit of a floating-point sum.
//!
//! *Acronyms* (see [`acronym`]): when a word of one name is an acronym as written ("GOSH",
//! "SLaM", the "RUH" of "RUH Bath") and its letters spell the initials of a run of the other
//! name's words (taken before affixes are removed, linking words such as `and`, `of`, `nhs`
//! skipped or spelled), the acronym and the words of the run left after affix removal count as
//! matched with similarity 9/10: they add `9/10 * (w(acronym) + Σ w(run))` (in the same fixed
//! point, rounded down) to the matched sum, the other words are matched as above, and the
//! total is unchanged. The pair's score is the larger of this and its score without the
//! acronym. So a name that is an acronym of the whole other name scores 90 (to the last bit of
//! the fixed point), below the
//! same words written in full (100) and far above chance. Acronym pairs are found through an
//! index of initials ([`acronym::InitialsIndex`]), only when a name holds an acronym.
//!
//! # Candidates and pairing
//! Every pair scoring at least `min_score` is found without comparing all pairs, by prefix
//! filtering (see [`NameIndex::candidates_within`]): each name's words are ordered rarest
//! first and only the shortest run of them whose remainder weighs less than `min_score`% of
//! the name probes the other side's inverted index of words (and their one-edit neighbours).
//! That cannot lose a pair scoring at least `min_score`, and common words are only probed by
//! names made mostly of them. The work is capped: more than [`MAX_PROBES`] posting entries
//! visited, or more than [`MAX_WORD_NEIGHBOURS`] pairs of words at one edit, is an error raised
//! before the memory is used. Word similarity is linear in word length. The pairs
//! found are solved by an exact one-to-one assignment maximising the sum of squared scores
//! (so that one strong pair is not traded for two middling ones), component by component,
//! first on each name's best few candidates, then proved optimal for all of them by the
//! assignment's dual prices (see the `sparse` module).
//! Every phase polls a [`Cancel`] flag between chunks of work.
//! Identical normalised names are indexed and scored once (their words still count once per
//! name in `df`), so many copies of a name cost no more than one.

pub mod acronym;
mod candidates;
mod components;
mod explain;
mod index;
mod limits;
mod normalize;
mod sparse;

use std::collections::HashMap;

use rayon::prelude::*;

pub use candidates::{name_candidates, CandidateHow, CandidateOptions, CandidateRow};
pub use components::{assign_edges, weight, Assigned, Matcher};
pub use explain::{explain_pairs, Why};
pub use index::{fuzzy_lengths, one_edit, Edge, NameIndex, MAX_PROBES, MAX_WORD_NEIGHBOURS};
pub use limits::Limits;
pub use normalize::{normalize_all, Affixes, Normalizer, BUILTIN_AFFIXES};

use crate::cancel::Cancel;
use crate::{Error, Result};

/// Options of [`pair_names`].
#[derive(Clone, Debug)]
pub struct PairOptions {
    /// The lowest similarity (0-100) a pair may have.
    pub min_score: f64,
}

/// The message for a `min_score` that is not a similarity from 0 to 100; `got` is how the
/// caller wrote it.
pub fn min_score_message(got: &str) -> String {
    format!("min_score: expected a number from 0 to 100, got {got}")
}

/// Checks `min_score`: a similarity from 0 to 100.
pub fn check_min_score(min_score: f64) -> Result<()> {
    if (0.0..=100.0).contains(&min_score) {
        Ok(())
    } else {
        Err(Error::value(min_score_message(&min_score.to_string())))
    }
}

/// Which rows a pairing of names returns (the `how` option).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum How {
    /// The pairs only.
    #[default]
    Inner,
    /// The pairs, with every left name left unpaired, then every unpaired right name.
    Outer,
}

crate::options::choice!(How, "how", ["inner" => How::Inner, "outer" => How::Outer]);

/// One row of an outer pairing: left and right positions (`None`: unpaired) and the score (0
/// for an unpaired name).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct OuterRow {
    /// The position in the left list, or `None` for an unpaired right name.
    pub left: Option<u32>,
    /// The position in the right list, or `None` for an unpaired left name.
    pub right: Option<u32>,
    /// The pair's similarity; 0 when either side is missing.
    pub score: f64,
}

/// The rows of [`How::Outer`]: every left name in order (with its partner and score, if
/// paired), then every unpaired right name in order. `pairs` as returned by [`pair_names`].
pub fn outer_rows(pairs: &[Edge], n_left: usize, n_right: usize) -> Vec<OuterRow> {
    let mut out: Vec<OuterRow> =
        (0..n_left as u32).map(|l| OuterRow { left: Some(l), right: None, score: 0.0 }).collect();
    let mut paired_right = vec![false; n_right];
    for e in pairs {
        out[e.left as usize].right = Some(e.right);
        out[e.left as usize].score = e.score;
        paired_right[e.right as usize] = true;
    }
    out.extend((0..n_right as u32).filter(|&r| !paired_right[r as usize]).map(|r| OuterRow {
        left: None,
        right: Some(r),
        score: 0.0,
    }));
    out
}

/// At most this many unit pairs once identical names are expanded (see [`pair_names`]).
pub const MAX_EDGES: usize = 50_000_000;

/// Identical normalised names of one side, grouped: group `g` is `names[g]`, standing for the
/// units `units[off[g]..off[g + 1]]` (ascending). Missing names belong to no group.
struct Groups<'a> {
    names: Vec<Option<&'a str>>,
    counts: Vec<u32>,
    off: Vec<usize>,
    units: Vec<u32>,
}

impl<'a> Groups<'a> {
    fn new(norm: &'a [Option<String>]) -> Groups<'a> {
        let mut ids: HashMap<&str, u32> = HashMap::new();
        let mut names = Vec::new();
        let mut of_unit = Vec::with_capacity(norm.len());
        for s in norm {
            of_unit.push(s.as_deref().map(|s| {
                *ids.entry(s).or_insert_with(|| {
                    names.push(Some(s));
                    (names.len() - 1) as u32
                })
            }));
        }
        let mut counts = vec![0u32; names.len()];
        for g in of_unit.iter().flatten() {
            counts[*g as usize] += 1;
        }
        let mut off = vec![0usize; names.len() + 1];
        for g in 0..names.len() {
            off[g + 1] = off[g] + counts[g] as usize;
        }
        let mut fill = off.clone();
        let mut units = vec![0u32; off[names.len()]];
        for (u, g) in of_unit.iter().enumerate() {
            if let Some(g) = g {
                units[fill[*g as usize]] = u as u32;
                fill[*g as usize] += 1;
            }
        }
        Groups { names, counts, off, units }
    }

    fn units(&self, g: u32) -> &[u32] {
        &self.units[self.off[g as usize]..self.off[g as usize + 1]]
    }
}

/// Group identical names of both sides and index the groups (word weights count every copy).
fn prepare<'a>(
    l: &'a [Option<String>],
    r: &'a [Option<String>],
    limits: &Limits,
    cancel: &Cancel,
) -> Result<(Groups<'a>, Groups<'a>, NameIndex)> {
    let (lg, rg) = rayon::join(|| Groups::new(l), || Groups::new(r));
    cancel.check()?;
    let index = NameIndex::with_counts(&lg.names, &lg.counts, &rg.names, &rg.counts, limits, cancel)?;
    Ok((lg, rg, index))
}

/// The refusal of more than `max` pairs to solve at once between distinct names.
fn many_pairs_message(used: usize, max: usize) -> String {
    format!(
        "pair_names: {used} candidate pairs, more than {max}: many names share common words that alone \
         reach min_score; raise min_score, or give left_block/right_block (a region, a type of body) \
         so that names meet only within blocks"
    )
}

/// The unit pairs behind group pairs: every copy of the left name with every copy of the
/// right; sorted by left then right. When every group of the pairs has one member, the pairs
/// are renumbered in place (no copy of the list).
fn expand(
    mut edges: Vec<Edge>,
    lg: &Groups<'_>,
    rg: &Groups<'_>,
    limits: &Limits,
    already: usize,
) -> Result<(Vec<Edge>, usize)> {
    let total: usize = edges.iter().map(|e| lg.units(e.left).len() * rg.units(e.right).len()).sum();
    if let Err(used) = limits.pairs(total.saturating_sub(already)) {
        let max = limits.max_pairs;
        return Err(Error::value(if total > edges.len() {
            format!(
                "pair_names: copies of identical names make {used} candidate pairs, more than {max}: pair the \
                 distinct names, then join back"
            )
        } else {
            // no copies behind them: distinct names that share common words (the certified
            // pairing's later solves count here, with every pair its prices could not rule out)
            many_pairs_message(used, max)
        }));
    }
    let out = if total == edges.len() {
        for e in &mut edges {
            e.left = lg.units(e.left)[0];
            e.right = rg.units(e.right)[0];
        }
        edges
    } else {
        let mut out = Vec::with_capacity(total);
        for e in &edges {
            for &a in lg.units(e.left) {
                for &b in rg.units(e.right) {
                    out.push(Edge { left: a, right: b, ..*e });
                }
            }
        }
        out
    };
    let mut out = out;
    out.par_sort_unstable_by_key(|e| (e.left, e.right));
    Ok((out, total))
}

/// Normalise both lists, find every pair scoring at least `min_score`, and choose the
/// one-to-one pairing maximising the sum of squared scores (see [`assign_edges`]). Pairs
/// sorted by left index.
///
/// Identical normalised names are indexed once. A group pair that is a connected component
/// on its own (`k` copies of one name whose only candidates are `m` copies of one other name)
/// is solved directly, pairing copies in index order (every maximal pairing is optimal there);
/// other components are expanded to all their unit pairs and solved exactly by `matcher`.
pub fn pair_names(
    left: &[Option<&str>],
    right: &[Option<&str>],
    norm: &Normalizer,
    opts: &PairOptions,
    matcher: Matcher<'_>,
    cancel: &Cancel,
) -> Result<Vec<Edge>> {
    pair_names_within(left, right, norm, opts, matcher, &Limits::default(), cancel)
}

/// [`pair_names`] within `limits` (shared by the blocks of one call).
fn pair_names_within(
    left: &[Option<&str>],
    right: &[Option<&str>],
    norm: &Normalizer,
    opts: &PairOptions,
    matcher: Matcher<'_>,
    limits: &Limits,
    cancel: &Cancel,
) -> Result<Vec<Edge>> {
    check_min_score(opts.min_score)?;
    check_sizes(left.len(), right.len())?;
    let (l, r) = rayon::join(|| normalize_all(norm, left), || normalize_all(norm, right));
    cancel.check()?;
    let (lg, rg, index) = prepare(&l, &r, limits, cancel)?;
    let acr = acronym_edges(left, right, &l, &r, &lg, &rg, &index, norm, opts.min_score, false, limits, cancel)?;
    // unit pairs counted against `limits` so far (each solve counts only what it adds)
    let counted = std::sync::atomic::AtomicUsize::new(0);
    let solve = |edges: &[Edge]| -> Result<sparse::Solved> {
        solve_groups(edges, &lg, &rg, &acr, (left.len(), right.len()), matcher, limits, &counted, cancel)
    };
    let problem = sparse::Problem { index: &index, min_score: opts.min_score, solve: &solve };
    let (assigned, _rounds, _solved) = sparse::pair_certified(&problem, limits, cancel)?;
    Ok(assigned.pairs)
}

/// The optimal pairing of name pairs `edges` (groups of identical names) and the acronym
/// pairs, with its prices (see [`Assigned`]), and for each left group and each right group the smallest price of
/// its units. A group pair alone in its component (`k` copies of one name whose only
/// candidates are `m` copies of one other name) is solved directly, pairing copies in index
/// order (every maximal pairing is optimal there; the side with fewer copies takes the
/// weight as its price); other components are expanded to all their unit pairs and solved
/// exactly by `matcher`.
#[allow(clippy::too_many_arguments)]
fn solve_groups(
    edges: &[Edge],
    lg: &Groups<'_>,
    rg: &Groups<'_>,
    acr: &[acronym::AcronymEdge],
    (n_left, n_right): (usize, usize),
    matcher: Matcher<'_>,
    limits: &Limits,
    counted: &std::sync::atomic::AtomicUsize,
    cancel: &Cancel,
) -> Result<sparse::Solved> {
    // group pairs alone in their component: left groups and right groups of degree one
    let mut deg_l = vec![0u32; lg.names.len()];
    let mut deg_r = vec![0u32; rg.names.len()];
    for e in edges {
        deg_l[e.left as usize] += 1;
        deg_r[e.right as usize] += 1;
    }
    for a in acr {
        deg_l[a.left.1 as usize] += 2; // solved with their units' acronym pairs
        deg_r[a.right.1 as usize] += 2;
    }
    let (alone, shared): (Vec<Edge>, Vec<Edge>) =
        edges.iter().partition(|e| deg_l[e.left as usize] == 1 && deg_r[e.right as usize] == 1);
    let before = counted.load(std::sync::atomic::Ordering::Relaxed);
    let (units, total) = expand(shared, lg, rg, limits, before)?;
    counted.fetch_max(total, std::sync::atomic::Ordering::Relaxed);
    let units = with_acronyms(units, acr);
    let mut got = assign_edges(&units, n_left, n_right, matcher, cancel)?;
    for e in &alone {
        let (ls, rs) = (lg.units(e.left), rg.units(e.right));
        for (&a, &b) in ls.iter().zip(rs) {
            got.pairs.push(Edge { left: a, right: b, ..*e });
        }
        let w = weight(e);
        if ls.len() <= rs.len() {
            ls.iter().for_each(|&a| got.left_price[a as usize] = w);
        } else {
            rs.iter().for_each(|&b| got.right_price[b as usize] = w);
        }
    }
    got.pairs.sort_unstable_by_key(|e| e.left);
    let least = |groups: &Groups<'_>, price: &[f64]| -> Vec<f64> {
        (0..groups.names.len() as u32)
            .map(|g| groups.units(g).iter().map(|&a| price[a as usize]).fold(f64::INFINITY, f64::min))
            .collect()
    };
    let (lp, rp) = (least(lg, &got.left_price), least(rg, &got.right_price));
    Ok((got, lp, rp))
}

fn check_sizes(n_left: usize, n_right: usize) -> Result<()> {
    if n_left >= u32::MAX as usize || n_right >= u32::MAX as usize {
        return Err(Error::value("pair_names: at most 4294967294 names a side"));
    }
    Ok(())
}

/// The scored candidate pairs only (no assignment): every pair scoring at least `min_score`,
/// sorted by left then right.
pub fn name_edges(
    left: &[Option<&str>],
    right: &[Option<&str>],
    norm: &Normalizer,
    min_score: f64,
    cancel: &Cancel,
) -> Result<Vec<Edge>> {
    name_edges_within(left, right, norm, min_score, &Limits::default(), cancel)
}

fn name_edges_within(
    left: &[Option<&str>],
    right: &[Option<&str>],
    norm: &Normalizer,
    min_score: f64,
    limits: &Limits,
    cancel: &Cancel,
) -> Result<Vec<Edge>> {
    check_min_score(min_score)?;
    check_sizes(left.len(), right.len())?;
    let (l, r) = rayon::join(|| normalize_all(norm, left), || normalize_all(norm, right));
    cancel.check()?;
    let (lg, rg, index) = prepare(&l, &r, limits, cancel)?;
    let edges = index.candidates_within(min_score, limits, cancel)?;
    let acr = acronym_edges(left, right, &l, &r, &lg, &rg, &index, norm, min_score, false, limits, cancel)?;
    Ok(with_acronyms(expand(edges, &lg, &rg, limits, 0)?.0, &acr))
}

/// The pairs of units matched through an acronym (see [`acronym`]).
#[allow(clippy::too_many_arguments)]
fn acronym_edges(
    left: &[Option<&str>],
    right: &[Option<&str>],
    l: &[Option<String>],
    r: &[Option<String>],
    lg: &Groups<'_>,
    rg: &Groups<'_>,
    index: &NameIndex,
    norm: &Normalizer,
    min_score: f64,
    explain: bool,
    limits: &Limits,
    cancel: &Cancel,
) -> Result<Vec<acronym::AcronymEdge>> {
    let ls = acronym::Side { names: left, norm: l, groups: lg };
    let rs = acronym::Side { names: right, norm: r, groups: rg };
    acronym::edges(&ls, &rs, index, norm, min_score, explain, limits, cancel)
}

/// Unit pairs (sorted by left then right) with the acronym pairs added; a pair found both ways
/// keeps the higher score.
fn with_acronyms(mut units: Vec<Edge>, acr: &[acronym::AcronymEdge]) -> Vec<Edge> {
    if acr.is_empty() {
        return units;
    }
    units.extend(acr.iter().map(acronym::AcronymEdge::edge));
    units.sort_unstable_by(|p, q| (p.left, p.right).cmp(&(q.left, q.right)).then(q.score.total_cmp(&p.score)));
    units.dedup_by(|later, first| (later.left, later.right) == (first.left, first.right));
    units
}

/// Positions of each block present on both sides: `(left positions, right positions)`.
/// A negative code is a missing block: such names are never paired.
fn blocks(left_block: &[i64], right_block: &[i64]) -> Vec<(Vec<u32>, Vec<u32>)> {
    let mut by: HashMap<i64, (Vec<u32>, Vec<u32>)> = HashMap::new();
    for (i, &b) in left_block.iter().enumerate().filter(|p| *p.1 >= 0) {
        by.entry(b).or_default().0.push(i as u32);
    }
    for (i, &b) in right_block.iter().enumerate().filter(|p| *p.1 >= 0) {
        if let Some(e) = by.get_mut(&b) {
            e.1.push(i as u32);
        }
    }
    let mut codes: Vec<i64> = by.iter().filter(|(_, (l, r))| !r.is_empty() && !l.is_empty()).map(|p| *p.0).collect();
    codes.sort_unstable();
    codes.into_iter().filter_map(|c| by.remove(&c)).collect()
}

/// Checks that a block column has one code per name.
fn check_blocks(left: usize, right: usize, left_block: &[i64], right_block: &[i64]) -> Result<()> {
    for (what, n, b) in [("left_block", left, left_block), ("right_block", right, right_block)] {
        if b.len() != n {
            return Err(Error::value(format!("{what}: expected one block per name ({n}), got {}", b.len())));
        }
    }
    Ok(())
}

/// Solves one block: its left and right names in, its result out.
type BlockSolver<'s, T> = &'s (dyn Fn(&[Option<&str>], &[Option<&str>]) -> Result<T> + Sync);

/// Runs `solve` on each block (in parallel): `(left positions, right positions, result)` per
/// block, in order of block code.
#[allow(clippy::type_complexity)]
fn per_block<T: Send>(
    left: &[Option<&str>],
    right: &[Option<&str>],
    left_block: &[i64],
    right_block: &[i64],
    cancel: &Cancel,
    solve: BlockSolver<'_, T>,
) -> Result<Vec<(Vec<u32>, Vec<u32>, T)>> {
    check_blocks(left.len(), right.len(), left_block, right_block)?;
    blocks(left_block, right_block)
        .into_par_iter()
        .map(|(li, ri)| -> Result<(Vec<u32>, Vec<u32>, T)> {
            cancel.check()?;
            let l: Vec<Option<&str>> = li.iter().map(|&i| left[i as usize]).collect();
            let r: Vec<Option<&str>> = ri.iter().map(|&i| right[i as usize]).collect();
            let out = solve(&l, &r)?;
            Ok((li, ri, out))
        })
        .collect()
}

/// Pairs of each block mapped back to positions in the whole lists; sorted by left then right.
fn edges_of_blocks(parts: Vec<(Vec<u32>, Vec<u32>, Vec<Edge>)>) -> Vec<Edge> {
    let mut out: Vec<Edge> = parts
        .into_iter()
        .flat_map(|(li, ri, edges)| {
            edges.into_iter().map(move |e| Edge { left: li[e.left as usize], right: ri[e.right as usize], ..e })
        })
        .collect();
    out.sort_unstable_by_key(|e| (e.left, e.right));
    out
}

/// [`pair_names`] within blocks: names are paired only with names of the same block code
/// (`left_block[i]`, `right_block[j]`; a negative code: never paired). Each block is an
/// independent problem (word weights are counted within it), solved in parallel; the limits
/// on work and memory apply to the whole call, not to each block.
#[allow(clippy::too_many_arguments)]
pub fn pair_names_blocked(
    left: &[Option<&str>],
    right: &[Option<&str>],
    left_block: &[i64],
    right_block: &[i64],
    norm: &Normalizer,
    opts: &PairOptions,
    matcher: Matcher<'_>,
    cancel: &Cancel,
) -> Result<Vec<Edge>> {
    check_min_score(opts.min_score)?;
    let limits = Limits::default();
    let parts = per_block(left, right, left_block, right_block, cancel, &|l, r| {
        pair_names_within(l, r, norm, opts, matcher, &limits, cancel)
    })?;
    Ok(edges_of_blocks(parts))
}

/// [`name_edges`] within blocks (see [`pair_names_blocked`]).
pub fn name_edges_blocked(
    left: &[Option<&str>],
    right: &[Option<&str>],
    left_block: &[i64],
    right_block: &[i64],
    norm: &Normalizer,
    min_score: f64,
    cancel: &Cancel,
) -> Result<Vec<Edge>> {
    name_edges_blocked_within(left, right, left_block, right_block, norm, min_score, &Limits::default(), cancel)
}

/// [`name_edges_blocked`] within `limits`, for the whole call.
#[allow(clippy::too_many_arguments)]
pub fn name_edges_blocked_within(
    left: &[Option<&str>],
    right: &[Option<&str>],
    left_block: &[i64],
    right_block: &[i64],
    norm: &Normalizer,
    min_score: f64,
    limits: &Limits,
    cancel: &Cancel,
) -> Result<Vec<Edge>> {
    check_min_score(min_score)?;
    let parts = per_block(left, right, left_block, right_block, cancel, &|l, r| {
        name_edges_within(l, r, norm, min_score, limits, cancel)
    })?;
    Ok(edges_of_blocks(parts))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_hull_and_kingston_optimally() {
        let left = [Some("Hull Teaching PCT"), Some("Kingston PCT"), Some("Bexley Care Trust"), None];
        let right =
            [Some("Royal Borough of Kingston upon Thames"), Some("LB Bexley"), Some("Kingston upon Hull City Council")];
        let norm = Normalizer::builtin().unwrap();
        let pairs = pair_names(
            &left,
            &right,
            &norm,
            &PairOptions { min_score: 30.0 },
            &crate::pairing::assign::max_weight_matching_duals_within,
            Cancel::never(),
        )
        .unwrap();
        let got: Vec<(u32, u32)> = pairs.iter().map(|e| (e.left, e.right)).collect();
        assert_eq!(got, vec![(0, 2), (1, 0), (2, 1)]);
        assert_eq!(pairs[2].score, 100.0);
    }

    #[test]
    fn word_order_and_typos() {
        let left = [Some("North Ashworth PCT"), Some("Leeds PCT")];
        let right = [Some("Leeda City Council"), Some("Ashworth North Council")];
        let norm = Normalizer::builtin().unwrap();
        let e = name_edges(&left, &right, &norm, 1.0, Cancel::never()).unwrap();
        assert!(e.iter().any(|e| (e.left, e.right) == (0, 1) && (e.score - 100.0).abs() < 1e-9));
        let s = e.iter().find(|e| (e.left, e.right) == (1, 0)).unwrap().score;
        assert!((s - 80.0).abs() < 1e-9, "{s}");
    }

    #[test]
    fn limits_apply_to_the_whole_call_not_to_each_block() {
        // 4 blocks of 30 distinct names sharing two words, at min_score 1
        let names: Vec<String> = (0..120)
            .map(|i| format!("{} leeds hull", ["alpha", "brimley", "kingston"][i % 3].repeat(1 + i % 30)))
            .collect();
        let names: Vec<Option<&str>> = names.iter().map(|s| Some(s.as_str())).collect();
        let blocks: Vec<i64> = (0..120).map(|i| i / 30).collect();
        let norm = Normalizer::builtin().unwrap();
        let run = |n: usize, max: usize| {
            let limits = Limits::new(max, MAX_WORD_NEIGHBOURS, usize::MAX);
            let got = name_edges_blocked_within(
                &names[..n],
                &names[..n],
                &blocks[..n],
                &blocks[..n],
                &norm,
                1.0,
                &limits,
                Cancel::never(),
            );
            (got.map(|e| e.len()).map_err(|e| e.to_string()), limits.probes_used())
        };
        let (one, one_block) = run(30, usize::MAX);
        assert_eq!(one, Ok(30 * 30));
        let (all, whole) = run(120, usize::MAX);
        assert_eq!(all, Ok(4 * 30 * 30));
        assert_eq!(whole, 4 * one_block);
        assert_eq!(run(120, whole).0, Ok(4 * 30 * 30));
        let err = run(120, whole - 1).0.unwrap_err();
        assert!(err.contains(&format!("candidate pairs share a word, more than {}", whole - 1)), "{err}");
        // each block alone is well under that limit: the call as a whole is refused
        assert!(one_block < whole - 1);
    }

    #[test]
    fn too_many_pairs_without_copies_is_not_blamed_on_copies() {
        // 30 distinct names a side sharing one common word: at min_score 1 every pair is a
        // candidate, all tied, and the certificate gives every one of them to the second solve
        let mut x: u64 = 3;
        let mut word = || -> String {
            (0..9)
                .map(|_| {
                    x ^= x << 13;
                    x ^= x >> 7;
                    x ^= x << 17;
                    (b'a' + (x % 26) as u8) as char
                })
                .collect()
        };
        let l: Vec<String> = (0..30).map(|_| format!("common {}", word())).collect();
        let r: Vec<String> = (0..30).map(|_| format!("common {}", word())).collect();
        let l: Vec<Option<&str>> = l.iter().map(|s| Some(s.as_str())).collect();
        let r: Vec<Option<&str>> = r.iter().map(|s| Some(s.as_str())).collect();
        let norm = Normalizer::builtin().unwrap();
        let matcher = &crate::pairing::assign::max_weight_matching_duals_within;
        let opts = PairOptions { min_score: 1.0 };
        let within = || Limits::new(MAX_PROBES, MAX_WORD_NEIGHBOURS, 500);
        let err = pair_names_within(&l, &r, &norm, &opts, matcher, &within(), Cancel::never()).unwrap_err().to_string();
        assert!(!err.contains("copies"), "{err}");
        assert!(err.contains("more than 500") && err.contains("min_score") && err.contains("left_block"), "{err}");
        // counted before they are built: all 900 pairs (120 in the first solve, 780 set aside)
        assert!(err.contains("900 candidate pairs"), "{err}");
        // with copies behind the pairs, the copies are named
        let leeds: Vec<Option<&str>> = vec![Some("leeds"); 30];
        let more: Vec<Option<&str>> = leeds.iter().copied().chain([Some("leeds north")]).collect();
        let err = pair_names_within(&more, &leeds, &norm, &opts, matcher, &within(), Cancel::never()).unwrap_err();
        assert!(err.to_string().contains("copies of identical names make 930 candidate pairs"), "{err}");
    }

    #[test]
    fn how_is_parsed_with_the_options_named() {
        assert_eq!("inner".parse::<How>().unwrap(), How::Inner);
        assert_eq!("outer".parse::<How>().unwrap(), How::Outer);
        let err = "left".parse::<How>().unwrap_err().to_string();
        assert_eq!(err, "how: expected one of ['inner', 'outer'], got 'left'");
    }

    #[test]
    fn min_score_out_of_range_is_refused() {
        let norm = Normalizer::builtin().unwrap();
        let err = name_edges(&[Some("a")], &[Some("a")], &norm, 120.0, Cancel::never()).unwrap_err().to_string();
        assert_eq!(err, "min_score: expected a number from 0 to 100, got 120");
        assert!(check_min_score(f64::NAN).is_err());
    }

    #[test]
    fn outer_rows_keep_every_name() {
        let pairs = [Edge { left: 1, right: 2, score: 50.0, ordered: true }];
        let rows = outer_rows(&pairs, 2, 3);
        let got: Vec<(Option<u32>, Option<u32>, f64)> = rows.iter().map(|r| (r.left, r.right, r.score)).collect();
        assert_eq!(
            got,
            vec![(Some(0), None, 0.0), (Some(1), Some(2), 50.0), (None, Some(0), 0.0), (None, Some(1), 0.0)]
        );
    }
}
