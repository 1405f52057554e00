//! `sop origin`: the origin, site and trustworthiness of URLs, and how two
//! of them compare.

use std::process::ExitCode;

use sop_origin::{Comparison, Description};

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

fn print_text(d: &Description) -> std::io::Result<()> {
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

fn yes_no(b: bool) -> &'static str {
    if b { "yes" } else { "no" }
}

/// Runs `sop origin`.
pub fn run(args: &Args) -> Result<ExitCode, Box<dyn std::error::Error>> {
    let Some(b) = &args.b else {
        let a = Description::of(&args.a)?;
        match args.format {
            Format::Json => outln!("{}", serde_json::to_string_pretty(&a)?),
            Format::Text => print_text(&a)?,
        }
        return Ok(ExitCode::SUCCESS);
    };
    let c = Comparison::of(&args.a, b)?;
    match args.format {
        Format::Json => outln!("{}", serde_json::to_string_pretty(&c)?),
        Format::Text => {
            print_text(&c.a)?;
            print_text(&c.b)?;
            outln!();
            outln!(
                "same origin             {}: {}",
                yes_no(c.same_origin),
                c.same_origin_reason
            );
            outln!(
                "same site               {}: {}",
                yes_no(c.same_site),
                c.same_site_reason
            );
            outln!(
                "schemelessly same site  {}: {}",
                yes_no(c.schemelessly_same_site),
                c.schemelessly_same_site_reason
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
