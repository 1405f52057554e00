//! The C functions: thin shims over the crate's safe functions, and the
//! only code in sop allowed to be `unsafe` (each item says so, and each
//! `unsafe` block says why it holds).
//!
//! The rules for a C caller, the same for every function:
//!
//! - String arguments are NUL-terminated UTF-8, valid for the call; the
//!   library keeps no pointer to them.
//! - Every `char *` the library returns is the caller's, freed with
//!   [`sop_string_free`] exactly once (never with `free()`): results in the
//!   result out-parameter, error words in `error`.
//! - A function that can fail returns a [`SopStatus`]. It first sets each
//!   out-parameter it was given to NULL; on `SOP_STATUS_OK` it fills the
//!   result, otherwise it fills `*error` (when `error` is not NULL) and
//!   nothing else. So a result and an error are never both set, and
//!   freeing both after any call is always right.
//! - Handles ([`SopCache`], [`SopFetch`]) are freed with their own `_free`
//!   function, once; NULL is accepted and ignored by every `_free`.
//! - No panic crosses the boundary: it becomes `SOP_STATUS_PANIC`.
//! - A fetch handle is used by one thread at a time; a cache may be shared
//!   by fetches on any threads.

use std::ffi::{CStr, CString, c_char};

use sop_fetch_model::Incoming;

use crate::error::{Error, SopStatus, guard};
use crate::evaluate::{evaluate_file, evaluate_scenario};
use crate::machine::{SopCache, SopFetch, Step, http_response};

/// A string for C: NUL bytes (which JSON escapes, but an error message
/// might quote) are written `\0`, so the text survives whole.
fn into_c_string(text: String) -> *mut c_char {
    let text = if text.contains('\0') {
        text.replace('\0', "\\0")
    } else {
        text
    };
    CString::new(text).unwrap_or_default().into_raw()
}

/// Sets `*out` to NULL, when `out` is not NULL.
///
/// # Safety
/// `out` is NULL or valid for writing a pointer.
#[allow(unsafe_code)]
unsafe fn clear<T>(out: *mut *mut T) {
    if !out.is_null() {
        // SAFETY: not NULL, and the caller promises it is writable.
        unsafe { out.write(std::ptr::null_mut()) };
    }
}

/// Writes `value` to `*out`, or fails when `out` is NULL.
///
/// # Safety
/// `out` is NULL or valid for writing a pointer.
#[allow(unsafe_code)]
unsafe fn put<T>(out: *mut *mut T, name: &str, value: *mut T) -> Result<(), Error> {
    if out.is_null() {
        return Err(null(name));
    }
    // SAFETY: not NULL, and the caller promises it is writable.
    unsafe { out.write(value) };
    Ok(())
}

fn null(name: &str) -> Error {
    Error::new(SopStatus::NullArgument, format!("{name}: NULL"))
}

/// Reads a string argument.
///
/// # Safety
/// `text` is NULL or a NUL-terminated string valid for `'a`.
#[allow(unsafe_code)]
unsafe fn arg<'a>(text: *const c_char, name: &str) -> Result<&'a str, Error> {
    if text.is_null() {
        return Err(null(name));
    }
    // SAFETY: not NULL; the caller promises a NUL-terminated string that
    // outlives the call.
    let text = unsafe { CStr::from_ptr(text) };
    text.to_str()
        .map_err(|e| Error::new(SopStatus::InvalidUtf8, format!("{name}: not UTF-8 ({e})")))
}

/// Borrows a handle.
///
/// # Safety
/// `handle` is NULL or a live handle from this library, not in use by
/// another thread.
#[allow(unsafe_code)]
unsafe fn handle<'a, T>(handle: *const T, name: &str) -> Result<&'a T, Error> {
    // SAFETY: the caller promises NULL or a live handle (a `Box` this
    // library leaked), which `as_ref` turns into `None` or a reference.
    unsafe { handle.as_ref() }.ok_or_else(|| null(name))
}

/// Borrows a handle mutably.
///
/// # Safety
/// As [`handle`], and no other reference to it exists for `'a`.
#[allow(unsafe_code)]
unsafe fn handle_mut<'a, T>(handle: *mut T, name: &str) -> Result<&'a mut T, Error> {
    // SAFETY: as in `handle`; one thread at a time, and no call keeps a
    // reference past its return, so this one is unique.
    unsafe { handle.as_mut() }.ok_or_else(|| null(name))
}

/// Frees a handle.
///
/// # Safety
/// `handle` is NULL or a live handle from this library, freed only here.
#[allow(unsafe_code)]
unsafe fn free<T>(handle: *mut T) {
    if !handle.is_null() {
        // SAFETY: a pointer from `Box::into_raw` in this library, freed once.
        let boxed = unsafe { Box::from_raw(handle) };
        // Dropping owns no foreign frames, but no panic may escape anyway.
        let _ = guard(|| {
            drop(boxed);
            Ok(())
        });
    }
}

