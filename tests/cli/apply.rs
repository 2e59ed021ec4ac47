//! `sgctl apply` against moto: an empty account and a drifted one converge, with the fewest
//! calls; saved plans apply without a question and are refused when stale; the question
//! needs a terminal and the exact answer `yes`; what sgctl does not own is never touched.

use super::aws::{live, seed_example, with_aws, workdir};
use super::moto::{free_port, moto};
use super::seed::Seeder;
use super::support::sgctl;

use super::apply_support::{calls_made as calls, EXAMPLE};

fn plan_says_no_changes(region: &str, dir: &std::path::Path) {
    let again = live(&[&["plan"][..], &EXAMPLE, &["--detailed-exitcode"]].concat(), region, dir);
    assert_eq!(again.code, 0, "{}{}", again.stdout, again.stderr);
    assert!(again.stdout.ends_with("No changes. Your security groups match the manifests.\n"), "{}", again.stdout);
}

#[test]
fn the_example_applied_to_an_empty_account_converges_with_the_fewest_calls() {
    let region = "eu-central-1";
    let seed = Seeder::new(&moto().endpoint, region);
    let vpc = seed.vpc("10.40.0.0/16");
    let subnet = seed.subnet(&vpc, "10.40.0.0/20", "eu-central-1a", &[("kubernetes.io/role/elb", "1")]);
    let nodes = seed.group(&vpc, "eks-prod-nodes", &[("kubernetes.io/cluster/prod", "owned")]);
    seed.group(&vpc, "payments-lb", &[("Name", "payments-lb")]);
    seed.instance(&subnet, &[&nodes], &[("kubernetes.io/cluster/prod", "owned")]);
    let dir = workdir("apply-empty");
    let applied = live(&[&["apply"][..], &EXAMPLE, &["--auto-approve", "-v"]].concat(), region, &dir);
    assert_eq!(applied.code, 0, "{}{}", applied.stdout, applied.stderr);
    assert!(applied.stdout.contains("security_group.backend: Creating..."), "{}", applied.stdout);
    assert!(
        applied.stdout.contains("security_group.frontend[\"public-apps\"]: Creation complete after "),
        "{}",
        applied.stdout
    );
    assert!(
        applied.stdout.ends_with("Apply complete! Resources: 5 added, 1 changed, 0 destroyed.\n"),
        "{}",
        applied.stdout
    );
    // 5 groups created (4 frontends, the backend); one authorize per group that has rules
    // (the 4 frontends, the node SG); nothing else.
    assert_eq!(calls(&applied.stderr), "AuthorizeSecurityGroupIngress 5, CreateSecurityGroup 5", "{}", applied.stderr);
    plan_says_no_changes(region, &dir);
}

#[test]
fn a_drifted_account_converges_and_what_is_not_ours_stays() {
    let region = "eu-west-3";
    let account = seed_example(region);
    let dir = workdir("apply-drifted");
    let applied = live(&[&["apply"][..], &EXAMPLE, &["--auto-approve", "-v"]].concat(), region, &dir);
    assert_eq!(applied.code, 0, "{}{}", applied.stdout, applied.stderr);
    assert!(applied.stdout.contains("Destruction complete after"), "{}", applied.stdout);
    assert!(
        applied.stdout.ends_with("Apply complete! Resources: 3 added, 2 changed, 1 destroyed.\n"),
        "{}",
        applied.stdout
    );
    assert_eq!(
        calls(&applied.stderr),
        "AuthorizeSecurityGroupIngress 5, CreateSecurityGroup 3, CreateTags 1, DeleteSecurityGroup 1, RevokeSecurityGroupIngress 2, UpdateSecurityGroupRuleDescriptionsIngress 1",
        "{}",
        applied.stderr
    );
    plan_says_no_changes(region, &dir);

    // The rule without the ownership label, and the other cluster's group, are untouched.
    let pulled =
        live(&["state", "pull", "--cluster-name", "prod", "--node-security-group", &account.nodes], region, &dir);
    assert!(pulled.stdout.contains("ssh from the bastion network"), "{}", pulled.stdout);
    let seed = Seeder::new(&moto().endpoint, region);
    let other = seed
        .runtime
        .block_on(
            seed.ec2
                .describe_security_groups()
                .filters(aws_sdk_ec2::types::Filter::builder().name("group-name").values("k8s-other-cluster").build())
                .send(),
        )
        .unwrap();
    assert_eq!(other.security_groups().len(), 1, "another cluster's group is never deleted");
}

