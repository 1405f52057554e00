//! The Fetch Metadata request headers: `Sec-Fetch-Dest`, `Sec-Fetch-Mode`,
//! `Sec-Fetch-Site` (and Chromium's `Sec-Fetch-Storage-Access`), which tell
//! a server in the browser's own words how and from where a resource was
//! asked for. HTTP-network-or-cache fetch appends them to every request it
//! sends, preflights included.
//! <https://w3c.github.io/webappsec-fetch-metadata/#abstract-opdef-append-the-fetch-metadata-headers-for-a-request>

use std::sync::Arc;

use sop_origin::{Origin, PublicSuffixList, Url, has_tuple_origin, is_url_potentially_trustworthy};

use crate::headers::HeaderList;
use crate::profile::Profile;
use crate::request::{Destination, Mode, Request};

/// What `Sec-Fetch-Site` says: how the request's origin relates to every
/// URL the request has been to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum FetchSite {
    /// Every URL is at the request's origin.
    SameOrigin,
    /// Every URL is at least same site with the request's origin.
    SameSite,
    /// Some URL is on another site (or the origin is opaque).
    CrossSite,
}

impl FetchSite {
    /// The header's value.
    pub fn as_str(self) -> &'static str {
        match self {
            FetchSite::SameOrigin => "same-origin",
            FetchSite::SameSite => "same-site",
            FetchSite::CrossSite => "cross-site",
        }
    }
}

/// Set-site: the most distant relation between `origin` and the URLs of
/// `url_list` (a redirect through another site makes the whole request
/// cross-site). <https://w3c.github.io/webappsec-fetch-metadata/#abstract-opdef-set-site>
pub fn fetch_site(origin: &Origin, url_list: &[Arc<Url>]) -> FetchSite {
    walk_sites(origin, url_list, &mut SiteMemo::default()).0
}

/// What the public suffix list last said, kept for the next request (a
/// fetch keeps one: a preflight and its request go to the same URL): the
/// list's lookup is the costly part of a same-site check. Each answer is
/// kept with a copy of the domain it is for, so a memo shared by any
/// requests answers as a fresh one does.
#[derive(Clone, Debug, Default)]
pub struct SiteMemo {
    /// The request origin's domain, and where its registrable domain
    /// starts in it (`None`: it has none).
    origin: Option<(DomainCopy, Option<usize>)>,
    /// The same for the last URL's domain.
    url: Option<(DomainCopy, Option<usize>)>,
}

impl SiteMemo {
    /// Where `domain`'s registrable domain starts in its text, from `slot`
    /// when it holds this domain's answer, else looked up and kept there.
    fn registrable_start(
        slot: &mut Option<(DomainCopy, Option<usize>)>,
        list: &PublicSuffixList,
        domain: &str,
    ) -> Option<usize> {
        if let Some((copy, start)) = slot
            && copy.is(domain)
        {
            return *start;
        }
        let start = list
            .registrable_domain_of_domain(domain)
            .map(|r| domain.len() - r.len());
        *slot = DomainCopy::of(domain).map(|copy| (copy, start));
        start
    }
}

/// A domain's text, copied without allocating (longer domains are not
/// kept).
#[derive(Clone, Debug)]
struct DomainCopy {
    len: usize,
    bytes: [u8; 64],
}

impl DomainCopy {
    fn of(domain: &str) -> Option<DomainCopy> {
        let mut bytes = [0; 64];
        bytes
            .get_mut(..domain.len())?
            .copy_from_slice(domain.as_bytes());
        Some(DomainCopy {
            len: domain.len(),
            bytes,
        })
    }

    fn is(&self, domain: &str) -> bool {
        self.bytes.get(..self.len) == Some(domain.as_bytes())
    }
}

