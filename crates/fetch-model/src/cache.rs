//! The CORS-preflight cache. <https://fetch.spec.whatwg.org/#concept-cache>
//!
//! Time is the caller's: every operation takes `now` as a [`Duration`]
//! since an epoch of the caller's choosing, so the cache keeps no clock.
//!
//! The standard keeps one entry per allowed method or header name; this
//! cache keeps one entry per successful preflight, holding all of them with
//! one expiry. The lookups answer the same: a method or header matches when
//! any live entry for the key lists it. (The standard's "refresh the
//! max-age of matching entries" step is the newer entry's later expiry.)

use std::time::Duration;

use smallvec::SmallVec;

use crate::headers::comma_pieces;
use crate::request::{CredentialsMode, Request};

/// The most entries kept (Chromium's `kMaxCacheEntries`); when full, the
/// entries closest to expiry go first.
pub const MAX_ENTRIES: usize = 1024;

/// What a lookup compares: the byte-serialised request origin (`null` when
/// tainted), the current URL, and whether credentials are included.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CacheKey<'a> {
    /// The serialised request origin.
    pub origin: &'a str,
    /// The request's current URL.
    pub url: &'a str,
    /// Whether the request's credentials mode is "include".
    pub include: bool,
}

impl<'a> CacheKey<'a> {
    /// The key of `request`, given its serialised origin.
    pub fn new(request: &'a Request, serialized_origin: &'a str) -> CacheKey<'a> {
        CacheKey {
            origin: serialized_origin,
            url: request.current_url().as_str(),
            include: request.credentials_mode == CredentialsMode::Include,
        }
    }
}

/// What one successful preflight allowed.
/// <https://fetch.spec.whatwg.org/#cache-entry>
///
/// Its texts share one string (one allocation per entry): the serialised
/// origin, the URL, the methods and the header names, back to back.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CacheEntry {
    /// The origin, the URL, the methods joined by commas (a token has
    /// none) and the header names, lowercase, joined the same way.
    text: String,
    /// Where the origin, the URL and the methods end in `text`.
    origin_end: usize,
    url_end: usize,
    methods_end: usize,
    /// Whether the preflight was for a request with credentials included.
    pub credentials: bool,
    /// When the entry stops counting.
    pub expires_at: Duration,
}

impl CacheEntry {
    /// An entry for `key` allowing `methods` and `header_names` (stored
    /// lowercase) until `expires_at`.
    fn new(
        key: &CacheKey<'_>,
        methods: &[&str],
        header_names: &[&str],
        expires_at: Duration,
    ) -> CacheEntry {
        let listed = |items: &[&str]| items.iter().map(|i| i.len() + 1).sum::<usize>();
        let mut text = String::with_capacity(
            key.origin.len() + key.url.len() + listed(methods) + listed(header_names),
        );
        text.push_str(key.origin);
        let origin_end = text.len();
        text.push_str(key.url);
        let url_end = text.len();
        for (i, method) in methods.iter().enumerate() {
            if i > 0 {
                text.push(',');
            }
            text.push_str(method);
        }
        let methods_end = text.len();
        for (i, name) in header_names.iter().enumerate() {
            if i > 0 {
                text.push(',');
            }
            text.push_str(name);
        }
        text[methods_end..].make_ascii_lowercase();
        CacheEntry {
            text,
            origin_end,
            url_end,
            methods_end,
            credentials: key.include,
            expires_at,
        }
    }

    /// The byte-serialised request origin (`null` when tainted).
    pub fn origin(&self) -> &str {
        &self.text[..self.origin_end]
    }

    /// The URL the preflight was for.
    pub fn url(&self) -> &str {
        &self.text[self.origin_end..self.url_end]
    }

    /// Allowed methods (may hold `*`).
    pub fn methods(&self) -> impl Iterator<Item = &str> {
        comma_pieces(&self.text[self.url_end..self.methods_end]).filter(|m| !m.is_empty())
    }

