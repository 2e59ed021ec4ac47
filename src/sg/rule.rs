//! One inbound rule with exactly one source, the way EC2's security-group-rule API and
//! the controller's reconciler (`pkg/networking/security_group_info.go`) see it.
//!
//! Identity ignores the description: two rules that differ only in their description are
//! the same rule (the controller's `HashCode`), and a description-only difference is an
//! in-place update.

use serde::{Deserialize, Serialize};
use std::fmt;

/// The IP protocol of a rule, lower case as EC2 and the controller spell it.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(into = "String", from = "String")]
pub enum Protocol {
    Tcp,
    Udp,
    Icmp,
    Icmpv6,
    /// `-1`: every protocol.
    All,
    /// Anything else the input names (e.g. `sctp`), kept verbatim in lower case.
    Other(String),
}

impl Protocol {
    /// Parses EC2's or Kubernetes' spelling (`TCP`, `tcp`, `6`, `-1`).
    pub fn parse(text: &str) -> Protocol {
        match text.to_ascii_lowercase().as_str() {
            "tcp" | "6" => Protocol::Tcp,
            "udp" | "17" => Protocol::Udp,
            "icmp" | "1" => Protocol::Icmp,
            "icmpv6" | "58" => Protocol::Icmpv6,
            "-1" | "all" => Protocol::All,
            other => Protocol::Other(other.to_string()),
        }
    }

    pub fn as_str(&self) -> &str {
        match self {
            Protocol::Tcp => "tcp",
            Protocol::Udp => "udp",
            Protocol::Icmp => "icmp",
            Protocol::Icmpv6 => "icmpv6",
            Protocol::All => "-1",
            Protocol::Other(text) => text,
        }
    }
}

impl From<Protocol> for String {
    fn from(protocol: Protocol) -> String {
        protocol.as_str().to_string()
    }
}

impl From<String> for Protocol {
    fn from(text: String) -> Protocol {
        Protocol::parse(&text)
    }
}

impl fmt::Display for Protocol {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A security group used as a source or attached to a load balancer. A group that does
/// not exist yet has no id and is known by its name.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct GroupRef {
    pub id: Option<String>,
    pub name: Option<String>,
}

impl GroupRef {
    pub fn by_id(id: impl Into<String>) -> GroupRef {
        GroupRef { id: Some(id.into()), name: None }
    }

    pub fn by_name(name: impl Into<String>) -> GroupRef {
        GroupRef { id: None, name: Some(name.into()) }
    }

    /// What identifies the group for rule identity: its id when known, else its name.
    pub fn identity(&self) -> &str {
        self.id.as_deref().or(self.name.as_deref()).unwrap_or("")
    }

    /// How a person reads the group: the name when known, else the id.
    pub fn label(&self) -> &str {
        self.name.as_deref().or(self.id.as_deref()).unwrap_or("")
    }
}

/// The one source of a rule.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Peer {
    CidrV4(String),
    CidrV6(String),
    PrefixList(String),
    Group(GroupRef),
}

impl Peer {
    /// The identity key used when comparing rules (a group by id when known, else by name).
    pub fn identity(&self) -> (u8, &str) {
        match self {
            Peer::CidrV4(cidr) => (0, cidr),
            Peer::CidrV6(cidr) => (1, cidr),
            Peer::PrefixList(id) => (2, id),
            Peer::Group(group) => (3, group.identity()),
        }
    }

    pub fn is_world(&self) -> bool {
        matches!(self, Peer::CidrV4(c) if c == "0.0.0.0/0") || matches!(self, Peer::CidrV6(c) if c == "::/0")
    }
}

impl fmt::Display for Peer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Peer::CidrV4(cidr) | Peer::CidrV6(cidr) | Peer::PrefixList(cidr) => f.write_str(cidr),
            Peer::Group(group) => f.write_str(group.label()),
        }
    }
}

/// An inbound rule with exactly one source.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Rule {
    pub protocol: Protocol,
    pub from_port: i32,
    pub to_port: i32,
    pub peer: Peer,
    pub description: String,
}

