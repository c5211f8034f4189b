#!/bin/sh
# Smoke check "xwiki-ingress" (packages/smoke/scripts/xwiki-ingress-smoke.sh): XWiki reached the
# way its users reach it, through the public host name, the NGINX ingress and its TLS. HTTPS
# answers, HTTP redirects to HTTPS, HSTS carries the configured max-age, no server version
# leaks, TLS 1.0 and 1.1 are refused, and the certificate comes from the expected issuer.
# Runs under busybox sh in the curl image (curl 7.88 or later built with OpenSSL 3); uses only
# curl and awk. At most seven requests, each within SMOKE_TIMEOUT_SECONDS; redirects are not
# followed (the answers themselves are checked).
#
# Variables:
#   SMOKE_FQDN             the wiki's host name, e.g. wiki.staging.open4goods.org
#   SMOKE_HSTS_MAX_AGE     the max-age, in seconds, Strict-Transport-Security must carry (31536000)
#   SMOKE_EXPECTED_ISSUER  the Organization (O) of the issuer of the served certificate:
#                          "Let's Encrypt" in prod, "(STAGING) Let's Encrypt" in staging
#   SMOKE_VERIFY_CHAIN     true: the chain must verify against the CA bundle and match the name
#                          (prod); false: the chain is not verified (Let's Encrypt's staging roots
#                          are in no trust store), the issuer still is checked
# Optional, for the tests and for operators running it by hand:
#   SMOKE_CONNECT_ADDRESS  an IPv4 or IPv6 address to connect to instead of resolving SMOKE_FQDN
#                          (the TLS name and the Host header stay SMOKE_FQDN), e.g. the ingress
#                          controller's load balancer address
#   SMOKE_HTTPS_PORT       default 443
#   SMOKE_HTTP_PORT        default 80
#   SMOKE_CA_BUNDLE        PEM file of the CAs to verify the chain with (SMOKE_VERIFY_CHAIN=true
#                          only); default: curl's own bundle, the image's
#   SMOKE_TIMEOUT_SECONDS  the time limit of each request, default 10
#
# Prints "PASS <check>: ..." or "FAIL <check>: ..." for https, http-redirect, hsts, server-token,
# tls-1.0-refused, tls-1.1-refused and certificate-issuer, then "RESULT xwiki-ingress: passed
# (<n> checks)" or "RESULT xwiki-ingress: failed (<m> of <n> checks)". Exits 0 when every check
# passed, 1 when one failed, 2 when the configuration is missing or malformed (nothing is checked).
set -u

job=xwiki-ingress
newline='
'

# Every configuration problem is reported, then nothing is checked: a half-configured run would
# read as a verdict on the ingress.
configuration_problems=0
misconfigured() { # VARIABLE problem expected-form
  printf 'smoke %s: %s: %s, expected %s\n' "$job" "$1" "$2" "$3" >&2
  configuration_problems=$((configuration_problems + 1))
}

# Decimal without leading zeros (ash arithmetic reads "010" as octal); ten digits is 300 years.
is_positive_integer() {
  case "$1" in '' | 0* | *[!0-9]*) return 1 ;; esac
  [ "${#1}" -le 10 ]
}

# Lowercase DNS name of at least two labels: letters, digits, inner dashes (what the URL, the
# TLS name and the Host header all carry unchanged).
is_host_name() {
  case "$1" in '' | .* | *. | *..* | -* | *- | *.-* | *-.* | *[!a-z0-9.-]*) return 1 ;; *.*) ;; *) return 1 ;; esac
  [ "${#1}" -le 253 ]
}

is_ipv4_address() {
  case "$1" in *[!0-9.]* | .* | *. | *..*) return 1 ;; esac
  old_ifs=$IFS
  IFS=.
  # shellcheck disable=SC2086 # split on the dots on purpose
  set -- $1
  IFS=$old_ifs
  [ "$#" -eq 4 ] || return 1
  for octet in "$@"; do
    case "$octet" in 0) ;; 0* | ????*) return 1 ;; esac
    [ "$octet" -le 255 ] || return 1
  done
}

