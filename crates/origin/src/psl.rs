//! The public suffix list: public suffixes and registrable domains of hosts.
//!
//! <https://url.spec.whatwg.org/#host-public-suffix>,
//! <https://url.spec.whatwg.org/#host-registrable-domain>

use std::sync::LazyLock;

use publicsuffix::Psl as _;

use crate::Host;

/// The snapshot of the list compiled into the crate (ICANN and private
/// sections, with the list's licence header).
const EMBEDDED_LIST: &str = include_str!("../data/public_suffix_list.dat");

/// The date of the embedded snapshot, from its `VERSION` line.
///
/// ```
/// assert!(sop_origin::EMBEDDED_LIST_VERSION.starts_with("2026-"));
/// ```
pub const EMBEDDED_LIST_VERSION: &str = "2026-10-22_08-36-41_UTC";

static EMBEDDED: LazyLock<PublicSuffixList> = LazyLock::new(|| {
    // The embedded file is fixed at build time and covered by the tests; a
    // failure here is a broken build, not bad input.
    #[allow(clippy::expect_used)]
    PublicSuffixList::parse(EMBEDDED_LIST).expect("the embedded public suffix list parses")
});

/// Why a public suffix list file could not be loaded.
///
/// ```
/// let err = sop_origin::PublicSuffixList::parse("").unwrap_err();
/// assert!(err.to_string().starts_with("not a public suffix list"));
/// ```
#[derive(Debug, thiserror::Error)]
pub enum PslError {
    /// The file could not be read.
    #[error("cannot read public suffix list {path}: {source}")]
    Io {
        /// The file's path.
        path: String,
        /// What the OS said.
        #[source]
        source: std::io::Error,
    },
    /// The text is not a public suffix list.
    #[error("not a public suffix list: {0}")]
    Format(String),
}

/// A parsed public suffix list, with both its ICANN and private sections
/// (browsers use both: `github.io` is a public suffix to them).
///
/// ```
/// use sop_origin::{Host, PublicSuffixList};
/// let list = PublicSuffixList::embedded();
/// let host = Host::parse("a.b.example.co.uk").unwrap();
/// assert_eq!(list.public_suffix(&host).as_deref(), Some("co.uk"));
/// assert_eq!(list.registrable_domain(&host).as_deref(), Some("example.co.uk"));
/// ```
#[derive(Debug, Clone)]
pub struct PublicSuffixList {
    list: publicsuffix::List,
}

