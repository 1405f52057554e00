//! `sop request`: one request from the command line, no file needed.

use std::process::ExitCode;

use serde_json::{Map, Value, json};
use sop_fetch_model::headers::is_token;
use sop_fetch_model::method::is_method;
use sop_verdict::explain::explain;
use sop_verdict::{FixtureFile, Limits, Options, Outcome, evaluate};

/// Arguments of `sop request`.
#[derive(clap::Args)]
#[command(
    about = "Simulate one request given on the command line (curl-like) and explain it",
    after_help = "Each --respond gives one server answer:\n  \
        [METHOD] [URL] STATUS[; Name: value]...[; body=TEXT]\n\
        (method, URL and status before the first `;`, then headers, each after a `;`)\n\
        METHOD OPTIONS answers the preflight; without a method it answers any other method.\n\
        URL defaults to the request's URL; STATUS may be `network-error`. A request that no\n\
        answer matches gets 404 with no headers.\n\n\
        Examples:\n  \
        sop request --page https://app.example/ https://api.example/data \\\n      \
        --respond '200; Access-Control-Allow-Origin: https://app.example'\n  \
        sop request --page https://app.example/ -X PUT -H 'X-Token: 1' https://api.example/items \\\n      \
        --respond 'OPTIONS 204; Access-Control-Allow-Origin: https://app.example; Access-Control-Allow-Methods: PUT' \\\n      \
        --respond '200; Access-Control-Allow-Origin: https://app.example'\n  \
        sop request --page https://app.example/ --credentials include --format json https://api.example/me \\\n      \
        --respond '200; Access-Control-Allow-Origin: *'\n  \
        sop request --page https://app.example/ https://api.example/ --respond 200 \\\n      \
        --fail-on-blocked --format json > /dev/null || echo blocked\n\n\
        Exit status: 0; 1 with --fail-on-blocked when the read is blocked; 2 when a flag's\n\
        value cannot be used (the message names the flag)."
)]
pub struct Args {
    /// The URL to request (absolute, or relative to the page).
    url: String,
    /// The page whose script makes the request.
    #[arg(long)]
    page: String,
    /// The page is a sandboxed iframe without allow-same-origin.
    #[arg(long)]
    sandbox: bool,
    /// fetch or xhr.
    #[arg(long, default_value = "fetch")]
    api: String,
    /// The method.
    #[arg(short = 'X', long, default_value = "GET")]
    method: String,
    /// A request header, `Name: value` (repeatable).
    #[arg(short = 'H', long = "header")]
    headers: Vec<String>,
    /// A string body.
    #[arg(long)]
    body: Option<String>,
    /// fetch mode: cors, no-cors, same-origin.
    #[arg(long)]
    mode: Option<String>,
    /// Credentials: omit, same-origin, include.
    #[arg(long)]
    credentials: Option<String>,
    /// fetch redirect mode: follow, error, manual.
    #[arg(long)]
    redirect: Option<String>,
    /// XHR with an upload listener.
    #[arg(long)]
    upload_listener: bool,
    /// A server answer (repeatable); see below.
    #[arg(long = "respond")]
    responses: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Profile: chromium or spec.
    #[arg(long, default_value = "chromium")]
    profile: String,
    /// Exit 1 when the read is blocked, so a script can test the verdict.
    #[arg(long)]
    fail_on_blocked: bool,
    #[command(flatten)]
    show: super::Show,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Format {
    Text,
    Json,
}

fn header_pair(s: &str, what: &str) -> Result<Value, String> {
    let (name, value) = s
        .split_once(':')
        .ok_or_else(|| format!("{what} {s:?}: expected `Name: value`"))?;
    Ok(json!([name.trim(), value.trim()]))
}

/// The grammar of `--respond`, quoted in its help and its errors.
const RESPOND_GRAMMAR: &str = "[METHOD] [URL] STATUS[; Name: value]...[; body=TEXT]";

/// Parses `[METHOD] [URL] STATUS[; Name: value]...`.
fn response(spec: &str, default_url: &str) -> Result<Value, String> {
    let mut parts = spec.split(';');
    let head = parts.next().unwrap_or_default();
    let mut entry = Map::new();
    let mut url = default_url.to_owned();
    let mut status = None;
    let refuse = |why: String| {
        format!(
            "--respond {spec:?}: {why}; the form is `{RESPOND_GRAMMAR}`, \
             e.g. `OPTIONS 204; Access-Control-Allow-Origin: *`"
        )
    };
    for word in head.split_whitespace() {
        // Everything before the first `;` is method, URL and status, in
        // that order: a word after the status is a header that lost its
        // `;`, and must not become a method that answers nothing.
        if status.is_some() {
            return Err(refuse(format!(
                "found {word:?} after the status (is a `;` missing before a header?)"
            )));
        }
        if word.contains("://") {
            url = word.to_owned();
        } else if word == "network-error" {
            entry.insert("network_error".into(), json!(true));
            status = Some(200);
        } else if let Ok(n) = word.parse::<u16>() {
            status = Some(n);
        } else if is_method(word) && !entry.contains_key("method") {
            entry.insert("method".into(), json!(word));
        } else {
            return Err(refuse(format!(
                "{word:?} is not a method, a URL or a status"
            )));
        }
    }
    let status = status.ok_or_else(|| refuse("expected a status (e.g. `200`)".to_owned()))?;
    entry.insert("url".into(), json!(url));
    entry.insert("status".into(), json!(status));
    // `;` separates headers, but may also sit inside a value
    // (`text/plain;charset=utf-8`): a part that does not start with
    // `Name:` continues the previous value. `body=...` sets the body.
    let mut headers: Vec<(String, String)> = Vec::new();
    for part in parts {
        let trimmed = part.trim();
        if let Some(body) = trimmed.strip_prefix("body=") {
            entry.insert("body".into(), json!(body));
        } else if let Some((name, value)) =
            trimmed.split_once(':').filter(|(n, _)| is_token(n.trim()))
        {
            headers.push((name.trim().to_owned(), value.trim().to_owned()));
        } else if let Some((_, value)) = headers.last_mut() {
            value.push(';');
            value.push_str(part);
        } else if !trimmed.is_empty() {
            return Err(format!(
                "--respond {spec:?}: expected `Name: value` after the status, found {trimmed:?}"
            ));
        }
    }
    entry.insert(
        "headers".into(),
        json!(
            headers
                .iter()
                .map(|(n, v)| json!([n, v]))
                .collect::<Vec<_>>()
        ),
    );
    Ok(Value::Object(entry))
}

/// The flag that gave the value at `path` of the scenario built from the
/// command line: the user wrote flags, not JSON.
fn flag_of(path: &str, args: &Args) -> String {
    if let Some(rest) = path.strip_prefix("responses[")
        && let Some((i, _)) = rest.split_once(']')
        && let Some(spec) = i.parse::<usize>().ok().and_then(|i| args.responses.get(i))
    {
        return format!("--respond {spec:?}");
    }
    let field = path.split(['.', '[']).take(2).collect::<Vec<_>>().join(".");
    match field.as_str() {
        "page" | "page.url" => "--page",
        "page.sandbox" => "--sandbox",
        "profile" => "--profile",
        "request.url" => "URL",
        "request.method" => "--method",
        "request.headers" => "--header",
        "request.body" => "--body",
        "request.mode" => "--mode",
        "request.credentials" => "--credentials",
        "request.redirect" => "--redirect",
        "request.api" => "--api",
        "request.upload_listener" => "--upload-listener",
        _ => path,
    }
    .to_owned()
}

/// Runs `sop request`.
pub fn run(args: &Args) -> Result<ExitCode, Box<dyn std::error::Error>> {
    let page_url = sop_origin::parse_url(&args.page).map_err(|e| format!("--page: {e}"))?;
    let absolute = sop_origin::parse_url_with_base(&args.url, &page_url)
        .map(|u| u.to_string())
        .unwrap_or_else(|_| args.url.clone());
    let mut request = Map::new();
    request.insert("api".into(), json!(args.api));
    request.insert("url".into(), json!(args.url));
    request.insert("method".into(), json!(args.method));
    let headers: Result<Vec<Value>, String> = args
        .headers
        .iter()
        .map(|h| header_pair(h, "--header"))
        .collect();
    request.insert("headers".into(), Value::Array(headers?));
    for (key, value) in [
        ("body", &args.body),
        ("mode", &args.mode),
        ("credentials", &args.credentials),
        ("redirect", &args.redirect),
    ] {
        if let Some(v) = value {
            request.insert(key.into(), json!(v));
        }
    }
    if args.upload_listener {
        request.insert("upload_listener".into(), json!(true));
    }
    let responses: Result<Vec<Value>, String> = args
        .responses
        .iter()
        .map(|r| response(r, &absolute))
        .collect();
    let scenario = json!({
        "name": format!("{} {}", args.method, args.url),
        "profile": args.profile,
        "page": {"url": args.page, "sandbox": args.sandbox},
        "request": request,
        "responses": responses?,
    });
    let file = FixtureFile::parse(
        "<command line>".as_ref(),
        &scenario.to_string(),
        &Limits::default(),
    )
    .map_err(|e| format!("{}: {}", flag_of(&e.path, args), e.message))?;
    let scenario = &file.scenarios[0];
    let verdict = evaluate(scenario, Options::default());
    match args.format {
        Format::Json => outln!("{}", serde_json::to_string_pretty(&verdict)?),
        Format::Text => out!("{}", explain(scenario, &verdict, args.show.style())),
    }
    let blocked = verdict
        .verdicts()
        .iter()
        .any(|v| v.outcome == Outcome::Blocked);
    Ok(if blocked && args.fail_on_blocked {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
