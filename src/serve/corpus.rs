//! The scenarios the page offers to pick from: each file's scenarios, with
//! their names, kinds and JSON as the file writes it (so the reader edits
//! what the fixture says, key order and `expect` included).

use serde_json::{Value, json};
use sop_verdict::FixtureFile;

/// The corpus as `GET /api/corpus` serves it, built once at start-up.
pub struct Corpus {
    /// The JSON body: `{"files": [{"file", "scenarios": [{"name", "kind",
    /// "note", "scenario"}]}]}`.
    json: Vec<u8>,
    /// How many scenarios it offers.
    pub scenarios: usize,
}

impl Corpus {
    /// The scenarios of `files` (read and validated by the fixture
    /// reader). Each file is read once more for its scenarios' JSON text,
    /// which the parsed scenarios no longer hold; a file that changed in
    /// between so that it no longer matches is left out, with a warning.
    pub fn new(files: &[FixtureFile]) -> Corpus {
        let mut listed = Vec::new();
        let mut scenarios = 0;
        for file in files {
            match written(file) {
                Ok(entry) => {
                    scenarios += file.scenarios.len();
                    listed.push(entry);
                }
                Err(why) => eprintln!(
                    "sop: {}: left out of the playground: {why}",
                    file.path.display()
                ),
            }
        }
        let json = json!({ "files": listed }).to_string().into_bytes();
        Corpus { json, scenarios }
    }

    /// The body of `GET /api/corpus`.
    pub fn json(&self) -> &[u8] {
        &self.json
    }
}

/// One file's entry: its scenarios, each beside the JSON it was read from.
fn written(file: &FixtureFile) -> Result<Value, String> {
    let text = std::fs::read_to_string(&file.path).map_err(|e| e.to_string())?;
    let mut value: Value = serde_json::from_str(&text).map_err(|e| e.to_string())?;
    let changed = || "it changed since it was read".to_owned();
    if file.single == value.get("scenarios").is_some() {
        return Err(changed());
    }
    let raw = if file.single {
        // The file's `$schema` points an editor at the schema relative to
        // the file; in the page it points nowhere.
        if let Some(object) = value.as_object_mut() {
            object.remove("$schema");
        }
        vec![value]
    } else {
        match value.get_mut("scenarios").map(Value::take) {
            Some(Value::Array(all)) => all,
            _ => return Err(changed()),
        }
    };
    if raw.len() != file.scenarios.len() {
        return Err(changed());
    }
    let scenarios: Vec<Value> = file
        .scenarios
        .iter()
        .zip(raw)
        .map(|(s, raw)| {
            json!({
                "name": s.name,
                "kind": s.kind(),
                "note": s.note,
                "scenario": raw,
            })
        })
        .collect();
    Ok(json!({
        "file": file.path.display().to_string(),
        "scenarios": scenarios,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use sop_verdict::Limits;

    fn file(name: &str, text: &str) -> FixtureFile {
        let dir = std::env::temp_dir().join(format!("sop-serve-corpus-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("a scratch folder");
        let path = dir.join(name);
        std::fs::write(&path, text).expect("a scratch file");
        FixtureFile::read(&path, &Limits::default()).expect("a valid fixture")
    }

    #[test]
    fn lists_each_scenario_with_the_json_its_file_writes() {
        let many = file(
            "many.json",
            r#"{"scenarios": [
                {"name": "b", "page": "https://a.example/", "request": {"url": "/"}, "note": "n"},
                {"kind": "embed", "name": "a", "page": "https://a.example/",
                 "embed": {"element": "img", "url": "/x.png"}}]}"#,
        );
        let one = file(
            "one.json",
            r#"{"$schema": "../docs/scenario.schema.json", "name": "w", "kind": "window",
                "page": "https://a.example/", "other": {"url": "https://b.example/", "as": "popup"},
                "access": [{"get": "closed"}]}"#,
        );
        let corpus = Corpus::new(&[many, one]);
        assert_eq!(corpus.scenarios, 3);
        let listed: Value = serde_json::from_slice(corpus.json()).expect("JSON");
        let files = listed["files"].as_array().expect("files");
        assert!(
            files[0]["file"]
                .as_str()
                .is_some_and(|f| f.ends_with("many.json"))
        );
        let first = &files[0]["scenarios"][0];
        assert_eq!(
            (first["name"].as_str(), first["kind"].as_str()),
            (Some("b"), Some("fetch"))
        );
        assert_eq!(first["note"], "n");
        // The order the file writes its keys in.
        let keys: Vec<&String> = first["scenario"]
            .as_object()
            .expect("object")
            .keys()
            .collect();
        assert_eq!(keys, ["name", "page", "request", "note"]);
        assert_eq!(files[0]["scenarios"][1]["kind"], "embed");
        let single = &files[1]["scenarios"][0];
        assert_eq!(single["kind"], "window");
        assert_eq!(single["scenario"].get("$schema"), None);
        assert_eq!(single["scenario"]["other"]["as"], "popup");
    }

    #[test]
    fn a_file_that_changed_since_it_was_read_is_left_out() {
        let f = file(
            "changed.json",
            r#"{"name": "x", "page": "https://a.example/", "request": {"url": "/"}}"#,
        );
        std::fs::write(&f.path, r#"{"scenarios": []}"#).expect("rewritten");
        let corpus = Corpus::new(&[f]);
        assert_eq!(corpus.scenarios, 0);
        assert_eq!(corpus.json(), br#"{"files":[]}"#);
    }
}
