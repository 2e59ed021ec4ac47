//! Live figures against moto seeded with `groups` managed SGs of ten rules each: the EC2
//! calls a plan makes (checked: at most 10 for 2,000 groups and 20,000 rules, paging at the
//! largest page size, unchanged) and `sgctl state pull` beside `aws ec2
//! describe-security-groups` on the same endpoint (a figure).

use super::measure::{self, seconds};
use super::moto::{aws_env, Moto};
use super::seed::Seeder;
use super::{Mode, Report};
use aws_sdk_ec2::types::{IpPermission, IpRange, ResourceType, Tag, TagSpecification};
use futures_util::{stream, StreamExt, TryStreamExt};
use std::path::Path;

pub const REGION: &str = "eu-west-3";
const RULES_PER_GROUP: i32 = 10;

const ONE_INGRESS: &str = "apiVersion: networking.k8s.io/v1\nkind: IngressClass\nmetadata: {name: alb}\nspec: {controller: ingress.k8s.aws/alb}\n---\napiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: web, namespace: shop}\nspec:\n  ingressClassName: alb\n  defaultBackend: {service: {name: web, port: {number: 80}}}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: shop}\nspec:\n  type: NodePort\n  ports: [{port: 80, targetPort: 8080, nodePort: 30080}]\n";

fn tag(key: &str, value: &str) -> Tag {
    Tag::builder().key(key).value(value).build()
}

/// The cluster's nodes, and `groups` managed frontend SGs with ten CIDR rules each,
/// created sixteen at a time.
fn seed(moto: &Moto, groups: usize) {
    let seeder = Seeder::new(&moto.endpoint, REGION);
    let vpc = seeder.vpc("10.60.0.0/16");
    let subnet = seeder.subnet(&vpc, "10.60.0.0/20", &format!("{REGION}a"), &[("kubernetes.io/role/elb", "1")]);
    let nodes = seeder.group(&vpc, "bench-nodes", &[("kubernetes.io/cluster/bench", "owned")]);
    seeder.instance(&subnet, &[&nodes], &[("kubernetes.io/cluster/bench", "owned")]);
    let ec2 = &seeder.ec2;
    let create = |index: usize| {
        let vpc = vpc.clone();
        async move {
            let tags = TagSpecification::builder()
                .resource_type(ResourceType::SecurityGroup)
                .tags(tag("elbv2.k8s.aws/cluster", "bench"))
                .tags(tag("ingress.k8s.aws/stack", &format!("team-{}/web-{index}", index / 50)))
                .tags(tag("ingress.k8s.aws/resource", "ManagedLBSecurityGroup"))
                .build();
            let created = ec2
                .create_security_group()
                .group_name(format!("k8s-bench-web{index}-{index:010}"))
                .description("[k8s] Managed SecurityGroup for LoadBalancer")
                .vpc_id(vpc)
                .tag_specifications(tags)
                .send()
                .await?;
            let id = created.group_id().unwrap_or_default().to_string();
            let ranges: Vec<IpRange> = (0..RULES_PER_GROUP)
                .map(|n| IpRange::builder().cidr_ip(format!("10.{}.{}.0/24", index % 250, n)).build())
                .collect();
            let permission = IpPermission::builder()
                .ip_protocol("tcp")
                .from_port(443)
                .to_port(443)
                .set_ip_ranges(Some(ranges))
                .build();
            ec2.authorize_security_group_ingress().group_id(id).ip_permissions(permission).send().await?;
            Ok::<_, aws_sdk_ec2::Error>(())
        }
    };
    seeder
        .runtime
        .block_on(stream::iter(0..groups).map(create).buffer_unordered(16).try_collect::<Vec<()>>())
        .expect("seeding moto");
}

