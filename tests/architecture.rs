//! The stages of `src/` form a chain (docs/development.md): each may use only the stages
//! below it. This reads every `crate::…` path in the code of `src/` (comments left out) and
//! fails on a use the chain forbids, and on I/O or async where the pure core must have none.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// What each stage may use, besides itself. `cli` may use everything; nothing may use it.
const ALLOWED: &[(&str, &[&str])] = &[
    ("sg", &[]),
    ("go", &[]),
    ("settings", &["go", "sg"]),
    ("manifest", &[]),
    ("ec2", &["sg"]),
    ("model", &["go", "manifest", "settings", "sg"]),
    ("state", &["ec2", "sg"]),
    ("plan", &["manifest", "model", "settings", "sg", "state"]),
    ("document", &["model", "plan", "sg", "state"]),
    ("render", &["document", "model", "plan", "sg"]),
    ("pipeline", &["ec2", "manifest", "model", "plan", "settings", "sg", "state"]),
    ("aws", &["ec2", "sg"]),
    ("apply", &["document", "ec2", "manifest", "pipeline", "plan", "settings", "sg", "state"]),
];

/// Text the pure stages must not contain: file and network I/O, async code.
const IMPURE: &[&str] = &["std::fs", "std::net", "tokio", "async fn", ".await", "std::io::stdin", "std::io::stdout"];
const PURE: &[&str] = &["go", "settings", "model", "plan", "document", "render"];

fn rust_files(dir: &Path, found: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, found);
        } else if path.extension().is_some_and(|extension| extension == "rs") {
            found.push(path);
        }
    }
}

/// The stage a file belongs to: `src/plan/diff/mod.rs` is `plan`, `src/go.rs` is `go`.
fn stage_of(src: &Path, file: &Path) -> String {
    let relative = file.strip_prefix(src).unwrap();
    let first = relative.components().next().unwrap().as_os_str().to_string_lossy().to_string();
    first.trim_end_matches(".rs").to_string()
}

/// The code of a file without its comments (line comments and doc comments).
fn code(text: &str) -> String {
    text.lines()
        .map(|line| match line.find("//") {
            // A `//` inside a string (a URL) is not a comment: after an odd number of quotes.
            Some(at) if line[..at].matches('"').count() % 2 == 0 => &line[..at],
            _ => line,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every stage a piece of code names through `crate::` (grouped `crate::{a, b::c}` included).
fn used_stages(code: &str) -> BTreeSet<String> {
    let ident = |text: &str| -> String { text.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect() };
    let mut used = BTreeSet::new();
    for piece in code.split("crate::").skip(1) {
        if let Some(group) = piece.strip_prefix('{') {
            let mut depth = 0;
            let mut start = true;
            for (index, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => start = true,
                    c if start && !c.is_whitespace() => {
                        used.insert(ident(&group[index..]));
                        start = false;
                    }
                    _ => {}
                }
            }
        } else {
            used.insert(ident(piece));
        }
    }
    used.retain(|stage| !stage.is_empty());
    used
}

#[test]
fn stages_use_only_the_stages_below_them() {
    let src = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src");
    let allowed: BTreeMap<&str, &[&str]> = ALLOWED.iter().copied().collect();
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    let mut forbidden = Vec::new();
    for file in &files {
        let stage = stage_of(&src, file);
        let code = code(&std::fs::read_to_string(file).unwrap());
        let shown = file.strip_prefix(&src).unwrap().display();
        for used in used_stages(&code) {
            let ok = match (stage.as_str(), allowed.get(stage.as_str())) {
                (_, _) if used == stage => true,
                ("cli" | "lib" | "main", _) => true,
                (_, Some(below)) => below.contains(&used.as_str()),
                (_, None) => false,
            };
            if !ok || (used == "cli" && stage != "cli" && stage != "lib" && stage != "main") {
                forbidden.push(format!("src/{shown} ({stage}) uses crate::{used}"));
            }
        }
        if PURE.contains(&stage.as_str()) {
            for word in IMPURE.iter().filter(|word| code.contains(**word)) {
                forbidden.push(format!("src/{shown} ({stage}) has {word:?}: the pure core does no I/O and no async"));
            }
        }
    }
    assert!(files.len() > 50, "{} files read", files.len());
    assert!(forbidden.is_empty(), "uses the chain forbids:\n  {}", forbidden.join("\n  "));
}

#[test]
fn the_reader_finds_every_kind_of_use() {
    let code = code(
        "use crate::sg::Rule;\nuse crate::{model::Desired, plan::{Plan, Change}};\nlet x = crate::state::read(a); // crate::cli\n",
    );
    let used: Vec<String> = used_stages(&code).into_iter().collect();
    assert_eq!(used, ["model", "plan", "sg", "state"]);
}
