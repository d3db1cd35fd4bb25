//! PyO3 layer of the pairing core: optimal assignment (and, below, overlap tables).

use arrow_array::ffi_stream::{ArrowArrayStreamReader, FFI_ArrowArrayStream};
use arrow_array::RecordBatchReader;
use numpy::{PyArray1, PyReadonlyArray1};
use pyo3::prelude::*;
use pyo3::types::PyCapsule;

use super::to_pyerr;
use crate::error::Error;
use crate::pairing::assign::{self, Csr};
use crate::pairing::overlap::{relationships, Overlapper, Units};

type Matched<'py> = (Bound<'py, PyArray1<i64>>, Bound<'py, PyArray1<i64>>, Bound<'py, PyArray1<f64>>);

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
) -> PyResult<Matched<'py>> {
    let g =
        Csr { n_rows, n_cols, indptr: indptr.as_slice()?, indices: indices.as_slice()?, weights: weights.as_slice()? };
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

type OverlapArrays<'py> = (
    Bound<'py, PyAny>,
    Bound<'py, PyAny>,
    Bound<'py, PyArray1<i64>>,
    Bound<'py, PyArray1<i64>>,
    Bound<'py, PyArray1<f64>>,
    Bound<'py, PyArray1<f64>>,
    Bound<'py, PyArray1<f64>>,
    Bound<'py, PyArray1<f64>>,
);

fn units<'py>(py: Python<'py>, u: Units) -> PyResult<Bound<'py, PyAny>> {
    Ok(match u {
        Units::Str(v) => v.into_pyobject(py)?.into_any(),
        Units::Int(v) => PyArray1::from_vec(py, v).into_any(),
    })
}

/// The overlap table of a lookup given as any object with `__arrow_c_stream__`, read batch by
/// batch. Returns `(left_units, right_units, left, right, weight, left_share, right_share,
/// coterminosity)`: units are a list of str or an int64 array, sorted; `left`/`right` index them.
#[pyfunction]
#[pyo3(signature = (lookup, left, right, weight=None))]
pub(super) fn overlap_stream<'py>(
    py: Python<'py>,
    lookup: &Bound<'py, PyAny>,
    left: &str,
    right: &str,
    weight: Option<&str>,
) -> PyResult<OverlapArrays<'py>> {
    let capsule = lookup.call_method0("__arrow_c_stream__")?;
    let capsule = capsule.cast_into::<PyCapsule>().map_err(PyErr::from)?;
    let ptr = capsule.pointer_checked(Some(c"arrow_array_stream"))?;
    // SAFETY: the capsule named "arrow_array_stream" holds an ArrowArrayStream (the Arrow
    // PyCapsule interface); `from_raw` moves it out and leaves a released stream behind, which
    // the capsule's destructor then ignores.
    let reader = unsafe { ArrowArrayStreamReader::from_raw(ptr.as_ptr().cast::<FFI_ArrowArrayStream>()) }
        .map_err(|e| to_pyerr(Error::value(format!("lookup: {e}"))))?;
    let mut acc = Overlapper::new(left, right, weight);
    let table = py
        .detach(move || {
            acc.check_schema(&reader.schema())?;
            for batch in reader {
                let batch = batch.map_err(|e| Error::value(format!("lookup: {e}")))?;
                acc.add_batch(&batch)?;
            }
            Ok::<_, Error>(acc.finish())
        })
        .map_err(to_pyerr)?;
    let idx = |v: Vec<u32>| PyArray1::from_vec(py, v.into_iter().map(i64::from).collect());
    Ok((
        units(py, table.left_units)?,
        units(py, table.right_units)?,
        idx(table.left),
        idx(table.right),
        PyArray1::from_vec(py, table.weight),
        PyArray1::from_vec(py, table.left_share),
        PyArray1::from_vec(py, table.right_share),
        PyArray1::from_vec(py, table.coterminosity),
    ))
}

type Classified<'py> = (Bound<'py, PyArray1<u8>>, Bound<'py, PyArray1<u64>>, Bound<'py, PyArray1<u32>>);

/// Relationship of each of `n` units of one side: `(codes, offsets, partners)` where codes are
/// 0 coterminous, 1 nested, 2 split, 3 overlapping.
#[pyfunction]
pub(super) fn relationships_side<'py>(
    py: Python<'py>,
    n: usize,
    own: PyReadonlyArray1<'py, u32>,
    other: PyReadonlyArray1<'py, u32>,
    own_share: PyReadonlyArray1<'py, f64>,
    other_share: PyReadonlyArray1<'py, f64>,
    threshold: f64,
) -> PyResult<Classified<'py>> {
    let r =
        relationships(n, own.as_slice()?, other.as_slice()?, own_share.as_slice()?, other_share.as_slice()?, threshold)
            .map_err(to_pyerr)?;
    let codes = r.relationship.iter().map(|x| *x as u8).collect();
    Ok((PyArray1::from_vec(py, codes), PyArray1::from_vec(py, r.offsets), PyArray1::from_vec(py, r.partners)))
}