/// [`fetch_site`], and whether the last URL is same site with `origin`
/// (what Chromium's storage-access header asks), with the list's answers
/// taken from and kept in `memo`.
fn walk_sites(origin: &Origin, url_list: &[Arc<Url>], memo: &mut SiteMemo) -> (FetchSite, bool) {
    let list = PublicSuffixList::embedded();
    // Same site without the list where the answer is plain: another scheme
    // is never same site, the same host always is.
    let mut same_site_as = |url: &Url| {
        // An opaque origin is same site only with itself.
        let Some(a) = origin.as_tuple() else {
            return false;
        };
        // The URL's scheme, whether its host is the origin's, and its
        // domain if it has one: read off the URL for the network schemes
        // (their origin is the URL's own tuple), through its origin for the
        // rest (a blob: URL's is its inner URL's).
        let built;
        let (scheme, same_host, domain) = if has_tuple_origin(url.scheme()) {
            let domain = match url.host() {
                Some(url::Host::Domain(d)) if !d.is_empty() => Some(d),
                _ => None,
            };
            (url.scheme(), a.host().is_host_of(url), domain)
        } else {
            built = Origin::of_url(url);
            let Some(b) = built.as_tuple() else {
                return false;
            };
            (b.scheme(), a.host() == b.host(), b.host().as_domain())
        };
        if a.scheme() != scheme {
            return false;
        }
        if same_host {
            return true;
        }
        // Obtain a site 2-3: the hosts differ, so the sites are the same
        // only when both have a registrable domain and it is the same (a
        // host without one is its own site). Compared as slices of the
        // hosts, with no site built.
        let (Some(mine_text), Some(domain)) = (a.host().as_domain(), domain) else {
            return false;
        };
        if last_two_labels(mine_text) != last_two_labels(domain) {
            return false;
        }
        let mine = SiteMemo::registrable_start(&mut memo.origin, list, mine_text);
        let Some(mine) = mine.and_then(|start| mine_text.get(start..)) else {
            return false;
        };
        let theirs = SiteMemo::registrable_start(&mut memo.url, list, domain);
        theirs.and_then(|start| domain.get(start..)) == Some(mine)
    };
    // Set-site 2-4. Start from same-origin and widen per URL.
    let mut site = FetchSite::SameOrigin;
    let mut last_same_site = true;
    for url in url_list {
        if origin.same_origin_with_url(url) {
            last_same_site = true;
            continue;
        }
        // Set-site 4.2. Not same origin: at best same site.
        last_same_site = same_site_as(url);
        if site == FetchSite::CrossSite {
            continue;
        }
        // Set-site 4.3. Not even same site: cross-site.
        site = if last_same_site {
            FetchSite::SameSite
        } else {
            FetchSite::CrossSite
        };
    }
    (site, last_same_site)
}

/// The text after the second dot from the end (`example.com` of
/// `a.example.com`, `com.` of `example.com.`), or all of it. Two domains
/// can have the same registrable domain only when these agree: a
/// registrable domain is a public suffix and one more label (a trailing dot
/// counting as an empty last label). Asked before the public suffix list,
/// it settles most cross-site pairs.
fn last_two_labels(domain: &str) -> &str {
    let bytes = domain.as_bytes();
    let mut dots = bytes.iter().enumerate().rev().filter(|&(_, &b)| b == b'.');
    match dots.nth(1) {
        Some((i, _)) => &domain[i + 1..],
        None => domain,
    }
}

/// Set-dest: the destination's name, `empty` for the empty string.
/// <https://w3c.github.io/webappsec-fetch-metadata/#abstract-opdef-set-dest>
pub fn dest_value(destination: Destination) -> &'static str {
    match destination {
        Destination::Empty => "empty",
        Destination::Audio => "audio",
        Destination::Document => "document",
        Destination::Embed => "embed",
        Destination::Font => "font",
        Destination::Frame => "frame",
        Destination::Iframe => "iframe",
        Destination::Image => "image",
        Destination::Json => "json",
        Destination::Object => "object",
        Destination::Script => "script",
        Destination::Style => "style",
        Destination::Track => "track",
        Destination::Video => "video",
        Destination::Worker => "worker",
    }
}

/// Set-mode: the request's mode as Fetch names it.
/// <https://w3c.github.io/webappsec-fetch-metadata/#abstract-opdef-set-mode>
pub fn mode_value(mode: Mode) -> &'static str {
    match mode {
        Mode::SameOrigin => "same-origin",
        Mode::NoCors => "no-cors",
        Mode::Cors => "cors",
        Mode::Navigate => "navigate",
    }
}

