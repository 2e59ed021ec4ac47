//! The command line: exit codes (docs/usage.md), stdin, saved plans, settings sources.

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

fn example_text(color: Option<&str>, env: &[(&str, &str)]) -> String {
    let mut args = example_args("plan", &[]);
    if let Some(color) = color {
        args.extend(["--color".to_string(), color.to_string()]);
    }
    let command = env.iter().fold(sgctl(args), |command, (k, v)| command.env(k, v));
    let outcome = command.run();
    assert_eq!(outcome.code, 0, "{}", outcome.stderr);
    outcome.stdout
}

#[test]
fn colour_only_where_it_is_wanted() {
    let escape = "\x1b[";
    assert!(!example_text(None, &[]).contains(escape), "not a terminal: no colour");
    assert!(example_text(Some("always"), &[]).contains("\x1b[32m"), "--color always");
    assert!(example_text(None, &[("CLICOLOR_FORCE", "1")]).contains(escape), "CLICOLOR_FORCE");
    assert!(!example_text(None, &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")]).contains(escape), "NO_COLOR wins");
    assert!(!example_text(Some("never"), &[("CLICOLOR_FORCE", "1")]).contains(escape), "--color never");
    let json = sgctl(example_args("plan", &["-o", "json", "--color", "always"])).run();
    assert!(!json.stdout.contains(escape), "JSON is never coloured");
}

#[test]
fn a_closed_pipe_ends_quietly() {
    // Far more than a pipe holds, so that the writes really fail once `head` is gone.
    let dir = tempdir("closed-pipe");
    let mut manifests = String::from("apiVersion: networking.k8s.io/v1\nkind: IngressClass\nmetadata: {name: alb}\nspec: {controller: ingress.k8s.aws/alb}\n");
    for i in 0..500 {
        manifests.push_str(&format!(
            "---\napiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {{name: ing-{i}, namespace: ns}}\nspec:\n  ingressClassName: alb\n  defaultBackend: {{service: {{name: svc, port: {{number: 80}}}}}}\n"
        ));
    }
    manifests.push_str("---\napiVersion: v1\nkind: Service\nmetadata: {name: svc, namespace: ns}\nspec: {type: NodePort, ports: [{port: 80, nodePort: 30080}]}\n");
    std::fs::write(dir.join("manifests/big.yaml"), manifests).unwrap();
    let command = format!(
        "{} plan manifests --cluster-name c --state account.json | head -n 1 >/dev/null; echo \"status=${{PIPESTATUS[0]}}\"",
        env!("CARGO_BIN_EXE_sgctl")
    );
    let output = std::process::Command::new("bash")
        .args(["-c", &command])
        .current_dir(&dir)
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&output.stdout), "status=0\n");
    assert!(output.stderr.is_empty(), "{}", String::from_utf8_lossy(&output.stderr));
}

#[test]
fn automation_drops_notes_and_quiet_drops_everything_but_errors() {
    let person = sgctl(example_args("plan", &[])).run();
    assert!(person.stderr.contains("note: this plan was not saved"), "{}", person.stderr);
    for env in ["SGCTL_IN_AUTOMATION", "CI"] {
        let value = if env == "CI" { "true" } else { "1" };
        let automated = sgctl(example_args("plan", &[])).env(env, value).run();
        assert!(automated.stderr.is_empty(), "{env}: {}", automated.stderr);
    }
    let quiet = sgctl(example_args("plan", &["-q"])).run();
    assert!(quiet.stderr.is_empty(), "{}", quiet.stderr);
    let verbose = sgctl(example_args("plan", &["-v"])).run();
    assert!(verbose.stderr.contains("sgctl: read 5 Ingresses, 6 Services"), "{}", verbose.stderr);
    let both = sgctl(example_args("plan", &["-q", "-v"])).run();
    assert_eq!(both.code, 1, "-q and -v contradict each other");
}

