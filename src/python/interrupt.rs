//! Heavy kernels run with the interpreter released and stay interruptible: the kernel runs on a
//! scoped worker thread while the calling thread waits for it, waking every 50 ms to let
//! Python run its signal handlers. When a handler raises (Ctrl-C: `KeyboardInterrupt`), the
//! kernel's [`Cancel`] flag is set, the kernel stops at its next chunk boundary, and the
//! handler's exception is returned. Other Python threads run meanwhile.

use std::sync::mpsc;
use std::time::Duration;

use pyo3::prelude::*;

use crate::cancel::Cancel;
use crate::error::{Error, Result};

/// How often the waiting thread lets Python run its signal handlers.
const POLL: Duration = Duration::from_millis(50);

/// Run `kernel` with the GIL released, interruptible by Ctrl-C (see the module docs).
///
/// The kernel's own errors are mapped to `coterminous.errors`; when a signal handler raised,
/// its exception is returned instead of the kernel's result.
pub(crate) fn run_interruptible<T, F>(py: Python<'_>, kernel: F) -> PyResult<T>
where
    T: Send,
    F: FnOnce(&Cancel) -> Result<T> + Send,
{
    let cancel = Cancel::new();
    let (result, raised) = py.detach(|| {
        let (done, finished) = mpsc::sync_channel::<()>(1);
        std::thread::scope(|scope| {
            let cancel = &cancel;
            let worker = scope.spawn(move || {
                let out = kernel(cancel);
                let _ = done.send(());
                out
            });
            let mut raised: Option<PyErr> = None;
            loop {
                match finished.recv_timeout(POLL) {
                    Err(mpsc::RecvTimeoutError::Timeout) if raised.is_none() => {
                        if let Err(e) = Python::attach(|py| py.check_signals()) {
                            raised = Some(e);
                            cancel.request();
                        }
                    }
                    Err(mpsc::RecvTimeoutError::Timeout) => {}
                    // finished, or the worker ended without sending (a panic): join tells which
                    Ok(()) | Err(mpsc::RecvTimeoutError::Disconnected) => break,
                }
            }
            let result = worker.join().unwrap_or_else(|_| Err(Error::value("internal error: a kernel panicked")));
            (result, raised)
        })
    });
    match raised {
        Some(e) => Err(e),
        None => result.map_err(PyErr::from),
    }
}
