//! The one way a plan is computed, for every command, the tests, the benchmark and the fuzz
//! target: pre-flight (every error the manifests alone can cause, so bad input never makes an
//! AWS call), read the account through any `Ec2Read` (live, snapshot, fake), model, diff,
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
/// revokes and no tag removals. The manifests are dropped once the model is built: nothing
/// after it needs them, and their memory is what the diff and the document then use.
pub async fn plan<E: Ec2Read>(
    manifests: Manifests,
    settings: &Settings,
    ec2: &E,
    additive: bool,
) -> Result<Planned, PipelineError> {
    debug_span!("pre-flight").in_scope(|| crate::model::preflight(&manifests, settings))?;
    let wanted = wanted(settings, &manifests);
    let account = crate::state::read_account(ec2, &wanted).instrument(debug_span!("reading the account")).await?;
    let desired = debug_span!("model").in_scope(|| crate::model::build(&manifests, settings, &account))?;
    drop(manifests);
    let mut plan = debug_span!("diff").in_scope(|| crate::plan::diff(desired, &account, settings, additive))?;
    plan.read = wanted;
    plan.warnings.extend(settings.ignored_feature_gates.iter().map(|gate| Warning {
        code: "feature-gate-ignored",
        message: format!("feature gate {gate} does not change security groups; sgctl ignores it"),
        source: None,
    }));
    debug_span!("findings").in_scope(|| crate::plan::findings::check(&mut plan, &account, &settings.cluster_name));
    debug_span!("fingerprint").in_scope(|| {
        plan.fingerprint = crate::state::fingerprint(&account);
        plan.digests = crate::state::digests(&account);
    });
    Ok(Planned { plan, account })
}
