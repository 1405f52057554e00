//! The scenario fixture format, version 1 (the contract in
//! `docs/fixture-format.md`), and reading it with errors that name the file,
//! the JSON path and what was expected.

use std::fmt;
use std::path::{Path, PathBuf};

use indexmap::IndexMap;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};
use sop_fetch_model::{HeaderList, Reason};
use sop_origin::Url;

use crate::limits::Limits;

/// A fixture file: one scenario or `{"scenarios": [...]}`.
#[derive(Clone, Debug, PartialEq)]
pub struct FixtureFile {
    /// Where it was read from (or a label such as `<stdin>`).
    pub path: PathBuf,
    /// The scenarios, in file order.
    pub scenarios: Vec<Scenario>,
    /// Whether the file held a single scenario object (so JSON paths have
    /// no `scenarios[i]` prefix).
    pub single: bool,
}

/// One scenario. Field names are the contract's.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// Unique within its file.
    pub name: String,
    /// Free text that teaches the point.
    #[serde(default)]
    pub note: Option<String>,
    /// `fetch` (the only kind so far).
    #[serde(default)]
    pub kind: Kind,
    /// Whose behaviour to predict.
    #[serde(default)]
    pub profile: ProfileName,
    /// The page whose script acts.
    pub page: Page,
    /// What the script asks for (or use `steps`).
    #[serde(default)]
    pub request: Option<ScriptRequest>,
    /// How the servers answer.
    #[serde(default)]
    pub responses: Vec<ResponseEntry>,
    /// What a real browser does.
    #[serde(default)]
    pub expect: Option<Expect>,
    /// Several requests from the same page, sharing one preflight cache.
    #[serde(default)]
    pub steps: Option<Vec<Step>>,
}

/// A scenario's kind.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// fetch() or XMLHttpRequest.
    #[default]
    Fetch,
}

/// A profile name.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ProfileName {
    /// Current Chromium.
    #[default]
    Chromium,
    /// The letter of the standards.
    Spec,
}

impl ProfileName {
    /// The engine profile.
    pub fn profile(self) -> sop_fetch_model::Profile {
        match self {
            ProfileName::Chromium => sop_fetch_model::Profile::chromium(),
            ProfileName::Spec => sop_fetch_model::Profile::spec(),
        }
    }

    /// The name as written in fixtures.
    pub fn as_str(self) -> &'static str {
        match self {
            ProfileName::Chromium => "chromium",
            ProfileName::Spec => "spec",
        }
    }
}

/// An absolute URL in a fixture, parsed when the fixture is read (so a
/// scenario's URLs are parsed once, and one that does not parse is an error
/// at its JSON path). It dereferences to the parsed [`Url`].
///
/// ```
/// use sop_verdict::fixture::AbsoluteUrl;
/// let u = AbsoluteUrl::parse("HTTPS://API.example:443/a#f").unwrap();
/// assert_eq!(u.as_str(), "https://api.example/a#f");
/// assert!(AbsoluteUrl::parse("/relative").is_err());
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AbsoluteUrl {
    url: Url,
    /// The length of the text as written (what the URL length limit
    /// measures: parsing can shorten or lengthen it).
    written_len: usize,
}

impl AbsoluteUrl {
    /// Parses `text` as an absolute URL.
    pub fn parse(text: &str) -> Result<AbsoluteUrl, sop_origin::UrlError> {
        sop_origin::parse_url(text).map(|url| AbsoluteUrl {
            url,
            written_len: text.len(),
        })
    }

    /// The parsed URL.
    pub fn url(&self) -> &Url {
        &self.url
    }

    /// How many bytes the URL took as written.
    pub fn written_len(&self) -> usize {
        self.written_len
    }
}

impl std::ops::Deref for AbsoluteUrl {
    type Target = Url;
    fn deref(&self) -> &Url {
        &self.url
    }
}

impl fmt::Display for AbsoluteUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.url.as_str())
    }
}

impl Serialize for AbsoluteUrl {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.url.as_str())
    }
}

