#!/bin/bash
# Logical backup of one MySQL database (packages/backups/scripts/mysql-dump.sh).
# Writes BACKUP_DIRECTORY/<BACKUP_NAME>-<UTC timestamp>.sql.gz only once the dump is complete and
# verified; anything less leaves no file behind, so the upload step has nothing to send.
set -euo pipefail

: "${DATABASE_NAME:?database to dump}"
: "${BACKUP_DIRECTORY:?directory to write the compressed dump to}"
: "${BACKUP_NAME:?stem of the file name, <environment>-<database>, e.g. prod-xwiki}"

# shellcheck source=SCRIPTDIR/mysql-common.sh
source "$(dirname "${BASH_SOURCE[0]}")/mysql-common.sh"

fail() {
  echo "mysql-dump: $*" >&2
  exit 1
}

[[ -d "$BACKUP_DIRECTORY" && -w "$BACKUP_DIRECTORY" ]] || fail "cannot write to $BACKUP_DIRECTORY"

stamp=$(date -u +%Y%m%dT%H%M%SZ)
final="$BACKUP_DIRECTORY/$BACKUP_NAME-$stamp.sql.gz"
partial="$final.partial"
trap 'rm -f -- "$partial"' EXIT

echo "mysql-dump: dumping database $DATABASE_NAME from $(describe_server) as $DATABASE_USER"
started=$SECONDS
if ! mysqldump "${mysql_connection[@]}" "${mysqldump_options[@]}" "$DATABASE_NAME" | gzip -6 >"$partial"; then
  fail "mysqldump of $DATABASE_NAME on $(describe_server) failed (see its message above); nothing was written"
fi
problem=$(check_dump_file "$partial") || fail "the dump is unusable: $problem; nothing was written"

mv -- "$partial" "$final"
trap - EXIT
echo "mysql-dump: wrote $final ($(wc -c <"$final") bytes compressed) in $((SECONDS - started)) s"