#[test]
fn plan_help_shows_examples_and_every_flag_has_help() {
    let help = sgctl(["plan", "--help"]).run();
    assert!(help.stdout.contains("Examples:\n  sgctl plan manifests/"), "{}", help.stdout);
    fn check(command: &clap::Command, path: &str, missing: &mut Vec<String>) {
        for arg in command.get_arguments() {
            if arg.get_help().is_none() && !matches!(arg.get_id().as_str(), "help" | "version") {
                missing.push(format!("{path} {}", arg.get_id()));
            }
        }
        for sub in command.get_subcommands() {
            if sub.get_about().is_none() {
                missing.push(format!("{path} {}", sub.get_name()));
            }
            check(sub, &format!("{path} {}", sub.get_name()), missing);
        }
    }
    let mut missing = Vec::new();
    check(&<sgctl::cli::Cli as clap::CommandFactory>::command(), "sgctl", &mut missing);
    assert!(missing.is_empty(), "without a one-line help: {missing:?}");
}

#[test]
fn fail_on_turns_chosen_findings_into_errors() {
    let refused = sgctl(example_args("plan", &["--fail-on", "wide-port-range,quota-rules-per-group"])).run();
    assert_eq!(refused.code, 1);
    assert!(refused.stdout.contains("Warning: [wide-port-range]"), "the plan is still shown");
    assert!(
        refused.stderr.contains("error: the plan has findings that --fail-on refuses: wide-port-range (1)"),
        "{}",
        refused.stderr
    );
    let passed = sgctl(example_args("plan", &["--fail-on", "world-open-risky-port"])).run();
    assert_eq!(passed.code, 0, "{}", passed.stderr);
    let unknown = sgctl(example_args("plan", &["--fail-on", "open-ports"])).run();
    assert_eq!(unknown.code, 1);
    assert!(unknown.stdout.is_empty());
    assert!(
        unknown.stderr.contains("--fail-on open-ports: no finding has that code; the codes are quota-rules-per-group"),
        "{}",
        unknown.stderr
    );
}

#[test]
fn explain_says_why_each_rule_exists_and_why_others_go() {
    let mut args = vec!["explain".to_string(), "k8s-shop-storefro-4013843665".to_string()];
    args.extend(EXAMPLE.iter().map(|s| s.to_string()));
    let outcome = sgctl(args).run();
    assert_eq!(outcome.code, 0, "{}", outcome.stderr);
    assert!(outcome.stdout.contains(
        "  tcp 443 from 0.0.0.0/0\n      from examples/manifests/10-shop.yaml:2 (Ingress shop/storefront): listen-ports 443; source 0.0.0.0/0: the controller's default"
    ), "{}", outcome.stdout);
    assert!(
        outcome
            .stdout
            .contains("Rules that will be revoked:\n  tcp 8080 from 0.0.0.0/0\n      no manifest asks for it"),
        "{}",
        outcome.stdout
    );

    let mut unknown = vec!["explain".to_string(), "sg-nope".to_string()];
    unknown.extend(EXAMPLE.iter().map(|s| s.to_string()));
    let missing = sgctl(unknown).run();
    assert_eq!(missing.code, 1);
    assert!(missing.stderr.contains("no security group named or with id sg-nope in this plan"), "{}", missing.stderr);
}

#[test]
fn explain_names_the_cluster_export_a_rule_comes_from() {
    let fixture = super::support::repo_root().join("tests/fixtures/cluster-export-beneath-a-teams-manifests");
    let args = ["explain", "nodes", "manifests", "--state", "live.json", "--cluster-name", "cluster-dummy"];
    let outcome = sgctl([&args[..], &["--cluster-export", "export.yaml"]].concat()).in_dir(&fixture).run();
    assert_eq!(outcome.code, 0, "{}", outcome.stderr);
    assert!(
        outcome
            .stdout
            .contains("from export.yaml:25 (Ingress team-b/shop): target group of Service team-b/shop port 443"),
        "{}",
        outcome.stdout
    );
    // Without the export, team b's Ingress is not in the input: its port leaves the range.
    let alone = sgctl(args).in_dir(&fixture).run();
    assert!(!alone.stdout.contains("team-b/shop"), "{}", alone.stdout);
}
