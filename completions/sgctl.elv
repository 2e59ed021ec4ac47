
use builtin;
use str;

set edit:completion:arg-completer[sgctl] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'sgctl'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'sgctl'= {
            cand --color 'When to colour the output: auto (on a terminal, unless NO_COLOR), always, never'
            cand -v 'Say more on stderr: -v what was read and called, -vv debugging detail'
            cand --verbose 'Say more on stderr: -v what was read and called, -vv debugging detail'
            cand -q 'Say nothing on stderr but errors'
            cand --quiet 'Say nothing on stderr but errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand plan 'Compute and print the plan for the manifests'
            cand apply 'Apply a saved plan, or plan, show, ask and apply'
            cand show 'Print a saved plan (from `plan --out FILE`)'
            cand diff 'Show the security-group changes NEW''s manifests make relative to OLD''s; no AWS access'
            cand explain 'Say, for one security group, why each of its rules exists and why others will go'
            cand state 'Work with snapshots of the live account'
            cand completions 'Print the completion script for a shell (bash, zsh, fish, powershell, elvish)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'sgctl;plan'= {
            cand --cluster-name 'The cluster name (required; the controller''s --cluster-name)'
            cand --vpc-id 'The cluster VPC (needed when the account has several)'
            cand --enable-backend-security-group 'Use the shared backend SG (default true)'
            cand --backend-security-group 'Use this SG as the shared backend SG'
            cand --enable-manage-backend-security-group-rules 'Manage backend rules for custom frontend SGs by default (default false)'
            cand --disable-restricted-sg-rules 'Open all ports on targets instead of only the needed ones (default false)'
            cand --default-tags 'Tags for every managed SG, as k=v,k2=v2'
            cand --external-managed-tags 'Tag keys managed outside the controller, as k1,k2'
            cand --default-load-balancer-scheme 'internal or internet-facing (default internal)'
            cand --default-target-type 'instance or ip (default instance)'
            cand --load-balancer-class 'The loadBalancerClass the controller handles (default service.k8s.aws/nlb)'
            cand --ingress-class 'The kubernetes.io/ingress.class annotation value the controller handles (default alb)'
            cand --feature-gates 'Controller feature gates, as Name=bool,Name2=bool'
            cand --service-target-eni-security-group-tags 'Extra tags that pick the target SG on ENIs with several SGs, as k=v,...'
            cand --enable-service-mutator-webhook 'Whether the controller''s Service mutator webhook is on (default true)'
            cand --tolerate-non-existent-backend-service 'Answer 503 for a forward to one missing Service instead of failing (default true)'
            cand --tolerate-non-existent-backend-action 'Answer 503 for a use-annotation backend without its actions annotation (default true)'
            cand --watch-namespace 'The one namespace the controller watches (its --watch-namespace; default all)'
            cand --node-security-group 'Target SG for node rules (repeatable); skips discovery from network interfaces'
            cand --config 'Settings file (default: sgctl.yaml in the current folder, if present)'
            cand --cluster-export 'The rest of the cluster, as `kubectl get ... -A -o yaml` printed it (repeatable); the input''s objects replace those of the same kind, namespace and name'
            cand --profile 'AWS profile; its credentials win even over AWS_ACCESS_KEY_ID'
            cand --region 'AWS region (else AWS_REGION, the profile, the instance metadata)'
            cand --endpoint-url 'EC2-compatible endpoint, also used for STS (else AWS_ENDPOINT_URL_EC2 / AWS_ENDPOINT_URL)'
            cand --state 'Read the live side from this snapshot file instead of AWS (config key state, env SGCTL_STATE)'
            cand -o 'Renderer'
            cand --output 'Renderer'
            cand --out 'Save the plan document to FILE (for `sgctl show FILE`)'
            cand --fail-on 'Exit 1 when the plan has findings with these codes (docs/findings.md), as CODE,CODE'
            cand --color 'When to colour the output: auto (on a terminal, unless NO_COLOR), always, never'
            cand --detailed-exitcode 'Exit 0 when there are no changes, 2 when there are, 1 on error'
            cand --additive 'Plan no deletes and no revokes (only additions and updates)'
            cand -v 'Say more on stderr: -v what was read and called, -vv debugging detail'
            cand --verbose 'Say more on stderr: -v what was read and called, -vv debugging detail'
            cand -q 'Say nothing on stderr but errors'
            cand --quiet 'Say nothing on stderr but errors'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'sgctl;apply'= {
            cand --cluster-name 'The cluster name (required; the controller''s --cluster-name)'
            cand --vpc-id 'The cluster VPC (needed when the account has several)'
            cand --enable-backend-security-group 'Use the shared backend SG (default true)'
            cand --backend-security-group 'Use this SG as the shared backend SG'
            cand --enable-manage-backend-security-group-rules 'Manage backend rules for custom frontend SGs by default (default false)'
            cand --disable-restricted-sg-rules 'Open all ports on targets instead of only the needed ones (default false)'
            cand --default-tags 'Tags for every managed SG, as k=v,k2=v2'
            cand --external-managed-tags 'Tag keys managed outside the controller, as k1,k2'
            cand --default-load-balancer-scheme 'internal or internet-facing (default internal)'
            cand --default-target-type 'instance or ip (default instance)'
            cand --load-balancer-class 'The loadBalancerClass the controller handles (default service.k8s.aws/nlb)'
            cand --ingress-class 'The kubernetes.io/ingress.class annotation value the controller handles (default alb)'
            cand --feature-gates 'Controller feature gates, as Name=bool,Name2=bool'
            cand --service-target-eni-security-group-tags 'Extra tags that pick the target SG on ENIs with several SGs, as k=v,...'
            cand --enable-service-mutator-webhook 'Whether the controller''s Service mutator webhook is on (default true)'
            cand --tolerate-non-existent-backend-service 'Answer 503 for a forward to one missing Service instead of failing (default true)'
            cand --tolerate-non-existent-backend-action 'Answer 503 for a use-annotation backend without its actions annotation (default true)'
            cand --watch-namespace 'The one namespace the controller watches (its --watch-namespace; default all)'
            cand --node-security-group 'Target SG for node rules (repeatable); skips discovery from network interfaces'
            cand --config 'Settings file (default: sgctl.yaml in the current folder, if present)'
            cand --cluster-export 'The rest of the cluster, as `kubectl get ... -A -o yaml` printed it (repeatable); the input''s objects replace those of the same kind, namespace and name'
            cand --profile 'AWS profile; its credentials win even over AWS_ACCESS_KEY_ID'
            cand --region 'AWS region (else AWS_REGION, the profile, the instance metadata)'
            cand --endpoint-url 'EC2-compatible endpoint, also used for STS (else AWS_ENDPOINT_URL_EC2 / AWS_ENDPOINT_URL)'
            cand --parallelism 'Security groups worked on at once'
            cand --rate-limit 'Mutating EC2 requests per second after a burst of 200 (EC2''s own refill rate is 5)'
            cand --require-approval 'When to ask: never, any-change, or only when a change widens access (the default)'
            cand --fail-on 'Refuse to apply when the plan has findings with these codes, as CODE,CODE'
            cand --color 'When to colour the output: auto (on a terminal, unless NO_COLOR), always, never'
            cand --auto-approve 'Apply without asking (needed when standard input is not a terminal)'
            cand --additive 'Plan no deletes and no revokes (only additions and updates)'
            cand -v 'Say more on stderr: -v what was read and called, -vv debugging detail'
            cand --verbose 'Say more on stderr: -v what was read and called, -vv debugging detail'
            cand -q 'Say nothing on stderr but errors'
            cand --quiet 'Say nothing on stderr but errors'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'sgctl;show'= {
            cand -o 'Renderer'
            cand --output 'Renderer'
            cand --color 'When to colour the output: auto (on a terminal, unless NO_COLOR), always, never'
            cand -v 'Say more on stderr: -v what was read and called, -vv debugging detail'
            cand --verbose 'Say more on stderr: -v what was read and called, -vv debugging detail'
            cand -q 'Say nothing on stderr but errors'
            cand --quiet 'Say nothing on stderr but errors'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'sgctl;diff'= {
            cand --cluster-name 'The cluster name (required; the controller''s --cluster-name)'
            cand --vpc-id 'The cluster VPC (needed when the account has several)'
            cand --enable-backend-security-group 'Use the shared backend SG (default true)'
            cand --backend-security-group 'Use this SG as the shared backend SG'
            cand --enable-manage-backend-security-group-rules 'Manage backend rules for custom frontend SGs by default (default false)'
            cand --disable-restricted-sg-rules 'Open all ports on targets instead of only the needed ones (default false)'
            cand --default-tags 'Tags for every managed SG, as k=v,k2=v2'
            cand --external-managed-tags 'Tag keys managed outside the controller, as k1,k2'
            cand --default-load-balancer-scheme 'internal or internet-facing (default internal)'
            cand --default-target-type 'instance or ip (default instance)'
            cand --load-balancer-class 'The loadBalancerClass the controller handles (default service.k8s.aws/nlb)'
            cand --ingress-class 'The kubernetes.io/ingress.class annotation value the controller handles (default alb)'
            cand --feature-gates 'Controller feature gates, as Name=bool,Name2=bool'
            cand --service-target-eni-security-group-tags 'Extra tags that pick the target SG on ENIs with several SGs, as k=v,...'
            cand --enable-service-mutator-webhook 'Whether the controller''s Service mutator webhook is on (default true)'
            cand --tolerate-non-existent-backend-service 'Answer 503 for a forward to one missing Service instead of failing (default true)'
            cand --tolerate-non-existent-backend-action 'Answer 503 for a use-annotation backend without its actions annotation (default true)'
            cand --watch-namespace 'The one namespace the controller watches (its --watch-namespace; default all)'
            cand --node-security-group 'Target SG for node rules (repeatable); skips discovery from network interfaces'
            cand --config 'Settings file (default: sgctl.yaml in the current folder, if present)'
            cand --cluster-export 'The rest of the cluster, as `kubectl get ... -A -o yaml` printed it (repeatable); the input''s objects replace those of the same kind, namespace and name'
            cand --state 'Start from this snapshot''s account instead of one the settings describe (config key state, env SGCTL_STATE)'
            cand -o 'Renderer'
            cand --output 'Renderer'
            cand --fail-on 'Exit 1 when the diff has findings with these codes (docs/findings.md), as CODE,CODE'
            cand --color 'When to colour the output: auto (on a terminal, unless NO_COLOR), always, never'
            cand --detailed-exitcode 'Exit 0 when NEW changes nothing, 2 when it does, 1 on error'
            cand -v 'Say more on stderr: -v what was read and called, -vv debugging detail'
            cand --verbose 'Say more on stderr: -v what was read and called, -vv debugging detail'
            cand -q 'Say nothing on stderr but errors'
            cand --quiet 'Say nothing on stderr but errors'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'sgctl;explain'= {
            cand --cluster-name 'The cluster name (required; the controller''s --cluster-name)'
            cand --vpc-id 'The cluster VPC (needed when the account has several)'
            cand --enable-backend-security-group 'Use the shared backend SG (default true)'
            cand --backend-security-group 'Use this SG as the shared backend SG'
            cand --enable-manage-backend-security-group-rules 'Manage backend rules for custom frontend SGs by default (default false)'
            cand --disable-restricted-sg-rules 'Open all ports on targets instead of only the needed ones (default false)'
            cand --default-tags 'Tags for every managed SG, as k=v,k2=v2'
            cand --external-managed-tags 'Tag keys managed outside the controller, as k1,k2'
            cand --default-load-balancer-scheme 'internal or internet-facing (default internal)'
            cand --default-target-type 'instance or ip (default instance)'
            cand --load-balancer-class 'The loadBalancerClass the controller handles (default service.k8s.aws/nlb)'
            cand --ingress-class 'The kubernetes.io/ingress.class annotation value the controller handles (default alb)'
            cand --feature-gates 'Controller feature gates, as Name=bool,Name2=bool'
            cand --service-target-eni-security-group-tags 'Extra tags that pick the target SG on ENIs with several SGs, as k=v,...'
            cand --enable-service-mutator-webhook 'Whether the controller''s Service mutator webhook is on (default true)'
            cand --tolerate-non-existent-backend-service 'Answer 503 for a forward to one missing Service instead of failing (default true)'
            cand --tolerate-non-existent-backend-action 'Answer 503 for a use-annotation backend without its actions annotation (default true)'
            cand --watch-namespace 'The one namespace the controller watches (its --watch-namespace; default all)'
            cand --node-security-group 'Target SG for node rules (repeatable); skips discovery from network interfaces'
            cand --config 'Settings file (default: sgctl.yaml in the current folder, if present)'
            cand --cluster-export 'The rest of the cluster, as `kubectl get ... -A -o yaml` printed it (repeatable); the input''s objects replace those of the same kind, namespace and name'
            cand --profile 'AWS profile; its credentials win even over AWS_ACCESS_KEY_ID'
            cand --region 'AWS region (else AWS_REGION, the profile, the instance metadata)'
            cand --endpoint-url 'EC2-compatible endpoint, also used for STS (else AWS_ENDPOINT_URL_EC2 / AWS_ENDPOINT_URL)'
            cand --state 'Read the live side from this snapshot file instead of AWS'
            cand --color 'When to colour the output: auto (on a terminal, unless NO_COLOR), always, never'
            cand -v 'Say more on stderr: -v what was read and called, -vv debugging detail'
            cand --verbose 'Say more on stderr: -v what was read and called, -vv debugging detail'
            cand -q 'Say nothing on stderr but errors'
            cand --quiet 'Say nothing on stderr but errors'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'sgctl;state'= {
            cand --color 'When to colour the output: auto (on a terminal, unless NO_COLOR), always, never'
            cand -v 'Say more on stderr: -v what was read and called, -vv debugging detail'
            cand --verbose 'Say more on stderr: -v what was read and called, -vv debugging detail'
            cand -q 'Say nothing on stderr but errors'
            cand --quiet 'Say nothing on stderr but errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand pull 'Write a snapshot of the live account (for offline plans with --state)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'sgctl;state;pull'= {
            cand --cluster-name 'The cluster name (required; the controller''s --cluster-name)'
            cand --vpc-id 'The cluster VPC (needed when the account has several)'
            cand --enable-backend-security-group 'Use the shared backend SG (default true)'
            cand --backend-security-group 'Use this SG as the shared backend SG'
            cand --enable-manage-backend-security-group-rules 'Manage backend rules for custom frontend SGs by default (default false)'
            cand --disable-restricted-sg-rules 'Open all ports on targets instead of only the needed ones (default false)'
            cand --default-tags 'Tags for every managed SG, as k=v,k2=v2'
            cand --external-managed-tags 'Tag keys managed outside the controller, as k1,k2'
            cand --default-load-balancer-scheme 'internal or internet-facing (default internal)'
            cand --default-target-type 'instance or ip (default instance)'
            cand --load-balancer-class 'The loadBalancerClass the controller handles (default service.k8s.aws/nlb)'
            cand --ingress-class 'The kubernetes.io/ingress.class annotation value the controller handles (default alb)'
            cand --feature-gates 'Controller feature gates, as Name=bool,Name2=bool'
            cand --service-target-eni-security-group-tags 'Extra tags that pick the target SG on ENIs with several SGs, as k=v,...'
            cand --enable-service-mutator-webhook 'Whether the controller''s Service mutator webhook is on (default true)'
            cand --tolerate-non-existent-backend-service 'Answer 503 for a forward to one missing Service instead of failing (default true)'
            cand --tolerate-non-existent-backend-action 'Answer 503 for a use-annotation backend without its actions annotation (default true)'
            cand --watch-namespace 'The one namespace the controller watches (its --watch-namespace; default all)'
            cand --node-security-group 'Target SG for node rules (repeatable); skips discovery from network interfaces'
            cand --config 'Settings file (default: sgctl.yaml in the current folder, if present)'
            cand --cluster-export 'The rest of the cluster, as `kubectl get ... -A -o yaml` printed it (repeatable); the input''s objects replace those of the same kind, namespace and name'
            cand --profile 'AWS profile; its credentials win even over AWS_ACCESS_KEY_ID'
            cand --region 'AWS region (else AWS_REGION, the profile, the instance metadata)'
            cand --endpoint-url 'EC2-compatible endpoint, also used for STS (else AWS_ENDPOINT_URL_EC2 / AWS_ENDPOINT_URL)'
            cand -o 'Write the snapshot to FILE instead of stdout'
            cand --output 'Write the snapshot to FILE instead of stdout'
            cand --color 'When to colour the output: auto (on a terminal, unless NO_COLOR), always, never'
            cand -v 'Say more on stderr: -v what was read and called, -vv debugging detail'
            cand --verbose 'Say more on stderr: -v what was read and called, -vv debugging detail'
            cand -q 'Say nothing on stderr but errors'
            cand --quiet 'Say nothing on stderr but errors'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'sgctl;state;help'= {
            cand pull 'Write a snapshot of the live account (for offline plans with --state)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'sgctl;state;help;pull'= {
        }
        &'sgctl;state;help;help'= {
        }
        &'sgctl;completions'= {
            cand --color 'When to colour the output: auto (on a terminal, unless NO_COLOR), always, never'
            cand -v 'Say more on stderr: -v what was read and called, -vv debugging detail'
            cand --verbose 'Say more on stderr: -v what was read and called, -vv debugging detail'
            cand -q 'Say nothing on stderr but errors'
            cand --quiet 'Say nothing on stderr but errors'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'sgctl;help'= {
            cand plan 'Compute and print the plan for the manifests'
            cand apply 'Apply a saved plan, or plan, show, ask and apply'
            cand show 'Print a saved plan (from `plan --out FILE`)'
            cand diff 'Show the security-group changes NEW''s manifests make relative to OLD''s; no AWS access'
            cand explain 'Say, for one security group, why each of its rules exists and why others will go'
            cand state 'Work with snapshots of the live account'
            cand completions 'Print the completion script for a shell (bash, zsh, fish, powershell, elvish)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'sgctl;help;plan'= {
        }
        &'sgctl;help;apply'= {
        }
        &'sgctl;help;show'= {
        }
        &'sgctl;help;diff'= {
        }
        &'sgctl;help;explain'= {
        }
        &'sgctl;help;state'= {
            cand pull 'Write a snapshot of the live account (for offline plans with --state)'
        }
        &'sgctl;help;state;pull'= {
        }
        &'sgctl;help;completions'= {
        }
        &'sgctl;help;help'= {
        }
    ]
    $completions[$command]
}
