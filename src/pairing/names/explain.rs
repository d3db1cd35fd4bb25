//! Explanations of chosen pairs: for pairs a pairing returned, the words matched and the words
//! left over, exactly as [`name_candidates`](super::name_candidates) with `explain` gives them
//! for the same two names. Built after the pairing, from the same normalisation, groups, index
//! and acronym matches (word weights counted within each block, as the pairing counted them).

use rayon::prelude::*;

use super::acronym::Side;
use super::candidates::explain as words_matched;
use super::{
    acronym_edges, blocks as block_positions, check_blocks, check_min_score, check_sizes, normalize_all, prepare,
    Limits, Normalizer,
};
use crate::cancel::Cancel;
use crate::{Error, Result};

/// The explanation of one pair: the words matched (`word`, `word~other` at one typing error,
/// `acronym:letters` first for a match through an acronym) and the words of both names left
/// over, each joined by spaces.
pub type Why = (String, String);

/// The explanation of each pair `(left position, right position)` of `pairs`, in order: that of
/// the score the pair has, so the acronym match's when it scores above the plain match (as
/// [`name_candidates`](super::name_candidates) chooses), else the plain match's. `min_score`
/// and `blocks` as given to the pairing. A pair with a missing name, a position out of range,
/// or (with blocks) two names of different blocks is refused.
pub fn explain_pairs(
    left: &[Option<&str>],
    right: &[Option<&str>],
    blocks: Option<(&[i64], &[i64])>,
    norm: &Normalizer,
    min_score: f64,
    pairs: &[(u32, u32)],
    cancel: &Cancel,
) -> Result<Vec<Why>> {
    check_min_score(min_score)?;
    check_pairs(left, right, pairs)?;
    let limits = Limits::default();
    let Some((lb, rb)) = blocks else {
        return explain_block(left, right, norm, min_score, pairs, &limits, cancel);
    };
    check_blocks(left.len(), right.len(), lb, rb)?;
    let parts = block_positions(lb, rb);
    // the block and the position within it of every name in a block
    let mut at_l = vec![(usize::MAX, 0u32); left.len()];
    let mut at_r = vec![(usize::MAX, 0u32); right.len()];
    for (b, (li, ri)) in parts.iter().enumerate() {
        for (at, pos) in [(&mut at_l, li), (&mut at_r, ri)] {
            for (k, &i) in pos.iter().enumerate() {
                at[i as usize] = (b, k as u32);
            }
        }
    }
    let mut wanted: Vec<Vec<(usize, (u32, u32))>> = vec![Vec::new(); parts.len()];
    for (p, &(a, b)) in pairs.iter().enumerate() {
        let ((bl, la), (br, rb)) = (at_l[a as usize], at_r[b as usize]);
        if bl == usize::MAX || bl != br {
            return Err(Error::value(format!("explain: the pair ({a}, {b}) is not within one block")));
        }
        wanted[bl].push((p, (la, rb)));
    }
    let done: Vec<Vec<(usize, Why)>> = parts
        .par_iter()
        .zip(wanted)
        .filter(|(_, want)| !want.is_empty())
        .map(|((li, ri), want)| -> Result<Vec<(usize, Why)>> {
            cancel.check()?;
            let l: Vec<Option<&str>> = li.iter().map(|&i| left[i as usize]).collect();
            let r: Vec<Option<&str>> = ri.iter().map(|&i| right[i as usize]).collect();
            let local: Vec<(u32, u32)> = want.iter().map(|w| w.1).collect();
            let whys = explain_block(&l, &r, norm, min_score, &local, &limits, cancel)?;
            Ok(want.into_iter().map(|w| w.0).zip(whys).collect())
        })
        .collect::<Result<_>>()?;
    let mut out = vec![Why::default(); pairs.len()];
    for (p, why) in done.into_iter().flatten() {
        out[p] = why;
    }
    Ok(out)
}

/// Each pair names two present names of the lists.
fn check_pairs(left: &[Option<&str>], right: &[Option<&str>], pairs: &[(u32, u32)]) -> Result<()> {
    for &(a, b) in pairs {
        let present = |names: &[Option<&str>], i: u32| names.get(i as usize).is_some_and(Option::is_some);
        if !present(left, a) || !present(right, b) {
            return Err(Error::value(format!("explain: the pair ({a}, {b}) is not a pair of two names of the lists")));
        }
    }
    Ok(())
}

