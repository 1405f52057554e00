//! The page a scenario's script runs in, and the scripts: one fetch() or
//! XMLHttpRequest exactly as the scenario's request says, or one element
//! inserted as an embed scenario says and then read; each reports what it
//! could read as JSON.

use serde_json::{Value, json};
use sop_verdict::embed::EmbedSpec;
use sop_verdict::fixture::{Api, CredentialsName, ModeName, RedirectName, ScriptRequest};

use crate::resource::MARKER_PROPERTY;

/// The page's HTML. The `data:` icon keeps Chromium from asking for
/// `/favicon.ico`.
pub const HTML: &str = "<!doctype html><meta charset=utf-8><link rel=icon href=\"data:,\"><title>sop browser check</title><p>sop browser check</p>\n";

/// The script, a function of the request's description. It never throws:
/// it resolves to `{kind: "response" | "rejected" | "threw" | "error", ...}`.
const SCRIPT: &str = r#"async (spec) => {
  const fail = (kind, e) => ({kind, error: String(e), errorName: e && e.name ? e.name : null,
                              message: e && typeof e.message === 'string' ? e.message : String(e)});
  if (spec.api === 'xhr') {
    return await new Promise((resolve) => {
      const x = new XMLHttpRequest();
      try {
        x.open(spec.method, spec.url, true);
        if (spec.withCredentials) x.withCredentials = true;
        for (const [name, value] of spec.headers) x.setRequestHeader(name, value);
        if (spec.uploadListener) x.upload.addEventListener('progress', () => {});
      } catch (e) {
        resolve(fail('threw', e));
        return;
      }
      x.onload = () => resolve({
        kind: 'response',
        type: 'xhr',
        status: x.status,
        headerNames: x.getAllResponseHeaders().split('\r\n')
          .filter((line) => line.includes(':'))
          .map((line) => line.slice(0, line.indexOf(':')).trim()),
        body: x.responseText,
        url: x.responseURL,
      });
      x.onerror = () => resolve({kind: 'error', error: 'XMLHttpRequest error event', status: x.status});
      x.onabort = () => resolve({kind: 'error', error: 'XMLHttpRequest abort event', status: x.status});
      x.ontimeout = () => resolve({kind: 'error', error: 'XMLHttpRequest timeout event', status: x.status});
      try {
        x.send(spec.body === null ? null : spec.body);
      } catch (e) {
        resolve(fail('threw', e));
      }
    });
  }
  const init = {method: spec.method, headers: spec.headers, mode: spec.mode,
                credentials: spec.credentials, redirect: spec.redirect};
  if (spec.body !== null) init.body = spec.body;
  let response;
  try {
    response = await fetch(spec.url, init);
  } catch (e) {
    return fail('rejected', e);
  }
  const headerNames = [];
  response.headers.forEach((value, name) => headerNames.push(name));
  let body = null;
  let bodyError = null;
  try { body = await response.text(); } catch (e) { bodyError = String(e); }
  return {kind: 'response', type: response.type, status: response.status, headerNames,
          body, bodyError, url: response.url};
}"#;

/// The description of a script call the script takes.
pub fn spec(request: &ScriptRequest) -> Value {
    json!({
        "api": match request.api { Api::Fetch => "fetch", Api::Xhr => "xhr" },
        "url": request.url,
        "method": request.method,
        "headers": request.headers.0.iter().map(|(n, v)| json!([n, v])).collect::<Vec<_>>(),
        "body": request.body,
        "mode": match request.mode {
            ModeName::Cors => "cors",
            ModeName::NoCors => "no-cors",
            ModeName::SameOrigin => "same-origin",
        },
        "credentials": credentials(request.credentials),
        "withCredentials": request.credentials == CredentialsName::Include,
        "redirect": match request.redirect {
            RedirectName::Follow => "follow",
            RedirectName::Error => "error",
            RedirectName::Manual => "manual",
        },
        "uploadListener": request.upload_listener,
    })
}

fn credentials(c: CredentialsName) -> &'static str {
    match c {
        CredentialsName::Omit => "omit",
        CredentialsName::SameOrigin => "same-origin",
        CredentialsName::Include => "include",
    }
}

/// The expression for `Runtime.evaluate` (with `awaitPromise`): the
/// script applied to the request's description.
pub fn expression(request: &ScriptRequest) -> String {
    format!("({SCRIPT})({})", spec(request))
}

