//! The clap definition of every command and flag (docs/usage.md).

use clap::{ArgAction, Args, Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "sgctl",
    // `sgctl 0.1.0 (commit 1a2b3c4d5e6f)`: the commit from build.rs.
    version = concat!(env!("CARGO_PKG_VERSION"), " (commit ", env!("SGCTL_GIT_COMMIT"), ")"),
    about = "Plan the AWS security groups the AWS Load Balancer Controller would create for your manifests"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    #[command(flatten)]
    pub global: GlobalArgs,
}

/// Options every command takes.
#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// When to colour the output: auto (on a terminal, unless NO_COLOR), always, never.
    #[arg(long, value_enum, value_name = "WHEN", default_value = "auto", global = true)]
    pub color: ColorChoice,
    /// Say more on stderr: -v what was read and called, -vv debugging detail.
    #[arg(short, long, action = ArgAction::Count, global = true)]
    pub verbose: u8,
    /// Say nothing on stderr but errors.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Compute and print the plan for the manifests.
    #[command(
        after_help = "Examples:\n  sgctl plan manifests/ --cluster-name prod --state snapshot.json\n  kubectl get ingress,svc,ingressclass -A -o yaml | sgctl plan - --cluster-name prod --state snapshot.json\n  sgctl plan examples/manifests --config examples/sgctl.yaml -o json --out plan.json"
    )]
    Plan(Box<PlanArgs>),
    /// Apply a saved plan, or plan, show, ask and apply.
    #[command(
        after_help = "Examples:\n  sgctl apply manifests/ --cluster-name prod            # plan, show, ask 'yes', apply\n  sgctl plan manifests/ --cluster-name prod --out plan.json && sgctl apply plan.json"
    )]
    Apply(Box<ApplyArgs>),
    /// Print a saved plan (from `plan --out FILE`).
    Show(ShowArgs),
    /// Show the security-group changes NEW's manifests make relative to OLD's; no AWS access.
    #[command(
        after_help = "OLD and NEW are each a file, a folder, - (stdin), or REV:PATH, PATH as it is at git revision REV.\n\nExamples:\n  sgctl diff origin/main:k8s k8s --cluster-name prod -o markdown     # a pull request's change\n  sgctl diff ingress/ gateway/ --cluster-name prod --state snapshot.json\n  sgctl diff origin/main:team-a team-a --cluster-name prod --cluster-export cluster.yaml"
    )]
    Diff(Box<DiffArgs>),
    /// Say, for one security group, why each of its rules exists and why others will go.
    #[command(
        after_help = "Examples:\n  sgctl explain k8s-shop-storefro-4013843665 manifests/ --cluster-name prod\n  sgctl explain sg-0a11000000000a111 examples/manifests --config examples/sgctl.yaml --state examples/snapshot.json"
    )]
    Explain(Box<ExplainArgs>),
    /// Work with snapshots of the live account.
    State(StateArgs),
    /// Print the completion script for a shell (bash, zsh, fish, powershell, elvish).
    #[command(
        after_help = "Examples:\n  sgctl completions bash > ~/.local/share/bash-completion/completions/sgctl\n  sgctl completions zsh > \"${fpath[1]}/_sgctl\""
    )]
    Completions(CompletionsArgs),
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub struct StateArgs {
    #[command(subcommand)]
    pub command: StateCommand,
}

#[derive(Debug, Subcommand)]
pub enum StateCommand {
    /// Write a snapshot of the live account (for offline plans with --state).
    #[command(
        after_help = "Examples:\n  sgctl state pull --cluster-name prod -o snapshot.json\n  sgctl state pull manifests/ --cluster-name prod -o snapshot.json   # also the custom SGs the manifests name"
    )]
    Pull(Box<PullArgs>),
}

#[derive(Debug, Args)]
pub struct PullArgs {
    /// Manifests whose custom security groups (by id or Name tag) the snapshot must include.
    #[arg(value_name = "PATH")]
    pub paths: Vec<String>,
    #[command(flatten)]
    pub common: CommonArgs,
    /// Write the snapshot to FILE instead of stdout.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<String>,
}

/// What every command that reads the account takes: the controller settings, the AWS
/// options, and the settings file.
#[derive(Debug, Default, Args)]
pub struct CommonArgs {
    #[command(flatten)]
    pub input: InputArgs,
    #[command(flatten)]
    pub aws: AwsArgs,
}