impl From<Url> for AbsoluteUrl {
    fn from(url: Url) -> AbsoluteUrl {
        let written_len = url.as_str().len();
        AbsoluteUrl { url, written_len }
    }
}

impl<'de> Deserialize<'de> for AbsoluteUrl {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = AbsoluteUrl;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an absolute URL string")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<AbsoluteUrl, E> {
                AbsoluteUrl::parse(v)
                    .map_err(|e| E::custom(format!("expected an absolute URL: {e}")))
            }
        }
        d.deserialize_str(V)
    }
}

/// The page: its URL, and whether it is a sandboxed iframe without
/// allow-same-origin (an opaque origin).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Page {
    /// The page's URL.
    pub url: AbsoluteUrl,
    /// Sandboxed without allow-same-origin.
    pub sandbox: bool,
}

impl<'de> Deserialize<'de> for Page {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Object {
            url: AbsoluteUrl,
            #[serde(default)]
            sandbox: bool,
        }
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Page;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a URL string or an object {\"url\": ..., \"sandbox\": true}")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Page, E> {
                let url = AbsoluteUrl::parse(v)
                    .map_err(|e| E::custom(format!("expected an absolute URL: {e}")))?;
                Ok(Page {
                    url,
                    sandbox: false,
                })
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Page, A::Error> {
                let o = Object::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(Page {
                    url: o.url,
                    sandbox: o.sandbox,
                })
            }
        }
        d.deserialize_any(V)
    }
}

/// Headers as written: an object `{"Name": "value"}` or an array of
/// `["Name", "value"]` pairs (needed for repeats). Order and each name's
/// casing are kept.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Headers(pub HeaderList);

impl Headers {
    /// The headers in `pairs`, as given.
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Headers {
        Headers(HeaderList::from_pairs(pairs))
    }
}

/// A JSON string, borrowed from the input when it has no escapes (so
/// reading a header does not allocate for it).
struct Text<'de>(std::borrow::Cow<'de, str>);

impl<'de> Deserialize<'de> for Text<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Text<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Text<'de>, E> {
                Ok(Text(std::borrow::Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Text<'de>, E> {
                Ok(Text(std::borrow::Cow::Owned(v.to_owned())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Text<'de>, E> {
                Ok(Text(std::borrow::Cow::Owned(v)))
            }
        }
        d.deserialize_str(V)
    }
}

impl<'de> Deserialize<'de> for Headers {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Headers;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object of header names to string values, or an array of [name, value] pairs")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Headers, A::Error> {
                let mut out = HeaderList::new();
                while let Some((k, v)) = map.next_entry::<Text<'de>, Text<'de>>()? {
                    out.push(&k.0, &v.0);
                }
                Ok(Headers(out))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Headers, A::Error> {
                let mut out = HeaderList::new();
                while let Some((k, v)) = seq.next_element::<(Text<'de>, Text<'de>)>()? {
                    out.push(&k.0, &v.0);
                }
                Ok(Headers(out))
            }
        }
        d.deserialize_any(V)
    }
}

/// Which script API makes the request.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Api {
    /// `fetch()`.
    #[default]
    Fetch,
    /// `XMLHttpRequest`.
    Xhr,
}

/// fetch()'s `mode`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ModeName {
    /// `cors`.
    #[default]
    Cors,
    /// `no-cors`.
    NoCors,
    /// `same-origin`.
    SameOrigin,
}

/// `credentials`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CredentialsName {
    /// `omit`.
    Omit,
    /// `same-origin`.
    #[default]
    SameOrigin,
    /// `include` (XHR: `withCredentials = true`).
    Include,
}

/// fetch()'s `redirect`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RedirectName {
    /// `follow`.
    #[default]
    Follow,
    /// `error`.
    Error,
    /// `manual`.
    Manual,
}

