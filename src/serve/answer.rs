//! What the server answers: a status, a content type and a body; and the
//! JSON error every refused request gets, so the page (or a script) can
//! always read why.

use serde_json::{Value, json};

use super::locate::Position;

/// One answer, before the HTTP layer adds the headers every answer has.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reply {
    /// The HTTP status.
    pub status: u16,
    /// The `Content-Type`.
    pub content_type: &'static str,
    /// The body.
    pub body: Vec<u8>,
    /// The `Allow` header of a 405: the methods the path takes.
    pub allow: Option<&'static str>,
}

/// The content type of every JSON answer.
pub const JSON: &str = "application/json; charset=utf-8";

impl Reply {
    /// A 200 with `body`.
    pub fn ok(content_type: &'static str, body: impl Into<Vec<u8>>) -> Reply {
        Reply {
            status: 200,
            content_type,
            body: body.into(),
            allow: None,
        }
    }

    /// A 200 with `value` as JSON.
    pub fn json(value: &Value) -> Reply {
        Reply::ok(JSON, value.to_string())
    }
}

/// Why a request was refused, as the page shows it: the words, and for a
/// scenario that cannot be used, the JSON path, the scenario's name and
/// where in the posted text the path starts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiError {
    /// A 4xx status (5xx only if sop itself failed).
    pub status: u16,
    /// What was wrong.
    pub message: String,
    /// The JSON path in the scenario (`request.mode`; `.` for all of it).
    pub path: Option<String>,
    /// The scenario's name, when it has one.
    pub scenario: Option<String>,
    /// Where the path starts in the posted text.
    pub position: Option<Position>,
}

impl ApiError {
    /// An error with no place in a scenario.
    pub fn new(status: u16, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            message: message.into(),
            path: None,
            scenario: None,
            position: None,
        }
    }

    /// The answer: `{"error": {"status", "message", "path", "scenario",
    /// "line", "column"}}`, with the fields that are known.
    pub fn reply(&self) -> Reply {
        let mut error = json!({"status": self.status, "message": self.message});
        if let Some(path) = &self.path {
            error["path"] = json!(path);
        }
        if let Some(name) = &self.scenario {
            error["scenario"] = json!(name);
        }
        if let Some(p) = self.position {
            error["line"] = json!(p.line);
            error["column"] = json!(p.column);
        }
        Reply {
            status: self.status,
            content_type: JSON,
            body: json!({ "error": error }).to_string().into_bytes(),
            allow: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_error_says_only_what_is_known() {
        let bare = ApiError::new(404, "no such page");
        assert_eq!(
            String::from_utf8_lossy(&bare.reply().body),
            r#"{"error":{"status":404,"message":"no such page"}}"#
        );
        let placed = ApiError {
            path: Some("request.mode".into()),
            scenario: Some("x".into()),
            position: Some(Position { line: 3, column: 7 }),
            ..ApiError::new(422, "unknown value")
        };
        let reply = placed.reply();
        assert_eq!((reply.status, reply.content_type), (422, JSON));
        let body: Value = serde_json::from_slice(&reply.body).unwrap_or_default();
        assert_eq!(
            body["error"],
            json!({"status": 422, "message": "unknown value", "path": "request.mode",
                   "scenario": "x", "line": 3, "column": 7})
        );
    }
}
