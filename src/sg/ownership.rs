//! The controller's ownership label on target (node and pod) SG rules: every rule its
//! networking manager adds carries the description `elbv2.k8s.aws/targetGroupBinding=shared`,
//! and it revokes only rules that carry it (`pkg/networking/security_group_info.go:
//! buildIPPermissionLabelsForDescription`, `networking_manager.go`). The reader uses it to
//! find the sources of such rules, the model to label the rules it plans, the diff to know
//! which rules of a node SG are sgctl's to revoke.

use super::Rule;

/// The description that marks a rule on a target SG as the controller's.
pub const OWNED_RULE_DESCRIPTION: &str = "elbv2.k8s.aws/targetGroupBinding=shared";

/// Parses `k=v` labels from a description with the controller's pattern
/// `([^\s,=]+)=([^\s,=]+)(?:,|$)` and looks for `elbv2.k8s.aws/targetGroupBinding=shared`.
pub fn is_owned_node_rule(rule: &Rule) -> bool {
    labels(&rule.description).any(|(key, value)| key == "elbv2.k8s.aws/targetGroupBinding" && value == "shared")
}

fn labels(description: &str) -> impl Iterator<Item = (&str, &str)> {
    let is_token = |c: char| !c.is_whitespace() && c != ',' && c != '=';
    let mut found = Vec::new();
    let bytes: Vec<(usize, char)> = description.char_indices().collect();
    let mut index = 0;
    while index < bytes.len() {
        // A match starts at a token character; find `key=value` followed by `,` or the end.
        let start = bytes[index].0;
        let mut cursor = index;
        while cursor < bytes.len() && is_token(bytes[cursor].1) {
            cursor += 1;
        }
        if cursor > index && cursor < bytes.len() && bytes[cursor].1 == '=' {
            let key = &description[start..bytes[cursor].0];
            let value_start = cursor + 1;
            let mut value_end = value_start;
            while value_end < bytes.len() && is_token(bytes[value_end].1) {
                value_end += 1;
            }
            let ends_ok = value_end == bytes.len() || bytes[value_end].1 == ',';
            if value_end > value_start && ends_ok {
                let value_byte_end = if value_end == bytes.len() { description.len() } else { bytes[value_end].0 };
                found.push((key, &description[bytes[value_start].0..value_byte_end]));
                index = value_end + 1;
                continue;
            }
        }
        index += 1;
    }
    found.into_iter()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sg::{Peer, Protocol};

    fn rule(description: &str) -> Rule {
        Rule::new(Protocol::Tcp, 1, 1, Peer::CidrV4("10.0.0.0/8".into())).with_description(description)
    }

    #[test]
    fn recognises_the_controllers_label() {
        assert!(is_owned_node_rule(&rule("elbv2.k8s.aws/targetGroupBinding=shared")));
        assert!(is_owned_node_rule(&rule("a=b,elbv2.k8s.aws/targetGroupBinding=shared")));
        assert!(!is_owned_node_rule(&rule("")));
        assert!(!is_owned_node_rule(&rule("elbv2.k8s.aws/targetGroupBinding=shared-not")));
        assert!(!is_owned_node_rule(&rule("elbv2.k8s.aws/targetGroupBinding=sharedx y")));
        assert!(!is_owned_node_rule(&rule("manual rule for ssh")));
    }
}
