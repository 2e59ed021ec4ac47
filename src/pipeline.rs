//! The one way a plan is computed, for every command, the tests, the benchmark and the fuzz
//! target: pre-flight (every error the manifests alone can cause, so bad input never makes an
//! AWS call, and is reported before any error the account causes), read the account through any `Ec2Read` (live, snapshot, fake), model, diff,
//! findings, fingerprint. Each stage runs in a `tracing` span, which `-vv` prints with its
//! time; each stage's error is typed.

use crate::ec2::Ec2Read;
use crate::manifest::{InputError, Manifests};
use crate::model::Warning;
use crate::plan::{DiffError, Plan};
use crate::settings::Settings;
use crate::sg::Account;
use crate::state::{FetchError, Wanted};
use tracing::{debug_span, Instrument};

/// A plan, with the account it was computed against (what `state pull` writes and `apply`
/// works on).
#[derive(Debug)]
pub struct Planned {
    pub plan: Plan,
    pub account: Account,
}

/// Why there is no plan.
#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    /// A manifest the controller would reject (found by the pre-flight, or against the account).
    #[error(transparent)]
    Input(#[from] InputError),
    /// The account could not be read.
    #[error(transparent)]
    Read(#[from] FetchError),
    /// The account holds what the controller refuses to work with.
    #[error(transparent)]
    Live(#[from] DiffError),
}

/// What to read: the cluster's groups, plus those named by id or `Name` tag in the
/// manifests (custom SGs) and in the settings (backend and node SGs), and the prefix lists
/// the manifests name.
pub fn wanted(settings: &Settings, manifests: &Manifests) -> Wanted {
    let (mut group_ids, group_names) = crate::model::referenced_groups(manifests);
    group_ids.extend(settings.backend_security_group.iter().cloned());
    group_ids.extend(settings.node_security_groups.iter().cloned());
    Wanted {
        cluster: settings.cluster_name.clone(),
        vpc_id: settings.vpc_id.clone(),
        group_ids,
        group_names,
        prefix_list_ids: crate::model::referenced_prefix_lists(manifests),
    }
}

/// Plans `manifests` against the account behind `ec2`. `additive` plans no deletes, no
/// revokes and no tag removals. The manifests are freed once the model is built: their
/// memory is what the diff and the document then use.
pub async fn plan<E: Ec2Read>(
    manifests: Manifests,
    settings: &Settings,
    ec2: &E,
    additive: bool,
) -> Result<Planned, PipelineError> {
    let preflight = || debug_span!("pre-flight").in_scope(|| crate::model::preflight(&manifests, settings));
    // A snapshot in memory is read with no AWS call at stake: its pre-flight (a second run of
    // the model: 130 ms at 20,000 objects, docs/performance.md) runs only when the
    // model fails, so that the error is the one a live plan would report first.
    if ec2.is_remote() {
        preflight()?;
    }
    let wanted = wanted(settings, &manifests);
    let account = crate::state::read_account(ec2, &wanted).instrument(debug_span!("reading the account")).await?;
    // The account's fingerprint is hashed on the other core while the model is built (it
    // needs nothing else): 50 ms at 20,000 objects (docs/performance.md).
    let (built, (fingerprint, digests)) = rayon::join(
        || debug_span!("model").in_scope(|| crate::model::build(&manifests, settings, &account)),
        || {
            debug_span!("fingerprint")
                .in_scope(|| (crate::state::fingerprint(&account), crate::state::digests(&account)))
        },
    );
    let desired = match built {
        Ok(desired) => desired,
        Err(error) => {
            preflight()?;
            return Err(error.into());
        }
    };
    // Nothing after the model needs the manifests: they are freed on the other core while the
    // diff runs (13 ms at 20,000 objects, docs/performance.md).
    rayon::spawn(move || drop(manifests));
    let mut plan = debug_span!("diff").in_scope(|| crate::plan::diff(desired, &account, settings, additive))?;
    plan.read = wanted;
    plan.warnings.extend(settings.ignored_feature_gates.iter().map(|gate| Warning {
        code: "feature-gate-ignored",
        message: format!("feature gate {gate} does not change security groups; sgctl ignores it"),
        source: None,
    }));
    debug_span!("findings").in_scope(|| crate::plan::findings::check(&mut plan, &account, &settings.cluster_name));
    plan.fingerprint = fingerprint;
    plan.digests = digests;
    Ok(Planned { plan, account })
}

/// What `sgctl diff` shows the node rules on when it has neither a snapshot nor
/// `--node-security-group`: the nodes' security groups, whichever they are.
pub const NODE_GROUPS_PLACEHOLDER: &str = "(node SGs)";

/// Which side of a diff could not be planned.
#[derive(Debug, thiserror::Error)]
#[error("{error}")]
pub struct SideError {
    /// True for the old manifests, false for the new.
    pub old: bool,
    #[source]
    pub error: PipelineError,
}

/// `sgctl diff`: the plan of `new` against the account `old` would have produced from `base`
/// (a snapshot), or, without one, from the account the settings and both sides' manifests
/// describe (`state::assumed`). No AWS call: every account here is in memory. Without a
/// snapshot and without `--node-security-group`, node rules land on `NODE_GROUPS_PLACEHOLDER`
/// and a warning says so.
pub async fn diff(
    old: Manifests,
    new: Manifests,
    settings: &Settings,
    base: Option<Account>,
) -> Result<Planned, SideError> {
    let mut settings = settings.clone();
    let nodes_assumed = base.is_none() && settings.node_security_groups.is_empty();
    if nodes_assumed {
        settings.node_security_groups = vec![NODE_GROUPS_PLACEHOLDER.to_string()];
    }
    let base = base.unwrap_or_else(|| {
        let mut wanted = wanted(&settings, &old);
        let of_new = self::wanted(&settings, &new);
        wanted.group_ids.extend(of_new.group_ids);
        wanted.group_names.extend(of_new.group_names);
        crate::state::assumed(&wanted)
    });
    let before = plan(old, &settings, &base, false).await.map_err(|error| SideError { old: true, error })?;
    let account = crate::plan::applied(base, &before.plan);
    let mut planned = plan(new, &settings, &account, false).await.map_err(|error| SideError { old: false, error })?;
    if nodes_assumed {
        planned.plan.warnings.push(Warning {
            code: "node-security-groups-assumed",
            message: format!(
                "without --state or --node-security-group, node rules are shown on {NODE_GROUPS_PLACEHOLDER}, standing for the security groups of the cluster's nodes"
            ),
            source: None,
        });
        planned.plan.warnings.sort();
    }
    // The account planned against is imagined: nothing of it can be checked later.
    planned.plan.digests.clear();
    Ok(planned)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Ingress `a` names a custom SG the account lacks (an error only the account shows);
    /// Ingress `b`, modelled after it, has a bad CIDR (an error the manifests alone show).
    const TWO_ERRORS: &str = "apiVersion: networking.k8s.io/v1\nkind: IngressClass\nmetadata: {name: alb}\nspec: {controller: ingress.k8s.aws/alb}\n---\napiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: a\n  namespace: ns\n  annotations: {alb.ingress.kubernetes.io/security-groups: sg-missing}\nspec: {ingressClassName: alb}\n---\napiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: b\n  namespace: ns\n  annotations: {alb.ingress.kubernetes.io/inbound-cidrs: 10.0.0.0/33}\nspec: {ingressClassName: alb}\n";

    /// The account, read as if it were remote.
    struct Remote(Account);

    impl Ec2Read for Remote {
        async fn describe_vpcs(&self, ids: &[String]) -> Result<Vec<crate::sg::Vpc>, crate::ec2::Ec2Error> {
            self.0.describe_vpcs(ids).await
        }
        async fn describe_subnets(
            &self,
            filters: &[crate::ec2::Filter],
            token: Option<String>,
        ) -> Result<crate::ec2::Page<crate::sg::Subnet>, crate::ec2::Ec2Error> {
            self.0.describe_subnets(filters, token).await
        }
        async fn describe_security_groups(
            &self,
            query: &crate::ec2::GroupQuery,
            token: Option<String>,
        ) -> Result<crate::ec2::Page<crate::sg::AccountSecurityGroup>, crate::ec2::Ec2Error> {
            self.0.describe_security_groups(query, token).await
        }
        async fn describe_instances(
            &self,
            filters: &[crate::ec2::Filter],
            token: Option<String>,
        ) -> Result<crate::ec2::Page<crate::ec2::Instance>, crate::ec2::Ec2Error> {
            self.0.describe_instances(filters, token).await
        }
        async fn describe_managed_prefix_lists(
            &self,
            filters: &[crate::ec2::Filter],
            token: Option<String>,
        ) -> Result<crate::ec2::Page<crate::sg::PrefixList>, crate::ec2::Ec2Error> {
            self.0.describe_managed_prefix_lists(filters, token).await
        }
    }

    fn manifests() -> Manifests {
        let mut manifests = Manifests::default();
        crate::manifest::load_text("m.yaml", TWO_ERRORS, &mut manifests).unwrap();
        manifests
    }

    #[tokio::test]
    async fn the_manifests_error_comes_first_against_a_snapshot_as_against_aws() {
        let settings = Settings::for_cluster("c");
        let local = plan(manifests(), &settings, &Account::default(), false).await.unwrap_err().to_string();
        let remote = plan(manifests(), &settings, &Remote(Account::default()), false).await.unwrap_err().to_string();
        assert!(local.contains("Ingress ns/b") && local.contains("invalid CIDR address: 10.0.0.0/33"), "{local}");
        assert_eq!(remote, local);
        // Without the bad CIDR, the account's error.
        let mut only_account = manifests();
        only_account.ingresses.pop();
        let error = plan(only_account, &settings, &Account::default(), false).await.unwrap_err().to_string();
        assert!(error.contains("couldn't find all security groups"), "{error}");
    }
}
