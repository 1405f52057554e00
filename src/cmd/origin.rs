//! `sop origin`: the origin, site and trustworthiness of URLs, and how two
//! of them compare.

use std::process::ExitCode;

use serde_json::{Value, json};
use sop_origin::{
    Origin, PublicSuffixList, Site, Url, is_url_potentially_trustworthy, parse_url, same_site,
    schemelessly_same_site,
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

/// One URL, described.
struct Described {
    url: Url,
    origin: Origin,
    site: Site,
    registrable_domain: Option<String>,
    trustworthy: bool,
}

fn describe(input: &str) -> Result<Described, sop_origin::UrlError> {
    let url = parse_url(input)?;
    let origin = Origin::of_url(&url);
    let registrable_domain = origin
        .as_tuple()
        .and_then(|t| PublicSuffixList::embedded().registrable_domain(t.host()));
    Ok(Described {
        site: Site::of(&origin),
        trustworthy: is_url_potentially_trustworthy(&url),
        url,
        origin,
        registrable_domain,
    })
}

fn to_json(d: &Described) -> Value {
    json!({
        "url": d.url.as_str(),
        "origin": d.origin.ascii_serialization(),
        "unicode": d.origin.unicode_serialization(),
        "site": d.site.to_string(),
        "registrable_domain": d.registrable_domain,
        "trustworthy": d.trustworthy,
    })
}

fn print_text(d: &Described) -> std::io::Result<()> {
    outln!("{}", d.url);
    outln!("  origin              {}", d.origin);
    if d.origin.unicode_serialization() != d.origin.ascii_serialization() {
        outln!("  unicode             {}", d.origin.unicode_serialization());
    }
    if d.origin.is_opaque() {
        outln!(
            "                      (opaque: a {} URL has no tuple origin)",
            d.url.scheme()
        );
    }
    outln!("  site                {}", d.site);
    outln!(
        "  registrable domain  {}",
        d.registrable_domain
            .as_deref()
            .unwrap_or("(none: not a domain, or a public suffix itself)")
    );
    outln!(
        "  trustworthy         {}",
        if d.trustworthy { "yes" } else { "no" }
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
                "same_site": ss,
                "schemelessly_same_site": sss,
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
