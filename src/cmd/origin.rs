//! `sop origin`: the origin, site and trustworthiness of URLs, and how two
//! of them compare.

use std::process::ExitCode;

use serde_json::{Value, json};
use sop_origin::{
    Host, Origin, PublicSuffixList, Site, Url, is_origin_potentially_trustworthy,
    is_url_potentially_trustworthy, parse_url, same_site, schemelessly_same_site,
};

/// Arguments of `sop origin`.
#[derive(clap::Args)]
#[command(
    about = "Show a URL's origin, site and trustworthiness, or compare two URLs",
    after_help = "Examples:\n  \
        sop origin https://app.example/\n  \
        sop origin https://app.example/ https://api.example/v1\n  \
        sop origin --format json http://localhost:3000 https://localhost\n\n\
        Same origin compares scheme, host and port. Same site compares the scheme and the\n\
        registrable domain (public suffix list snapshot embedded in sop). Schemelessly same\n\
        site ignores the scheme.\n\n\
        Exit status: 0; 2 when a URL does not parse."
)]
pub struct Args {
    /// The URL to describe.
    a: String,
    /// A second URL to compare with the first.
    b: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Format {
    Text,
    Json,
}

/// One URL, described, with the reasons behind each answer.
struct Described {
    url: Url,
    origin: Origin,
    site: Site,
    registrable_domain: Option<String>,
    trustworthy: bool,
    /// Which rule of the Secure Contexts algorithm decided `trustworthy`.
    trustworthy_reason: String,
    /// Why the origin is opaque, when it is.
    opaque_reason: Option<String>,
    /// A port written in the URL that the origin leaves out, being the
    /// scheme's default.
    default_port_dropped: Option<u16>,
    /// What the URL alone does not say about a document's origin.
    origin_note: Option<&'static str>,
}

fn describe(input: &str) -> Result<Described, sop_origin::UrlError> {
    let url = parse_url(input)?;
    let origin = Origin::of_url(&url);
    let registrable_domain = origin
        .as_tuple()
        .and_then(|t| PublicSuffixList::embedded().registrable_domain(t.host()));
    // The URL gives these an opaque origin, but a document loaded from one
    // takes the origin of the document that made it.
    let origin_note = match (url.scheme(), url.path()) {
        ("about", "blank") => Some(
            "an about:blank document inherits the origin of the document that created it; \
             the URL alone gives an opaque origin",
        ),
        ("about", "srcdoc") => Some(
            "an about:srcdoc document (an iframe's srcdoc) inherits its parent's origin; \
             the URL alone gives an opaque origin",
        ),
        _ => None,
    };
    Ok(Described {
        site: Site::of(&origin),
        trustworthy: is_url_potentially_trustworthy(&url),
        trustworthy_reason: trustworthy_reason(&url, &origin),
        opaque_reason: origin.is_opaque().then(|| {
            format!(
                "opaque: {} {}: URL has no tuple origin",
                article(url.scheme()),
                url.scheme()
            )
        }),
        default_port_dropped: default_port_dropped(input, &url),
        origin_note,
        url,
        origin,
        registrable_domain,
    })
}

/// "a" or "an" before a scheme name read aloud (`an about:`, `a data:`).
fn article(word: &str) -> &'static str {
    if word.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}

/// The rule that makes `url` potentially trustworthy or not, in the order
/// <https://w3c.github.io/webappsec-secure-contexts/#is-url-trustworthy>
/// applies them (as `is_url_potentially_trustworthy` does).
fn trustworthy_reason(url: &Url, origin: &Origin) -> String {
    match url.scheme() {
        "about" if matches!(url.path(), "blank" | "srcdoc") => {
            return format!("about:{} is trustworthy by definition", url.path());
        }
        "data" => return "a data: URL is trustworthy by definition".to_owned(),
        "file" => return "file scheme".to_owned(),
        _ => {}
    }
    let Some(tuple) = origin.as_tuple() else {
        return "an opaque origin is never trustworthy".to_owned();
    };
    let host = tuple.host();
    match (tuple.scheme(), host) {
        ("https" | "wss", _) => format!("{} scheme", tuple.scheme()),
        (_, Host::Ipv4(a)) if a.is_loopback() => format!("loopback host {host}"),
        (_, Host::Ipv6(a)) if a.is_loopback() => format!("loopback host {host}"),
        (_, Host::Domain(d)) if is_origin_potentially_trustworthy(origin) && !d.is_empty() => {
            format!("localhost name {host}")
        }
        (scheme, _) => format!("{scheme} on {host}, which is not loopback or localhost"),
    }
}

/// The port written in `input` when the origin drops it for being the
/// scheme's default (`https://a.example:443` has origin `https://a.example`).
fn default_port_dropped(input: &str, url: &Url) -> Option<u16> {
    let default = url
        .port_or_known_default()
        .filter(|_| url.port().is_none())?;
    let (_, rest) = input.trim().split_once("://")?;
    let authority = rest.split(['/', '?', '#', '\\']).next()?;
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    // After the last `:`, unless that is inside an IPv6 address's brackets.
    let (_, port) = host_port
        .rsplit_once(':')
        .filter(|(_, p)| !p.contains(']'))?;
    (port.parse::<u16>().ok() == Some(default)).then_some(default)
}