# Loose on purpose: curl tells a malformed IPv6 address apart well enough when it connects.
is_ipv6_address() {
  case "$1" in *:*:*) ;; *) return 1 ;; esac
  case "$1" in *[!0-9A-Fa-f:.]*) return 1 ;; esac
}

fqdn=${SMOKE_FQDN:-}
fqdn_form='a lowercase DNS name such as wiki.staging.open4goods.org'
if [ -z "$fqdn" ]; then
  misconfigured SMOKE_FQDN 'missing or empty' "$fqdn_form"
elif ! is_host_name "$fqdn"; then
  misconfigured SMOKE_FQDN "\"$fqdn\" is not a host name" "$fqdn_form"
fi

hsts_max_age=${SMOKE_HSTS_MAX_AGE:-}
hsts_form='a positive whole number of seconds such as 31536000'
if [ -z "$hsts_max_age" ]; then
  misconfigured SMOKE_HSTS_MAX_AGE 'missing or empty' "$hsts_form"
elif ! is_positive_integer "$hsts_max_age"; then
  misconfigured SMOKE_HSTS_MAX_AGE "\"$hsts_max_age\" is not a positive whole number" "$hsts_form"
fi

expected_issuer=${SMOKE_EXPECTED_ISSUER:-}
issuer_form="the issuer's Organization, such as \"Let's Encrypt\" or \"(STAGING) Let's Encrypt\""
case "$expected_issuer" in
  '') misconfigured SMOKE_EXPECTED_ISSUER 'missing or empty' "$issuer_form" ;;
  *"$newline"*) misconfigured SMOKE_EXPECTED_ISSUER 'holds a line break' "$issuer_form" ;;
esac

verify_chain=${SMOKE_VERIFY_CHAIN:-}
verify_form='true (the chain must verify, prod) or false (issuer only, staging)'
case "$verify_chain" in
  true | false) ;;
  '') misconfigured SMOKE_VERIFY_CHAIN 'missing or empty' "$verify_form" ;;
  *) misconfigured SMOKE_VERIFY_CHAIN "\"$verify_chain\" is neither true nor false" "$verify_form" ;;
esac

connect_address=${SMOKE_CONNECT_ADDRESS:-}
address_form='an IPv4 or IPv6 address such as 203.0.113.7, or unset to resolve SMOKE_FQDN'
if [ -n "$connect_address" ]; then
  if is_ipv4_address "$connect_address"; then
    resolve_address=$connect_address
  elif is_ipv6_address "$connect_address"; then
    resolve_address="[$connect_address]"
  else
    misconfigured SMOKE_CONNECT_ADDRESS "\"$connect_address\" is not an IP address" "$address_form"
  fi
fi

is_port() {
  is_positive_integer "$1" && [ "$1" -le 65535 ]
}

https_port=${SMOKE_HTTPS_PORT:-443}
is_port "$https_port" || misconfigured SMOKE_HTTPS_PORT "\"$https_port\" is not a TCP port" 'a port number from 1 to 65535, default 443'
http_port=${SMOKE_HTTP_PORT:-80}
is_port "$http_port" || misconfigured SMOKE_HTTP_PORT "\"$http_port\" is not a TCP port" 'a port number from 1 to 65535, default 80'

ca_bundle=${SMOKE_CA_BUNDLE:-}
if [ -n "$ca_bundle" ]; then
  if [ "$verify_chain" != true ]; then
    misconfigured SMOKE_CA_BUNDLE "set while SMOKE_VERIFY_CHAIN is not true (nothing would be verified with it)" 'unset, or SMOKE_VERIFY_CHAIN=true'
  elif [ ! -f "$ca_bundle" ] || [ ! -r "$ca_bundle" ]; then
    misconfigured SMOKE_CA_BUNDLE "\"$ca_bundle\" is not a readable file" 'the path of a PEM file of CA certificates'
  fi
