#!/bin/sh
# Smoke check "network-probes" (packages/smoke/scripts/network-probes.sh): NetworkPolicy probes
# run from a pod that carries the labels of a real client of the platform. Rendered policies
# prove nothing until the cluster enforces them: each probe opens a TCP connection or asks a DNS
# resolver, and checks the flow is reachable when the policies must allow it and blocked when
# they must not. Runs under busybox sh in the busybox image (nc and nslookup are its applets).
#
# Variables:
#   SMOKE_PROBES                 the probes, one a line (blank lines are skipped):
#                                  <allow|deny> <tcp|dns> <target> <port> <name>
#                                tcp: connect to <target>:<port> (a host name or an IP address);
#                                dns: ask the resolver <target> (an IP address or a host name, or
#                                "-" for the pod's own resolvers from /etc/resolv.conf) on <port>
#                                for SMOKE_DNS_QUERY_NAME; <name>: the probe's id (lowercase
#                                letters, digits, "-" and "."), e.g. xwiki-to-mysql
#   SMOKE_PROBE_TIMEOUT_SECONDS  how long a probe waits for a connection or an answer, in whole
#                                seconds, at least 1 (default 3)
#   SMOKE_DNS_QUERY_NAME         the name dns probes ask for (default kubernetes.default.svc.cluster.local)
#
# allow passes when the flow is reachable, deny when it is not (refused or timed out alike).
# Prints "PASS <name>: ..." or "FAIL <name>: ..." per probe, then
# "RESULT network-probes: passed (<n> checks)" or "... failed (<m> of <n> checks)".
# Exits 0 when every probe passes, 1 when one fails, 2 when the configuration is missing or
# malformed (nothing is probed then).
set -u
# Probe lines are split into fields on blanks; a "*" in one must not become file names.
set -f

job=network-probes
probe_form='lines "<allow|deny> <tcp|dns> <target> <port> <name>"'

config_error() {
  printf 'smoke %s: %s: %s, expected %s\n' "$job" "$1" "$2" "$3" >&2
  exit 2
}

# Plain decimal without leading zeros, at most $2 digits.
is_whole_number() {
  case "$1" in '' | 0* | *[!0-9]*) return 1 ;; esac
  [ "${#1}" -le "$2" ]
}

# A host name or an IP address (v4, or v6 with colons). Never starting with "-": nc and nslookup
# would read it as an option.
is_host() {
  case "$1" in '' | [!A-Za-z0-9:]* | *[!A-Za-z0-9.:-]*) return 1 ;; esac
  [ "${#1}" -le 253 ]
}

# A probe's id: DNS-label-like, dots allowed (xwiki-to-mysql, ingress.to.mysql).
is_probe_name() {
  case "$1" in '' | [!a-z0-9]* | *[!a-z0-9] | *[!a-z0-9.-]*) return 1 ;; esac
  [ "${#1}" -le 253 ]
}

timeout=${SMOKE_PROBE_TIMEOUT_SECONDS:-3}
is_whole_number "$timeout" 5 || config_error SMOKE_PROBE_TIMEOUT_SECONDS "\"$timeout\" is not a whole number of seconds of at least 1" 'an integer such as 3'
query_name=${SMOKE_DNS_QUERY_NAME:-kubernetes.default.svc.cluster.local}
case "$query_name" in [!A-Za-z0-9]* | *[!A-Za-z0-9.-]* | *..*) config_error SMOKE_DNS_QUERY_NAME "\"$query_name\" is not a DNS name" 'a name such as kubernetes.default.svc.cluster.local' ;; esac

line_error() { # problem (of line number "line")
  config_error SMOKE_PROBES "line $number \"$line\": $1" "$probe_form"
}

# Every line is checked before anything is probed: a half-run list with a typo reads as a verdict.
number=0
probes=0
names=' '
while IFS= read -r line; do
  number=$((number + 1))
  # shellcheck disable=SC2086 # split into fields on purpose (globbing is off)
  set -- $line
  [ "$#" -gt 0 ] || continue
  [ "$#" -ge 5 ] || line_error "$# of the 5 fields"
  [ "$#" -eq 5 ] || line_error "$# fields, more than the 5"
  case "$1" in allow | deny) ;; *) line_error "unknown expectation \"$1\" (allow or deny)" ;; esac
  case "$2" in tcp | dns) ;; *) line_error "unknown kind \"$2\" (tcp or dns)" ;; esac
  if [ "$2" = dns ]; then
    [ "$3" = - ] || is_host "$3" || line_error "the resolver \"$3\" is not a host name, an IP address or \"-\" (the pod's)"
  else
    is_host "$3" || line_error "the target \"$3\" is not a host name or an IP address"
  fi
  if ! is_whole_number "$4" 5 || [ "$4" -gt 65535 ]; then line_error "the port \"$4\" is not a number from 1 to 65535"; fi
  is_probe_name "$5" || line_error "the name \"$5\" is not a probe id (lowercase letters, digits, inner \"-\" and \".\")"
  case "$names" in *" $5 "*) line_error "the name \"$5\" is used by an earlier line" ;; esac
  names="$names$5 "
  probes=$((probes + 1))
done <<EOF
${SMOKE_PROBES:-}
EOF
[ "$probes" -gt 0 ] || config_error SMOKE_PROBES 'missing or empty (no probe)' "$probe_form"

