//! The exact one-to-one pairing from a few candidates per name: column generation with a
//! dual-price certificate.
//!
//! On 200,000 names a side whose every word is common, tens of millions of pairs reach
//! `min_score` (65 million on the benchmark's harshest shape), while the pairing keeps at most
//! one per name, and the exact assignment's time grows with the pairs it is given. So the
//! pairing is first solved on each left name's [`FIRST_KEPT`] best candidates (by the
//! assignment's [`weight`]); the others are set aside in 8 bytes each (the right name and an
//! upper bound of the weight in `f32`). The solver also gives optimal dual prices, `u` for
//! left units and `v` for right units: non-negative, `u_l + v_r >= w_lr` on every pair kept,
//! and `sum u + sum v` equal to the pairing's total ([`crate::pairing::assign::Duals`]). When
//! every pair set aside is covered by its prices too (`w_lr <= u_l + v_r`, tested by
//! [`violates`], which is conservative: a tie, or a cover within rounding, fails it), the
//! prices are feasible for the problem with every candidate, and by linear-programming
//! duality (the bipartite matching polytope is integral) no pairing of all the candidates has
//! a larger total: the pairing is optimal as if every candidate had been given to the solver.
//! Otherwise the pairs that fail are scored again exactly, added, and the pairing solved
//! again, until none fails (at worst with every candidate added: the direct method).
//!
//! Names are groups of identical names here (see `pair_names`): the price of a group is the
//! smallest price of its units, which covers each unit pair behind a group pair.
//!
//! What is optimal is the total: among pairings of equal total (the same scores in another
//! arrangement), the one returned may differ from the one the direct method would return.

use super::components::{weight, Assigned};
use super::index::NameIndex;
use super::limits::Limits;
use super::Edge;
use crate::cancel::Cancel;
use crate::pairing::assign::violates;
use crate::Result;
use rayon::prelude::*;

/// Candidates given to the first solve per left name.
pub const FIRST_KEPT: usize = 4;

/// A candidate set aside: the right name, and its weight rounded up to `f32`.
type SetAside = (u32, f32);

/// The `k` heaviest of a left name's candidates `(right, score, ordered)` (ties by right
/// index), heaviest first, and the others set aside.
pub fn heaviest(left: u32, found: &[(u32, f64, bool)], k: usize) -> (Vec<Edge>, Vec<SetAside>) {
    let mut all: Vec<Edge> =
        found.iter().map(|&(right, score, ordered)| Edge { left, right, score, ordered }).collect();
    let by_weight = |p: &Edge, q: &Edge| weight(q).total_cmp(&weight(p)).then(p.right.cmp(&q.right));
    let mut rest = Vec::new();
    if all.len() > k {
        all.select_nth_unstable_by(k, by_weight);
        rest = all[k..].iter().map(|e| (e.right, upper_f32(weight(e)))).collect();
        all.truncate(k);
        all.shrink_to_fit(); // kept until the first solve, for every name: k edges, not all
    }
    all.sort_unstable_by(by_weight);
    (all, rest)
}

/// The smallest `f32` at least `w` (`w >= 0`, finite: a weight).
fn upper_f32(w: f64) -> f32 {
    let f = w as f32; // the nearest f32, non-negative
    if (f as f64) < w {
        f32::from_bits(f.to_bits() + 1) // the next f32 up (bits of non-negative floats are ordered)
    } else {
        f
    }
}

/// A solved pairing, with the smallest price of each left name and of each right name.
pub type Solved = (Assigned, Vec<f64>, Vec<f64>);

/// What the pairing needs from the caller: the candidates, and how a set of name pairs
/// becomes a solved pairing of units.
pub struct Problem<'p> {
    /// The index the candidates come from.
    pub index: &'p NameIndex,
    /// `min_score` of the candidates.
    pub min_score: f64,
    /// Solves the pairing of the given name pairs: the chosen unit pairs and their prices, and
    /// for each left name and each right name the smallest price among its units.
    pub solve: &'p (dyn Fn(&[Edge]) -> Result<Solved> + Sync),
}

