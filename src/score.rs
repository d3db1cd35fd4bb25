//! Scoring: validate theme scores against a framework's scale, then derive the total and the
//! overall score by the framework's rule table, over columns, in parallel chunks.
//!
//! The overall score of a small framework (at most `LUT_LIMIT` combinations of theme scores,
//! 4^5 = 1024 for the Audit Commission's) is read from a table built once by evaluating the
//! rules on every combination, so each row costs a few integer operations whatever the rules.
//! The table is built only when it pays: when there are at least as many rows as
//! combinations; fewer rows are evaluated by the rules one by one. Both poll for Ctrl-C.
//!
//! [`check_scores`] is the score-in-scale rule for any column of scores (the statistics and
//! the gaps between paired bodies use it), with the one message of [`not_a_score`].

use rayon::prelude::*;

use crate::cancel::Cancel;
use crate::column::{BadValue, Column};
use crate::error::{Error, Result};
use crate::framework::{not_a_score, value_text, CompiledRules, Framework};

/// Rows per parallel task.
const CHUNK: usize = 16 * 1024;
/// Rule tables with at most this many score combinations are tabulated.
pub const LUT_LIMIT: usize = 1 << 16;

/// What to do with a missing theme score.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Missing {
    /// A missing score is an error, like any other invalid score.
    Error,
    /// A row with any missing score gets a missing total and overall score.
    Propagate,
    /// A row is scored on the themes assessed (total, percentage and overall over them, as
    /// the CQC does); a row with none assessed is missing.
    Skip,
}

crate::options::choice!(Missing, "missing", [
    "error" => Missing::Error,
    "propagate" => Missing::Propagate,
    "skip" => Missing::Skip,
]);

/// Which outputs to compute.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Want {
    /// The sum of the theme scores.
    pub total: bool,
    /// The overall score by the framework's rule table.
    pub overall: bool,
    /// The percentage of the maximum over the assessed themes.
    pub percent: bool,
}

impl Want {
    /// The outputs asked for: `overall` of `None` means "when the framework has a rule table";
    /// `Some(true)` on a framework without one is an [`Error::Framework`], and so is
    /// `percent` on a scale where a percentage of the maximum means nothing (`min < 0`).
    pub fn new(fw: &Framework, total: bool, overall: Option<bool>, percent: bool) -> Result<Want> {
        let has_rules = fw.overall.is_some();
        let overall = match overall {
            None => has_rules,
            Some(true) if !has_rules => return Err(no_overall_rule(fw)),
            Some(o) => o,
        };
        if percent {
            fw.check_percent()?;
        }
        Ok(Want { total, overall, percent })
    }
}

/// The error for asking a framework without a rule table for an overall score.
fn no_overall_rule(fw: &Framework) -> Error {
    Error::framework(
        "$.overall",
        format!(
            "the framework {:?} has no overall rule table; pass overall=False or supply a framework with one",
            fw.name
        ),
    )
}

/// The outputs of [`score`], one value per row.
#[derive(Debug, Default, PartialEq)]
pub struct Scored {
    /// The totals, when asked for.
    pub total: Option<Vec<i32>>,
    /// The overall scores, when asked for.
    pub overall: Option<Vec<i32>>,
    /// The percentages of the maximum over the assessed themes, when asked for.
    pub percent: Option<Vec<f64>>,
    /// The number of themes assessed in each row (with `Missing::Skip` only).
    pub assessed: Option<Vec<i32>>,
    /// `nulls[i]` is true when row `i`'s outputs are missing (with `Missing::Propagate`: it
    /// had a missing score; with `Missing::Skip`: none was assessed), and only when some row is.
    pub nulls: Option<Vec<bool>>,
}

/// How the overall score of one row is found.
enum Overall {
    /// `lut[Σ (s_j - min) * width^j]`
    Table {
        lut: Vec<i32>,
        weights: Vec<i64>,
    },
    Rules(CompiledRules),
}

