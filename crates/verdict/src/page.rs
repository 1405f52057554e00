//! The page whose script acts: its URL, its origin (opaque when
//! sandboxed) and whether it is a secure context. The script layer, the
//! console messages, the fixes and the explanations all read it.

use sop_origin::{Origin, Url, is_url_potentially_trustworthy};

use crate::fixture::Page;

/// The document whose script acts.
#[derive(Clone, Debug)]
pub struct PageContext<'a> {
    /// Its URL.
    pub url: &'a Url,
    /// Its origin: the URL's, or a new opaque origin when sandboxed.
    pub origin: Origin,
    /// Whether it is a secure context (its URL is potentially trustworthy).
    pub secure: bool,
    /// Whether it is a sandboxed iframe without allow-same-origin.
    pub sandboxed: bool,
}

impl<'a> PageContext<'a> {
    /// The context of a fixture's page.
    ///
    /// A sandboxed document's origin is a new opaque origin
    /// (<https://html.spec.whatwg.org/multipage/browsers.html#sandboxed-origin-browsing-context-flag>);
    /// it stays a secure context when its URL is potentially trustworthy.
    pub fn new(page: &'a Page) -> PageContext<'a> {
        let url = page.url.url();
        let origin = if page.sandbox {
            Origin::new_opaque()
        } else {
            Origin::of_url(url)
        };
        PageContext {
            secure: is_url_potentially_trustworthy(url),
            url,
            origin,
            sandboxed: page.sandbox,
        }
    }

    /// The context of a page at `url` that is not sandboxed, for embedders
    /// without a fixture.
    ///
    /// ```
    /// let url = sop_origin::parse_url("https://app.example/home").unwrap();
    /// let page = sop_verdict::page::PageContext::of_url(&url);
    /// assert_eq!(page.origin.ascii_serialization(), "https://app.example");
    /// assert!(page.secure && !page.sandboxed);
    /// ```
    pub fn of_url(url: &'a Url) -> PageContext<'a> {
        PageContext {
            secure: is_url_potentially_trustworthy(url),
            url,
            origin: Origin::of_url(url),
            sandboxed: false,
        }
    }
}