/// Appends the Fetch Metadata headers for a request to `request`'s
/// `url_list` about to be sent with `mode` (a preflight goes in `cors`
/// mode, whatever its request's). `credentials` says whether the request
/// carries credentials (for Chromium's storage-access header). `sites`
/// keeps the public suffix list's answers for the fetch's next request.
pub fn append_fetch_metadata_headers(
    request: &Request,
    url_list: &[Arc<Url>],
    mode: Mode,
    credentials: bool,
    profile: &Profile,
    headers: &mut HeaderList,
    sites: &mut SiteMemo,
) {
    let Some(url) = url_list.last() else {
        return;
    };
    // Append the Fetch metadata headers 1. Only to potentially trustworthy URLs.
    if !is_url_potentially_trustworthy(url) {
        return;
    }
    // Append the Fetch metadata headers 2-5: dest, mode, site (user is for
    // user-activated navigations, which a script never makes).
    let (site, last_same_site) = walk_sites(&request.origin, url_list, sites);
    // Appending looks for a header of the same name to take its casing;
    // when the list has no `Sec-Fetch-` header at all (a script cannot set
    // one), the names are known to be new and are pushed without looking.
    let append: fn(&mut HeaderList, &str, &str) = if headers.names().any(is_sec_fetch) {
        |list, name, value| list.append(name, value)
    } else {
        |list, name, value| list.push(name, value)
    };
    append(headers, "Sec-Fetch-Site", site.as_str());
    append(headers, "Sec-Fetch-Mode", mode_value(mode));
    append(headers, "Sec-Fetch-Dest", dest_value(request.destination));
    // Chromium's Storage Access headers: a request with credentials to a
    // URL on another site than the page's says it holds no storage access
    // (the URL's own site: after a redirect back home it is not sent).
    if profile.sends_storage_access_header && credentials && !last_same_site {
        append(headers, "Sec-Fetch-Storage-Access", "none");
    }
}

