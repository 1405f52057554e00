//! Where a JSON path (`responses[0].status`, as a fixture error names it)
//! starts in the text it was read from, so the page can point at the line
//! to change rather than leave the reader to count brackets.

/// A place in the text: line and column, both from 1 (the column counts
/// characters, as an editor does).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Position {
    /// The line, from 1.
    pub line: usize,
    /// The column, from 1.
    pub column: usize,
}

impl Position {
    /// The position of byte `offset` of `text`.
    fn of_offset(text: &str, offset: usize) -> Position {
        let before = text.get(..offset).unwrap_or(text);
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        Position {
            line: before.matches('\n').count() + 1,
            column: before[line_start..].chars().count() + 1,
        }
    }
}

/// One step of a JSON path.
#[derive(Debug, PartialEq, Eq)]
enum Segment {
    Key(String),
    Index(usize),
}

/// The steps of a path as serde_path_to_error writes it: keys joined by
/// `.`, indexes as `[i]`, `.` alone for the whole text. An unknown step
/// (`?`) ends the path: what is known of it is still worth pointing at.
fn segments(path: &str) -> Vec<Segment> {
    let mut out = Vec::new();
    if path == "." {
        return out;
    }
    for part in path.split('.') {
        let (key, mut indexes) = part
            .split_once('[')
            .map_or((part, ""), |(k, rest)| (k, rest));
        if key == "?" {
            return out;
        }
        if !key.is_empty() {
            out.push(Segment::Key(key.to_owned()));
        }
        while let Some((index, rest)) = indexes.split_once(']') {
            match index.parse() {
                Ok(i) => out.push(Segment::Index(i)),
                Err(_) => return out,
            }
            indexes = rest.strip_prefix('[').unwrap_or(rest);
        }
    }
    out
}

/// Where the value at `path` starts in `text`, or, when the text has no
/// such value (a missing field), where the deepest value on the way to it
/// starts. `None` when the text is not JSON this reader can walk.
pub fn locate(text: &str, path: &str) -> Option<Position> {
    let mut scanner = Scanner {
        bytes: text.as_bytes(),
        at: 0,
    };
    scanner.whitespace();
    let mut found = scanner.at;
    for segment in segments(path) {
        match scanner.child(&segment)? {
            Some(start) => found = start,
            None => break,
        }
    }
    Some(Position::of_offset(text, found))
}

