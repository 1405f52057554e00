//! What every C function returns, and the errors behind it.

use std::panic::{AssertUnwindSafe, catch_unwind};

/// What a C function returns. `SOP_STATUS_OK` (0) is success; every other
/// value but `SOP_STATUS_DONE` is an error, whose words the function puts in
/// its `error` out-parameter.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SopStatus {
    /// Success: the output parameter holds the result.
    Ok = 0,
    /// Not an error: the fetch is over and there is nothing to send
    /// (`sop_fetch_next` only); read the decision.
    Done = 1,
    /// A pointer the function needs was NULL.
    NullArgument = 2,
    /// A string argument is not UTF-8.
    InvalidUtf8 = 3,
    /// The input does not parse, or is not a valid scenario, request or
    /// response; the error says where and why, as `sop eval` would.
    InvalidInput = 4,
    /// The script API throws for this call before anything is sent (a
    /// forbidden method, a URL that does not parse...). The error is JSON:
    /// `{"reason": "<reason code>", "message": "<the exception's message>"}`.
    ScriptThrows = 5,
    /// The call does not fit the fetch's state: an answer when no request
    /// awaits one, or a decision before the fetch is over.
    WrongState = 6,
    /// A bug in sop: it panicked. The error says what; a fetch handle that
    /// was in the middle of a step cannot go on (free it).
    Panic = 7,
}

/// An error: its status and its words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    /// Which kind (never [`SopStatus::Ok`] or [`SopStatus::Done`]).
    pub status: SopStatus,
    /// What went wrong, for a person (JSON for [`SopStatus::ScriptThrows`]).
    pub message: String,
}

impl Error {
    /// An error of `status` saying `message`.
    pub fn new(status: SopStatus, message: impl Into<String>) -> Error {
        Error {
            status,
            message: message.into(),
        }
    }

    /// Invalid input.
    pub(crate) fn invalid(message: impl Into<String>) -> Error {
        Error::new(SopStatus::InvalidInput, message)
    }

    /// A call made in the wrong state.
    pub(crate) fn wrong_state(message: impl Into<String>) -> Error {
        Error::new(SopStatus::WrongState, message)
    }
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

/// Runs `f`, turning a panic into [`SopStatus::Panic`]: no panic may
/// unwind into a C caller's frames.
pub(crate) fn guard<T>(f: impl FnOnce() -> Result<T, Error>) -> Result<T, Error> {
    catch_unwind(AssertUnwindSafe(f)).unwrap_or_else(|payload| {
        let what = payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "a panic without a message".to_owned());
        Err(Error::new(
            SopStatus::Panic,
            format!("sop panicked (a bug; please report it): {what}"),
        ))
    })
}

/// The seconds a C caller gives as a [`std::time::Duration`].
pub(crate) fn seconds(now: f64) -> Result<std::time::Duration, Error> {
    std::time::Duration::try_from_secs_f64(now).map_err(|_| {
        Error::invalid(format!(
            "now: expected a finite number of seconds, 0 or more, found {now}"
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_an_error() {
        let e = guard::<()>(|| panic!("boom {}", 7)).unwrap_err();
        assert_eq!(e.status, SopStatus::Panic);
        assert!(e.message.ends_with("boom 7"), "{}", e.message);
        let e = guard::<()>(|| std::panic::panic_any(42)).unwrap_err();
        assert!(e.message.ends_with("a panic without a message"));
        assert_eq!(guard(|| Ok(3)), Ok(3));
    }

    #[test]
    fn time_is_finite_and_not_negative() {
        assert_eq!(
            seconds(1.5).ok(),
            Some(std::time::Duration::from_millis(1500))
        );
        for bad in [-1.0, f64::NAN, f64::INFINITY] {
            let e = seconds(bad).unwrap_err();
            assert_eq!(e.status, SopStatus::InvalidInput);
            assert!(e.message.starts_with("now: "), "{}", e.message);
        }
    }
}
