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
//!
//! # Duals
//!
//! The potentials are an optimal dual solution ([`Duals`]): `u_i = p_row[i]`, `v_j = -p_col[j]`.
//! A residual edge's reduced cost `-w + p_row[i] - p_col[j] >= 0` is `u_i + v_j >= w`; a
//! matched edge is tight; a row's dummy edge costs `p_row[i] - 0`, so `u_i >= 0`, and is tight
//! (`u_i = 0`) while the row sits on it, unmatched. The update after a search,
//! `p += min(dist, dt) - dt`, is the textbook `p += min(dist, dt)` shifted by `-dt` for every
//! node, which keeps free columns and dummies at exactly 0, so no offset has to be undone: a
//! column's potential starts at 0, only decreases (`dist - dt <= 0`) and only once the column
//! is matched, which it then stays, so `v_j >= 0` and `v_j = 0` on a free column. Rounding is
//! the one gap: a row that falls to its dummy at distance `d` ends at `p + (d - fl(d + p))`,
//! not always 0 (a test builds one), and the reduced costs are clamped at 0; the duals set an
//! unmatched row to 0 and clamp a matched row at 0, changing them by rounding only.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use crate::cancel::Cancel;
use crate::error::{Error, Result};
use crate::pairing::weight::check_weight;

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
    Ok(max_weight_matching_duals_within(n_rows, n_cols, edges, cancel)?.0)
}

/// An optimal solution of the dual of the matching's linear program: a price `row[i]` per row
/// and `col[j]` per column, with the smallest total such that every edge is covered,
/// `row[i] + col[j] >= w_ij`. By LP duality that total equals the matched total, so any edge
/// `(i, j, w)` that was *not* given to the solver, with `w <= row[i] + col[j]`, could not raise
/// the total if added (the same duals still cover it): the certificate of column generation
/// (see [`violates`]).
///
/// Returned by [`max_weight_matching_duals_within`] and [`solve_with_duals_within`], with these
/// guarantees, where `W` is the largest weight the solve counted:
/// - `row[i] >= 0` and `col[j] >= 0` exactly; a row or column without counted edges has 0;
/// - feasibility: `row[i] + col[j] >= w_ij - tol` for every counted edge;
/// - complementary slackness: `|row[i] + col[j] - w_ij| <= tol` on every matched edge, and
///   `row[i] == 0`, `col[j] == 0` exactly for every unmatched row and column; hence
///   `sum(row) + sum(col)` equals the matched total to within `tol` per matched edge;
///
/// with `tol` the rounding of the solver's `f64` sums. The duals are the solver's Johnson
/// potentials (`row = p_row`, `col = -p_col`, no offset to apply; see the module docs), so each
/// carries the rounding of the distances that moved it, a few units in the last place of `W`
/// per search; the tests hold `tol` to [`DUAL_TOL`] `* W` (relative 1e-9), and the errors
/// measured on random graphs of up to 20 000 x 20 000 (weights over 12 orders of magnitude)
/// were below `3e-16 * W`. (The sum of the duals and the matched total differ further by the
/// rounding of the two summations.)
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Duals {
    /// The dual of each row's constraint "matched at most once" (`n_rows` entries).
    pub row: Vec<f64>,
    /// The dual of each column's constraint "matched at most once" (`n_cols` entries).
    pub col: Vec<f64>,
}

/// The relative tolerance of the dual guarantees and of [`violates`]: `1e-9`.
pub const DUAL_TOL: f64 = 1e-9;

