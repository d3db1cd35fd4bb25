//! PyO3 layer of the pairing core: optimal assignment (and, below, overlap tables).

use arrow_array::ffi_stream::{ArrowArrayStreamReader, FFI_ArrowArrayStream};
use arrow_array::RecordBatchReader;
use numpy::{PyArray1, PyReadonlyArray1, PyReadonlyArray2};
use pyo3::prelude::*;
use pyo3::types::{PyCapsule, PyString};

use super::pairing::number;
use super::to_pyerr;
use crate::error::Error;
use crate::pairing::assign::{self, Csr, Graph};
use crate::pairing::overlap::{OverlapTable, Overlapper, Units};
use crate::pairing::relationships::{min_coterminosity_message, relationships};
use arrow_array::{new_null_array, ArrayRef};
use arrow_schema::DataType;

use super::columns::{Kind, Mode, PyColumn};

/// The contents of a contiguous 1-D array; a strided one is a type error naming the argument.
fn slice<'a, T: numpy::Element>(a: &'a PyReadonlyArray1<'_, T>, name: &str) -> PyResult<&'a [T]> {
    a.as_slice().map_err(|_| to_pyerr(Error::type_error(format!("{name}: the array must be contiguous"))))
}

/// The matched pairs of an assignment, in increasing row order.
#[pyclass(module = "coterminous._core", frozen, get_all)]
pub struct Matching {
    /// Row of each pair (int64).
    rows: Py<PyArray1<i64>>,
    /// Column of each pair (int64).
    cols: Py<PyArray1<i64>>,
    /// Weight of each pair: the largest of its edges (float64).
    weights: Py<PyArray1<f64>>,
    /// Where each pair's weight comes from (int64): the index of its edge for `assign_edges`,
    /// `row * n_cols + col` for `assign_dense`, its position in the arrays for `assign_csr`.
    edges: Py<PyArray1<i64>>,
}

/// `min_weight` as a number; not a number (None included): a type error.
fn min_weight_of(min_weight: &Bound<'_, PyAny>) -> PyResult<f64> {
    number(min_weight, |got| Error::type_error(assign::min_weight_message(&got)))
}

/// Solve `g` (with the source of each entry) without the GIL: the matched pairs, each with the
/// largest weight of its entries and that entry's source.
fn matching(py: Python<'_>, g: &Csr<'_>, source: &[u64], min_weight: f64) -> PyResult<Matching> {
    let (rows, cols, w, edges) = py
        .detach(|| {
            let matched = assign::solve(g, min_weight)?;
            let (mut rows, mut cols, mut w, mut edges) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
            for (i, c) in matched.iter().enumerate() {
                if let Some(j) = *c {
                    let (a, b) = (g.indptr[i] as usize, g.indptr[i + 1] as usize);
                    let mut best: Option<usize> = None;
                    for k in (a..b).filter(|&k| g.indices[k] == j) {
                        if best.is_none_or(|x| g.weights[k] > g.weights[x]) {
                            best = Some(k);
                        }
                    }
                    let k = best.expect("a matched pair has an entry");
                    rows.push(i as i64);
                    cols.push(j as i64);
                    w.push(g.weights[k]);
                    edges.push(source[k] as i64);
                }
            }
            Ok::<_, Error>((rows, cols, w, edges))
        })
        .map_err(to_pyerr)?;
    Ok(Matching {
        rows: PyArray1::from_vec(py, rows).unbind(),
        cols: PyArray1::from_vec(py, cols).unbind(),
        weights: PyArray1::from_vec(py, w).unbind(),
        edges: PyArray1::from_vec(py, edges).unbind(),
    })
}

/// The maximum-weight matching of a compressed-row graph (a scipy.sparse matrix's arrays): the
/// matched pairs, in increasing row order. Edges of weight 0 or below `min_weight` are never
/// matched.
#[pyfunction]
#[pyo3(signature = (n_rows, n_cols, indptr, indices, weights, min_weight))]
pub(super) fn assign_csr<'py>(
    py: Python<'py>,
    n_rows: usize,
    n_cols: usize,
    indptr: PyReadonlyArray1<'py, u64>,
    indices: PyReadonlyArray1<'py, u32>,
    weights: PyReadonlyArray1<'py, f64>,
    min_weight: &Bound<'py, PyAny>,
) -> PyResult<Matching> {
    let min_weight = min_weight_of(min_weight)?;
    let g = Csr {
        n_rows,
        n_cols,
        indptr: slice(&indptr, "indptr")?,
        indices: slice(&indices, "indices")?,
        weights: slice(&weights, "weights")?,
    };
    let source: Vec<u64> = (0..g.weights.len() as u64).collect();
    matching(py, &g, &source, min_weight)
}

