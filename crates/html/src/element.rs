//! The elements that embed another origin's resource, and the request each
//! one makes: its mode, credentials mode and destination.
//!
//! img, classic script, `<link rel=stylesheet>`, video and audio go through
//! the standard's "create a potential CORS request", driven by their CORS
//! settings attribute; a module script is always fetched in cors mode; a
//! web font always in cors mode with same-origin credentials (CSS Fonts:
//! the `crossorigin` attribute does not apply); an iframe navigates.

use sop_fetch_model::anchor;
use sop_fetch_model::metadata::{dest_value, mode_value};
use sop_fetch_model::{CredentialsMode, Decision, Destination, Mode, Trace};

use crate::cors_settings::CorsSetting;

/// An element that loads a resource, as the embed kind names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Element {
    /// `<img>`.
    Img,
    /// A classic `<script src>`.
    Script,
    /// `<script type=module src>`.
    ModuleScript,
    /// `<link rel=stylesheet>`.
    Stylesheet,
    /// A web font: an `@font-face` source the page's text uses.
    Font,
    /// `<video>`.
    Video,
    /// `<audio>`.
    Audio,
    /// `<iframe>`.
    Iframe,
}

/// What an element asks Fetch for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Asks {
    /// The request's mode.
    pub mode: Mode,
    /// The request's credentials mode.
    pub credentials: CredentialsMode,
    /// The request's destination.
    pub destination: Destination,
}

impl Element {
    /// Every element, in the contract's order.
    pub const ALL: [Element; 8] = [
        Element::Img,
        Element::Script,
        Element::ModuleScript,
        Element::Stylesheet,
        Element::Font,
        Element::Video,
        Element::Audio,
        Element::Iframe,
    ];

    /// The contract's name: `img`, `script`, `module-script`,
    /// `stylesheet`, `font`, `video`, `audio`, `iframe`.
    pub fn name(self) -> &'static str {
        match self {
            Element::Img => "img",
            Element::Script => "script",
            Element::ModuleScript => "module-script",
            Element::Stylesheet => "stylesheet",
            Element::Font => "font",
            Element::Video => "video",
            Element::Audio => "audio",
            Element::Iframe => "iframe",
        }
    }

    /// Whether the element has a CORS settings attribute at all (a font's
    /// request and a frame's navigation are fixed).
    pub fn takes_crossorigin(self) -> bool {
        !matches!(self, Element::Font | Element::Iframe)
    }

    /// The request's destination.
    pub fn destination(self) -> Destination {
        match self {
            Element::Img => Destination::Image,
            Element::Script | Element::ModuleScript => Destination::Script,
            Element::Stylesheet => Destination::Style,
            Element::Font => Destination::Font,
            Element::Video => Destination::Video,
            Element::Audio => Destination::Audio,
            Element::Iframe => Destination::Iframe,
        }
    }

    /// What the element asks for with its `crossorigin` attribute in state
    /// `setting` (ignored by a font and an iframe).
    pub fn asks(self, setting: CorsSetting) -> Asks {
        let destination = self.destination();
        let (mode, credentials) = match self {
            // Create a potential CORS request 1-4.
            Element::Img
            | Element::Script
            | Element::Stylesheet
            | Element::Video
            | Element::Audio => potential_cors_request(setting),
            // A module script is always fetched in cors mode; its
            // credentials mode is the attribute's ("same-origin" without
            // one).
            Element::ModuleScript => (
                Mode::Cors,
                match setting {
                    CorsSetting::UseCredentials => CredentialsMode::Include,
                    CorsSetting::NoCors | CorsSetting::Anonymous => CredentialsMode::SameOrigin,
                },
            ),
            // CSS Fonts: font requests are cors with same-origin
            // credentials, whatever the page writes.
            Element::Font => (Mode::Cors, CredentialsMode::SameOrigin),
            // A frame's document is a navigation.
            Element::Iframe => (Mode::Navigate, CredentialsMode::Include),
        };
        Asks {
            mode,
            credentials,
            destination,
        }
    }

    /// [`Element::asks`], recording the decision in `trace`.
    pub fn asks_traced(self, setting: CorsSetting, trace: &mut Trace) -> Asks {
        let asks = self.asks(setting);
        let step_anchor = if self.takes_crossorigin() {
            anchor::CREATE_POTENTIAL_CORS_REQUEST
        } else {
            anchor::CORS_SETTINGS_ATTRIBUTE
        };
        trace.push(
            step_anchor,
            "what the element asks for",
            Decision::Note,
            || {
                let attribute = match (self.takes_crossorigin(), setting.keyword()) {
                    (false, _) => "no crossorigin attribute applies".to_owned(),
                    (true, None) => "no crossorigin attribute".to_owned(),
                    (true, Some(keyword)) => format!("crossorigin {keyword}"),
                };
                let credentials = match asks.credentials {
                    CredentialsMode::Omit => "omit",
                    CredentialsMode::SameOrigin => "same-origin",
                    CredentialsMode::Include => "include",
                };
                format!(
                    "{} with {attribute}: mode {}, credentials {credentials}, destination {}",
                    self.name(),
                    mode_value(asks.mode),
                    dest_value(asks.destination)
                )
            },
        );
        asks
    }
}

