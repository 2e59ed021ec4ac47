//! TargetGroupBinding networking rules: "from <source>, protocol, port" on the targets of
//! a target group (`buildTargetGroupBindingNetworking` in both model builders), before they
//! are placed on target SGs and aggregated (`node_rules`).

use crate::manifest::Source;
use crate::sg::{Peer, Protocol, Provenance};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::LabelSelector;
use std::collections::BTreeMap;
use std::sync::Arc;

/// A target port: a number, every port (unrestricted rules), or unknown from files.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum TargetPort {
    Number(i32),
    All,
    /// Files cannot tell: `code` is the warning that says so, `reason` how to supply it.
    Unknown {
        code: &'static str,
        reason: String,
    },
}

impl TargetPort {
    /// A port files cannot tell (a nodePort not assigned yet, a named port no workload
    /// defines), with how to supply it: the `unknown-port` warning.
    pub fn unknown(reason: String) -> TargetPort {
        TargetPort::Unknown { code: "unknown-port", reason }
    }
}

/// Which targets a target group's rules are for: what decides the SGs they go on.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Targets {
    /// Instance targets: the nodes the controller's default node selector picks, narrowed by
    /// these labels when set (the target-node-labels annotations, a TargetGroupBinding's
    /// `nodeSelector`).
    Nodes(Option<LabelSet>),
    /// ip targets: the interfaces of the pods a Service selects (`None`: which pods files
    /// cannot tell), each a branch ENI when a SecurityGroupPolicy gives it SGs, else taken to
    /// be the node's.
    Pods(Option<PodSelection>),
}

/// The pods behind a Service: its namespace and selector.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PodSelection {
    pub namespace: String,
    pub selector: BTreeMap<String, String>,
}

impl PodSelection {
    /// The pods of `service`: `None` without a selector (its endpoints are managed by hand).
    pub fn of_service(service: &k8s_openapi::api::core::v1::Service) -> Option<PodSelection> {
        let selector = service.spec.as_ref()?.selector.clone().filter(|selector| !selector.is_empty())?;
        Some(PodSelection { namespace: crate::manifest::namespace_of(&service.metadata).to_string(), selector })
    }
}

/// A label selector on nodes, in a form that can be compared and hashed (`metav1.LabelSelector`).
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LabelSet {
    pub match_labels: BTreeMap<String, String>,
    /// (key, operator, values)
    pub match_expressions: Vec<(String, String, Vec<String>)>,
}

impl LabelSet {
    pub fn from_labels(labels: BTreeMap<String, String>) -> LabelSet {
        LabelSet { match_labels: labels, match_expressions: Vec::new() }
    }

    pub fn from_label_selector(selector: &LabelSelector) -> LabelSet {
        LabelSet {
            match_labels: selector.match_labels.clone().unwrap_or_default(),
            match_expressions: selector
                .match_expressions
                .iter()
                .flatten()
                .map(|e| (e.key.clone(), e.operator.clone(), e.values.clone().unwrap_or_default()))
                .collect(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.match_labels.is_empty() && self.match_expressions.is_empty()
    }

    /// `labels.Selector.Matches`: `NotIn` and `DoesNotExist` also match a missing key.
    pub fn matches(&self, labels: &BTreeMap<String, String>) -> bool {
        let expressions = self.match_expressions.iter().map(|(key, operator, values)| (key, operator, &values[..]));
        selector_matches(&self.match_labels, expressions, labels)
    }

    /// As a person reads it: `pool=web, zone in (a b)`.
    pub fn text(&self) -> String {
        let labels = self.match_labels.iter().map(|(k, v)| format!("{k}={v}"));
        let expressions = self.match_expressions.iter().map(|(key, operator, values)| match operator.as_str() {
            "Exists" => key.clone(),
            "DoesNotExist" => format!("!{key}"),
            _ => format!("{key} {} ({})", operator.to_lowercase(), values.join(" ")),
        });
        labels.chain(expressions).collect::<Vec<_>>().join(", ")
    }
}

/// `metav1.LabelSelector` matching, from its parts: every label equal, every expression
/// true (`NotIn` and `DoesNotExist` also match a missing key; an unknown operator matches
/// nothing). The one implementation behind `LabelSet` and `ingress_class::selector_matches`.
pub fn selector_matches<'a>(
    match_labels: &BTreeMap<String, String>,
    mut expressions: impl Iterator<Item = (&'a String, &'a String, &'a [String])>,
    labels: &BTreeMap<String, String>,
) -> bool {
    match_labels.iter().all(|(key, value)| labels.get(key) == Some(value))
        && expressions.all(|(key, operator, values)| {
            let value = labels.get(key);
            match operator.as_str() {
                "In" => value.is_some_and(|v| values.contains(v)),
                "NotIn" => value.is_none_or(|v| !values.contains(v)),
                "Exists" => value.is_some(),
                "DoesNotExist" => value.is_none(),
                _ => false,
            }
        })
}

/// One TGB networking permission: peer, protocol and port on the targets.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TargetRule {
    pub protocol: Protocol,
    pub port: TargetPort,
    pub peer: Peer,
    /// Which targets, and so which target SGs, the rule is for: shared by the rules of one
    /// target group. A clone per rule, with the SGs cloned per rule in `node_rules`, made the
    /// 20,000-object benchmark plan's model 310 ms instead of 275 ms and its peak 273 MB
    /// instead of 254 MB (medians of 3).
    pub targets: Arc<Targets>,
    pub source: Source,
    /// Why the rule exists (shown under the rule in the plan, and by `sgctl explain`).
    pub why: Provenance,
}

/// Where a target group's rules come from: the object's place, and why (for provenance).
#[derive(Clone, Debug)]
pub struct Origin {
    pub source: Source,
    pub why: Provenance,
    pub targets: Arc<Targets>,
}

/// The protocol of a target group, which decides which target ports open
/// (`buildTargetGroupBindingNetworking`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TgProtocol {
    Tcp,
    Udp,
    TcpUdp,
}

