//! How each unit of an overlap table relates to the other side: co-terminous, nested, split or
//! overlapping, with its partners, at a co-terminosity cutoff (`min_coterminosity` in Python).

use crate::error::{Error, Result};

/// How a unit relates to the units of the other side (see [`relationships`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Relationship {
    /// One partner holds at least the threshold of the unit and the unit holds at least the
    /// threshold of it: the two cover the same ground.
    Coterminous,
    /// At least the threshold of the unit lies in one partner, which is bigger.
    Nested,
    /// No single partner holds the unit, and every partner is nested in it.
    Split,
    /// Anything else.
    Overlapping,
}

impl Relationship {
    /// The relationship's name, as in the `relationship` column.
    pub fn as_str(self) -> &'static str {
        match self {
            Relationship::Coterminous => "coterminous",
            Relationship::Nested => "nested",
            Relationship::Split => "split",
            Relationship::Overlapping => "overlapping",
        }
    }
}

/// The relationship of each unit of one side, and its partners (CSR: `partners[offsets[u]..
/// offsets[u + 1]]`), largest share of the unit first, ties by partner index.
#[derive(Clone, Debug, PartialEq)]
pub struct Relationships {
    /// The relationship of each unit.
    pub relationship: Vec<Relationship>,
    /// Unit `u`'s partners are `partners[offsets[u]..offsets[u + 1]]`.
    pub offsets: Vec<u64>,
    /// Partner indices, largest share of the unit first.
    pub partners: Vec<u32>,
}

/// The message for a `min_coterminosity` that is not a share in (0, 1]; `got` is how the caller
/// wrote it.
pub fn min_coterminosity_message(got: &str) -> String {
    format!("min_coterminosity: expected a number in (0, 1], got {got}")
}

/// Classify the `n` units of one side from the rows of an overlap table: row `k` pairs unit
/// `own[k]` with partner `other[k]`; `own_share[k]` is the part of the unit in the partner and
/// `other_share[k]` the part of the partner in the unit. A NaN share satisfies no threshold.
/// Rows where neither share is positive (zero weight) are ignored: those units are not
/// partners. A unit with no partner at all (total weight 0) is `Overlapping`.
pub fn relationships(
    n: usize,
    own: &[u32],
    other: &[u32],
    own_share: &[f64],
    other_share: &[f64],
    threshold: f64,
) -> Result<Relationships> {
    if !(threshold > 0.0 && threshold <= 1.0) {
        return Err(Error::value(min_coterminosity_message(&threshold.to_string())));
    }
    let m = own.len();
    if other.len() != m || own_share.len() != m || other_share.len() != m {
        return Err(Error::value("overlap: the columns differ in length"));
    }
    if let Some(k) = (0..m).find(|&k| own[k] as usize >= n) {
        return Err(Error::value(format!("overlap: row {k}: unit index {} is out of range", own[k])));
    }
    // A partner is a unit the unit shares weight with: a row of zero weight (both shares 0,
    // or NaN where a unit's total is 0) links nothing.
    let mut order: Vec<usize> = (0..m).filter(|&k| own_share[k] > 0.0 || other_share[k] > 0.0).collect();
    order.sort_by(|&a, &b| {
        own[a].cmp(&own[b]).then(own_share[b].total_cmp(&own_share[a])).then(other[a].cmp(&other[b]))
    });
    let mut offsets = vec![0u64; n + 1];
    for &k in &order {
        offsets[own[k] as usize + 1] += 1;
    }
    for u in 0..n {
        offsets[u + 1] += offsets[u];
    }
    let partners: Vec<u32> = order.iter().map(|&k| other[k]).collect();
    let relationship = (0..n)
        .map(|u| {
            let rows = &order[offsets[u] as usize..offsets[u + 1] as usize];
            let held = |k: &usize| own_share[*k] >= threshold;
            if rows.iter().any(|k| held(k) && other_share[*k] >= threshold) {
                Relationship::Coterminous
            } else if rows.iter().any(held) {
                Relationship::Nested
            } else if !rows.is_empty() && rows.iter().all(|k| other_share[*k] >= threshold) {
                Relationship::Split
            } else {
                Relationship::Overlapping
            }
        })
        .collect();
    Ok(Relationships { relationship, offsets, partners })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_relationships() {
        // Left units: 0 coterminous with 0; 1 split into right 1 and 2; 2 nested in right 3
        // together with 3, which is mostly (not wholly) in right 3: nested too.
        let own = [0, 1, 1, 2, 3, 3];
        let other = [0, 1, 2, 3, 3, 4];
        let own_share = [1.0, 0.5, 0.5, 1.0, 0.96, 0.04];
        let other_share = [1.0, 1.0, 1.0, 0.3, 0.7, 1.0];
        let r = relationships(5, &own, &other, &own_share, &other_share, 0.95).unwrap();
        use Relationship::*;
        assert_eq!(r.relationship, vec![Coterminous, Split, Nested, Nested, Overlapping]);
        assert_eq!(r.offsets, vec![0, 1, 3, 4, 6, 6]);
        assert_eq!(r.partners, vec![0, 1, 2, 3, 3, 4]);
        assert!(relationships(1, &[], &[], &[], &[], 0.0).is_err());
    }

    #[test]
    fn zero_weight_rows_are_not_partners() {
        // Left 0 = half right 0, half right 1, and a zero-weight row with right 2; left 1 is
        // all of right 2. Left 2 has total 0 (NaN shares): no partner.
        let own = [0, 0, 0, 1, 2];
        let other = [0, 1, 2, 2, 1];
        let own_share = [0.5, 0.5, 0.0, 1.0, f64::NAN];
        let other_share = [1.0, 1.0, 0.0, 1.0, 0.0];
        let r = relationships(3, &own, &other, &own_share, &other_share, 0.95).unwrap();
        use Relationship::*;
        assert_eq!(r.relationship, vec![Split, Coterminous, Overlapping]);
        assert_eq!(r.offsets, vec![0, 2, 3, 3]);
        assert_eq!(r.partners, vec![0, 1, 2]);
        // the other side: right 2 is coterminous with left 1 alone
        let r = relationships(3, &other, &own, &other_share, &own_share, 0.95).unwrap();
        assert_eq!(r.relationship, vec![Nested, Nested, Coterminous]);
        assert_eq!(r.partners, vec![0, 0, 1]);
    }
}
