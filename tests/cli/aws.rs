//! sgctl against a real EC2 emulator (moto), started by the tests. Each test works in its
//! own region of the shared server.

use super::moto::{aws_env, free_port, moto};
use super::seed::Seeder;
use super::support::{sgctl, Outcome, Sgctl};
use std::path::PathBuf;
use std::time::{Duration, Instant};

pub fn workdir(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("aws").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("home")).unwrap();
    dir
}

pub fn with_aws(command: Sgctl, dir: &std::path::Path) -> Sgctl {
    aws_env(&dir.join("home")).iter().fold(command, |command, (k, v)| command.env(k, v))
}

pub fn live(args: &[&str], region: &str, dir: &std::path::Path) -> Outcome {
    let endpoint = &moto().endpoint;
    let mut all: Vec<&str> = args.to_vec();
    all.extend(["--endpoint-url", endpoint, "--region", region]);
    with_aws(sgctl(all), dir).run()
}

/// The example cluster's account, as `examples/snapshot.json` describes it, in moto.
pub struct ExampleAccount {
    pub vpc: String,
    pub nodes: String,
    pub storefront: String,
}

pub fn seed_example(region: &str) -> ExampleAccount {
    let seed = Seeder::new(&moto().endpoint, region);
    let vpc = seed.vpc("10.40.0.0/16");
    let zone = format!("{region}a");
    let subnet = seed.subnet(&vpc, "10.40.0.0/20", &zone, &[("kubernetes.io/role/elb", "1")]);
    seed.subnet(&vpc, "10.40.128.0/19", &zone, &[("kubernetes.io/role/internal-elb", "1")]);
    let nodes = seed.group(&vpc, "eks-prod-nodes", &[("kubernetes.io/cluster/prod", "owned")]);
    let monitoring = seed.group(&vpc, "monitoring-agents", &[("Name", "monitoring-agents")]);
    let backend = seed.group(
        &vpc,
        "k8s-traffic-prod-6754af9632",
        &[("elbv2.k8s.aws/cluster", "prod"), ("elbv2.k8s.aws/resource", "backend-sg")],
    );
    let storefront = seed.group(
        &vpc,
        "k8s-shop-storefro-4013843665",
        &[
            ("elbv2.k8s.aws/cluster", "prod"),
            ("ingress.k8s.aws/stack", "shop/storefront"),
            ("ingress.k8s.aws/resource", "ManagedLBSecurityGroup"),
            ("team", "shop"),
            ("cost-center", "0999"),
        ],
    );
    seed.authorize(&storefront, &[("tcp", 80, 80, "0.0.0.0/0", "public"), ("tcp", 8080, 8080, "0.0.0.0/0", "debug")]);
    let orphan = seed.group(
        &vpc,
        "k8s-legacy-oldsite-5e1d2c3b4a",
        &[
            ("elbv2.k8s.aws/cluster", "prod"),
            ("ingress.k8s.aws/stack", "legacy/old-site"),
            ("ingress.k8s.aws/resource", "ManagedLBSecurityGroup"),
        ],
    );
    seed.authorize(&orphan, &[("tcp", 80, 80, "0.0.0.0/0", "public")]);
    seed.group(&vpc, "payments-lb", &[("Name", "payments-lb")]);
    seed.authorize(
        &nodes,
        &[
            ("tcp", 22, 22, "10.0.0.0/8", "ssh from the bastion network"),
            ("tcp", 30000, 30100, &backend, "elbv2.k8s.aws/targetGroupBinding=shared"),
        ],
    );
    // A group of another cluster, in the same VPC: never read, never touched.
    seed.group(
        &vpc,
        "k8s-other-cluster",
        &[
            ("elbv2.k8s.aws/cluster", "staging"),
            ("ingress.k8s.aws/stack", "shop/storefront"),
            ("ingress.k8s.aws/resource", "ManagedLBSecurityGroup"),
        ],
    );
    seed.instance(&subnet, &[&nodes], &[("kubernetes.io/cluster/prod", "owned")]);
    seed.instance(&subnet, &[&nodes, &monitoring], &[("kubernetes.io/cluster/prod", "owned")]);
    ExampleAccount { vpc, nodes, storefront }
}

