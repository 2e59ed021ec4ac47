//! Synthetic clusters for the benchmark: `objects` Ingresses and Services (half each), one
//! workload with named ports per ten Services, and the matching snapshot with drift.
//!
//! Every Ingress routes to its own Service. A fifth of the Ingresses share IngressGroups
//! (twenty members each); the rest have their own ALB. Annotations vary with the index:
//! scheme, listen ports (HTTP, HTTPS, both), inbound CIDRs, target type (a quarter are ip
//! targets, resolved through a workload's named port). Every Service is a LoadBalancer
//! (an NLB): TCP, with UDP ports or one port as TCP and UDP (a TCP_UDP listener) on some, source ranges on some, ip or instance
//! targets. Manifests are written 200 objects a file (100 files at 20,000 objects), as a
//! repository of many files.
//!
//! The snapshot is what the controller would have made, with drift: the desired state is
//! computed with sgctl's own model, then one group in twenty is missing, one in ten has an
//! extra rule and lacks one, and there is one orphan per fifty groups.

use sgctl::sg::{Account, AccountSecurityGroup, NetworkInterface, Peer, Protocol, Rule, Subnet, Tags, Vpc};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

pub const CLUSTER: &str = "bench";
const FILE_OBJECTS: usize = 200;
const NAMESPACE_SIZE: usize = 50;

/// Where a generated cluster lives.
#[derive(Debug, Clone)]
pub struct Cluster {
    pub manifests: PathBuf,
    pub snapshot: PathBuf,
    pub files: Vec<PathBuf>,
    pub objects: usize,
    pub bytes: u64,
}

fn ingress(out: &mut String, i: usize) {
    let ns = i / NAMESPACE_SIZE;
    // Members of an IngressGroup must agree on the scheme and on inbound CIDRs per port.
    let grouped = i % 5 == 0;
    let scheme_key = if grouped { i / 100 } else { i };
    let scheme = if scheme_key % 2 == 0 { "internet-facing" } else { "internal" };
    let listen = match i % 3 {
        0 => r#"[{"HTTP": 80}, {"HTTPS": 443}]"#,
        1 => r#"[{"HTTPS": 443}]"#,
        _ => r#"[{"HTTP": 8080}]"#,
    };
    let _ = write!(
        out,
        "---\napiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: web-{i}\n  namespace: team-{ns}\n  \
         annotations:\n    alb.ingress.kubernetes.io/scheme: {scheme}\n    alb.ingress.kubernetes.io/listen-ports: '{listen}'\n"
    );
    if grouped {
        let _ = writeln!(out, "    alb.ingress.kubernetes.io/group.name: shared-{}", i / 100);
    }
    if i % 4 == 0 {
        out.push_str("    alb.ingress.kubernetes.io/target-type: ip\n");
    }
    if i % 7 == 0 && !grouped {
        let _ = writeln!(
            out,
            "    alb.ingress.kubernetes.io/inbound-cidrs: 10.{}.0.0/16, 192.168.{}.0/24",
            i % 250,
            i % 200
        );
    }
    let (team, app) = if grouped {
        ("shared".to_string(), format!("shared-{}", i / 100))
    } else {
        (format!("team-{ns}"), format!("web-{i}"))
    };
    let _ = write!(
        out,
        "    alb.ingress.kubernetes.io/tags: team={team},app={app}\nspec:\n  ingressClassName: alb\n  rules:\n  \
         - host: web-{i}.example.com\n    http:\n      paths:\n      - path: /\n        pathType: Prefix\n        \
         backend:\n          service:\n            name: svc-{i}\n            port:\n              name: https\n"
    );
}