/// The maximum-weight matching of a dense matrix of weights (a zero is no edge): the matched
/// pairs, in increasing row order. A NaN, infinite or negative weight names its row and column.
#[pyfunction]
#[pyo3(signature = (weights, min_weight))]
pub(super) fn assign_dense<'py>(
    py: Python<'py>,
    weights: PyReadonlyArray2<'py, f64>,
    min_weight: &Bound<'py, PyAny>,
) -> PyResult<Matching> {
    let min_weight = min_weight_of(min_weight)?;
    let a = weights.as_array();
    let (n, m) = a.dim();
    let g = py.detach(|| Graph::from_dense(n, m, |i, j| a[[i, j]])).map_err(to_pyerr)?;
    matching(py, &g.csr(), &g.source, min_weight)
}

/// The maximum-weight matching of an edge list on `n_rows` rows and `n_cols` columns: edge `k`
/// joins `rows[k]` and `cols[k]` with weight `weights[k]`; of several edges of one pair the
/// heaviest counts. A bad weight names `column` and the edge's row (of the table the edges
/// come from) when `column` is given, else the edge. `Matching.edges` gives each pair's edge.
#[pyfunction]
#[pyo3(signature = (n_rows, n_cols, rows, cols, weights, min_weight, column=None))]
#[allow(clippy::too_many_arguments)]
pub(super) fn assign_edges<'py>(
    py: Python<'py>,
    n_rows: usize,
    n_cols: usize,
    rows: PyReadonlyArray1<'py, u32>,
    cols: PyReadonlyArray1<'py, u32>,
    weights: PyReadonlyArray1<'py, f64>,
    min_weight: &Bound<'py, PyAny>,
    column: Option<&str>,
) -> PyResult<Matching> {
    let min_weight = min_weight_of(min_weight)?;
    let (r, c, w) = (slice(&rows, "rows")?, slice(&cols, "cols")?, slice(&weights, "weights")?);
    let g = py
        .detach(|| {
            Graph::from_edges(n_rows, n_cols, r, c, w, |k| match column {
                Some(name) => format!("weights: column {name:?}, row {k}"),
                None => format!("weights: edge {k} (row {}, col {})", r[k], c[k]),
            })
        })
        .map_err(to_pyerr)?;
    matching(py, &g.csr(), &g.source, min_weight)
}

/// The overlap table of a lookup: one row per pair of codes, sorted by left then right code.
#[pyclass(name = "OverlapTable", module = "coterminous._core", frozen, get_all)]
pub struct PyOverlapTable {
    /// The left codes, sorted: a list of str or an int64 array.
    left_units: Py<PyAny>,
    /// The right codes, sorted: a list of str or an int64 array.
    right_units: Py<PyAny>,
    /// Each row's left code, as an index into `left_units` (int64).
    left: Py<PyArray1<i64>>,
    /// Each row's right code, as an index into `right_units` (int64).
    right: Py<PyArray1<i64>>,
    /// The weight of the pair (float64).
    weight: Py<PyArray1<f64>>,
    /// The pair's weight over the left unit's total (NaN for a total of 0).
    left_share: Py<PyArray1<f64>>,
    /// The pair's weight over the right unit's total (NaN for a total of 0).
    right_share: Py<PyArray1<f64>>,
    /// The smaller of the two shares.
    coterminosity: Py<PyArray1<f64>>,
}

fn units<'py>(py: Python<'py>, u: Units) -> PyResult<Bound<'py, PyAny>> {
    Ok(match u {
        Units::Str(v) => v.into_pyobject(py)?.into_any(),
        Units::Int(v) => PyArray1::from_vec(py, v).into_any(),
    })
}

/// The overlap table of a lookup given as any object with `__arrow_c_stream__`, read batch by
/// batch.
#[pyfunction]
#[pyo3(signature = (lookup, left, right, weight=None))]
pub(super) fn overlap_stream<'py>(
    py: Python<'py>,
    lookup: &Bound<'py, PyAny>,
    left: &str,
    right: &str,
    weight: Option<&str>,
) -> PyResult<PyOverlapTable> {
    let capsule = lookup.call_method0("__arrow_c_stream__")?;
    let capsule = capsule
        .cast_into::<PyCapsule>()
        .map_err(|_| to_pyerr(Error::type_error("lookup: __arrow_c_stream__ did not return a PyCapsule")))?;
    let ptr = capsule
        .pointer_checked(Some(c"arrow_array_stream"))
        .map_err(|e| to_pyerr(Error::type_error(format!("lookup: __arrow_c_stream__: {e}"))))?;
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
    table_out(py, table)
}

