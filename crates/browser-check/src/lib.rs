//! What the browser check's two binaries share: starting headless
//! Chromium ([`browser`]) and talking to it over the DevTools protocol
//! ([`cdp`]). `sop-browser-check` replays the fixture corpus with them;
//! `sop-playground-check` drives `sop serve`'s page.

#![forbid(unsafe_code)]

pub mod browser;
pub mod cdp;