/// Whether `name` starts with `Sec-Fetch-` (byte-case-insensitively).
fn is_sec_fetch(name: &str) -> bool {
    name.as_bytes()
        .get(..10)
        .is_some_and(|head| head.eq_ignore_ascii_case(b"sec-fetch-"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use sop_origin::parse_url;

    fn urls(list: &[&str]) -> Vec<Arc<Url>> {
        list.iter()
            .map(|u| Arc::new(parse_url(u).unwrap()))
            .collect()
    }

    /// The slice comparison gives what comparing the HTML standard's sites
    /// gives, for hosts of every sort: public suffixes, private suffixes,
    /// IP addresses, trailing dots, other schemes and ports.
    #[test]
    fn same_site_without_sites_is_same_site_with_them() {
        let all = [
            "https://app.example/",
            "https://api.example/",
            "https://a.b.example/",
            "http://app.example/",
            "https://app.example:8443/",
            "https://github.io/",
            "https://x.github.io/",
            "https://y.github.io/",
            "https://example.co.uk/",
            "https://a.example.co.uk/",
            "https://co.uk/",
            "https://127.0.0.1/",
            "https://127.0.0.2/",
            "https://127.0.0.1:8443/",
            "https://[::1]/",
            "https://localhost/",
            "https://app.example./",
            "https://api.example./",
            "https://xn--bcher-kva.example/",
            "https://example/",
            "https://api.app.example/",
            "https://cdn.other.example/",
            "https://app.example.com/",
            "https://com/",
            "https://a.s3.amazonaws.com/",
            "https://b.s3.amazonaws.com/",
            "https://a.b.c.kawasaki.jp/",
            "https://x.b.c.kawasaki.jp/",
            "https://city.kawasaki.jp/",
            "blob:https://api.app.example/3f2a",
            "blob:https://cdn.other.example/3f2a",
            "data:text/plain,x",
        ];
        for a in all {
            for b in all {
                let origin = Origin::of_url(&parse_url(a).unwrap());
                let target = Origin::of_url(&parse_url(b).unwrap());
                let expected = sop_origin::Site::of(&origin) == sop_origin::Site::of(&target);
                let (_, same_site) = walk_sites(&origin, &urls(&[b]), &mut SiteMemo::default());
                assert_eq!(same_site, expected, "{a} and {b}");
            }
        }
        // One memo kept across every origin and URL (a fetch keeps one
        // across the requests it sends) answers as a fresh one does.
        let mut memo = SiteMemo::default();
        for a in all {
            let origin = Origin::of_url(&parse_url(a).unwrap());
            for b in all.iter().chain(&all) {
                let target = Origin::of_url(&parse_url(b).unwrap());
                let expected = sop_origin::Site::of(&origin) == sop_origin::Site::of(&target);
                let (_, same_site) = walk_sites(&origin, &urls(&[b]), &mut memo);
                assert_eq!(same_site, expected, "{a} and {b}, memo kept");
            }
        }
    }

    #[test]
    fn site_is_the_widest_relation_along_the_redirect_chain() {
        let page = Origin::of_url_str("https://app.example").unwrap();
        let cases = [
            (&["https://app.example/a"][..], "same-origin"),
            (&["https://cdn.app.example/a"][..], "same-site"),
            // Same site is schemeful.
            (&["http://app.example/a"][..], "cross-site"),
            (&["https://cdn.example/a"][..], "cross-site"),
            (
                &["https://cdn.example/a", "https://app.example/b"][..],
                "cross-site",
            ),
            (
                &["https://app.example/a", "https://img.app.example/b"][..],
                "same-site",
            ),
        ];
        for (list, want) in cases {
            assert_eq!(fetch_site(&page, &urls(list)).as_str(), want, "{list:?}");
        }
        // An opaque origin is same site with nothing.
        let sandboxed = Origin::new_opaque();
        assert_eq!(
            fetch_site(&sandboxed, &urls(&["https://app.example/"])),
            FetchSite::CrossSite
        );
    }

    /// A list that already has a `Sec-Fetch-` header (only a caller of the
    /// machine, not a script, can give it one) gets the appended headers
    /// in that header's casing, as appending says; others get them as
    /// written.
    #[test]
    fn appending_keeps_the_casing_of_a_header_already_there() {
        let page = Origin::of_url_str("https://app.example").unwrap();
        let list = urls(&["https://app.example/x"]);
        let request = Request::new("GET", list[0].clone(), page);
        let names = |mut headers: HeaderList| {
            append_fetch_metadata_headers(
                &request,
                &list,
                Mode::Cors,
                false,
                &Profile::chromium(),
                &mut headers,
                &mut SiteMemo::default(),
            );
            headers.names().map(str::to_owned).collect::<Vec<_>>()
        };
        assert_eq!(
            names(HeaderList::from_pairs([("X-A", "1")])),
            ["X-A", "Sec-Fetch-Site", "Sec-Fetch-Mode", "Sec-Fetch-Dest"]
        );
        assert_eq!(
            names(HeaderList::from_pairs([("sec-fetch-MODE", "navigate")])),
            [
                "sec-fetch-MODE",
                "Sec-Fetch-Site",
                "sec-fetch-MODE",
                "Sec-Fetch-Dest"
            ]
        );
    }

    #[test]
    fn only_potentially_trustworthy_urls_get_the_headers() {
        let page = Origin::of_url_str("https://app.example").unwrap();
        let profile = Profile::chromium();
        for (url, sent) in [
            ("https://cdn.example/x", true),
            ("http://localhost/x", true),
            ("http://cdn.example/x", false),
        ] {
            let list = urls(&[url]);
            let request = Request::new("GET", list[0].clone(), page.clone());
            let mut headers = HeaderList::new();
            append_fetch_metadata_headers(
                &request,
                &list,
                Mode::Cors,
                false,
                &profile,
                &mut headers,
                &mut SiteMemo::default(),
            );
            assert_eq!(headers.get("sec-fetch-mode").is_some(), sent, "{url}");
        }
    }

    #[test]
    fn chromium_says_a_credentialed_cross_site_request_has_no_storage_access() {
        let page = Origin::of_url_str("https://app.example").unwrap();
        let list = urls(&["https://cdn.example/x"]);
        let mut request = Request::new("GET", list[0].clone(), page);
        request.destination = Destination::Image;
        for (profile, credentials, want) in [
            (Profile::chromium(), true, Some("none")),
            (Profile::chromium(), false, None),
            (Profile::spec(), true, None),
        ] {
            let mut headers = HeaderList::new();
            append_fetch_metadata_headers(
                &request,
                &list,
                Mode::NoCors,
                credentials,
                &profile,
                &mut headers,
                &mut SiteMemo::default(),
            );
            assert_eq!(headers.get("sec-fetch-dest").as_deref(), Some("image"));
            assert_eq!(
                headers.get("sec-fetch-storage-access").as_deref(),
                want,
                "{} {credentials}",
                profile.name
            );
        }
    }
}