/// The overlap table of a lookup given as its columns: each a list, a numpy array or an Arrow
/// array (a polars Series...), read by `columns.rs` (codes keep their Python types apart:
/// `1`, `True`, `"1"` are never one code). `names` are the columns' names, for messages.
#[pyfunction]
#[pyo3(signature = (left, right, weight, names))]
pub(super) fn overlap_columns<'py>(
    py: Python<'py>,
    left: &Bound<'py, PyAny>,
    right: &Bound<'py, PyAny>,
    weight: Option<&Bound<'py, PyAny>>,
    names: (String, String, Option<String>),
) -> PyResult<PyOverlapTable> {
    let (ln, rn, wn) = names;
    let label = |n: &str| {
        let quoted = PyString::new(py, n).repr().map(|r| r.to_string()).unwrap_or_else(|_| format!("{n:?}"));
        format!("lookup: column {quoted}")
    };
    let code = |obj: &Bound<'py, PyAny>, n: &str| -> PyResult<ArrayRef> {
        let col = PyColumn::read(obj, &label(n), Mode::Exact)?;
        Ok(match col.kind() {
            Kind::Null => new_null_array(&DataType::Utf8, col.len()),
            Kind::Int | Kind::Str => col.array(),
            k => {
                let row = (0..col.len()).find(|&i| !col.nulls().is_some_and(|m| m[i])).unwrap_or(0);
                return Err(to_pyerr(Error::type_error(format!(
                    "{}, row {row}: codes must be strings or integers, got a column of {}s",
                    label(n),
                    k.name()
                ))));
            }
        })
    };
    let (l, r) = (code(left, &ln)?, code(right, &rn)?);
    let w = match (weight, &wn) {
        (Some(obj), Some(n)) => {
            let col = PyColumn::read(obj, &label(n), Mode::Numbers)?;
            Some(match col.kind() {
                Kind::Null => new_null_array(&DataType::Float64, col.len()),
                Kind::Int | Kind::Float => col.array(),
                k => {
                    let row = (0..col.len()).find(|&i| !col.nulls().is_some_and(|m| m[i])).unwrap_or(0);
                    return Err(to_pyerr(Error::type_error(format!(
                        "{}, row {row}: weights must be numbers, got a column of {}s",
                        label(n),
                        k.name()
                    ))));
                }
            })
        }
        _ => None,
    };
    let mut acc = Overlapper::new(&ln, &rn, wn.as_deref());
    let table = py
        .detach(move || {
            acc.add_arrays(l.as_ref(), r.as_ref(), w.as_deref())?;
            Ok::<_, Error>(acc.finish())
        })
        .map_err(to_pyerr)?;
    table_out(py, table)
}

fn table_out(py: Python<'_>, table: OverlapTable) -> PyResult<PyOverlapTable> {
    let idx = |v: Vec<u32>| PyArray1::from_vec(py, v.into_iter().map(i64::from).collect()).unbind();
    let floats = |v: Vec<f64>| PyArray1::from_vec(py, v).unbind();
    Ok(PyOverlapTable {
        left_units: units(py, table.left_units)?.unbind(),
        right_units: units(py, table.right_units)?.unbind(),
        left: idx(table.left),
        right: idx(table.right),
        weight: floats(table.weight),
        left_share: floats(table.left_share),
        right_share: floats(table.right_share),
        coterminosity: floats(table.coterminosity),
    })
}

/// The relationship of each unit of one side and its partners.
#[pyclass(name = "Relationships", module = "coterminous._core", frozen, get_all)]
pub struct PyRelationships {
    /// One code per unit: 0 coterminous, 1 nested, 2 split, 3 overlapping (uint8).
    codes: Py<PyArray1<u8>>,
    /// Unit `u`'s partners are `partners[offsets[u]:offsets[u + 1]]` (uint64).
    offsets: Py<PyArray1<u64>>,
    /// Partner indices, largest share of the unit first (uint32).
    partners: Py<PyArray1<u32>>,
}

/// Relationship of each of `n` units of one side.
#[pyfunction]
pub(super) fn relationships_side<'py>(
    py: Python<'py>,
    n: usize,
    own: PyReadonlyArray1<'py, u32>,
    other: PyReadonlyArray1<'py, u32>,
    own_share: PyReadonlyArray1<'py, f64>,
    other_share: PyReadonlyArray1<'py, f64>,
    min_coterminosity: &Bound<'py, PyAny>,
) -> PyResult<PyRelationships> {
    let threshold = number(min_coterminosity, |got| Error::type_error(min_coterminosity_message(&got)))?;
    let r = relationships(
        n,
        slice(&own, "own")?,
        slice(&other, "other")?,
        slice(&own_share, "own_share")?,
        slice(&other_share, "other_share")?,
        threshold,
    )
    .map_err(to_pyerr)?;
    let codes = r.relationship.iter().map(|x| *x as u8).collect();
    Ok(PyRelationships {
        codes: PyArray1::from_vec(py, codes).unbind(),
        offsets: PyArray1::from_vec(py, r.offsets).unbind(),
        partners: PyArray1::from_vec(py, r.partners).unbind(),
    })
}
