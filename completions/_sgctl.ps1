
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'sgctl' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'sgctl'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'sgctl' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour the output: auto (on a terminal, unless NO_COLOR), always, never')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more on stderr: -v what was read and called, -vv debugging detail')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more on stderr: -v what was read and called, -vv debugging detail')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('plan', 'plan', [CompletionResultType]::ParameterValue, 'Compute and print the plan for the manifests')
            [CompletionResult]::new('apply', 'apply', [CompletionResultType]::ParameterValue, 'Apply a saved plan, or plan, show, ask and apply')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print a saved plan (from `plan --out FILE`)')
            [CompletionResult]::new('diff', 'diff', [CompletionResultType]::ParameterValue, 'Show the security-group changes NEW''s manifests make relative to OLD''s; no AWS access')
            [CompletionResult]::new('explain', 'explain', [CompletionResultType]::ParameterValue, 'Say, for one security group, why each of its rules exists and why others will go')
            [CompletionResult]::new('state', 'state', [CompletionResultType]::ParameterValue, 'Work with snapshots of the live account')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print the completion script for a shell (bash, zsh, fish, powershell, elvish)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'sgctl;plan' {
            [CompletionResult]::new('--cluster-name', '--cluster-name', [CompletionResultType]::ParameterName, 'The cluster name (required; the controller''s --cluster-name)')
            [CompletionResult]::new('--vpc-id', '--vpc-id', [CompletionResultType]::ParameterName, 'The cluster VPC (needed when the account has several)')
            [CompletionResult]::new('--enable-backend-security-group', '--enable-backend-security-group', [CompletionResultType]::ParameterName, 'Use the shared backend SG (default true)')
            [CompletionResult]::new('--backend-security-group', '--backend-security-group', [CompletionResultType]::ParameterName, 'Use this SG as the shared backend SG')
            [CompletionResult]::new('--enable-manage-backend-security-group-rules', '--enable-manage-backend-security-group-rules', [CompletionResultType]::ParameterName, 'Manage backend rules for custom frontend SGs by default (default false)')
            [CompletionResult]::new('--disable-restricted-sg-rules', '--disable-restricted-sg-rules', [CompletionResultType]::ParameterName, 'Open all ports on targets instead of only the needed ones (default false)')
            [CompletionResult]::new('--default-tags', '--default-tags', [CompletionResultType]::ParameterName, 'Tags for every managed SG, as k=v,k2=v2')
            [CompletionResult]::new('--external-managed-tags', '--external-managed-tags', [CompletionResultType]::ParameterName, 'Tag keys managed outside the controller, as k1,k2')
            [CompletionResult]::new('--default-load-balancer-scheme', '--default-load-balancer-scheme', [CompletionResultType]::ParameterName, 'internal or internet-facing (default internal)')
            [CompletionResult]::new('--default-target-type', '--default-target-type', [CompletionResultType]::ParameterName, 'instance or ip (default instance)')
            [CompletionResult]::new('--load-balancer-class', '--load-balancer-class', [CompletionResultType]::ParameterName, 'The loadBalancerClass the controller handles (default service.k8s.aws/nlb)')
            [CompletionResult]::new('--ingress-class', '--ingress-class', [CompletionResultType]::ParameterName, 'The kubernetes.io/ingress.class annotation value the controller handles (default alb)')
            [CompletionResult]::new('--feature-gates', '--feature-gates', [CompletionResultType]::ParameterName, 'Controller feature gates, as Name=bool,Name2=bool')
            [CompletionResult]::new('--service-target-eni-security-group-tags', '--service-target-eni-security-group-tags', [CompletionResultType]::ParameterName, 'Extra tags that pick the target SG on ENIs with several SGs, as k=v,...')
            [CompletionResult]::new('--enable-service-mutator-webhook', '--enable-service-mutator-webhook', [CompletionResultType]::ParameterName, 'Whether the controller''s Service mutator webhook is on (default true)')
            [CompletionResult]::new('--tolerate-non-existent-backend-service', '--tolerate-non-existent-backend-service', [CompletionResultType]::ParameterName, 'Answer 503 for a forward to one missing Service instead of failing (default true)')
            [CompletionResult]::new('--tolerate-non-existent-backend-action', '--tolerate-non-existent-backend-action', [CompletionResultType]::ParameterName, 'Answer 503 for a use-annotation backend without its actions annotation (default true)')
            [CompletionResult]::new('--watch-namespace', '--watch-namespace', [CompletionResultType]::ParameterName, 'The one namespace the controller watches (its --watch-namespace; default all)')
            [CompletionResult]::new('--node-security-group', '--node-security-group', [CompletionResultType]::ParameterName, 'Target SG for node rules (repeatable); skips discovery from network interfaces')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Settings file (default: sgctl.yaml in the current folder, if present)')
            [CompletionResult]::new('--cluster-export', '--cluster-export', [CompletionResultType]::ParameterName, 'The rest of the cluster, as `kubectl get ... -A -o yaml` printed it (repeatable); the input''s objects replace those of the same kind, namespace and name')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile; its credentials win even over AWS_ACCESS_KEY_ID')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region (else AWS_REGION, the profile, the instance metadata)')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'EC2-compatible endpoint, also used for STS (else AWS_ENDPOINT_URL_EC2 / AWS_ENDPOINT_URL)')
            [CompletionResult]::new('--state', '--state', [CompletionResultType]::ParameterName, 'Read the live side from this snapshot file instead of AWS (config key state, env SGCTL_STATE)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Renderer')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Renderer')
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'Save the plan document to FILE (for `sgctl show FILE`)')
            [CompletionResult]::new('--fail-on', '--fail-on', [CompletionResultType]::ParameterName, 'Exit 1 when the plan has findings with these codes (docs/findings.md), as CODE,CODE')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour the output: auto (on a terminal, unless NO_COLOR), always, never')
            [CompletionResult]::new('--detailed-exitcode', '--detailed-exitcode', [CompletionResultType]::ParameterName, 'Exit 0 when there are no changes, 2 when there are, 1 on error')
            [CompletionResult]::new('--additive', '--additive', [CompletionResultType]::ParameterName, 'Plan no deletes and no revokes (only additions and updates)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more on stderr: -v what was read and called, -vv debugging detail')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more on stderr: -v what was read and called, -vv debugging detail')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'sgctl;apply' {
            [CompletionResult]::new('--cluster-name', '--cluster-name', [CompletionResultType]::ParameterName, 'The cluster name (required; the controller''s --cluster-name)')
            [CompletionResult]::new('--vpc-id', '--vpc-id', [CompletionResultType]::ParameterName, 'The cluster VPC (needed when the account has several)')
            [CompletionResult]::new('--enable-backend-security-group', '--enable-backend-security-group', [CompletionResultType]::ParameterName, 'Use the shared backend SG (default true)')
            [CompletionResult]::new('--backend-security-group', '--backend-security-group', [CompletionResultType]::ParameterName, 'Use this SG as the shared backend SG')
            [CompletionResult]::new('--enable-manage-backend-security-group-rules', '--enable-manage-backend-security-group-rules', [CompletionResultType]::ParameterName, 'Manage backend rules for custom frontend SGs by default (default false)')
            [CompletionResult]::new('--disable-restricted-sg-rules', '--disable-restricted-sg-rules', [CompletionResultType]::ParameterName, 'Open all ports on targets instead of only the needed ones (default false)')
            [CompletionResult]::new('--default-tags', '--default-tags', [CompletionResultType]::ParameterName, 'Tags for every managed SG, as k=v,k2=v2')
            [CompletionResult]::new('--external-managed-tags', '--external-managed-tags', [CompletionResultType]::ParameterName, 'Tag keys managed outside the controller, as k1,k2')
            [CompletionResult]::new('--default-load-balancer-scheme', '--default-load-balancer-scheme', [CompletionResultType]::ParameterName, 'internal or internet-facing (default internal)')
            [CompletionResult]::new('--default-target-type', '--default-target-type', [CompletionResultType]::ParameterName, 'instance or ip (default instance)')
            [CompletionResult]::new('--load-balancer-class', '--load-balancer-class', [CompletionResultType]::ParameterName, 'The loadBalancerClass the controller handles (default service.k8s.aws/nlb)')
            [CompletionResult]::new('--ingress-class', '--ingress-class', [CompletionResultType]::ParameterName, 'The kubernetes.io/ingress.class annotation value the controller handles (default alb)')
            [CompletionResult]::new('--feature-gates', '--feature-gates', [CompletionResultType]::ParameterName, 'Controller feature gates, as Name=bool,Name2=bool')
            [CompletionResult]::new('--service-target-eni-security-group-tags', '--service-target-eni-security-group-tags', [CompletionResultType]::ParameterName, 'Extra tags that pick the target SG on ENIs with several SGs, as k=v,...')
            [CompletionResult]::new('--enable-service-mutator-webhook', '--enable-service-mutator-webhook', [CompletionResultType]::ParameterName, 'Whether the controller''s Service mutator webhook is on (default true)')
            [CompletionResult]::new('--tolerate-non-existent-backend-service', '--tolerate-non-existent-backend-service', [CompletionResultType]::ParameterName, 'Answer 503 for a forward to one missing Service instead of failing (default true)')
            [CompletionResult]::new('--tolerate-non-existent-backend-action', '--tolerate-non-existent-backend-action', [CompletionResultType]::ParameterName, 'Answer 503 for a use-annotation backend without its actions annotation (default true)')
            [CompletionResult]::new('--watch-namespace', '--watch-namespace', [CompletionResultType]::ParameterName, 'The one namespace the controller watches (its --watch-namespace; default all)')
            [CompletionResult]::new('--node-security-group', '--node-security-group', [CompletionResultType]::ParameterName, 'Target SG for node rules (repeatable); skips discovery from network interfaces')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Settings file (default: sgctl.yaml in the current folder, if present)')
            [CompletionResult]::new('--cluster-export', '--cluster-export', [CompletionResultType]::ParameterName, 'The rest of the cluster, as `kubectl get ... -A -o yaml` printed it (repeatable); the input''s objects replace those of the same kind, namespace and name')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile; its credentials win even over AWS_ACCESS_KEY_ID')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region (else AWS_REGION, the profile, the instance metadata)')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'EC2-compatible endpoint, also used for STS (else AWS_ENDPOINT_URL_EC2 / AWS_ENDPOINT_URL)')
            [CompletionResult]::new('--parallelism', '--parallelism', [CompletionResultType]::ParameterName, 'Security groups worked on at once')
            [CompletionResult]::new('--rate-limit', '--rate-limit', [CompletionResultType]::ParameterName, 'Mutating EC2 requests per second after a burst of 200 (EC2''s own refill rate is 5)')
            [CompletionResult]::new('--require-approval', '--require-approval', [CompletionResultType]::ParameterName, 'When to ask: never, any-change, or only when a change widens access (the default)')
            [CompletionResult]::new('--fail-on', '--fail-on', [CompletionResultType]::ParameterName, 'Refuse to apply when the plan has findings with these codes, as CODE,CODE')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour the output: auto (on a terminal, unless NO_COLOR), always, never')
            [CompletionResult]::new('--auto-approve', '--auto-approve', [CompletionResultType]::ParameterName, 'Apply without asking (needed when standard input is not a terminal)')
            [CompletionResult]::new('--additive', '--additive', [CompletionResultType]::ParameterName, 'Plan no deletes and no revokes (only additions and updates)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more on stderr: -v what was read and called, -vv debugging detail')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more on stderr: -v what was read and called, -vv debugging detail')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'sgctl;show' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Renderer')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Renderer')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour the output: auto (on a terminal, unless NO_COLOR), always, never')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more on stderr: -v what was read and called, -vv debugging detail')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more on stderr: -v what was read and called, -vv debugging detail')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'sgctl;diff' {
            [CompletionResult]::new('--cluster-name', '--cluster-name', [CompletionResultType]::ParameterName, 'The cluster name (required; the controller''s --cluster-name)')
            [CompletionResult]::new('--vpc-id', '--vpc-id', [CompletionResultType]::ParameterName, 'The cluster VPC (needed when the account has several)')
            [CompletionResult]::new('--enable-backend-security-group', '--enable-backend-security-group', [CompletionResultType]::ParameterName, 'Use the shared backend SG (default true)')
            [CompletionResult]::new('--backend-security-group', '--backend-security-group', [CompletionResultType]::ParameterName, 'Use this SG as the shared backend SG')
            [CompletionResult]::new('--enable-manage-backend-security-group-rules', '--enable-manage-backend-security-group-rules', [CompletionResultType]::ParameterName, 'Manage backend rules for custom frontend SGs by default (default false)')
            [CompletionResult]::new('--disable-restricted-sg-rules', '--disable-restricted-sg-rules', [CompletionResultType]::ParameterName, 'Open all ports on targets instead of only the needed ones (default false)')
            [CompletionResult]::new('--default-tags', '--default-tags', [CompletionResultType]::ParameterName, 'Tags for every managed SG, as k=v,k2=v2')
            [CompletionResult]::new('--external-managed-tags', '--external-managed-tags', [CompletionResultType]::ParameterName, 'Tag keys managed outside the controller, as k1,k2')
            [CompletionResult]::new('--default-load-balancer-scheme', '--default-load-balancer-scheme', [CompletionResultType]::ParameterName, 'internal or internet-facing (default internal)')
            [CompletionResult]::new('--default-target-type', '--default-target-type', [CompletionResultType]::ParameterName, 'instance or ip (default instance)')
            [CompletionResult]::new('--load-balancer-class', '--load-balancer-class', [CompletionResultType]::ParameterName, 'The loadBalancerClass the controller handles (default service.k8s.aws/nlb)')
            [CompletionResult]::new('--ingress-class', '--ingress-class', [CompletionResultType]::ParameterName, 'The kubernetes.io/ingress.class annotation value the controller handles (default alb)')
            [CompletionResult]::new('--feature-gates', '--feature-gates', [CompletionResultType]::ParameterName, 'Controller feature gates, as Name=bool,Name2=bool')
            [CompletionResult]::new('--service-target-eni-security-group-tags', '--service-target-eni-security-group-tags', [CompletionResultType]::ParameterName, 'Extra tags that pick the target SG on ENIs with several SGs, as k=v,...')
            [CompletionResult]::new('--enable-service-mutator-webhook', '--enable-service-mutator-webhook', [CompletionResultType]::ParameterName, 'Whether the controller''s Service mutator webhook is on (default true)')
            [CompletionResult]::new('--tolerate-non-existent-backend-service', '--tolerate-non-existent-backend-service', [CompletionResultType]::ParameterName, 'Answer 503 for a forward to one missing Service instead of failing (default true)')
            [CompletionResult]::new('--tolerate-non-existent-backend-action', '--tolerate-non-existent-backend-action', [CompletionResultType]::ParameterName, 'Answer 503 for a use-annotation backend without its actions annotation (default true)')
            [CompletionResult]::new('--watch-namespace', '--watch-namespace', [CompletionResultType]::ParameterName, 'The one namespace the controller watches (its --watch-namespace; default all)')
            [CompletionResult]::new('--node-security-group', '--node-security-group', [CompletionResultType]::ParameterName, 'Target SG for node rules (repeatable); skips discovery from network interfaces')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Settings file (default: sgctl.yaml in the current folder, if present)')
            [CompletionResult]::new('--cluster-export', '--cluster-export', [CompletionResultType]::ParameterName, 'The rest of the cluster, as `kubectl get ... -A -o yaml` printed it (repeatable); the input''s objects replace those of the same kind, namespace and name')
            [CompletionResult]::new('--state', '--state', [CompletionResultType]::ParameterName, 'Start from this snapshot''s account instead of one the settings describe (config key state, env SGCTL_STATE)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Renderer')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Renderer')
            [CompletionResult]::new('--fail-on', '--fail-on', [CompletionResultType]::ParameterName, 'Exit 1 when the diff has findings with these codes (docs/findings.md), as CODE,CODE')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour the output: auto (on a terminal, unless NO_COLOR), always, never')
            [CompletionResult]::new('--detailed-exitcode', '--detailed-exitcode', [CompletionResultType]::ParameterName, 'Exit 0 when NEW changes nothing, 2 when it does, 1 on error')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more on stderr: -v what was read and called, -vv debugging detail')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more on stderr: -v what was read and called, -vv debugging detail')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'sgctl;explain' {
            [CompletionResult]::new('--cluster-name', '--cluster-name', [CompletionResultType]::ParameterName, 'The cluster name (required; the controller''s --cluster-name)')
            [CompletionResult]::new('--vpc-id', '--vpc-id', [CompletionResultType]::ParameterName, 'The cluster VPC (needed when the account has several)')
            [CompletionResult]::new('--enable-backend-security-group', '--enable-backend-security-group', [CompletionResultType]::ParameterName, 'Use the shared backend SG (default true)')
            [CompletionResult]::new('--backend-security-group', '--backend-security-group', [CompletionResultType]::ParameterName, 'Use this SG as the shared backend SG')
            [CompletionResult]::new('--enable-manage-backend-security-group-rules', '--enable-manage-backend-security-group-rules', [CompletionResultType]::ParameterName, 'Manage backend rules for custom frontend SGs by default (default false)')
            [CompletionResult]::new('--disable-restricted-sg-rules', '--disable-restricted-sg-rules', [CompletionResultType]::ParameterName, 'Open all ports on targets instead of only the needed ones (default false)')
            [CompletionResult]::new('--default-tags', '--default-tags', [CompletionResultType]::ParameterName, 'Tags for every managed SG, as k=v,k2=v2')
            [CompletionResult]::new('--external-managed-tags', '--external-managed-tags', [CompletionResultType]::ParameterName, 'Tag keys managed outside the controller, as k1,k2')
            [CompletionResult]::new('--default-load-balancer-scheme', '--default-load-balancer-scheme', [CompletionResultType]::ParameterName, 'internal or internet-facing (default internal)')
            [CompletionResult]::new('--default-target-type', '--default-target-type', [CompletionResultType]::ParameterName, 'instance or ip (default instance)')
            [CompletionResult]::new('--load-balancer-class', '--load-balancer-class', [CompletionResultType]::ParameterName, 'The loadBalancerClass the controller handles (default service.k8s.aws/nlb)')
            [CompletionResult]::new('--ingress-class', '--ingress-class', [CompletionResultType]::ParameterName, 'The kubernetes.io/ingress.class annotation value the controller handles (default alb)')
            [CompletionResult]::new('--feature-gates', '--feature-gates', [CompletionResultType]::ParameterName, 'Controller feature gates, as Name=bool,Name2=bool')
            [CompletionResult]::new('--service-target-eni-security-group-tags', '--service-target-eni-security-group-tags', [CompletionResultType]::ParameterName, 'Extra tags that pick the target SG on ENIs with several SGs, as k=v,...')
            [CompletionResult]::new('--enable-service-mutator-webhook', '--enable-service-mutator-webhook', [CompletionResultType]::ParameterName, 'Whether the controller''s Service mutator webhook is on (default true)')
            [CompletionResult]::new('--tolerate-non-existent-backend-service', '--tolerate-non-existent-backend-service', [CompletionResultType]::ParameterName, 'Answer 503 for a forward to one missing Service instead of failing (default true)')
            [CompletionResult]::new('--tolerate-non-existent-backend-action', '--tolerate-non-existent-backend-action', [CompletionResultType]::ParameterName, 'Answer 503 for a use-annotation backend without its actions annotation (default true)')
            [CompletionResult]::new('--watch-namespace', '--watch-namespace', [CompletionResultType]::ParameterName, 'The one namespace the controller watches (its --watch-namespace; default all)')
            [CompletionResult]::new('--node-security-group', '--node-security-group', [CompletionResultType]::ParameterName, 'Target SG for node rules (repeatable); skips discovery from network interfaces')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Settings file (default: sgctl.yaml in the current folder, if present)')
            [CompletionResult]::new('--cluster-export', '--cluster-export', [CompletionResultType]::ParameterName, 'The rest of the cluster, as `kubectl get ... -A -o yaml` printed it (repeatable); the input''s objects replace those of the same kind, namespace and name')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile; its credentials win even over AWS_ACCESS_KEY_ID')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region (else AWS_REGION, the profile, the instance metadata)')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'EC2-compatible endpoint, also used for STS (else AWS_ENDPOINT_URL_EC2 / AWS_ENDPOINT_URL)')
            [CompletionResult]::new('--state', '--state', [CompletionResultType]::ParameterName, 'Read the live side from this snapshot file instead of AWS')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour the output: auto (on a terminal, unless NO_COLOR), always, never')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more on stderr: -v what was read and called, -vv debugging detail')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more on stderr: -v what was read and called, -vv debugging detail')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sgctl;state' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour the output: auto (on a terminal, unless NO_COLOR), always, never')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more on stderr: -v what was read and called, -vv debugging detail')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more on stderr: -v what was read and called, -vv debugging detail')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('pull', 'pull', [CompletionResultType]::ParameterValue, 'Write a snapshot of the live account (for offline plans with --state)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'sgctl;state;pull' {
            [CompletionResult]::new('--cluster-name', '--cluster-name', [CompletionResultType]::ParameterName, 'The cluster name (required; the controller''s --cluster-name)')
            [CompletionResult]::new('--vpc-id', '--vpc-id', [CompletionResultType]::ParameterName, 'The cluster VPC (needed when the account has several)')
            [CompletionResult]::new('--enable-backend-security-group', '--enable-backend-security-group', [CompletionResultType]::ParameterName, 'Use the shared backend SG (default true)')
            [CompletionResult]::new('--backend-security-group', '--backend-security-group', [CompletionResultType]::ParameterName, 'Use this SG as the shared backend SG')
            [CompletionResult]::new('--enable-manage-backend-security-group-rules', '--enable-manage-backend-security-group-rules', [CompletionResultType]::ParameterName, 'Manage backend rules for custom frontend SGs by default (default false)')
            [CompletionResult]::new('--disable-restricted-sg-rules', '--disable-restricted-sg-rules', [CompletionResultType]::ParameterName, 'Open all ports on targets instead of only the needed ones (default false)')
            [CompletionResult]::new('--default-tags', '--default-tags', [CompletionResultType]::ParameterName, 'Tags for every managed SG, as k=v,k2=v2')
            [CompletionResult]::new('--external-managed-tags', '--external-managed-tags', [CompletionResultType]::ParameterName, 'Tag keys managed outside the controller, as k1,k2')
            [CompletionResult]::new('--default-load-balancer-scheme', '--default-load-balancer-scheme', [CompletionResultType]::ParameterName, 'internal or internet-facing (default internal)')
            [CompletionResult]::new('--default-target-type', '--default-target-type', [CompletionResultType]::ParameterName, 'instance or ip (default instance)')
            [CompletionResult]::new('--load-balancer-class', '--load-balancer-class', [CompletionResultType]::ParameterName, 'The loadBalancerClass the controller handles (default service.k8s.aws/nlb)')
            [CompletionResult]::new('--ingress-class', '--ingress-class', [CompletionResultType]::ParameterName, 'The kubernetes.io/ingress.class annotation value the controller handles (default alb)')
            [CompletionResult]::new('--feature-gates', '--feature-gates', [CompletionResultType]::ParameterName, 'Controller feature gates, as Name=bool,Name2=bool')
            [CompletionResult]::new('--service-target-eni-security-group-tags', '--service-target-eni-security-group-tags', [CompletionResultType]::ParameterName, 'Extra tags that pick the target SG on ENIs with several SGs, as k=v,...')
            [CompletionResult]::new('--enable-service-mutator-webhook', '--enable-service-mutator-webhook', [CompletionResultType]::ParameterName, 'Whether the controller''s Service mutator webhook is on (default true)')
            [CompletionResult]::new('--tolerate-non-existent-backend-service', '--tolerate-non-existent-backend-service', [CompletionResultType]::ParameterName, 'Answer 503 for a forward to one missing Service instead of failing (default true)')
            [CompletionResult]::new('--tolerate-non-existent-backend-action', '--tolerate-non-existent-backend-action', [CompletionResultType]::ParameterName, 'Answer 503 for a use-annotation backend without its actions annotation (default true)')
            [CompletionResult]::new('--watch-namespace', '--watch-namespace', [CompletionResultType]::ParameterName, 'The one namespace the controller watches (its --watch-namespace; default all)')
            [CompletionResult]::new('--node-security-group', '--node-security-group', [CompletionResultType]::ParameterName, 'Target SG for node rules (repeatable); skips discovery from network interfaces')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Settings file (default: sgctl.yaml in the current folder, if present)')
            [CompletionResult]::new('--cluster-export', '--cluster-export', [CompletionResultType]::ParameterName, 'The rest of the cluster, as `kubectl get ... -A -o yaml` printed it (repeatable); the input''s objects replace those of the same kind, namespace and name')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile; its credentials win even over AWS_ACCESS_KEY_ID')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region (else AWS_REGION, the profile, the instance metadata)')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'EC2-compatible endpoint, also used for STS (else AWS_ENDPOINT_URL_EC2 / AWS_ENDPOINT_URL)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write the snapshot to FILE instead of stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write the snapshot to FILE instead of stdout')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour the output: auto (on a terminal, unless NO_COLOR), always, never')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more on stderr: -v what was read and called, -vv debugging detail')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more on stderr: -v what was read and called, -vv debugging detail')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sgctl;state;help' {
            [CompletionResult]::new('pull', 'pull', [CompletionResultType]::ParameterValue, 'Write a snapshot of the live account (for offline plans with --state)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'sgctl;state;help;pull' {
            break
        }
        'sgctl;state;help;help' {
            break
        }
        'sgctl;completions' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour the output: auto (on a terminal, unless NO_COLOR), always, never')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more on stderr: -v what was read and called, -vv debugging detail')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more on stderr: -v what was read and called, -vv debugging detail')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sgctl;help' {
            [CompletionResult]::new('plan', 'plan', [CompletionResultType]::ParameterValue, 'Compute and print the plan for the manifests')
            [CompletionResult]::new('apply', 'apply', [CompletionResultType]::ParameterValue, 'Apply a saved plan, or plan, show, ask and apply')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print a saved plan (from `plan --out FILE`)')
            [CompletionResult]::new('diff', 'diff', [CompletionResultType]::ParameterValue, 'Show the security-group changes NEW''s manifests make relative to OLD''s; no AWS access')
            [CompletionResult]::new('explain', 'explain', [CompletionResultType]::ParameterValue, 'Say, for one security group, why each of its rules exists and why others will go')
            [CompletionResult]::new('state', 'state', [CompletionResultType]::ParameterValue, 'Work with snapshots of the live account')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print the completion script for a shell (bash, zsh, fish, powershell, elvish)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'sgctl;help;plan' {
            break
        }
        'sgctl;help;apply' {
            break
        }
        'sgctl;help;show' {
            break
        }
        'sgctl;help;diff' {
            break
        }
        'sgctl;help;explain' {
            break
        }
        'sgctl;help;state' {
            [CompletionResult]::new('pull', 'pull', [CompletionResultType]::ParameterValue, 'Write a snapshot of the live account (for offline plans with --state)')
            break
        }
        'sgctl;help;state;pull' {
            break
        }
        'sgctl;help;completions' {
            break
        }
        'sgctl;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
