//! Apply figures: creating `groups` NLB frontend SGs with their rules against moto, at
//! several parallelisms. The counts `apply -v` reports must be exactly one
//! CreateSecurityGroup and one AuthorizeSecurityGroupIngress per group.
//!
//! Set-up per run: moto reset, the cluster's VPC and nodes, then a first apply of two
//! Services whose node ports are the lowest and highest of the set, so that the backend
//! SG and the merged node rule exist; the measured apply then adds `groups` Services whose
//! ports lie in between, and creates exactly their groups. The client-side rate limit is
//! lifted (`--rate-limit 100000`): against EC2 the default of 5 mutating calls per second
//! after a burst of 200 bounds the time instead (docs/performance.md).

use super::measure::{self, seconds};
use super::moto::{aws_env, Moto};
use super::seed::Seeder;
use super::{Mode, Report};
use std::fmt::Write as _;
use std::path::Path;
use std::time::Duration;

const REGION: &str = "eu-north-1";

fn services(count: usize) -> String {
    let mut text = String::new();
    for i in 0..count {
        // 0 and 1 hold the lowest and highest node port; the others lie in between.
        let node_port = match i {
            0 => 30000,
            1 => 30000 + count,
            _ => 30000 + i - 1,
        };
        let _ = write!(
            text,
            "---\napiVersion: v1\nkind: Service\nmetadata:\n  name: svc-{i}\n  namespace: team-{}\n  uid: 00000000-0000-4000-8000-{i:012}\n  \
             annotations:\n    service.beta.kubernetes.io/load-balancer-source-ranges: 10.{}.0.0/16\nspec:\n  type: LoadBalancer\n  loadBalancerClass: service.k8s.aws/nlb\n  \
             ports:\n  - {{name: https, port: 443, targetPort: 8443, nodePort: {node_port}, protocol: TCP}}\n",
            i / 50,
            i % 250
        );
    }
    text
}

/// `POST /moto-api/reset`: moto forgets everything.
fn reset(moto: &Moto) {
    super::post_to_moto(moto, "/moto-api/reset", "", "");
}

fn seed_cluster(moto: &Moto) {
    let seeder = Seeder::new(&moto.endpoint, REGION);
    let vpc = seeder.vpc("10.70.0.0/16");
    let subnet =
        seeder.subnet(&vpc, "10.70.0.0/20", &format!("{REGION}a"), &[("kubernetes.io/role/internal-elb", "1")]);
    let nodes = seeder.group(&vpc, "bench-nodes", &[("kubernetes.io/cluster/bench", "owned")]);
    seeder.instance(&subnet, &[&nodes], &[("kubernetes.io/cluster/bench", "owned")]);
}

/// `CreateSecurityGroup 1000, AuthorizeSecurityGroupIngress 1000` from `apply -v`.
fn calls(stderr: &str) -> String {
    stderr.lines().find_map(|line| line.strip_prefix("sgctl: EC2 calls made by apply: ")).unwrap_or("").to_string()
}

fn count(calls: &str, name: &str) -> usize {
    calls.split(", ").find_map(|pair| pair.strip_prefix(name)?.trim().parse().ok()).unwrap_or(0)
}

pub fn run(mode: &Mode, moto: &Moto, work: &Path, report: &mut Report) {
    let groups = mode.apply_groups;
    report.section(&format!("Apply: creating {groups} groups with their rules (moto, rate limit lifted)"));
    let home = work.join("home");
    std::fs::create_dir_all(&home).unwrap();
    let env = aws_env(&home);
    let first = work.join("apply-first.yaml");
    let all = work.join("apply-all.yaml");
    std::fs::write(&first, services(groups + 2).split("---\n").take(3).collect::<Vec<_>>().join("---\n")).unwrap();
    std::fs::write(&all, services(groups + 2)).unwrap();
    let args = |file: &Path, parallelism: usize| {
        let mut args = vec!["apply".to_string(), file.display().to_string(), "--auto-approve".into(), "-v".into()];
        args.extend(["--parallelism".into(), parallelism.to_string(), "--rate-limit".into(), "100000".into()]);
        args.extend(["--cluster-name".into(), "bench".into(), "--endpoint-url".into(), moto.endpoint.clone()]);
        args.extend(["--region".into(), REGION.into()]);
        args
    };
    report.row(&["parallelism", "wall time (median)", "CreateSecurityGroup", "AuthorizeSecurityGroupIngress"]);
    let mut checks = Vec::new();
    for &parallelism in &mode.parallelism {
        let mut walls: Vec<Duration> = Vec::new();
        let mut last_calls = String::new();
        let mut exact = true;
        for _ in 0..mode.apply_runs {
            reset(moto);
            seed_cluster(moto);
            measure::run(&mode.sgctl, &args(&first, parallelism), &env);
            let (sample, stderr) = measure::run(&mode.sgctl, &args(&all, parallelism), &env);
            walls.push(sample.wall);
            last_calls = calls(&stderr);
            exact &= count(&last_calls, "CreateSecurityGroup ") == groups
                && count(&last_calls, "AuthorizeSecurityGroupIngress ") == groups;
        }
        checks.push((parallelism, exact, last_calls.clone()));
        walls.sort();
        let median = walls[walls.len() / 2];
        report.row(&[
            &parallelism.to_string(),
            &seconds(median),
            &count(&last_calls, "CreateSecurityGroup ").to_string(),
            &count(&last_calls, "AuthorizeSecurityGroupIngress ").to_string(),
        ]);
    }
    for (parallelism, exact, calls) in checks {
        report.check(
            &format!("parallelism {parallelism}: exactly {groups} CreateSecurityGroup and {groups} AuthorizeSecurityGroupIngress (every run)"),
            exact,
            calls,
        );
    }
}
