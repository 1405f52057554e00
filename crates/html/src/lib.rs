//! The HTML standard's half of the same-origin policy, as a sans-IO library
//! like the fetch machine below it: what an element asks Fetch for, and
//! (as the embed and window kinds land) what script may read of what it
//! loaded, browsing contexts and their origins.
//!
//! - [`cors_settings`]: the CORS settings attribute (`crossorigin`) and its
//!   states;
//! - [`element`]: the elements that embed another origin's resource, and
//!   the request each makes (the standard's "create a potential CORS
//!   request", and the fixed requests of module scripts, fonts and frames);
//! - [`payload`]: what a response's bytes are, as the embed contract
//!   defines them;
//! - [`embed`]: whether the element uses the response and whether script
//!   may read it (tainted canvases, muted errors, `cssRules`, frames);
//! - [`framing`]: `X-Frame-Options` and CSP `frame-ancestors`;
//! - [`document`]: a document's origin (navigated, inherited, opaque,
//!   sandboxed) and its agent cluster;
//! - [`windows`]: one document's script reaching another window through
//!   the cross-origin `WindowProxy` and `Location`, and `postMessage`.
//!
//! ```
//! use sop_fetch_model::{CredentialsMode, Destination, Mode};
//! use sop_html::cors_settings::CorsSetting;
//! use sop_html::element::Element;
//! // <img src=... crossorigin>: the empty value is the anonymous state.
//! let asks = Element::Img.asks(CorsSetting::from_attribute(Some("")));
//! assert_eq!(asks.mode, Mode::Cors);
//! assert_eq!(asks.credentials, CredentialsMode::SameOrigin);
//! assert_eq!(asks.destination, Destination::Image);
//! ```

#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod cors_settings;
pub mod document;
pub mod element;
pub mod embed;
pub mod framing;
pub mod payload;
pub mod windows;
