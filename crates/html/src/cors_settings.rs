//! The CORS settings attribute: `crossorigin` on img, script, link, video
//! and audio. <https://html.spec.whatwg.org/multipage/urls-and-fetching.html#cors-settings-attribute>

/// The states of a CORS settings attribute.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum CorsSetting {
    /// No attribute (the missing value default): a no-cors request.
    #[default]
    NoCors,
    /// `anonymous`, the empty string, or any value that is not a keyword
    /// (the invalid value default): cors, credentials only same-origin.
    Anonymous,
    /// `use-credentials`: cors, credentials always.
    UseCredentials,
}

impl CorsSetting {
    /// The state of an attribute as written: `None` when the element has no
    /// `crossorigin` attribute. The keywords match ASCII case-insensitively,
    /// as an enumerated attribute's do.
    ///
    /// ```
    /// use sop_html::cors_settings::CorsSetting;
    /// assert_eq!(CorsSetting::from_attribute(None), CorsSetting::NoCors);
    /// assert_eq!(CorsSetting::from_attribute(Some("USE-Credentials")), CorsSetting::UseCredentials);
    /// assert_eq!(CorsSetting::from_attribute(Some("bogus")), CorsSetting::Anonymous);
    /// ```
    pub fn from_attribute(value: Option<&str>) -> CorsSetting {
        match value {
            // The missing value default.
            None => CorsSetting::NoCors,
            Some(v) if v.eq_ignore_ascii_case("use-credentials") => CorsSetting::UseCredentials,
            // `anonymous`, the empty string (its keyword too), and the
            // invalid value default.
            Some(_) => CorsSetting::Anonymous,
        }
    }

    /// The keyword a fixture writes for this state (`None` for no attribute).
    pub fn keyword(self) -> Option<&'static str> {
        match self {
            CorsSetting::NoCors => None,
            CorsSetting::Anonymous => Some("anonymous"),
            CorsSetting::UseCredentials => Some("use-credentials"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_value_maps_to_its_state() {
        let cases = [
            (None, CorsSetting::NoCors),
            (Some(""), CorsSetting::Anonymous),
            (Some("anonymous"), CorsSetting::Anonymous),
            (Some("ANONYMOUS"), CorsSetting::Anonymous),
            (Some("use-credentials"), CorsSetting::UseCredentials),
            (Some("Use-Credentials"), CorsSetting::UseCredentials),
            // Not keywords: the invalid value default, never use-credentials.
            (Some("use-credential"), CorsSetting::Anonymous),
            (Some(" use-credentials"), CorsSetting::Anonymous),
            (Some("true"), CorsSetting::Anonymous),
        ];
        for (value, state) in cases {
            assert_eq!(CorsSetting::from_attribute(value), state, "{value:?}");
        }
        for state in [CorsSetting::Anonymous, CorsSetting::UseCredentials] {
            assert_eq!(CorsSetting::from_attribute(state.keyword()), state);
        }
    }
}
