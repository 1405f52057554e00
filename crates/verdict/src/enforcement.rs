//! How the same-origin policy is applied to an evaluation, and so shown in
//! its verdict: enforced, reported only, or off.

use serde::Serialize;
use sop_fetch_model::SameOriginPolicy;

/// How the same-origin policy is applied: what a harness that simulates a
/// browser chooses (jsdom and happy-dom users ask for exactly this switch).
///
/// - `Enforce`: as the scenario's browser does; the verdict is what it
///   does (the default, and the only mode `sop check` knows: its
///   expectations are Chromium's).
/// - `ReportOnly`: the verdict is the `Enforce` verdict, word for word
///   (outcome, reason, console message, fix, trace, and the requests the
///   browser would send), plus [`crate::Verdict::delivered`]: what the script is
///   handed as if the read were allowed and the requests that really
///   reached the servers to get it, from the same call run with the
///   policy off. A harness reports what a browser would block and why
///   without breaking its test run.
/// - `Off`: the policy switched off, as Chromium's `--disable-web-security`
///   does for fetch() and XMLHttpRequest
///   ([`SameOriginPolicy::Off`]):
///   the verdict is that run's. Mixed content, network errors, the redirect
///   limit, `no-cors`'s opaque response and the script APIs' own throws
///   stay.
///
/// In JSON (`enforcement` in a verdict) they are `enforce`, `report-only`
/// and `off`; a verdict shows the key only when it is not `enforce`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Enforcement {
    /// The policy enforced (the default).
    #[default]
    Enforce,
    /// The enforced verdict, and the response delivered as if allowed.
    ReportOnly,
    /// The policy switched off.
    Off,
}

impl Enforcement {
    /// The JSON name: `enforce`, `report-only` or `off`.
    pub fn as_str(self) -> &'static str {
        match self {
            Enforcement::Enforce => "enforce",
            Enforcement::ReportOnly => "report-only",
            Enforcement::Off => "off",
        }
    }

    /// Whether this is [`Enforcement::Enforce`].
    pub fn is_enforce(&self) -> bool {
        *self == Enforcement::Enforce
    }

    /// The machine's policy for the verdict's own run.
    pub(crate) fn policy(self) -> SameOriginPolicy {
        match self {
            Enforcement::Off => SameOriginPolicy::Off,
            Enforcement::Enforce | Enforcement::ReportOnly => SameOriginPolicy::Enforced,
        }
    }
}