/// The optimal pairing of every candidate of `problem`, solved on a few candidates per name
/// and certified by dual prices (see the module docs). Returns the assignment, the number of
/// solves it took and the number of name pairs given to the last.
pub fn pair_certified(problem: &Problem<'_>, limits: &Limits, cancel: &Cancel) -> Result<(Assigned, usize, usize)> {
    let index = problem.index;
    let firsts = index.scored(problem.min_score, limits, cancel, &|l, found| heaviest(l as u32, found, FIRST_KEPT))?;
    let mut kept: Vec<Edge> = Vec::new();
    let mut aside: Vec<Vec<SetAside>> = Vec::with_capacity(firsts.len());
    for (edges, rest) in firsts {
        kept.extend(edges);
        aside.push(rest);
    }
    let mut set_aside: usize = aside.iter().map(Vec::len).sum();
    let mut rounds = 0;
    loop {
        rounds += 1;
        cancel.check()?; // after adding what may be tens of millions of pairs
        let (assigned, left_price, right_price) = (problem.solve)(&kept)?;
        cancel.check()?;
        let fails = |l: usize, &(r, w): &SetAside| violates(w as f64, left_price[l], right_price[r as usize]);
        if kept.len() + set_aside > limits.max_pairs {
            // count before building: more pairs than the limit are refused, not stored (the
            // later solve counts unit pairs, at least as many as these name pairs)
            let n: usize = aside
                .par_iter()
                .enumerate()
                .map(|(l, rest)| if cancel.requested() { 0 } else { rest.iter().filter(|p| fails(l, p)).count() })
                .sum();
            cancel.check()?;
            if kept.len() + n > limits.max_pairs {
                return Err(crate::Error::value(super::many_pairs_message(kept.len() + n, limits.max_pairs)));
            }
        }
        let added: Vec<Edge> = aside
            .par_iter_mut()
            .enumerate()
            .flat_map_iter(|(l, rest)| {
                let mut out = Vec::new();
                if cancel.requested() {
                    return out; // stop rescoring at once (the check below returns the error)
                }
                rest.retain(|p| {
                    let r = p.0;
                    if fails(l, p) {
                        let (score, ordered) = index.scored_pair(l, r as usize);
                        out.push(Edge { left: l as u32, right: r, score, ordered });
                        false
                    } else {
                        true
                    }
                });
                out
            })
            .collect();
        cancel.check()?; // the pass above may rescore tens of millions of pairs
        if added.is_empty() {
            return Ok((assigned, rounds, kept.len()));
        }
        set_aside -= added.len();
        kept.extend(added);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_heaviest_are_kept_and_the_best_left_out_is_remembered() {
        let found = [(0, 50.0, false), (1, 90.0, false), (2, 50.0, true), (3, 70.0, false)];
        let (top, mut rest) = heaviest(7, &found, 2);
        assert_eq!(top.iter().map(|e| e.right).collect::<Vec<_>>(), vec![1, 3]);
        assert!(top.iter().all(|e| e.left == 7));
        rest.sort_unstable_by_key(|p| p.0);
        let tie = 50.0 * 50.0 + super::super::components::ORDER_TIE_BREAK;
        assert_eq!(rest[0], (0, 2500.0));
        assert_eq!(rest[1].0, 2);
        assert!(rest[1].1 as f64 >= tie && (rest[1].1 as f64) < tie + 1e-3);
        for w in [0.0, 1e-40, 2500.0, 2500.000001, 1e4 + 1e-6, 3.4e38] {
            let u = upper_f32(w);
            assert!(u as f64 >= w && (u == 0.0 || ((f32::from_bits(u.to_bits() - 1)) as f64) < w), "{w} {u}");
        }
        let (all, none) = heaviest(7, &found, 9);
        assert_eq!(all.iter().map(|e| e.right).collect::<Vec<_>>(), vec![1, 3, 2, 0]);
        assert!(none.is_empty());
    }

    #[test]
    fn the_certified_pairing_has_the_total_of_the_pairing_of_every_candidate() {
        use crate::pairing::assign::max_weight_matching_duals_within;
        use crate::pairing::names::{assign_edges, name_edges, pair_names, Normalizer, PairOptions};
        // names of one to three words from a few common ones, typos and copies included: many
        // more candidates per name than the first solve keeps, and many ties
        let words = ["north", "leeds", "hull", "york", "yrok", "bexley", "and", "kingston", "kingstn"];
        let mut x: u64 = 11;
        let mut next = |n: usize| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x % n as u64) as usize
        };
        let norm = Normalizer::builtin().unwrap();
        let matcher = &max_weight_matching_duals_within;
        let mut widened = 0;
        for case in 0..300 {
            let mut names = |n: usize| -> Vec<String> {
                (0..n)
                    .map(|_| (0..1 + next(3)).map(|_| words[next(words.len())]).collect::<Vec<_>>().join(" "))
                    .collect()
            };
            let (l, r) = (names(5 + case % 40), names(5 + (case * 7) % 40));
            let l: Vec<Option<&str>> = l.iter().map(|s| Some(s.as_str())).collect();
            let r: Vec<Option<&str>> = r.iter().map(|s| Some(s.as_str())).collect();
            let min_score = [1.0, 35.0, 60.0][case % 3];
            let got = pair_names(&l, &r, &norm, &PairOptions { min_score }, matcher, Cancel::never()).unwrap();
            let all = name_edges(&l, &r, &norm, min_score, Cancel::never()).unwrap();
            let want = assign_edges(&all, l.len(), r.len(), matcher, Cancel::never()).unwrap().pairs;
            let total = |p: &[Edge]| -> f64 { p.iter().map(weight).sum() };
            let (a, b) = (total(&got), total(&want));
            assert!((a - b).abs() <= 1e-9 * b.max(1.0), "case {case}: {a} vs {b}");
            for e in &got {
                assert!(all.contains(e), "case {case}: {e:?} is not a candidate");
            }
            let per_left = all.iter().filter(|e| e.left == 0).count();
            widened += usize::from(per_left > FIRST_KEPT);
        }
        assert!(widened > 100, "the cases must hold names with more candidates than the first solve keeps");
    }

    #[test]
    fn the_weight_set_aside_is_the_smallest_f32_at_least_the_weight() {
        let mut next = xorshift(3);
        let mut ws: Vec<f64> = vec![0.0, 1e-300, 1.0, 1e4, 1e4 + 1e-6, 2_500.000_001, f32::MAX as f64];
        ws.extend((0..20_000).map(|_| next(1 << 30) as f64 / (1 << 30) as f64 * 10f64.powi(next(9) as i32 - 4)));
        ws.extend((0..2000).map(|_| (next(10_001) as f64 / 100.0).powi(2) + if next(2) == 0 { 1e-6 } else { 0.0 }));
        for w in ws {
            let f = upper_f32(w);
            assert!(f as f64 >= w, "{w}: {f}");
            if f > 0.0 {
                let below = f32::from_bits(f.to_bits() - 1);
                assert!((below as f64) < w, "{w}: {f} is not the smallest");
            }
        }
    }

    #[test]
    fn a_request_to_stop_ends_the_pass_over_the_set_aside_pairs_at_once() {
        use std::sync::atomic::{AtomicBool, Ordering};
        use std::sync::Mutex;
        use std::time::{Duration, Instant};
        // distinct names sharing one common word: every pair a candidate, all tied; a solve that
        // prices nothing leaves every set-aside pair violating, to be scored again
        let mut next = xorshift(41);
        let n = 1500;
        let mut word = || -> String { (0..9).map(|_| (b'a' + next(26) as u8) as char).collect() };
        let l: Vec<Option<String>> = (0..n).map(|_| Some(format!("common {}", word()))).collect();
        let r: Vec<Option<String>> = (0..n).map(|_| Some(format!("common {}", word()))).collect();
        let index = NameIndex::new(&l, &r).unwrap();
        let calls = Mutex::new(Vec::new());
        let solve = |_: &[Edge]| -> Result<Solved> {
            calls.lock().unwrap().push(Instant::now());
            let none = Assigned { pairs: Vec::new(), left_price: vec![0.0; n], right_price: vec![0.0; n] };
            Ok((none, vec![0.0; n], vec![0.0; n]))
        };
        let problem = Problem { index: &index, min_score: 1.0, solve: &solve };
        let limits = Limits::default();
        let (_, rounds, kept) = pair_certified(&problem, &limits, Cancel::never()).unwrap();
        assert_eq!((rounds, kept), (2, n * n));
        let pass = {
            let t = calls.lock().unwrap();
            t[1] - t[0]
        };
        // again, asking to stop a tenth of the way into the pass
        calls.lock().unwrap().clear();
        let cancel = Cancel::new();
        let solved = AtomicBool::new(false);
        let solve = |_: &[Edge]| -> Result<Solved> {
            solved.store(true, Ordering::SeqCst);
            let none = Assigned { pairs: Vec::new(), left_price: vec![0.0; n], right_price: vec![0.0; n] };
            Ok((none, vec![0.0; n], vec![0.0; n]))
        };
        let problem = Problem { index: &index, min_score: 1.0, solve: &solve };
        let (asked, ended, got) = std::thread::scope(|s| {
            let asker = s.spawn(|| {
                while !solved.load(Ordering::SeqCst) {
                    std::thread::sleep(Duration::from_millis(1));
                }
                std::thread::sleep(pass / 10);
                cancel.request();
                Instant::now()
            });
            let got = pair_certified(&problem, &limits, &cancel);
            let ended = Instant::now();
            (asker.join().unwrap(), ended, got)
        });
        assert!(matches!(got, Err(crate::Error::Interrupted)), "{:?}", got.map(|g| g.1));
        let waited = ended.saturating_duration_since(asked);
        assert!(waited < pass / 2, "stopped {waited:?} after the request; the whole pass takes {pass:?}");
    }

    /// A small deterministic generator for the tests below.
    fn xorshift(seed: u64) -> impl FnMut(usize) -> usize {
        let mut x = seed;
        move |n: usize| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x % n as u64) as usize
        }
    }

    #[test]
    fn candidates_are_exact_when_indexes_of_different_sizes_alternate_on_the_same_threads() {
        // the per-thread stamp array outlives each call: a large index, then a small one, then a
        // large one again must each find exactly the pairs an all-pairs scan finds
        let words = ["north", "leeds", "hull", "york", "yrok", "bexley", "and", "kingston", "kingstn", "saint"];
        let mut next = xorshift(29);
        for case in 0..24 {
            let n = [600, 3, 40, 1, 250, 7][case % 6];
            let mut names = |n: usize| -> Vec<Option<String>> {
                (0..n)
                    .map(|_| {
                        (next(9) > 0)
                            .then(|| (0..1 + next(3)).map(|_| words[next(words.len())]).collect::<Vec<_>>().join(" "))
                    })
                    .collect()
            };
            let (l, r) = (names(n), names(n / 2 + 1));
            let index = NameIndex::new(&l, &r).unwrap();
            let min_score = [0.0, 1.0, 35.0, 90.0][case % 4];
            let mut got: Vec<(u32, u32)> =
                index.candidates(min_score, Cancel::never()).unwrap().iter().map(|e| (e.left, e.right)).collect();
            got.sort_unstable();
            let mut want = Vec::new();
            for a in 0..l.len() {
                for b in 0..r.len() {
                    let s = index.score(a, b);
                    if s > 0.0 && s >= min_score {
                        want.push((a as u32, b as u32));
                    }
                }
            }
            assert_eq!(got, want, "case {case}");
        }
    }

    #[test]
    fn copies_acronyms_and_groups_alone_keep_the_total_of_every_candidate() {
        use crate::pairing::assign::max_weight_matching_duals_within;
        use crate::pairing::names::{assign_edges, name_edges, pair_names, Normalizer, PairOptions};
        // a few names, each in many copies on either side: groups of unequal copies, groups
        // alone in their component, copies that differ only in being an acronym as written
        let lefts = [
            "UHNM",
            "Uhnm",
            "UHL",
            "University Hospitals of North Midlands",
            "Bexley",
            "Bexley North Leeds",
            "Leeds",
            "Leeds North",
            "North",
            "Hull and Leeds",
        ];
        let rights = [
            "University Hospitals of North Midlands NHS Trust",
            "University Hospitals of Leicester NHS Trust",
            "UHNM",
            "Bexley",
            "Leeds City",
            "North Leeds",
            "Leeds",
            "Hull",
            "Uhnm Leeds",
            "North",
        ];
        let norm = Normalizer::builtin().unwrap();
        let matcher = &max_weight_matching_duals_within;
        let mut next = xorshift(5);
        let (mut widened, mut through_acronyms) = (0, 0);
        for case in 0..200 {
            let mut draw = |pool: &[&'static str]| -> Vec<Option<&'static str>> {
                let (sub, n) = (1 + next(pool.len()), next(30));
                (0..n).map(|_| (next(12) > 0).then(|| pool[next(sub)])).collect()
            };
            let (l, r) = (draw(&lefts), draw(&rights));
            let min_score = [0.0, 1.0, 35.0, 90.0][case % 4];
            let got = pair_names(&l, &r, &norm, &PairOptions { min_score }, matcher, Cancel::never()).unwrap();
            let all = name_edges(&l, &r, &norm, min_score, Cancel::never()).unwrap();
            let want = assign_edges(&all, l.len(), r.len(), matcher, Cancel::never()).unwrap().pairs;
            let total = |p: &[Edge]| -> f64 { p.iter().map(weight).sum() };
            let (a, b) = (total(&got), total(&want));
            assert!((a - b).abs() <= 1e-9 * b.max(1.0), "case {case}: {a} vs {b}\n{l:?}\n{r:?}");
            for e in &got {
                assert!(all.contains(e), "case {case}: {e:?} is not a candidate");
            }
            let most = (0..l.len() as u32).map(|a| all.iter().filter(|e| e.left == a).count()).max();
            widened += usize::from(most.unwrap_or(0) > FIRST_KEPT);
            through_acronyms += usize::from(got.iter().any(|e| (e.score - 90.0).abs() < 1e-9));
        }
        assert!(widened > 50 && through_acronyms > 20, "{widened} {through_acronyms}");
    }
}