fi

timeout=${SMOKE_TIMEOUT_SECONDS:-10}
if ! is_positive_integer "$timeout"; then
  misconfigured SMOKE_TIMEOUT_SECONDS "\"$timeout\" is not a positive whole number" 'a positive whole number of seconds such as 10, default 10'
fi

[ "$configuration_problems" -eq 0 ] || exit 2

# URLs as users type them: the port only when it is not the scheme's default.
https_url="https://$fqdn/"
[ "$https_port" = 443 ] || https_url="https://$fqdn:$https_port/"
http_url="http://$fqdn/"
[ "$http_port" = 80 ] || http_url="http://$fqdn:$http_port/"

# What curl writes after the headers (--dump-header -) of each answer (--write-out): a marker
# line, its error message and the HTTP status, then the certificate chain. %{certs} (curl 7.88 and
# later, OpenSSL backend) is libcurl's CURLINFO_CERTINFO: "Name:value" lines, the server's own
# certificate first, its "Issuer:" in OpenSSL's one-line form ("C = US, O = Let's Encrypt,
# CN = R11"). It is an API, the same in curl 7.88 and 8.x, where the issuer line of --verbose is
# free text whose layout has changed between releases.
report_format='\nsmoke-report\nerror: %{errormsg}\nstatus: %{http_code}\n%{certs}'

# Every request: no ~/.curlrc (-q must come first), no progress meter, the time limit, and with
# SMOKE_CONNECT_ADDRESS both ports of the name pinned to that address. --resolve keeps the name in
# the URL, so the TLS name (SNI), the Host header and the name verification all stay SMOKE_FQDN.
# Redirects are not followed: the answers themselves are checked.
request() {
  if [ -n "$connect_address" ]; then
    set -- --resolve "$fqdn:$https_port:$resolve_address" --resolve "$fqdn:$http_port:$resolve_address" "$@"
  fi
  curl -q --silent --max-time "$timeout" "$@"
}

# HTTPS as the environment's users get it: verified (prod, curl's bundle unless SMOKE_CA_BUNDLE),
# or not verified at all (staging, whose roots no client trusts).
https_request() {
  if [ "$verify_chain" = false ]; then
    set -- --insecure "$@"
  elif [ -n "$ca_bundle" ]; then
    set -- --cacert "$ca_bundle" "$@"
  fi
  request "$@"
}

# The values of one header (its name in lower case) of an answer, one a line. Names compare
# case-insensitively (HTTP/2 sends them in lower case); only the last header block counts (a 1xx
# answer before it is dropped); curl's report after the marker is not part of it.
header_values() { # name answer
  printf '%s\n' "$2" | awk -v name="$1" '
    { sub(/\r$/, "") }
    $0 == "smoke-report" { exit }
    /^HTTP\// { found = ""; next }
    {
      colon = index($0, ":")
      if (colon && tolower(substr($0, 1, colon - 1)) == name) {
        value = substr($0, colon + 1)
        gsub(/^[ \t]+|[ \t]+$/, "", value)
        found = found value "\n"
      }
    }
    END { printf "%s", found }'
}

first_line() {
  printf '%s' "${1%%"$newline"*}"
}

# One field of curl's report: "error" or "status".
report_field() { # name answer
  printf '%s\n' "$2" | awk -v prefix="$1: " '
    $0 == "smoke-report" { report = 1; next }
    report && index($0, prefix) == 1 { print substr($0, length(prefix) + 1); exit }'
}

# The issuer of the server's own certificate: the first "Issuer:" line of the chain curl reports.
issuer_line() { # answer
  printf '%s\n' "$1" | awk '
    $0 == "smoke-report" { report = 1; next }
    report && /^Issuer:/ { print substr($0, 8); exit }'
}