/// What the script asks for.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScriptRequest {
    /// fetch or xhr.
    #[serde(default)]
    pub api: Api,
    /// Absolute, or relative to the page URL.
    pub url: String,
    /// As the script writes it.
    #[serde(default = "default_method")]
    pub method: String,
    /// What the script sets.
    #[serde(default)]
    pub headers: Headers,
    /// A string body.
    #[serde(default)]
    pub body: Option<String>,
    /// fetch only.
    #[serde(default)]
    pub mode: ModeName,
    /// Credentials mode.
    #[serde(default)]
    pub credentials: CredentialsName,
    /// fetch only.
    #[serde(default)]
    pub redirect: RedirectName,
    /// xhr only: an upload progress listener.
    #[serde(default)]
    pub upload_listener: bool,
}

fn default_method() -> String {
    "GET".to_owned()
}

fn default_status() -> u16 {
    200
}

/// How a server answers one request.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResponseEntry {
    /// The absolute URL of the request it answers.
    pub url: AbsoluteUrl,
    /// `OPTIONS` for a preflight answer; absent: any method but OPTIONS.
    #[serde(default)]
    pub method: Option<String>,
    /// The status code.
    #[serde(default = "default_status")]
    pub status: u16,
    /// The headers.
    #[serde(default)]
    pub headers: Headers,
    /// The body.
    #[serde(default)]
    pub body: String,
    /// The connection fails: no HTTP response.
    #[serde(default)]
    pub network_error: bool,
}

/// One step of a `steps` scenario.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    /// Seconds of simulated time before the step.
    #[serde(default)]
    pub wait: f64,
    /// The request.
    pub request: ScriptRequest,
    /// The expectation.
    #[serde(default)]
    pub expect: Option<Expect>,
}

/// The outcome of a read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    /// The script reads status, headers and body.
    Exposed,
    /// no-cors: the response arrives but nothing is readable.
    Opaque,
    /// redirect "manual": an opaque-redirect response.
    OpaqueRedirect,
    /// fetch rejects / XHR fires error.
    Blocked,
}

impl Outcome {
    /// The contract's name.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Exposed => "exposed",
            Outcome::Opaque => "opaque",
            Outcome::OpaqueRedirect => "opaque-redirect",
            Outcome::Blocked => "blocked",
        }
    }
}

/// One request in an expectation: headers list only those to check,
/// `null` meaning absent.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExpectedRequest {
    /// The method.
    pub method: String,
    /// The URL.
    pub url: String,
    /// Headers to check (lowercase or not; compared case-insensitively).
    #[serde(default)]
    pub headers: IndexMap<String, Option<String>>,
}

/// What a real browser does. Only fields present are checked.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expect {
    /// The outcome (required).
    pub outcome: Outcome,
    /// With `blocked`: why.
    #[serde(default, deserialize_with = "reason")]
    pub reason: Option<Reason>,
    /// Whether a preflight was sent.
    #[serde(default)]
    pub preflight: Option<bool>,
    /// The status the script sees.
    #[serde(default)]
    pub status: Option<u16>,
    /// The declared header names the script can read, lowercase, sorted.
    #[serde(default)]
    pub exposed_headers: Option<Vec<String>>,
    /// The body the script can read.
    #[serde(default)]
    pub body: Option<String>,
    /// The requests that reached servers, in order.
    #[serde(default)]
    pub requests: Option<Vec<ExpectedRequest>>,
    /// The final response URL.
    #[serde(default)]
    pub url: Option<String>,
}

fn reason<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Reason>, D::Error> {
    let s = String::deserialize(d)?;
    s.parse::<Reason>().map(Some).map_err(|_| {
        let all: Vec<&str> = Reason::ALL.iter().map(|r| r.code()).collect();
        de::Error::custom(format!(
            "unknown reason `{s}`, expected one of {}",
            all.join(", ")
        ))
    })
}