#[test]
fn live_plan_equals_the_plan_of_its_pulled_snapshot() {
    let region = "eu-west-1";
    let account = seed_example(region);
    let dir = workdir("live-vs-snapshot");
    let snapshot = dir.join("snapshot.json");
    let snapshot = snapshot.to_str().unwrap();
    let args = ["examples/manifests", "--cluster-name", "prod"];

    let pull = live(&[&["state", "pull"][..], &args, &["-o", snapshot]].concat(), region, &dir);
    assert_eq!(pull.code, 0, "{}", pull.stderr);
    for output in ["text", "json"] {
        let online = live(&[&["plan"][..], &args, &["-o", output]].concat(), region, &dir);
        assert_eq!(online.code, 0, "{}", online.stderr);
        let offline = sgctl([&["plan"][..], &args, &["--state", snapshot, "-o", output]].concat()).run();
        assert_eq!(offline.code, 0, "{}", offline.stderr);
        assert_eq!(online.stdout, offline.stdout, "live and snapshot plans differ ({output})");
    }
    let text = live(&[&["plan"][..], &args].concat(), region, &dir).stdout;
    let header = format!("Cluster: prod    Account: 123456789012    Region: {region}    VPC: {}", account.vpc);
    assert!(text.starts_with(&header), "{text}");
    for expected in [
        "security_group.frontend[\"shop/storefront\"] will be updated in-place",
        "security_group.frontend[\"legacy/old-site\"] will be destroyed",
        "security_group.frontend[\"public-apps\"] will be created",
        &format!("security_group_rules.node[\"{}\"] will be updated in-place", account.nodes),
        "- tcp 8080 from 0.0.0.0/0",
        "- tcp 30000-30100 from k8s-traffic-prod-6754af9632",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in\n{text}");
    }
    assert!(!text.contains("k8s-other-cluster"), "another cluster's group is not ours:\n{text}");
    assert!(!text.contains("ssh from the bastion"), "a rule without the ownership label is not ours");
}

#[test]
fn state_pull_round_trips() {
    let region = "eu-west-2";
    let account = seed_example(region);
    let dir = workdir("pull-round-trip");
    let pull = live(&["state", "pull", "examples/manifests", "--cluster-name", "prod"], region, &dir);
    assert_eq!(pull.code, 0, "{}", pull.stderr);
    let read = sgctl::state::read("pulled", &pull.stdout).expect("a pulled snapshot reads back");
    assert_eq!(sgctl::state::write(&read), pull.stdout);
    assert_eq!(read.account_id.as_deref(), Some("123456789012"));
    assert_eq!(read.region.as_deref(), Some(region));
    assert_eq!(read.vpcs.len(), 1);
    assert_eq!(read.vpcs[0].id, account.vpc);
    assert_eq!(read.network_interfaces.len(), 2);
    assert!(read.network_interfaces.iter().any(|eni| eni.security_groups.len() == 2), "an ENI with two groups");
    let names: Vec<&str> = read.security_groups.iter().map(|g| g.name.as_str()).collect();
    for name in ["payments-lb", "monitoring-agents", "eks-prod-nodes", "k8s-traffic-prod-6754af9632"] {
        assert!(names.contains(&name), "{name} in {names:?}");
    }
    assert!(!names.contains(&"k8s-other-cluster"), "{names:?}");
    // With no PATH, the custom SGs that a cluster export's objects name are read likewise.
    let alone = live(&["state", "pull", "--cluster-name", "prod"], region, &dir);
    assert!(!alone.stdout.contains("\"payments-lb\""), "only what something names is read");
    let export = ["--cluster-export", "examples/manifests/50-payments.yaml"];
    let from_export = live(&[&["state", "pull", "--cluster-name", "prod"][..], &export].concat(), region, &dir);
    assert_eq!(from_export.code, 0, "{}", from_export.stderr);
    assert!(from_export.stdout.contains("\"payments-lb\""), "{}", from_export.stdout);
}

