//! The page a scenario's script runs in, and the script: one fetch() or
//! XMLHttpRequest exactly as the scenario's request says, reporting what
//! it could read as JSON.

use serde_json::{Value, json};
use sop_verdict::fixture::{Api, CredentialsName, ModeName, RedirectName, ScriptRequest};

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
}
