//! Explicit limits on input, so that no fixture can make sop run out of
//! memory or time. Each limit has a clear error when exceeded.

/// Limits on what a fixture may hold. The defaults are generous for real
/// use; an embedder can set its own.
///
/// JSON nesting depth is bounded by `serde_json`'s recursion limit (128
/// levels); redirects by the Fetch standard's 20
/// ([`sop_fetch_model::fetch::MAX_REDIRECTS`]).
///
/// ```
/// let limits = sop_verdict::Limits { max_steps: 10, ..Default::default() };
/// assert_eq!(limits.max_headers, 256);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Bytes in one fixture file.
    pub max_file_bytes: u64,
    /// Scenarios in one file.
    pub max_scenarios_per_file: usize,
    /// Steps in one scenario.
    pub max_steps: usize,
    /// Headers in one request or response.
    pub max_headers: usize,
    /// Bytes in one header value.
    pub max_header_value_bytes: usize,
    /// Bytes in one header list (names and values).
    pub max_header_list_bytes: usize,
    /// Bytes in one URL.
    pub max_url_bytes: usize,
    /// Bytes in one body.
    pub max_body_bytes: usize,
    /// Response entries in one scenario.
    pub max_responses: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_bytes: 16 * 1024 * 1024,
            max_scenarios_per_file: 100_000,
            max_steps: 100,
            max_headers: 256,
            max_header_value_bytes: 8 * 1024,
            max_header_list_bytes: 256 * 1024,
            max_url_bytes: 16 * 1024,
            max_body_bytes: 16 * 1024 * 1024,
            max_responses: 1_000,
        }
    }
}