#[test]
fn a_saved_plan_applies_without_a_question_and_a_stale_one_is_refused() {
    let region = "eu-north-1";
    let account = seed_example(region);
    let dir = workdir("apply-saved");
    let first = dir.join("first.json");
    let planned = live(&[&["plan"][..], &EXAMPLE, &["--out", first.to_str().unwrap()]].concat(), region, &dir);
    assert_eq!(planned.code, 0, "{}", planned.stderr);

    // The account changes between plan and apply: the saved plan is refused, nothing done.
    let seed = Seeder::new(&moto().endpoint, region);
    seed.authorize(&account.storefront, &[("tcp", 9999, 9999, "192.0.2.0/24", "added meanwhile")]);
    let stale = live(&["apply", first.to_str().unwrap()], region, &dir);
    assert_eq!(stale.code, 1, "{}", stale.stdout);
    assert!(stale.stderr.starts_with("error: Saved plan is stale: the live state changed since "), "{}", stale.stderr);
    assert!(stale.stderr.contains(&format!("security group {} changed", account.storefront)), "{}", stale.stderr);
    assert!(stale.stdout.is_empty());

    // A fresh saved plan applies (no terminal, no --auto-approve needed), then converges.
    let second = dir.join("second.json");
    let planned = live(&[&["plan"][..], &EXAMPLE, &["--out", second.to_str().unwrap()]].concat(), region, &dir);
    assert_eq!(planned.code, 0, "{}", planned.stderr);
    let applied = live(&["apply", second.to_str().unwrap()], region, &dir);
    assert_eq!(applied.code, 0, "{}{}", applied.stdout, applied.stderr);
    assert!(applied.stdout.contains("Apply complete!"), "{}", applied.stdout);
    plan_says_no_changes(region, &dir);
}

#[test]
fn without_a_terminal_apply_needs_auto_approve_and_fails_at_once() {
    let dir = workdir("apply-no-terminal");
    // An endpoint nothing listens on: the refusal comes before any AWS call.
    let endpoint = format!("http://127.0.0.1:{}", free_port());
    let outcome = with_aws(
        sgctl([&["apply"][..], &EXAMPLE, &["--endpoint-url", &endpoint, "--region", "us-east-1"]].concat()),
        &dir,
    )
    .run();
    assert_eq!(outcome.code, 1);
    assert!(outcome.stdout.is_empty());
    assert!(outcome.stderr.contains("standard input is not a terminal: pass --auto-approve"), "{}", outcome.stderr);
}