/// Whether an edge of weight `w` between a row of dual `u` and a column of dual `v` is NOT
/// certified by the duals, i.e. might raise the total if it were added to the solve: true when
/// `w > u + v - DUAL_TOL * max(w, u + v)`. The tolerance is conservative: an edge that is
/// merely tied (`w == u + v`), or covered only to within rounding, counts as violating, so
/// adding every violating edge is always safe and an edge for which this is false is covered
/// with a margin. An edge of weight 0 (never matched) never violates. This is the one place
/// that rule lives.
///
/// The margin is relative to the edge's own scale, `max(w, u + v)`, while the duals' rounding
/// is relative to the largest weight `W` of the solve (see [`Duals`]): for an edge far lighter
/// than `W`, "tied" means tied to within about `1e-16 * W`, and whatever such an edge could
/// add is of that size too, the exactness of the solver itself.
///
/// ```
/// use coterminous::pairing::assign::violates;
/// assert!(violates(3.0, 1.0, 1.5)); // not covered
/// assert!(violates(2.5, 1.0, 1.5)); // tied: counts as violating
/// assert!(!violates(2.0, 1.0, 1.5)); // covered with room to spare
/// assert!(!violates(0.0, 0.0, 0.0));
/// ```
pub fn violates(w: f64, u: f64, v: f64) -> bool {
    let cover = u + v;
    w > 0.0 && w > cover - DUAL_TOL * w.max(cover)
}

/// [`max_weight_matching_within`] (the same pairs, in increasing row order), with an optimal
/// dual solution: see [`Duals`] for its guarantees and [`violates`] for the certificate of an
/// edge left out of the solve. The edge rules are those of [`max_weight_matching`].
///
/// ```
/// use coterminous::cancel::Cancel;
/// use coterminous::pairing::assign::max_weight_matching_duals_within;
/// let edges = [(0, 0, 3.0), (0, 1, 2.0), (1, 0, 2.5)];
/// let (pairs, d) = max_weight_matching_duals_within(2, 2, &edges, Cancel::never()).unwrap();
/// assert_eq!(pairs, vec![(0, 1), (1, 0)]);
/// let total: f64 = d.row.iter().chain(&d.col).sum();
/// assert!((total - 4.5).abs() < 1e-12);
/// for &(i, j, w) in &edges {
///     assert!(d.row[i as usize] + d.col[j as usize] >= w - 1e-12);
/// }
/// ```
pub fn max_weight_matching_duals_within(
    n_rows: usize,
    n_cols: usize,
    edges: &[(u32, u32, f64)],
    cancel: &Cancel,
) -> Result<(Vec<(u32, u32)>, Duals)> {
    let rows: Vec<u32> = edges.iter().map(|e| e.0).collect();
    let cols: Vec<u32> = edges.iter().map(|e| e.1).collect();
    let weights: Vec<f64> = edges.iter().map(|e| e.2).collect();
    let g = Graph::from_edges(n_rows, n_cols, &rows, &cols, &weights, |k| {
        format!("weights: row {}, col {} (edge {k})", rows[k], cols[k])
    })?;
    let (col_of_row, duals) = solve_with_duals_within(&g.csr(), 0.0, cancel)?;
    let pairs = col_of_row.iter().enumerate().filter_map(|(i, c)| c.map(|j| (i as u32, j))).collect();
    Ok((pairs, duals))
}

/// A compressed-row graph that owns its arrays, built from an edge list or a dense matrix,
/// with the source of each entry (the edge's index, or the matrix cell's flat index).
#[derive(Clone, Debug, Default)]
pub struct Graph {
    /// Number of rows.
    pub n_rows: usize,
    /// Number of columns.
    pub n_cols: usize,
    /// Row `i`'s entries are `indptr[i]..indptr[i + 1]`.
    pub indptr: Vec<u64>,
    /// The column of each entry, increasing within a row.
    pub indices: Vec<u32>,
    /// The weight of each entry.
    pub weights: Vec<f64>,
    /// Where each entry comes from: an edge index, or `row * n_cols + col` for a matrix.
    pub source: Vec<u64>,
}

