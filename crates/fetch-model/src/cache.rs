//! The CORS-preflight cache. <https://fetch.spec.whatwg.org/#concept-cache>
//!
//! Time is the caller's: every operation takes `now` as a [`Duration`]
//! since an epoch of the caller's choosing, so the cache keeps no clock.

use std::time::Duration;

use crate::request::{CredentialsMode, Request};

/// The most entries kept (Chromium's `kMaxCacheEntries`); when full, the
/// entries closest to expiry go first.
pub const MAX_ENTRIES: usize = 1024;

/// One cache entry: an allowed method or header name for an origin and URL.
/// <https://fetch.spec.whatwg.org/#cache-entry>
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CacheEntry {
    /// The byte-serialised request origin (`null` when tainted).
    pub origin: String,
    /// The URL the preflight was for.
    pub url: String,
    /// Whether the preflight was for a request with credentials included.
    pub credentials: bool,
    /// An allowed method (or `*`), for a method entry.
    pub method: Option<String>,
    /// An allowed header name (lowercase, or `*`), for a header entry.
    pub header_name: Option<String>,
    /// When the entry stops counting.
    pub expires_at: Duration,
}

/// The preflight cache of one page (one network partition key).
///
/// ```
/// use std::time::Duration;
/// use sop_fetch_model::PreflightCache;
/// let cache = PreflightCache::new();
/// assert!(cache.is_empty());
/// ```
#[derive(Clone, Debug, Default)]
pub struct PreflightCache {
    entries: Vec<CacheEntry>,
}

impl PreflightCache {
    /// An empty cache.
    pub fn new() -> PreflightCache {
        PreflightCache::default()
    }

    /// Whether no entry is stored (expired ones included).
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The stored entries, expired ones included.
    pub fn entries(&self) -> &[CacheEntry] {
        &self.entries
    }

    /// Whether `entry` matches `request`: same origin serialisation and URL,
    /// and credentials compatible (an entry made with credentials serves any
    /// request; one made without serves only requests without).
    /// <https://fetch.spec.whatwg.org/#concept-cache-match>
    fn entry_matches(entry: &CacheEntry, request: &Request, now: Duration) -> bool {
        entry.expires_at > now
            && entry.origin == request.serialized_origin()
            && entry.url == request.current_url().as_str()
            && (entry.credentials || request.credentials_mode != CredentialsMode::Include)
    }

    /// Whether an entry allows `method` for `request`.
    /// <https://fetch.spec.whatwg.org/#concept-cache-match-method>
    ///
    /// `wildcard_needs_no_credentials`: a cached `*` counts only for a
    /// request without credentials (Chromium); the standard counts it always.
    pub fn method_match(
        &self,
        request: &Request,
        method: &str,
        now: Duration,
        wildcard_needs_no_credentials: bool,
    ) -> bool {
        let include = request.credentials_mode == CredentialsMode::Include;
        self.entries.iter().any(|e| {
            Self::entry_matches(e, request, now)
                && e.method.as_deref().is_some_and(|m| {
                    m == method || (m == "*" && !(include && wildcard_needs_no_credentials))
                })
        })
    }

    /// Whether an entry allows header `name` for `request`.
    /// <https://fetch.spec.whatwg.org/#concept-cache-match-header>
    pub fn header_name_match(
        &self,
        request: &Request,
        name: &str,
        now: Duration,
        wildcard_needs_no_credentials: bool,
        wildcard_covers_authorization: bool,
    ) -> bool {
        let include = request.credentials_mode == CredentialsMode::Include;
        self.entries.iter().any(|e| {
            Self::entry_matches(e, request, now)
                && e.header_name.as_deref().is_some_and(|h| {
                    h.eq_ignore_ascii_case(name)
                        || (h == "*"
                            && !(include && wildcard_needs_no_credentials)
                            && (wildcard_covers_authorization
                                || !name.eq_ignore_ascii_case("authorization")))
                })
        })
    }

    /// Stores what a successful preflight allowed. With `replace`, earlier
    /// entries for the same origin and URL go first (Chromium keeps one
    /// result per key); without, matching entries get the new max-age and
    /// new ones are added (the standard's steps).
    pub fn store(
        &mut self,
        request: &Request,
        max_age: Duration,
        methods: &[String],
        header_names: &[String],
        now: Duration,
        replace: bool,
    ) {
        let origin = request.serialized_origin();
        let url = request.current_url().as_str().to_owned();
        let credentials = request.credentials_mode == CredentialsMode::Include;
        self.entries.retain(|e| e.expires_at > now);
        if replace {
            self.entries
                .retain(|e| !(e.origin == origin && e.url == url));
        }
        let expires_at = now + max_age;
        let items = methods.iter().map(|m| (Some(m.clone()), None)).chain(
            header_names
                .iter()
                .map(|h| (None, Some(h.to_ascii_lowercase()))),
        );
        for (method, header_name) in items {
            // Steps 11 and 13: an entry that matches gets the new max-age.
            if let Some(existing) = self.entries.iter_mut().find(|e| {
                e.origin == origin
                    && e.url == url
                    && e.credentials == credentials
                    && e.method == method
                    && e.header_name == header_name
            }) {
                existing.expires_at = expires_at;
                continue;
            }
            // Steps 12 and 14: otherwise a new entry.
            self.entries.push(CacheEntry {
                origin: origin.clone(),
                url: url.clone(),
                credentials,
                method,
                header_name,
                expires_at,
            });
        }
        if self.entries.len() > MAX_ENTRIES {
            self.entries
                .sort_by_key(|e| std::cmp::Reverse(e.expires_at));
            self.entries.truncate(MAX_ENTRIES);
        }
    }

    /// Removes the entries for `request`'s origin and URL (after a network
    /// error). <https://fetch.spec.whatwg.org/#concept-cache-clear>
    pub fn clear(&mut self, request: &Request) {
        let origin = request.serialized_origin();
        let url = request.current_url().as_str();
        self.entries
            .retain(|e| !(e.origin == origin && e.url == url));
    }
}