/// The status of `result`, with its error words in `*error`.
///
/// # Safety
/// `error` is NULL or valid for writing a pointer.
#[allow(unsafe_code)]
unsafe fn finish(error: *mut *mut c_char, result: Result<SopStatus, Error>) -> SopStatus {
    match result {
        Ok(status) => status,
        Err(e) => {
            if !error.is_null() {
                // SAFETY: not NULL, and the caller promises it is writable.
                unsafe { error.write(into_c_string(e.message)) };
            }
            e.status
        }
    }
}

/// Frees a string this library returned. NULL is ignored.
///
/// # Safety
/// `text` is NULL or a string this library returned, not freed before.
#[allow(unsafe_code)]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sop_string_free(text: *mut c_char) {
    if !text.is_null() {
        // SAFETY: a pointer from `CString::into_raw` in this library, freed
        // once (the caller's promise).
        drop(unsafe { CString::from_raw(text) });
    }
}

/// Evaluates one scenario (the fixture format's scenario object) and gives
/// its verdict as JSON in `*verdict_json`: the same JSON `sop eval --format
/// json` shows as the scenario's `verdict`.
///
/// Errors: `SOP_STATUS_INVALID_INPUT` with the words `sop eval` gives for a
/// file named `<input>` (`<input>: request.mode: unknown value ...`);
/// `SOP_STATUS_NULL_ARGUMENT`; `SOP_STATUS_INVALID_UTF8`.
///
/// # Safety
/// `scenario_json` is NULL or a NUL-terminated string; `verdict_json` and
/// `error` are NULL or writable.
#[allow(unsafe_code)]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sop_evaluate_json(
    scenario_json: *const c_char,
    verdict_json: *mut *mut c_char,
    error: *mut *mut c_char,
) -> SopStatus {
    // SAFETY: the pointers are as this function's contract says.
    unsafe {
        clear(error);
        clear(verdict_json);
        let result = guard(|| {
            if verdict_json.is_null() {
                return Err(null("verdict_json"));
            }
            let verdict = evaluate_scenario(arg(scenario_json, "scenario_json")?)?;
            put(verdict_json, "verdict_json", into_c_string(verdict))?;
            Ok(SopStatus::Ok)
        });
        finish(error, result)
    }
}

/// Evaluates every scenario of a fixture file's text (one scenario, or
/// `{"scenarios": [...]}`) and gives `[{"name": ..., "verdict": ...}, ...]`
/// in file order in `*verdicts_json`: `sop eval --format json` without the
/// `file` key. Errors as [`sop_evaluate_json`].
///
/// # Safety
/// `file_json` is NULL or a NUL-terminated string; `verdicts_json` and
/// `error` are NULL or writable.
#[allow(unsafe_code)]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sop_evaluate_file_json(
    file_json: *const c_char,
    verdicts_json: *mut *mut c_char,
    error: *mut *mut c_char,
) -> SopStatus {
    // SAFETY: the pointers are as this function's contract says.
    unsafe {
        clear(error);
        clear(verdicts_json);
        let result = guard(|| {
            if verdicts_json.is_null() {
                return Err(null("verdicts_json"));
            }
            let all = evaluate_file(arg(file_json, "file_json")?)?;
            put(verdicts_json, "verdicts_json", into_c_string(all))?;
            Ok(SopStatus::Ok)
        });
        finish(error, result)
    }
}

/// A new, empty preflight cache, to share among one page's fetches (free
/// it with [`sop_cache_free`]; fetches that use it keep what they need, so
/// it may be freed before them). Never NULL.
#[allow(unsafe_code)] // no_mangle
#[unsafe(no_mangle)]
pub extern "C" fn sop_cache_new() -> *mut SopCache {
    Box::into_raw(Box::new(SopCache::new()))
}

/// Frees a cache from [`sop_cache_new`]. NULL is ignored.
///
/// # Safety
/// `cache` is NULL or from [`sop_cache_new`], not freed before.
#[allow(unsafe_code)]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sop_cache_free(cache: *mut SopCache) {
    // SAFETY: the caller's promise, as above.
    unsafe { free(cache) }
}