impl Graph {
    /// The graph of an edge list: edge `k` joins row `rows[k]` and column `cols[k]` with weight
    /// `weights[k]`. Of several edges of one pair the heaviest is kept (the first of equals).
    /// Every weight is checked by the one rule ([`check_weight`]), `at(k)` saying where edge
    /// `k` lies; an index out of range is an error naming the edge.
    pub fn from_edges(
        n_rows: usize,
        n_cols: usize,
        rows: &[u32],
        cols: &[u32],
        weights: &[f64],
        at: impl Fn(usize) -> String,
    ) -> Result<Graph> {
        let m = rows.len();
        if cols.len() != m || weights.len() != m {
            return Err(Error::value("weights: the rows, columns and weights of the edges differ in length"));
        }
        let mut count = vec![0u64; n_rows + 1];
        for k in 0..m {
            let (i, j) = (rows[k], cols[k]);
            if i as usize >= n_rows || j as usize >= n_cols {
                return Err(Error::value(format!(
                    "edges: edge {k} ({i}, {j}) is outside the {n_rows} x {n_cols} graph"
                )));
            }
            check_weight(weights[k], || at(k))?;
            count[i as usize + 1] += 1;
        }
        for i in 0..n_rows {
            count[i + 1] += count[i];
        }
        // Counting sort by row (stable: edge order within a row), then each row by column,
        // heaviest first, then edge order.
        let mut order = vec![0u32; m];
        let mut next: Vec<u64> = count[..n_rows].to_vec();
        for (k, &i) in rows.iter().enumerate() {
            let i = i as usize;
            order[next[i] as usize] = k as u32;
            next[i] += 1;
        }
        let mut g = Graph { n_rows, n_cols, indptr: vec![0u64; n_rows + 1], ..Graph::default() };
        g.indices.reserve(m);
        g.weights.reserve(m);
        g.source.reserve(m);
        for i in 0..n_rows {
            let seg = &mut order[count[i] as usize..count[i + 1] as usize];
            seg.sort_unstable_by(|&a, &b| {
                let (a, b) = (a as usize, b as usize);
                cols[a].cmp(&cols[b]).then(weights[b].total_cmp(&weights[a])).then(a.cmp(&b))
            });
            let mut last = u32::MAX;
            for &k in seg.iter() {
                let j = cols[k as usize];
                if j == last {
                    continue; // a lighter (or later) edge of the same pair
                }
                last = j;
                g.indices.push(j);
                g.weights.push(weights[k as usize]);
                g.source.push(u64::from(k));
            }
            g.indptr[i + 1] = g.indices.len() as u64;
        }
        Ok(g)
    }

    /// The graph of a dense matrix (`get(i, j)` the weight of row `i` and column `j`): every
    /// nonzero entry is an edge, checked by the one rule ([`check_weight`]), naming the row and
    /// column.
    pub fn from_dense(n_rows: usize, n_cols: usize, get: impl Fn(usize, usize) -> f64) -> Result<Graph> {
        let mut g = Graph { n_rows, n_cols, indptr: vec![0u64; n_rows + 1], ..Graph::default() };
        for i in 0..n_rows {
            for j in 0..n_cols {
                let w = get(i, j);
                if w != 0.0 {
                    check_weight(w, || format!("weights: row {i}, col {j}"))?;
                    g.indices.push(j as u32);
                    g.weights.push(w);
                    g.source.push((i * n_cols + j) as u64);
                }
            }
            g.indptr[i + 1] = g.indices.len() as u64;
        }
        Ok(g)
    }

    /// The graph as a borrowed [`Csr`].
    pub fn csr(&self) -> Csr<'_> {
        Csr {
            n_rows: self.n_rows,
            n_cols: self.n_cols,
            indptr: &self.indptr,
            indices: &self.indices,
            weights: &self.weights,
        }
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
            check_weight(g.weights[k], || format!("weights: row {i}, col {j}"))?;
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
    Ok(solve_with_duals_within(g, min_weight, cancel)?.0)
}