/// Runs `sgctl apply` in a pseudo-terminal (util-linux `script`), typing `answer`.
fn apply_at_a_terminal(region: &str, dir: &std::path::Path, answer: &str) -> super::support::Outcome {
    let endpoint = &moto().endpoint;
    let command = format!(
        "{} apply examples/manifests --cluster-name prod --endpoint-url {endpoint} --region {region}",
        env!("CARGO_BIN_EXE_sgctl")
    );
    let mut child = std::process::Command::new("script");
    child.args(["-qec", &command, "/dev/null"]).current_dir(super::support::repo_root());
    child.env_clear().env("PATH", std::env::var("PATH").unwrap_or_default());
    for (key, value) in super::moto::aws_env(&dir.join("home")) {
        child.env(key, value);
    }
    let output = {
        use std::io::Write;
        child
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped());
        let mut running = child.spawn().expect("script runs");
        running.stdin.take().unwrap().write_all(answer.as_bytes()).unwrap();
        running.wait_with_output().unwrap()
    };
    super::support::Outcome {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

#[test]
fn at_a_terminal_only_yes_applies() {
    let region = "sa-east-1";
    seed_example(region);
    let dir = workdir("apply-terminal");
    let declined = apply_at_a_terminal(region, &dir, "no\n");
    assert!(declined.stdout.contains("Do you want to perform these actions?"), "{}", declined.stdout);
    assert!(declined.stdout.contains("Apply cancelled."), "{}", declined.stdout);
    assert_eq!(declined.code, 1);
    let unchanged = live(&[&["plan"][..], &EXAMPLE, &["--detailed-exitcode"]].concat(), region, &dir);
    assert_eq!(unchanged.code, 2, "nothing was applied: {}", unchanged.stderr);

    let approved = apply_at_a_terminal(region, &dir, "yes\n");
    assert!(
        approved.stdout.contains("Apply complete! Resources: 3 added, 2 changed, 1 destroyed."),
        "{}",
        approved.stdout
    );
    assert_eq!(approved.code, 0);
    plan_says_no_changes(region, &dir);
}

#[test]
fn narrowing_changes_apply_without_a_question_and_never_never_asks() {
    let region = "ap-northeast-1";
    let account = seed_example(region);
    let dir = workdir("apply-approval");
    // --require-approval never: no terminal needed, nothing asked.
    let applied = live(&[&["apply"][..], &EXAMPLE, &["--require-approval", "never"]].concat(), region, &dir);
    assert_eq!(applied.code, 0, "{}{}", applied.stdout, applied.stderr);
    plan_says_no_changes(region, &dir);

    // Someone opens a port by hand; taking it away only narrows access: at a terminal,
    // the default (broadening) applies it without a question.
    let seed = Seeder::new(&moto().endpoint, region);
    seed.authorize(&account.storefront, &[("tcp", 9999, 9999, "192.0.2.0/24", "by hand")]);
    let narrowed = apply_at_a_terminal(region, &dir, "");
    assert_eq!(narrowed.code, 0, "{}", narrowed.stdout);
    assert!(!narrowed.stdout.contains("Do you want to perform these actions?"), "{}", narrowed.stdout);
    assert!(narrowed.stdout.contains("No change widens access"), "{}", narrowed.stdout);
    assert!(
        narrowed.stdout.contains("Apply complete! Resources: 0 added, 1 changed, 0 destroyed."),
        "{}",
        narrowed.stdout
    );
    plan_says_no_changes(region, &dir);
}

/// Writes `text` as the one manifest of a folder in `dir`; returns the folder.
fn manifests_in(dir: &std::path::Path, text: &str) -> String {
    let folder = dir.join("manifests");
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(folder.join("m.yaml"), text).unwrap();
    folder.display().to_string()
}

#[test]
fn rules_sgctl_cannot_explain_survive_an_apply() {
    // Node rules that cannot be placed (no node in the account): the labelled rule on the
    // cluster's node SG stays while the NLB's own group is created.
    let region = "ap-south-1";
    let seed = Seeder::new(&moto().endpoint, region);
    let vpc = seed.vpc("10.50.0.0/16");
    let nodes = seed.group(&vpc, "eks-prod-nodes", &[("kubernetes.io/cluster/prod", "owned")]);
    let backend = seed.group(
        &vpc,
        "k8s-traffic-prod-6754af9632",
        &[("elbv2.k8s.aws/cluster", "prod"), ("elbv2.k8s.aws/resource", "backend-sg")],
    );
    seed.authorize(&nodes, &[("tcp", 30000, 30100, &backend, "elbv2.k8s.aws/targetGroupBinding=shared")]);
    let dir = workdir("apply-unplaceable");
    let service = "apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: shop, uid: 5a6b7c8d-0000-4000-8000-000000000001}\nspec:\n  type: LoadBalancer\n  loadBalancerClass: service.k8s.aws/nlb\n  ports: [{port: 443, nodePort: 30443}]\n";
    let manifests = manifests_in(&dir, service);
    let applied =
        live(&["apply", &manifests, "--cluster-name", "prod", "--vpc-id", &vpc, "--auto-approve"], region, &dir);
    assert_eq!(applied.code, 0, "{}{}", applied.stdout, applied.stderr);
    assert!(applied.stdout.contains("node-security-groups-unknown"), "{}", applied.stdout);
    let pulled = live(&["state", "pull", "--cluster-name", "prod", "--vpc-id", &vpc], region, &dir);
    assert!(pulled.stdout.contains("\"from_port\": 30000"), "the labelled rule survives: {}", pulled.stdout);

    // A Gateway's SG of the cluster in the account whose Gateway is gone: destroyed like any
    // orphaned managed group, and with no load balancer left the backend SG and the labelled
    // rules on the nodes go too (Gateways are modelled: no transitional rule keeps them).
    let region = "me-south-1";
    let seed = Seeder::new(&moto().endpoint, region);
    let vpc = seed.vpc("10.60.0.0/16");
    let subnet = seed.subnet(&vpc, "10.60.0.0/20", "me-south-1a", &[("kubernetes.io/role/elb", "1")]);
    let nodes = seed.group(&vpc, "eks-prod-nodes", &[("kubernetes.io/cluster/prod", "owned")]);
    seed.instance(&subnet, &[&nodes], &[("kubernetes.io/cluster/prod", "owned")]);
    let backend = seed.group(
        &vpc,
        "k8s-traffic-prod-6754af9632",
        &[("elbv2.k8s.aws/cluster", "prod"), ("elbv2.k8s.aws/resource", "backend-sg")],
    );
    let orphan = seed.group(
        &vpc,
        "k8s-shop-web-1234567890",
        &[
            ("elbv2.k8s.aws/cluster", "prod"),
            ("gateway.k8s.aws.alb/stack", "shop/web"),
            ("gateway.k8s.aws.alb/resource", "ManagedLBSecurityGroup"),
        ],
    );
    seed.authorize(&nodes, &[("tcp", 8080, 8080, &backend, "elbv2.k8s.aws/targetGroupBinding=shared")]);
    let dir = workdir("apply-gateway-gone");
    let manifests =
        manifests_in(&dir, "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings, namespace: shop}\n");
    let applied = live(&["apply", &manifests, "--cluster-name", "prod", "--auto-approve"], region, &dir);
    assert_eq!(applied.code, 0, "{}{}", applied.stdout, applied.stderr);
    assert!(
        applied.stdout.ends_with("Apply complete! Resources: 0 added, 1 changed, 2 destroyed.\n"),
        "{}",
        applied.stdout
    );
    let pulled = live(&["state", "pull", "--cluster-name", "prod"], region, &dir);
    assert!(!pulled.stdout.contains(&orphan), "the orphaned Gateway group goes: {}", pulled.stdout);
    assert!(!pulled.stdout.contains(&backend), "the backend SG goes: {}", pulled.stdout);
}

/// An ALB Gateway and an NLB Gateway applied to an empty account: the managed groups with
/// their stack tags, the backend SG, and the merged node rule; the next plan has no changes.
#[test]
fn a_gateway_plan_applied_converges() {
    let region = "af-south-1";
    let seed = Seeder::new(&moto().endpoint, region);
    let vpc = seed.vpc("10.70.0.0/16");
    let subnet = seed.subnet(&vpc, "10.70.0.0/20", "af-south-1a", &[("kubernetes.io/role/elb", "1")]);
    let nodes = seed.group(&vpc, "eks-prod-nodes", &[("kubernetes.io/cluster/prod", "owned")]);
    seed.instance(&subnet, &[&nodes], &[("kubernetes.io/cluster/prod", "owned")]);
    let dir = workdir("apply-gateways");
    let manifests = manifests_in(&dir, GATEWAYS);
    let args = ["apply", &manifests, "--cluster-name", "prod", "--auto-approve"];
    let applied = live(&args, region, &dir);
    assert_eq!(applied.code, 0, "{}{}", applied.stdout, applied.stderr);
    assert!(
        applied.stdout.contains("security_group.gateway[\"shop/web\"]: Creation complete after "),
        "{}",
        applied.stdout
    );
    assert!(
        applied.stdout.ends_with("Apply complete! Resources: 3 added, 1 changed, 0 destroyed.\n"),
        "{}",
        applied.stdout
    );
    let pulled = live(&["state", "pull", "--cluster-name", "prod"], region, &dir);
    for expected in [
        "\"gateway.k8s.aws.alb/stack\": \"shop/web\"",
        "\"gateway.k8s.aws.nlb/stack\": \"dns/resolver\"",
        "\"from_port\": 30053",
    ] {
        assert!(pulled.stdout.contains(expected), "{expected}: {}", pulled.stdout);
    }
    let again = live(&["plan", &manifests, "--cluster-name", "prod", "--detailed-exitcode"], region, &dir);
    assert_eq!(again.code, 0, "{}{}", again.stdout, again.stderr);
    assert!(again.stdout.ends_with("No changes. Your security groups match the manifests.\n"), "{}", again.stdout);
}

const GATEWAYS: &str = "apiVersion: gateway.networking.k8s.io/v1
kind: GatewayClass
metadata: {name: aws-alb}
spec: {controllerName: gateway.k8s.aws/alb}
---
apiVersion: gateway.networking.k8s.io/v1
kind: GatewayClass
metadata: {name: aws-nlb}
spec: {controllerName: gateway.k8s.aws/nlb}
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: web, namespace: shop, uid: 6f1c2b3a-4d5e-4f60-8a7b-9c0d1e2f3a4b}
spec:
  gatewayClassName: aws-alb
  listeners: [{name: http, protocol: HTTP, port: 80}]
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: web, namespace: shop}
spec:
  parentRefs: [{name: web}]
  rules: [{backendRefs: [{name: web, port: 80}]}]
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec: {type: NodePort, ports: [{port: 80, nodePort: 30080}]}
---
apiVersion: gateway.k8s.aws/v1
kind: LoadBalancerConfiguration
metadata: {name: resolver, namespace: dns}
spec: {sourceRanges: [10.0.0.0/8]}
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: resolver, namespace: dns, uid: 0b9e8c7d-6a5b-4c3d-2e1f-0a9b8c7d6e5f}
spec:
  gatewayClassName: aws-nlb
  infrastructure: {parametersRef: {name: resolver}}
  listeners: [{name: dns, protocol: UDP, port: 53}]
---
apiVersion: gateway.networking.k8s.io/v1
kind: UDPRoute
metadata: {name: resolver, namespace: dns}
spec:
  parentRefs: [{name: resolver}]
  rules: [{backendRefs: [{name: coredns, port: 53}]}]
---
apiVersion: v1
kind: Service
metadata: {name: coredns, namespace: dns}
spec: {type: NodePort, ports: [{port: 53, protocol: UDP, nodePort: 30053}]}
";