/// The fixture files named by `paths`: files as given, folders searched
/// recursively for `*.json`, sorted, so every tool reads a corpus in the
/// same order.
///
/// ```
/// let files = sop_verdict::fixture::fixture_paths(&["/nonexistent".into()]).unwrap_err();
/// assert_eq!(files.message, "no such file or folder");
/// ```
pub fn fixture_paths(paths: &[PathBuf]) -> Result<Vec<PathBuf>, FixtureError> {
    fn collect(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), FixtureError> {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
            .map_err(|e| {
                FixtureError::new(dir, ".", format!("cannot read folder: {}", io_words(&e)))
            })?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        entries.sort();
        for p in entries {
            if p.is_dir() {
                collect(&p, out)?;
            } else if p.extension().is_some_and(|e| e == "json") {
                out.push(p);
            }
        }
        Ok(())
    }
    let mut out = Vec::new();
    for path in paths {
        if path.is_dir() {
            collect(path, &mut out)?;
        } else if path.exists() {
            out.push(path.clone());
        } else {
            return Err(FixtureError::new(path, ".", "no such file or folder"));
        }
    }
    Ok(out)
}

/// A fixture file that cannot be used: where, and what was wrong.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{file}: {path}: {message}{}", scenario.as_ref().map(|n| format!(" (in scenario {n:?})")).unwrap_or_default())]
pub struct FixtureError {
    /// The file.
    pub file: String,
    /// The JSON path (`scenarios[3].request.mode`), or `.` for the whole file.
    pub path: String,
    /// What was expected and what was found.
    pub message: String,
    /// The name of the scenario the error is in, when it has one.
    pub scenario: Option<String>,
}

impl FixtureError {
    /// An error at `path` of `file`.
    pub fn new(file: &Path, path: impl Into<String>, message: impl Into<String>) -> FixtureError {
        FixtureError {
            file: file.display().to_string(),
            path: path.into(),
            message: message.into(),
            scenario: None,
        }
    }

    /// The same error, naming the scenario it is in.
    pub fn in_scenario(mut self, name: Option<&str>) -> FixtureError {
        self.scenario = name.map(str::to_owned);
        self
    }
}

/// An I/O error in words, without the operating system's error number
/// (`no such file or folder`, not `No such file or directory (os error 2)`).
pub fn io_words(e: &std::io::Error) -> String {
    use std::io::ErrorKind::*;
    match e.kind() {
        NotFound => "no such file or folder".to_owned(),
        PermissionDenied => "permission denied".to_owned(),
        IsADirectory => "it is a folder".to_owned(),
        NotADirectory => "a part of the path is not a folder".to_owned(),
        InvalidData => "not UTF-8 text".to_owned(),
        kind => kind.to_string(),
    }
}

impl FixtureFile {
    /// Reads and validates a fixture file.
    pub fn read(path: &Path, limits: &Limits) -> Result<FixtureFile, FixtureError> {
        let meta = std::fs::metadata(path)
            .map_err(|e| FixtureError::new(path, ".", format!("cannot read: {}", io_words(&e))))?;
        if meta.len() > limits.max_file_bytes {
            return Err(FixtureError::new(
                path,
                ".",
                format!(
                    "file is {} bytes; the limit is {} bytes",
                    meta.len(),
                    limits.max_file_bytes
                ),
            ));
        }
        let bytes = std::fs::read(path)
            .map_err(|e| FixtureError::new(path, ".", format!("cannot read: {}", io_words(&e))))?;
        let text = String::from_utf8(bytes).map_err(|e| {
            FixtureError::new(
                path,
                ".",
                format!(
                    "not UTF-8: invalid byte at offset {}",
                    e.utf8_error().valid_up_to()
                ),
            )
        })?;
        FixtureFile::parse(path, &text, limits)
    }

