//! PyO3 layer of name pairing: columns of strings in (read by `columns.rs`: lists, numpy
//! arrays, Arrow arrays, polars Series), numpy arrays out; the work runs with the interpreter
//! released.

use std::collections::BTreeMap;

use numpy::{PyArray1, PyReadonlyArray1};
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyFloat, PyInt, PyString};

use super::columns::{Mode, PyColumn};
use super::interrupt::run_reporting;
use super::to_pyerr;
use crate::error::Error;
use crate::pairing::assign::max_weight_matching_duals_within;
use crate::pairing::names::{
    self, Affixes, CandidateHow, CandidateOptions, CandidateRow, Edge, How, Normalizer, PairOptions,
};
use crate::Result;

/// A number argument: a Python int or float, or a numpy integer or floating scalar, never a
/// bool; anything else is `error(repr)`, the core's error for the argument.
pub(super) fn number(obj: &Bound<'_, PyAny>, error: impl FnOnce(String) -> Error) -> PyResult<f64> {
    let numeric = if obj.is_instance_of::<PyBool>() {
        false
    } else if obj.is_instance_of::<PyInt>() || obj.is_instance_of::<PyFloat>() {
        true
    } else {
        // numpy scalars: integer and floating kinds (not bool_, not complex)
        match obj.getattr(intern!(obj.py(), "dtype")).and_then(|d| d.getattr(intern!(obj.py(), "kind"))) {
            Ok(kind) => kind.extract::<String>().is_ok_and(|k| matches!(k.as_str(), "i" | "u" | "f")),
            Err(_) => false,
        }
    };
    if numeric {
        if let Ok(x) = obj.extract::<f64>() {
            return Ok(x);
        }
    }
    Err(to_pyerr(error(obj.repr()?.to_string())))
}

fn normalizer(affixes: Option<&str>, replace: bool) -> PyResult<Normalizer> {
    Normalizer::with_affixes(affixes, replace).map_err(to_pyerr)
}

/// The normalised form of one name.
#[pyfunction]
#[pyo3(signature = (name, affixes=None, replace=false))]
pub(super) fn normalize_name(name: &str, affixes: Option<&str>, replace: bool) -> PyResult<String> {
    Ok(normalizer(affixes, replace)?.normalize(name))
}

/// Normalise a column of strings (a list, numpy array, Arrow array or polars Series); returns
/// a list of str, None where a name is missing.
#[pyfunction]
#[pyo3(signature = (names, affixes=None, replace=false))]
pub(super) fn normalize_names(
    py: Python<'_>,
    names: &Bound<'_, PyAny>,
    affixes: Option<&str>,
    replace: bool,
) -> PyResult<Vec<Option<String>>> {
    let norm = normalizer(affixes, replace)?;
    let held = PyColumn::read(names, "name", Mode::Strings)?;
    let strings = held.strings("name")?;
    Ok(py.detach(|| names::normalize_all(&norm, &strings)))
}

/// The built-in affix list: `{"prefix": [...], "suffix": [...]}`.
#[pyfunction]
pub(super) fn builtin_affixes() -> PyResult<BTreeMap<&'static str, Vec<String>>> {
    let a = Affixes::builtin().map_err(to_pyerr)?;
    Ok(BTreeMap::from([("prefix", a.prefix), ("suffix", a.suffix)]))
}

/// Pairs of names: positions in the left and right lists (-1: none, in an outer pairing) and
/// the similarity (0 where either side is missing).
#[pyclass(module = "coterminous._core", frozen, get_all)]
pub struct NamePairs {
    /// Positions in the left list (int64).
    left: Py<PyArray1<i64>>,
    /// Positions in the right list (int64).
    right: Py<PyArray1<i64>>,
    /// Similarities, 0-100 (float64).
    score: Py<PyArray1<f64>>,
    /// The words matched, per row (None for an unpaired name), or None without explain.
    matched: Option<Vec<Option<String>>>,
    /// The words of both names left over, per row, or None without explain.
    unmatched: Option<Vec<Option<String>>>,
}

impl NamePairs {
    fn new(py: Python<'_>, left: Vec<i64>, right: Vec<i64>, score: Vec<f64>) -> Self {
        NamePairs {
            left: PyArray1::from_vec(py, left).unbind(),
            right: PyArray1::from_vec(py, right).unbind(),
            score: PyArray1::from_vec(py, score).unbind(),
            matched: None,
            unmatched: None,
        }
    }

    /// With the explanation of each row (None: an unpaired name).
    fn explained(self, whys: Vec<Option<names::Why>>) -> Self {
        let (matched, unmatched) = whys.into_iter().map(Option::unzip).unzip();
        NamePairs { matched: Some(matched), unmatched: Some(unmatched), ..self }
    }

    fn from_edges(py: Python<'_>, edges: &[Edge]) -> Self {
        let l = edges.iter().map(|e| e.left as i64).collect();
        let r = edges.iter().map(|e| e.right as i64).collect();
        let s = edges.iter().map(|e| e.score).collect();
        NamePairs::new(py, l, r, s)
    }

