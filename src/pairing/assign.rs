//! Exact maximum-total-weight one-to-one matching of rows to columns, where a unit may stay
//! unmatched (a bipartite *maximum weight matching*, not a perfect one).
//!
//! # Method and exactness
//!
//! The problem is solved as the rectangular assignment problem in which every row `i` also has
//! a private dummy column of cost 0 ("stay unmatched") and each real edge costs `-w`. That
//! problem is solved by successive shortest augmenting paths, adding one row at a time: for the
//! new row, Dijkstra's algorithm on the residual graph with reduced costs
//! `c(x, y) + p(x) - p(y) >= 0` (Johnson potentials) finds the cheapest alternating path to a
//! free column or to the dummy of any row on the tree (which then gives its column up), the
//! path is flipped, and the potentials of the nodes settled before the end of the path are
//! updated so that every residual reduced cost stays non-negative. This is the Hungarian
//! method (Kuhn-Munkres, in its Jonker-Volgenant shortest-path form) on a sparse graph, so the
//! result is an optimum of the linear program, exact up to the rounding of `f64` sums. Dijkstra
//! stops at the first free column or dummy it settles, so it only explores the part of the
//! row's connected component that can still improve the total: rows in different components
//! never meet.
//!
//! Edges of weight 0 are never assigned (they cannot raise the total); duplicate edges keep the
//! largest weight. Negative, NaN or infinite weights are an error.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use crate::cancel::Cancel;
use crate::error::{Error, Result};

/// A sparse bipartite graph in compressed rows: the edges of row `i` are
/// `indices[indptr[i]..indptr[i + 1]]` with weights `weights[...]`.
#[derive(Clone, Copy, Debug)]
pub struct Csr<'a> {
    /// Number of rows.
    pub n_rows: usize,
    /// Number of columns.
    pub n_cols: usize,
    /// Row `i`'s edges are `indptr[i]..indptr[i + 1]` (`n_rows + 1` entries, from 0).
    pub indptr: &'a [u64],
    /// The column of each edge.
    pub indices: &'a [u32],
    /// The weight of each edge.
    pub weights: &'a [f64],
}

/// The maximum-total-weight matching of a sparse graph given as an edge list
/// `(row, col, weight)`. Returns the matched pairs `(row, col)` in increasing row order.
///
/// Rows are `0..n_rows`, columns `0..n_cols`. Edges of weight 0 are never matched; an edge
/// listed twice counts with its largest weight. A negative, NaN or infinite weight, or an index
/// out of range, is an error naming the edge.
///
/// ```
/// use coterminous::pairing::assign::max_weight_matching;
/// // Row 0 could take column 0 (weight 3) but the total is larger when it takes column 1.
/// let pairs = max_weight_matching(2, 2, &[(0, 0, 3.0), (0, 1, 2.0), (1, 0, 2.5)]).unwrap();
/// assert_eq!(pairs, vec![(0, 1), (1, 0)]);
/// ```
pub fn max_weight_matching(n_rows: usize, n_cols: usize, edges: &[(u32, u32, f64)]) -> Result<Vec<(u32, u32)>> {
    max_weight_matching_within(n_rows, n_cols, edges, Cancel::never())
}