/// [`explain_pairs`] within one list (or block) of names.
fn explain_block(
    left: &[Option<&str>],
    right: &[Option<&str>],
    norm: &Normalizer,
    min_score: f64,
    pairs: &[(u32, u32)],
    limits: &Limits,
    cancel: &Cancel,
) -> Result<Vec<Why>> {
    check_sizes(left.len(), right.len())?;
    let (l, r) = rayon::join(|| normalize_all(norm, left), || normalize_all(norm, right));
    cancel.check()?;
    let (lg, rg, index) = prepare(&l, &r, limits, cancel)?;
    // sorted by left then right unit, one per pair (the best)
    let acr = acronym_edges(left, right, &l, &r, &lg, &rg, &index, norm, min_score, true, limits, cancel)?;
    let group_l = Side { names: left, norm: &l, groups: &lg }.group_of();
    let group_r = Side { names: right, norm: &r, groups: &rg }.group_of();
    cancel.check()?;
    let out = pairs
        .par_iter()
        .with_min_len(256)
        .map(|&(a, b)| {
            let (ga, gb) = (group_l[a as usize] as usize, group_r[b as usize] as usize);
            let through_acronym = acr
                .binary_search_by(|e| (e.left.0, e.right.0).cmp(&(a, b)))
                .ok()
                .map(|i| &acr[i])
                .filter(|e| e.score > index.score(ga, gb));
            match through_acronym {
                Some(e) => e.why.clone().unwrap_or_default(),
                None => {
                    let (na, nb) = (lg.names[ga].unwrap_or(""), rg.names[gb].unwrap_or(""));
                    words_matched(na, nb, &index.matched(ga, gb))
                }
            }
        })
        .collect();
    cancel.check()?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    // the real matcher (the certified pairing needs its dual prices)
    use super::super::{name_candidates, pair_names, pair_names_blocked, CandidateHow, CandidateOptions, PairOptions};
    use super::*;
    use crate::pairing::assign::max_weight_matching_duals_within as matcher;

    const LEFT: [Option<&str>; 7] = [
        Some("GOSH"),
        Some("North Leeds PCT"),
        Some("Kingston PCT"),
        None,
        Some("Leeda West"),
        Some("SLaM"),
        Some("Hull Teaching PCT"),
    ];
    const RIGHT: [Option<&str>; 7] = [
        Some("Leeds North City Council"),
        Some("GREAT ORMOND STREET HOSPITAL FOR CHILDREN NHS FOUNDATION TRUST"),
        Some("Royal Borough of Kingston upon Thames"),
        Some("West Leeds"),
        Some("SOUTH LONDON AND MAUDSLEY NHS FOUNDATION TRUST"),
        Some("Kingston upon Hull City Council"),
        None,
    ];

    /// The explanation `name_candidates` gives each (left, right) pair, k = all.
    fn candidate_whys(blocks: Option<(&[i64], &[i64])>) -> Vec<((u32, u32), Why)> {
        let norm = Normalizer::builtin().unwrap();
        let opts = CandidateOptions { min_score: 20.0, k: RIGHT.len(), how: CandidateHow::Inner, explain: true };
        let rows = name_candidates(&LEFT, &RIGHT, blocks, &norm, &opts, Cancel::never()).unwrap();
        rows.into_iter().map(|r| ((r.left.unwrap(), r.right.unwrap()), r.why.unwrap())).collect()
    }

    #[test]
    fn every_pair_is_explained_as_name_candidates_explains_it() {
        let norm = Normalizer::builtin().unwrap();
        let want = candidate_whys(None);
        assert!(want.len() > 7, "{want:?}");
        let pairs: Vec<(u32, u32)> = want.iter().map(|w| w.0).collect();
        let got = explain_pairs(&LEFT, &RIGHT, None, &norm, 20.0, &pairs, Cancel::never()).unwrap();
        for (w, g) in want.iter().zip(&got) {
            assert_eq!(&w.1, g, "{:?}", w.0);
        }
        // the chosen pairs, acronyms among them
        let chosen =
            pair_names(&LEFT, &RIGHT, &norm, &PairOptions { min_score: 20.0 }, &matcher, Cancel::never()).unwrap();
        let pairs: Vec<(u32, u32)> = chosen.iter().map(|e| (e.left, e.right)).collect();
        let got = explain_pairs(&LEFT, &RIGHT, None, &norm, 20.0, &pairs, Cancel::never()).unwrap();
        assert_eq!(pairs[0], (0, 1));
        assert_eq!(got[0], ("acronym:gosh".to_string(), "for children".to_string()));
        let slam = pairs.iter().position(|p| *p == (5, 4)).unwrap();
        assert_eq!(got[slam], ("acronym:slam".to_string(), String::new()));
        let leeds = pairs.iter().position(|p| *p == (1, 0)).unwrap();
        assert_eq!(got[leeds], ("north leeds".to_string(), String::new()));
    }

    #[test]
    fn blocks_count_word_weights_within_each_block() {
        let norm = Normalizer::builtin().unwrap();
        let (lb, rb): (&[i64], &[i64]) = (&[0, 1, 0, 1, 1, 0, 0], &[1, 0, 0, 1, 0, 0, -1]);
        let want = candidate_whys(Some((lb, rb)));
        let pairs: Vec<(u32, u32)> = want.iter().map(|w| w.0).collect();
        let got = explain_pairs(&LEFT, &RIGHT, Some((lb, rb)), &norm, 20.0, &pairs, Cancel::never()).unwrap();
        assert_eq!(got, want.iter().map(|w| w.1.clone()).collect::<Vec<_>>());
        let opts = PairOptions { min_score: 20.0 };
        let chosen = pair_names_blocked(&LEFT, &RIGHT, lb, rb, &norm, &opts, &matcher, Cancel::never()).unwrap();
        let pairs: Vec<(u32, u32)> = chosen.iter().map(|e| (e.left, e.right)).collect();
        assert!(explain_pairs(&LEFT, &RIGHT, Some((lb, rb)), &norm, 20.0, &pairs, Cancel::never()).is_ok());
        // a pair across blocks, a missing name, a position out of range
        for bad in [(0, 0), (3, 0), (0, 9)] {
            let err = explain_pairs(&LEFT, &RIGHT, Some((lb, rb)), &norm, 20.0, &[bad], Cancel::never()).unwrap_err();
            assert!(err.to_string().starts_with("explain: the pair"), "{err}");
        }
    }
}