impl PublicSuffixList {
    /// The snapshot compiled into the crate ([`EMBEDDED_LIST_VERSION`]),
    /// parsed on first use and shared afterwards.
    ///
    /// ```
    /// let list = sop_origin::PublicSuffixList::embedded();
    /// let host = sop_origin::Host::parse("www.example.co.uk").unwrap();
    /// assert_eq!(list.registrable_domain(&host).as_deref(), Some("example.co.uk"));
    /// ```
    pub fn embedded() -> &'static PublicSuffixList {
        &EMBEDDED
    }

    /// Parses the text of a list in the format of `public_suffix_list.dat`
    /// (rules between `===BEGIN ICANN DOMAINS===` / `===BEGIN PRIVATE
    /// DOMAINS===` markers; Unicode rules are also indexed in Punycode).
    ///
    /// ```
    /// use sop_origin::{Host, PublicSuffixList};
    /// let list = PublicSuffixList::parse("// ===BEGIN ICANN DOMAINS===\ntest\nco.test\n").unwrap();
    /// let host = Host::parse("a.b.co.test").unwrap();
    /// assert_eq!(list.registrable_domain(&host).as_deref(), Some("b.co.test"));
    /// ```
    pub fn parse(text: &str) -> Result<PublicSuffixList, PslError> {
        let list: publicsuffix::List =
            text.parse().map_err(|e| PslError::Format(format!("{e}")))?;
        Ok(PublicSuffixList { list })
    }

    /// Reads and parses a list file, so a caller can use a newer list than
    /// the embedded one.
    ///
    /// ```
    /// let path = std::env::temp_dir().join("sop-psl-doctest.dat");
    /// std::fs::write(&path, "// ===BEGIN ICANN DOMAINS===\nexample\n").unwrap();
    /// let list = sop_origin::PublicSuffixList::from_file(&path).unwrap();
    /// let host = sop_origin::Host::parse("a.b.example").unwrap();
    /// assert_eq!(list.registrable_domain(&host).as_deref(), Some("b.example"));
    /// ```
    pub fn from_file(path: impl AsRef<std::path::Path>) -> Result<PublicSuffixList, PslError> {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path).map_err(|source| PslError::Io {
            path: path.display().to_string(),
            source,
        })?;
        Self::parse(&text)
    }

    /// The public suffix of a host: `None` unless the host is a domain.
    /// Hosts the list does not know get the implicit `*` rule, so the
    /// public suffix of `app.example` is `example`.
    ///
    /// <https://url.spec.whatwg.org/#host-public-suffix>
    ///
    /// ```
    /// use sop_origin::{Host, PublicSuffixList};
    /// let list = PublicSuffixList::embedded();
    /// assert_eq!(list.public_suffix(&Host::parse("x.github.io").unwrap()).as_deref(), Some("github.io"));
    /// assert_eq!(list.public_suffix(&Host::parse("127.0.0.1").unwrap()), None);
    /// ```
    pub fn public_suffix(&self, host: &Host) -> Option<String> {
        // Public suffix 1. Only domains have one: IP addresses, opaque and empty hosts do not.
        let domain = host.as_domain()?;
        // Public suffix 2. Remember a trailing dot and look the rest up.
        let (name, trailing_dot) = split_trailing_dot(domain);
        if !has_nonempty_labels(name) {
            return None;
        }
        // Public suffix 3. The list's algorithm, with `*` as the default rule.
        let suffix = self.list.suffix(name.as_bytes())?;
        let suffix = std::str::from_utf8(suffix.as_bytes()).ok()?;
        // Public suffix 4-5. The suffix, with the trailing dot put back.
        Some(format!("{suffix}{trailing_dot}"))
    }

    /// The registrable domain of a host: its public suffix plus one label,
    /// or `None` when the host is not a domain or is itself a public suffix
    /// (`localhost`, `github.io`, `co.uk`).
    ///
    /// <https://url.spec.whatwg.org/#host-registrable-domain>
    ///
    /// ```
    /// use sop_origin::{Host, PublicSuffixList};
    /// let list = PublicSuffixList::embedded();
    /// assert_eq!(list.registrable_domain(&Host::parse("localhost").unwrap()), None);
    /// assert_eq!(list.registrable_domain(&Host::parse("a.github.io").unwrap()).as_deref(), Some("a.github.io"));
    /// ```
    pub fn registrable_domain(&self, host: &Host) -> Option<String> {
        self.registrable_domain_of(host).map(str::to_owned)
    }

    /// [`registrable_domain`](Self::registrable_domain) without allocating:
    /// the registrable domain is always the tail of the host's own text,
    /// so this returns that slice. Same-site checks on every request use it.
    ///
    /// ```
    /// use sop_origin::{Host, PublicSuffixList};
    /// let list = PublicSuffixList::embedded();
    /// let host = Host::parse("a.b.example.co.uk.").unwrap();
    /// assert_eq!(list.registrable_domain_of(&host), Some("example.co.uk."));
    /// ```
    pub fn registrable_domain_of<'h>(&self, host: &'h Host) -> Option<&'h str> {
        self.registrable_domain_of_domain(host.as_domain()?)
    }

    /// [`registrable_domain_of`](Self::registrable_domain_of) for a domain
    /// given as text (a [`Host::Domain`]'s, or a URL's domain under a special
    /// scheme), so a caller holding a URL needs no `Host` built.
    ///
    /// ```
    /// use sop_origin::PublicSuffixList;
    /// let list = PublicSuffixList::embedded();
    /// assert_eq!(list.registrable_domain_of_domain("x.github.io"), Some("x.github.io"));
    /// assert_eq!(list.registrable_domain_of_domain("github.io"), None);
    /// ```
    pub fn registrable_domain_of_domain<'h>(&self, domain: &'h str) -> Option<&'h str> {
        // Registrable domain 1. No public suffix, or the host is one: no
        // registrable domain. (Public suffix 1-3, as in `public_suffix`.)
        let (name, _) = split_trailing_dot(domain);
        if !has_nonempty_labels(name) {
            return None;
        }
        let suffix_len = self.list.suffix(name.as_bytes())?.as_bytes().len();
        if suffix_len >= name.len() {
            return None;
        }
        // Registrable domain 2. The public suffix with the label before it
        // (and the trailing dot, which the suffix keeps).
        let head = name[..name.len() - suffix_len].strip_suffix('.')?;
        // (A byte search: `rfind` sets up a searcher that costs more than
        // the few bytes of a label it looks through, on every request.)
        let start = head.bytes().rposition(|b| b == b'.').map_or(0, |i| i + 1);
        Some(&domain[start..])
    }
}