/// Why a desired rule exists: the manifest place, the object, and what in it asks for the rule.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Provenance {
    /// `file:line`.
    pub source: String,
    /// `Ingress ns/name`, `Service ns/name`.
    pub object: String,
    /// `listen-ports 443; source 0.0.0.0/0: the controller's default (no inbound-cidrs)`.
    pub reason: String,
}

/// The part of a rule that identifies it: everything but the description.
pub type RuleKey<'a> = (&'a Protocol, i32, i32, (u8, &'a str));

impl Rule {
    pub fn new(protocol: Protocol, from_port: i32, to_port: i32, peer: Peer) -> Rule {
        Rule { protocol, from_port, to_port, peer, description: String::new() }
    }

    pub fn with_description(mut self, description: impl Into<String>) -> Rule {
        self.description = description.into();
        self
    }

    pub fn key(&self) -> RuleKey<'_> {
        (&self.protocol, self.from_port, self.to_port, self.peer.identity())
    }

    /// The identity as text, to key provenance by: `tcp 80 80 0.0.0.0/0`.
    pub fn identity_text(&self) -> String {
        let mut text = String::new();
        self.write_identity_text(&mut text);
        text
    }

    /// `identity_text`, appended to `out`.
    pub fn write_identity_text(&self, out: &mut String) {
        use std::fmt::Write;
        let (_, peer) = self.peer.identity();
        let _ = write!(out, "{} {} {} {peer}", self.protocol, self.from_port, self.to_port);
    }

    /// The ports as a reviewer reads them: `443`, `30000-32767`, `all`, `type 3 code 4`.
    pub fn ports_text(&self) -> String {
        match self.protocol {
            Protocol::Icmp | Protocol::Icmpv6 => {
                if self.from_port == -1 {
                    "all types".to_string()
                } else if self.to_port == -1 {
                    format!("type {} all codes", self.from_port)
                } else {
                    format!("type {} code {}", self.from_port, self.to_port)
                }
            }
            Protocol::All => "all".to_string(),
            _ if self.from_port == self.to_port => self.from_port.to_string(),
            _ if self.from_port == 0 && self.to_port == 65535 => "0-65535".to_string(),
            _ => format!("{}-{}", self.from_port, self.to_port),
        }
    }

    /// Number of ports a TCP/UDP rule opens (for range warnings and display).
    pub fn port_count(&self) -> i64 {
        match self.protocol {
            Protocol::Tcp | Protocol::Udp => i64::from(self.to_port) - i64::from(self.from_port) + 1,
            _ => 1,
        }
    }
}

impl fmt::Display for Rule {
    /// `tcp 443 from 0.0.0.0/0`, `icmp type 3 code 4 from 10.0.0.0/8`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.protocol == Protocol::All {
            write!(f, "all traffic from {}", self.peer)
        } else {
            write!(f, "{} {} from {}", self.protocol, self.ports_text(), self.peer)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identity_ignores_description() {
        let a = Rule::new(Protocol::Tcp, 80, 80, Peer::CidrV4("0.0.0.0/0".into()));
        let b = a.clone().with_description("hello");
        assert_eq!(a.key(), b.key());
        assert_ne!(a, b);
    }

    #[test]
    fn group_identity_prefers_id() {
        let group = GroupRef { id: Some("sg-1".into()), name: Some("web".into()) };
        assert_eq!(group.identity(), "sg-1");
        assert_eq!(group.label(), "web");
        assert_eq!(GroupRef::by_name("web").identity(), "web");
    }

    #[test]
    fn renders_rules_for_reviewers() {
        let icmp = Rule::new(Protocol::Icmp, 3, 4, Peer::CidrV4("10.0.0.0/8".into()));
        assert_eq!(icmp.to_string(), "icmp type 3 code 4 from 10.0.0.0/8");
        let range = Rule::new(Protocol::Tcp, 30000, 32767, Peer::Group(GroupRef::by_name("k8s-traffic-x")));
        assert_eq!(range.to_string(), "tcp 30000-32767 from k8s-traffic-x");
        assert_eq!(range.port_count(), 2768);
        assert_eq!(Protocol::parse("TCP"), Protocol::Tcp);
        assert_eq!(Protocol::parse("-1").as_str(), "-1");
    }
}