/// Starts the fetch a script call makes; `*fetch` gets the handle (free it
/// with [`sop_fetch_free`]).
///
/// `request_json` is `{"page": "https://app.example/", "request": {...},
/// "profile": "chromium"}`: the fixture format's `page` (a URL, or `{"url":
/// ..., "sandbox": true}`), `request` (`url`, `api`, `method`, `headers`,
/// `body`, `mode`, `credentials`, `redirect`, `upload_listener`) and
/// `profile` (`chromium`, the default, or `spec`). `cache` is the page's
/// preflight cache, or NULL for a cache of the fetch's own. `now` is the
/// caller's clock in seconds (the machine keeps none; preflight grants
/// expire by it).
///
/// Errors: `SOP_STATUS_SCRIPT_THROWS` when fetch() or XMLHttpRequest throws
/// before sending anything, with `*error` the JSON `{"reason": "<reason
/// code>", "message": "<the exception's message, as Chromium words it>"}`;
/// `SOP_STATUS_INVALID_INPUT`, worded as `sop eval` words fixture errors;
/// `SOP_STATUS_NULL_ARGUMENT`; `SOP_STATUS_INVALID_UTF8`.
///
/// # Safety
/// `request_json` is NULL or a NUL-terminated string; `cache` is NULL or a
/// live cache; `fetch` and `error` are NULL or writable.
#[allow(unsafe_code)]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sop_fetch_new(
    request_json: *const c_char,
    cache: *mut SopCache,
    now: f64,
    fetch: *mut *mut SopFetch,
    error: *mut *mut c_char,
) -> SopStatus {
    // SAFETY: the pointers are as this function's contract says.
    unsafe {
        clear(error);
        clear(fetch);
        let result = guard(|| {
            if fetch.is_null() {
                return Err(null("fetch"));
            }
            let input = arg(request_json, "request_json")?;
            let cache = cache.cast_const().as_ref();
            let started = SopFetch::new(input, cache, now)?;
            put(fetch, "fetch", Box::into_raw(Box::new(started)))?;
            Ok(SopStatus::Ok)
        });
        finish(error, result)
    }
}

/// What to send next. Returns `SOP_STATUS_OK` with `*request_json` the
/// request to send, as JSON `{"preflight": true, "method": "OPTIONS", "url":
/// "https://...", "headers": [["Origin", "https://..."], ...],
/// "credentials": false, "body": null}` (the URL without its fragment;
/// headers in order, repeats kept; `credentials`: whether cookies and HTTP
/// authentication go with it). Returns `SOP_STATUS_DONE` with
/// `*request_json` NULL when the fetch is over: read
/// [`sop_fetch_decision`]. Asking again before an answer gives the same
/// request.
///
/// # Safety
/// `fetch` is NULL or a live fetch; `request_json` and `error` are NULL or
/// writable.
#[allow(unsafe_code)]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sop_fetch_next(
    fetch: *const SopFetch,
    request_json: *mut *mut c_char,
    error: *mut *mut c_char,
) -> SopStatus {
    // SAFETY: the pointers are as this function's contract says.
    unsafe {
        clear(error);
        clear(request_json);
        let result = guard(|| {
            if request_json.is_null() {
                return Err(null("request_json"));
            }
            match handle(fetch, "fetch")?.next()? {
                Step::Send(json) => {
                    put(request_json, "request_json", into_c_string(json))?;
                    Ok(SopStatus::Ok)
                }
                Step::Done => Ok(SopStatus::Done),
            }
        });
        finish(error, result)
    }
}

/// Hands over the HTTP response to the request [`sop_fetch_next`] gave:
/// its `status` (100 to 999), `headers_json` (an object `{"Name": "value"}`
/// or an array of `["Name", "value"]` pairs, for repeated names; NULL for
/// none) and `body` (NULL for none), at `now` seconds on the caller's clock.
///
/// Errors: `SOP_STATUS_WRONG_STATE` when the fetch is over;
/// `SOP_STATUS_INVALID_INPUT`; `SOP_STATUS_NULL_ARGUMENT`;
/// `SOP_STATUS_INVALID_UTF8`.
///
/// # Safety
/// `fetch` is NULL or a live fetch; `headers_json` and `body` are NULL or
/// NUL-terminated strings; `error` is NULL or writable.
#[allow(unsafe_code)]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sop_fetch_receive(
    fetch: *mut SopFetch,
    status: u16,
    headers_json: *const c_char,
    body: *const c_char,
    now: f64,
    error: *mut *mut c_char,
) -> SopStatus {
    // SAFETY: the pointers are as this function's contract says.
    unsafe {
        clear(error);
        let result = guard(|| {
            let fetch = handle_mut(fetch, "fetch")?;
            let headers = match headers_json.is_null() {
                true => None,
                false => Some(arg(headers_json, "headers_json")?),
            };
            let body = match body.is_null() {
                true => "",
                false => arg(body, "body")?,
            };
            fetch.receive(http_response(status, headers, body)?, now)?;
            Ok(SopStatus::Ok)
        });
        finish(error, result)
    }
}

/// Tells the fetch that the request [`sop_fetch_next`] gave got no HTTP
/// response: the connection failed (DNS, refused, reset, TLS).
/// Errors as [`sop_fetch_receive`].
///
/// # Safety
/// `fetch` is NULL or a live fetch; `error` is NULL or writable.
#[allow(unsafe_code)]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sop_fetch_receive_network_error(
    fetch: *mut SopFetch,
    now: f64,
    error: *mut *mut c_char,
) -> SopStatus {
    // SAFETY: the pointers are as this function's contract says.
    unsafe { receive_failure(fetch, Incoming::NetworkError, now, error) }
}

