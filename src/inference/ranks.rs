//! Ranks: an interruptible sort of values with their positions, mid-ranks (doubled, as
//! integers) and average ranks with the sizes of the tie groups. Used by the Wilcoxon test and
//! by Cliff's delta's exact null.

use crate::cancel::Cancel;
use crate::Result;

/// Values with their positions, sorted by value: runs of `RUN` sorted one by one, then merged
/// pairwise, the cancel flag polled every `RUN` values (a sort of 10^7 values takes seconds).
pub(crate) fn sort_interruptible(values: &[f64], cancel: &Cancel) -> Result<Vec<(f64, usize)>> {
    const RUN: usize = 1 << 16;
    let cmp = |a: &(f64, usize), b: &(f64, usize)| a.0.total_cmp(&b.0);
    let mut v: Vec<(f64, usize)> = values.iter().copied().zip(0..).collect();
    for chunk in v.chunks_mut(RUN) {
        cancel.check()?;
        chunk.sort_unstable_by(cmp);
    }
    let n = v.len();
    let mut buf: Vec<(f64, usize)> = Vec::with_capacity(n);
    let mut width = RUN;
    while width < n {
        buf.clear();
        for start in (0..n).step_by(2 * width) {
            cancel.check()?;
            let mid = (start + width).min(n);
            let end = (start + 2 * width).min(n);
            let (mut i, mut j) = (start, mid);
            while i < mid && j < end {
                if buf.len() % RUN == 0 {
                    cancel.check()?;
                }
                if cmp(&v[j], &v[i]).is_lt() {
                    buf.push(v[j]);
                    j += 1;
                } else {
                    buf.push(v[i]);
                    i += 1;
                }
            }
            buf.extend_from_slice(&v[i..mid]);
            buf.extend_from_slice(&v[j..end]);
        }
        std::mem::swap(&mut v, &mut buf);
        width *= 2;
    }
    Ok(v)
}

/// Twice the mid-ranks (1-based) of `values`, as integers, with the tie group sizes.
pub(crate) fn doubled_midranks(values: &[f64], cancel: &Cancel) -> Result<(Vec<u64>, Vec<u64>)> {
    let n = values.len();
    let order = sort_interruptible(values, cancel)?;
    let mut ranks = vec![0u64; n];
    let mut ties = Vec::new();
    let mut i = 0;
    while i < n {
        let mut j = i + 1;
        while j < n && order[j].0 == order[i].0 {
            j += 1;
        }
        for &(_, o) in &order[i..j] {
            ranks[o] = (i + 1 + j) as u64; // twice the mean of ranks i+1..=j
        }
        ties.push((j - i) as u64);
        i = j;
    }
    Ok((ranks, ties))
}

/// Average ranks (1-based) of `values` and the sizes of the tie groups in ascending order:
/// half the [`doubled_midranks`] (exact: a whole number over two).
pub(crate) fn average_ranks(values: &[f64], cancel: &Cancel) -> Result<(Vec<f64>, Vec<u64>)> {
    let (doubled, ties) = doubled_midranks(values, cancel)?;
    Ok((doubled.into_iter().map(|r| r as f64 / 2.0).collect(), ties))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorting_in_runs_is_a_sort_and_stops_when_asked() {
        let v: Vec<f64> = (0..300_000u64).map(|i| ((i * 7919) % 1000) as f64).collect();
        let sorted = sort_interruptible(&v, Cancel::never()).unwrap();
        assert!(sorted.windows(2).all(|w| w[0].0 <= w[1].0));
        let mut idx: Vec<usize> = sorted.iter().map(|p| p.1).collect();
        idx.sort_unstable();
        assert!(idx.iter().enumerate().all(|(i, &j)| i == j));
        let stop = Cancel::new();
        stop.request();
        assert_eq!(sort_interruptible(&v, &stop), Err(crate::Error::Interrupted));
    }

    #[test]
    fn midranks_average_ties() {
        let (r, t) = average_ranks(&[3.0, 1.0, 3.0, 2.0], Cancel::never()).unwrap();
        assert_eq!(r, vec![3.5, 1.0, 3.5, 2.0]);
        assert_eq!(t, vec![1, 1, 2]);
    }
}