/// [`max_weight_matching`], polling `cancel` before each row's search (a stop request returns
/// `Error::Interrupted`).
pub fn max_weight_matching_within(
    n_rows: usize,
    n_cols: usize,
    edges: &[(u32, u32, f64)],
    cancel: &Cancel,
) -> Result<Vec<(u32, u32)>> {
    for (k, &(i, j, w)) in edges.iter().enumerate() {
        if i as usize >= n_rows || j as usize >= n_cols {
            return Err(Error::value(format!("edges: edge {k} ({i}, {j}) is outside the {n_rows} x {n_cols} graph")));
        }
        check_weight(w, i as usize, j as usize)?;
    }
    let mut order: Vec<usize> = (0..edges.len()).collect();
    if !edges.windows(2).all(|p| (p[0].0, p[0].1) <= (p[1].0, p[1].1)) {
        order.sort_unstable_by_key(|&k| (edges[k].0, edges[k].1)); // already sorted: no re-sort
    }
    let mut indptr = vec![0u64; n_rows + 1];
    let mut indices = Vec::with_capacity(edges.len());
    let mut weights = Vec::with_capacity(edges.len());
    for &k in &order {
        let (i, j, w) = edges[k];
        indptr[i as usize + 1] += 1;
        indices.push(j);
        weights.push(w);
    }
    for i in 0..n_rows {
        indptr[i + 1] += indptr[i];
    }
    let csr = Csr { n_rows, n_cols, indptr: &indptr, indices: &indices, weights: &weights };
    let col_of_row = solve_within(&csr, 0.0, cancel)?;
    Ok(col_of_row.iter().enumerate().filter_map(|(i, c)| c.map(|j| (i as u32, j))).collect())
}

fn check_weight(w: f64, i: usize, j: usize) -> Result<()> {
    if w.is_nan() {
        Err(Error::value(format!("weights: row {i}, col {j}: NaN is not a weight")))
    } else if w.is_infinite() {
        Err(Error::value(format!("weights: row {i}, col {j}: {w:?} is infinite")))
    } else if w < 0.0 {
        Err(Error::value(format!("weights: row {i}, col {j}: {w:?} is negative; weights must be 0 or more")))
    } else {
        Ok(())
    }
}

/// Check a compressed-row graph: shape, sorted-or-not indices in range, weights valid.
pub fn validate(g: &Csr<'_>) -> Result<()> {
    if g.indptr.len() != g.n_rows + 1 || g.indptr[0] != 0 {
        return Err(Error::value("weights: the row pointer does not describe the rows"));
    }
    if g.indices.len() != g.weights.len() || *g.indptr.last().unwrap() as usize != g.indices.len() {
        return Err(Error::value("weights: indices, weights and row pointer differ in length"));
    }
    for i in 0..g.n_rows {
        let (a, b) = (g.indptr[i] as usize, g.indptr[i + 1] as usize);
        if a > b || b > g.indices.len() {
            return Err(Error::value("weights: the row pointer is not increasing"));
        }
        for k in a..b {
            let j = g.indices[k] as usize;
            if j >= g.n_cols {
                return Err(Error::value(format!("weights: row {i}: column {j} is outside the {} columns", g.n_cols)));
            }
            check_weight(g.weights[k], i, j)?;
        }
    }
    Ok(())
}

#[derive(Clone, Copy, PartialEq)]
struct Item {
    dist: f64,
    /// `node < n_rows`: a row; `node < n_rows + n_cols`: a column `node - n_rows`; otherwise the
    /// dummy column of row `node - n_rows - n_cols`.
    node: u32,
}