const ONE_INGRESS: &str = "apiVersion: networking.k8s.io/v1\nkind: IngressClass\nmetadata: {name: alb}\nspec: {controller: ingress.k8s.aws/alb}\n---\napiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: web, namespace: shop}\nspec:\n  ingressClassName: alb\n  defaultBackend: {service: {name: web, port: {number: 80}}}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: shop}\nspec:\n  type: NodePort\n  ports: [{port: 80, targetPort: 8080, nodePort: 30080}]\n";

#[test]
fn ambiguous_node_security_groups_give_the_controllers_error() {
    let region = "us-west-1";
    let seed = Seeder::new(&moto().endpoint, region);
    let vpc = seed.vpc("10.1.0.0/16");
    let subnet = seed.subnet(&vpc, "10.1.0.0/24", "us-west-1a", &[]);
    let first = seed.group(&vpc, "nodes-a", &[("kubernetes.io/cluster/amb", "owned")]);
    let second = seed.group(&vpc, "nodes-b", &[("kubernetes.io/cluster/amb", "shared")]);
    seed.instance(&subnet, &[&first, &second], &[("kubernetes.io/cluster/amb", "owned")]);
    let dir = workdir("ambiguous");
    let endpoint = moto().endpoint.clone();
    let outcome = with_aws(
        sgctl(["plan", "-", "--cluster-name", "amb", "--endpoint-url", &endpoint, "--region", region])
            .stdin(ONE_INGRESS),
        &dir,
    )
    .run();
    assert_eq!(outcome.code, 1, "{}", outcome.stdout);
    assert!(outcome.stdout.is_empty());
    let mut ids = [first, second];
    ids.sort();
    let expected = format!("got: [{} {}] (clusterName: amb)", ids[0], ids[1]);
    assert!(
        outcome
            .stderr
            .contains("expected exactly one securityGroup tagged with kubernetes.io/cluster/amb for eni eni-"),
        "{}",
        outcome.stderr
    );
    assert!(outcome.stderr.contains(&expected), "{}", outcome.stderr);
}

#[test]
fn missing_custom_security_groups_give_the_controllers_error() {
    let region = "us-west-2";
    let seed = Seeder::new(&moto().endpoint, region);
    let vpc = seed.vpc("10.2.0.0/16");
    let subnet = seed.subnet(&vpc, "10.2.0.0/24", "us-west-2a", &[]);
    let nodes = seed.group(&vpc, "nodes", &[("kubernetes.io/cluster/cust", "owned")]);
    seed.group(&vpc, "present", &[("Name", "present-lb")]);
    seed.instance(&subnet, &[&nodes], &[("kubernetes.io/cluster/cust", "owned")]);
    let manifest = "apiVersion: v1\nkind: Service\nmetadata:\n  name: gw\n  namespace: pay\n  annotations:\n    service.beta.kubernetes.io/aws-load-balancer-security-groups: sg-0123456789abcdef0, present-lb, missing-lb\nspec:\n  type: LoadBalancer\n  ports: [{port: 443, nodePort: 30443}]\n";
    let dir = workdir("missing-custom");
    let endpoint = moto().endpoint.clone();
    let outcome = with_aws(
        sgctl(["plan", "-", "--cluster-name", "cust", "--endpoint-url", &endpoint, "--region", region]).stdin(manifest),
        &dir,
    )
    .run();
    assert_eq!(outcome.code, 1, "{}", outcome.stdout);
    assert!(
        outcome.stderr.contains("couldn't find all security groups: requested ids [sg-0123456789abcdef0] but found [], requested names [present-lb, missing-lb] but found [present-lb]"),
        "{}",
        outcome.stderr
    );
}