    /// Parses and validates the text of a fixture file; `path` labels errors.
    ///
    /// ```
    /// use sop_verdict::{FixtureFile, Limits};
    /// let text = r#"{"name": "x", "page": "https://a.example/", "request": {"url": "/", "mode": "corz"}}"#;
    /// let err = FixtureFile::parse("f.json".as_ref(), text, &Limits::default()).unwrap_err();
    /// assert_eq!(err.path, "request.mode");
    /// assert!(err.message.contains("unknown value `corz`"), "{}", err.message);
    /// ```
    pub fn parse(path: &Path, text: &str, limits: &Limits) -> Result<FixtureFile, FixtureError> {
        check_input_size(path, text, limits)?;
        if text.trim().is_empty() {
            return Err(FixtureError::new(
                path,
                ".",
                "file is empty: expected a scenario or {\"scenarios\": [...]}",
            ));
        }
        let value: serde_json::Value = serde_json::from_str(text)
            .map_err(|e| FixtureError::new(path, ".", format!("not valid JSON: {e}")))?;
        let single = value.get("scenarios").is_none();
        let scenarios = if single {
            if !value.is_object() {
                return Err(FixtureError::new(
                    path,
                    ".",
                    format!(
                        "expected a scenario object or {{\"scenarios\": [...]}}, found {}",
                        kind_of(&value)
                    ),
                ));
            }
            vec![from_value::<Scenario>(path, &value, "")?]
        } else {
            #[derive(Deserialize)]
            #[serde(deny_unknown_fields)]
            struct Many {
                scenarios: Vec<Scenario>,
            }
            from_value::<Many>(path, &value, "")?.scenarios
        };
        if scenarios.len() > limits.max_scenarios_per_file {
            return Err(FixtureError::new(
                path,
                "scenarios",
                format!(
                    "{} scenarios; the limit is {}",
                    scenarios.len(),
                    limits.max_scenarios_per_file
                ),
            ));
        }
        let file = FixtureFile {
            path: path.to_owned(),
            scenarios,
            single,
        };
        file.validate(limits)?;
        Ok(file)
    }

    /// Parses and validates the text of exactly one scenario object, in one
    /// pass from the text (no intermediate JSON tree): the fast path for
    /// JSON Lines, one scenario per line.
    ///
    /// ```
    /// use sop_verdict::{FixtureFile, Limits};
    /// let line = r#"{"name": "x", "page": "https://a.example/", "request": {"url": "/"}}"#;
    /// let file = FixtureFile::parse_one("line 1".as_ref(), line, &Limits::default()).unwrap();
    /// assert_eq!(file.scenarios[0].name, "x");
    /// let err = FixtureFile::parse_one("line 2".as_ref(), r#"{"name": 1}"#, &Limits::default()).unwrap_err();
    /// assert_eq!(err.path, "name");
    /// ```
    pub fn parse_one(
        path: &Path,
        text: &str,
        limits: &Limits,
    ) -> Result<FixtureFile, FixtureError> {
        let scenario = Scenario::parse_json(text, limits).map_err(|mut e| {
            e.file = path.display().to_string();
            e
        })?;
        Ok(FixtureFile {
            path: path.to_owned(),
            scenarios: vec![scenario],
            single: true,
        })
    }

    /// Reads a scenario that did not parse again, tracking the JSON path, to
    /// report where it went wrong.
    fn parse_one_error(path: &Path, text: &str) -> Result<Scenario, FixtureError> {
        let mut de = serde_json::Deserializer::from_str(text);
        let json_error = |at: String, e: serde_json::Error| match e.classify() {
            // Where the text stops being JSON, the path is known only up to
            // the last key read; `?` (a key not yet read) says nothing, and
            // the message gives the line and column.
            serde_json::error::Category::Syntax | serde_json::error::Category::Eof => {
                // Reading straight from text, serde_json reports some wrong
                // types as syntax (a number where a `mode` name belongs is
                // "expected value"): when the text is JSON, the tree says
                // what was really wrong.
                if let Ok(value) = serde_json::from_str::<serde_json::Value>(text)
                    && let Err(e) = from_value::<Scenario>(path, &value, "")
                {
                    return e;
                }
                let known = at.trim_end_matches('?').trim_end_matches('.');
                let at = if known.is_empty() { "." } else { known };
                FixtureError::new(path, at, format!("not valid JSON: {e}"))
            }
            _ => FixtureError::new(path, at, plain_message(&e)),
        };
        let scenario: Scenario = serde_path_to_error::deserialize(&mut de).map_err(|e| {
            let at = e.path().to_string();
            json_error(at, e.into_inner())
        })?;
        de.end().map_err(|e| json_error(".".to_owned(), e))?;
        Ok(scenario)
    }