fn to_json(d: &Described) -> Value {
    json!({
        "url": d.url.as_str(),
        "origin": d.origin.ascii_serialization(),
        "unicode": d.origin.unicode_serialization(),
        "opaque_reason": d.opaque_reason,
        "default_port_dropped": d.default_port_dropped,
        "origin_note": d.origin_note,
        "site": d.site.to_string(),
        "registrable_domain": d.registrable_domain,
        "trustworthy": d.trustworthy,
        "trustworthy_reason": d.trustworthy_reason,
    })
}

fn print_text(d: &Described) -> std::io::Result<()> {
    outln!("{}", d.url);
    outln!("  origin              {}", d.origin);
    if d.origin.unicode_serialization() != d.origin.ascii_serialization() {
        outln!("  unicode             {}", d.origin.unicode_serialization());
    }
    if let Some(port) = d.default_port_dropped {
        outln!(
            "                      (port {port} is {}'s default, so the origin has no port)",
            d.url.scheme()
        );
    }
    if let Some(why) = &d.opaque_reason {
        outln!("                      ({why})");
    }
    if let Some(note) = d.origin_note {
        outln!("                      ({note})");
    }
    outln!("  site                {}", d.site);
    outln!(
        "  registrable domain  {}",
        d.registrable_domain
            .as_deref()
            .unwrap_or("(none: not a domain, or a public suffix itself)")
    );
    outln!(
        "  trustworthy         {}: {}",
        yes_no(d.trustworthy),
        d.trustworthy_reason
    );
    Ok(())
}

/// Why two origins are or are not the same origin.
fn why_same_origin(a: &Origin, b: &Origin) -> String {
    match (a.as_tuple(), b.as_tuple()) {
        (Some(x), Some(y)) if x.scheme() != y.scheme() => {
            format!("schemes differ ({} vs {})", x.scheme(), y.scheme())
        }
        (Some(x), Some(y)) if x.host() != y.host() => {
            format!("hosts differ ({} vs {})", x.host(), y.host())
        }
        (Some(x), Some(y)) if x.port() != y.port() => format!(
            "ports differ ({} vs {})",
            port_text(x.port()),
            port_text(y.port())
        ),
        (Some(_), Some(_)) => "scheme, host and port are equal".to_owned(),
        _ => "an opaque origin is same origin only with itself".to_owned(),
    }
}

fn port_text(port: Option<u16>) -> String {
    port.map_or_else(|| "default".to_owned(), |p| p.to_string())
}

fn why_site(a: &Described, b: &Described, schemeless: bool) -> String {
    if a.origin.is_opaque() || b.origin.is_opaque() {
        return "an opaque origin is its own site".to_owned();
    }
    let (sa, sb) = (a.site.to_string(), b.site.to_string());
    if let (Some(x), Some(y)) = (a.origin.as_tuple(), b.origin.as_tuple())
        && !schemeless
        && x.scheme() != y.scheme()
    {
        return format!("schemes differ ({} vs {})", x.scheme(), y.scheme());
    }
    match (&a.registrable_domain, &b.registrable_domain) {
        (Some(x), Some(y)) if x == y => format!("same registrable domain {x}"),
        (Some(x), Some(y)) => format!("registrable domains differ ({x} vs {y})"),
        _ if sa == sb || schemeless && strip_scheme(&sa) == strip_scheme(&sb) => {
            "same host, which has no registrable domain".to_owned()
        }
        _ => format!("sites differ ({sa} vs {sb})"),
    }
}

fn strip_scheme(site: &str) -> &str {
    site.split_once("://").map_or(site, |(_, rest)| rest)
}

fn yes_no(b: bool) -> &'static str {
    if b { "yes" } else { "no" }
}

/// Runs `sop origin`.
pub fn run(args: &Args) -> Result<ExitCode, Box<dyn std::error::Error>> {
    let a = describe(&args.a)?;
    let Some(b_input) = &args.b else {
        match args.format {
            Format::Json => outln!("{}", serde_json::to_string_pretty(&to_json(&a))?),
            Format::Text => print_text(&a)?,
        }
        return Ok(ExitCode::SUCCESS);
    };
    let b = describe(b_input)?;
    let so = a.origin.same_origin(&b.origin);
    let ss = same_site(&a.origin, &b.origin);
    let sss = schemelessly_same_site(&a.origin, &b.origin);
    match args.format {
        Format::Json => {
            let v = json!({
                "a": to_json(&a),
                "b": to_json(&b),
                "same_origin": so,
                "same_origin_reason": why_same_origin(&a.origin, &b.origin),
                "same_site": ss,
                "same_site_reason": why_site(&a, &b, false),
                "schemelessly_same_site": sss,
                "schemelessly_same_site_reason": why_site(&a, &b, true),
            });
            outln!("{}", serde_json::to_string_pretty(&v)?);
        }
        Format::Text => {
            print_text(&a)?;
            print_text(&b)?;
            outln!();
            outln!(
                "same origin             {}: {}",
                yes_no(so),
                why_same_origin(&a.origin, &b.origin)
            );
            outln!(
                "same site               {}: {}",
                yes_no(ss),
                why_site(&a, &b, false)
            );
            outln!(
                "schemelessly same site  {}: {}",
                yes_no(sss),
                why_site(&a, &b, true)
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