# The O field of a name in OpenSSL's one-line form: "C = US, O = Let's Encrypt, CN = R11", a value
# holding a comma in double quotes. The whole field, so "(STAGING) Let's Encrypt" is not "Let's Encrypt".
organization_of() { # issuer line
  printf '%s\n' "$1" | awk '
    {
      rest = $0
      while (rest != "") {
        equals = index(rest, " = ")
        if (!equals) exit
        key = substr(rest, 1, equals - 1)
        rest = substr(rest, equals + 3)
        if (substr(rest, 1, 1) == "\"") {
          closing = index(substr(rest, 2), "\"")
          value = substr(rest, 2, closing - 1)
          rest = substr(rest, closing + 2)
        } else if (index(rest, ", ")) {
          value = substr(rest, 1, index(rest, ", ") - 1)
          rest = substr(rest, index(rest, ", "))
        } else {
          value = rest
          rest = ""
        }
        if (key == "O") { print value; exit }
        sub(/^, /, "", rest)
      }
    }'
}

# The max-age directive of a Strict-Transport-Security value (RFC 6797: names are
# case-insensitive, the value may be quoted).
max_age_of() { # header value
  printf '%s\n' "$1" | awk '
    {
      count = split($0, directives, ";")
      for (i = 1; i <= count; i++) {
        directive = directives[i]
        gsub(/^[ \t]+|[ \t]+$/, "", directive)
        equals = index(directive, "=")
        if (!equals) continue
        name = substr(directive, 1, equals - 1)
        gsub(/[ \t]+$/, "", name)
        if (tolower(name) != "max-age") continue
        value = substr(directive, equals + 1)
        gsub(/^[ \t]+|"/, "", value)
        print value
        exit
      }
    }'
}

# Whether curl got an answer at all (its status is 000 when it did not).
answered() {
  case "$1" in '' | 000) return 1 ;; esac
}

# Why a request failed, in curl's words.
curl_failure() { # exit answer
  reason=$(report_field error "$2")
  printf '%s (curl exit %s)' "${reason:-no message}" "$1"
}

