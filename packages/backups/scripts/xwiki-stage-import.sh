#!/bin/bash
# Attaches a XAR fetched from S3 to XWiki.XWikiPreferences through XWiki's REST API
# (packages/backups/scripts/xwiki-stage-import.sh), where the import screen of the administration
# lists it. The import itself is then chosen page by page by an administrator
# (docs/runbooks/restore-xwiki.md).
set -euo pipefail
shopt -s nullglob

: "${RESTORE_DIRECTORY:?directory holding the one XAR to attach}"
: "${UPLOAD_TIMEOUT_SECONDS:?how long the upload may take}"

# shellcheck source=SCRIPTDIR/xwiki-common.sh
source "$(dirname "${BASH_SOURCE[0]}")/xwiki-common.sh"

fail() {
  echo "xwiki-stage-import: $*" >&2
  exit 1
}

archives=("$RESTORE_DIRECTORY"/*.xar)
((${#archives[@]} == 1)) || fail "expected exactly one *.xar file in $RESTORE_DIRECTORY, found ${#archives[@]}"
archive=${archives[0]}
name=$(basename -- "$archive")
[[ "$name" =~ ^[A-Za-z0-9._-]+$ ]] || fail "\"$name\" is not a plain file name"

url="${XWIKI_URL%/}/rest/wikis/xwiki/spaces/XWiki/pages/XWikiPreferences/attachments/$name"
echo "xwiki-stage-import: attaching $name to XWiki.XWikiPreferences on ${XWIKI_URL%/}"
if ! status=$(curl_as_admin --silent --show-error --output /dev/null --write-out '%{http_code}' \
  --header 'Content-Type: application/octet-stream' --upload-file "$archive" --max-time "$UPLOAD_TIMEOUT_SECONDS" -- "$url"); then
  fail "no answer from XWiki at ${XWIKI_URL%/} (see curl's message above)"
fi
case "$status" in
  201 | 202) ;;
  401 | 403) fail "XWiki refused the admin account (HTTP $status): check the Secret and the account's admin rights" ;;
  *) fail "XWiki answered HTTP $status to the upload instead of 201 or 202" ;;
esac
echo "xwiki-stage-import: attached $name; import it from Administration > Content > Import (see docs/runbooks/restore-xwiki.md)"
