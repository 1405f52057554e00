//! The documentation's examples are real: every fenced block in README.md
//! and docs/*.md that starts with `$ sop ...` is run, and its output must
//! match the block. A line `...` stands for any number of lines left out.
//! `SOP_BLESS=1` rewrites the stale blocks that leave nothing out with the
//! output they now print (check the diff before committing it).

use std::path::{Path, PathBuf};
use std::process::Command;

struct Example {
    file: PathBuf,
    line: usize,
    /// The index of the block's last output line + 1 (its closing fence).
    end: usize,
    command: String,
    expected: Vec<String>,
}

fn examples(file: &Path) -> Vec<Example> {
    let text = std::fs::read_to_string(file).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let starts_block =
            lines[i].starts_with("```") && lines.get(i + 1).is_some_and(|l| l.starts_with("$ "));
        if !starts_block {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        let mut command = lines[j][2..].to_owned();
        while command.ends_with('\\') {
            command.pop();
            j += 1;
            command.push(' ');
            command.push_str(lines[j].trim());
        }
        let mut expected = Vec::new();
        j += 1;
        while j < lines.len() && !lines[j].starts_with("```") {
            expected.push(lines[j].trim_end().to_owned());
            j += 1;
        }
        out.push(Example {
            file: file.to_owned(),
            line: i + 2,
            end: j,
            command,
            expected,
        });
        i = j + 1;
    }
    out
}

/// Whether `actual` shows every segment of `expected` (split at `...`), in
/// order, the first one at the start.
fn matches(expected: &[String], actual: &[String]) -> Result<(), String> {
    let mut pos = 0;
    for (n, segment) in expected.split(|l| l.trim() == "...").enumerate() {
        if segment.is_empty() {
            continue;
        }
        let found = if n == 0 {
            actual.starts_with(segment).then_some(0)
        } else {
            (pos..=actual.len().saturating_sub(segment.len()))
                .find(|&p| actual[p..].starts_with(segment))
        };
        match found {
            Some(p) => pos = p + segment.len(),
            None => {
                return Err(format!(
                    "this part is not in the output:\n{}",
                    segment.join("\n")
                ));
            }
        }
    }
    Ok(())
}

#[test]
fn documented_commands_print_what_the_docs_show() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let bin_dir = Path::new(env!("CARGO_BIN_EXE_sop"))
        .parent()
        .unwrap()
        .to_owned();
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut files = vec![root.join("README.md")];
    let mut docs: Vec<PathBuf> = std::fs::read_dir(root.join("docs"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    docs.sort();
    files.extend(docs);
    let bless = std::env::var_os("SOP_BLESS").is_some();
    let (mut checked, mut failures) = (0, Vec::new());
    for file in &files {
        // Blocks to rewrite: (first output line, end, new lines).
        let mut blessed: Vec<(usize, usize, Vec<String>)> = Vec::new();
        for ex in examples(file) {
            checked += 1;
            let out = Command::new("bash")
                .arg("-c")
                .arg(&ex.command)
                .current_dir(root)
                .env("PATH", &path)
                .env("NO_COLOR", "1")
                .output()
                .unwrap();
            let text = format!(
                "{}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
            let actual: Vec<String> = text.lines().map(|l| l.trim_end().to_owned()).collect();
            if let Err(why) = matches(&ex.expected, &actual) {
                if bless && !ex.expected.iter().any(|l| l.trim() == "...") {
                    let first = ex.end - ex.expected.len();
                    blessed.push((first, ex.end, actual));
                    continue;
                }
                failures.push(format!(
                    "{}:{}: $ {}\n{why}\n--- actual output ---\n{}",
                    ex.file.strip_prefix(root).unwrap_or(&ex.file).display(),
                    ex.line,
                    ex.command,
                    actual.join("\n")
                ));
            }
        }
        if !blessed.is_empty() {
            let text = std::fs::read_to_string(file).unwrap();
            let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
            for (first, end, new) in blessed.into_iter().rev() {
                lines.splice(first..end, new);
            }
            std::fs::write(file, lines.join("\n") + "\n").unwrap();
        }
    }
    println!("{checked} documented commands checked");
    assert!(checked > 0, "no documented commands found");
    assert!(
        failures.is_empty(),
        "{} documented outputs are stale:\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}