    /// Allowed header names, lowercase (may hold `*`).
    pub fn header_names(&self) -> impl Iterator<Item = &str> {
        comma_pieces(&self.text[self.methods_end..]).filter(|h| !h.is_empty())
    }

    /// Whether the entry is for `key`'s origin and URL.
    fn is_for(&self, key: &CacheKey<'_>) -> bool {
        self.origin() == key.origin && self.url() == key.url
    }
}

/// How the cache treats wildcards (see [`crate::Profile`]). A cached `*`
/// header entry never covers Authorization: the standard's header-name
/// match excludes CORS non-wildcard request-header names, and Chromium
/// re-checks cached entries with its non-wildcard rule always on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Wildcards {
    /// A cached `*` counts only for requests without credentials.
    pub need_no_credentials: bool,
}

/// The preflight cache of one page (one network partition key).
///
/// ```
/// use sop_fetch_model::PreflightCache;
/// let cache = PreflightCache::new();
/// assert!(cache.is_empty());
/// ```
#[derive(Clone, Debug, Default)]
pub struct PreflightCache {
    /// Two entries kept in the cache itself: a page's first preflights
    /// cost no allocation beyond each entry's text.
    entries: SmallVec<[CacheEntry; 2]>,
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

    /// The live entries for `key`: same origin serialisation and URL, and
    /// credentials compatible (an entry made with credentials serves any
    /// request; one made without serves only requests without).
    /// <https://fetch.spec.whatwg.org/#concept-cache-match>
    fn matching<'s>(
        &'s self,
        key: &'s CacheKey<'_>,
        now: Duration,
    ) -> impl Iterator<Item = &'s CacheEntry> + 's {
        self.entries
            .iter()
            .filter(move |e| e.expires_at > now && e.is_for(key) && (e.credentials || !key.include))
    }

    /// Whether an entry allows `method`.
    /// <https://fetch.spec.whatwg.org/#concept-cache-match-method>
    pub fn method_match(
        &self,
        key: &CacheKey<'_>,
        method: &str,
        now: Duration,
        wildcards: Wildcards,
    ) -> bool {
        let star_counts = !(key.include && wildcards.need_no_credentials);
        self.matching(key, now).any(|e| {
            e.methods()
                .any(|m| m == method || (m == "*" && star_counts))
        })
    }

    /// Whether an entry allows header `name`.
    /// <https://fetch.spec.whatwg.org/#concept-cache-match-header>
    pub fn header_name_match(
        &self,
        key: &CacheKey<'_>,
        name: &str,
        now: Duration,
        wildcards: Wildcards,
    ) -> bool {
        // A cached `*` never covers Authorization, and needs no credentials
        // where the profile says so.
        let authorization = name.eq_ignore_ascii_case("authorization");
        let credentials_forbid = key.include && wildcards.need_no_credentials;
        let star_counts = !authorization && !credentials_forbid;
        self.matching(key, now).any(|e| {
            e.header_names()
                .any(|h| h.eq_ignore_ascii_case(name) || (h == "*" && star_counts))
        })
    }

    /// Stores what a successful preflight allowed. With `replace`, earlier
    /// entries for the same origin and URL go (Chromium keeps one result per
    /// key); without, they stay and keep their own expiry (the standard).
    pub fn store(
        &mut self,
        key: &CacheKey<'_>,
        max_age: Duration,
        methods: &[&str],
        header_names: &[&str],
        now: Duration,
        replace: bool,
    ) {
        self.entries
            .retain(|e| e.expires_at > now && !(replace && e.is_for(key)));
        self.entries
            .push(CacheEntry::new(key, methods, header_names, now + max_age));
        if self.entries.len() > MAX_ENTRIES {
            self.entries
                .sort_by_key(|e| std::cmp::Reverse(e.expires_at));
            self.entries.truncate(MAX_ENTRIES);
        }
    }

    /// Removes the entries for `key`'s origin and URL (after a network
    /// error). <https://fetch.spec.whatwg.org/#concept-cache-clear>
    pub fn clear(&mut self, key: &CacheKey<'_>) {
        self.entries.retain(|e| !e.is_for(key));
    }
}