#[test]
fn no_credentials_is_one_quick_line_that_says_how_to_provide_them() {
    let dir = workdir("no-credentials");
    let endpoint = moto().endpoint.clone();
    let started = Instant::now();
    let outcome = sgctl(["plan", "-", "--cluster-name", "c", "--endpoint-url", &endpoint, "--region", "us-east-1"])
        .stdin(ONE_INGRESS)
        .env("HOME", dir.join("home").to_str().unwrap())
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .run();
    assert_eq!(outcome.code, 1);
    assert!(outcome.stdout.is_empty());
    assert!(outcome.stderr.starts_with("error: no AWS credentials found ("), "{}", outcome.stderr);
    assert!(outcome.stderr.contains("--profile NAME (or AWS_PROFILE), AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY"));
    assert_eq!(outcome.stderr.lines().count(), 1, "{}", outcome.stderr);
    assert!(started.elapsed() < Duration::from_secs(5), "took {:?}", started.elapsed());

    let no_region = sgctl(["plan", "-", "--cluster-name", "c"])
        .stdin(ONE_INGRESS)
        .env("HOME", dir.join("home").to_str().unwrap())
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .run();
    assert_eq!(no_region.code, 1);
    assert!(no_region.stderr.starts_with("error: no AWS region: pass --region"), "{}", no_region.stderr);
}

#[test]
fn an_unreachable_endpoint_is_named_with_its_cause() {
    let dir = workdir("unreachable");
    let endpoint = format!("http://127.0.0.1:{}", free_port());
    let outcome = with_aws(
        sgctl(["plan", "-", "--cluster-name", "c", "--endpoint-url", &endpoint, "--region", "us-east-1"])
            .stdin(ONE_INGRESS),
        &dir,
    )
    .run();
    assert_eq!(outcome.code, 1);
    assert!(outcome.stderr.contains(&format!("cannot reach the EC2 endpoint {endpoint}: ")), "{}", outcome.stderr);
}

/// Calls are a function of pages, not of groups (docs/aws.md): with moto's single pages,
/// 2 instance queries + VPC + subnets + 3 tag queries + 1 id query = 8, whatever the count.
#[test]
fn a_plan_of_1500_managed_groups_makes_a_bounded_number_of_calls() {
    let region = "ap-southeast-2";
    let seed = Seeder::new(&moto().endpoint, region);
    let vpc = seed.vpc("10.3.0.0/16");
    let subnet = seed.subnet(&vpc, "10.3.0.0/24", "ap-southeast-2a", &[]);
    let nodes = seed.group(&vpc, "nodes", &[("kubernetes.io/cluster/big", "owned")]);
    seed.instance(&subnet, &[&nodes], &[("kubernetes.io/cluster/big", "owned")]);
    seed.many_groups(&vpc, 1500, |i| {
        vec![
            ("elbv2.k8s.aws/cluster".into(), "big".into()),
            ("service.k8s.aws/stack".into(), format!("ns/svc-{i}")),
            ("service.k8s.aws/resource".into(), "ManagedLBSecurityGroup".into()),
        ]
    });
    let dir = workdir("call-count");
    let outcome = live(&["plan", "-", "--cluster-name", "big", "-v", "-o", "json"], region, &dir);
    let outcome = if outcome.code == 0 { outcome } else { panic!("{}", outcome.stderr) };
    let calls: usize = outcome
        .stderr
        .lines()
        .find_map(|line| line.strip_prefix("sgctl: ")?.split_once(" EC2 requests")?.0.parse().ok())
        .unwrap_or_else(|| panic!("no request count in {}", outcome.stderr));
    assert_eq!(calls, 8, "{}", outcome.stderr);
    let document: serde_json::Value = serde_json::from_str(&outcome.stdout).unwrap();
    assert_eq!(document["summary"]["destroy"], 1500, "the 1,500 orphaned groups are all read");
}

