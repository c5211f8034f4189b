#!/bin/bash
# Exports the whole wiki as a XAR through XWiki's export action (packages/backups/scripts/xwiki-export.sh),
# with history and as a backup package (authors and dates kept). The file is kept only if XWiki
# answered 200 with a zip that holds a package.xml and at least one page; otherwise the job
# fails and nothing is left for the upload step.
set -euo pipefail

: "${BACKUP_DIRECTORY:?directory to write the XAR to}"
: "${EXPORT_TIMEOUT_SECONDS:?how long XWiki may take to produce the export}"
: "${BACKUP_NAME:?stem of the file name, <environment>-xwiki, e.g. prod-xwiki}"

# shellcheck source=SCRIPTDIR/xwiki-common.sh
source "$(dirname "${BASH_SOURCE[0]}")/xwiki-common.sh"

fail() {
  echo "xwiki-export: $*" >&2
  exit 1
}

stamp=$(date -u +%Y%m%dT%H%M%SZ)
final="$BACKUP_DIRECTORY/$BACKUP_NAME-$stamp.xar"
partial="$final.partial"
trap 'rm -f -- "$partial"' EXIT

# Without a pages parameter the export action exports every page of the wiki. basicauth=1 makes
# XWiki answer 401 to bad credentials instead of redirecting to its login page.
url="${XWIKI_URL%/}/bin/export/XWiki/XWikiPreferences?format=xar&name=$BACKUP_NAME-$stamp&history=true&backup=true&basicauth=1"
echo "xwiki-export: exporting the wiki from ${XWIKI_URL%/}"
started=$SECONDS
if ! response=$(curl_as_admin --silent --show-error --output "$partial" --write-out '%{http_code} %{content_type}' \
  --max-time "$EXPORT_TIMEOUT_SECONDS" -- "$url"); then
  fail "no answer from XWiki at ${XWIKI_URL%/} (see curl's message above); nothing was written"
fi
status=${response%% *}
content_type=${response#* }

case "$status" in
  200) ;;
  401 | 403) fail "XWiki refused the admin account (HTTP $status): check the user name and password in the Secret and that the account has admin rights on the wiki; nothing was written" ;;
  3??) fail "XWiki answered HTTP $status (a redirect, probably to its login page): the credentials were not accepted; nothing was written" ;;
  *) fail "XWiki answered HTTP $status instead of 200; nothing was written" ;;
esac
[[ "${content_type,,}" == application/zip* ]] || fail "XWiki answered \"$content_type\" instead of application/zip (an error or login page, not an export); nothing was written"
[[ -s "$partial" ]] || fail "XWiki answered 200 with an empty body; nothing was written"
unzip -tqq -- "$partial" >/dev/null 2>&1 || fail "the export is not a valid zip archive (truncated?); nothing was written"
entries=$(unzip -Z1 -- "$partial")
grep -qx 'package.xml' <<<"$entries" || fail "the export has no package.xml: not a XAR; nothing was written"
pages=$(grep -cv -e '^package\.xml$' -e '/$' <<<"$entries" || true)
((pages > 0)) || fail "the export holds no page; nothing was written"

mv -- "$partial" "$final"
trap - EXIT
echo "xwiki-export: wrote $final ($pages pages, $(wc -c <"$final") bytes) in $((SECONDS - started)) s"
