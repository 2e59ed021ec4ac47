//! The command line: exit codes (contracts §4), stdin, saved plans, settings sources.

use super::support::{repo_root, sgctl};

const EXAMPLE: [&str; 5] =
    ["examples/manifests", "--config", "examples/sgctl.yaml", "--state", "examples/snapshot.json"];

fn example_args(command: &str, extra: &[&str]) -> Vec<String> {
    let mut args = vec![command.to_string()];
    args.extend(EXAMPLE.iter().map(|s| s.to_string()));
    args.extend(extra.iter().map(|s| s.to_string()));
    args
}

#[test]
fn usage_errors_exit_1_not_2() {
    let outcome = sgctl(["plan", "--no-such-flag"]).run();
    assert_eq!(outcome.code, 1);
    assert!(outcome.stdout.is_empty());
    assert!(outcome.stderr.contains("--no-such-flag"));
}

#[test]
fn detailed_exitcode_tells_changes_from_no_changes() {
    let changes = sgctl(example_args("plan", &["--detailed-exitcode"])).run();
    assert_eq!(changes.code, 2, "{}", changes.stderr);
    assert!(changes.stdout.ends_with("Plan: 2 to add, 2 to change, 1 to destroy.\n"), "{}", changes.stdout);
    let plain = sgctl(example_args("plan", &[])).run();
    assert_eq!(plain.code, 0);

    // Nothing in the input and nothing of the cluster's in the account: no changes.
    let empty = tempdir("no-changes");
    let outcome =
        sgctl(["plan", "manifests", "--cluster-name", "prod", "--state", "account.json", "--detailed-exitcode"])
            .in_dir(&empty)
            .run();
    assert_eq!(outcome.code, 0, "{}", outcome.stderr);
    assert!(outcome.stdout.ends_with("No changes. Your security groups match the manifests.\n"));
}

#[test]
fn reads_manifests_from_stdin() {
    let manifests = std::fs::read_to_string(repo_root().join("examples/manifests/40-game.yaml")).unwrap();
    let outcome = sgctl(["plan", "-", "--cluster-name", "prod", "--state", "examples/snapshot.json", "-o", "json"])
        .stdin(&manifests)
        .run();
    assert_eq!(outcome.code, 0, "{}", outcome.stderr);
    assert!(outcome.stdout.contains("k8s-games-arena-ab0a4ae121"));
}

#[test]
fn saved_plan_shows_the_same_text() {
    let dir = tempdir("saved-plan");
    let out = dir.join("plan.json");
    let plan = sgctl(example_args("plan", &["--out", out.to_str().unwrap()])).run();
    assert_eq!(plan.code, 0, "{}", plan.stderr);
    let show = sgctl(["show", out.to_str().unwrap()]).run();
    assert_eq!(show.code, 0, "{}", show.stderr);
    assert_eq!(show.stdout, plan.stdout);
    let json = sgctl(["show", out.to_str().unwrap(), "-o", "json"]).run();
    assert_eq!(json.stdout, std::fs::read_to_string(&out).unwrap());
}

#[test]
fn missing_cluster_name_uses_the_controllers_text() {
    let outcome = sgctl(["plan", "examples/manifests", "--state", "examples/snapshot.json"]).run();
    assert_eq!(outcome.code, 1);
    assert_eq!(outcome.stderr, "error: kubernetes cluster name must be specified\n");
}

#[test]
fn environment_supplies_settings_below_flags_and_config() {
    let outcome = sgctl(["plan", "examples/manifests/40-game.yaml", "--state", "examples/snapshot.json", "-o", "json"])
        .env("SGCTL_CLUSTER_NAME", "prod")
        .run();
    assert_eq!(outcome.code, 0, "{}", outcome.stderr);
    assert!(outcome.stdout.contains("\"cluster\": \"prod\""));
}

#[test]
fn unknown_config_key_names_the_nearest() {
    let dir = tempdir("bad-config");
    std::fs::write(dir.join("sgctl.yaml"), "cluster-name: prod\nvpcid: vpc-1\n").unwrap();
    let outcome = sgctl(["plan", "manifests", "--state", "account.json"]).in_dir(&dir).run();
    assert_eq!(outcome.code, 1);
    assert_eq!(outcome.stderr, "error: sgctl.yaml: unknown key \"vpcid\"; did you mean \"vpc-id\"?\n");
}

/// A fresh folder under the target dir with an empty `manifests/` and an empty account.
fn tempdir(name: &str) -> std::path::PathBuf {
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("manifests")).unwrap();
    std::fs::write(dir.join("account.json"), "{\"format_version\":\"1\"}").unwrap();
    dir
}

#[test]
fn verbose_counts_what_was_read_and_skipped() {
    let dir = tempdir("verbose");
    std::fs::write(
        dir.join("manifests/cm.yaml"),
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\napiVersion: v1\nkind: Secret\nmetadata: {name: b}\n",
    )
    .unwrap();
    let outcome =
        sgctl(["plan", "manifests", "--cluster-name", "c", "-v"]).env("SGCTL_STATE", "account.json").in_dir(&dir).run();
    assert_eq!(outcome.code, 0, "{}", outcome.stderr);
    assert!(
        outcome.stderr.contains("skipped 2 objects of kinds sgctl does not model: ConfigMap 1, Secret 1"),
        "{}",
        outcome.stderr
    );
    assert!(outcome.stdout.ends_with("No changes. Your security groups match the manifests.\n"));
}

#[test]
fn a_file_named_twice_is_read_once() {
    let once =
        sgctl(["plan", "examples/manifests", "--config", "examples/sgctl.yaml", "--state", "examples/snapshot.json"])
            .run();
    let twice = sgctl([
        "plan",
        "examples/manifests",
        "examples/manifests/40-game.yaml",
        "examples/manifests/../manifests/10-shop.yaml",
        "--config",
        "examples/sgctl.yaml",
        "--state",
        "examples/snapshot.json",
    ])
    .run();
    assert_eq!(twice.code, 0, "{}", twice.stderr);
    assert_eq!(once.stdout, twice.stdout);
}