# One line of a program's messages: its lines joined by "; ", without busybox's applet prefix.
one_line() {
  joined=''
  while read -r message; do
    [ -z "$message" ] || joined="${joined:+$joined; }${message#nc: }"
  done <<EOF
$1
EOF
  printf '%s' "$joined"
}

# Sets outcome (reachable, blocked or unknown) and evidence for a TCP connection to $1:$2.
# "-e true" runs true as soon as the connection is up and closes it: nc exits 0 when it
# connected, without waiting for the server to speak or hang up (plain nc with stdin at EOF
# waits for the server to close). The option exists in both builds of busybox nc: Debian's
# small one and the nc 1.10 compatible one of the busybox image, where -z would also do.
probe_tcp() {
  if messages=$(nc -w "$timeout" "$1" "$2" -e true 2>&1 </dev/null); then
    outcome=reachable
    evidence=''
    return
  fi
  messages=$(one_line "$messages")
  case "$messages" in
    # A name that does not resolve proves nothing about the policies, either way.
    *'bad address'*) outcome=unknown evidence="cannot resolve $1 ($messages)" ;;
    # The nc 1.10 compatible build is silent on failure unless -v, which the small build lacks.
    '') outcome=blocked evidence="no connection within ${timeout}s" ;;
    *refused* | *'timed out'* | *unreachable* | *'No route to host'* | *reset*) outcome=blocked evidence=$messages ;;
    # Anything else (nc missing, an option refused) must not pass a deny probe.
    *) outcome=unknown evidence=$messages ;;
  esac
}

# Sets outcome and evidence for an A query of query_name to the resolver $1 ("-": the pod's) on $2.
# busybox nslookup: -type=a asks one question (not A then AAAA), -timeout is the whole wait for
# an answer from one resolver (asked twice meanwhile), -port the resolvers' port.
probe_dns() {
  if [ "$1" = - ]; then
    answer=$(nslookup -type=a -timeout="$timeout" -port="$2" "$query_name" 2>&1 </dev/null)
  else
    answer=$(nslookup -type=a -timeout="$timeout" -port="$2" "$query_name" "$1" 2>&1 </dev/null)
  fi
  status=$?
  addresses=''
  refusal=''
  while read -r answer_line; do
    case "$answer_line" in
      # "Address:<tab>" is the resolver's own address; "Address: " introduces an answer.
      'Address: '*) addresses="${addresses:+$addresses, }${answer_line#Address: }" ;;
      "** server can't find "*) refusal=${answer_line#\*\* } ;;
    esac
  done <<EOF
$answer
EOF
  if [ "$status" -eq 0 ]; then
    outcome=reachable evidence="answered $query_name = ${addresses:-no address}"
  elif [ -n "$refusal" ]; then
    # An error answer (NXDOMAIN, SERVFAIL...) still came back: the resolver is reachable.
    outcome=reachable evidence="answered $refusal"
  else
    case "$answer" in
      *'no servers could be reached'*) outcome=blocked evidence="no answer within ${timeout}s" ;;
      *) outcome=unknown evidence=$(one_line "$answer") ;;
    esac
  fi
}

# The pod's resolvers, as nslookup finds them (127.0.0.1 when resolv.conf names none).
pod_resolvers() {
  found=''
  if [ -r /etc/resolv.conf ]; then
    while read -r key value _; do
      [ "$key" != nameserver ] || found="${found:+$found,}$value"
    done </etc/resolv.conf
  fi
  printf '%s' "${found:-127.0.0.1}"
}

checks=0
failures=0
report() { # PASS|FAIL name detail
  printf '%s %s: %s\n' "$1" "$2" "$3"
  checks=$((checks + 1))
  [ "$1" = PASS ] || failures=$((failures + 1))
}

while IFS= read -r line; do
  # shellcheck disable=SC2086 # split into fields on purpose (globbing is off)
  set -- $line
  [ "$#" -gt 0 ] || continue
  expectation=$1 kind=$2 target=$3 port=$4 name=$5
  case "$target" in
    -) where="$(pod_resolvers):$port (/etc/resolv.conf)" ;;
    *:*) where="[$target]:$port" ;;
    *) where="$target:$port" ;;
  esac
  flow="$expectation $kind $where"
  case "$kind" in
    tcp) probe_tcp "$target" "$port" ;;
    dns) probe_dns "$target" "$port" ;;
  esac
  case "$expectation:$outcome" in
    allow:reachable) report PASS "$name" "$flow reachable${evidence:+ ($evidence)}" ;;
    allow:blocked) report FAIL "$name" "$flow not reachable ($evidence), the NetworkPolicies (or the target) stop it" ;;
    deny:blocked) report PASS "$name" "$flow blocked ($evidence)" ;;
    deny:reachable) report FAIL "$name" "$flow reachable${evidence:+ ($evidence)}, the NetworkPolicies let it through" ;;
    *) report FAIL "$name" "$flow inconclusive: $evidence" ;;
  esac
done <<EOF
$SMOKE_PROBES
EOF

if [ "$failures" -eq 0 ]; then
  echo "RESULT $job: passed ($checks checks)"
  exit 0
fi
echo "RESULT $job: failed ($failures of $checks checks)"
exit 1