/// How long the embed script waits for an element's `load` or `error`
/// (or a font's `load()`), in milliseconds.
pub const EMBED_WAIT_MS: u64 = 6000;

/// The embed script, a function of the embed's description. It inserts
/// the element (with the `crossorigin` attribute exactly as given, none
/// when absent), waits for it to load or fail, then makes the element's
/// canonical read. It never throws: it resolves to `{event, loaded,
/// readable, errorName, readMessage, scriptErrors, mediaError,
/// contentDocument, unobserved}`. `loaded` is what the page can tell (an
/// iframe's is decided from DevTools' frame tree); `readable` is `null`
/// where the read cannot be observed (a script that threw nothing), and
/// `unobserved` says why when the page could not make a read it should
/// have (a video that drew no frame).
const EMBED_SCRIPT: &str = r#"async (spec) => {
  const r = {event: null, loaded: false, readable: false, errorName: null, readMessage: null,
             scriptErrors: [], mediaError: null, contentDocument: null, unobserved: null};
  const settle = (el, ok, bad) => new Promise((resolve) => {
    const timer = setTimeout(() => resolve('timeout'), spec.wait);
    el.addEventListener(ok, () => { clearTimeout(timer); resolve(ok); }, {once: true});
    if (bad) el.addEventListener(bad, () => { clearTimeout(timer); resolve(bad); }, {once: true});
  });
  const attribute = (el) => { if (spec.crossorigin !== null) el.setAttribute('crossorigin', spec.crossorigin); };
  const read = (f) => {
    try { f(); return true; } catch (e) { r.errorName = e.name; r.readMessage = e.message; return false; }
  };
  // Draws `source` on a 1x1 canvas and reads the pixel back: whether it
  // is not transparent (whether anything was drawn).
  const drawn = (source) => {
    const c = document.createElement('canvas');
    c.width = 1; c.height = 1;
    const x = c.getContext('2d');
    x.drawImage(source, 0, 0);
    return x.getImageData(0, 0, 1, 1).data[3] !== 0;
  };
  const draw = (source) => read(() => drawn(source));
  const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
  // Chromium's drawImage() of a video draws nothing, and so taints nothing,
  // while the player has no frame on the main thread, which can still be so
  // when `loadeddata` fires: the ready state comes from the media thread,
  // the first frame through the compositor thread. The served clips are
  // opaque, so a drawn frame never reads transparent: draw until the read
  // throws or sees the frame; when no frame comes, nothing was observed.
  const drawVideo = async (m) => {
    const deadline = performance.now() + 2000;
    for (;;) {
      let frame = false;
      const ok = read(() => { frame = drawn(m); });
      if (!ok || frame) return ok;
      if (performance.now() > deadline) {
        r.unobserved = 'no video frame was drawn within 2 s of loadeddata';
        return null;
      }
      await pause(10);
    }
  };
  switch (spec.element) {
    case 'img': {
      const img = document.createElement('img');
      attribute(img);
      img.src = spec.url;
      document.body.append(img);
      r.event = await settle(img, 'load', 'error');
      r.loaded = r.event === 'load';
      r.readable = r.loaded && draw(img);
      break;
    }
    case 'video':
    case 'audio': {
      const m = document.createElement(spec.element);
      attribute(m);
      m.muted = true;
      m.preload = 'auto';
      m.src = spec.url;
      document.body.append(m);
      r.event = await settle(m, 'loadeddata', 'error');
      r.loaded = r.event === 'loadeddata';
      if (m.error) r.mediaError = m.error.message || null;
      r.readable = r.loaded && (spec.element === 'audio' || await drawVideo(m));
      break;
    }
    case 'script':
    case 'module-script': {
      const onError = (e) => r.scriptErrors.push(e.message);
      window.addEventListener('error', onError);
      const s = document.createElement('script');
      if (spec.element === 'module-script') s.type = 'module';
      attribute(s);
      s.src = spec.url;
      document.body.append(s);
      r.event = await settle(s, 'load', 'error');
      await pause(50);
      window.removeEventListener('error', onError);
      r.loaded = r.event === 'load';
      r.readable = !r.loaded ? false
        : r.scriptErrors.length === 0 ? null : r.scriptErrors[0] !== 'Script error.';
      break;
    }
    case 'stylesheet': {
      const l = document.createElement('link');
      l.rel = 'stylesheet';
      attribute(l);
      l.href = spec.url;
      document.head.append(l);
      r.event = await settle(l, 'load', 'error');
      r.loaded = getComputedStyle(document.documentElement)
        .getPropertyValue(spec.marker).trim() === 'applied';
      r.readable = r.loaded && l.sheet !== null && read(() => l.sheet.cssRules);
      break;
    }
    case 'font': {
      const face = new FontFace('sop-browser-check', 'url(' + JSON.stringify(spec.url) + ')');
      const timeout = pause(spec.wait).then(() => 'timeout');
      r.event = await Promise.race([face.load().then(() => 'load', (e) => {
        r.errorName = e.name; r.readMessage = e.message; return 'error';
      }), timeout]);
      r.loaded = r.event === 'load';
      r.readable = r.loaded;
      break;
    }
    case 'iframe': {
      const f = document.createElement('iframe');
      f.name = 'sop-browser-check';
      f.src = spec.url;
      document.body.append(f);
      r.event = await settle(f, 'load', null);
      await pause(100);
      r.contentDocument = f.contentDocument !== null;
      r.loaded = null;
      r.readable = r.contentDocument;
      break;
    }
    default:
      r.event = 'unknown element';
  }
  return r;
}"#;

