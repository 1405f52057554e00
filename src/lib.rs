//! sop: a browser-style same-origin policy simulator.
//!
//! Given the page a script runs in, what the script asks for and how the
//! servers answer, sop says what a real browser does: whether the read is
//! exposed, opaque or blocked, which requests reached the servers, which
//! headers the script may see, why, and what the server would have to send
//! instead.
//!
//! This facade re-exports the libraries the `sop` binary is built from:
//!
//! - [`origin`]: origins, sites, the public suffix list ([`sop_origin`]).
//! - [`fetch`]: the Fetch standard's CORS machinery as a sans-IO state
//!   machine ([`sop_fetch_model`]).
//! - [`verdict`]: fixture scenarios and verdicts ([`sop_verdict`]).
//!
//! ```
//! let a = sop::origin::Origin::of_url_str("https://app.example/").unwrap();
//! let b = sop::origin::Origin::of_url_str("https://api.example/").unwrap();
//! assert!(!a.same_origin(&b));
//! ```

#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub use sop_fetch_model as fetch;
pub use sop_origin as origin;
pub use sop_verdict as verdict;
