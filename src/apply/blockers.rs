//! What keeps a group from being deleted, named for people: the network interfaces that use
//! it (with EC2's description, e.g. `ELB app/k8s-…`) and the rules in other groups that name
//! it as their source.

use crate::ec2::{Ec2Error, Ec2Read, Ec2Write, Filter, GroupQuery};
use crate::sg::{Peer, Rule};

/// One sentence naming the blockers of `group_id`, or why they could not be listed.
pub async fn describe<E: Ec2Read + Ec2Write>(ec2: &E, group_id: &str) -> String {
    let interfaces = ec2.interfaces_using(group_id).await;
    let referencing = groups_referencing(ec2, group_id).await;
    let mut parts = Vec::new();
    match interfaces {
        Ok(list) if !list.is_empty() => {
            let named: Vec<String> = list
                .iter()
                .map(|eni| {
                    if eni.description.is_empty() {
                        eni.id.clone()
                    } else {
                        format!("{} ({})", eni.id, eni.description)
                    }
                })
                .collect();
            parts.push(format!("it is used by network interfaces {}", named.join(", ")));
        }
        Ok(_) => {}
        Err(error) => parts.push(format!("its network interfaces could not be listed ({error})")),
    }
    match referencing {
        Ok(groups) if !groups.is_empty() => {
            let named: Vec<String> = groups
                .iter()
                .map(|(id, rules)| {
                    let rules: Vec<String> = rules.iter().map(ToString::to_string).collect();
                    format!("{id} ({})", rules.join("; "))
                })
                .collect();
            parts.push(format!("rules in {} name it as their source", named.join(", ")));
        }
        Ok(_) => {}
        Err(error) => parts.push(format!("the rules that reference it could not be listed ({error})")),
    }
    if parts.is_empty() {
        "EC2 named no network interface or rule that uses it".into()
    } else {
        parts.join("; ")
    }
}

/// The groups whose inbound rules name `group_id` as their source, with those rules.
async fn groups_referencing<E: Ec2Read>(ec2: &E, group_id: &str) -> Result<Vec<(String, Vec<Rule>)>, Ec2Error> {
    let query = GroupQuery::Filters(vec![Filter::new("ip-permission.group-id", [group_id])]);
    let groups = crate::ec2::all_pages(|token| ec2.describe_security_groups(&query, token)).await?;
    Ok(groups
        .into_iter()
        .map(|group| {
            let rules = group
                .ingress
                .into_iter()
                .filter(|rule| matches!(&rule.peer, Peer::Group(g) if g.id.as_deref() == Some(group_id)))
                .collect();
            (group.id, rules)
        })
        .filter(|(_, rules): &(String, Vec<Rule>)| !rules.is_empty())
        .collect())
}
