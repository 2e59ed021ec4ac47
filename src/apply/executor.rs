//! The phases of an apply, each over every group it concerns, bounded in parallelism and
//! paced by the rate limit. A group that fails is not touched again in a later phase; if
//! anything failed, no group is deleted (a delete is the one step that cannot be undone).

use super::rate::Bucket;
use super::{blockers, ApplyOptions, Event, Report};
use crate::ec2::{Ec2Error, Ec2Read, Ec2Write, Filter, GroupQuery};
use crate::plan::{Action, Change};
use crate::sg::{tags, AccountSecurityGroup, Peer, Rule, Tags};
use futures_util::stream::{self, StreamExt};
use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};
use std::future::Future;
use tokio::time::Instant;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Phase {
    Create,
    Tags,
    Authorize,
    Descriptions,
    Revoke,
    Delete,
}

const ORDER: [Phase; 6] =
    [Phase::Create, Phase::Tags, Phase::Authorize, Phase::Descriptions, Phase::Revoke, Phase::Delete];

/// The phases a change needs, in order.
fn phases(change: &Change) -> Vec<Phase> {
    let mut needed = Vec::new();
    match change.action {
        Action::Create => needed.push(Phase::Create),
        Action::Delete => return vec![Phase::Delete],
        Action::Update => {
            if !change.tags_set.is_empty() || !change.tags_removed.is_empty() {
                needed.push(Phase::Tags);
            }
        }
    }
    if !change.rules_added.is_empty() {
        needed.push(Phase::Authorize);
    }
    if !change.rules_updated.is_empty() {
        needed.push(Phase::Descriptions);
    }
    if !change.rules_removed.is_empty() {
        needed.push(Phase::Revoke);
    }
    needed
}

struct Run<'a, E> {
    ec2: &'a E,
    options: &'a ApplyOptions,
    vpc_id: &'a str,
    bucket: Bucket,
    progress: &'a dyn Fn(&Event),
    /// Groups created (or adopted) in this run: name → id.
    created: RefCell<BTreeMap<String, String>>,
    /// Addresses that failed or could not be attempted: not touched again.
    stopped: RefCell<BTreeSet<String>>,
    started: RefCell<BTreeMap<String, Instant>>,
    report: RefCell<Report>,
}

/// Applies `changes` (a plan's) to the account behind `ec2`. New groups go into `vpc_id`.
pub async fn execute<E: Ec2Read + Ec2Write>(
    ec2: &E,
    changes: &[Change],
    vpc_id: &str,
    options: &ApplyOptions,
    progress: &dyn Fn(&Event),
) -> Report {
    let run = Run {
        ec2,
        options,
        vpc_id,
        bucket: Bucket::new(options.rate),
        progress,
        created: RefCell::default(),
        stopped: RefCell::default(),
        started: RefCell::default(),
        report: RefCell::default(),
    };
    for phase in ORDER {
        if phase == Phase::Delete && !run.report.borrow().failures.is_empty() {
            let mut report = run.report.borrow_mut();
            report
                .not_attempted
                .extend(changes.iter().filter(|c| c.action == Action::Delete).map(|c| c.address.clone()));
            break;
        }
        let work: Vec<&Change> = changes
            .iter()
            .filter(|change| phases(change).contains(&phase) && !run.stopped.borrow().contains(&change.address))
            .collect();
        stream::iter(work)
            .map(|change| run.step(change, phase))
            .buffer_unordered(options.parallelism.max(1))
            .collect::<Vec<()>>()
            .await;
    }
    run.report.into_inner()
}

