//! The optimal one-to-one pairing of scored name pairs, solved component by component.

use std::collections::HashMap;

use rayon::prelude::*;

use super::Edge;
use crate::cancel::Cancel;
use crate::{Error, Result};

/// A one-to-one matcher: `(n_rows, n_cols, edges) -> matched (row, col)` maximising the total
/// weight over all matchings of the edges (rows and columns may stay unmatched).
pub type Matcher<'m> = &'m (dyn Fn(usize, usize, &[(u32, u32, f64)]) -> Result<Vec<(u32, u32)>> + Sync);

/// The one-to-one pairing of `edges` that maximises the sum of squared scores (one strong pair
/// is worth more than two middling ones: 80² > 51² + 40², where the plain sum would trade the
/// strong pair away). Edges are split into connected components, each solved exactly by
/// `matcher`; the pairs chosen, sorted by left index.
/// `cancel` is polled before each component.
pub fn assign_edges(
    edges: &[Edge],
    n_left: usize,
    n_right: usize,
    matcher: Matcher<'_>,
    cancel: &Cancel,
) -> Result<Vec<Edge>> {
    // union-find over left 0..n_left and right n_left..
    let mut parent: Vec<u32> = (0..(n_left + n_right) as u32).collect();
    fn find(p: &mut [u32], mut x: u32) -> u32 {
        while p[x as usize] != x {
            p[x as usize] = p[p[x as usize] as usize];
            x = p[x as usize];
        }
        x
    }
    for e in edges {
        let a = find(&mut parent, e.left);
        let b = find(&mut parent, n_left as u32 + e.right);
        if a != b {
            parent[a.max(b) as usize] = a.min(b);
        }
    }
    let mut by_comp: Vec<(u32, u32)> =
        edges.iter().enumerate().map(|(k, e)| (find(&mut parent, e.left), k as u32)).collect();
    by_comp.sort_unstable();
    let mut groups: Vec<&[(u32, u32)]> = Vec::new();
    let mut g = 0;
    while g < by_comp.len() {
        let mut e = g + 1;
        while e < by_comp.len() && by_comp[e].0 == by_comp[g].0 {
            e += 1;
        }
        groups.push(&by_comp[g..e]);
        g = e;
    }
    let chosen: Vec<Vec<Edge>> = groups
        .par_iter()
        .map(|grp| -> Result<Vec<Edge>> {
            cancel.check()?;
            if grp.len() == 1 {
                return Ok(vec![edges[grp[0].1 as usize]]);
            }
            // local numbering
            let mut rows: Vec<u32> = grp.iter().map(|&(_, k)| edges[k as usize].left).collect();
            let mut cols: Vec<u32> = grp.iter().map(|&(_, k)| edges[k as usize].right).collect();
            rows.sort_unstable();
            rows.dedup();
            cols.sort_unstable();
            cols.dedup();
            let local: Vec<(u32, u32, f64)> = grp
                .iter()
                .map(|&(_, k)| {
                    let e = edges[k as usize];
                    (
                        rows.binary_search(&e.left).unwrap_or(0) as u32,
                        cols.binary_search(&e.right).unwrap_or(0) as u32,
                        e.score * e.score,
                    )
                })
                .collect();
            let m = matcher(rows.len(), cols.len(), &local)?;
            let mut score: HashMap<(u32, u32), f64> = HashMap::with_capacity(local.len());
            for (&(r, c, _), &(_, k)) in local.iter().zip(grp.iter()) {
                score.insert((r, c), edges[k as usize].score);
            }
            m.into_iter()
                .map(|(r, c)| {
                    let s = score.get(&(r, c)).copied().ok_or_else(|| {
                        Error::value(format!("pair_names: the assignment chose a pair ({r}, {c}) that is not an edge"))
                    })?;
                    Ok(Edge { left: rows[r as usize], right: cols[c as usize], score: s })
                })
                .collect()
        })
        .collect::<Result<_>>()?;
    let mut out: Vec<Edge> = chosen.into_iter().flatten().collect();
    out.sort_unstable_by_key(|e| e.left);
    Ok(out)
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    pub(in crate::pairing::names) fn brute(
        n_rows: usize,
        n_cols: usize,
        edges: &[(u32, u32, f64)],
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
    fn components_give_the_whole_graph_optimum() {
        use crate::pairing::assign::max_weight_matching;
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
                        edges.push(Edge { left: l, right: r, score: (1 + next() % 10) as f64 * 10.0 });
                    }
                }
            }
            let got = assign_edges(&edges, nl, nr, &max_weight_matching, Cancel::never()).unwrap();
            let sq: Vec<(u32, u32, f64)> = edges.iter().map(|e| (e.left, e.right, e.score * e.score)).collect();
            let want = brute(nl, nr, &sq).unwrap();
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
}
