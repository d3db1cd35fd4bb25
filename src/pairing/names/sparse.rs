//! The exact one-to-one pairing from a few candidates per name: column generation with a
//! dual-price certificate.
//!
//! On 200,000 names a side whose every word is common, tens of millions of pairs reach
//! `min_score` (65 million on the benchmark's harshest shape), while the pairing keeps at most
//! one per name. So the pairing is first solved on each left name's `k` best candidates (by
//! the assignment's [`weight`]), remembering `theta`, the weight of the best candidate left
//! out. The solver also gives optimal dual prices, `u` for left units and `v` for right units:
//! non-negative, `u_l + v_r >= w_lr` on every pair kept, and `sum u + sum v` equal to the
//! pairing's total ([`crate::pairing::assign::Duals`]). When every left name left out only
//! candidates no heavier than its own price (`theta_l <= u_l`, so that
//! `w_lr <= theta_l <= u_l + v_r` for each pair left out, whatever `v_r >= 0`), the prices are
//! feasible for the problem with every candidate, and by linear-programming duality (the
//! bipartite matching polytope is integral) no pairing of all the candidates has a larger
//! total: the pairing is optimal as if every candidate had been kept. The test is
//! conservative ([`violates`]: a tie, or a cover within rounding, fails it). The names that
//! fail it get four times as many candidates and the pairing is solved again, until none
//! fails; a name whose every candidate is kept cannot fail, so this ends, at worst with every
//! candidate kept (the direct method).
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

/// Candidates kept per left name in the first solve.
pub const FIRST_KEPT: usize = 8;

/// How many times more candidates a name failing the certificate gets in the next solve.
const WIDEN: usize = 4;

/// The `k` heaviest of a left name's candidates `(right, score, ordered)` (ties by right
/// index), heaviest first, and the weight of the heaviest left out (0 when none is).
pub fn heaviest(left: u32, found: &[(u32, f64, bool)], k: usize) -> (Vec<Edge>, f64) {
    let mut all: Vec<Edge> =
        found.iter().map(|&(right, score, ordered)| Edge { left, right, score, ordered }).collect();
    let by_weight = |p: &Edge, q: &Edge| weight(q).total_cmp(&weight(p)).then(p.right.cmp(&q.right));
    if all.len() > k {
        all.select_nth_unstable_by(k, by_weight);
        let theta = weight(&all[k]);
        all.truncate(k);
        all.sort_unstable_by(by_weight);
        (all, theta)
    } else {
        all.sort_unstable_by(by_weight);
        (all, 0.0)
    }
}

/// What the pairing needs from the caller: the candidates of left names, and how a set of
/// name pairs becomes unit pairs to solve.
pub struct Problem<'p> {
    /// The index the candidates come from.
    pub index: &'p NameIndex,
    /// Number of left names (groups of identical names).
    pub n_names: usize,
    /// `min_score` of the candidates.
    pub min_score: f64,
    /// Solves the pairing of the given name pairs (sorted by left name, then by weight):
    /// the chosen unit pairs and their prices, and for each left name the smallest price
    /// among its units (the price that must cover what the name left out).
    pub solve: &'p (dyn Fn(&[Edge]) -> Result<(Assigned, Vec<f64>)> + Sync),
}

/// The optimal pairing of every candidate of `problem`, solved on a few candidates per name
/// and certified by dual prices (see the module docs). Returns the assignment and the number
/// of solves it took.
pub fn pair_certified(problem: &Problem<'_>, limits: &Limits, cancel: &Cancel) -> Result<(Assigned, usize)> {
    let n = problem.n_names;
    let mut k_of = vec![FIRST_KEPT; n];
    let mut kept: Vec<Vec<Edge>> = vec![Vec::new(); n];
    let mut theta = vec![0.0f64; n];
    let mut todo: Vec<u32> = (0..n as u32).collect();
    let mut rounds = 0;
    loop {
        rounds += 1;
        let k_now = &k_of;
        let tops = problem.index.scored_for(&todo, rounds == 1, problem.min_score, limits, cancel, &|l, found| {
            heaviest(l as u32, found, k_now[l])
        })?;
        for (&l, (edges, t)) in todo.iter().zip(tops) {
            kept[l as usize] = edges;
            theta[l as usize] = t;
        }
        let edges: Vec<Edge> = kept.iter().flatten().copied().collect();
        let (assigned, price) = (problem.solve)(&edges)?;
        todo = (0..n as u32).filter(|&l| violates(theta[l as usize], price[l as usize], 0.0)).collect();
        if todo.is_empty() {
            return Ok((assigned, rounds));
        }
        cancel.check()?;
        for &l in &todo {
            k_of[l as usize] = k_of[l as usize].saturating_mul(WIDEN);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_heaviest_are_kept_and_the_best_left_out_is_remembered() {
        let found = [(0, 50.0, false), (1, 90.0, false), (2, 50.0, true), (3, 70.0, false)];
        let (top, theta) = heaviest(7, &found, 2);
        assert_eq!(top.iter().map(|e| e.right).collect::<Vec<_>>(), vec![1, 3]);
        assert!(top.iter().all(|e| e.left == 7));
        assert_eq!(theta, 50.0 * 50.0 + super::super::components::ORDER_TIE_BREAK);
        let (all, none) = heaviest(7, &found, 9);
        assert_eq!(all.iter().map(|e| e.right).collect::<Vec<_>>(), vec![1, 3, 2, 0]);
        assert_eq!(none, 0.0);
    }
}