impl<E: Ec2Read + Ec2Write> Run<'_, E> {
    /// One mutating call: paced, counted.
    async fn call<T>(
        &self,
        name: &'static str,
        call: impl Future<Output = Result<T, Ec2Error>>,
    ) -> Result<T, Ec2Error> {
        self.bucket.acquire().await;
        *self.report.borrow_mut().calls.entry(name).or_insert(0) += 1;
        call.await
    }

    fn group_id(&self, change: &Change) -> Option<String> {
        match change.action {
            Action::Create => {
                change.security_group.name.as_ref().and_then(|name| self.created.borrow().get(name).cloned())
            }
            _ => change.security_group.id.clone(),
        }
    }

    fn announce(&self, change: &Change) {
        if self.started.borrow().contains_key(&change.address) {
            return;
        }
        self.started.borrow_mut().insert(change.address.clone(), Instant::now());
        let verb = match change.action {
            Action::Create => "Creating",
            Action::Update => "Modifying",
            Action::Delete => "Destroying",
        };
        let id = (change.action != Action::Create).then(|| change.security_group.id.clone()).flatten();
        (self.progress)(&Event::Started { address: change.address.clone(), verb, id });
    }

    fn finish(&self, change: &Change) {
        let seconds = self.started.borrow().get(&change.address).map(|s| s.elapsed().as_secs()).unwrap_or(0);
        let (noun, id) = match change.action {
            Action::Create => ("Creation", self.group_id(change)),
            Action::Update => ("Modifications", self.group_id(change)),
            Action::Delete => ("Destruction", None),
        };
        {
            let mut report = self.report.borrow_mut();
            match change.action {
                Action::Create => report.added += 1,
                Action::Update => report.changed += 1,
                Action::Delete => report.destroyed += 1,
            }
        }
        (self.progress)(&Event::Finished { address: change.address.clone(), noun, seconds, id });
    }

    fn fail(&self, change: &Change, message: String) {
        self.stopped.borrow_mut().insert(change.address.clone());
        self.report.borrow_mut().failures.push((change.address.clone(), message.clone()));
        (self.progress)(&Event::Failed { address: change.address.clone(), message });
    }

    async fn step(&self, change: &Change, phase: Phase) {
        self.announce(change);
        let outcome = match phase {
            Phase::Create => self.create(change).await,
            Phase::Tags => self.tags(change).await,
            Phase::Authorize => self.authorize(change).await,
            Phase::Descriptions => self.descriptions(change).await,
            Phase::Revoke => self.revoke(change).await,
            Phase::Delete => self.delete(change).await,
        };
        match outcome {
            Ok(()) if phases(change).last() == Some(&phase) => self.finish(change),
            Ok(()) => {}
            Err(Outcome::Failed(message)) => self.fail(change, message),
            Err(Outcome::NotAttempted(reason)) => {
                self.stopped.borrow_mut().insert(change.address.clone());
                self.report.borrow_mut().not_attempted.push(format!("{} ({reason})", change.address));
            }
        }
    }

    /// Peers that name a group created in this run get its id.
    fn resolve(&self, rules: &[Rule]) -> Result<Vec<Rule>, Outcome> {
        rules
            .iter()
            .map(|rule| {
                let mut rule = rule.clone();
                if let Peer::Group(group) = &mut rule.peer {
                    if group.id.is_none() {
                        let name = group.name.clone().unwrap_or_default();
                        let id =
                            self.created.borrow().get(&name).cloned().ok_or_else(|| {
                                Outcome::NotAttempted(format!("its source group {name} was not created"))
                            })?;
                        group.id = Some(id);
                    }
                }
                Ok(rule)
            })
            .collect()
    }

    fn id_of(&self, change: &Change) -> Result<String, Outcome> {
        self.group_id(change).ok_or_else(|| Outcome::NotAttempted("the group does not exist".into()))
    }

    async fn create(&self, change: &Change) -> Result<(), Outcome> {
        let after = change.after.as_ref().ok_or_else(|| Outcome::Failed("the plan has no state to create".into()))?;
        let name = after.name.clone().unwrap_or_default();
        let description = after.description.clone().unwrap_or_default();
        let group_tags = after.tags.clone().unwrap_or_default();
        let created = self
            .call("CreateSecurityGroup", self.ec2.create_security_group(&name, &description, self.vpc_id, &group_tags))
            .await;
        let id = match created {
            Ok(id) => id,
            Err(Ec2Error::Duplicate(_)) => self.adopt(&name, &group_tags).await?,
            Err(error) => return Err(Outcome::Failed(format!("CreateSecurityGroup: {error}"))),
        };
        self.created.borrow_mut().insert(name, id);
        Ok(())
    }

    /// A group of that name exists: it is ours to adopt only if it carries our tracking tags.
    async fn adopt(&self, name: &str, wanted: &Tags) -> Result<String, Outcome> {
        let query = GroupQuery::Filters(vec![Filter::new("vpc-id", [self.vpc_id]), Filter::new("group-name", [name])]);
        let found =
            self.ec2.describe_security_groups(&query, None).await.map_err(|e| Outcome::Failed(e.to_string()))?;
        let group = found.items.into_iter().next().ok_or_else(|| {
            Outcome::Failed(format!("CreateSecurityGroup: {name} exists, yet DescribeSecurityGroups does not find it"))
        })?;
        let ours = tags::TRACKING_KEYS
            .iter()
            .filter_map(|key| wanted.get(*key).map(|value| (*key, value)))
            .all(|(key, value)| group.tags.get(key) == Some(value));
        if ours {
            Ok(group.id)
        } else {
            Err(Outcome::Failed(format!(
                "a security group named {name} already exists in {} ({}) without sgctl's tags; rename or delete it, or tag it as the controller would",
                self.vpc_id, group.id
            )))
        }
    }

    async fn tags(&self, change: &Change) -> Result<(), Outcome> {
        let id = self.id_of(change)?;
        if !change.tags_set.is_empty() {
            self.call("CreateTags", self.ec2.create_tags(&id, &change.tags_set))
                .await
                .map_err(|e| Outcome::Failed(format!("CreateTags: {e}")))?;
        }
        if !change.tags_removed.is_empty() {
            let keys: Vec<String> = change.tags_removed.keys().cloned().collect();
            self.call("DeleteTags", self.ec2.delete_tags(&id, &keys))
                .await
                .map_err(|e| Outcome::Failed(format!("DeleteTags: {e}")))?;
        }
        Ok(())
    }

    async fn current(&self, id: &str) -> Result<AccountSecurityGroup, Outcome> {
        let page = self
            .ec2
            .describe_security_groups(&GroupQuery::Ids(vec![id.to_string()]), None)
            .await
            .map_err(|e| Outcome::Failed(format!("DescribeSecurityGroups: {e}")))?;
        page.items.into_iter().next().ok_or_else(|| Outcome::Failed(format!("{id} no longer exists")))
    }

    async fn authorize(&self, change: &Change) -> Result<(), Outcome> {
        let id = self.id_of(change)?;
        let rules = self.resolve(&change.rules_added)?;
        match self.call("AuthorizeSecurityGroupIngress", self.ec2.authorize_ingress(&id, &rules)).await {
            Ok(()) => Ok(()),
            // Some rule is there already (added by hand, or by an earlier run): add the rest.
            Err(Ec2Error::Duplicate(_)) => {
                let live = self.current(&id).await?;
                let present: BTreeSet<_> = live.ingress.iter().map(Rule::key).collect();
                let missing: Vec<Rule> = rules.into_iter().filter(|rule| !present.contains(&rule.key())).collect();
                if missing.is_empty() {
                    return Ok(());
                }
                self.call("AuthorizeSecurityGroupIngress", self.ec2.authorize_ingress(&id, &missing))
                    .await
                    .map_err(|e| Outcome::Failed(format!("AuthorizeSecurityGroupIngress: {e}")))
            }
            Err(error) => Err(Outcome::Failed(format!("AuthorizeSecurityGroupIngress: {error}"))),
        }
    }

    async fn descriptions(&self, change: &Change) -> Result<(), Outcome> {
        let id = self.id_of(change)?;
        let after: Vec<Rule> = change.rules_updated.iter().map(|update| update.after.clone()).collect();
        let rules = self.resolve(&after)?;
        self.call("UpdateSecurityGroupRuleDescriptionsIngress", self.ec2.update_ingress_descriptions(&id, &rules))
            .await
            .map_err(|e| Outcome::Failed(format!("UpdateSecurityGroupRuleDescriptionsIngress: {e}")))
    }

    async fn revoke(&self, change: &Change) -> Result<(), Outcome> {
        let id = self.id_of(change)?;
        match self.call("RevokeSecurityGroupIngress", self.ec2.revoke_ingress(&id, &change.rules_removed)).await {
            Ok(()) => Ok(()),
            // Some rule is gone already: revoke what is still there.
            Err(Ec2Error::NotFound(_)) => {
                let live = self.current(&id).await?;
                let wanted: BTreeSet<_> = change.rules_removed.iter().map(Rule::key).collect();
                let present: Vec<Rule> = live.ingress.into_iter().filter(|rule| wanted.contains(&rule.key())).collect();
                if present.is_empty() {
                    return Ok(());
                }
                self.call("RevokeSecurityGroupIngress", self.ec2.revoke_ingress(&id, &present))
                    .await
                    .map_err(|e| Outcome::Failed(format!("RevokeSecurityGroupIngress: {e}")))
            }
            Err(error) => Err(Outcome::Failed(format!("RevokeSecurityGroupIngress: {error}"))),
        }
    }

    /// Retried while EC2 answers DependencyViolation (a load balancer or a rule still uses
    /// the group), as the controller does; then the blockers are named.
    async fn delete(&self, change: &Change) -> Result<(), Outcome> {
        let id = self.id_of(change)?;
        let timeout = if change.address == "security_group.backend" {
            self.options.backend_delete_timeout
        } else {
            self.options.delete_timeout
        };
        let started = Instant::now();
        loop {
            match self.call("DeleteSecurityGroup", self.ec2.delete_security_group(&id)).await {
                Ok(()) | Err(Ec2Error::NotFound(_)) => return Ok(()),
                Err(Ec2Error::DependencyViolation(_))
                    if started.elapsed() + self.options.delete_retry_step <= timeout =>
                {
                    tokio::time::sleep(self.options.delete_retry_step).await;
                }
                Err(Ec2Error::DependencyViolation(message)) => {
                    let blockers = blockers::describe(self.ec2, &id).await;
                    return Err(Outcome::Failed(format!(
                        "DeleteSecurityGroup: DependencyViolation: {message} (still failing after {}s): {blockers}; once they are gone, run sgctl apply again",
                        started.elapsed().as_secs()
                    )));
                }
                Err(error) => return Err(Outcome::Failed(format!("DeleteSecurityGroup: {error}"))),
            }
        }
    }
}

/// Why a step did not complete.
#[derive(Debug)]
enum Outcome {
    Failed(String),
    NotAttempted(String),
}
