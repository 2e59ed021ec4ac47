//! The account as it would be once a plan is applied, computed without EC2: what `sgctl diff`
//! plans the new manifests against (the account the old manifests would have produced). The
//! effects are the executor's (`apply/executor.rs`): groups created with their tags and given
//! placeholder ids (EC2 would choose the real ones), tags set and removed, rules authorized (a
//! source named by a group created here gets its id), descriptions updated, rules revoked,
//! groups deleted. A change to a group the account does not hold (a node SG named by
//! `--node-security-group` but not in the snapshot) adds that group, so that the rules the
//! plan adds to it are there to compare against.

use super::{Action, Change, Plan};
use crate::sg::{Account, AccountSecurityGroup, Peer, Rule, PLACEHOLDER_ID_PREFIX};
use std::collections::{BTreeMap, BTreeSet};

/// `account` once `plan`'s changes are made.
pub fn applied(mut account: Account, plan: &Plan) -> Account {
    let vpc_id = plan.vpc_id.clone().unwrap_or_default();
    let mut created: BTreeMap<String, String> = BTreeMap::new();
    for change in plan.changes.iter().filter(|change| change.action == Action::Create) {
        let Some(after) = &change.after else { continue };
        let name = after.name.clone().unwrap_or_default();
        let id = format!("{PLACEHOLDER_ID_PREFIX}{:04}", created.len() + 1);
        account.security_groups.push(AccountSecurityGroup {
            id: id.clone(),
            name: name.clone(),
            description: after.description.clone().unwrap_or_default(),
            vpc_id: after.vpc_id.clone().unwrap_or_else(|| vpc_id.clone()),
            tags: after.tags.clone().unwrap_or_default(),
            ingress: Vec::new(),
        });
        created.insert(name, id);
    }
    let resolve = |rule: &Rule| {
        let mut rule = rule.clone();
        if let Peer::Group(group) = &mut rule.peer {
            if group.id.is_none() {
                group.id = group.name.as_ref().and_then(|name| created.get(name)).cloned();
            }
        }
        rule
    };
    let mut deleted = BTreeSet::new();
    for change in &plan.changes {
        let id = change
            .security_group
            .id
            .clone()
            .or_else(|| change.security_group.name.as_ref().and_then(|name| created.get(name)).cloned());
        let Some(id) = id else { continue };
        if change.action == Action::Delete {
            deleted.insert(id);
            continue;
        }
        let group = match account.security_groups.iter().position(|group| group.id == id) {
            Some(index) => &mut account.security_groups[index],
            None => {
                account.security_groups.push(unknown_group(&id, change, &vpc_id));
                account.security_groups.last_mut().expect("just pushed")
            }
        };
        make(group, change, &resolve);
    }
    account.security_groups.retain(|group| !deleted.contains(&group.id));
    account.sort();
    account
}

/// A group the account did not hold, as far as the change tells.
fn unknown_group(id: &str, change: &Change, vpc_id: &str) -> AccountSecurityGroup {
    AccountSecurityGroup {
        id: id.to_string(),
        name: change.security_group.name.clone().unwrap_or_default(),
        description: String::new(),
        vpc_id: vpc_id.to_string(),
        tags: Default::default(),
        ingress: Vec::new(),
    }
}

