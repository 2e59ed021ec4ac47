//! The one definition of widened access. An added rule widens access when it admits a
//! (protocol, port, source) that no rule of the group admitted before: a new source, a new
//! port, a wider range, on a new group as on an existing one. A rule covered by what was
//! there (the same ports from the same or a wider CIDR, a range split in two, a rule for
//! every protocol) admits nothing new. Revokes, deletes, tag and description changes never
//! widen.
//!
//! The diff marks each added rule with it (`widens_access` in the plan document); the
//! approval prompt (`apply --require-approval broadening`) and the text and markdown marks
//! read that mark; `describe` says in words why a marked rule widens.

use crate::sg::{Cidr, Peer, Protocol, Rule};

/// Whether `added` admits anything the rules `before` did not.
pub fn widens(added: &Rule, before: &[Rule]) -> bool {
    let sources: Vec<&Rule> = before.iter().filter(|rule| admits_source(rule, &added.peer)).collect();
    match added.protocol {
        Protocol::Tcp | Protocol::Udp => {
            let mut ranges: Vec<(i32, i32)> = sources
                .iter()
                .filter_map(|rule| match &rule.protocol {
                    Protocol::All => Some((0, 65535)),
                    protocol if *protocol == added.protocol => Some((rule.from_port, rule.to_port)),
                    _ => None,
                })
                .collect();
            ranges.sort_unstable();
            // Walk the ranges in order: `next` is the first port of `added` not covered yet.
            let mut next = added.from_port;
            for (from, to) in ranges {
                if from > next {
                    break;
                }
                next = next.max(to.saturating_add(1));
            }
            next <= added.to_port
        }
        Protocol::Icmp | Protocol::Icmpv6 => !sources.iter().any(|rule| {
            rule.protocol == Protocol::All
                || (rule.protocol == added.protocol
                    && (rule.from_port == -1
                        || (rule.from_port == added.from_port
                            && (rule.to_port == -1 || rule.to_port == added.to_port))))
        }),
        _ => !sources.iter().any(|rule| {
            rule.protocol == Protocol::All
                || (rule.protocol == added.protocol
                    && rule.from_port == added.from_port
                    && rule.to_port == added.to_port)
        }),
    }
}

/// Whether a rule's source admits everything `peer` does: the same group or prefix list, or
/// a CIDR of the same family that contains it.
fn admits_source(rule: &Rule, peer: &Peer) -> bool {
    match (&rule.peer, peer) {
        (Peer::CidrV4(wide), Peer::CidrV4(narrow)) | (Peer::CidrV6(wide), Peer::CidrV6(narrow)) => {
            match (Cidr::parse(wide), Cidr::parse(narrow)) {
                (Ok(wide), Ok(narrow)) => wide.contains(&narrow),
                _ => wide == narrow,
            }
        }
        (wide, narrow) => wide.identity() == narrow.identity(),
    }
}

/// Why a rule that widens access does, in a reviewer's words: it opens to the world, it
/// replaces a narrower range from the same source (`30080-30100 -> 30080-32500 (2421 ports,
/// was 21)`), it opens another port to a source that had some, or its source is new.
pub fn describe(added: &Rule, before: &[Rule]) -> String {
    if added.peer.is_world() {
        return "open to the world".into();
    }
    let same_source = before.iter().filter(|rule| rule.peer.identity() == added.peer.identity());
    let widest =
        same_source.clone().filter(|rule| rule.protocol == added.protocol).max_by_key(|rule| rule.port_count());
    match widest {
        Some(widest) if added.port_count() > widest.port_count() => format!(
            "{} -> {} ({} ports, was {})",
            widest.ports_text(),
            added.ports_text(),
            added.port_count(),
            widest.port_count()
        ),
        _ if same_source.count() > 0 => "a new port".into(),
        _ => "a new source".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sg::GroupRef;

    /// `tcp 80-90 10.0.0.0/8`, `icmp 3:4 0.0.0.0/0`, `-1 - sg-1`.
    fn rule(text: &str) -> Rule {
        let [protocol, ports, source] = text.split(' ').collect::<Vec<_>>()[..] else { panic!("{text}") };
        let (from, to) = match ports {
            "-" => (-1, -1),
            _ => ports.split_once(':').or_else(|| ports.split_once('-')).map_or_else(
                || (ports.parse().unwrap(), ports.parse().unwrap()),
                |(a, b)| (a.parse().unwrap(), b.parse().unwrap()),
            ),
        };
        let peer = if source.starts_with("sg-") {
            Peer::Group(GroupRef::by_id(source))
        } else if source.contains(':') {
            Peer::CidrV6(source.into())
        } else if source.starts_with("pl-") {
            Peer::PrefixList(source.into())
        } else {
            Peer::CidrV4(source.into())
        };
        Rule::new(Protocol::parse(protocol), from, to, peer)
    }

    #[test]
    fn a_rule_widens_when_nothing_before_admitted_it() {
        let cases: &[(&str, &[&str], bool)] = &[
            ("tcp 80 10.0.0.0/8", &[], true),
            ("tcp 80 10.0.0.0/8", &["tcp 80 10.0.0.0/8"], false),
            ("tcp 80 10.1.0.0/16", &["tcp 80 10.0.0.0/8"], false),
            ("tcp 80 10.0.0.0/8", &["tcp 80 10.1.0.0/16"], true),
            ("tcp 80 10.0.0.0/8", &["tcp 443 10.0.0.0/8"], true),
            ("tcp 85-95 sg-1", &["tcp 80-90 sg-1", "tcp 91-100 sg-1"], false),
            ("tcp 85-95 sg-1", &["tcp 80-90 sg-1", "tcp 92-100 sg-1"], true),
            ("tcp 30080-32500 sg-1", &["tcp 30080-30100 sg-1"], true),
            ("tcp 30080 sg-1", &["tcp 30000-32767 sg-1"], false),
            ("udp 53 sg-1", &["tcp 53 sg-1"], true),
            ("udp 53 sg-1", &["-1 - sg-1"], false),
            ("tcp 443 sg-2", &["tcp 443 sg-1"], true),
            ("tcp 443 pl-1", &["tcp 443 pl-1"], false),
            ("tcp 443 ::/0", &["tcp 443 0.0.0.0/0"], true),
            ("icmp 3:4 0.0.0.0/0", &["icmp -1:-1 0.0.0.0/0"], false),
            ("icmp 3:4 0.0.0.0/0", &["icmp 3:-1 0.0.0.0/0"], false),
            ("icmp 3:4 0.0.0.0/0", &["icmp 3:3 0.0.0.0/0"], true),
        ];
        for (added, before, expected) in cases {
            let before: Vec<Rule> = before.iter().map(|text| rule(text)).collect();
            assert_eq!(widens(&rule(added), &before), *expected, "{added} after {before:?}");
        }
    }

    #[test]
    fn the_reason_is_said_as_a_reviewer_reads_it() {
        let before = [rule("tcp 30080-30100 sg-1"), rule("tcp 22 10.0.0.0/8")];
        assert_eq!(describe(&rule("tcp 443 0.0.0.0/0"), &before), "open to the world");
        assert_eq!(describe(&rule("tcp 30080-32500 sg-1"), &before), "30080-30100 -> 30080-32500 (2421 ports, was 21)");
        assert_eq!(describe(&rule("udp 53 sg-1"), &before), "a new port");
        assert_eq!(describe(&rule("tcp 80 10.0.0.0/8"), &before), "a new port");
        assert_eq!(describe(&rule("tcp 80 192.168.0.0/16"), &before), "a new source");
    }
}
