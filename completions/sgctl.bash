_sgctl() {
    local i cur prev opts cmd
    COMPREPLY=()
    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
        cur="$2"
    else
        cur="${COMP_WORDS[COMP_CWORD]}"
    fi
    prev="$3"
    cmd=""
    opts=""

    for i in "${COMP_WORDS[@]:0:COMP_CWORD}"
    do
        case "${cmd},${i}" in
            ",$1")
                cmd="sgctl"
                ;;
            sgctl,apply)
                cmd="sgctl__subcmd__apply"
                ;;
            sgctl,completions)
                cmd="sgctl__subcmd__completions"
                ;;
            sgctl,diff)
                cmd="sgctl__subcmd__diff"
                ;;
            sgctl,explain)
                cmd="sgctl__subcmd__explain"
                ;;
            sgctl,help)
                cmd="sgctl__subcmd__help"
                ;;
            sgctl,plan)
                cmd="sgctl__subcmd__plan"
                ;;
            sgctl,show)
                cmd="sgctl__subcmd__show"
                ;;
            sgctl,state)
                cmd="sgctl__subcmd__state"
                ;;
            sgctl__subcmd__help,apply)
                cmd="sgctl__subcmd__help__subcmd__apply"
                ;;
            sgctl__subcmd__help,completions)
                cmd="sgctl__subcmd__help__subcmd__completions"
                ;;
            sgctl__subcmd__help,diff)
                cmd="sgctl__subcmd__help__subcmd__diff"
                ;;
            sgctl__subcmd__help,explain)
                cmd="sgctl__subcmd__help__subcmd__explain"
                ;;
            sgctl__subcmd__help,help)
                cmd="sgctl__subcmd__help__subcmd__help"
                ;;
            sgctl__subcmd__help,plan)
                cmd="sgctl__subcmd__help__subcmd__plan"
                ;;
            sgctl__subcmd__help,show)
                cmd="sgctl__subcmd__help__subcmd__show"
                ;;
            sgctl__subcmd__help,state)
                cmd="sgctl__subcmd__help__subcmd__state"
                ;;
            sgctl__subcmd__help__subcmd__state,pull)
                cmd="sgctl__subcmd__help__subcmd__state__subcmd__pull"
                ;;
            sgctl__subcmd__state,help)
                cmd="sgctl__subcmd__state__subcmd__help"
                ;;
            sgctl__subcmd__state,pull)
                cmd="sgctl__subcmd__state__subcmd__pull"
                ;;
            sgctl__subcmd__state__subcmd__help,help)
                cmd="sgctl__subcmd__state__subcmd__help__subcmd__help"
                ;;
            sgctl__subcmd__state__subcmd__help,pull)
                cmd="sgctl__subcmd__state__subcmd__help__subcmd__pull"
                ;;
            *)
                ;;
        esac
    done

    case "${cmd}" in
        sgctl)
            opts="-v -q -h -V --color --verbose --quiet --help --version plan apply show diff explain state completions help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 1 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        sgctl__subcmd__apply)
            opts="-v -q -h --cluster-name --vpc-id --enable-backend-security-group --backend-security-group --enable-manage-backend-security-group-rules --disable-restricted-sg-rules --default-tags --external-managed-tags --default-load-balancer-scheme --default-target-type --load-balancer-class --ingress-class --feature-gates --service-target-eni-security-group-tags --enable-service-mutator-webhook --tolerate-non-existent-backend-service --tolerate-non-existent-backend-action --watch-namespace --node-security-group --config --cluster-export --profile --region --endpoint-url --auto-approve --parallelism --rate-limit --additive --require-approval --fail-on --color --verbose --quiet --help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --cluster-name)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --vpc-id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --enable-backend-security-group)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --backend-security-group)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --enable-manage-backend-security-group-rules)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --disable-restricted-sg-rules)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --default-tags)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --external-managed-tags)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --default-load-balancer-scheme)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --default-target-type)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --load-balancer-class)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --ingress-class)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --feature-gates)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --service-target-eni-security-group-tags)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --enable-service-mutator-webhook)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --tolerate-non-existent-backend-service)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --tolerate-non-existent-backend-action)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --watch-namespace)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --node-security-group)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --cluster-export)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --profile)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --region)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --endpoint-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --parallelism)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --rate-limit)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --require-approval)
                    COMPREPLY=($(compgen -W "never any-change broadening" -- "${cur}"))
                    return 0
                    ;;
                --fail-on)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        sgctl__subcmd__completions)
            opts="-v -q -h --color --verbose --quiet --help bash elvish fish powershell zsh"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        sgctl__subcmd__diff)
            opts="-o -v -q -h --cluster-name --vpc-id --enable-backend-security-group --backend-security-group --enable-manage-backend-security-group-rules --disable-restricted-sg-rules --default-tags --external-managed-tags --default-load-balancer-scheme --default-target-type --load-balancer-class --ingress-class --feature-gates --service-target-eni-security-group-tags --enable-service-mutator-webhook --tolerate-non-existent-backend-service --tolerate-non-existent-backend-action --watch-namespace --node-security-group --config --cluster-export --state --output --detailed-exitcode --fail-on --color --verbose --quiet --help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --cluster-name)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --vpc-id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --enable-backend-security-group)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --backend-security-group)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --enable-manage-backend-security-group-rules)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --disable-restricted-sg-rules)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --default-tags)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --external-managed-tags)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --default-load-balancer-scheme)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --default-target-type)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --load-balancer-class)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --ingress-class)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --feature-gates)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --service-target-eni-security-group-tags)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --enable-service-mutator-webhook)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --tolerate-non-existent-backend-service)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --tolerate-non-existent-backend-action)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --watch-namespace)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --node-security-group)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --cluster-export)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --state)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --output)
                    COMPREPLY=($(compgen -W "text json markdown" -- "${cur}"))
                    return 0
                    ;;
                -o)
                    COMPREPLY=($(compgen -W "text json markdown" -- "${cur}"))
                    return 0
                    ;;
                --fail-on)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        sgctl__subcmd__explain)
            opts="-v -q -h --cluster-name --vpc-id --enable-backend-security-group --backend-security-group --enable-manage-backend-security-group-rules --disable-restricted-sg-rules --default-tags --external-managed-tags --default-load-balancer-scheme --default-target-type --load-balancer-class --ingress-class --feature-gates --service-target-eni-security-group-tags --enable-service-mutator-webhook --tolerate-non-existent-backend-service --tolerate-non-existent-backend-action --watch-namespace --node-security-group --config --cluster-export --profile --region --endpoint-url --state --color --verbose --quiet --help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --cluster-name)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --vpc-id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --enable-backend-security-group)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --backend-security-group)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --enable-manage-backend-security-group-rules)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --disable-restricted-sg-rules)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --default-tags)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --external-managed-tags)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --default-load-balancer-scheme)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --default-target-type)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --load-balancer-class)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --ingress-class)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --feature-gates)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --service-target-eni-security-group-tags)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --enable-service-mutator-webhook)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --tolerate-non-existent-backend-service)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --tolerate-non-existent-backend-action)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --watch-namespace)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --node-security-group)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --cluster-export)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --profile)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --region)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --endpoint-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --state)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        sgctl__subcmd__help)
            opts="plan apply show diff explain state completions help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        sgctl__subcmd__help__subcmd__apply)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        sgctl__subcmd__help__subcmd__completions)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        sgctl__subcmd__help__subcmd__diff)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        sgctl__subcmd__help__subcmd__explain)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        sgctl__subcmd__help__subcmd__help)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        sgctl__subcmd__help__subcmd__plan)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        sgctl__subcmd__help__subcmd__show)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        sgctl__subcmd__help__subcmd__state)
            opts="pull"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        sgctl__subcmd__help__subcmd__state__subcmd__pull)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        sgctl__subcmd__plan)
            opts="-o -v -q -h --cluster-name --vpc-id --enable-backend-security-group --backend-security-group --enable-manage-backend-security-group-rules --disable-restricted-sg-rules --default-tags --external-managed-tags --default-load-balancer-scheme --default-target-type --load-balancer-class --ingress-class --feature-gates --service-target-eni-security-group-tags --enable-service-mutator-webhook --tolerate-non-existent-backend-service --tolerate-non-existent-backend-action --watch-namespace --node-security-group --config --cluster-export --profile --region --endpoint-url --state --output --out --detailed-exitcode --additive --fail-on --color --verbose --quiet --help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --cluster-name)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --vpc-id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --enable-backend-security-group)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --backend-security-group)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --enable-manage-backend-security-group-rules)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --disable-restricted-sg-rules)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --default-tags)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --external-managed-tags)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --default-load-balancer-scheme)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --default-target-type)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --load-balancer-class)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --ingress-class)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --feature-gates)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --service-target-eni-security-group-tags)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --enable-service-mutator-webhook)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --tolerate-non-existent-backend-service)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --tolerate-non-existent-backend-action)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --watch-namespace)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --node-security-group)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --cluster-export)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --profile)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --region)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --endpoint-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --state)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --output)
                    COMPREPLY=($(compgen -W "text json markdown" -- "${cur}"))
                    return 0
                    ;;
                -o)
                    COMPREPLY=($(compgen -W "text json markdown" -- "${cur}"))
                    return 0
                    ;;
                --out)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --fail-on)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        sgctl__subcmd__show)
            opts="-o -v -q -h --output --color --verbose --quiet --help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --output)
                    COMPREPLY=($(compgen -W "text json markdown" -- "${cur}"))
                    return 0
                    ;;
                -o)
                    COMPREPLY=($(compgen -W "text json markdown" -- "${cur}"))
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        sgctl__subcmd__state)
            opts="-v -q -h --color --verbose --quiet --help pull help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        sgctl__subcmd__state__subcmd__help)
            opts="pull help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        sgctl__subcmd__state__subcmd__help__subcmd__help)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        sgctl__subcmd__state__subcmd__help__subcmd__pull)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        sgctl__subcmd__state__subcmd__pull)
            opts="-o -v -q -h --cluster-name --vpc-id --enable-backend-security-group --backend-security-group --enable-manage-backend-security-group-rules --disable-restricted-sg-rules --default-tags --external-managed-tags --default-load-balancer-scheme --default-target-type --load-balancer-class --ingress-class --feature-gates --service-target-eni-security-group-tags --enable-service-mutator-webhook --tolerate-non-existent-backend-service --tolerate-non-existent-backend-action --watch-namespace --node-security-group --config --cluster-export --profile --region --endpoint-url --output --color --verbose --quiet --help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --cluster-name)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --vpc-id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --enable-backend-security-group)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --backend-security-group)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --enable-manage-backend-security-group-rules)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --disable-restricted-sg-rules)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --default-tags)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --external-managed-tags)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --default-load-balancer-scheme)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --default-target-type)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --load-balancer-class)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --ingress-class)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --feature-gates)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --service-target-eni-security-group-tags)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --enable-service-mutator-webhook)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --tolerate-non-existent-backend-service)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --tolerate-non-existent-backend-action)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --watch-namespace)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --node-security-group)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --cluster-export)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --profile)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --region)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --endpoint-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --output)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                -o)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
    esac
}

if [[ "${BASH_VERSINFO[0]}" -eq 4 && "${BASH_VERSINFO[1]}" -ge 4 || "${BASH_VERSINFO[0]}" -gt 4 ]]; then
    complete -F _sgctl -o nosort -o bashdefault -o default sgctl
else
    complete -F _sgctl -o bashdefault -o default sgctl
fi