/// The description of an embed the embed script takes.
pub fn embed_spec(embed: &EmbedSpec) -> Value {
    json!({
        "element": embed.element.name(),
        "url": embed.url,
        "crossorigin": embed.crossorigin,
        "wait": EMBED_WAIT_MS,
        "marker": MARKER_PROPERTY,
    })
}

/// The expression for `Runtime.evaluate` (with `awaitPromise`): the embed
/// script applied to the embed's description.
pub fn embed_expression(embed: &EmbedSpec) -> String {
    format!("({EMBED_SCRIPT})({})", embed_spec(embed))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use sop_verdict::{FixtureFile, Limits};

    #[test]
    fn the_spec_says_exactly_what_the_request_says() {
        let text = r#"{"name": "x", "page": "https://app.example/",
            "request": {"api": "xhr", "url": "https://api.example/</script>", "method": "put",
                        "headers": [["X-A", "1"], ["x-a", "2"]], "body": "b",
                        "credentials": "include", "upload_listener": true}}"#;
        let s = FixtureFile::parse("t.json".as_ref(), text, &Limits::default()).unwrap();
        let r = crate::corpus::steps(&s.scenarios[0])[0].request;
        let spec = spec(r);
        assert_eq!(spec["api"], "xhr");
        assert_eq!(spec["method"], "put");
        assert_eq!(spec["headers"], json!([["X-A", "1"], ["x-a", "2"]]));
        assert_eq!(spec["body"], "b");
        assert_eq!(spec["withCredentials"], true);
        assert_eq!(spec["credentials"], "include");
        assert_eq!(spec["uploadListener"], true);
        assert_eq!(spec["mode"], "cors");
        assert_eq!(spec["redirect"], "follow");
        let e = expression(r);
        assert!(e.starts_with("(async (spec) =>"));
        assert!(e.ends_with(&format!("({})", spec)));
    }

    #[test]
    fn no_body_is_null() {
        let text = r#"{"name": "x", "page": "https://app.example/", "request": {"url": "/x"}}"#;
        let s = FixtureFile::parse("t.json".as_ref(), text, &Limits::default()).unwrap();
        let spec = spec(crate::corpus::steps(&s.scenarios[0])[0].request);
        assert_eq!(spec["body"], Value::Null);
        assert_eq!(spec["api"], "fetch");
        assert_eq!(spec["credentials"], "same-origin");
    }

    #[test]
    fn the_embed_spec_keeps_the_attribute_as_written() {
        let text = r#"{"kind": "embed", "name": "x", "page": "https://app.example/",
            "embed": {"element": "module-script", "url": "/m.js", "crossorigin": ""}}"#;
        let s = FixtureFile::parse("t.json".as_ref(), text, &Limits::default()).unwrap();
        let sop_verdict::fixture::Body::Embed(e) = &s.scenarios[0].body else {
            unreachable!("an embed scenario")
        };
        let spec = embed_spec(&e.embed);
        assert_eq!(spec["element"], "module-script");
        assert_eq!(spec["url"], "/m.js");
        assert_eq!(spec["crossorigin"], "");
        assert_eq!(spec["marker"], MARKER_PROPERTY);
        assert!(embed_expression(&e.embed).ends_with(&format!("({spec})")));
    }
}