    /// The JSON path prefix of scenario `i`.
    pub fn scenario_path(&self, i: usize) -> String {
        if self.single {
            String::new()
        } else {
            format!("scenarios[{i}].")
        }
    }

    fn validate(&self, limits: &Limits) -> Result<(), FixtureError> {
        let mut names = std::collections::HashMap::new();
        for (i, s) in self.scenarios.iter().enumerate() {
            let at = self.scenario_path(i);
            if let Some(first) = names.insert(s.name.as_str(), i) {
                return Err(FixtureError::new(
                    &self.path,
                    format!("{at}name"),
                    format!(
                        "duplicate scenario name {:?} (also scenarios[{first}])",
                        s.name
                    ),
                ));
            }
            crate::validate::scenario(s, limits).map_err(|(p, m)| {
                FixtureError::new(&self.path, format!("{at}{p}"), m).in_scenario(Some(&s.name))
            })?;
        }
        Ok(())
    }
}

impl Scenario {
    /// Parses and validates one scenario object from its JSON text (a line
    /// of JSON Lines). Errors name no file (`file` is empty); the caller
    /// knows where the text came from.
    ///
    /// ```
    /// use sop_verdict::{Limits, Scenario};
    /// let line = r#"{"name": "x", "page": "https://a.example/", "request": {"url": "/"}}"#;
    /// assert_eq!(Scenario::parse_json(line, &Limits::default()).unwrap().name, "x");
    /// let err = Scenario::parse_json(r#"{"name": 1}"#, &Limits::default()).unwrap_err();
    /// assert_eq!((err.file.as_str(), err.path.as_str()), ("", "name"));
    /// ```
    pub fn parse_json(text: &str, limits: &Limits) -> Result<Scenario, FixtureError> {
        let nowhere = Path::new("");
        check_input_size(nowhere, text, limits)?;
        // The fast path: plain serde_json. Only when it fails is the text
        // read again with path tracking, to say where (tracking the path of
        // every value costs about a third of the parse).
        let scenario = match serde_json::from_str::<Scenario>(text) {
            Ok(scenario) => scenario,
            Err(_) => FixtureFile::parse_one_error(nowhere, text)?,
        };
        crate::validate::scenario(&scenario, limits)
            .map_err(|(p, m)| FixtureError::new(nowhere, p, m).in_scenario(Some(&scenario.name)))?;
        Ok(scenario)
    }
}

/// The input size limit, checked before any parsing.
fn check_input_size(path: &Path, text: &str, limits: &Limits) -> Result<(), FixtureError> {
    if text.len() as u64 > limits.max_file_bytes {
        return Err(FixtureError::new(
            path,
            ".",
            format!(
                "input is {} bytes; the limit is {} bytes",
                text.len(),
                limits.max_file_bytes
            ),
        ));
    }
    Ok(())
}

fn from_value<T: serde::de::DeserializeOwned>(
    path: &Path,
    value: &serde_json::Value,
    prefix: &str,
) -> Result<T, FixtureError> {
    serde_path_to_error::deserialize(value).map_err(|e| {
        let at = e.path().to_string();
        // The name of the scenario the error is in, when it has one.
        let scenario = match e.path().iter().next() {
            Some(serde_path_to_error::Segment::Map { key }) if key == "scenarios" => {
                match e.path().iter().nth(1) {
                    Some(serde_path_to_error::Segment::Seq { index }) => {
                        value["scenarios"][*index]["name"].as_str()
                    }
                    _ => None,
                }
            }
            _ => value["name"].as_str(),
        };
        let at = if at == "." {
            prefix.trim_end_matches('.').to_owned()
        } else {
            format!("{prefix}{at}")
        };
        FixtureError::new(
            path,
            if at.is_empty() { ".".to_owned() } else { at },
            plain_message(&e.into_inner()),
        )
        .in_scenario(scenario)
    })
}