/// One change's tag and rule edits on its group.
fn make(group: &mut AccountSecurityGroup, change: &Change, resolve: &dyn Fn(&Rule) -> Rule) {
    group.tags.extend(change.tags_set.iter().map(|(key, value)| (key.clone(), value.clone())));
    group.tags.retain(|key, _| !change.tags_removed.contains_key(key));
    for rule in change.rules_added.iter().map(resolve) {
        if !group.ingress.iter().any(|present| present.key() == rule.key()) {
            group.ingress.push(rule);
        }
    }
    for update in &change.rules_updated {
        let after = resolve(&update.after);
        if let Some(present) = group.ingress.iter_mut().find(|present| present.key() == after.key()) {
            present.description = after.description;
        }
    }
    let removed: Vec<Rule> = change.rules_removed.iter().map(resolve).collect();
    group.ingress.retain(|present| !removed.iter().any(|rule| rule.key() == present.key()));
    group.ingress.sort();
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::GroupState;
    use crate::sg::{GroupRef, Protocol, Tags};

    fn rule(port: i32, peer: Peer) -> Rule {
        Rule { protocol: Protocol::Tcp, from_port: port, to_port: port, peer, description: String::new() }
    }

    fn change(action: Action, group: GroupRef) -> Change {
        Change {
            address: String::new(),
            action,
            security_group: group,
            node_rules_only: false,
            before: None,
            after: None,
            rules_added: Vec::new(),
            widens_access: Vec::new(),
            rules_removed: Vec::new(),
            rules_updated: Vec::new(),
            unchanged_rules: 0,
            tags_set: Tags::new(),
            tags_removed: Tags::new(),
            tags_before: Tags::new(),
        }
    }

    fn group(id: &str, ingress: Vec<Rule>) -> AccountSecurityGroup {
        AccountSecurityGroup {
            id: id.into(),
            name: id.into(),
            description: String::new(),
            vpc_id: "vpc-1".into(),
            tags: Tags::from([("keep".to_string(), "1".to_string()), ("old".to_string(), "1".to_string())]),
            ingress,
        }
    }

    #[test]
    fn creates_get_placeholder_ids_that_rules_naming_them_resolve_to() {
        let mut create = change(Action::Create, GroupRef::by_name("k8s-traffic"));
        create.after = Some(GroupState {
            id: None,
            name: Some("k8s-traffic".into()),
            description: Some("backend".into()),
            vpc_id: None,
            tags: Some(Tags::from([("elbv2.k8s.aws/resource".to_string(), "backend-sg".to_string())])),
            ingress: Vec::new(),
        });
        let mut node = change(Action::Update, GroupRef::by_id("sg-node"));
        node.rules_added = vec![rule(8080, Peer::Group(GroupRef::by_name("k8s-traffic")))];
        node.rules_removed = vec![rule(22, Peer::CidrV4("0.0.0.0/0".into()))];
        node.tags_set = Tags::from([("new".to_string(), "1".to_string())]);
        node.tags_removed = Tags::from([("old".to_string(), "1".to_string())]);
        let mut unknown = change(Action::Update, GroupRef::by_id("sg-elsewhere"));
        unknown.rules_added = vec![rule(80, Peer::CidrV4("10.0.0.0/8".into()))];
        let gone = change(Action::Delete, GroupRef::by_id("sg-gone"));
        let plan = Plan { vpc_id: Some("vpc-1".into()), changes: vec![create, node, unknown, gone], ..Plan::default() };
        let account = Account {
            security_groups: vec![
                group("sg-node", vec![rule(22, Peer::CidrV4("0.0.0.0/0".into()))]),
                group("sg-gone", vec![]),
            ],
            ..Account::default()
        };
        let after = applied(account, &plan);
        let ids: Vec<&str> = after.security_groups.iter().map(|group| group.id.as_str()).collect();
        assert_eq!(ids, ["sg-elsewhere", "sg-node", "sg-planned-0001"]);
        let backend = &after.security_groups[2];
        assert_eq!((backend.name.as_str(), backend.vpc_id.as_str()), ("k8s-traffic", "vpc-1"));
        assert_eq!(backend.tags["elbv2.k8s.aws/resource"], "backend-sg");
        let node = &after.security_groups[1];
        let placeholder = GroupRef { id: Some("sg-planned-0001".into()), name: Some("k8s-traffic".into()) };
        assert_eq!(node.ingress, vec![rule(8080, Peer::Group(placeholder))]);
        assert_eq!(node.tags.keys().collect::<Vec<_>>(), ["keep", "new"]);
        assert_eq!(after.security_groups[0].ingress, vec![rule(80, Peer::CidrV4("10.0.0.0/8".into()))]);
    }
}
