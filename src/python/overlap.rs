//! PyO3 layer of the pairing core: optimal assignment (and, below, overlap tables).

use numpy::{PyArray1, PyReadonlyArray1};
use pyo3::prelude::*;

use super::to_pyerr;
use crate::pairing::assign::{self, Csr};

/// The maximum-weight matching of a compressed-row graph: `(rows, cols, weights)` of the
/// matched pairs, in increasing row order. Edges of weight 0 or below `min_weight` are never matched.
#[pyfunction]
#[pyo3(signature = (n_rows, n_cols, indptr, indices, weights, min_weight=0.0))]
pub(super) fn assign_csr<'py>(
    py: Python<'py>,
    n_rows: usize,
    n_cols: usize,
    indptr: PyReadonlyArray1<'py, u64>,
    indices: PyReadonlyArray1<'py, u32>,
    weights: PyReadonlyArray1<'py, f64>,
    min_weight: f64,
) -> PyResult<(Bound<'py, PyArray1<i64>>, Bound<'py, PyArray1<i64>>, Bound<'py, PyArray1<f64>>)> {
    let g = Csr { n_rows, n_cols, indptr: indptr.as_slice()?, indices: indices.as_slice()?, weights: weights.as_slice()? };
    let (rows, cols, w) = py
        .detach(|| {
            let matched = assign::solve(&g, min_weight)?;
            let (mut rows, mut cols, mut w) = (Vec::new(), Vec::new(), Vec::new());
            for (i, c) in matched.iter().enumerate() {
                if let Some(j) = *c {
                    let (a, b) = (g.indptr[i] as usize, g.indptr[i + 1] as usize);
                    let best = (a..b).filter(|&k| g.indices[k] == j).map(|k| g.weights[k]).fold(0.0, f64::max);
                    rows.push(i as i64);
                    cols.push(j as i64);
                    w.push(best);
                }
            }
            Ok::<_, crate::Error>((rows, cols, w))
        })
        .map_err(to_pyerr)?;
    Ok((PyArray1::from_vec(py, rows), PyArray1::from_vec(py, cols), PyArray1::from_vec(py, w)))
}