/// A separate moto that enforces IAM after the first three requests, which create a user
/// allowed everything a plan does except DescribeSecurityGroups (AWS CLI, as a user would).
fn limited_user(endpoint: &str, home: &std::path::Path) -> (String, String) {
    let aws = |args: &[&str]| {
        let output = std::process::Command::new("aws")
            .args(args)
            .args(["--endpoint-url", endpoint, "--region", "us-east-1", "--output", "json"])
            .env("AWS_ACCESS_KEY_ID", "test")
            .env("AWS_SECRET_ACCESS_KEY", "test")
            .env("AWS_EC2_METADATA_DISABLED", "true")
            .env("HOME", home)
            .output()
            .expect("the AWS CLI runs (scripts/test installs it)");
        assert!(output.status.success(), "aws {args:?}: {}", String::from_utf8_lossy(&output.stderr));
        String::from_utf8(output.stdout).unwrap()
    };
    aws(&["iam", "create-user", "--user-name", "limited"]);
    let policy = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["ec2:DescribeInstances","ec2:DescribeVpcs","ec2:DescribeSubnets","sts:GetCallerIdentity"],"Resource":"*"}]}"#;
    aws(&["iam", "put-user-policy", "--user-name", "limited", "--policy-name", "almost", "--policy-document", policy]);
    let key: serde_json::Value =
        serde_json::from_str(&aws(&["iam", "create-access-key", "--user-name", "limited"])).unwrap();
    let field = |name: &str| key["AccessKey"][name].as_str().unwrap().to_string();
    (field("AccessKeyId"), field("SecretAccessKey"))
}

#[test]
fn access_denied_names_the_call_and_the_iam_action_and_the_profile_wins() {
    let enforcing = super::moto::start(&[("INITIAL_NO_AUTH_ACTION_COUNT", "3")]).unwrap_or_else(|e| panic!("{e}"));
    let dir = workdir("access-denied");
    let home = dir.join("home");
    let (key, secret) = limited_user(&enforcing.endpoint, &home);
    std::fs::create_dir_all(home.join(".aws")).unwrap();
    std::fs::write(
        home.join(".aws/credentials"),
        format!("[limited]\naws_access_key_id = {key}\naws_secret_access_key = {secret}\n"),
    )
    .unwrap();
    // The environment holds other keys: --profile must win over them.
    let outcome = with_aws(
        sgctl([
            "plan",
            "-",
            "--cluster-name",
            "c",
            "--vpc-id",
            "vpc-12345678",
            "--profile",
            "limited",
            "--endpoint-url",
            &enforcing.endpoint,
            "--region",
            "us-east-1",
        ])
        .stdin(ONE_INGRESS),
        &dir,
    )
    .run();
    assert_eq!(outcome.code, 1, "{}", outcome.stdout);
    assert!(outcome.stdout.is_empty());
    assert!(
        outcome.stderr.starts_with(
            "error: access denied for DescribeSecurityGroups: the credentials need the IAM permission ec2:DescribeSecurityGroups ("
        ),
        "{}",
        outcome.stderr
    );
    assert!(outcome.stderr.contains("user/limited"), "the profile's credentials were used: {}", outcome.stderr);
    assert!(outcome.stderr.contains("docs/aws.md lists the minimal policy"));
}

/// A secret that must never be printed, whatever happens, at any verbosity.
const CANARY: &str = "CanarySecret0123456789abcdefGHIJKLMNOPqrst";

#[test]
fn the_secret_key_never_appears_in_any_output() {
    let region = "ca-central-1";
    seed_example(region);
    let dir = workdir("canary");
    let endpoint = moto().endpoint.clone();
    let enforcing = super::moto::start(&[("INITIAL_NO_AUTH_ACTION_COUNT", "0")]).unwrap_or_else(|e| panic!("{e}"));
    let runs: Vec<Vec<String>> = vec![
        vec!["plan".into(), "examples/manifests".into(), "--cluster-name".into(), "prod".into(), "-vv".into()],
        vec![
            "plan".into(),
            "examples/manifests".into(),
            "--cluster-name".into(),
            "prod".into(),
            "-vv".into(),
            "-o".into(),
            "json".into(),
        ],
        vec!["state".into(), "pull".into(), "--cluster-name".into(), "prod".into(), "-vv".into()],
    ];
    for args in runs {
        for (target, region) in [(endpoint.as_str(), region), (enforcing.endpoint.as_str(), "us-east-1")] {
            let mut all = args.clone();
            all.extend(["--endpoint-url".into(), target.into(), "--region".into(), region.into()]);
            let outcome = sgctl(all)
                .env("AWS_ACCESS_KEY_ID", "AKIACANARY0000000000")
                .env("AWS_SECRET_ACCESS_KEY", CANARY)
                .env("AWS_MAX_ATTEMPTS", "1")
                .env("HOME", dir.join("home").to_str().unwrap())
                .run();
            assert!(!outcome.stdout.contains(CANARY) && !outcome.stderr.contains(CANARY), "leaked by {args:?}");
            assert!(!outcome.stderr.contains(&CANARY[..12]), "a piece leaked by {args:?}");
        }
    }
}