/// Tells the fetch that bytes came back that are not a valid HTTP response
/// (Chromium: a NUL byte in the header block); the network stack refuses
/// them. Errors as [`sop_fetch_receive`].
///
/// # Safety
/// `fetch` is NULL or a live fetch; `error` is NULL or writable.
#[allow(unsafe_code)]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sop_fetch_receive_invalid_response(
    fetch: *mut SopFetch,
    now: f64,
    error: *mut *mut c_char,
) -> SopStatus {
    // SAFETY: the pointers are as this function's contract says.
    unsafe { receive_failure(fetch, Incoming::InvalidResponse, now, error) }
}

/// # Safety
/// `fetch` is NULL or a live fetch; `error` is NULL or writable.
#[allow(unsafe_code)]
unsafe fn receive_failure(
    fetch: *mut SopFetch,
    incoming: Incoming,
    now: f64,
    error: *mut *mut c_char,
) -> SopStatus {
    // SAFETY: the caller's promise, as above.
    unsafe {
        clear(error);
        let result = guard(|| {
            handle_mut(fetch, "fetch")?.receive(incoming, now)?;
            Ok(SopStatus::Ok)
        });
        finish(error, result)
    }
}

/// The decision, once [`sop_fetch_next`] returned `SOP_STATUS_DONE`, as
/// JSON in `*decision_json`, of the same shape as a verdict of `sop eval`:
/// `outcome` (`exposed`, `opaque`, `opaque-redirect` or `blocked`),
/// `reason` (a reason code, or null), `preflight`, `status`,
/// `exposed_headers`, `body`, `requests`, `url`, `message` (Chromium's
/// console line, or null), `fix` (the smallest server change that would
/// expose the read, verified; null unless blocked) and `trace`.
///
/// Errors: `SOP_STATUS_WRONG_STATE` while a request awaits its answer;
/// `SOP_STATUS_NULL_ARGUMENT`.
///
/// # Safety
/// `fetch` is NULL or a live fetch; `decision_json` and `error` are NULL or
/// writable.
#[allow(unsafe_code)]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sop_fetch_decision(
    fetch: *const SopFetch,
    decision_json: *mut *mut c_char,
    error: *mut *mut c_char,
) -> SopStatus {
    // SAFETY: the pointers are as this function's contract says.
    unsafe {
        fetch_json(
            fetch,
            decision_json,
            "decision_json",
            error,
            SopFetch::decision,
        )
    }
}

/// Every decision so far (the script layer's, then the machine's), at any
/// step, as a JSON array in `*trace_json` of `{"anchor", "link", "step",
/// "decision", "detail"}` (`decision`: `pass`, `fail` or `note`; `link`:
/// the standard's section; `standard` too where the profile departs from
/// it). Errors: `SOP_STATUS_NULL_ARGUMENT`.
///
/// # Safety
/// `fetch` is NULL or a live fetch; `trace_json` and `error` are NULL or
/// writable.
#[allow(unsafe_code)]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sop_fetch_trace(
    fetch: *const SopFetch,
    trace_json: *mut *mut c_char,
    error: *mut *mut c_char,
) -> SopStatus {
    // SAFETY: the pointers are as this function's contract says.
    unsafe { fetch_json(fetch, trace_json, "trace_json", error, SopFetch::trace) }
}

/// The getters' one shape: a JSON string read from the fetch into `*out`.
///
/// # Safety
/// `fetch` is NULL or a live fetch; `out` and `error` are NULL or writable.
#[allow(unsafe_code)]
unsafe fn fetch_json(
    fetch: *const SopFetch,
    out: *mut *mut c_char,
    name: &'static str,
    error: *mut *mut c_char,
    read: fn(&SopFetch) -> Result<String, Error>,
) -> SopStatus {
    // SAFETY: the pointers are as the callers' contracts say.
    unsafe {
        clear(error);
        clear(out);
        let result = guard(|| {
            if out.is_null() {
                return Err(null(name));
            }
            let json = read(handle(fetch, "fetch")?)?;
            put(out, name, into_c_string(json))?;
            Ok(SopStatus::Ok)
        });
        finish(error, result)
    }
}

/// Frees a fetch from [`sop_fetch_new`], at any step. NULL is ignored.
///
/// # Safety
/// `fetch` is NULL or from [`sop_fetch_new`], not freed before.
#[allow(unsafe_code)]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sop_fetch_free(fetch: *mut SopFetch) {
    // SAFETY: the caller's promise, as above.
    unsafe { free(fetch) }
}
