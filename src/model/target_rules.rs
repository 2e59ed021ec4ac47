//! TargetGroupBinding networking rules: "from <source>, protocol, port" on the targets of
//! a target group (`buildTargetGroupBindingNetworking` in both model builders), before they
//! are placed on target SGs and aggregated (`node_rules`).

use crate::manifest::Source;
use crate::sg::{Peer, Protocol, Provenance};

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

/// One TGB networking permission: peer, protocol and port on the targets.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TargetRule {
    pub protocol: Protocol,
    pub port: TargetPort,
    pub peer: Peer,
    pub source: Source,
    /// Why the rule exists (shown under the rule in the plan, and by `sgctl explain`).
    pub why: Provenance,
}

/// Where a target group's rules come from: the object's place, and why (for provenance).
#[derive(Clone, Debug)]
pub struct Origin {
    pub source: Source,
    pub why: Provenance,
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
    let (source, origin) = (&origin.source, &origin.why);
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
        Origin { source: source(), why }
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
}