/// Splits off one trailing dot (`example.com.` is a distinct host whose
/// suffix keeps the dot).
fn split_trailing_dot(domain: &str) -> (&str, &'static str) {
    match domain.strip_suffix('.') {
        Some(name) => (name, "."),
        None => (domain, ""),
    }
}

/// The list ranks domain names; a name with an empty label (`.com`,
/// `a..b`) is not one, so it has no public suffix.
fn has_nonempty_labels(name: &str) -> bool {
    // No dot first, last, or after another dot (one pass over the bytes:
    // splitting into labels cost more than the lookup it guards).
    let mut previous = b'.';
    for byte in name.bytes() {
        if byte == b'.' && previous == b'.' {
            return false;
        }
        previous = byte;
    }
    previous != b'.'
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rd(host: &str) -> Option<String> {
        PublicSuffixList::embedded().registrable_domain(&Host::parse(host).unwrap())
    }

    /// The one-pass label check agrees with splitting into labels.
    #[test]
    fn names_with_an_empty_label_are_told_apart() {
        for name in [
            "", ".", "..", "a", "a.", ".a", "a..b", "a.b", "a.b.", "ab.cd.ef", "x...y", "a.b..",
        ] {
            let split = !name.is_empty() && name.split('.').all(|l| !l.is_empty());
            assert_eq!(has_nonempty_labels(name), split, "{name:?}");
        }
        let list = PublicSuffixList::embedded();
        assert_eq!(list.registrable_domain_of_domain("a..example.com"), None);
        assert_eq!(list.registrable_domain_of_domain(".example.com"), None);
        assert_eq!(
            list.registrable_domain_of_domain("example.com"),
            Some("example.com")
        );
        assert_eq!(
            list.registrable_domain_of_domain("a.b.example.com."),
            Some("example.com.")
        );
    }

    #[test]
    fn ip_hosts_have_no_registrable_domain() {
        // A naive lookup of the string 127.0.0.1 answers "0.1".
        assert_eq!(rd("127.0.0.1"), None);
        assert_eq!(rd("[::1]"), None);
        assert_eq!(rd("0x7f.1"), None);
    }

    #[test]
    fn public_suffixes_have_none() {
        assert_eq!(rd("localhost"), None);
        assert_eq!(rd("github.io"), None);
        assert_eq!(rd("co.uk"), None);
        assert_eq!(rd("example"), None);
    }

    #[test]
    fn unlisted_tlds_use_the_implicit_rule() {
        assert_eq!(rd("app.example").as_deref(), Some("app.example"));
        assert_eq!(rd("a.b.test").as_deref(), Some("b.test"));
    }

    #[test]
    fn trailing_dot_is_kept() {
        assert_eq!(rd("www.example.com.").as_deref(), Some("example.com."));
        let list = PublicSuffixList::embedded();
        assert_eq!(
            list.public_suffix(&Host::parse("example.com.").unwrap())
                .as_deref(),
            Some("com.")
        );
    }

    #[test]
    fn idn_hosts_are_looked_up_in_punycode() {
        // 公司.cn is listed in Unicode; the URL parser hands us Punycode.
        assert_eq!(
            rd("www.例子.公司.cn").as_deref(),
            Some("xn--fsqu00a.xn--55qx5d.cn")
        );
    }

    #[test]
    fn wildcard_and_exception_rules() {
        assert_eq!(rd("a.b.c.kobe.jp").as_deref(), Some("b.c.kobe.jp"));
        assert_eq!(rd("www.city.kobe.jp").as_deref(), Some("city.kobe.jp"));
    }

    #[test]
    fn a_loaded_list_replaces_the_embedded_one() {
        let list = PublicSuffixList::parse("// ===BEGIN PRIVATE DOMAINS===\nexample\n").unwrap();
        let host = Host::parse("a.b.example").unwrap();
        assert_eq!(list.registrable_domain(&host).as_deref(), Some("b.example"));
        assert!(PublicSuffixList::parse("").is_err());
        let missing = PublicSuffixList::from_file("/nonexistent/list.dat").unwrap_err();
        assert!(
            missing.to_string().contains("/nonexistent/list.dat"),
            "{missing}"
        );
    }
}
