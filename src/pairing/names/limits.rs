//! Limits on the work and memory of one call, shared by all its blocks: a call of 8 blocks
//! may use what one block of the same total size may, not 8 times as much.

use std::sync::atomic::{AtomicUsize, Ordering};

use super::{MAX_EDGES, MAX_PROBES, MAX_WORD_NEIGHBOURS};

/// What one call may use in all: posting entries probed, candidate pairs of words at one edit,
/// and unit pairs kept (copies of identical names expanded, or candidate rows).
#[derive(Debug)]
pub struct Limits {
    /// At most this many posting entries probed through the inverted indexes.
    pub max_probes: usize,
    /// At most this many candidate pairs of words at one edit.
    pub max_neighbours: usize,
    /// At most this many unit pairs kept.
    pub max_pairs: usize,
    probes: AtomicUsize,
    neighbours: AtomicUsize,
    pairs: AtomicUsize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits::new(MAX_PROBES, MAX_WORD_NEIGHBOURS, MAX_EDGES)
    }
}

fn take(used: &AtomicUsize, n: usize, max: usize) -> Result<(), usize> {
    let before = used.fetch_add(n, Ordering::Relaxed);
    let total = before.saturating_add(n);
    if total > max {
        Err(total)
    } else {
        Ok(())
    }
}

impl Limits {
    /// Limits with the given maxima, nothing used yet.
    pub fn new(max_probes: usize, max_neighbours: usize, max_pairs: usize) -> Limits {
        Limits {
            max_probes,
            max_neighbours,
            max_pairs,
            probes: AtomicUsize::new(0),
            neighbours: AtomicUsize::new(0),
            pairs: AtomicUsize::new(0),
        }
    }

    /// Count `n` more probes; `Err(total so far)` beyond the maximum.
    pub fn probes(&self, n: usize) -> Result<(), usize> {
        take(&self.probes, n, self.max_probes)
    }

    /// Posting entries counted so far.
    pub fn probes_used(&self) -> usize {
        self.probes.load(Ordering::Relaxed)
    }

    /// Count `n` more candidate pairs of words at one edit; `Err(total)` beyond the maximum.
    pub fn neighbours(&self, n: usize) -> Result<(), usize> {
        take(&self.neighbours, n, self.max_neighbours)
    }

    /// Count `n` more unit pairs kept; `Err(total)` beyond the maximum.
    pub fn pairs(&self, n: usize) -> Result<(), usize> {
        take(&self.pairs, n, self.max_pairs)
    }
}