/// The rules for one target group from one source SG (`model_build_target_group.go:
/// buildTargetGroupBindingNetworking`, in both the Ingress and the Service builders).
/// `health_check` is the numeric health-check port, when it is not the traffic port.
pub fn from_security_group(
    peer: &Peer,
    tg_protocol: TgProtocol,
    traffic: &TargetPort,
    health_check: Option<&TargetPort>,
    extra_tcp: &[TargetPort],
    restricted: bool,
    origin: &Origin,
) -> Vec<TargetRule> {
    let (source, targets, origin) = (&origin.source, &origin.targets, &origin.why);
    let rule = |protocol: Protocol, port: TargetPort| TargetRule {
        why: Provenance {
            reason: format!(
                "{}: {}",
                origin.reason,
                match &port {
                    TargetPort::All => "every port (--disable-restricted-sg-rules)".to_string(),
                    port if Some(port) == health_check && port != traffic => "health-check port".to_string(),
                    port if extra_tcp.contains(port) && port != traffic => "target-control port".to_string(),
                    _ => "traffic port".to_string(),
                }
            ),
            ..origin.clone()
        },
        protocol,
        port,
        peer: peer.clone(),
        targets: targets.clone(),
        source: source.clone(),
    };
    if !restricted {
        let mut rules = vec![rule(Protocol::Tcp, TargetPort::All)];
        if tg_protocol != TgProtocol::Tcp {
            rules.push(rule(Protocol::Udp, TargetPort::All));
        }
        return rules;
    }
    let mut rules = Vec::new();
    let health_check_is_traffic = health_check.is_none_or(|port| port == traffic);
    match tg_protocol {
        TgProtocol::Tcp => rules.push(rule(Protocol::Tcp, traffic.clone())),
        TgProtocol::Udp => {
            rules.push(rule(Protocol::Udp, traffic.clone()));
            if health_check_is_traffic {
                rules.push(rule(Protocol::Tcp, traffic.clone()));
            }
        }
        TgProtocol::TcpUdp => {
            rules.push(rule(Protocol::Udp, traffic.clone()));
            rules.push(rule(Protocol::Tcp, traffic.clone()));
        }
    }
    if let Some(port) = health_check.filter(|port| *port != traffic) {
        rules.push(rule(Protocol::Tcp, port.clone()));
    }
    for port in extra_tcp {
        rules.push(rule(Protocol::Tcp, port.clone()));
    }
    rules
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sg::GroupRef;
    use std::sync::Arc;

    fn source() -> Source {
        Source { file: Arc::from("f"), document: 1, line: 1, item: None }
    }

    fn origin() -> Origin {
        let why = Provenance { source: "f:1".into(), object: "Service ns/s".into(), reason: "port 53".into() };
        Origin { source: source(), why, targets: Arc::new(Targets::Nodes(None)) }
    }

    fn ports(rules: &[TargetRule]) -> Vec<(String, TargetPort)> {
        rules.iter().map(|r| (r.protocol.to_string(), r.port.clone())).collect()
    }

    #[test]
    fn udp_opens_tcp_for_a_traffic_port_health_check() {
        let peer = Peer::Group(GroupRef::by_name("backend"));
        let rules = from_security_group(&peer, TgProtocol::Udp, &TargetPort::Number(53), None, &[], true, &origin());
        assert_eq!(ports(&rules), vec![("udp".into(), TargetPort::Number(53)), ("tcp".into(), TargetPort::Number(53))]);
        let hc = TargetPort::Number(8080);
        let rules =
            from_security_group(&peer, TgProtocol::Udp, &TargetPort::Number(53), Some(&hc), &[], true, &origin());
        assert_eq!(
            ports(&rules),
            vec![("udp".into(), TargetPort::Number(53)), ("tcp".into(), TargetPort::Number(8080))]
        );
    }

    #[test]
    fn unrestricted_opens_all_ports() {
        let peer = Peer::Group(GroupRef::by_name("backend"));
        let rules =
            from_security_group(&peer, TgProtocol::TcpUdp, &TargetPort::Number(53), None, &[], false, &origin());
        assert_eq!(ports(&rules), vec![("tcp".into(), TargetPort::All), ("udp".into(), TargetPort::All)]);
    }

    #[test]
    fn node_selectors_match_as_label_selectors_do() {
        let labels = |pairs: &[(&str, &str)]| pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        let expression = |key: &str, operator: &str, values: &[&str]| {
            (key.to_string(), operator.to_string(), values.iter().map(|v| v.to_string()).collect())
        };
        let selector = LabelSet {
            match_labels: labels(&[("pool", "web")]),
            match_expressions: vec![expression("zone", "NotIn", &["b"]), expression("spot", "DoesNotExist", &[])],
        };
        assert!(selector.matches(&labels(&[("pool", "web")])));
        assert!(selector.matches(&labels(&[("pool", "web"), ("zone", "a")])));
        assert!(!selector.matches(&labels(&[("pool", "web"), ("zone", "b")])));
        assert!(!selector.matches(&labels(&[("pool", "web"), ("spot", "")])));
        assert!(!selector.matches(&labels(&[("pool", "batch")])));
        assert_eq!(selector.text(), "pool=web, zone notin (b), !spot");
        assert!(LabelSet::default().matches(&labels(&[])));
    }
}
