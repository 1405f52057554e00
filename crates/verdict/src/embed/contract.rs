//! The embed kind's contract: the `embed` object (which element loads what,
//! with which `crossorigin`) and what `expect` may say about it.

use schemars::JsonSchema;
use serde::Deserialize;
use serde::de::{self, Deserializer};
use sop_fetch_model::Reason;
use sop_html::cors_settings::CorsSetting;
use sop_html::element::Element;

use crate::fixture::ExpectedRequest;

/// An embed scenario's body: the element, and what a real browser does.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct EmbedBody {
    /// The element and what it loads.
    pub embed: EmbedSpec,
    /// What a real browser does, when the fixture says.
    pub expect: Option<EmbedExpect>,
}

impl EmbedBody {
    /// An embed body (for embedders that build scenarios in code).
    pub fn new(embed: EmbedSpec, expect: Option<EmbedExpect>) -> EmbedBody {
        EmbedBody { embed, expect }
    }
}

/// The `embed` object.
#[derive(Clone, Debug, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct EmbedSpec {
    /// `img`, `script` (classic), `module-script`, `stylesheet` (`<link
    /// rel=stylesheet>`), `font` (an `@font-face` source), `video`,
    /// `audio` or `iframe`.
    #[serde(deserialize_with = "element")]
    #[schemars(schema_with = "element_schema")]
    pub element: Element,
    /// What it loads: absolute, or relative to the page.
    pub url: String,
    /// The CORS settings attribute as written: absent (no attribute),
    /// `anonymous` (also `""` and any unknown value), `use-credentials`.
    /// Not for `font` or `iframe`.
    #[serde(default)]
    pub crossorigin: Option<String>,
}

impl EmbedSpec {
    /// An `embed` object.
    pub fn new(element: Element, url: impl Into<String>, crossorigin: Option<String>) -> EmbedSpec {
        EmbedSpec {
            element,
            url: url.into(),
            crossorigin,
        }
    }

    /// The attribute's state.
    pub fn setting(&self) -> CorsSetting {
        CorsSetting::from_attribute(self.crossorigin.as_deref())
    }
}

fn element<'de, D: Deserializer<'de>>(d: D) -> Result<Element, D::Error> {
    let s = String::deserialize(d)?;
    Element::ALL
        .into_iter()
        .find(|e| e.name() == s)
        .ok_or_else(|| {
            let names: Vec<&str> = Element::ALL.iter().map(|e| e.name()).collect();
            de::Error::custom(format!(
                "unknown element `{s}`, expected one of {}",
                names.join(", ")
            ))
        })
}

fn element_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    let names: Vec<&str> = Element::ALL.iter().map(|e| e.name()).collect();
    schemars::json_schema!({"type": "string", "enum": names})
}

/// What a real browser does with an embed; only the fields given are
/// checked.
#[derive(Clone, Debug, Default, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct EmbedExpect {
    /// The element used the resource: the image or media loaded, the
    /// script ran, the style sheet applied, the font loaded, the frame
    /// shows the document.
    #[serde(default)]
    pub loaded: Option<bool>,
    /// The canonical read worked: `getImageData` after drawing the image or
    /// video, the script's errors in full, `cssRules`, `contentDocument`.
    #[serde(default)]
    pub readable: Option<bool>,
    /// Why not, when `loaded` or `readable` is false: one code from
    /// docs/reasons.md.
    #[serde(default, deserialize_with = "reason")]
    #[schemars(schema_with = "crate::fixture::reason_schema")]
    pub reason: Option<Reason>,
    /// The requests that reached servers, in order.
    #[serde(default)]
    pub requests: Option<Vec<ExpectedRequest>>,
    /// Chromium's console message, or the read's exception message.
    #[serde(default)]
    pub message: Option<String>,
}

fn reason<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Reason>, D::Error> {
    crate::fixture::reason_code(d).map(Some)
}
