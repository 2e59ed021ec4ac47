# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_sgctl_global_optspecs
    string join \n color= v/verbose q/quiet h/help V/version
end

function __fish_sgctl_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_sgctl_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_sgctl_using_subcommand
    set -l cmd (__fish_sgctl_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c sgctl -n "__fish_sgctl_needs_command" -l color -d 'When to colour the output: auto (on a terminal, unless NO_COLOR), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c sgctl -n "__fish_sgctl_needs_command" -s v -l verbose -d 'Say more on stderr: -v what was read and called, -vv debugging detail'
complete -c sgctl -n "__fish_sgctl_needs_command" -s q -l quiet -d 'Say nothing on stderr but errors'
complete -c sgctl -n "__fish_sgctl_needs_command" -s h -l help -d 'Print help'
complete -c sgctl -n "__fish_sgctl_needs_command" -s V -l version -d 'Print version'
complete -c sgctl -n "__fish_sgctl_needs_command" -f -a "plan" -d 'Compute and print the plan for the manifests'
complete -c sgctl -n "__fish_sgctl_needs_command" -f -a "apply" -d 'Apply a saved plan, or plan, show, ask and apply'
complete -c sgctl -n "__fish_sgctl_needs_command" -f -a "show" -d 'Print a saved plan (from `plan --out FILE`)'
complete -c sgctl -n "__fish_sgctl_needs_command" -f -a "diff" -d 'Show the security-group changes NEW\'s manifests make relative to OLD\'s; no AWS access'
complete -c sgctl -n "__fish_sgctl_needs_command" -f -a "explain" -d 'Say, for one security group, why each of its rules exists and why others will go'
complete -c sgctl -n "__fish_sgctl_needs_command" -f -a "state" -d 'Work with snapshots of the live account'
complete -c sgctl -n "__fish_sgctl_needs_command" -f -a "completions" -d 'Print the completion script for a shell (bash, zsh, fish, powershell, elvish)'
complete -c sgctl -n "__fish_sgctl_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c sgctl -n "__fish_sgctl_using_subcommand plan" -l cluster-name -d 'The cluster name (required; the controller\'s --cluster-name)' -r
complete -c sgctl -n "__fish_sgctl_using_subcommand plan" -l vpc-id -d 'The cluster VPC (needed when the account has several)' -r
complete -c sgctl -n "__fish_sgctl_using_subcommand plan" -l enable-backend-security-group -d 'Use the shared backend SG (default true)' -r
complete -c sgctl -n "__fish_sgctl_using_subcommand plan" -l backend-security-group -d 'Use this SG as the shared backend SG' -r
complete -c sgctl -n "__fish_sgctl_using_subcommand plan" -l enable-manage-backend-security-group-rules -d 'Manage backend rules for custom frontend SGs by default (default false)' -r
complete -c sgctl -n "__fish_sgctl_using_subcommand plan" -l disable-restricted-sg-rules -d 'Open all ports on targets instead of only the needed ones (default false)' -r
complete -c sgctl -n "__fish_sgctl_using_subcommand plan" -l default-tags -d 'Tags for every managed SG, as k=v,k2=v2' -r
complete -c sgctl -n "__fish_sgctl_using_subcommand plan" -l external-managed-tags -d 'Tag keys managed outside the controller, as k1,k2' -r
complete -c sgctl -n "__fish_sgctl_using_subcommand plan" -l default-load-balancer-scheme -d 'internal or internet-facing (default internal)' -r
complete -c sgctl -n "__fish_sgctl_using_subcommand plan" -l default-target-type -d 'instance or ip (default instance)' -r
complete -c sgctl -n "__fish_sgctl_using_subcommand plan" -l load-balancer-class -d 'The loadBalancerClass the controller handles (default service.k8s.aws/nlb)' -r
complete -c sgctl -n "__fish_sgctl_using_subcommand plan" -l ingress-class -d 'The kubernetes.io/ingress.class annotation value the controller handles (default alb)' -r
complete -c sgctl -n "__fish_sgctl_using_subcommand plan" -l feature-gates -d 'Controller feature gates, as Name=bool,Name2=bool' -r
complete -c sgctl -n "__fish_sgctl_using_subcommand plan" -l service-target-eni-security-group-tags -d 'Extra tags that pick the target SG on ENIs with several SGs, as k=v,...' -r
complete -c sgctl -n "__fish_sgctl_using_subcommand plan" -l enable-service-mutator-webhook -d 'Whether the controller\'s Service mutator webhook is on (default true)' -r
complete -c sgctl -n "__fish_sgctl_using_subcommand plan" -l tolerate-non-existent-backend-service -d 'Answer 503 for a forward to one missing Service instead of failing (default true)' -r
complete -c sgctl -n "__fish_sgctl_using_subcommand plan" -l tolerate-non-existent-backend-action -d 'Answer 503 for a use-annotation backend without its actions annotation (default true)' -r
complete -c sgctl -n "__fish_sgctl_using_subcommand plan" -l watch-namespace -d 'The one namespace the controller watches (its --watch-namespace; default all)' -r
complete -c sgctl -n "__fish_sgctl_using_subcommand plan" -l node-security-group -d 'Target SG for node rules (repeatable); skips discovery from network interfaces' -r
complete -c sgctl -n "__fish_sgctl_using_subcommand plan" -l config -d 'Settings file (default: sgctl.yaml in the current folder, if present)' -r
complete -c sgctl -n "__fish_sgctl_using_subcommand plan" -l cluster-export -d 'The rest of the cluster, as `kubectl get ... -A -o yaml` printed it (repeatable); the input\'s objects replace those of the same kind, namespace and name' -r
complete -c sgctl -n "__fish_sgctl_using_subcommand plan" -l profile -d 'AWS profile; its credentials win even over AWS_ACCESS_KEY_ID' -r
complete -c sgctl -n "__fish_sgctl_using_subcommand plan" -l region -d 'AWS region (else AWS_REGION, the profile, the instance metadata)' -r
complete -c sgctl -n "__fish_sgctl_using_subcommand plan" -l endpoint-url -d 'EC2-compatible endpoint, also used for STS (else AWS_ENDPOINT_URL_EC2 / AWS_ENDPOINT_URL)' -r
complete -c sgctl -n "__fish_sgctl_using_subcommand plan" -l state -d 'Read the live side from this snapshot file instead of AWS (config key state, env SGCTL_STATE)' -r
complete -c sgctl -n "__fish_sgctl_using_subcommand plan" -s o -l output -d 'Renderer' -r -f -a "text\t''
json\t''
markdown\t'For a pull-request comment'"
complete -c sgctl -n "__fish_sgctl_using_subcommand plan" -l out -d 'Save the plan document to FILE (for `sgctl show FILE`)' -r
complete -c sgctl -n "__fish_sgctl_using_subcommand plan" -l fail-on -d 'Exit 1 when the plan has findings with these codes (docs/findings.md), as CODE,CODE' -r
complete -c sgctl -n "__fish_sgctl_using_subcommand plan" -l color -d 'When to colour the output: auto (on a terminal, unless NO_COLOR), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c sgctl -n "__fish_sgctl_using_subcommand plan" -l detailed-exitcode -d 'Exit 0 when there are no changes, 2 when there are, 1 on error'
complete -c sgctl -n "__fish_sgctl_using_subcommand plan" -l additive -d 'Plan no deletes and no revokes (only additions and updates)'
complete -c sgctl -n "__fish_sgctl_using_subcommand plan" -s v -l verbose -d 'Say more on stderr: -v what was read and called, -vv debugging detail'
complete -c sgctl -n "__fish_sgctl_using_subcommand plan" -s q -l quiet -d 'Say nothing on stderr but errors'
complete -c sgctl -n "__fish_sgctl_using_subcommand plan" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sgctl -n "__fish_sgctl_using_subcommand apply" -l cluster-name -d 'The cluster name (required; the controller\'s --cluster-name)' -r
complete -c sgctl -n "__fish_sgctl_using_subcommand apply" -l vpc-id -d 'The cluster VPC (needed when the account has several)' -r
complete -c sgctl -n "__fish_sgctl_using_subcommand apply" -l enable-backend-security-group -d 'Use the shared backend SG (default true)' -r
complete -c sgctl -n "__fish_sgctl_using_subcommand apply" -l backend-security-group -d 'Use this SG as the shared backend SG' -r
complete -c sgctl -n "__fish_sgctl_using_subcommand apply" -l enable-manage-backend-security-group-rules -d 'Manage backend rules for custom frontend SGs by default (default false)' -r
complete -c sgctl -n "__fish_sgctl_using_subcommand apply" -l disable-restricted-sg-rules -d 'Open all ports on targets instead of only the needed ones (default false)' -r
complete -c sgctl -n "__fish_sgctl_using_subcommand apply" -l default-tags -d 'Tags for every managed SG, as k=v,k2=v2' -r
complete -c sgctl -n "__fish_sgctl_using_subcommand apply" -l external-managed-tags -d 'Tag keys managed outside the controller, as k1,k2' -r
complete -c sgctl -n "__fish_sgctl_using_subcommand apply" -l default-load-balancer-scheme -d 'internal or internet-facing (default internal)' -r
complete -c sgctl -n "__fish_sgctl_using_subcommand apply" -l default-target-type -d 'instance or ip (default instance)' -r
complete -c sgctl -n "__fish_sgctl_using_subcommand apply" -l load-balancer-class -d 'The loadBalancerClass the controller handles (default service.k8s.aws/nlb)' -r
complete -c sgctl -n "__fish_sgctl_using_subcommand apply" -l ingress-class -d 'The kubernetes.io/ingress.class annotation value the controller handles (default alb)' -r
complete -c sgctl -n "__fish_sgctl_using_subcommand apply" -l feature-gates -d 'Controller feature gates, as Name=bool,Name2=bool' -r
complete -c sgctl -n "__fish_sgctl_using_subcommand apply" -l service-target-eni-security-group-tags -d 'Extra tags that pick the target SG on ENIs with several SGs, as k=v,...' -r
complete -c sgctl -n "__fish_sgctl_using_subcommand apply" -l enable-service-mutator-webhook -d 'Whether the controller\'s Service mutator webhook is on (default true)' -r
complete -c sgctl -n "__fish_sgctl_using_subcommand apply" -l tolerate-non-existent-backend-service -d 'Answer 503 for a forward to one missing Service instead of failing (default true)' -r
complete -c sgctl -n "__fish_sgctl_using_subcommand apply" -l tolerate-non-existent-backend-action -d 'Answer 503 for a use-annotation backend without its actions annotation (default true)' -r
complete -c sgctl -n "__fish_sgctl_using_subcommand apply" -l watch-namespace -d 'The one namespace the controller watches (its --watch-namespace; default all)' -r
complete -c sgctl -n "__fish_sgctl_using_subcommand apply" -l node-security-group -d 'Target SG for node rules (repeatable); skips discovery from network interfaces' -r
complete -c sgctl -n "__fish_sgctl_using_subcommand apply" -l config -d 'Settings file (default: sgctl.yaml in the current folder, if present)' -r
complete -c sgctl -n "__fish_sgctl_using_subcommand apply" -l cluster-export -d 'The rest of the cluster, as `kubectl get ... -A -o yaml` printed it (repeatable); the input\'s objects replace those of the same kind, namespace and name' -r
complete -c sgctl -n "__fish_sgctl_using_subcommand apply" -l profile -d 'AWS profile; its credentials win even over AWS_ACCESS_KEY_ID' -r
complete -c sgctl -n "__fish_sgctl_using_subcommand apply" -l region -d 'AWS region (else AWS_REGION, the profile, the instance metadata)' -r
complete -c sgctl -n "__fish_sgctl_using_subcommand apply" -l endpoint-url -d 'EC2-compatible endpoint, also used for STS (else AWS_ENDPOINT_URL_EC2 / AWS_ENDPOINT_URL)' -r
complete -c sgctl -n "__fish_sgctl_using_subcommand apply" -l parallelism -d 'Security groups worked on at once' -r
complete -c sgctl -n "__fish_sgctl_using_subcommand apply" -l rate-limit -d 'Mutating EC2 requests per second after a burst of 200 (EC2\'s own refill rate is 5)' -r
complete -c sgctl -n "__fish_sgctl_using_subcommand apply" -l require-approval -d 'When to ask: never, any-change, or only when a change widens access (the default)' -r -f -a "never\t'Never ask (as --auto-approve)'
any-change\t'Ask before any change'
broadening\t'Ask only when a change widens access: a new source, a new port, a wider range'"
complete -c sgctl -n "__fish_sgctl_using_subcommand apply" -l fail-on -d 'Refuse to apply when the plan has findings with these codes, as CODE,CODE' -r
complete -c sgctl -n "__fish_sgctl_using_subcommand apply" -l color -d 'When to colour the output: auto (on a terminal, unless NO_COLOR), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c sgctl -n "__fish_sgctl_using_subcommand apply" -l auto-approve -d 'Apply without asking (needed when standard input is not a terminal)'
complete -c sgctl -n "__fish_sgctl_using_subcommand apply" -l additive -d 'Plan no deletes and no revokes (only additions and updates)'
complete -c sgctl -n "__fish_sgctl_using_subcommand apply" -s v -l verbose -d 'Say more on stderr: -v what was read and called, -vv debugging detail'
complete -c sgctl -n "__fish_sgctl_using_subcommand apply" -s q -l quiet -d 'Say nothing on stderr but errors'
complete -c sgctl -n "__fish_sgctl_using_subcommand apply" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sgctl -n "__fish_sgctl_using_subcommand show" -s o -l output -d 'Renderer' -r -f -a "text\t''
json\t''
markdown\t'For a pull-request comment'"
complete -c sgctl -n "__fish_sgctl_using_subcommand show" -l color -d 'When to colour the output: auto (on a terminal, unless NO_COLOR), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c sgctl -n "__fish_sgctl_using_subcommand show" -s v -l verbose -d 'Say more on stderr: -v what was read and called, -vv debugging detail'
complete -c sgctl -n "__fish_sgctl_using_subcommand show" -s q -l quiet -d 'Say nothing on stderr but errors'
complete -c sgctl -n "__fish_sgctl_using_subcommand show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sgctl -n "__fish_sgctl_using_subcommand diff" -l cluster-name -d 'The cluster name (required; the controller\'s --cluster-name)' -r
complete -c sgctl -n "__fish_sgctl_using_subcommand diff" -l vpc-id -d 'The cluster VPC (needed when the account has several)' -r
complete -c sgctl -n "__fish_sgctl_using_subcommand diff" -l enable-backend-security-group -d 'Use the shared backend SG (default true)' -r
complete -c sgctl -n "__fish_sgctl_using_subcommand diff" -l backend-security-group -d 'Use this SG as the shared backend SG' -r
complete -c sgctl -n "__fish_sgctl_using_subcommand diff" -l enable-manage-backend-security-group-rules -d 'Manage backend rules for custom frontend SGs by default (default false)' -r
complete -c sgctl -n "__fish_sgctl_using_subcommand diff" -l disable-restricted-sg-rules -d 'Open all ports on targets instead of only the needed ones (default false)' -r
complete -c sgctl -n "__fish_sgctl_using_subcommand diff" -l default-tags -d 'Tags for every managed SG, as k=v,k2=v2' -r
complete -c sgctl -n "__fish_sgctl_using_subcommand diff" -l external-managed-tags -d 'Tag keys managed outside the controller, as k1,k2' -r
complete -c sgctl -n "__fish_sgctl_using_subcommand diff" -l default-load-balancer-scheme -d 'internal or internet-facing (default internal)' -r
complete -c sgctl -n "__fish_sgctl_using_subcommand diff" -l default-target-type -d 'instance or ip (default instance)' -r
complete -c sgctl -n "__fish_sgctl_using_subcommand diff" -l load-balancer-class -d 'The loadBalancerClass the controller handles (default service.k8s.aws/nlb)' -r
complete -c sgctl -n "__fish_sgctl_using_subcommand diff" -l ingress-class -d 'The kubernetes.io/ingress.class annotation value the controller handles (default alb)' -r
complete -c sgctl -n "__fish_sgctl_using_subcommand diff" -l feature-gates -d 'Controller feature gates, as Name=bool,Name2=bool' -r
complete -c sgctl -n "__fish_sgctl_using_subcommand diff" -l service-target-eni-security-group-tags -d 'Extra tags that pick the target SG on ENIs with several SGs, as k=v,...' -r
complete -c sgctl -n "__fish_sgctl_using_subcommand diff" -l enable-service-mutator-webhook -d 'Whether the controller\'s Service mutator webhook is on (default true)' -r
complete -c sgctl -n "__fish_sgctl_using_subcommand diff" -l tolerate-non-existent-backend-service -d 'Answer 503 for a forward to one missing Service instead of failing (default true)' -r
complete -c sgctl -n "__fish_sgctl_using_subcommand diff" -l tolerate-non-existent-backend-action -d 'Answer 503 for a use-annotation backend without its actions annotation (default true)' -r
complete -c sgctl -n "__fish_sgctl_using_subcommand diff" -l watch-namespace -d 'The one namespace the controller watches (its --watch-namespace; default all)' -r
complete -c sgctl -n "__fish_sgctl_using_subcommand diff" -l node-security-group -d 'Target SG for node rules (repeatable); skips discovery from network interfaces' -r
complete -c sgctl -n "__fish_sgctl_using_subcommand diff" -l config -d 'Settings file (default: sgctl.yaml in the current folder, if present)' -r
complete -c sgctl -n "__fish_sgctl_using_subcommand diff" -l cluster-export -d 'The rest of the cluster, as `kubectl get ... -A -o yaml` printed it (repeatable); the input\'s objects replace those of the same kind, namespace and name' -r
complete -c sgctl -n "__fish_sgctl_using_subcommand diff" -l state -d 'Start from this snapshot\'s account instead of one the settings describe (config key state, env SGCTL_STATE)' -r
complete -c sgctl -n "__fish_sgctl_using_subcommand diff" -s o -l output -d 'Renderer' -r -f -a "text\t''
json\t''
markdown\t'For a pull-request comment'"
complete -c sgctl -n "__fish_sgctl_using_subcommand diff" -l fail-on -d 'Exit 1 when the diff has findings with these codes (docs/findings.md), as CODE,CODE' -r
complete -c sgctl -n "__fish_sgctl_using_subcommand diff" -l color -d 'When to colour the output: auto (on a terminal, unless NO_COLOR), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c sgctl -n "__fish_sgctl_using_subcommand diff" -l detailed-exitcode -d 'Exit 0 when NEW changes nothing, 2 when it does, 1 on error'
complete -c sgctl -n "__fish_sgctl_using_subcommand diff" -s v -l verbose -d 'Say more on stderr: -v what was read and called, -vv debugging detail'
complete -c sgctl -n "__fish_sgctl_using_subcommand diff" -s q -l quiet -d 'Say nothing on stderr but errors'
complete -c sgctl -n "__fish_sgctl_using_subcommand diff" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sgctl -n "__fish_sgctl_using_subcommand explain" -l cluster-name -d 'The cluster name (required; the controller\'s --cluster-name)' -r
complete -c sgctl -n "__fish_sgctl_using_subcommand explain" -l vpc-id -d 'The cluster VPC (needed when the account has several)' -r
complete -c sgctl -n "__fish_sgctl_using_subcommand explain" -l enable-backend-security-group -d 'Use the shared backend SG (default true)' -r
complete -c sgctl -n "__fish_sgctl_using_subcommand explain" -l backend-security-group -d 'Use this SG as the shared backend SG' -r
complete -c sgctl -n "__fish_sgctl_using_subcommand explain" -l enable-manage-backend-security-group-rules -d 'Manage backend rules for custom frontend SGs by default (default false)' -r
complete -c sgctl -n "__fish_sgctl_using_subcommand explain" -l disable-restricted-sg-rules -d 'Open all ports on targets instead of only the needed ones (default false)' -r
complete -c sgctl -n "__fish_sgctl_using_subcommand explain" -l default-tags -d 'Tags for every managed SG, as k=v,k2=v2' -r
complete -c sgctl -n "__fish_sgctl_using_subcommand explain" -l external-managed-tags -d 'Tag keys managed outside the controller, as k1,k2' -r
complete -c sgctl -n "__fish_sgctl_using_subcommand explain" -l default-load-balancer-scheme -d 'internal or internet-facing (default internal)' -r
complete -c sgctl -n "__fish_sgctl_using_subcommand explain" -l default-target-type -d 'instance or ip (default instance)' -r
complete -c sgctl -n "__fish_sgctl_using_subcommand explain" -l load-balancer-class -d 'The loadBalancerClass the controller handles (default service.k8s.aws/nlb)' -r
complete -c sgctl -n "__fish_sgctl_using_subcommand explain" -l ingress-class -d 'The kubernetes.io/ingress.class annotation value the controller handles (default alb)' -r
complete -c sgctl -n "__fish_sgctl_using_subcommand explain" -l feature-gates -d 'Controller feature gates, as Name=bool,Name2=bool' -r
complete -c sgctl -n "__fish_sgctl_using_subcommand explain" -l service-target-eni-security-group-tags -d 'Extra tags that pick the target SG on ENIs with several SGs, as k=v,...' -r
complete -c sgctl -n "__fish_sgctl_using_subcommand explain" -l enable-service-mutator-webhook -d 'Whether the controller\'s Service mutator webhook is on (default true)' -r
complete -c sgctl -n "__fish_sgctl_using_subcommand explain" -l tolerate-non-existent-backend-service -d 'Answer 503 for a forward to one missing Service instead of failing (default true)' -r
complete -c sgctl -n "__fish_sgctl_using_subcommand explain" -l tolerate-non-existent-backend-action -d 'Answer 503 for a use-annotation backend without its actions annotation (default true)' -r
complete -c sgctl -n "__fish_sgctl_using_subcommand explain" -l watch-namespace -d 'The one namespace the controller watches (its --watch-namespace; default all)' -r
complete -c sgctl -n "__fish_sgctl_using_subcommand explain" -l node-security-group -d 'Target SG for node rules (repeatable); skips discovery from network interfaces' -r
complete -c sgctl -n "__fish_sgctl_using_subcommand explain" -l config -d 'Settings file (default: sgctl.yaml in the current folder, if present)' -r
complete -c sgctl -n "__fish_sgctl_using_subcommand explain" -l cluster-export -d 'The rest of the cluster, as `kubectl get ... -A -o yaml` printed it (repeatable); the input\'s objects replace those of the same kind, namespace and name' -r
complete -c sgctl -n "__fish_sgctl_using_subcommand explain" -l profile -d 'AWS profile; its credentials win even over AWS_ACCESS_KEY_ID' -r
complete -c sgctl -n "__fish_sgctl_using_subcommand explain" -l region -d 'AWS region (else AWS_REGION, the profile, the instance metadata)' -r
complete -c sgctl -n "__fish_sgctl_using_subcommand explain" -l endpoint-url -d 'EC2-compatible endpoint, also used for STS (else AWS_ENDPOINT_URL_EC2 / AWS_ENDPOINT_URL)' -r
complete -c sgctl -n "__fish_sgctl_using_subcommand explain" -l state -d 'Read the live side from this snapshot file instead of AWS' -r
complete -c sgctl -n "__fish_sgctl_using_subcommand explain" -l color -d 'When to colour the output: auto (on a terminal, unless NO_COLOR), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c sgctl -n "__fish_sgctl_using_subcommand explain" -s v -l verbose -d 'Say more on stderr: -v what was read and called, -vv debugging detail'
complete -c sgctl -n "__fish_sgctl_using_subcommand explain" -s q -l quiet -d 'Say nothing on stderr but errors'
complete -c sgctl -n "__fish_sgctl_using_subcommand explain" -s h -l help -d 'Print help'
complete -c sgctl -n "__fish_sgctl_using_subcommand state; and not __fish_seen_subcommand_from pull help" -l color -d 'When to colour the output: auto (on a terminal, unless NO_COLOR), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c sgctl -n "__fish_sgctl_using_subcommand state; and not __fish_seen_subcommand_from pull help" -s v -l verbose -d 'Say more on stderr: -v what was read and called, -vv debugging detail'
complete -c sgctl -n "__fish_sgctl_using_subcommand state; and not __fish_seen_subcommand_from pull help" -s q -l quiet -d 'Say nothing on stderr but errors'
complete -c sgctl -n "__fish_sgctl_using_subcommand state; and not __fish_seen_subcommand_from pull help" -s h -l help -d 'Print help'
complete -c sgctl -n "__fish_sgctl_using_subcommand state; and not __fish_seen_subcommand_from pull help" -f -a "pull" -d 'Write a snapshot of the live account (for offline plans with --state)'
complete -c sgctl -n "__fish_sgctl_using_subcommand state; and not __fish_seen_subcommand_from pull help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c sgctl -n "__fish_sgctl_using_subcommand state; and __fish_seen_subcommand_from pull" -l cluster-name -d 'The cluster name (required; the controller\'s --cluster-name)' -r
complete -c sgctl -n "__fish_sgctl_using_subcommand state; and __fish_seen_subcommand_from pull" -l vpc-id -d 'The cluster VPC (needed when the account has several)' -r
complete -c sgctl -n "__fish_sgctl_using_subcommand state; and __fish_seen_subcommand_from pull" -l enable-backend-security-group -d 'Use the shared backend SG (default true)' -r
complete -c sgctl -n "__fish_sgctl_using_subcommand state; and __fish_seen_subcommand_from pull" -l backend-security-group -d 'Use this SG as the shared backend SG' -r
complete -c sgctl -n "__fish_sgctl_using_subcommand state; and __fish_seen_subcommand_from pull" -l enable-manage-backend-security-group-rules -d 'Manage backend rules for custom frontend SGs by default (default false)' -r
complete -c sgctl -n "__fish_sgctl_using_subcommand state; and __fish_seen_subcommand_from pull" -l disable-restricted-sg-rules -d 'Open all ports on targets instead of only the needed ones (default false)' -r
complete -c sgctl -n "__fish_sgctl_using_subcommand state; and __fish_seen_subcommand_from pull" -l default-tags -d 'Tags for every managed SG, as k=v,k2=v2' -r
complete -c sgctl -n "__fish_sgctl_using_subcommand state; and __fish_seen_subcommand_from pull" -l external-managed-tags -d 'Tag keys managed outside the controller, as k1,k2' -r
complete -c sgctl -n "__fish_sgctl_using_subcommand state; and __fish_seen_subcommand_from pull" -l default-load-balancer-scheme -d 'internal or internet-facing (default internal)' -r
complete -c sgctl -n "__fish_sgctl_using_subcommand state; and __fish_seen_subcommand_from pull" -l default-target-type -d 'instance or ip (default instance)' -r
complete -c sgctl -n "__fish_sgctl_using_subcommand state; and __fish_seen_subcommand_from pull" -l load-balancer-class -d 'The loadBalancerClass the controller handles (default service.k8s.aws/nlb)' -r
complete -c sgctl -n "__fish_sgctl_using_subcommand state; and __fish_seen_subcommand_from pull" -l ingress-class -d 'The kubernetes.io/ingress.class annotation value the controller handles (default alb)' -r
complete -c sgctl -n "__fish_sgctl_using_subcommand state; and __fish_seen_subcommand_from pull" -l feature-gates -d 'Controller feature gates, as Name=bool,Name2=bool' -r
complete -c sgctl -n "__fish_sgctl_using_subcommand state; and __fish_seen_subcommand_from pull" -l service-target-eni-security-group-tags -d 'Extra tags that pick the target SG on ENIs with several SGs, as k=v,...' -r
complete -c sgctl -n "__fish_sgctl_using_subcommand state; and __fish_seen_subcommand_from pull" -l enable-service-mutator-webhook -d 'Whether the controller\'s Service mutator webhook is on (default true)' -r
complete -c sgctl -n "__fish_sgctl_using_subcommand state; and __fish_seen_subcommand_from pull" -l tolerate-non-existent-backend-service -d 'Answer 503 for a forward to one missing Service instead of failing (default true)' -r
complete -c sgctl -n "__fish_sgctl_using_subcommand state; and __fish_seen_subcommand_from pull" -l tolerate-non-existent-backend-action -d 'Answer 503 for a use-annotation backend without its actions annotation (default true)' -r
complete -c sgctl -n "__fish_sgctl_using_subcommand state; and __fish_seen_subcommand_from pull" -l watch-namespace -d 'The one namespace the controller watches (its --watch-namespace; default all)' -r
complete -c sgctl -n "__fish_sgctl_using_subcommand state; and __fish_seen_subcommand_from pull" -l node-security-group -d 'Target SG for node rules (repeatable); skips discovery from network interfaces' -r
complete -c sgctl -n "__fish_sgctl_using_subcommand state; and __fish_seen_subcommand_from pull" -l config -d 'Settings file (default: sgctl.yaml in the current folder, if present)' -r
complete -c sgctl -n "__fish_sgctl_using_subcommand state; and __fish_seen_subcommand_from pull" -l cluster-export -d 'The rest of the cluster, as `kubectl get ... -A -o yaml` printed it (repeatable); the input\'s objects replace those of the same kind, namespace and name' -r
complete -c sgctl -n "__fish_sgctl_using_subcommand state; and __fish_seen_subcommand_from pull" -l profile -d 'AWS profile; its credentials win even over AWS_ACCESS_KEY_ID' -r
complete -c sgctl -n "__fish_sgctl_using_subcommand state; and __fish_seen_subcommand_from pull" -l region -d 'AWS region (else AWS_REGION, the profile, the instance metadata)' -r
complete -c sgctl -n "__fish_sgctl_using_subcommand state; and __fish_seen_subcommand_from pull" -l endpoint-url -d 'EC2-compatible endpoint, also used for STS (else AWS_ENDPOINT_URL_EC2 / AWS_ENDPOINT_URL)' -r
complete -c sgctl -n "__fish_sgctl_using_subcommand state; and __fish_seen_subcommand_from pull" -s o -l output -d 'Write the snapshot to FILE instead of stdout' -r
complete -c sgctl -n "__fish_sgctl_using_subcommand state; and __fish_seen_subcommand_from pull" -l color -d 'When to colour the output: auto (on a terminal, unless NO_COLOR), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c sgctl -n "__fish_sgctl_using_subcommand state; and __fish_seen_subcommand_from pull" -s v -l verbose -d 'Say more on stderr: -v what was read and called, -vv debugging detail'
complete -c sgctl -n "__fish_sgctl_using_subcommand state; and __fish_seen_subcommand_from pull" -s q -l quiet -d 'Say nothing on stderr but errors'
complete -c sgctl -n "__fish_sgctl_using_subcommand state; and __fish_seen_subcommand_from pull" -s h -l help -d 'Print help'
complete -c sgctl -n "__fish_sgctl_using_subcommand state; and __fish_seen_subcommand_from help" -f -a "pull" -d 'Write a snapshot of the live account (for offline plans with --state)'
complete -c sgctl -n "__fish_sgctl_using_subcommand state; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c sgctl -n "__fish_sgctl_using_subcommand completions" -l color -d 'When to colour the output: auto (on a terminal, unless NO_COLOR), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c sgctl -n "__fish_sgctl_using_subcommand completions" -s v -l verbose -d 'Say more on stderr: -v what was read and called, -vv debugging detail'
complete -c sgctl -n "__fish_sgctl_using_subcommand completions" -s q -l quiet -d 'Say nothing on stderr but errors'
complete -c sgctl -n "__fish_sgctl_using_subcommand completions" -s h -l help -d 'Print help'
complete -c sgctl -n "__fish_sgctl_using_subcommand help; and not __fish_seen_subcommand_from plan apply show diff explain state completions help" -f -a "plan" -d 'Compute and print the plan for the manifests'
complete -c sgctl -n "__fish_sgctl_using_subcommand help; and not __fish_seen_subcommand_from plan apply show diff explain state completions help" -f -a "apply" -d 'Apply a saved plan, or plan, show, ask and apply'
complete -c sgctl -n "__fish_sgctl_using_subcommand help; and not __fish_seen_subcommand_from plan apply show diff explain state completions help" -f -a "show" -d 'Print a saved plan (from `plan --out FILE`)'
complete -c sgctl -n "__fish_sgctl_using_subcommand help; and not __fish_seen_subcommand_from plan apply show diff explain state completions help" -f -a "diff" -d 'Show the security-group changes NEW\'s manifests make relative to OLD\'s; no AWS access'
complete -c sgctl -n "__fish_sgctl_using_subcommand help; and not __fish_seen_subcommand_from plan apply show diff explain state completions help" -f -a "explain" -d 'Say, for one security group, why each of its rules exists and why others will go'
complete -c sgctl -n "__fish_sgctl_using_subcommand help; and not __fish_seen_subcommand_from plan apply show diff explain state completions help" -f -a "state" -d 'Work with snapshots of the live account'
complete -c sgctl -n "__fish_sgctl_using_subcommand help; and not __fish_seen_subcommand_from plan apply show diff explain state completions help" -f -a "completions" -d 'Print the completion script for a shell (bash, zsh, fish, powershell, elvish)'
complete -c sgctl -n "__fish_sgctl_using_subcommand help; and not __fish_seen_subcommand_from plan apply show diff explain state completions help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c sgctl -n "__fish_sgctl_using_subcommand help; and __fish_seen_subcommand_from state" -f -a "pull" -d 'Write a snapshot of the live account (for offline plans with --state)'
