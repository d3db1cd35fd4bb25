//! The optimal one-to-one pairing of scored name pairs, solved component by component.

use rayon::prelude::*;

use super::Edge;
use crate::cancel::Cancel;
use crate::pairing::assign::Duals;
use crate::Result;

/// A one-to-one matcher: `(n_rows, n_cols, edges, cancel) -> (matched (row, col), duals)`
/// maximising the total weight over all matchings of the edges (rows and columns may stay
/// unmatched), with an optimal dual solution (see [`Duals`]); it polls `cancel` as it goes.
pub type Matcher<'m> =
    &'m (dyn Fn(usize, usize, &[(u32, u32, f64)], &Cancel) -> Result<(Vec<(u32, u32)>, Duals)> + Sync);

/// An optimal pairing of scored pairs, with the dual prices that prove it (see [`Duals`]).
#[derive(Debug)]
pub struct Assigned {
    /// The pairs chosen, sorted by left index.
    pub pairs: Vec<Edge>,
    /// The price of each left unit (0 for units without a pair).
    pub left_price: Vec<f64>,
    /// The price of each right unit (0 for units without a pair).
    pub right_price: Vec<f64>,
}

const NONE: u32 = u32::MAX;

/// What a pair adds to the objective of the assignment: its squared score, plus
/// [`ORDER_TIE_BREAK`] when its matched words come in the same order in both names.
pub fn weight(e: &Edge) -> f64 {
    e.score * e.score + if e.ordered { ORDER_TIE_BREAK } else { 0.0 }
}

/// The tie-break of the assignment: between pairings whose sums of squared scores are equal
/// (the same words in another order score the same), the one with more pairs whose words come
/// in the same order wins. Small enough not to outweigh a difference of squared scores beyond
/// `1e-6 * (pairs in the component)`; scores themselves are unchanged.
pub const ORDER_TIE_BREAK: f64 = 1e-6;

fn find(p: &mut [u32], mut x: u32) -> u32 {
    while p[x as usize] != x {
        p[x as usize] = p[p[x as usize] as usize];
        x = p[x as usize];
    }
    x
}