/// serde's message in the fixture's words: serde names Rust types
/// (`u16`, `struct Scenario`, `a sequence`), which mean nothing to someone
/// writing JSON. Its messages have a few fixed shapes; those are reworded
/// as `expected X, found Y`, the shape of sop's own checks.
fn plain_message(e: &serde_json::Error) -> String {
    let full = e.to_string();
    // serde_json appends the position when it read from text; keep it.
    let position = if e.line() > 0 {
        format!(" at line {} column {}", e.line(), e.column())
    } else {
        String::new()
    };
    let message = full.strip_suffix(&position).unwrap_or(&full);
    let reworded = if let Some(rest) = message
        .strip_prefix("invalid type: ")
        .or_else(|| message.strip_prefix("invalid value: "))
        && let Some((found, expected)) = rest.rsplit_once(", expected ")
    {
        format!(
            "expected {}, found {}",
            plain_expected(expected),
            plain_found(found)
        )
    } else if let Some(rest) = message.strip_prefix("invalid length ")
        && let Some((n, expected)) = rest.split_once(", expected ")
    {
        // serde reads a struct from an array too, field by field
        // (`struct Expect with 8 elements`): an object is what belongs.
        if let Some((name, _)) = expected.split_once(" with ") {
            return format!(
                "expected {}, found an array{position}",
                plain_expected(name)
            );
        }
        format!(
            "expected {}, found {n} element{}",
            plain_expected(expected),
            if n == "1" { "" } else { "s" }
        )
    } else if let Some(rest) = message.strip_prefix("unknown variant ") {
        format!("unknown value {rest}")
    } else {
        message.to_owned()
    };
    reworded + &position
}

/// What serde expected, in JSON's words. Each Rust type here is read in
/// exactly one kind of field (`u16`: statuses; `f64`: `wait`).
fn plain_expected(expected: &str) -> String {
    match expected {
        "u16" => "a status code, a number from 100 to 999".to_owned(),
        "f64" => "a number of seconds".to_owned(),
        "a sequence" => "an array".to_owned(),
        "a boolean" => "true or false".to_owned(),
        // Enums of names: `mode`, `credentials`, `outcome`, ...
        "string or map" => "a string".to_owned(),
        "a tuple of size 2" | "fewer elements in array" => "a [name, value] pair".to_owned(),
        "struct Scenario" => "a scenario object".to_owned(),
        "struct ScriptRequest" => "a request object".to_owned(),
        "struct ResponseEntry" => "a response object".to_owned(),
        "struct Step" => "a step object".to_owned(),
        "struct Expect" => "an expectation object".to_owned(),
        "struct ExpectedRequest" => "an expected request object".to_owned(),
        other if other.starts_with("struct ") => "an object".to_owned(),
        other => other.to_owned(),
    }
}

/// What serde found (its `Unexpected`), in JSON's words.
fn plain_found(found: &str) -> String {
    let quoted = |prefix: &str| {
        found
            .strip_prefix(prefix)
            .map(|v| v.trim_matches('`').to_owned())
    };
    if let Some(n) = quoted("integer ").or_else(|| quoted("floating point ")) {
        format!("the number {n}")
    } else if let Some(b) = quoted("boolean ") {
        b
    } else {
        match found {
            "map" => "an object".to_owned(),
            "sequence" => "an array".to_owned(),
            "unit value" => "null".to_owned(),
            // `string "x"` and the rest read as they are.
            other => other.replacen("string ", "the string ", 1),
        }
    }
}