/// [`solve_within`] (the same matching), with an optimal solution of the dual linear program
/// of the graph restricted to the edges it counts (weight greater than 0 and at least
/// `min_weight`); see [`Duals`] for what the duals guarantee.
pub fn solve_with_duals_within(g: &Csr<'_>, min_weight: f64, cancel: &Cancel) -> Result<(Vec<Option<u32>>, Duals)> {
    if min_weight.is_nan() {
        return Err(Error::value(min_weight_message("nan")));
    }
    validate(g)?;
    if g.n_rows > g.n_cols {
        // Each row costs one search: solve the transpose, which has fewer.
        let (indptr, indices, weights) = transpose(g);
        let t = Csr { n_rows: g.n_cols, n_cols: g.n_rows, indptr: &indptr, indices: &indices, weights: &weights };
        let (row_of_col, duals) = solve_rows(&t, min_weight, cancel)?;
        let mut col_of_row = vec![None; g.n_rows];
        for (j, i) in row_of_col.into_iter().enumerate() {
            if let Some(i) = i {
                col_of_row[i as usize] = Some(j as u32);
            }
        }
        // The dual program is symmetric in rows and columns: the transpose's row duals are
        // this graph's column duals.
        return Ok((col_of_row, Duals { row: duals.col, col: duals.row }));
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

fn solve_rows(g: &Csr<'_>, min_weight: f64, cancel: &Cancel) -> Result<(Vec<Option<u32>>, Duals)> {
    let (n, m) = (g.n_rows, g.n_cols);
    if n + m + n >= NONE as usize {
        return Err(Error::value("weights: the graph has too many rows and columns"));
    }
    let keep = |w: f64| w > 0.0 && w >= min_weight;
    // Potentials, shifted after each search by the same amount for every node (a shift that
    // cancels in every reduced cost) so that free columns and dummies keep potential 0
    // throughout; they are the duals as they stand (see the module docs).
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
    // The duals (see the module docs): u = p_row, v = -p_col. Exactly 0 where complementary
    // slackness says so (an unmatched row's potential is 0 only up to the rounding of
    // `p + (d - fl(d + p))` when it fell to its dummy; a free column's is never touched), and
    // never below 0 (a matched row's potential is >= 0 up to rounding; a column's only ever
    // decreases from 0 by `dist - dt <= 0`, a subtraction whose sign is exact).
    let row = (0..n).map(|i| if col_of_row[i] != NONE && p_row[i] > 0.0 { p_row[i] } else { 0.0 }).collect();
    let col = (0..m).map(|j| if row_of_col[j] != NONE && p_col[j] < 0.0 { 0.0 - p_col[j] } else { 0.0 }).collect();
    let matched = col_of_row.into_iter().map(|c| (c != NONE).then_some(c)).collect();
    Ok((matched, Duals { row, col }))
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

    /// Checks the guarantees of [`Duals`] against the edges (duplicates included), to within
    /// `DUAL_TOL` times the largest weight, and returns the largest error seen (relative to it).
    fn check_duals(n: usize, m: usize, edges: &[(u32, u32, f64)], pairs: &[(u32, u32)], d: &Duals) -> f64 {
        assert_eq!((d.row.len(), d.col.len()), (n, m));
        let big = edges.iter().map(|e| e.2).fold(0.0, f64::max);
        let scale = big.max(f64::MIN_POSITIVE);
        let mut err = 0.0f64;
        for &x in d.row.iter().chain(&d.col) {
            assert!(x >= 0.0 && x.is_finite(), "a negative dual: {d:?}");
            assert!(x <= big * (1.0 + DUAL_TOL), "a dual above the largest weight: {d:?}");
        }
        for &(i, j, w) in edges {
            let slack = w - (d.row[i as usize] + d.col[j as usize]);
            err = err.max(slack / scale);
        }
        let (mut row_used, mut col_used) = (vec![false; n], vec![false; m]);
        let mut matched = 0.0;
        for &(i, j) in pairs {
            let w = total(edges, &[(i, j)]);
            matched += w;
            err = err.max((d.row[i as usize] + d.col[j as usize] - w).abs() / scale);
            row_used[i as usize] = true;
            col_used[j as usize] = true;
        }
        for (i, (&used, &u)) in row_used.iter().zip(&d.row).enumerate() {
            assert!(used || u == 0.0, "unmatched row {i} has dual {u}");
        }
        for (j, (&used, &v)) in col_used.iter().zip(&d.col).enumerate() {
            assert!(used || v == 0.0, "unmatched column {j} has dual {v}");
        }
        let sum: f64 = d.row.iter().chain(&d.col).sum();
        err = err.max((sum - matched).abs() / scale / pairs.len().max(1) as f64);
        assert!(err <= DUAL_TOL, "{n}x{m} {edges:?}: error {err} x {big}; {pairs:?} {d:?}");
        err
    }

    fn random_edges(rng: &mut Lcg, n: usize, m: usize, k: u64, real: bool) -> Vec<(u32, u32, f64)> {
        (0..k)
            .map(|_| {
                let (i, j) = ((rng.next() % n as u64) as u32, (rng.next() % m as u64) as u32);
                // Integers 0..6 (ties and zeros), or reals spread over six orders of magnitude.
                let w = if real {
                    (rng.next() % 1000) as f64 * 10f64.powi((rng.next() % 7) as i32 - 3)
                } else {
                    (rng.next() % 6) as f64
                };
                (i, j, w)
            })
            .collect()
    }

    #[test]
    fn duals_are_optimal_on_tiny_graphs() {
        let mut rng = Lcg(11);
        let mut wider = 0;
        for case in 0..4000 {
            let n = 1 + (rng.next() % 6) as usize;
            let m = 1 + (rng.next() % 6) as usize;
            let k = rng.next() % 16;
            let edges = random_edges(&mut rng, n, m, k, case % 2 == 1);
            let (pairs, d) = max_weight_matching_duals_within(n, m, &edges, Cancel::never()).unwrap();
            assert_eq!(pairs, max_weight_matching(n, m, &edges).unwrap());
            let best = brute(n, m, &edges);
            assert!((total(&edges, &pairs) - best).abs() <= 1e-12 * best.max(1.0), "{edges:?}: {pairs:?}");
            check_duals(n, m, &edges, &pairs, &d);
            // The dual objective is the primal optimum (LP duality).
            let sum: f64 = d.row.iter().chain(&d.col).sum();
            assert!((sum - best).abs() <= 1e-9 * best.max(1.0), "{edges:?}: {sum} vs {best}");
            wider += usize::from(n > m);
        }
        assert!(wider > 1000, "both orientations (the transposed solve) are exercised");
    }

    #[test]
    fn duals_hold_on_larger_graphs_in_both_orientations() {
        let mut rng = Lcg(3);
        let mut worst = 0.0f64;
        for &(n, m, per_row) in &[(400, 600, 6), (600, 400, 6), (1500, 1500, 4), (50, 2000, 40), (2000, 50, 1)] {
            for real in [false, true] {
                let edges = random_edges(&mut rng, n, m, (n * per_row) as u64, real);
                let (pairs, d) = max_weight_matching_duals_within(n, m, &edges, Cancel::never()).unwrap();
                worst = worst.max(check_duals(n, m, &edges, &pairs, &d));
            }
        }
        println!("largest dual error: {worst:e} of the largest weight");
    }

    #[test]
    fn duals_of_rows_and_columns_without_edges_are_zero() {
        // Row 1 and column 2 have no edges; row 2 only a zero edge. Both orientations.
        for t in [false, true] {
            let e = [(0u32, 0u32, 2.0), (0, 1, 1.0), (2, 1, 0.0), (3, 0, 1.5)];
            let edges: Vec<_> = e.iter().map(|&(i, j, w)| if t { (j, i, w) } else { (i, j, w) }).collect();
            let (n, m) = if t { (3, 4) } else { (4, 3) };
            let (pairs, d) = max_weight_matching_duals_within(n, m, &edges, Cancel::never()).unwrap();
            check_duals(n, m, &edges, &pairs, &d);
            let (rows, cols) = if t { (&d.col, &d.row) } else { (&d.row, &d.col) };
            assert_eq!((rows[1], rows[2], cols[2]), (0.0, 0.0, 0.0));
            assert_eq!(rows[0] + rows[3] + cols[0] + cols[1], 2.5); // (0, 1) and (3, 0)
        }
    }

    #[test]
    fn a_row_that_falls_to_its_dummy_gets_a_zero_dual() {
        // Row 2 takes column 1 from row 1, reached at distance 0.5 with its dummy at
        // 0.5 + 1e-20: its potential ends at 1e-20 + (0.5 - fl(0.5 + 1e-20)) = 1e-20, not 0.
        let edges = [(0u32, 0u32, 1.0), (1, 1, 1e-20), (2, 0, 1.0), (2, 1, 0.5)];
        let (pairs, d) = max_weight_matching_duals_within(3, 3, &edges, Cancel::never()).unwrap();
        assert_eq!(pairs, vec![(0, 0), (2, 1)]);
        assert_eq!(d.row[1], 0.0);
        check_duals(3, 3, &edges, &pairs, &d);
    }

    #[test]
    fn column_generation_with_the_certificate_reaches_the_optimum() {
        // Solve on a kept subset, add the dropped edges that `violates` flags, repeat: when none
        // is flagged the kept optimum is the full optimum.
        let mut rng = Lcg(5);
        for case in 0..600 {
            let n = 1 + (rng.next() % 6) as usize;
            let m = 1 + (rng.next() % 6) as usize;
            let k = rng.next() % 20;
            let edges = random_edges(&mut rng, n, m, k, case % 2 == 0);
            let (mut kept, mut dropped): (Vec<_>, Vec<_>) = edges.iter().partition(|_| rng.next() % 3 == 0);
            let mut rounds = 0;
            loop {
                let (pairs, d) = max_weight_matching_duals_within(n, m, &kept, Cancel::never()).unwrap();
                let (add, keep): (Vec<_>, Vec<_>) =
                    dropped.iter().partition(|e| violates(e.2, d.row[e.0 as usize], d.col[e.1 as usize]));
                if add.is_empty() {
                    let best = brute(n, m, &edges);
                    assert!((total(&kept, &pairs) - best).abs() <= 1e-12 * best.max(1.0), "{edges:?}");
                    break;
                }
                kept.extend(add);
                dropped = keep;
                rounds += 1;
                assert!(rounds <= 20);
            }
        }
    }

    #[test]
    fn violates_counts_ties_and_rounding_as_violating() {
        assert!(violates(1.0, 0.0, 0.0));
        assert!(violates(1.0, 0.5, 0.5));
        assert!(violates(0.3, 0.1, 0.2)); // 0.1 + 0.2 > 0.3 in f64, but only by rounding
        assert!(violates(1e6, 1e6 * (1.0 + 1e-10), 0.0));
        assert!(!violates(1e6, 1e6 * (1.0 + 1e-8), 0.0));
        assert!(!violates(0.0, 0.0, 0.0));
        assert!(!violates(1.0, 2.0, 0.0));
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
    fn edge_lists_keep_the_heaviest_edge_of_a_pair_and_its_source() {
        // edges: (0,1,2.0) (1,0,1.0) (0,1,5.0) (0,0,3.0) (0,1,5.0): row 0 keeps col 0 (edge 3)
        // and col 1 at 5.0 from edge 2 (the first of the two heaviest)
        let (rows, cols, w) = ([0, 1, 0, 0, 0], [1, 0, 1, 0, 1], [2.0, 1.0, 5.0, 3.0, 5.0]);
        let g = Graph::from_edges(2, 2, &rows, &cols, &w, |k| format!("edge {k}")).unwrap();
        assert_eq!(g.indptr, vec![0, 2, 3]);
        assert_eq!(g.indices, vec![0, 1, 0]);
        assert_eq!(g.weights, vec![3.0, 5.0, 1.0]);
        assert_eq!(g.source, vec![3, 2, 1]);
        let e = Graph::from_edges(2, 2, &[0], &[1], &[-1.0], |k| format!("weights: edge {k}")).unwrap_err();
        assert_eq!(e.to_string(), "weights: edge 0: -1.0 is negative; weights must be 0 or more");
        let d = Graph::from_dense(2, 2, |i, j| [[0.0, 2.0], [1.5, 0.0]][i][j]).unwrap();
        assert_eq!((d.indptr, d.indices, d.source), (vec![0, 1, 2], vec![1, 0], vec![1, 2]));
        let e = Graph::from_dense(1, 2, |_, j| [1.0, f64::INFINITY][j]).unwrap_err();
        assert_eq!(e.to_string(), "weights: row 0, col 1: inf is infinite");
    }

    #[test]
    fn empty_graphs() {
        assert!(max_weight_matching(0, 0, &[]).unwrap().is_empty());
        assert!(max_weight_matching(3, 0, &[]).unwrap().is_empty());
        assert!(max_weight_matching(3, 3, &[(0, 0, 0.0)]).unwrap().is_empty());
    }
}