/// The one-to-one pairing of `edges` that maximises the sum of squared scores (one strong pair
/// is worth more than two middling ones: 80² > 51² + 40², where the plain sum would trade the
/// strong pair away), ties going to pairs whose words come in the same order (see
/// [`weight`]). Edges (distinct pairs, sorted by left then right) are split into connected
/// components, each solved exactly by `matcher`; the pairs chosen, sorted by left index.
///
/// Linear bookkeeping around the matcher: components numbered densely, edges bucketed by a
/// counting sort that keeps their order, rows and columns numbered locally in increasing order
/// of position (one pass over the positions), and the chosen pairs' scores read back by one
/// scan of the component's edges. `cancel` is polled before each component and by the matcher.
/// With the pairs, the optimal dual prices of the units, by component (see [`Assigned`]).
pub fn assign_edges(
    edges: &[Edge],
    n_left: usize,
    n_right: usize,
    matcher: Matcher<'_>,
    cancel: &Cancel,
) -> Result<Assigned> {
    // union-find over left 0..n_left and right n_left..
    let mut parent: Vec<u32> = (0..(n_left + n_right) as u32).collect();
    for e in edges {
        let a = find(&mut parent, e.left);
        let b = find(&mut parent, n_left as u32 + e.right);
        if a != b {
            parent[a.max(b) as usize] = a.min(b);
        }
    }
    cancel.check()?;
    // dense component numbers, in order of their smallest node
    let mut comp_of_root = vec![NONE; n_left + n_right];
    let mut n_comp = 0u32;
    let mut comp_of_edge = Vec::with_capacity(edges.len());
    for e in edges {
        let root = find(&mut parent, e.left) as usize;
        if comp_of_root[root] == NONE {
            comp_of_root[root] = n_comp;
            n_comp += 1;
        }
        comp_of_edge.push(comp_of_root[root]);
    }
    // local numbers of rows and columns: increasing position within each component
    let mut n_rows = vec![0u32; n_comp as usize];
    let mut n_cols = vec![0u32; n_comp as usize];
    let mut local = vec![NONE; n_left + n_right];
    for (e, &c) in edges.iter().zip(&comp_of_edge) {
        local[e.left as usize] = c; // mark: the node has an edge (its component)
        local[n_left + e.right as usize] = c;
    }
    for (v, slot) in local.iter_mut().enumerate() {
        let c = *slot;
        if c != NONE {
            let counter = if v < n_left { &mut n_rows[c as usize] } else { &mut n_cols[c as usize] };
            *slot = *counter;
            *counter += 1;
        }
    }
    // edges bucketed by component, keeping their order
    let mut start = vec![0usize; n_comp as usize + 1];
    for &c in &comp_of_edge {
        start[c as usize + 1] += 1;
    }
    for c in 0..n_comp as usize {
        start[c + 1] += start[c];
    }
    let mut fill = start.clone();
    let mut bucket = vec![0u32; edges.len()];
    for (k, &c) in comp_of_edge.iter().enumerate() {
        bucket[fill[c as usize]] = k as u32;
        fill[c as usize] += 1;
    }
    drop((comp_of_edge, fill, parent, comp_of_root));
    type Priced = (Vec<Edge>, Vec<(u32, f64)>, Vec<(u32, f64)>);
    let chosen: Vec<Priced> = (0..n_comp as usize)
        .into_par_iter()
        .map(|c| -> Result<Priced> {
            cancel.check()?;
            let grp = &bucket[start[c]..start[c + 1]];
            if grp.len() == 1 {
                // one pair: the left unit takes its whole weight
                let e = edges[grp[0] as usize];
                return Ok((vec![e], vec![(e.left, weight(&e))], vec![(e.right, 0.0)]));
            }
            let row = |e: &Edge| local[e.left as usize];
            let col = |e: &Edge| local[n_left + e.right as usize];
            let local_edges: Vec<(u32, u32, f64)> = grp
                .iter()
                .map(|&k| {
                    let e = &edges[k as usize];
                    (row(e), col(e), weight(e))
                })
                .collect();
            let (m, duals) = matcher(n_rows[c] as usize, n_cols[c] as usize, &local_edges, cancel)?;
            let mut col_of_row = vec![NONE; n_rows[c] as usize];
            for (r, cl) in m {
                col_of_row[r as usize] = cl;
            }
            let mut lp = Vec::with_capacity(n_rows[c] as usize);
            let mut rp = Vec::with_capacity(n_cols[c] as usize);
            let mut pairs = Vec::new();
            for &k in grp {
                let e = &edges[k as usize];
                lp.push((e.left, duals.row[row(e) as usize]));
                rp.push((e.right, duals.col[col(e) as usize]));
                if col_of_row[row(e) as usize] == col(e) {
                    pairs.push(*e);
                }
            }
            Ok((pairs, lp, rp))
        })
        .collect::<Result<_>>()?;
    let mut left_price = vec![0.0; n_left];
    let mut right_price = vec![0.0; n_right];
    let mut out: Vec<Edge> = Vec::new();
    for (pairs, lp, rp) in chosen {
        out.extend(pairs);
        for (u, p) in lp {
            left_price[u as usize] = p;
        }
        for (u, p) in rp {
            right_price[u as usize] = p;
        }
    }
    out.sort_unstable_by_key(|e| e.left);
    Ok(Assigned { pairs: out, left_price, right_price })
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    use std::collections::HashMap;

    pub(in crate::pairing::names) fn brute(
        n_rows: usize,
        n_cols: usize,
        edges: &[(u32, u32, f64)],
        _cancel: &Cancel,
    ) -> Result<Vec<(u32, u32)>> {
        // exhaustive search, tests only (tiny graphs)
        fn go(
            r: usize,
            n_rows: usize,
            used: &mut Vec<bool>,
            w: &HashMap<(u32, u32), f64>,
            n_cols: usize,
        ) -> (f64, Vec<(u32, u32)>) {
            if r == n_rows {
                return (0.0, vec![]);
            }
            let mut best = go(r + 1, n_rows, used, w, n_cols);
            for c in 0..n_cols {
                if let Some(&x) = w.get(&(r as u32, c as u32)) {
                    if !used[c] {
                        used[c] = true;
                        let (s, mut m) = go(r + 1, n_rows, used, w, n_cols);
                        used[c] = false;
                        if s + x > best.0 + 1e-12 {
                            m.push((r as u32, c as u32));
                            best = (s + x, m);
                        }
                    }
                }
            }
            best
        }
        let w: HashMap<(u32, u32), f64> = edges.iter().map(|&(r, c, s)| ((r, c), s)).collect();
        Ok(go(0, n_rows, &mut vec![false; n_cols], &w, n_cols).1)
    }

    #[test]
    fn components_give_the_whole_graph_optimum_and_its_prices() {
        use crate::pairing::assign::max_weight_matching_duals_within;
        // a small deterministic generator: several components, ties, isolated units
        let mut x: u64 = 7;
        let mut next = || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        for _ in 0..200 {
            let (nl, nr) = (1 + (next() % 8) as usize, 1 + (next() % 8) as usize);
            let mut edges = Vec::new();
            for l in 0..nl as u32 {
                for r in 0..nr as u32 {
                    if next() % 4 == 0 {
                        edges.push(Edge {
                            left: l,
                            right: r,
                            score: (1 + next() % 10) as f64 * 10.0,
                            ordered: next() % 2 == 0,
                        });
                    }
                }
            }
            let got = assign_edges(&edges, nl, nr, &max_weight_matching_duals_within, Cancel::never()).unwrap();
            // the prices prove the optimum: feasible on every pair, summing to the total
            for e in &edges {
                let (u, v) = (got.left_price[e.left as usize], got.right_price[e.right as usize]);
                assert!(u >= 0.0 && v >= 0.0 && u + v >= weight(e) * (1.0 - 1e-9), "{e:?} {u} {v}");
            }
            let priced: f64 = got.left_price.iter().chain(&got.right_price).sum();
            let chosen: f64 = got.pairs.iter().map(weight).sum();
            assert!((priced - chosen).abs() <= 1e-9 * chosen.max(1.0), "{priced} {chosen}");
            let got = got.pairs;
            let sq: Vec<(u32, u32, f64)> = edges.iter().map(|e| (e.left, e.right, weight(e))).collect();
            let want = brute(nl, nr, &sq, Cancel::never()).unwrap();
            let total = |pairs: &[(u32, u32)]| -> f64 {
                pairs.iter().map(|&(l, r)| sq.iter().find(|e| e.0 == l && e.1 == r).unwrap().2).sum()
            };
            let got_pairs: Vec<(u32, u32)> = got.iter().map(|e| (e.left, e.right)).collect();
            assert!((total(&got_pairs) - total(&want)).abs() < 1e-6, "{edges:?}");
            assert!(got.windows(2).all(|w| w[0].left < w[1].left));
            for e in &got {
                assert!(edges.contains(e));
            }
        }
    }

    #[test]
    fn a_stop_request_interrupts_the_assignment() {
        use crate::pairing::assign::max_weight_matching_within;
        let cancel = Cancel::new();
        cancel.request();
        let edges: Vec<(u32, u32, f64)> = (0..4).flat_map(|r| (0..4).map(move |c| (r, c, 1.0))).collect();
        let err = max_weight_matching_within(4, 4, &edges, &cancel).unwrap_err();
        assert_eq!(err, crate::Error::Interrupted);
    }
}