/// One DescribeSecurityGroups straight to moto (it does not check signatures); the size of
/// the answer.
fn describe_raw(moto: &Moto, filters: &str) -> usize {
    let headers = format!(
        "Content-Type: application/x-www-form-urlencoded\r\n\
         Authorization: AWS4-HMAC-SHA256 Credential=test/20261127/{REGION}/ec2/aws4_request, SignedHeaders=host, Signature=0\r\n"
    );
    super::post_to_moto(moto, "/", &headers, &format!("Action=DescribeSecurityGroups&Version=2016-11-15{filters}"))
}

/// `sgctl: 9 EC2 requests to eu-west-3` from `-v`.
fn requests(stderr: &str) -> Option<usize> {
    stderr.lines().find_map(|line| line.strip_prefix("sgctl: ")?.split(" EC2 requests").next()?.parse().ok())
}

pub fn run(mode: &Mode, moto: &Moto, work: &Path, report: &mut Report) {
    let groups = mode.live_groups;
    report.section(&format!(
        "Live: moto seeded with {groups} managed SGs and {} rules",
        groups * RULES_PER_GROUP as usize
    ));
    seed(moto, groups);
    let home = work.join("home");
    std::fs::create_dir_all(&home).unwrap();
    let mut env = aws_env(&home);
    env.push(("AWS_PAGER".into(), String::new()));
    let manifest = work.join("one-ingress.yaml");
    std::fs::write(&manifest, ONE_INGRESS).unwrap();
    let endpoint = ["--endpoint-url".to_string(), moto.endpoint.clone(), "--region".into(), REGION.into()];
    let cluster = ["--cluster-name".to_string(), "bench".into()];

    let mut plan_args = vec!["plan".to_string(), manifest.display().to_string(), "-v".into()];
    plan_args.extend(cluster.iter().cloned().chain(endpoint.iter().cloned()));
    let (plan, stderr) = measure::run(&mode.sgctl, &plan_args, &env);
    let calls = requests(&stderr).unwrap_or_else(|| panic!("`plan -v` reports its EC2 requests: {stderr}"));
    report.figure("plan: wall time", seconds(plan.wall));
    report.check("plan: EC2 calls (every call, groups and rules included) ≤ 10", calls <= 10, calls.to_string());

    let mut pull_args = vec!["state".to_string(), "pull".into()];
    pull_args.extend(cluster.iter().cloned().chain(endpoint.iter().cloned()));
    let mut aws_args = vec!["ec2".to_string(), "describe-security-groups".into(), "--output".into(), "json".into()];
    aws_args.extend(endpoint.iter().cloned());
    // In turns, so that drift weighs on both alike.
    let samples = measure::medians_in_turns(
        mode.live_runs,
        &mut [&mut || measure::run(&mode.sgctl, &pull_args, &env).0, &mut || measure::run("aws", &aws_args, &env).0],
    );
    let (pull, aws) = (samples[0], samples[1]);
    let share = pull.wall.as_secs_f64() / aws.wall.as_secs_f64();
    report.figure("sgctl state pull", format!("{} (its own CPU time: {})", seconds(pull.wall), measure::cpu(&pull)));
    report.figure(
        "aws ec2 describe-security-groups",
        format!("{} (its own CPU time: {})", seconds(aws.wall), measure::cpu(&aws)),
    );
    // What moto itself takes to answer, without any client: the floor under both figures.
    for (what, query) in [
        ("every group, no filter (what the AWS CLI asks)", String::new()),
        (
            "filtered by the tag elbv2.k8s.aws/cluster (what sgctl asks)",
            "&Filter.1.Name=tag:elbv2.k8s.aws/cluster&Filter.1.Value.1=bench".to_string(),
        ),
    ] {
        let started = std::time::Instant::now();
        let bytes = describe_raw(moto, &query);
        report.figure(
            &format!("moto alone, DescribeSecurityGroups {what}"),
            format!("{} ({bytes} bytes)", seconds(started.elapsed())),
        );
    }
    // A figure, not a budget: against moto the read is moto's own time (docs/performance.md).
    report.figure("state pull / aws ec2 describe-security-groups", format!("{share:.2} ×"));
}