/// What every command that plans takes besides AWS: the controller settings, the settings
/// file, and the rest of the cluster.
#[derive(Debug, Default, Args)]
pub struct InputArgs {
    #[command(flatten)]
    pub settings: SettingsArgs,
    /// Settings file (default: sgctl.yaml in the current folder, if present).
    #[arg(long, value_name = "FILE")]
    pub config: Option<String>,
    /// The rest of the cluster, as `kubectl get ... -A -o yaml` printed it (repeatable); the
    /// input's objects replace those of the same kind, namespace and name.
    #[arg(long, value_name = "FILE")]
    pub cluster_export: Vec<String>,
}

/// Where the live account is (docs/aws.md; the usual `AWS_*` variables are the fallback).
#[derive(Debug, Default, Args)]
pub struct AwsArgs {
    /// AWS profile; its credentials win even over AWS_ACCESS_KEY_ID.
    #[arg(long, value_name = "NAME")]
    pub profile: Option<String>,
    /// AWS region (else AWS_REGION, the profile, the instance metadata).
    #[arg(long, value_name = "REGION")]
    pub region: Option<String>,
    /// EC2-compatible endpoint, also used for STS (else AWS_ENDPOINT_URL_EC2 / AWS_ENDPOINT_URL).
    #[arg(long, value_name = "URL")]
    pub endpoint_url: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    Text,
    Json,
    /// For a pull-request comment.
    Markdown,
}

#[derive(Debug, Args)]
pub struct PlanArgs {
    /// Manifest files or folders (searched recursively for *.yaml, *.yml, *.json); - reads stdin.
    #[arg(value_name = "PATH", default_value = ".")]
    pub paths: Vec<String>,
    #[command(flatten)]
    pub common: CommonArgs,
    /// Read the live side from this snapshot file instead of AWS (config key state, env SGCTL_STATE).
    #[arg(long, value_name = "FILE")]
    pub state: Option<String>,
    /// Renderer.
    #[arg(short = 'o', long = "output", value_enum, default_value = "text")]
    pub output: OutputFormat,
    /// Save the plan document to FILE (for `sgctl show FILE`).
    #[arg(long, value_name = "FILE")]
    pub out: Option<String>,
    /// Exit 0 when there are no changes, 2 when there are, 1 on error.
    #[arg(long)]
    pub detailed_exitcode: bool,
    /// Plan no deletes and no revokes (only additions and updates).
    #[arg(long)]
    pub additive: bool,
    /// Exit 1 when the plan has findings with these codes (docs/findings.md), as CODE,CODE.
    #[arg(long, value_name = "CODES", value_delimiter = ',')]
    pub fail_on: Vec<String>,
}