impl Eq for Item {}
impl Ord for Item {
    fn cmp(&self, other: &Self) -> Ordering {
        // BinaryHeap is a max-heap: reverse, so that the smallest distance comes first.
        other.dist.total_cmp(&self.dist).then_with(|| other.node.cmp(&self.node))
    }
}
impl PartialOrd for Item {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

const NONE: u32 = u32::MAX;

/// The message for a `min_weight` that is not a number; `got` is how the caller wrote it.
pub fn min_weight_message(got: &str) -> String {
    format!("min_weight: expected a number, got {got}")
}

/// The maximum-weight matching of a validated compressed-row graph, counting only edges of
/// weight greater than 0 and at least `min_weight`. Returns, per row, its column or `None`.
pub fn solve(g: &Csr<'_>, min_weight: f64) -> Result<Vec<Option<u32>>> {
    solve_within(g, min_weight, Cancel::never())
}

/// [`solve`], polling `cancel` before each row's search.
pub fn solve_within(g: &Csr<'_>, min_weight: f64, cancel: &Cancel) -> Result<Vec<Option<u32>>> {
    if min_weight.is_nan() {
        return Err(Error::value(min_weight_message("nan")));
    }
    validate(g)?;
    if g.n_rows > g.n_cols {
        // Each row costs one search: solve the transpose, which has fewer.
        let (indptr, indices, weights) = transpose(g);
        let t = Csr { n_rows: g.n_cols, n_cols: g.n_rows, indptr: &indptr, indices: &indices, weights: &weights };
        let row_of_col = solve_rows(&t, min_weight, cancel)?;
        let mut col_of_row = vec![None; g.n_rows];
        for (j, i) in row_of_col.into_iter().enumerate() {
            if let Some(i) = i {
                col_of_row[i as usize] = Some(j as u32);
            }
        }
        return Ok(col_of_row);
    }
    solve_rows(g, min_weight, cancel)
}

/// The transpose of a compressed-row graph, in compressed rows.
fn transpose(g: &Csr<'_>) -> (Vec<u64>, Vec<u32>, Vec<f64>) {
    let mut indptr = vec![0u64; g.n_cols + 1];
    for &j in g.indices {
        indptr[j as usize + 1] += 1;
    }
    for j in 0..g.n_cols {
        indptr[j + 1] += indptr[j];
    }
    let mut next: Vec<u64> = indptr[..g.n_cols].to_vec();
    let mut indices = vec![0u32; g.indices.len()];
    let mut weights = vec![0.0f64; g.indices.len()];
    for i in 0..g.n_rows {
        for k in g.indptr[i] as usize..g.indptr[i + 1] as usize {
            let j = g.indices[k] as usize;
            let at = next[j] as usize;
            indices[at] = i as u32;
            weights[at] = g.weights[k];
            next[j] += 1;
        }
    }
    (indptr, indices, weights)
}

fn solve_rows(g: &Csr<'_>, min_weight: f64, cancel: &Cancel) -> Result<Vec<Option<u32>>> {
    let (n, m) = (g.n_rows, g.n_cols);
    if n + m + n >= NONE as usize {
        return Err(Error::value("weights: the graph has too many rows and columns"));
    }
    let keep = |w: f64| w > 0.0 && w >= min_weight;
    // Potentials (stored relative to a global offset that cancels in every reduced cost).
    // Free columns and dummies keep potential 0 throughout (see the module docs).
    let mut p_row = vec![0.0f64; n];
    let mut p_col = vec![0.0f64; m];
    let mut col_of_row = vec![NONE; n];
    let mut row_of_col = vec![NONE; m];
    // Dijkstra state, reset through `touched` after each row.
    let mut dist_row = vec![f64::INFINITY; n];
    let mut dist_col = vec![f64::INFINITY; m];
    let mut done_row = vec![false; n];
    let mut done_col = vec![false; m];
    let mut pred_col = vec![NONE; m]; // the row that reached the column
    let mut touched_rows: Vec<u32> = Vec::new();
    let mut touched_cols: Vec<u32> = Vec::new();
    let mut settled_rows: Vec<u32> = Vec::new();
    let mut settled_cols: Vec<u32> = Vec::new();
    let mut heap: BinaryHeap<Item> = BinaryHeap::new();
    let (nu, mu) = (n as u32, m as u32);

    for r in 0..n {
        cancel.check()?;
        let (a, b) = (g.indptr[r] as usize, g.indptr[r + 1] as usize);
        // p_r = max(0, max_j p_j + w_rj) makes every reduced cost out of r non-negative.
        let mut pr = 0.0f64;
        let mut any = false;
        for k in a..b {
            let w = g.weights[k];
            if keep(w) {
                any = true;
                pr = pr.max(p_col[g.indices[k] as usize] + w);
            }
        }
        if !any {
            continue;
        }
        p_row[r] = pr;

        heap.clear();
        dist_row[r] = 0.0;
        touched_rows.push(r as u32);
        heap.push(Item { dist: 0.0, node: r as u32 });
        let mut end: Option<(u32, f64)> = None;
        'search: while let Some(Item { dist: d, node }) = heap.pop() {
            if node < nu {
                let i = node as usize;
                if done_row[i] || d > dist_row[i] {
                    continue;
                }
                done_row[i] = true;
                settled_rows.push(node);
                for k in g.indptr[i] as usize..g.indptr[i + 1] as usize {
                    let w = g.weights[k];
                    if !keep(w) {
                        continue;
                    }
                    let j = g.indices[k] as usize;
                    if done_col[j] || col_of_row[i] == j as u32 {
                        continue;
                    }
                    let rc = (-w + p_row[i] - p_col[j]).max(0.0);
                    let nd = d + rc;
                    if nd < dist_col[j] {
                        if dist_col[j] == f64::INFINITY {
                            touched_cols.push(j as u32);
                        }
                        dist_col[j] = nd;
                        pred_col[j] = node;
                        if rc == 0.0 && row_of_col[j] == NONE {
                            // A free column at the smallest distance still to settle: nothing
                            // can be shorter, so the path ends here (as the heap would find).
                            end = Some((nu + j as u32, d));
                            break 'search;
                        }
                        heap.push(Item { dist: nd, node: nu + j as u32 });
                    }
                }
                // The dummy of row i: reduced cost 0 + p_i - 0.
                let rc = p_row[i].max(0.0);
                if rc == 0.0 {
                    end = Some((nu + mu + node, d));
                    break 'search;
                }
                heap.push(Item { dist: d + rc, node: nu + mu + node });
            } else if node < nu + mu {
                let j = (node - nu) as usize;
                if done_col[j] || d > dist_col[j] {
                    continue;
                }
                done_col[j] = true;
                settled_cols.push(j as u32);
                let i = row_of_col[j];
                if i == NONE {
                    end = Some((node, d));
                    break;
                }
                // The matched edge back to its row is tight: reduced cost 0.
                let iu = i as usize;
                if !done_row[iu] && d < dist_row[iu] {
                    if dist_row[iu] == f64::INFINITY {
                        touched_rows.push(i);
                    }
                    dist_row[iu] = d;
                    heap.push(Item { dist: d, node: i });
                }
            } else {
                end = Some((node, d));
                break;
            }
        }
        let (end_node, dt) = end.expect("the new row's own dummy is always reachable");

        // Potentials: p += min(dist, dt) - dt for settled nodes (others keep theirs).
        for &i in &settled_rows {
            let i = i as usize;
            p_row[i] += dist_row[i] - dt;
        }
        for &j in &settled_cols {
            let j = j as usize;
            if row_of_col[j] != NONE {
                p_col[j] += dist_col[j] - dt;
            }
        }

        // Flip the alternating path.
        let mut cur_col: u32 = if end_node >= nu + mu {
            let i = (end_node - nu - mu) as usize;
            let c = col_of_row[i];
            col_of_row[i] = NONE;
            if c != NONE {
                row_of_col[c as usize] = NONE;
            }
            c
        } else {
            end_node - nu
        };
        while cur_col != NONE {
            let i = pred_col[cur_col as usize] as usize;
            let old = col_of_row[i];
            col_of_row[i] = cur_col;
            row_of_col[cur_col as usize] = i as u32;
            cur_col = old;
        }

        for &i in &touched_rows {
            dist_row[i as usize] = f64::INFINITY;
            done_row[i as usize] = false;
        }
        for &j in &touched_cols {
            dist_col[j as usize] = f64::INFINITY;
            done_col[j as usize] = false;
            pred_col[j as usize] = NONE;
        }
        touched_rows.clear();
        touched_cols.clear();
        settled_rows.clear();
        settled_cols.clear();
    }
    Ok(col_of_row.into_iter().map(|c| (c != NONE).then_some(c)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn total(edges: &[(u32, u32, f64)], pairs: &[(u32, u32)]) -> f64 {
        pairs.iter().map(|&(i, j)| edges.iter().filter(|e| e.0 == i && e.1 == j).map(|e| e.2).fold(0.0, f64::max)).sum()
    }

    /// Brute force: every matching of a tiny graph.
    fn brute(n: usize, m: usize, edges: &[(u32, u32, f64)]) -> f64 {
        let mut w = vec![vec![0.0f64; m]; n];
        for &(i, j, x) in edges {
            w[i as usize][j as usize] = w[i as usize][j as usize].max(x);
        }
        fn go(i: usize, used: &mut Vec<bool>, w: &[Vec<f64>]) -> f64 {
            if i == w.len() {
                return 0.0;
            }
            let mut best = go(i + 1, used, w);
            for j in 0..used.len() {
                if !used[j] && w[i][j] > 0.0 {
                    used[j] = true;
                    best = best.max(w[i][j] + go(i + 1, used, w));
                    used[j] = false;
                }
            }
            best
        }
        go(0, &mut vec![false; m], &w)
    }

    struct Lcg(u64);
    impl Lcg {
        fn next(&mut self) -> u64 {
            self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            self.0 >> 33
        }
    }

    #[test]
    fn matches_brute_force_on_tiny_graphs() {
        let mut rng = Lcg(7);
        for _ in 0..3000 {
            let n = 1 + (rng.next() % 5) as usize;
            let m = 1 + (rng.next() % 5) as usize;
            let k = rng.next() % 12;
            let edges: Vec<(u32, u32, f64)> = (0..k)
                .map(|_| ((rng.next() % n as u64) as u32, (rng.next() % m as u64) as u32, (rng.next() % 6) as f64))
                .collect();
            let pairs = max_weight_matching(n, m, &edges).unwrap();
            let mut rows: Vec<u32> = pairs.iter().map(|p| p.0).collect();
            let mut cols: Vec<u32> = pairs.iter().map(|p| p.1).collect();
            rows.dedup();
            cols.sort();
            cols.dedup();
            assert_eq!(rows.len(), pairs.len());
            assert_eq!(cols.len(), pairs.len());
            assert!(total(&edges, &pairs) > 0.0 || pairs.is_empty());
            for &(i, j) in &pairs {
                assert!(total(&edges, &[(i, j)]) > 0.0, "a zero edge was assigned");
            }
            assert_eq!(total(&edges, &pairs), brute(n, m, &edges), "{n}x{m} {edges:?} -> {pairs:?}");
        }
    }

    #[test]
    fn prefers_leaving_a_row_unmatched_when_that_pays() {
        // Row 1 only likes column 0, which row 0 values more: row 1 stays unmatched.
        let pairs = max_weight_matching(2, 2, &[(0, 0, 5.0), (1, 0, 1.0)]).unwrap();
        assert_eq!(pairs, vec![(0, 0)]);
        // A row that falls to its dummy when a later row takes its column.
        let pairs = max_weight_matching(2, 1, &[(0, 0, 1.0), (1, 0, 5.0)]).unwrap();
        assert_eq!(pairs, vec![(1, 0)]);
    }

    #[test]
    fn rejects_bad_weights() {
        let e = max_weight_matching(2, 2, &[(1, 0, -1.0)]).unwrap_err();
        assert!(e.to_string().contains("row 1, col 0"), "{e}");
        assert!(max_weight_matching(2, 2, &[(0, 1, f64::NAN)]).unwrap_err().to_string().contains("NaN"));
        assert!(max_weight_matching(2, 2, &[(0, 2, 1.0)]).is_err());
    }

    #[test]
    fn empty_graphs() {
        assert!(max_weight_matching(0, 0, &[]).unwrap().is_empty());
        assert!(max_weight_matching(3, 0, &[]).unwrap().is_empty());
        assert!(max_weight_matching(3, 3, &[(0, 0, 0.0)]).unwrap().is_empty());
    }
}
