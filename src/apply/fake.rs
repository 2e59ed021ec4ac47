//! An in-memory account with EC2's write semantics where moto differs (tests only): an
//! authorize is atomic and fails with `Duplicate` when any rule exists, a revoke of a missing
//! rule fails with `NotFound`, a delete fails with `DependencyViolation` while a network
//! interface uses the group or a rule names it, for as long as the test says.

use crate::ec2::{Ec2Error, Ec2Read, Ec2Write, Filter, GroupQuery, Instance, InterfaceUse, Page};
use crate::sg::{Account, AccountSecurityGroup, Peer, PrefixList, Rule, Subnet, Tags, Vpc};
use std::cell::RefCell;
use std::collections::BTreeMap;

#[derive(Debug, Default)]
pub struct FakeEc2 {
    pub account: RefCell<Account>,
    /// Group id → the interfaces that use it (deleting it is a DependencyViolation).
    pub users: RefCell<BTreeMap<String, Vec<InterfaceUse>>>,
    /// Every call, in order: `Name group-id`.
    pub calls: RefCell<Vec<String>>,
    next_id: RefCell<usize>,
}

impl FakeEc2 {
    pub fn new(account: Account) -> FakeEc2 {
        FakeEc2 { account: RefCell::new(account), ..FakeEc2::default() }
    }

    fn record(&self, call: &str, group: &str) {
        self.calls.borrow_mut().push(format!("{call} {group}"));
    }

    fn with_group<T>(
        &self,
        id: &str,
        change: impl FnOnce(&mut AccountSecurityGroup) -> Result<T, Ec2Error>,
    ) -> Result<T, Ec2Error> {
        let mut account = self.account.borrow_mut();
        let group = account
            .security_groups
            .iter_mut()
            .find(|group| group.id == id)
            .ok_or_else(|| Ec2Error::NotFound(format!("The security group '{id}' does not exist")))?;
        change(group)
    }

    /// Mutating calls made, by name.
    pub fn count(&self, name: &str) -> usize {
        self.calls.borrow().iter().filter(|call| call.split(' ').next() == Some(name)).count()
    }
}

impl Ec2Read for FakeEc2 {
    async fn describe_vpcs(&self, ids: &[String]) -> Result<Vec<Vpc>, Ec2Error> {
        let account = self.account.borrow().clone();
        account.describe_vpcs(ids).await
    }
    async fn describe_subnets(&self, filters: &[Filter], token: Option<String>) -> Result<Page<Subnet>, Ec2Error> {
        let account = self.account.borrow().clone();
        account.describe_subnets(filters, token).await
    }
    async fn describe_security_groups(
        &self,
        query: &GroupQuery,
        token: Option<String>,
    ) -> Result<Page<AccountSecurityGroup>, Ec2Error> {
        let mut account = self.account.borrow().clone();
        account.sort();
        account.describe_security_groups(query, token).await
    }
    async fn describe_instances(&self, filters: &[Filter], token: Option<String>) -> Result<Page<Instance>, Ec2Error> {
        let account = self.account.borrow().clone();
        account.describe_instances(filters, token).await
    }
    async fn describe_managed_prefix_lists(
        &self,
        filters: &[Filter],
        token: Option<String>,
    ) -> Result<Page<PrefixList>, Ec2Error> {
        let account = self.account.borrow().clone();
        account.describe_managed_prefix_lists(filters, token).await
    }
}

impl Ec2Write for FakeEc2 {
    async fn create_security_group(
        &self,
        name: &str,
        description: &str,
        vpc_id: &str,
        tags: &Tags,
    ) -> Result<String, Ec2Error> {
        self.record("CreateSecurityGroup", name);
        let mut account = self.account.borrow_mut();
        if account.security_groups.iter().any(|g| g.name == name && g.vpc_id == vpc_id) {
            return Err(Ec2Error::Duplicate(format!("The security group '{name}' already exists for VPC '{vpc_id}'")));
        }
        *self.next_id.borrow_mut() += 1;
        let id = format!("sg-new{:04}", self.next_id.borrow());
        account.security_groups.push(AccountSecurityGroup {
            id: id.clone(),
            name: name.into(),
            description: description.into(),
            vpc_id: vpc_id.into(),
            tags: tags.clone(),
            ingress: Vec::new(),
        });
        account.sort();
        Ok(id)
    }

    async fn create_tags(&self, group_id: &str, tags: &Tags) -> Result<(), Ec2Error> {
        self.record("CreateTags", group_id);
        self.with_group(group_id, |group| {
            group.tags.extend(tags.iter().map(|(k, v)| (k.clone(), v.clone())));
            Ok(())
        })
    }

    async fn delete_tags(&self, group_id: &str, keys: &[String]) -> Result<(), Ec2Error> {
        self.record("DeleteTags", group_id);
        self.with_group(group_id, |group| {
            group.tags.retain(|key, _| !keys.contains(key));
            Ok(())
        })
    }

    async fn authorize_ingress(&self, group_id: &str, rules: &[Rule]) -> Result<(), Ec2Error> {
        self.record("AuthorizeSecurityGroupIngress", group_id);
        self.with_group(group_id, |group| {
            if let Some(rule) = rules.iter().find(|rule| group.ingress.iter().any(|r| r.key() == rule.key())) {
                return Err(Ec2Error::Duplicate(format!("the specified rule \"{rule}\" already exists")));
            }
            group.ingress.extend(rules.iter().cloned());
            group.ingress.sort();
            Ok(())
        })
    }

    async fn revoke_ingress(&self, group_id: &str, rules: &[Rule]) -> Result<(), Ec2Error> {
        self.record("RevokeSecurityGroupIngress", group_id);
        self.with_group(group_id, |group| {
            if let Some(rule) = rules.iter().find(|rule| !group.ingress.iter().any(|r| r.key() == rule.key())) {
                return Err(Ec2Error::NotFound(format!(
                    "The specified rule does not exist in this security group: {rule}"
                )));
            }
            group.ingress.retain(|r| !rules.iter().any(|rule| rule.key() == r.key()));
            Ok(())
        })
    }

    async fn update_ingress_descriptions(&self, group_id: &str, rules: &[Rule]) -> Result<(), Ec2Error> {
        self.record("UpdateSecurityGroupRuleDescriptionsIngress", group_id);
        self.with_group(group_id, |group| {
            for rule in rules {
                if let Some(existing) = group.ingress.iter_mut().find(|r| r.key() == rule.key()) {
                    existing.description = rule.description.clone();
                }
            }
            Ok(())
        })
    }

    async fn delete_security_group(&self, group_id: &str) -> Result<(), Ec2Error> {
        self.record("DeleteSecurityGroup", group_id);
        let referenced = self.account.borrow().security_groups.iter().any(|group| {
            group.ingress.iter().any(|rule| matches!(&rule.peer, Peer::Group(g) if g.id.as_deref() == Some(group_id)))
        });
        if referenced || self.users.borrow().get(group_id).is_some_and(|users| !users.is_empty()) {
            return Err(Ec2Error::DependencyViolation(format!("resource {group_id} has a dependent object")));
        }
        let mut account = self.account.borrow_mut();
        let before = account.security_groups.len();
        account.security_groups.retain(|group| group.id != group_id);
        if account.security_groups.len() == before {
            return Err(Ec2Error::NotFound(format!("The security group '{group_id}' does not exist")));
        }
        Ok(())
    }

    async fn interfaces_using(&self, group_id: &str) -> Result<Vec<InterfaceUse>, Ec2Error> {
        Ok(self.users.borrow().get(group_id).cloned().unwrap_or_default())
    }
}
