//! The window kind's contract: the other document (`other`), the
//! `document.domain` each sets, the page's operations on the other window
//! (`access`), and what `expect` may say of each.

use schemars::JsonSchema;
use serde::Deserialize;
use serde::de::{self, Deserializer};
use sop_fetch_model::Reason;
use sop_html::windows::Relation;

/// A window scenario's body.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct WindowBody {
    /// The other document and how it relates to the page.
    pub other: OtherSpec,
    /// What each document's script sets `document.domain` to when it loads.
    pub document_domain: Option<DocumentDomainSpec>,
    /// What the page's script does to the other window, in order.
    pub access: Vec<AccessSpec>,
    /// What a real browser does.
    pub expect: Option<WindowExpect>,
}

impl WindowBody {
    /// A window body (for embedders that build scenarios in code).
    pub fn new(
        other: OtherSpec,
        document_domain: Option<DocumentDomainSpec>,
        access: Vec<AccessSpec>,
        expect: Option<WindowExpect>,
    ) -> WindowBody {
        WindowBody {
            other,
            document_domain,
            access,
            expect,
        }
    }
}

/// The `other` object.
#[derive(Clone, Debug, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct OtherSpec {
    /// Its URL: absolute, or relative to the page (`about:blank` and
    /// `data:` URLs too).
    #[serde(default)]
    pub url: Option<String>,
    /// For an iframe: its `srcdoc` (instead of `url`).
    #[serde(default)]
    pub srcdoc: Option<String>,
    /// `iframe` (the page embeds it), `popup` (the page opens it),
    /// `parent` (the page is its iframe), `opener` (it opened the page).
    #[serde(rename = "as", deserialize_with = "relation")]
    #[schemars(schema_with = "relation_schema")]
    pub relation: Relation,
    /// For an iframe: its `sandbox` attribute's tokens (`""` for every
    /// restriction).
    #[serde(default)]
    pub sandbox: Option<String>,
    /// For a popup: opened with `noopener` (window.open returns null).
    #[serde(default)]
    pub noopener: bool,
}

fn relation<'de, D: Deserializer<'de>>(d: D) -> Result<Relation, D::Error> {
    let s = String::deserialize(d)?;
    [
        Relation::Iframe,
        Relation::Popup,
        Relation::Parent,
        Relation::Opener,
    ]
    .into_iter()
    .find(|r| r.name() == s)
    .ok_or_else(|| {
        de::Error::custom(format!(
            "unknown relation `{s}`, expected one of iframe, popup, parent, opener"
        ))
    })
}

fn relation_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    schemars::json_schema!({"type": "string", "enum": ["iframe", "popup", "parent", "opener"]})
}

/// `document_domain`: what each document's own script assigns to
/// `document.domain` when it loads, before any access.
#[derive(Clone, Debug, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct DocumentDomainSpec {
    /// The page's assignment.
    #[serde(default)]
    pub page: Option<String>,
    /// The other document's assignment.
    #[serde(default)]
    pub other: Option<String>,
}

/// One operation of `access`: exactly one of `get`, `set` (with `value`)
/// and `call` (with `args`), each a dotted path from the other window.
#[derive(Clone, Debug, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct AccessSpec {
    /// Read this path.
    #[serde(default)]
    pub get: Option<String>,
    /// Assign `value` to this path.
    #[serde(default)]
    pub set: Option<String>,
    /// The value to assign.
    #[serde(default)]
    pub value: Option<serde_json::Value>,
    /// Call this path with `args`.
    #[serde(default)]
    pub call: Option<String>,
    /// The arguments of the call.
    #[serde(default)]
    pub args: Vec<serde_json::Value>,
}

impl AccessSpec {
    /// The operation's word (`get`, `set`, `call`) and its path, when
    /// exactly one is given.
    pub fn op(&self) -> Option<(&'static str, &str)> {
        match (&self.get, &self.set, &self.call) {
            (Some(p), None, None) => Some(("get", p)),
            (None, Some(p), None) => Some(("set", p)),
            (None, None, Some(p)) => Some(("call", p)),
            _ => None,
        }
    }
}

/// What a real browser does: one result per operation, and the origins.
#[derive(Clone, Debug, Default, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct WindowExpect {
    /// One per `access` operation, in order.
    #[serde(default)]
    pub results: Option<Vec<ExpectedResult>>,
    /// The page's origin, serialised (`null` when opaque).
    #[serde(default)]
    pub page_origin: Option<String>,
    /// The other document's origin, serialised.
    #[serde(default)]
    pub other_origin: Option<String>,
    /// What the page's `document.domain` reads after its assignment.
    #[serde(default)]
    pub page_domain: Option<String>,
    /// What the other document's `document.domain` reads after its
    /// assignment.
    #[serde(default)]
    pub other_domain: Option<String>,
    /// What each `document.domain` assignment did.
    #[serde(default)]
    pub document_domain: Option<ExpectedDomains>,
}

/// The `document.domain` assignments of `expect`.
#[derive(Clone, Debug, Default, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct ExpectedDomains {
    /// The page's.
    #[serde(default)]
    pub page: Option<ExpectedResult>,
    /// The other document's.
    #[serde(default)]
    pub other: Option<ExpectedResult>,
}

/// What one operation did; only the fields given are checked.
#[derive(Clone, Debug, Default, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct ExpectedResult {
    /// Completed without an exception.
    #[serde(default)]
    pub allowed: Option<bool>,
    /// The exception's name.
    #[serde(default)]
    pub error: Option<String>,
    /// Why it was refused, dropped or did nothing.
    #[serde(default, deserialize_with = "reason")]
    #[schemars(schema_with = "crate::fixture::reason_schema")]
    pub reason: Option<Reason>,
    /// The exception's message, or the console line.
    #[serde(default)]
    pub message: Option<String>,
    /// What an allowed get read (strings, numbers, booleans, null).
    #[serde(default, deserialize_with = "some_value")]
    pub value: Option<serde_json::Value>,
    /// For postMessage: whether the other document received it.
    #[serde(default)]
    pub delivered: Option<bool>,
    /// For postMessage: the `event.origin` the receiver saw.
    #[serde(default)]
    pub event_origin: Option<String>,
}

/// Any value, `null` included, as given.
fn some_value<'de, D: Deserializer<'de>>(d: D) -> Result<Option<serde_json::Value>, D::Error> {
    serde_json::Value::deserialize(d).map(Some)
}

fn reason<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Reason>, D::Error> {
    crate::fixture::reason_code(d).map(Some)
}