impl Overall {
    /// How to score `rows` rows: by a table of every combination when it has at most
    /// [`LUT_LIMIT`] entries and no more than `rows` (else the rules, row by row). `None`
    /// without a rule table. Building the table polls `cancel`.
    fn new(fw: &Framework, rows: usize, cancel: &Cancel) -> Result<Option<Overall>> {
        let Some(rules) = fw.compiled_rules() else { return Ok(None) };
        let k = fw.themes.len() as u32;
        let width = (fw.scale.max - fw.scale.min + 1) as usize;
        let size = width.checked_pow(k).filter(|&n| n <= LUT_LIMIT && n <= rows);
        Ok(Some(match size {
            Some(n) => {
                let mut lut = Vec::with_capacity(n);
                let mut scores = vec![fw.scale.min; k as usize];
                for code in 0..n {
                    if code % 256 == 0 {
                        cancel.check()?;
                    }
                    let mut c = code;
                    for s in scores.iter_mut() {
                        *s = fw.scale.min + (c % width) as i64;
                        c /= width;
                    }
                    lut.push(rules.evaluate(&scores) as i32);
                }
                let weights = (0..k).map(|j| (width as i64).pow(j)).collect();
                Overall::Table { lut, weights }
            }
            None => Overall::Rules(rules),
        }))
    }
}

/// The score-in-scale rule on one column of scores: every value (rows missing in its null
/// mask aside, when `allow_missing`) a whole number from `lo` to `hi`, by the rule `score`
/// applies to a theme column. The error is a score error with the one message form
/// ([`not_a_score`]): `"{arg}: column \"x\", row 3: 3.0000000001 is not an integer from 1 to 4"`
/// (`"{arg}: row 3: ..."` when `column` is `None`), the value unrounded.
pub fn check_scores(
    col: &Column<'_>,
    (lo, hi): (i64, i64),
    arg: &str,
    column: Option<&str>,
    allow_missing: bool,
) -> Result<()> {
    col.check()?;
    let Some(bad) = col.first_outside(0, col.len, lo, hi, allow_missing) else {
        return Ok(());
    };
    let at = match column {
        Some(c) => format!("{arg}: column {c:?}, row {}", bad.row),
        None => format!("{arg}: row {}", bad.row),
    };
    match bad.raw {
        None => Err(Error::score(format!("{at}: missing score"))),
        Some(raw) => Err(not_a_score(&at, &value_text(raw), (lo, hi))),
    }
}

/// The error for a bad value, naming the column, row and value.
pub fn bad_score(fw: &Framework, theme: usize, col: &Column<'_>, bad: BadValue, missing: Missing) -> Error {
    let (lo, hi) = (fw.scale.min, fw.scale.max);
    let key = &fw.themes[theme].key;
    match bad.raw {
        None => Error::score(format!(
            "data: column {:?} (theme {:?}), row {}: missing score; pass missing=\"propagate\" to score such rows as missing",
            col.name,
            key,
            bad.row
        )),
        Some(raw) => {
            let at = format!("data: column {:?} (theme {:?}), row {}", col.name, key, bad.row);
            if col.is_float() && value_text(raw) == "NaN" {
                let why = if missing != Missing::Error { " (missing values are nulls)" } else { "" };
                Error::score(format!("{at}: NaN is not a score{why}"))
            } else {
                not_a_score(&at, &value_text(raw), (lo, hi))
            }
        }
    }
}

fn chunks_of<T>(v: &mut [T], n_chunks: usize) -> Vec<&mut [T]> {
    if v.is_empty() {
        (0..n_chunks).map(|_| <&mut [T]>::default()).collect()
    } else {
        v.chunks_mut(CHUNK).collect()
    }
}

