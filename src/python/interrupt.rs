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
    run_reporting(py, None, kernel)
}

/// [`run_interruptible`], also calling `report(n)` while it waits with the work units the
/// kernel finished since the last call ([`Cancel::advance`]): a tqdm bar's `update`. An
/// exception from `report` is ignored (a progress bar must not stop the work).
pub(crate) fn run_reporting<T, F>(py: Python<'_>, report: Option<&Py<PyAny>>, kernel: F) -> PyResult<T>
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
            let mut reported = 0u64;
            loop {
                match finished.recv_timeout(POLL) {
                    Err(mpsc::RecvTimeoutError::Timeout) if raised.is_none() => {
                        let done = cancel.done();
                        if let Err(e) = Python::attach(|py| {
                            if let (Some(report), true) = (report, done > reported) {
                                let _ = report.call1(py, (done - reported,));
                            }
                            py.check_signals()
                        }) {
                            raised = Some(e);
                            cancel.request();
                        }
                        reported = done;
                    }
                    Err(mpsc::RecvTimeoutError::Timeout) => {}
                    // finished, or the worker ended without sending (a panic): join tells which
                    Ok(()) | Err(mpsc::RecvTimeoutError::Disconnected) => break,
                }
            }
            let done = cancel.done();
            if let (Some(report), None, true) = (report, &raised, done > reported) {
                Python::attach(|py| {
                    let _ = report.call1(py, (done - reported,));
                });
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