fn service(out: &mut String, i: usize) {
    let ns = i / NAMESPACE_SIZE;
    let node_port = 30000 + (i * 2) % 2700;
    let _ = write!(
        out,
        "---\napiVersion: v1\nkind: Service\nmetadata:\n  name: svc-{i}\n  namespace: team-{ns}\n  \
         uid: 00000000-0000-4000-8000-{i:012}\n  annotations:\n"
    );
    // Exported objects (they carry a uid): the controller's either by the `external`
    // annotation or by the class its Service mutator webhook set when they were created.
    let class = if i % 3 == 0 {
        out.push_str(
            "    service.beta.kubernetes.io/aws-load-balancer-type: external\n    \
             service.beta.kubernetes.io/aws-load-balancer-nlb-target-type: ip\n",
        );
        ""
    } else {
        "  loadBalancerClass: service.k8s.aws/nlb\n"
    };
    let scheme = if i % 2 == 0 { "internet-facing" } else { "internal" };
    let _ = writeln!(out, "    service.beta.kubernetes.io/aws-load-balancer-scheme: {scheme}");
    let _ = write!(
        out,
        "spec:\n  type: LoadBalancer\n{class}  selector:\n    app: app-{}\n  ports:\n  - name: https\n    port: 443\n    \
         targetPort: http\n    nodePort: {node_port}\n    protocol: TCP\n",
        i / 10
    );
    match i % 4 {
        1 => {
            let _ = write!(
                out,
                "  - name: dns\n    port: 53\n    targetPort: dns\n    nodePort: {}\n    protocol: UDP\n",
                node_port + 1
            );
        }
        2 => {
            let _ = write!(
                out,
                "  - name: game\n    port: 7777\n    targetPort: 7777\n    nodePort: {np}\n    protocol: TCP\n  \
                 - name: game-udp\n    port: 7777\n    targetPort: 7777\n    nodePort: {np}\n    protocol: UDP\n",
                np = node_port + 1
            );
        }
        _ => {}
    }
    if i % 6 == 0 {
        let _ = write!(out, "  loadBalancerSourceRanges:\n  - 10.{}.0.0/16\n  - 172.16.{}.0/24\n", i % 250, i % 250);
    }
}

fn workload(out: &mut String, k: usize) {
    let ns = (k * 10) / NAMESPACE_SIZE;
    let _ = write!(
        out,
        "---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app-{k}\n  namespace: team-{ns}\nspec:\n  \
         selector:\n    matchLabels:\n      app: app-{k}\n  template:\n    metadata:\n      labels:\n        app: app-{k}\n    \
         spec:\n      containers:\n      - name: app\n        image: registry.example.com/app:{k}\n        ports:\n        \
         - name: http\n          containerPort: {}\n        - name: dns\n          containerPort: 5353\n          protocol: UDP\n",
        8000 + k % 100
    );
}

const CLASS: &str = "---\napiVersion: networking.k8s.io/v1\nkind: IngressClass\nmetadata:\n  name: alb\nspec:\n  controller: ingress.k8s.aws/alb\n";

/// The account without any load-balancer group: the VPC, subnets, the node SG and nodes.
fn base_account() -> Account {
    let mut node_tags = Tags::new();
    node_tags.insert(format!("kubernetes.io/cluster/{CLUSTER}"), "owned".into());
    let subnet = |id: &str, cidr: &str, role: &str| {
        let mut tags = Tags::new();
        tags.insert(role.to_string(), "1".into());
        Subnet {
            id: id.into(),
            vpc_id: "vpc-bench".into(),
            cidr_ipv4: Some(cidr.into()),
            cidr_ipv6: None,
            availability_zone: Some("eu-west-1a".into()),
            tags,
        }
    };
    Account {
        region: Some("eu-west-1".into()),
        account_id: Some("123456789012".into()),
        vpcs: vec![Vpc { id: "vpc-bench".into(), cidrs_ipv4: vec!["10.0.0.0/8".into()], cidrs_ipv6: Vec::new() }],
        subnets: vec![
            subnet("subnet-public", "10.0.0.0/20", "kubernetes.io/role/elb"),
            subnet("subnet-private", "10.0.128.0/20", "kubernetes.io/role/internal-elb"),
        ],
        security_groups: vec![AccountSecurityGroup {
            id: "sg-nodes".into(),
            name: "bench-nodes".into(),
            description: "nodes".into(),
            vpc_id: "vpc-bench".into(),
            tags: node_tags,
            ingress: Vec::new(),
        }],
        network_interfaces: (0..3)
            .map(|n| NetworkInterface {
                id: format!("eni-{n}"),
                instance_id: Some(format!("i-{n}")),
                device_index: Some(0),
                security_groups: vec!["sg-nodes".into()],
                private_ips: vec![format!("10.0.1.{}", n + 10)],
            })
            .collect(),
        prefix_lists: Vec::new(),
    }
}

