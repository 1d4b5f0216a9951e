//! Catching the generator's panics during a run (`cargo xtask corpus`, `cargo xtask fuzz`): a
//! quiet panic hook that records where a caught panic happened, and `catching_panics`.

use std::cell::Cell;
use std::panic::{self, AssertUnwindSafe, PanicHookInfo};
use std::sync::Arc;
use std::thread;

/// A caught panic.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Panic {
    /// The first line of its message.
    pub message: String,
    /// `file:line:column`, which tells crashes apart.
    pub location: String,
}

impl std::fmt::Display for Panic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} at {}", self.message, self.location)
    }
}

thread_local! {
    /// Set while this thread runs the code under test in `catching_panics`.
    static CATCHING: Cell<bool> = const { Cell::new(false) };
    /// Where the last caught panic of this thread happened.
    static PANIC_AT: Cell<Option<String>> = const { Cell::new(None) };
}

/// The panic hook of a fuzz run: panics inside `catching_panics` only record their location
/// (silently); any other goes to the previous hook. Dropping it puts the previous hook back.
pub struct QuietPanics {
    /// The hook installed before.
    previous: Arc<dyn Fn(&PanicHookInfo<'_>) + Send + Sync>,
}

impl QuietPanics {
    /// Installs the quiet hook.
    pub fn install() -> QuietPanics {
        let previous: Arc<dyn Fn(&PanicHookInfo<'_>) + Send + Sync> = Arc::from(panic::take_hook());
        let delegate = Arc::clone(&previous);
        panic::set_hook(Box::new(move |info| {
            if CATCHING.get() {
                PANIC_AT.set(info.location().map(ToString::to_string));
            } else {
                delegate(info);
            }
        }));
        QuietPanics { previous }
    }
}

impl Drop for QuietPanics {
    fn drop(&mut self) {
        // The hook cannot be changed from a panicking thread; it then stays (and delegates).
        if !thread::panicking() {
            let previous = Arc::clone(&self.previous);
            panic::set_hook(Box::new(move |info| previous(info)));
        }
    }
}

/// Runs `f`, turning a panic into its message and location.
pub fn catching_panics<T>(f: impl FnOnce() -> T) -> Result<T, Panic> {
    CATCHING.set(true);
    let result = panic::catch_unwind(AssertUnwindSafe(f));
    CATCHING.set(false);
    result.map_err(|payload| {
        let message = payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "(a non-string payload)".to_owned());
        Panic {
            message: message.lines().next().unwrap_or_default().to_owned(),
            location: PANIC_AT
                .take()
                .unwrap_or_else(|| "(unknown location)".to_owned()),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_caught_panic_reports_its_first_line_and_location() {
        let quiet = QuietPanics::install();
        let result = catching_panics(|| -> u8 { panic!("boom\nsecond line") });
        drop(quiet);
        let caught = result.unwrap_err();
        assert_eq!(caught.message, "boom");
        assert!(caught.location.contains("panics.rs:"), "{caught}");
        assert_eq!(catching_panics(|| 7), Ok(7));
    }
}