    fn from_outer(py: Python<'_>, rows: &[names::OuterRow]) -> Self {
        let pos = |x: Option<u32>| x.map_or(-1, i64::from);
        let l = rows.iter().map(|r| pos(r.left)).collect();
        let r = rows.iter().map(|r| pos(r.right)).collect();
        let s = rows.iter().map(|r| r.score).collect();
        NamePairs::new(py, l, r, s)
    }
}

type Blocks<'a> = Option<(&'a [i64], &'a [i64])>;

/// Block codes of both sides (both or neither), as contiguous slices.
fn held_blocks<'a>(
    left: &'a Option<PyReadonlyArray1<'_, i64>>,
    right: &'a Option<PyReadonlyArray1<'_, i64>>,
) -> PyResult<Blocks<'a>> {
    let slice = |what: &str, a: &'a PyReadonlyArray1<'_, i64>| {
        a.as_slice().map_err(|_| to_pyerr(Error::type_error(format!("{what}: block codes must be contiguous"))))
    };
    match (left, right) {
        (Some(l), Some(r)) => Ok(Some((slice("left_block", l)?, slice("right_block", r)?))),
        (None, None) => Ok(None),
        _ => Err(to_pyerr(Error::value("left_block, right_block: give both or neither"))),
    }
}

/// A `how` option: a string parsed by the core; anything else is refused with the core's
/// message.
fn parse_how<T: crate::options::Choice + std::str::FromStr<Err = Error>>(how: &Bound<'_, PyAny>) -> PyResult<T> {
    match how.cast::<PyString>() {
        Ok(s) => s.to_str()?.parse::<T>().map_err(to_pyerr),
        Err(_) => Err(to_pyerr(T::invalid(&how.repr()?.to_string()))),
    }
}

/// What every names binding takes besides the strings: the score floor, the normaliser and
/// the block codes (held numpy arrays, both sides or neither).
struct NameArgs<'py> {
    min_score: f64,
    norm: Normalizer,
    left_block: Option<PyReadonlyArray1<'py, i64>>,
    right_block: Option<PyReadonlyArray1<'py, i64>>,
}

impl<'py> NameArgs<'py> {
    fn new(
        min_score: &Bound<'py, PyAny>,
        affixes: Option<&str>,
        replace: bool,
        left_block: Option<PyReadonlyArray1<'py, i64>>,
        right_block: Option<PyReadonlyArray1<'py, i64>>,
    ) -> PyResult<Self> {
        held_blocks(&left_block, &right_block)?;
        let min_score = number(min_score, |got| Error::type_error(names::min_score_message(&got)))?;
        Ok(NameArgs { min_score, norm: normalizer(affixes, replace)?, left_block, right_block })
    }

    fn blocks(&self) -> PyResult<Blocks<'_>> {
        held_blocks(&self.left_block, &self.right_block)
    }
}

/// The optimal one-to-one pairing of two string columns by name similarity, sorted by left
/// index; with `how="outer"`, also every unpaired name (see `names::outer_rows`); with
/// `explain`, the words matched and left over of each pair (see `names::explain_pairs`).
#[pyfunction]
#[pyo3(signature = (left, right, min_score, affixes=None, replace=false, how=None, left_block=None, right_block=None, progress=None, explain=false))]
#[allow(clippy::too_many_arguments)]
pub(super) fn pair_names<'py>(
    py: Python<'py>,
    left: &Bound<'py, PyAny>,
    right: &Bound<'py, PyAny>,
    min_score: &Bound<'py, PyAny>,
    affixes: Option<&str>,
    replace: bool,
    how: Option<&Bound<'py, PyAny>>,
    left_block: Option<PyReadonlyArray1<'py, i64>>,
    right_block: Option<PyReadonlyArray1<'py, i64>>,
    progress: Option<Py<PyAny>>,
    explain: bool,
) -> PyResult<NamePairs> {
    let args = NameArgs::new(min_score, affixes, replace, left_block, right_block)?;
    let how: How = how.map(parse_how).transpose()?.unwrap_or_default();
    let (hl, hr) = (PyColumn::read(left, "left", Mode::Strings)?, PyColumn::read(right, "right", Mode::Strings)?);
    let (l, r) = (hl.strings("left")?, hr.strings("right")?);
    let (n_left, n_right) = (l.len(), r.len());
    let (blocks, norm) = (args.blocks()?, &args.norm);
    let opts = PairOptions { min_score: args.min_score };
    type Explained = (Vec<Edge>, Option<Vec<names::Why>>);
    let (edges, whys) = run_reporting(py, progress.as_ref(), |cancel| -> Result<Explained> {
        let matcher = &max_weight_matching_duals_within;
        let edges = match blocks {
            Some((lb, rb)) => names::pair_names_blocked(&l, &r, lb, rb, norm, &opts, matcher, cancel)?,
            None => names::pair_names(&l, &r, norm, &opts, matcher, cancel)?,
        };
        let pairs: Vec<(u32, u32)> = edges.iter().map(|e| (e.left, e.right)).collect();
        let whys = explain.then(|| names::explain_pairs(&l, &r, blocks, norm, opts.min_score, &pairs, cancel));
        Ok((edges, whys.transpose()?))
    })?;
    let out = match how {
        How::Inner => NamePairs::from_edges(py, &edges),
        How::Outer => NamePairs::from_outer(py, &names::outer_rows(&edges, n_left, n_right)),
    };
    let Some(whys) = whys else { return Ok(out) };
    Ok(match how {
        How::Inner => out.explained(whys.into_iter().map(Some).collect()),
        How::Outer => {
            // the rows of outer_rows: left names in order, then unpaired right names
            let mut of_left: Vec<Option<names::Why>> = vec![None; n_left];
            for (e, why) in edges.iter().zip(whys) {
                of_left[e.left as usize] = Some(why);
            }
            of_left.resize(n_left + n_right - edges.len(), None);
            out.explained(of_left)
        }
    })
}

