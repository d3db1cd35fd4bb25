//! Best fit: each source unit to the single target holding most of its weight (the ONS
//! best-fit rule, on weights), with the runner-up.
//!
//! Ties (exactly equal weights) go to the smaller target index, which the caller numbers in
//! ascending code order: the smaller code wins, whatever the order of the input rows.

use crate::cancel::Cancel;
use crate::error::Result;

use super::{Links, CHUNK};

/// The best partner of each source unit (index `-1` and NaN shares where it has none).
#[derive(Clone, Debug, PartialEq)]
pub struct BestFit {
    /// The target holding most of the source's weight, or -1 when the source's total weight
    /// is 0 (or it has no pairs).
    pub best: Vec<i64>,
    /// The best target's share of the source's weight.
    pub share: Vec<f64>,
    /// The target holding the next most (ties again to the smaller index), or -1 when there is
    /// no second partner.
    pub runner_up: Vec<i64>,
    /// The runner-up's share of the source's weight (NaN without a runner-up).
    pub runner_up_share: Vec<f64>,
}

/// A partner and its weight, once found.
type Slot = Option<(f64, u32)>;

/// The best fit of every source unit of `links`.
pub fn best_fit(links: &Links<'_>, cancel: &Cancel) -> Result<BestFit> {
    links.check()?;
    let ns = links.n_sources;
    // the links of each source, by a counting sort (linear, and interruptible between chunks)
    let mut starts = vec![0usize; ns + 1];
    for &s in links.source {
        starts[s as usize + 1] += 1;
    }
    for s in 0..ns {
        starts[s + 1] += starts[s];
    }
    let mut fill = starts.clone();
    let mut order = vec![0u32; links.len()];
    for (chunk, sources) in links.source.chunks(CHUNK).enumerate() {
        cancel.check()?;
        for (k, &s) in sources.iter().enumerate() {
            order[fill[s as usize]] = (chunk * CHUNK + k) as u32;
            fill[s as usize] += 1;
        }
    }
    let mut out = BestFit {
        best: vec![-1; ns],
        share: vec![f64::NAN; ns],
        runner_up: vec![-1; ns],
        runner_up_share: vec![f64::NAN; ns],
    };
    let mut partners: Vec<(u32, f64)> = Vec::new();
    let mut since_check = 0usize;
    for s in 0..ns {
        let mine = &order[starts[s]..starts[s + 1]];
        since_check += mine.len() + 1;
        if since_check >= CHUNK {
            cancel.check()?;
            since_check = 0;
        }
        partners.clear();
        partners.extend(mine.iter().map(|&i| (links.target[i as usize], links.weight[i as usize])));
        partners.sort_by_key(|p| p.0); // stable: rows of one pair add in their order
                                       // (weight, target) of the top two partners, pairs on several rows summed
        let (mut first, mut second): (Slot, Slot) = (None, None);
        let mut total = 0.0;
        let mut i = 0;
        while i < partners.len() {
            let t = partners[i].0;
            let mut w = 0.0;
            while i < partners.len() && partners[i].0 == t {
                w += partners[i].1;
                i += 1;
            }
            total += w;
            // targets arrive ascending, so a later target beats an earlier one only when heavier
            let better = |slot: Slot| slot.is_none_or(|(bw, _)| w > bw);
            if better(first) {
                second = first;
                first = Some((w, t));
            } else if better(second) {
                second = Some((w, t));
            }
        }
        if total > 0.0 {
            if let Some((w, t)) = first {
                out.best[s] = i64::from(t);
                out.share[s] = w / total;
            }
            if let Some((w, t)) = second {
                out.runner_up[s] = i64::from(t);
                out.runner_up_share[s] = w / total;
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn best_runner_up_and_ties() {
        // source 0: targets 2 (5), 0 (5), 1 (3 + 2 on two rows) -> a three-way tie at 5: 0, then 1
        // source 1: target 1 only; source 2: weight 0
        let l = Links {
            source: &[0, 0, 0, 0, 1, 2],
            target: &[2, 0, 1, 1, 1, 0],
            weight: &[5.0, 5.0, 3.0, 2.0, 4.0, 0.0],
            n_sources: 4,
            n_targets: 3,
        };
        let b = best_fit(&l, Cancel::never()).unwrap();
        assert_eq!(b.best, vec![0, 1, -1, -1]);
        assert_eq!(b.runner_up, vec![1, -1, -1, -1]);
        assert_eq!(b.share[0], 1.0 / 3.0);
        assert_eq!(b.runner_up_share[0], 1.0 / 3.0);
        assert_eq!(b.share[1], 1.0);
        assert!(b.runner_up_share[1].is_nan() && b.share[2].is_nan() && b.share[3].is_nan());
    }

    #[test]
    fn input_order_does_not_matter() {
        let l = Links { source: &[0, 0], target: &[1, 0], weight: &[2.0, 2.0], n_sources: 1, n_targets: 2 };
        let r = Links { source: &[0, 0], target: &[0, 1], weight: &[2.0, 2.0], n_sources: 1, n_targets: 2 };
        assert_eq!(best_fit(&l, Cancel::never()).unwrap(), best_fit(&r, Cancel::never()).unwrap());
        assert_eq!(best_fit(&l, Cancel::never()).unwrap().best, vec![0]);
    }
}
