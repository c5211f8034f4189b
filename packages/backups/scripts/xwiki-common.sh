# shellcheck shell=bash
# Sourced by the XWiki scripts (packages/backups/scripts), which run with bash and curl of the
# XWiki image. The admin account comes from files of the mounted Secret; curl reads it from its
# standard input, so it never appears on a command line or in the environment.

shopt -s extglob # read_secret_file trims with +(...)

: "${XWIKI_URL:?base URL of XWiki, e.g. http://xwiki:8080}"
: "${XWIKI_USERNAME_FILE:?file holding the XWiki admin user name}"
: "${XWIKI_PASSWORD_FILE:?file holding its password}"

# A Secret value read as it is, less trailing line breaks (a credential cannot carry them in HTTP).
read_secret_file() {
  local value
  [[ -s "$1" ]] || return 1
  IFS= read -r -d '' value <"$1" || true
  value=${value%%+([$'\r\n'])}
  printf '%s' "$value"
}

# curl with the admin account as HTTP Basic credentials; the arguments are curl's.
curl_as_admin() {
  local username password
  username=$(read_secret_file "$XWIKI_USERNAME_FILE") || { echo "the user name file $XWIKI_USERNAME_FILE is missing or empty" >&2; return 2; }
  password=$(read_secret_file "$XWIKI_PASSWORD_FILE") || { echo "the password file $XWIKI_PASSWORD_FILE is missing or empty" >&2; return 2; }
  # One line of curl's config, the value inside double quotes, where curl reads \\ \" \n \r \t
  # and \v as escapes: a line break left as it is would end the line, and what follows it would
  # be read as curl options (-K, output = ...). The backslash is escaped first.
  local credentials="$username:$password"
  credentials=${credentials//\\/\\\\}
  credentials=${credentials//\"/\\\"}
  credentials=${credentials//$'\n'/\\n}
  credentials=${credentials//$'\r'/\\r}
  credentials=${credentials//$'\t'/\\t}
  credentials=${credentials//$'\v'/\\v}
  printf 'user = "%s"\n' "$credentials" | curl --config - "$@"
}
