//! Offline plan figures and budgets: the whole `sgctl plan -o json` against the generated
//! snapshot at each size, and at the budget size the same objects as one file in three
//! layouts, beside PyYAML's C loader merely parsing the 100 files (the yardstick, measured
//! in the same run, in turns with the plans).
//!
//! Budgets (docs/performance.md): at 20,000 objects, in 100 files, as one `kubectl get -o
//! yaml` List and as one `-o json` List, each plan ≤ 0.3 × the yardstick with peak memory
//! ≤ 300 MB; at 1,000 objects, a plan ≤ 0.1 s.

use super::generate;
use super::measure::{self, megabytes, seconds, Sample};
use super::{Mode, Report};
use std::path::Path;
use std::time::Duration;

/// The size the ratio budgets are set at: 10,000 Ingresses + 10,000 Services.
pub const TARGET_OBJECTS: usize = 20_000;
const SMALL_OBJECTS: usize = 1_000;
const SMALL_LIMIT: Duration = Duration::from_millis(100);
const PEAK_LIMIT: u64 = 300 * 1_000_000;
const SHARE_OF_PYYAML: f64 = 0.3;

const PYYAML: &str = "import sys, yaml\nfor path in sys.argv[1:]:\n    with open(path) as f:\n        for _ in yaml.load_all(f, Loader=yaml.CSafeLoader):\n            pass\n";

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|item| item.to_string()).collect()
}

fn plan_args(manifests: &str, snapshot: &str) -> Vec<String> {
    strings(&["plan", manifests, "--state", snapshot, "--cluster-name", generate::CLUSTER, "-o", "json"])
}

pub fn run(mode: &Mode, work: &Path, report: &mut Report) {
    report.section("Offline plan (`sgctl plan -o json` against a snapshot)");
    report.row(&["objects", "files", "manifest MB", "plan", "peak memory", "µs per object"]);
    let (mut at_budget_size, mut small) = (None, None);
    for &objects in &mode.sizes {
        let cluster = generate::cluster(&work.join(format!("cluster-{objects}")), objects);
        let args = plan_args(&cluster.manifests.display().to_string(), &cluster.snapshot.display().to_string());
        let plan = measure::medians_in_blocks(mode.runs, &mut [&mut || measure::run(&mode.sgctl, &args, &[]).0])[0];
        report.row(&[
            &cluster.objects.to_string(),
            &cluster.files.len().to_string(),
            &format!("{:.1}", cluster.bytes as f64 / 1e6),
            &seconds(plan.wall),
            &megabytes(plan.peak_bytes),
            &format!("{:.1}", plan.wall.as_secs_f64() * 1e6 / cluster.objects as f64),
        ]);
        if cluster.objects == SMALL_OBJECTS {
            small = Some(plan);
        }
        // At the budget size (the smoke run: its last size), the layouts and the yardstick.
        if cluster.objects == TARGET_OBJECTS || (!mode.full && Some(&objects) == mode.sizes.last()) {
            at_budget_size = Some(cluster);
        }
    }
    // Budgets after the table, which a line would cut in two.
    if let Some(plan) = small {
        report.budget(
            "1,000 objects ≤ 0.1 s",
            plan.wall <= SMALL_LIMIT,
            format!("{} (in blocks, after a warm-up run)", seconds(plan.wall)),
        );
    }
    if let Some(cluster) = at_budget_size {
        budgets(mode, work, &cluster, report);
    }
}