#[test]
fn a_prefix_list_weighs_its_maximum_entries_read_from_ec2() {
    let region = "ca-central-1";
    seed_example(region);
    let seed = Seeder::new(&moto().endpoint, region);
    let office = seed.prefix_list("office", "IPv4", 60, "192.0.2.0/24");
    let dir = workdir("prefix-list-weight");
    let manifest = format!(
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: db\n  namespace: shop\n  uid: u-1\n  annotations:\n    service.beta.kubernetes.io/aws-load-balancer-security-group-prefix-lists: \"{office}, pl-00000000000000000\"\n    service.beta.kubernetes.io/load-balancer-source-ranges: 10.0.0.0/8\nspec:\n  type: LoadBalancer\n  loadBalancerClass: service.k8s.aws/nlb\n  ports: [{{port: 5432, targetPort: 5432, nodePort: 30432}}]\n"
    );
    let args = ["-", "--cluster-name", "prod"];
    let endpoint = &moto().endpoint;
    let run = |command: &[&str]| {
        let mut all: Vec<&str> = command.to_vec();
        all.extend(args);
        all.extend(["--endpoint-url", endpoint, "--region", region]);
        with_aws(sgctl(all).stdin(manifest.as_str()), &dir).run()
    };
    let pull = run(&["state", "pull"]);
    assert_eq!(pull.code, 0, "{}", pull.stderr);
    let snapshot = sgctl::state::read("pulled", &pull.stdout).unwrap();
    let list = snapshot.prefix_list(&office).expect("the pulled snapshot records the prefix list");
    assert_eq!(
        (list.name.as_str(), list.address_family.as_deref(), list.max_entries),
        ("office", Some("IPv4"), Some(60))
    );
    assert_eq!(snapshot.prefix_lists.len(), 1, "only the lists the manifests name: {:?}", snapshot.prefix_lists);

    let plan = run(&["plan"]);
    assert_eq!(plan.code, 0, "{}", plan.stderr);
    // 60 entries of the list + 1 CIDR + the missing list counted as one = 62.
    let expected =
        format!("would hold 62 inbound IPv4 rules (prefix lists counted as their maximum entries: {office} as 60)");
    assert!(plan.stdout.contains(&expected), "{}", plan.stdout);
    assert!(
        plan.stdout.contains("maximum entries are unknown: pl-00000000000000000 (not in the account read"),
        "{}",
        plan.stdout
    );
    let snapshot_path = dir.join("snapshot.json");
    std::fs::write(&snapshot_path, &pull.stdout).unwrap();
    let offline = sgctl(["plan", "-", "--cluster-name", "prod", "--state", snapshot_path.to_str().unwrap()])
        .stdin(manifest.as_str())
        .run();
    assert_eq!(offline.stdout, plan.stdout, "live and snapshot plans agree");

    // A saved plan that names prefix lists is not stale when applied: the re-read reads
    // the same lists. Then the account holds the rule from the list.
    let saved = dir.join("plan.json");
    let planned = run(&["plan", "--out", saved.to_str().unwrap()]);
    assert_eq!(planned.code, 0, "{}", planned.stderr);
    let applied = live(&["apply", saved.to_str().unwrap()], region, &dir);
    assert_eq!(applied.code, 0, "{}\n{}", applied.stdout, applied.stderr);
    assert!(!applied.stderr.contains("stale"), "{}", applied.stderr);
    let after = run(&["state", "pull"]);
    let after = sgctl::state::read("after", &after.stdout).unwrap();
    let frontend = after.security_groups.iter().find(|g| g.name.starts_with("k8s-shop-db-")).expect("created");
    assert!(frontend.ingress.iter().any(|rule| rule.peer == sgctl::sg::Peer::PrefixList(office.clone())));
}

