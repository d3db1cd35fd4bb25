//! Cooperative cancellation. A long kernel is handed a [`Cancel`] and polls it at chunk
//! boundaries (every few milliseconds of work, never per element); when the caller has asked it
//! to stop, the kernel returns [`Error::Interrupted`] and its partial work is dropped. The flag
//! knows nothing of Python: the PyO3 layer sets it when Ctrl-C arrives. The same handle
//! carries a count of finished work units ([`Cancel::advance`]), which the PyO3 layer reads
//! while it waits, to drive a progress bar.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use crate::error::{Error, Result};

/// A stop request shared between a running kernel and the code that started it.
#[derive(Debug, Default)]
pub struct Cancel {
    requested: AtomicBool,
    done: AtomicU64,
}

impl Cancel {
    /// A flag with no stop requested.
    pub fn new() -> Self {
        Cancel::default()
    }

    /// A flag that is never set, for callers that cannot interrupt (tests, Rust users).
    pub fn never() -> &'static Cancel {
        static NEVER: Cancel = Cancel { requested: AtomicBool::new(false), done: AtomicU64::new(0) };
        &NEVER
    }

    /// Ask the kernel to stop at its next check.
    pub fn request(&self) {
        self.requested.store(true, Ordering::Relaxed);
    }

    /// Whether a stop has been asked for.
    pub fn requested(&self) -> bool {
        self.requested.load(Ordering::Relaxed)
    }

    /// Count `n` more finished work units (a kernel's own unit, e.g. names probed).
    pub fn advance(&self, n: u64) {
        self.done.fetch_add(n, Ordering::Relaxed);
    }

    /// The work units finished so far.
    pub fn done(&self) -> u64 {
        self.done.load(Ordering::Relaxed)
    }

    /// `Err(Error::Interrupted)` once a stop has been asked for: `cancel.check()?` at a chunk
    /// boundary.
    pub fn check(&self) -> Result<()> {
        if self.requested() {
            Err(Error::Interrupted)
        } else {
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_fails_only_after_a_request() {
        let c = Cancel::new();
        assert!(c.check().is_ok());
        c.request();
        assert_eq!(c.check(), Err(Error::Interrupted));
        assert!(Cancel::never().check().is_ok());
    }

    #[test]
    fn advance_counts_work() {
        let c = Cancel::new();
        c.advance(3);
        c.advance(4);
        assert_eq!(c.done(), 7);
    }
}