/// The plans of the budget size's objects in 100 files and as one file in three layouts, in
/// turns with PyYAML's C loader parsing the 100 files; each plan against its budget.
fn budgets(mode: &Mode, work: &Path, cluster: &generate::Cluster, report: &mut Report) {
    let snapshot = cluster.snapshot.display().to_string();
    let dir = work.join(format!("cluster-{}-one-file", cluster.objects));
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("cannot create {}: {e}", dir.display()));
    let documents = documents(cluster);
    let layouts = [
        (format!("{} files", cluster.files.len()), cluster.manifests.clone(), true),
        ("one YAML List (kubectl get -o yaml)".to_string(), write(&dir, "list.yaml", &yaml_list(&documents)), true),
        ("one JSON List (kubectl get -o json)".to_string(), write(&dir, "list.json", &json_list(&documents)), true),
        (
            "one stream of documents (helm template)".to_string(),
            write(&dir, "stream.yaml", &documents.join("---\n")),
            false,
        ),
    ];
    let args: Vec<Vec<String>> =
        layouts.iter().map(|(_, path, _)| plan_args(&path.display().to_string(), &snapshot)).collect();
    let pyyaml = python_with_yaml().map(|python| {
        let mut args = vec!["-c".to_string(), PYYAML.to_string()];
        args.extend(cluster.files.iter().map(|file| file.display().to_string()));
        (python, args)
    });
    let mut runs: Vec<Box<dyn FnMut() -> Sample + '_>> = args
        .iter()
        .map(|args| Box::new(move || measure::run(&mode.sgctl, args, &[]).0) as Box<dyn FnMut() -> Sample>)
        .collect();
    if let Some((python, args)) = &pyyaml {
        runs.push(Box::new(move || measure::run(python, args, &[]).0));
    }
    let mut measures: Vec<&mut dyn FnMut() -> Sample> =
        runs.iter_mut().map(|run| &mut **run as &mut dyn FnMut() -> Sample).collect();
    let samples = measure::medians_in_turns(mode.runs, &mut measures);
    let yardstick = pyyaml.as_ref().map(|_| samples[layouts.len()]);
    match yardstick {
        Some(pyyaml) => report.figure(
            &format!("yardstick: PyYAML's C loader parsing the {} files", cluster.files.len()),
            format!("{} (CPU {})", seconds(pyyaml.wall), measure::cpu(&pyyaml)),
        ),
        None => report.figure("yardstick", "unknown: python3 with PyYAML's C loader is not installed".into()),
    }
    for ((layout, _, budgeted), sample) in layouts.iter().zip(&samples) {
        let what = format!("{} objects as {layout}", cluster.objects);
        let share = yardstick.map(|pyyaml| sample.wall.as_secs_f64() / pyyaml.wall.as_secs_f64());
        let value = format!(
            "plan {} (CPU {}){}, peak {}",
            seconds(sample.wall),
            measure::cpu(sample),
            share.map(|share| format!(", {share:.2} × the yardstick")).unwrap_or_default(),
            megabytes(sample.peak_bytes)
        );
        if !budgeted {
            report.figure(&what, value);
            continue;
        }
        if let Some(share) = share {
            report.budget(
                &format!("{what}: ≤ {SHARE_OF_PYYAML} × the yardstick"),
                share <= SHARE_OF_PYYAML,
                value.clone(),
            );
        } else {
            report.figure(&what, value.clone());
        }
        if let Some(peak) = sample.peak_bytes {
            report.budget(&format!("{what}: peak memory ≤ 300 MB"), peak <= PEAK_LIMIT, megabytes(Some(peak)));
        }
    }
}

fn write(dir: &Path, name: &str, text: &str) -> std::path::PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
    path
}

/// The documents as one `kind: List`, as `kubectl get -o yaml` writes it.
fn yaml_list(documents: &[String]) -> String {
    let items: String = documents
        .iter()
        .map(|document| {
            // Each document an item: `- ` before its first line, two spaces before the others.
            let indented: Vec<String> = document
                .lines()
                .enumerate()
                .map(|(index, line)| match (index, line.is_empty()) {
                    (0, _) => format!("- {line}\n"),
                    (_, true) => "\n".to_string(),
                    _ => format!("  {line}\n"),
                })
                .collect();
            indented.concat()
        })
        .collect();
    format!("apiVersion: v1\nitems:\n{items}kind: List\nmetadata:\n  resourceVersion: \"\"\n")
}

/// The documents as one JSON List, indented by four spaces as `kubectl get -o json` writes it.
fn json_list(documents: &[String]) -> String {
    use serde::Serialize as _;
    let items: Vec<serde_json::Value> = documents
        .iter()
        .map(|document| serde_yaml_ng::from_str(document).unwrap_or_else(|e| panic!("a generated document: {e}")))
        .collect();
    let list =
        serde_json::json!({"apiVersion": "v1", "items": items, "kind": "List", "metadata": {"resourceVersion": ""}});
    let mut text = Vec::new();
    let formatter = serde_json::ser::PrettyFormatter::with_indent(b"    ");
    list.serialize(&mut serde_json::Serializer::with_formatter(&mut text, formatter)).expect("JSON into memory");
    String::from_utf8(text).expect("JSON is UTF-8") + "\n"
}

/// The documents of the cluster's manifest files, in order, each ending in a newline.
fn documents(cluster: &generate::Cluster) -> Vec<String> {
    let mut documents = Vec::new();
    for file in &cluster.files {
        let text = std::fs::read_to_string(file).unwrap_or_else(|e| panic!("cannot read {}: {e}", file.display()));
        let mut document = String::new();
        for line in text.lines() {
            if line == "---" {
                documents.extend((!document.trim().is_empty()).then(|| std::mem::take(&mut document)));
                document.clear();
            } else {
                document.push_str(line);
                document.push('\n');
            }
        }
        documents.extend((!document.trim().is_empty()).then_some(document));
    }
    documents
}

/// `python3` when it has PyYAML built with libyaml.
fn python_with_yaml() -> Option<String> {
    let output = std::process::Command::new("python3").args(["-c", "import yaml; yaml.CSafeLoader"]).output().ok()?;
    output.status.success().then(|| "python3".to_string())
}