# A Location on the same name over HTTPS: "https://FQDN", then nothing, a path, or a port and a
# path. "https://FQDN.example.net/" or "https://FQDN:x@example.net/" start with the same
# characters and lead elsewhere.
redirects_to_https_fqdn() { # location
  rest=${1#"https://$fqdn"}
  [ "$rest" != "$1" ] || return 1
  case "$rest" in
    '' | /*) return 0 ;;
    :*)
      rest=${rest#:}
      port=${rest%%[!0-9]*}
      is_port "$port" || return 1
      case "${rest#"$port"}" in '' | /*) return 0 ;; esac
      ;;
  esac
  return 1
}

checks=0
failures=0
report() { # PASS|FAIL check detail
  printf '%s %s: %s\n' "$1" "$2" "$3"
  checks=$((checks + 1))
  [ "$1" = PASS ] || failures=$((failures + 1))
}

if [ "$verify_chain" = true ] && [ -n "$ca_bundle" ]; then
  chain="chain verified against $ca_bundle"
elif [ "$verify_chain" = true ]; then
  chain="chain verified against curl's CA bundle"
else
  chain='chain not verified'
fi
printf 'smoke %s: %s and %s%s, %s\n' "$job" "$https_url" "$http_url" "${connect_address:+ via $connect_address}" "$chain"

# https: the wiki answers over HTTPS (XWiki redirects / to /bin/view/Main/, hence 3xx is fine).
https_answer=$(https_request --output /dev/null --dump-header - --write-out "$report_format" "$https_url")
https_exit=$?
https_status=$(report_field status "$https_answer")
if [ "$https_exit" -ne 0 ]; then
  report FAIL https "GET $https_url failed: $(curl_failure "$https_exit" "$https_answer")"
else
  case "$https_status" in
    [23][0-9][0-9])
      location=$(first_line "$(header_values location "$https_answer")")
      report PASS https "GET $https_url answered $https_status${location:+ (Location: $location)}"
      ;;
    *) report FAIL https "GET $https_url answered $https_status, expected 200 to 399" ;;
  esac
fi

# http-redirect: plain HTTP only sends users to HTTPS, on the same name.
http_answer=$(request --output /dev/null --dump-header - --write-out "$report_format" "$http_url")
http_exit=$?
http_status=$(report_field status "$http_answer")
if [ "$http_exit" -ne 0 ]; then
  report FAIL http-redirect "GET $http_url failed: $(curl_failure "$http_exit" "$http_answer")"
else
  location=$(first_line "$(header_values location "$http_answer")")
  case "$http_status" in
    301 | 302 | 307 | 308)
      if redirects_to_https_fqdn "$location"; then
        report PASS http-redirect "GET $http_url answered $http_status to $location"
      else
        report FAIL http-redirect "GET $http_url answered $http_status to ${location:-nowhere (no Location)}, expected a Location starting with https://$fqdn"
      fi
      ;;
    *) report FAIL http-redirect "GET $http_url answered $http_status, expected a redirect (301, 302, 307 or 308) to https://$fqdn" ;;
  esac
fi

# hsts: browsers keep to HTTPS for max-age seconds once they have seen the header over HTTPS;
# they read the first Strict-Transport-Security header only.
if ! answered "$https_status"; then
  report FAIL hsts "no HTTPS answer to read Strict-Transport-Security from (see the https check)"
else
  hsts=$(first_line "$(header_values strict-transport-security "$https_answer")")
  found_max_age=$(max_age_of "$hsts")
  if [ -z "$hsts" ]; then
    report FAIL hsts "no Strict-Transport-Security header in the answer to GET $https_url, expected max-age=$hsts_max_age"
  elif [ "$found_max_age" = "$hsts_max_age" ]; then
    report PASS hsts "Strict-Transport-Security: $hsts"
  elif [ -z "$found_max_age" ]; then
    report FAIL hsts "Strict-Transport-Security: $hsts has no max-age, expected max-age=$hsts_max_age"
  else
    report FAIL hsts "Strict-Transport-Security: $hsts, expected max-age=$hsts_max_age"
  fi
fi

# server-token: no version in the Server header of either answer. "nginx" (the NGINX ingress
# controller with server-tokens False) or none is fine; a digit is a version (nginx/1.27.3,
# Jetty(10.0.20)).
server_seen=''
server_versions=''
answers=0
note_server_header() { # url status answer
  answered "$2" || return 0
  answers=$((answers + 1))
  servers=$(header_values server "$3")
  if [ -z "$servers" ]; then
    server_seen="$server_seen; no Server header from $1"
    return 0
  fi
  while IFS= read -r server; do
    server_seen="$server_seen; Server: $server from $1"
    case "$server" in *[0-9]*) server_versions="$server_versions; Server: $server from $1" ;; esac
  done <<SERVERS
$servers
SERVERS
}
note_server_header "$https_url" "$https_status" "$https_answer"
note_server_header "$http_url" "$http_status" "$http_answer"
if [ "$answers" -eq 0 ]; then
  report FAIL server-token "no answer to read the Server header from (see the https and http-redirect checks)"
elif [ -n "$server_versions" ]; then
  report FAIL server-token "version disclosed: ${server_versions#; }; expected none (server-tokens False)"
else
  report PASS server-token "${server_seen#; }"
fi

# tls-1.0-refused, tls-1.1-refused: a handshake limited to the old version fails because the
# server refuses it. At OpenSSL 3's default security level the client gives up on TLS 1.0 and 1.1
# itself, right after the server's ServerHello (the MD5/SHA-1 signatures of those versions are
# below it): curl fails the same way against a server that accepts them, and the check would pass
# against any server. Hence security level 0 ('DEFAULT@SECLEVEL=0'). --verbose shows the
# handshake messages (OpenSSL's message callback), which tell a refusal by the server (our
# ClientHello went out, no ServerHello came back) from an acceptance (a ServerHello at that
# version) and from no test at all (no connection, or no ClientHello sent, as when the client's
# OpenSSL is built without these versions).
old_tls_check() { # 1.0 | 1.1
  check="tls-$1-refused"
  trace=$(request --insecure --verbose --tlsv"$1" --tls-max "$1" --ciphers 'DEFAULT@SECLEVEL=0' \
    --output /dev/null --write-out "$report_format" "$https_url" 2>&1)
  probe_exit=$?
  reason=$(curl_failure "$probe_exit" "$trace")
  case "$trace" in *"(OUT), TLS handshake, Client hello"*) client_hello=true ;; *) client_hello=false ;; esac
  case "$trace" in *"(IN), TLS handshake, Server hello"*) server_hello=true ;; *) server_hello=false ;; esac
  if [ "$server_hello" = true ] || answered "$(report_field status "$trace")"; then
    negotiated=$(printf '%s\n' "$trace" | awk '/SSL connection using / { sub(/^.*SSL connection using /, ""); print; exit }')
    report FAIL "$check" "the server accepted a handshake limited to TLS $1 (${negotiated:+negotiated }${negotiated:-it answered the ClientHello with a ServerHello})"
  elif [ "$probe_exit" -eq 7 ]; then
    report FAIL "$check" "could not connect: $reason; that proves nothing about TLS $1"
  elif [ "$client_hello" = false ]; then
    report FAIL "$check" "curl sent no TLS $1 ClientHello: $reason; that proves nothing about the server"
  elif [ "$probe_exit" -eq 28 ]; then
    report FAIL "$check" "no answer to a TLS $1 ClientHello: $reason"
  else
    report PASS "$check" "the server refused a handshake limited to TLS $1: $reason"
  fi
}
old_tls_check 1.0
old_tls_check 1.1

# certificate-issuer: the server's certificate comes from the environment's issuer. With the
# chain verified (prod), a certificate curl rejects fails here too, whoever issued it: curl stops
# before any HTTP answer (a name mismatch is found after the chain is reported, an untrusted chain
# before), so the chain is fetched again unverified only to say what was served (a staging
# certificate in prod, typically).
issuer=$(issuer_line "$https_answer")
if [ "$verify_chain" = true ] && ! answered "$https_status"; then
  [ -n "$issuer" ] || issuer=$(issuer_line "$(request --insecure --output /dev/null --write-out "$report_format" "$https_url")")
  if [ -n "$issuer" ]; then
    report FAIL certificate-issuer "no verified connection: $(curl_failure "$https_exit" "$https_answer"); the server's certificate is issued by \"$issuer\""
  else
    report FAIL certificate-issuer "no certificate to read: $(curl_failure "$https_exit" "$https_answer")"
  fi
elif [ -n "$issuer" ]; then
  organization=$(organization_of "$issuer")
  if [ "$organization" = "$expected_issuer" ]; then
    report PASS certificate-issuer "issued by \"$issuer\": O is $organization"
  elif [ -z "$organization" ]; then
    report FAIL certificate-issuer "issued by \"$issuer\", which has no O, expected O $expected_issuer"
  else
    report FAIL certificate-issuer "issued by \"$issuer\": O is $organization, expected $expected_issuer"
  fi
elif [ "$https_exit" -eq 0 ]; then
  report FAIL certificate-issuer "curl reported no certificate chain (--write-out %{certs} needs curl 7.88 or later with OpenSSL)"
else
  report FAIL certificate-issuer "no certificate to read: $(curl_failure "$https_exit" "$https_answer")"
fi

if [ "$failures" -eq 0 ]; then
  echo "RESULT $job: passed ($checks checks)"
  exit 0
fi
echo "RESULT $job: failed ($failures of $checks checks)"
exit 1