/// Create a potential CORS request, steps 1-4: the mode and credentials
/// mode a CORS settings attribute state asks for.
/// <https://html.spec.whatwg.org/multipage/urls-and-fetching.html#create-a-potential-cors-request>
fn potential_cors_request(setting: CorsSetting) -> (Mode, CredentialsMode) {
    // Create a potential CORS request 1. No CORS: no-cors mode; else cors.
    let mode = match setting {
        CorsSetting::NoCors => Mode::NoCors,
        CorsSetting::Anonymous | CorsSetting::UseCredentials => Mode::Cors,
    };
    // Create a potential CORS request 3-4. Credentials always, except
    // same-origin only for the anonymous state. (Step 2, the same-origin
    // fallback flag, is for `<track>`, not one of these elements.)
    let credentials = match setting {
        CorsSetting::Anonymous => CredentialsMode::SameOrigin,
        CorsSetting::NoCors | CorsSetting::UseCredentials => CredentialsMode::Include,
    };
    (mode, credentials)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The draft contract's table ("What each element asks for"), row by
    /// row: no attribute, anonymous, use-credentials.
    #[test]
    fn each_element_asks_what_the_standard_says() {
        use CredentialsMode::{Include, SameOrigin};
        use Mode::{Cors, Navigate, NoCors};
        let cases = [
            (
                Element::Img,
                [(NoCors, Include), (Cors, SameOrigin), (Cors, Include)],
            ),
            (
                Element::Script,
                [(NoCors, Include), (Cors, SameOrigin), (Cors, Include)],
            ),
            (
                Element::Stylesheet,
                [(NoCors, Include), (Cors, SameOrigin), (Cors, Include)],
            ),
            (
                Element::Video,
                [(NoCors, Include), (Cors, SameOrigin), (Cors, Include)],
            ),
            (
                Element::Audio,
                [(NoCors, Include), (Cors, SameOrigin), (Cors, Include)],
            ),
            (
                Element::ModuleScript,
                [(Cors, SameOrigin), (Cors, SameOrigin), (Cors, Include)],
            ),
            (Element::Font, [(Cors, SameOrigin); 3]),
            (Element::Iframe, [(Navigate, Include); 3]),
        ];
        let settings = [
            CorsSetting::NoCors,
            CorsSetting::Anonymous,
            CorsSetting::UseCredentials,
        ];
        for (element, rows) in cases {
            for (setting, (mode, credentials)) in settings.into_iter().zip(rows) {
                let asks = element.asks(setting);
                assert_eq!(
                    (asks.mode, asks.credentials),
                    (mode, credentials),
                    "{} {setting:?}",
                    element.name()
                );
                assert_eq!(asks.destination, element.destination());
            }
        }
        assert_eq!(Element::ALL.len(), 8);
    }

    #[test]
    fn the_decision_is_traced_with_its_anchor() {
        let mut trace = Trace::new();
        Element::Img.asks_traced(CorsSetting::Anonymous, &mut trace);
        Element::Font.asks_traced(CorsSetting::NoCors, &mut trace);
        let entries = trace.entries();
        assert_eq!(entries[0].anchor, anchor::CREATE_POTENTIAL_CORS_REQUEST);
        assert_eq!(
            entries[0].detail,
            "img with crossorigin anonymous: mode cors, credentials same-origin, destination image"
        );
        assert_eq!(entries[1].anchor, anchor::CORS_SETTINGS_ATTRIBUTE);
        assert!(
            entries[1]
                .detail
                .starts_with("font with no crossorigin attribute applies")
        );
    }
}
