//! Cooperative cancellation. A long kernel is handed a [`Cancel`] and polls it at chunk
//! boundaries (every few milliseconds of work, never per element); when the caller has asked it
//! to stop, the kernel returns [`Error::Interrupted`] and its partial work is dropped. The flag
//! knows nothing of Python: the PyO3 layer sets it when Ctrl-C arrives.

use std::sync::atomic::{AtomicBool, Ordering};

use crate::error::{Error, Result};

/// A stop request shared between a running kernel and the code that started it.
#[derive(Debug, Default)]
pub struct Cancel {
    requested: AtomicBool,
}

impl Cancel {
    /// A flag with no stop requested.
    pub fn new() -> Self {
        Cancel::default()
    }

    /// A flag that is never set, for callers that cannot interrupt (tests, Rust users).
    pub fn never() -> &'static Cancel {
        static NEVER: Cancel = Cancel { requested: AtomicBool::new(false) };
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
}