/// A live plan reads what Node objects and SecurityGroupPolicies need in its usual calls: the
/// node's instance (by the providerID) and its primary interface, and the policy's groups by
/// id, whose cluster tag picks the branch ENI's target SG.
#[test]
fn nodes_and_security_group_policies_are_resolved_against_the_live_account() {
    let region = "ap-northeast-2";
    let seed = Seeder::new(&moto().endpoint, region);
    let vpc = seed.vpc("10.4.0.0/16");
    let subnet = seed.subnet(&vpc, "10.4.0.0/24", "ap-northeast-2a", &[]);
    let nodes = seed.group(&vpc, "nodes", &[("kubernetes.io/cluster/pods", "owned")]);
    let pod_sg = seed.group(&vpc, "payments-pods", &[("kubernetes.io/cluster/pods", "owned")]);
    let extra_sg = seed.group(&vpc, "payments-db-access", &[]);
    let instance = seed.instance(&subnet, &[&nodes], &[("kubernetes.io/cluster/pods", "owned")]);
    let manifest = format!(
        "apiVersion: v1\nkind: Node\nmetadata: {{name: ip-10-4-0-10, labels: {{pool: web}}}}\nspec: {{providerID: aws:///ap-northeast-2a/{instance}}}\nstatus: {{conditions: [{{type: Ready, status: \"True\"}}]}}\n\
         ---\napiVersion: v1\nkind: Service\nmetadata: {{name: web, namespace: pay, uid: u-web, annotations: {{service.beta.kubernetes.io/aws-load-balancer-target-node-labels: pool=web}}}}\n\
         spec:\n  type: LoadBalancer\n  loadBalancerClass: service.k8s.aws/nlb\n  ports: [{{port: 80, targetPort: 8080, nodePort: 30080}}]\n\
         ---\napiVersion: v1\nkind: Service\nmetadata: {{name: api, namespace: pay, uid: u-api, annotations: {{service.beta.kubernetes.io/aws-load-balancer-nlb-target-type: ip}}}}\n\
         spec:\n  type: LoadBalancer\n  loadBalancerClass: service.k8s.aws/nlb\n  selector: {{app: api}}\n  ports: [{{port: 443, targetPort: 8443, nodePort: 31443}}]\n\
         ---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {{name: api, namespace: pay}}\nspec:\n  selector: {{matchLabels: {{app: api}}}}\n  template:\n    metadata: {{labels: {{app: api}}}}\n    spec: {{containers: [{{name: api, image: x}}]}}\n\
         ---\napiVersion: vpcresources.k8s.aws/v1beta1\nkind: SecurityGroupPolicy\nmetadata: {{name: api, namespace: pay}}\nspec:\n  podSelector: {{matchLabels: {{app: api}}}}\n  securityGroups: {{groupIds: [{pod_sg}, {extra_sg}]}}\n"
    );
    let dir = workdir("nodes-and-policies");
    let endpoint = moto().endpoint.clone();
    let outcome = with_aws(
        sgctl(["plan", "-", "--cluster-name", "pods", "--endpoint-url", &endpoint, "--region", region])
            .stdin(&manifest),
        &dir,
    )
    .run();
    assert_eq!(outcome.code, 0, "{}", outcome.stderr);
    let node_rules = |group: &str| {
        let start = outcome.stdout.find(&format!("security_group_rules.node[\"{group}\"]")).expect(group);
        let rest = &outcome.stdout[start..];
        rest[..rest.find("\n    }").unwrap()].to_string()
    };
    let on_nodes = node_rules(&nodes);
    assert!(on_nodes.contains("+ tcp 30080 from "), "{on_nodes}");
    assert!(on_nodes.contains("on node ip-10-4-0-10 (the default node selector and pool=web)"), "{on_nodes}");
    assert!(!on_nodes.contains("8443"), "{on_nodes}");
    let on_pods = node_rules(&pod_sg);
    assert!(on_pods.contains("+ tcp 8443 from "), "{on_pods}");
    assert!(on_pods.contains("SecurityGroupPolicy pay/api"), "{on_pods}");
    assert!(!outcome.stdout.contains(&format!("security_group_rules.node[\"{extra_sg}\"]")), "{}", outcome.stdout);
}