/// A cursor over JSON text that skips values without building them.
struct Scanner<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Scanner<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn whitespace(&mut self) {
        while self.peek().is_some_and(|b| b.is_ascii_whitespace()) {
            self.at += 1;
        }
    }

    /// Consumes `byte` (after whitespace), or fails.
    fn expect(&mut self, byte: u8) -> Option<()> {
        self.whitespace();
        (self.peek() == Some(byte)).then(|| self.at += 1)
    }

    /// Moves into the member or element `segment` of the value at the
    /// cursor: `Some(Some(start))` where it starts, `Some(None)` when the
    /// value has no such member, `None` when the text is not JSON.
    fn child(&mut self, segment: &Segment) -> Option<Option<usize>> {
        self.whitespace();
        match (segment, self.peek()) {
            (Segment::Key(wanted), Some(b'{')) => {
                self.at += 1;
                self.whitespace();
                if self.peek() == Some(b'}') {
                    return Some(None);
                }
                loop {
                    self.whitespace();
                    let key = self.string()?;
                    self.expect(b':')?;
                    self.whitespace();
                    if key == *wanted {
                        return Some(Some(self.at));
                    }
                    self.skip_value()?;
                    self.whitespace();
                    match self.peek() {
                        Some(b',') => self.at += 1,
                        Some(b'}') => return Some(None),
                        _ => return None,
                    }
                }
            }
            (Segment::Index(wanted), Some(b'[')) => {
                self.at += 1;
                self.whitespace();
                if self.peek() == Some(b']') {
                    return Some(None);
                }
                for _ in 0..*wanted {
                    self.skip_value()?;
                    self.whitespace();
                    match self.peek() {
                        Some(b',') => self.at += 1,
                        Some(b']') => return Some(None),
                        _ => return None,
                    }
                }
                self.whitespace();
                Some(Some(self.at))
            }
            _ => Some(None),
        }
    }

    /// A string at the cursor, unescaped.
    fn string(&mut self) -> Option<String> {
        let start = self.at;
        self.skip_string()?;
        serde_json::from_slice(&self.bytes[start..self.at]).ok()
    }

    /// Moves past the string at the cursor.
    fn skip_string(&mut self) -> Option<()> {
        self.expect(b'"')?;
        loop {
            match self.peek()? {
                b'\\' => self.at += 2,
                b'"' => {
                    self.at += 1;
                    return Some(());
                }
                _ => self.at += 1,
            }
        }
    }

    /// Moves past the value at the cursor. Nesting is counted, not
    /// recursed into, so no text can exhaust the stack.
    fn skip_value(&mut self) -> Option<()> {
        let mut depth = 0usize;
        loop {
            self.whitespace();
            match self.peek()? {
                b'"' => self.skip_string()?,
                b'{' | b'[' => {
                    depth += 1;
                    self.at += 1;
                }
                b'}' | b']' => {
                    depth = depth.checked_sub(1)?;
                    self.at += 1;
                }
                b',' | b':' if depth > 0 => self.at += 1,
                _ => {
                    // A number, true, false or null: up to the next
                    // delimiter.
                    let rest = &self.bytes[self.at..];
                    let len = rest
                        .iter()
                        .position(|b| b",:]} \t\r\n".contains(b))
                        .unwrap_or(rest.len());
                    if len == 0 {
                        return None;
                    }
                    self.at += len;
                }
            }
            if depth == 0 {
                return Some(());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = r#"{
  "name": "a \"quoted\" name",
  "page": "https://app.example/",
  "request": {"url": "https://api.example/", "mode": "corz"},
  "responses": [
    {"url": "https://api.example/", "headers": {"A": "[{,"}, "status": 200},
    {"url": "https://api.example/", "status": "200"}
  ]
}"#;

    fn at(path: &str) -> Option<(usize, usize)> {
        locate(TEXT, path).map(|p| (p.line, p.column))
    }

    #[test]
    fn finds_members_and_elements() {
        assert_eq!(at("."), Some((1, 1)));
        assert_eq!(at("name"), Some((2, 11)));
        assert_eq!(at("request.mode"), Some((4, 54)));
        assert_eq!(at("responses[0]"), Some((6, 5)));
        // Past a string holding brackets and a comma.
        assert_eq!(at("responses[0].status"), Some((6, 72)));
        assert_eq!(at("responses[1].status"), Some((7, 47)));
    }

    /// A field that is missing, or a step that is not known, points at
    /// the deepest value on the way.
    #[test]
    fn a_missing_value_points_at_its_parent() {
        assert_eq!(at("request.method"), Some((4, 14)));
        assert_eq!(at("responses[5].status"), Some((5, 16)));
        assert_eq!(at("request.?"), Some((4, 14)));
        assert_eq!(at("name.x"), Some((2, 11)));
    }

    #[test]
    fn text_that_is_not_json_is_not_walked() {
        assert_eq!(locate(r#"{"a" 1}"#, "a"), None);
        assert_eq!(locate(r#"{"a": 1 "b": 2}"#, "b"), None);
        assert_eq!(locate("[[[[", "b"), Some(Position { line: 1, column: 1 }));
    }

    #[test]
    fn reads_paths_as_fixture_errors_write_them() {
        use Segment::{Index, Key};
        assert_eq!(segments("."), []);
        assert_eq!(
            segments("scenarios[3].request.headers[0][1]"),
            [
                Key("scenarios".into()),
                Index(3),
                Key("request".into()),
                Key("headers".into()),
                Index(0),
                Index(1)
            ]
        );
        assert_eq!(segments("$schema"), [Key("$schema".into())]);
    }
}