/// The live side: the desired state as the controller would have made it, with drift.
fn drifted_snapshot(manifests_dir: &Path) -> Account {
    let manifests = sgctl::manifest::load(&[manifests_dir.display().to_string()], &mut std::io::empty())
        .unwrap_or_else(|error| panic!("the generated manifests load: {error}"));
    let settings = sgctl::settings::Settings::for_cluster(CLUSTER);
    let mut account = base_account();
    let desired = sgctl::model::build(&manifests, &settings, &account)
        .unwrap_or_else(|error| panic!("the generated manifests model: {error}"));
    for (index, group) in desired.security_groups.iter().enumerate() {
        if index % 20 == 7 {
            continue; // missing: will be created
        }
        let mut ingress = group.ingress.clone();
        if index % 10 == 3 && !ingress.is_empty() {
            ingress.remove(0); // a rule lost: will be added
            ingress.push(Rule::new(Protocol::Tcp, 22, 22, Peer::CidrV4("0.0.0.0/0".into())));
            // will be revoked
        }
        account.security_groups.push(AccountSecurityGroup {
            id: format!("sg-{index:017x}"),
            name: group.name.clone(),
            description: group.description.clone(),
            vpc_id: "vpc-bench".into(),
            tags: group.tags.clone(),
            ingress,
        });
        if index % 50 == 11 {
            let mut tags = group.tags.clone();
            for (_, value) in tags.iter_mut().filter(|(key, _)| key.ends_with("/stack")) {
                value.push_str("-gone");
            }
            account.security_groups.push(AccountSecurityGroup {
                id: format!("sg-{:017x}", 0xf000_0000usize + index),
                name: format!("{}-orphan", group.name),
                description: group.description.clone(),
                vpc_id: "vpc-bench".into(),
                tags,
                ingress: group.ingress.clone(),
            });
        }
    }
    // The node SG holds most of its rules already; one in ten is missing.
    let node = account.security_groups.iter_mut().find(|group| group.id == "sg-nodes").expect("the node SG");
    for (index, rule) in desired.node_rules.values().flatten().enumerate() {
        if index % 10 != 5 {
            node.ingress.push(rule.clone());
        }
    }
    account.sort();
    account
}

/// Writes a cluster of `objects` Ingresses and Services under `dir` (replacing it).
pub fn cluster(dir: &Path, objects: usize) -> Cluster {
    let _ = std::fs::remove_dir_all(dir);
    let manifests = dir.join("manifests");
    std::fs::create_dir_all(&manifests).unwrap();
    let pairs = objects / 2;
    let mut files = Vec::new();
    let mut bytes = 0;
    let mut text = String::from(CLASS);
    let mut in_file = 1;
    let mut flush = |text: &mut String, files: &mut Vec<PathBuf>| {
        let path = manifests.join(format!("part-{:04}.yaml", files.len()));
        std::fs::write(&path, text.as_bytes()).unwrap();
        bytes += text.len() as u64;
        files.push(path);
        text.clear();
    };
    for i in 0..pairs {
        ingress(&mut text, i);
        service(&mut text, i);
        if i % 10 == 0 {
            workload(&mut text, i / 10);
        }
        in_file += 2;
        if in_file >= FILE_OBJECTS {
            flush(&mut text, &mut files);
            in_file = 0;
        }
    }
    if !text.is_empty() {
        flush(&mut text, &mut files);
    }
    let snapshot = dir.join("snapshot.json");
    std::fs::write(&snapshot, sgctl::state::write(&drifted_snapshot(&manifests))).unwrap();
    Cluster { manifests, snapshot, files, objects: pairs * 2, bytes }
}