fn kind_of(v: &serde_json::Value) -> &'static str {
    match v {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "a boolean",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "an array",
        serde_json::Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error_of(line: &str) -> String {
        match Scenario::parse_json(line, &Limits::default()) {
            Ok(_) => panic!("{line} parsed"),
            Err(e) => format!("{}: {}", e.path, e.message),
        }
    }

    #[test]
    fn text_that_is_not_json_is_placed_at_the_last_key_read() {
        let cases = [
            ("{not json", ".: not valid JSON: key must be a string"),
            (
                r#"{"name": "a", "request": {"url": }}"#,
                "request.url: not valid JSON: expected value",
            ),
            (
                r#"{"name": "a", "request": {"url" 5}}"#,
                "request: not valid JSON: expected `:`",
            ),
            (
                r#"{"name": "a", "request": {"#,
                "request: not valid JSON: EOF while parsing",
            ),
            (
                r#"{"name": "a", "page": "https://a.example/", "request": {"url": "/"}} x"#,
                ".: not valid JSON: trailing characters",
            ),
        ];
        for (line, expected) in cases {
            let error = error_of(line);
            assert!(error.starts_with(expected), "{line}: {error}");
        }
    }

    /// Both ways of reading (a file through a JSON tree, a batch line
    /// straight from the text) give the same plain words.
    #[test]
    fn serde_errors_read_in_json_words() {
        let page = r#""name": "a", "page": "https://a.example/""#;
        let cases = [
            (
                format!(
                    r#"{{{page}, "request": {{"url": "/"}}, "responses": [{{"url": "https://a.example/", "status": "200"}}]}}"#
                ),
                r#"responses[0].status: expected a status code, a number from 100 to 999, found the string "200""#,
            ),
            (
                format!(
                    r#"{{{page}, "request": {{"url": "/"}}, "responses": [{{"url": "https://a.example/", "status": 70000}}]}}"#
                ),
                "responses[0].status: expected a status code, a number from 100 to 999, found the number 70000",
            ),
            (
                format!(r#"{{{page}, "request": 5}}"#),
                "request: expected a request object, found the number 5",
            ),
            (
                format!(r#"{{{page}, "request": {{"url": "/"}}, "responses": {{}}}}"#),
                "responses: expected an array, found an object",
            ),
            (
                format!(r#"{{{page}, "request": {{"url": "/"}}, "responses": [true]}}"#),
                "responses[0]: expected a response object, found true",
            ),
            (
                format!(r#"{{{page}, "request": {{"url": "/", "mode": 5}}}}"#),
                "request.mode: expected a string, found the number 5",
            ),
            (
                format!(r#"{{{page}, "request": {{"url": "/", "mode": "corz"}}}}"#),
                "request.mode: unknown value `corz`, expected one of `cors`",
            ),
            (
                format!(r#"{{{page}, "request": {{"url": "/", "headers": [["a"]]}}}}"#),
                "request.headers[0]: expected a [name, value] pair, found 1 element",
            ),
            (
                format!(r#"{{{page}, "request": {{"url": "/", "upload_listener": "yes"}}}}"#),
                r#"request.upload_listener: expected true or false, found the string "yes""#,
            ),
            (
                format!(r#"{{{page}, "steps": [{{"wait": "1", "request": {{"url": "/"}}}}]}}"#),
                r#"steps[0].wait: expected a number of seconds, found the string "1""#,
            ),
            (
                format!(r#"{{{page}, "request": {{"url": "/"}}, "expect": []}}"#),
                "expect: expected an expectation object, found an array",
            ),
        ];
        for (text, expected) in cases {
            let err = FixtureFile::parse("f.json".as_ref(), &text, &Limits::default())
                .map(|_| ())
                .unwrap_err();
            let from_tree = format!("{}: {}", err.path, err.message);
            let from_text = error_of(&text);
            for got in [from_tree, from_text] {
                assert!(got.starts_with(expected), "{text}\n  {got}");
                for rust in [
                    "struct ", "u16", "f64", "sequence", "variant", "tuple", " map",
                ] {
                    assert!(!got.contains(rust), "{rust:?} in {got}");
                }
            }
        }
        let many = r#"{"scenarios": [5]}"#;
        let err = FixtureFile::parse("f.json".as_ref(), many, &Limits::default()).unwrap_err();
        assert_eq!(
            err.message,
            "expected a scenario object, found the number 5"
        );
    }

    #[test]
    fn an_empty_file_says_it_is_empty() {
        for text in ["", " \n\t"] {
            let err = FixtureFile::parse("f.json".as_ref(), text, &Limits::default()).unwrap_err();
            assert_eq!(
                (err.path.as_str(), err.message.as_str()),
                (
                    ".",
                    r#"file is empty: expected a scenario or {"scenarios": [...]}"#
                )
            );
        }
    }
}