/// The settings that mirror the controller's flags (docs/config.md).
#[derive(Debug, Default, Args)]
pub struct SettingsArgs {
    /// The cluster name (required; the controller's --cluster-name).
    #[arg(long, value_name = "NAME")]
    pub cluster_name: Option<String>,
    /// The cluster VPC (needed when the account has several).
    #[arg(long, value_name = "ID")]
    pub vpc_id: Option<String>,
    /// Use the shared backend SG (default true).
    #[arg(long, value_name = "BOOL", num_args = 0..=1, default_missing_value = "true")]
    pub enable_backend_security_group: Option<String>,
    /// Use this SG as the shared backend SG.
    #[arg(long, value_name = "SG_ID")]
    pub backend_security_group: Option<String>,
    /// Manage backend rules for custom frontend SGs by default (default false).
    #[arg(long, value_name = "BOOL", num_args = 0..=1, default_missing_value = "true")]
    pub enable_manage_backend_security_group_rules: Option<String>,
    /// Open all ports on targets instead of only the needed ones (default false).
    #[arg(long, value_name = "BOOL", num_args = 0..=1, default_missing_value = "true")]
    pub disable_restricted_sg_rules: Option<String>,
    /// Tags for every managed SG, as k=v,k2=v2.
    #[arg(long, value_name = "TAGS")]
    pub default_tags: Option<String>,
    /// Tag keys managed outside the controller, as k1,k2.
    #[arg(long, value_name = "KEYS")]
    pub external_managed_tags: Option<String>,
    /// internal or internet-facing (default internal).
    #[arg(long, value_name = "SCHEME")]
    pub default_load_balancer_scheme: Option<String>,
    /// instance or ip (default instance).
    #[arg(long, value_name = "TYPE")]
    pub default_target_type: Option<String>,
    /// The loadBalancerClass the controller handles (default service.k8s.aws/nlb).
    #[arg(long, value_name = "CLASS")]
    pub load_balancer_class: Option<String>,
    /// The kubernetes.io/ingress.class annotation value the controller handles (default alb).
    #[arg(long, value_name = "CLASS")]
    pub ingress_class: Option<String>,
    /// Controller feature gates, as Name=bool,Name2=bool.
    #[arg(long, value_name = "GATES")]
    pub feature_gates: Option<String>,
    /// Extra tags that pick the target SG on ENIs with several SGs, as k=v,...
    #[arg(long, value_name = "TAGS")]
    pub service_target_eni_security_group_tags: Option<String>,
    /// Whether the controller's Service mutator webhook is on (default true).
    #[arg(long, value_name = "BOOL", num_args = 0..=1, default_missing_value = "true")]
    pub enable_service_mutator_webhook: Option<String>,
    /// Answer 503 for a forward to one missing Service instead of failing (default true).
    #[arg(long, value_name = "BOOL", num_args = 0..=1, default_missing_value = "true")]
    pub tolerate_non_existent_backend_service: Option<String>,
    /// Answer 503 for a use-annotation backend without its actions annotation (default true).
    #[arg(long, value_name = "BOOL", num_args = 0..=1, default_missing_value = "true")]
    pub tolerate_non_existent_backend_action: Option<String>,
    /// The one namespace the controller watches (its --watch-namespace; default all).
    #[arg(long, value_name = "NAMESPACE")]
    pub watch_namespace: Option<String>,
    /// Target SG for node rules (repeatable); skips discovery from network interfaces.
    #[arg(long, value_name = "SG_ID")]
    pub node_security_group: Vec<String>,
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The manifests before: a file, a folder, - for stdin, or REV:PATH (PATH at git revision REV).
    #[arg(value_name = "OLD")]
    pub old: String,
    /// The manifests after, likewise (typically the working tree: k8s/).
    #[arg(value_name = "NEW")]
    pub new: String,
    #[command(flatten)]
    pub input: InputArgs,
    /// Start from this snapshot's account instead of one the settings describe (config key state, env SGCTL_STATE).
    #[arg(long, value_name = "FILE")]
    pub state: Option<String>,
    /// Renderer.
    #[arg(short = 'o', long = "output", value_enum, default_value = "text")]
    pub output: OutputFormat,
    /// Exit 0 when NEW changes nothing, 2 when it does, 1 on error.
    #[arg(long)]
    pub detailed_exitcode: bool,
    /// Exit 1 when the diff has findings with these codes (docs/findings.md), as CODE,CODE.
    #[arg(long, value_name = "CODES", value_delimiter = ',')]
    pub fail_on: Vec<String>,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// The security group: its name or id (a managed, backend or node SG).
    #[arg(value_name = "SG_NAME_OR_ID")]
    pub group: String,
    /// Manifest files or folders (searched recursively for *.yaml, *.yml, *.json); - reads stdin.
    #[arg(value_name = "PATH", default_value = ".")]
    pub paths: Vec<String>,
    #[command(flatten)]
    pub common: CommonArgs,
    /// Read the live side from this snapshot file instead of AWS.
    #[arg(long, value_name = "FILE")]
    pub state: Option<String>,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// A plan document saved with `sgctl plan --out FILE`.
    #[arg(value_name = "PLANFILE")]
    pub plan_file: String,
    /// Renderer.
    #[arg(short = 'o', long = "output", value_enum, default_value = "text")]
    pub output: OutputFormat,
}

#[derive(Debug, Args)]
pub struct ApplyArgs {
    /// A plan saved with `plan --out FILE`, or manifest files and folders (- reads stdin).
    #[arg(value_name = "PLANFILE|PATH", default_value = ".")]
    pub paths: Vec<String>,
    #[command(flatten)]
    pub common: CommonArgs,
    /// Apply without asking (needed when standard input is not a terminal).
    #[arg(long)]
    pub auto_approve: bool,
    /// Security groups worked on at once.
    #[arg(long, value_name = "N", default_value_t = 8)]
    pub parallelism: usize,
    /// Mutating EC2 requests per second after a burst of 200 (EC2's own refill rate is 5).
    #[arg(long, value_name = "N", default_value_t = 5.0)]
    pub rate_limit: f64,
    /// Plan no deletes and no revokes (only additions and updates).
    #[arg(long)]
    pub additive: bool,
    /// When to ask: never, any-change, or only when a change widens access (the default).
    #[arg(long, value_enum, value_name = "WHEN", default_value = "broadening")]
    pub require_approval: RequireApproval,
    /// Refuse to apply when the plan has findings with these codes, as CODE,CODE.
    #[arg(long, value_name = "CODES", value_delimiter = ',')]
    pub fail_on: Vec<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum RequireApproval {
    /// Never ask (as --auto-approve).
    Never,
    /// Ask before any change.
    AnyChange,
    /// Ask only when a change widens access: a new source, a new port, a wider range.
    Broadening,
}