/// Candidates for review: positions (-1: no partner), score, rank (0: none) and margin (NaN
/// where there is no partner), and the explanation columns when asked.
#[pyclass(module = "coterminous._core", frozen, get_all)]
pub struct NameCandidates {
    /// Positions in the left list (int64; -1: a right name in no row).
    left: Py<PyArray1<i64>>,
    /// Positions in the right list (int64; -1: a left name with no candidate).
    right: Py<PyArray1<i64>>,
    /// Similarities, 0-100 (float64; NaN where there is no partner).
    score: Py<PyArray1<f64>>,
    /// 1 for a left name's best candidate (int64; 0 where there is no partner).
    rank: Py<PyArray1<i64>>,
    /// Score minus the next candidate's, or minus 0 (float64; NaN where there is no partner).
    margin: Py<PyArray1<f64>>,
    /// The words matched, per row (None where there is no partner), or None without explain.
    matched: Option<Vec<Option<String>>>,
    /// The words of both names left over, per row, or None without explain.
    unmatched: Option<Vec<Option<String>>>,
}

/// The `k` best candidates of each left name (see `names::name_candidates`): every left name
/// keeps a row (`how="left"`, default), or only candidates (`"inner"`), or also every right
/// name in no row (`"both"`).
#[pyfunction]
#[pyo3(signature = (left, right, min_score, affixes=None, replace=false, left_block=None, right_block=None, progress=None, k=3, how=None, explain=false))]
#[allow(clippy::too_many_arguments)]
pub(super) fn name_candidates<'py>(
    py: Python<'py>,
    left: &Bound<'py, PyAny>,
    right: &Bound<'py, PyAny>,
    min_score: &Bound<'py, PyAny>,
    affixes: Option<&str>,
    replace: bool,
    left_block: Option<PyReadonlyArray1<'py, i64>>,
    right_block: Option<PyReadonlyArray1<'py, i64>>,
    progress: Option<Py<PyAny>>,
    k: usize,
    how: Option<&Bound<'py, PyAny>>,
    explain: bool,
) -> PyResult<NameCandidates> {
    let args = NameArgs::new(min_score, affixes, replace, left_block, right_block)?;
    let how: CandidateHow = how.map(parse_how).transpose()?.unwrap_or_default();
    let (hl, hr) = (PyColumn::read(left, "left", Mode::Strings)?, PyColumn::read(right, "right", Mode::Strings)?);
    let (l, r) = (hl.strings("left")?, hr.strings("right")?);
    let (blocks, norm) = (args.blocks()?, &args.norm);
    let opts = CandidateOptions { min_score: args.min_score, k, how, explain };
    let rows = run_reporting(py, progress.as_ref(), |cancel| -> Result<Vec<CandidateRow>> {
        names::name_candidates(&l, &r, blocks, norm, &opts, cancel)
    })?;
    let pos = |x: Option<u32>| x.map_or(-1, i64::from);
    let arr_i = |f: &dyn Fn(&CandidateRow) -> i64| PyArray1::from_vec(py, rows.iter().map(f).collect()).unbind();
    let arr_f = |f: &dyn Fn(&CandidateRow) -> f64| PyArray1::from_vec(py, rows.iter().map(f).collect()).unbind();
    let why = |part: fn(&(String, String)) -> &String| {
        explain.then(|| rows.iter().map(|r| r.why.as_ref().map(|w| part(w).clone())).collect())
    };
    Ok(NameCandidates {
        left: arr_i(&|r| pos(r.left)),
        right: arr_i(&|r| pos(r.right)),
        score: arr_f(&|r| r.score.unwrap_or(f64::NAN)),
        rank: arr_i(&|r| r.rank.map_or(0, i64::from)),
        margin: arr_f(&|r| r.margin.unwrap_or(f64::NAN)),
        matched: why(|w| &w.0),
        unmatched: why(|w| &w.1),
    })
}
