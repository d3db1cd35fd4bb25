//! Chaining lookups: the rows of a lookup joined to the rows of a further table through a
//! shared code, with the validation a chain needs: a lookup key absent from the table, and a
//! key with several table rows (one-to-many), which needs a share column saying how to split.
//!
//! Keys are code indices `0..n_codes` shared by both sides (the caller numbers the codes of
//! both columns together).

use crate::cancel::Cancel;
use crate::error::{Error, Result};

use super::CHUNK;

/// Shares of one key adding up to 1 within this tolerance are accepted as a whole split.
pub const SHARE_TOLERANCE: f64 = 1e-9;

/// The joined rows and what the validation found.
#[derive(Clone, Debug, PartialEq)]
pub struct Join {
    /// The lookup row of each output row (ascending; a split row repeats).
    pub lookup_rows: Vec<u64>,
    /// The table row of each output row, or -1 when the lookup's key is not in the table.
    pub table_rows: Vec<i64>,
    /// The share each output row carries (1 for a key with one table row and for a missing
    /// key; the table's share for a split key).
    pub factor: Vec<f64>,
    /// The lookup rows whose key is not in the table.
    pub missing: Vec<u64>,
    /// A key with several table rows and no share column: the key, with its table rows. The
    /// join stops at the first one.
    pub one_to_many: Option<(u32, Vec<u64>)>,
    /// Keys that occur in the lookup whose shares do not add up to 1: the key and the sum.
    pub bad_sums: Vec<(u32, f64)>,
}

/// Join `lookup_keys` (one per lookup row; `u32::MAX` for a missing key) to `table_keys` (one
/// per table row). `share` (one per table row, named `share_name` in messages) splits keys with
/// several rows; each must be a finite number from 0 to 1.
pub fn join(
    lookup_keys: &[u32],
    table_keys: &[u32],
    n_codes: usize,
    share: Option<(&str, &[f64])>,
    cancel: &Cancel,
) -> Result<Join> {
    if let Some((name, s)) = share {
        if s.len() != table_keys.len() {
            return Err(Error::value(format!("share: {} values for {} table rows", s.len(), table_keys.len())));
        }
        if let Some(r) = s.iter().position(|v| !(v.is_finite() && (0.0..=1.0).contains(v))) {
            return Err(Error::value(format!(
                "table: column {name:?}, row {r}: {:?} is not a share (a number from 0 to 1)",
                s[r]
            )));
        }
    }
    if let Some(r) = table_keys.iter().position(|&k| k as usize >= n_codes) {
        return Err(Error::value(format!("table: row {r}: a missing key")));
    }
    // the table's rows per key, as compressed rows
    let mut starts = vec![0usize; n_codes + 1];
    for &k in table_keys {
        starts[k as usize + 1] += 1;
    }
    for i in 0..n_codes {
        starts[i + 1] += starts[i];
    }
    let mut fill = starts.clone();
    let mut rows_of = vec![0u64; table_keys.len()];
    for (r, &k) in table_keys.iter().enumerate() {
        rows_of[fill[k as usize]] = r as u64;
        fill[k as usize] += 1;
    }
    let rows = |k: u32| &rows_of[starts[k as usize]..starts[k as usize + 1]];
    let mut out = Join {
        lookup_rows: Vec::with_capacity(lookup_keys.len()),
        table_rows: Vec::with_capacity(lookup_keys.len()),
        factor: Vec::with_capacity(lookup_keys.len()),
        missing: Vec::new(),
        one_to_many: None,
        bad_sums: Vec::new(),
    };
    let mut checked = vec![false; n_codes];
    for start in (0..lookup_keys.len()).step_by(CHUNK) {
        cancel.check()?;
        for (i, &k) in lookup_keys.iter().enumerate().skip(start).take(CHUNK) {
            let found = if (k as usize) < n_codes { rows(k) } else { &[][..] };
            match (found.len(), share) {
                (0, _) => {
                    out.missing.push(i as u64);
                    out.lookup_rows.push(i as u64);
                    out.table_rows.push(-1);
                    out.factor.push(1.0);
                }
                (1, None) => {
                    out.lookup_rows.push(i as u64);
                    out.table_rows.push(found[0] as i64);
                    out.factor.push(1.0);
                }
                (_, None) => {
                    out.one_to_many = Some((k, found.to_vec()));
                    return Ok(out);
                }
                (_, Some((_, s))) => {
                    if !checked[k as usize] {
                        checked[k as usize] = true;
                        let sum: f64 = found.iter().map(|&r| s[r as usize]).sum();
                        if (sum - 1.0).abs() > SHARE_TOLERANCE {
                            out.bad_sums.push((k, sum));
                        }
                    }
                    for &r in found {
                        out.lookup_rows.push(i as u64);
                        out.table_rows.push(r as i64);
                        out.factor.push(s[r as usize]);
                    }
                }
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_and_reports() {
        // codes 0..4; the table maps 0 -> row 0, 1 -> rows 1 and 2, 2 -> row 3; code 3 absent
        let table = [0, 1, 1, 2];
        let j = join(&[0, 2, 3, u32::MAX], &table, 4, None, Cancel::never()).unwrap();
        assert_eq!(j.table_rows, vec![0, 3, -1, -1]);
        assert_eq!(j.missing, vec![2, 3]);
        assert_eq!(j.one_to_many, None);
        let j = join(&[0, 1], &table, 4, None, Cancel::never()).unwrap();
        assert_eq!(j.one_to_many, Some((1, vec![1, 2])));
        let shares = [1.0, 0.25, 0.75, 1.0];
        let j = join(&[1, 0, 1], &table, 4, Some(("s", &shares)), Cancel::never()).unwrap();
        assert_eq!(j.lookup_rows, vec![0, 0, 1, 2, 2]);
        assert_eq!(j.table_rows, vec![1, 2, 0, 1, 2]);
        assert_eq!(j.factor, vec![0.25, 0.75, 1.0, 0.25, 0.75]);
        assert!(j.bad_sums.is_empty());
        let shares = [1.0, 0.25, 0.5, 1.0];
        let j = join(&[1], &table, 4, Some(("s", &shares)), Cancel::never()).unwrap();
        assert_eq!(j.bad_sums, vec![(1, 0.75)]);
        let shares = [1.0, 0.25, 1.5, 1.0];
        let e = join(&[1], &table, 4, Some(("s", &shares)), Cancel::never()).unwrap_err();
        assert!(e.to_string().contains("\"s\", row 2: 1.5"), "{e}");
    }
}