/// Score `cols` (one per theme, in framework order).
pub fn score(fw: &Framework, cols: &[Column<'_>], want: Want, missing: Missing) -> Result<Scored> {
    score_interruptible(fw, cols, want, missing, Cancel::never())
}

/// [`score`], stopping with [`Error::Interrupted`] soon after `cancel` is set (polled per
/// chunk of rows, per row when rules are evaluated row by row, and while a table is built).
pub fn score_interruptible(
    fw: &Framework,
    cols: &[Column<'_>],
    want: Want,
    missing: Missing,
    cancel: &Cancel,
) -> Result<Scored> {
    let k = fw.themes.len();
    if cols.len() != k {
        return Err(Error::value(format!(
            "columns: the framework {:?} has {k} themes, {} columns were given",
            fw.name,
            cols.len()
        )));
    }
    let n = cols[0].len;
    for c in cols {
        c.check()?;
        if c.len != n {
            return Err(Error::value(format!(
                "columns: column {:?} has {} rows, column {:?} has {n}",
                c.name, c.len, cols[0].name
            )));
        }
    }
    let overall_rule =
        if want.overall { Some(Overall::new(fw, n, cancel)?.ok_or_else(|| no_overall_rule(fw))?) } else { None };
    let allow_null = missing != Missing::Error;
    let skip = missing == Missing::Skip;
    // the slow path for rows scored on some themes only
    let partial_rules = if skip && want.overall { fw.compiled_rules() } else { None };
    let may_have_nulls = allow_null && cols.iter().any(|c| c.nulls.is_some());
    let mut total = vec![0i32; if want.total { n } else { 0 }];
    let mut overall = vec![0i32; if overall_rule.is_some() { n } else { 0 }];
    let mut percent = vec![0f64; if want.percent { n } else { 0 }];
    let mut assessed = vec![k as i32; if skip { n } else { 0 }];
    let mut nulls = vec![false; if may_have_nulls { n } else { 0 }];
    let (lo, hi) = (fw.scale.min, fw.scale.max);
    let need_sums = want.total || want.percent || skip;

    let n_chunks = n.div_ceil(CHUNK);
    // Each chunk gets mutable slices of the outputs (empty when an output is not wanted).
    let total_chunks = chunks_of(&mut total, n_chunks);
    let overall_chunks = chunks_of(&mut overall, n_chunks);
    let percent_chunks = chunks_of(&mut percent, n_chunks);
    let assessed_chunks = chunks_of(&mut assessed, n_chunks);
    let null_chunks = chunks_of(&mut nulls, n_chunks);

    let first_bad = total_chunks
        .into_par_iter()
        .zip(overall_chunks)
        .zip(percent_chunks)
        .zip(assessed_chunks)
        .zip(null_chunks)
        .enumerate()
        .map_init(
            || (vec![0i64; k * CHUNK], vec![true; k * CHUNK], vec![0i64; CHUNK], vec![0i64; k], vec![true; k]),
            |(buf, valid, acc, row, seen), (c, ((((tot, ove), pct), ass), nul))| -> Option<(usize, usize, BadValue)> {
                if cancel.requested() {
                    return None;
                }
                let start = c * CHUNK;
                let len = CHUNK.min(n - start);
                // Read and validate every column of the chunk; keep the earliest bad row.
                let mut bad: Option<(usize, usize, BadValue)> = None;
                for (j, col) in cols.iter().enumerate() {
                    let b = &mut buf[j * CHUNK..j * CHUNK + len];
                    let v = &mut valid[j * CHUNK..j * CHUNK + len];
                    if let Err(e) = col.read_range(start, lo, hi, b, v, allow_null) {
                        if bad.is_none_or(|(r, _, _)| e.row < r) {
                            bad = Some((e.row, j, e));
                        }
                    }
                }
                if bad.is_some() {
                    return bad;
                }
                let acc = &mut acc[..len];
                if need_sums {
                    acc.fill(0);
                    for j in 0..k {
                        for (a, &s) in acc.iter_mut().zip(&buf[j * CHUNK..j * CHUNK + len]) {
                            *a += s;
                        }
                    }
                    for (t, &a) in tot.iter_mut().zip(acc.iter()) {
                        *t = a as i32;
                    }
                    for (p, &a) in pct.iter_mut().zip(acc.iter()) {
                        *p = fw.percent_of(a, k).unwrap_or(0.0);
                    }
                }
                match &overall_rule {
                    Some(Overall::Table { lut, weights }) => {
                        let mut code = vec![0i64; len];
                        for (j, &w) in weights.iter().enumerate() {
                            for (a, &s) in code.iter_mut().zip(&buf[j * CHUNK..j * CHUNK + len]) {
                                *a += (s - lo) * w;
                            }
                        }
                        for (o, &a) in ove.iter_mut().zip(code.iter()) {
                            *o = lut[a as usize];
                        }
                    }
                    Some(Overall::Rules(rules)) => {
                        for (i, o) in ove.iter_mut().enumerate() {
                            if i % 64 == 0 && cancel.requested() {
                                return None;
                            }
                            for (j, r) in row.iter_mut().enumerate() {
                                *r = buf[j * CHUNK + i];
                            }
                            *o = rules.evaluate(row) as i32;
                        }
                    }
                    None => {}
                }
                if allow_null {
                    // rows with a missing score: missing outputs, or scored on what was assessed
                    for i in 0..len {
                        if (0..k).all(|j| valid[j * CHUNK + i]) {
                            continue;
                        }
                        let mut got = 0usize;
                        let mut sum = 0i64;
                        for j in 0..k {
                            seen[j] = valid[j * CHUNK + i];
                            row[j] = buf[j * CHUNK + i];
                            if seen[j] {
                                got += 1;
                                sum += row[j];
                            }
                        }
                        if let Some(a) = ass.get_mut(i) {
                            *a = got as i32;
                        }
                        if skip && got > 0 {
                            if let Some(t) = tot.get_mut(i) {
                                *t = sum as i32;
                            }
                            if let Some(p) = pct.get_mut(i) {
                                *p = fw.percent_of(sum, got).unwrap_or(0.0);
                            }
                            if let (Some(o), Some(rules)) = (ove.get_mut(i), &partial_rules) {
                                *o = rules.evaluate_assessed(row, seen) as i32;
                            }
                            continue;
                        }
                        if let Some(nu) = nul.get_mut(i) {
                            *nu = true;
                        }
                        for out in [tot.get_mut(i), ove.get_mut(i)].into_iter().flatten() {
                            *out = 0;
                        }
                        if let Some(p) = pct.get_mut(i) {
                            *p = 0.0;
                        }
                    }
                }
                None
            },
        )
        .flatten()
        .min_by_key(|(row, j, _)| (*row, *j));

    cancel.check()?;
    if let Some((_, j, bad)) = first_bad {
        return Err(bad_score(fw, j, &cols[j], bad, missing));
    }
    Ok(Scored {
        total: want.total.then_some(total),
        overall: overall_rule.is_some().then_some(overall),
        percent: want.percent.then_some(percent),
        assessed: skip.then_some(assessed),
        nulls: (may_have_nulls && nulls.iter().any(|&b| b)).then_some(nulls),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::column::Values;
    use crate::framework::builtin;

    #[test]
    fn missing_option_suggests_the_closest_spelling() {
        assert_eq!("skip".parse::<Missing>(), Ok(Missing::Skip));
        let err = "propogate".parse::<Missing>().unwrap_err().to_string();
        assert_eq!(
            err,
            "missing: expected one of ['error', 'propagate', 'skip'], got 'propogate'; did you mean 'propagate'?"
        );
        let err = "drop".parse::<Missing>().unwrap_err().to_string();
        assert_eq!(err, "missing: expected one of ['error', 'propagate', 'skip'], got 'drop'");
    }

    const KEYS: [&str; 5] =
        ["financial_reporting", "financial_management", "financial_standing", "internal_control", "value_for_money"];

    fn all_combinations() -> Vec<Vec<i8>> {
        let mut cols = vec![Vec::new(); 5];
        for code in 0..1024u32 {
            for (j, c) in cols.iter_mut().enumerate() {
                c.push(((code >> (2 * j)) & 3) as i8 + 1);
            }
        }
        cols
    }

    #[test]
    fn table_and_rules_agree_on_every_combination() {
        let fw = builtin("cpa_use_of_resources").unwrap();
        let data = all_combinations();
        let cols: Vec<Column> = data.iter().zip(KEYS).map(|(d, k)| Column::new(k, Values::I8(d))).collect();
        let out = score(&fw, &cols, Want { total: true, overall: true, percent: false }, Missing::Error).unwrap();
        let rules = fw.compiled_rules().unwrap();
        for i in 0..1024 {
            let row: Vec<i64> = data.iter().map(|c| c[i] as i64).collect();
            assert_eq!(out.total.as_ref().unwrap()[i] as i64, row.iter().sum::<i64>());
            assert_eq!(out.overall.as_ref().unwrap()[i] as i64, rules.evaluate(&row));
        }
        // the Bexley pair of the paper: 16 and 6
        let council = [3i8, 3, 4, 3, 3];
        let pct = [1i8, 1, 1, 2, 1];
        for (scores, total) in [(council, 16), (pct, 6)] {
            let cols: Vec<Column> =
                scores.iter().zip(KEYS).map(|(s, k)| Column::new(k, Values::I8(std::slice::from_ref(s)))).collect();
            let out = score(&fw, &cols, Want { total: true, overall: false, percent: false }, Missing::Error).unwrap();
            assert_eq!(out.total.unwrap(), vec![total]);
        }
    }

    #[test]
    fn first_bad_row_wins_across_chunks_and_columns() {
        let fw = builtin("ale").unwrap();
        let n = 3 * CHUNK + 5;
        let mut a = vec![2i64; n];
        let mut b = vec![2i64; n];
        a[2 * CHUNK + 1] = 5;
        b[CHUNK + 7] = 0;
        let data = [a, b.clone(), b.clone(), b.clone(), b];
        let cols: Vec<Column> = data.iter().zip(KEYS).map(|(d, k)| Column::new(k, Values::I64(d))).collect();
        let err = score(&fw, &cols, Want { total: true, overall: false, percent: false }, Missing::Error).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!("data: column \"financial_management\" (theme \"financial_management\"), row {}: 0 is not an integer from 1 to 4", CHUNK + 7)
        );
        let err = score(&fw, &cols, Want { total: true, overall: true, percent: false }, Missing::Error).unwrap_err();
        assert!(matches!(err, Error::Framework { .. }), "{err:?}");
    }

    #[test]
    fn missing_scores_propagate_to_the_row() {
        let fw = builtin("cpa_use_of_resources").unwrap();
        let v = [4i16, 4, 1];
        let mask = [false, true, false];
        let cols: Vec<Column> = KEYS
            .iter()
            .enumerate()
            .map(|(j, k)| Column::new(k, Values::I16(&v)).with_nulls(if j == 3 { Some(&mask) } else { None }))
            .collect();
        let out = score(&fw, &cols, Want { total: true, overall: true, percent: false }, Missing::Propagate).unwrap();
        assert_eq!(out.nulls, Some(vec![false, true, false]));
        assert_eq!(out.total, Some(vec![20, 0, 5]));
        assert_eq!(out.overall, Some(vec![4, 0, 1]));
        let err = score(&fw, &cols, Want { total: true, overall: true, percent: false }, Missing::Error).unwrap_err();
        assert!(err.to_string().contains("row 1: missing score"), "{err}");
    }

    #[test]
    fn options_parse_once_with_their_messages() {
        assert_eq!("propagate".parse::<Missing>(), Ok(Missing::Propagate));
        let err = "drop".parse::<Missing>().unwrap_err();
        assert_eq!(err.to_string(), "missing: expected one of ['error', 'propagate', 'skip'], got 'drop'");
        let ale = builtin("ale").unwrap();
        let cpa = builtin("cpa_use_of_resources").unwrap();
        assert_eq!(Want::new(&ale, true, None, false), Ok(Want { total: true, overall: false, percent: false }));
        assert_eq!(Want::new(&cpa, false, None, true), Ok(Want { total: false, overall: true, percent: true }));
        let err = Want::new(&ale, true, Some(true), false).unwrap_err();
        assert!(err.to_string().contains("no overall rule table; pass overall=False"), "{err}");
    }

    #[test]
    fn skip_scores_what_was_assessed() {
        let fw = builtin("cqc_la_assessment").unwrap();
        let keys = fw.theme_keys();
        // row 0: all nine 2 (50 %); row 1: five 3s and four missing (75 %); row 2: none
        let v = [2i64, 3, 1];
        let mask = [false, true, true];
        let full = [false, false, true];
        let cols: Vec<Column> = keys
            .iter()
            .enumerate()
            .map(|(j, k)| Column::new(k, Values::I64(&v)).with_nulls(Some(if j < 5 { &full } else { &mask })))
            .collect();
        let want = Want::new(&fw, true, None, true).unwrap();
        let out = score(&fw, &cols, want, Missing::Skip).unwrap();
        assert_eq!(out.assessed, Some(vec![9, 5, 0]));
        assert_eq!(out.total, Some(vec![18, 15, 0]));
        assert_eq!(out.percent, Some(vec![50.0, 75.0, 0.0]));
        assert_eq!(out.overall, Some(vec![2, 3, 0]));
        assert_eq!(out.nulls, Some(vec![false, false, true]));
        let out = score(&fw, &cols, want, Missing::Propagate).unwrap();
        assert_eq!(out.nulls, Some(vec![false, true, true]));
        assert_eq!(out.assessed, None);
    }

    #[test]
    fn the_table_is_built_only_when_there_are_as_many_rows_as_combinations() {
        let fw = builtin("cpa_use_of_resources").unwrap(); // 4^5 = 1024 combinations
        let never = Cancel::never();
        assert!(matches!(Overall::new(&fw, 1, never), Ok(Some(Overall::Rules(_)))));
        assert!(matches!(Overall::new(&fw, 1023, never), Ok(Some(Overall::Rules(_)))));
        assert!(matches!(Overall::new(&fw, 1024, never), Ok(Some(Overall::Table { .. }))));
        let stop = Cancel::new();
        stop.request();
        assert_eq!(Overall::new(&fw, 5000, &stop).err(), Some(Error::Interrupted));
        let v = [4i8; 3];
        let cols: Vec<Column> = KEYS.iter().map(|k| Column::new(k, Values::I8(&v))).collect();
        let want = Want { total: true, overall: true, percent: false };
        assert_eq!(score_interruptible(&fw, &cols, want, Missing::Error, &stop), Err(Error::Interrupted));
        // both paths give the rules' answer
        let data = all_combinations();
        let cols: Vec<Column> = data.iter().zip(KEYS).map(|(d, k)| Column::new(k, Values::I8(&d[..1000]))).collect();
        let by_rules = score(&fw, &cols, want, Missing::Error).unwrap();
        let cols: Vec<Column> = data.iter().zip(KEYS).map(|(d, k)| Column::new(k, Values::I8(d))).collect();
        let by_table = score(&fw, &cols, want, Missing::Error).unwrap();
        assert_eq!(by_rules.overall.unwrap()[..], by_table.overall.unwrap()[..1000]);
    }

    #[test]
    fn check_scores_has_one_message_with_the_value_unrounded() {
        let v = [1.0, 3.0000000001];
        let col = Column::new("left_x", Values::F64(&v));
        let e = check_scores(&col, (1, 4), "paired", Some("left_x"), true).unwrap_err();
        assert_eq!(e.to_string(), "paired: column \"left_x\", row 1: 3.0000000001 is not an integer from 1 to 4");
        let nan = [1.0, f64::NAN];
        let mask = [false, true];
        assert!(
            check_scores(&Column::new("x", Values::F64(&nan)).with_nulls(Some(&mask)), (1, 4), "x", None, true).is_ok()
        );
        let e = check_scores(&Column::new("x", Values::F64(&nan)), (1, 4), "x", None, false).unwrap_err();
        assert_eq!(e.to_string(), "x: row 1: NaN is not an integer from 1 to 4");
    }
}
