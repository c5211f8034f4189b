#!/bin/bash
# Restores a dump written by mysql-dump.sh (packages/backups/scripts/mysql-restore.sh): checks
# that the file is a complete dump, then replaces DATABASE_NAME with its content. Nothing is
# dropped before the file has been checked.
set -euo pipefail

: "${DATABASE_NAME:?database to replace with the dump}"
: "${RESTORE_DIRECTORY:?directory holding the one dump to restore}"

# shellcheck source=SCRIPTDIR/mysql-common.sh
source "$(dirname "${BASH_SOURCE[0]}")/mysql-common.sh"

fail() {
  echo "mysql-restore: $*" >&2
  exit 1
}

# The name is put into SQL below: allow only what an unquoted MySQL identifier may hold.
[[ "$DATABASE_NAME" =~ ^[A-Za-z0-9_]+$ ]] || fail "DATABASE_NAME \"$DATABASE_NAME\" is not a plain identifier"

shopt -s nullglob
dumps=("$RESTORE_DIRECTORY"/*.sql.gz)
((${#dumps[@]} == 1)) || fail "expected exactly one *.sql.gz file in $RESTORE_DIRECTORY, found ${#dumps[@]}"
dump=${dumps[0]}
problem=$(check_dump_file "$dump") || fail "refusing to restore: $problem"

echo "mysql-restore: replacing database $DATABASE_NAME on $(describe_server) with $(basename -- "$dump")"
started=$SECONDS
mysql "${mysql_connection[@]}" --execute="DROP DATABASE IF EXISTS \`$DATABASE_NAME\`; CREATE DATABASE \`$DATABASE_NAME\` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin" ||
  fail "could not recreate database $DATABASE_NAME on $(describe_server) (see the message above)"
if ! gzip -dc -- "$dump" | mysql "${mysql_connection[@]}" --database="$DATABASE_NAME"; then
  fail "loading $(basename -- "$dump") into $DATABASE_NAME failed (see the message above): the database is incomplete, restore again"
fi

tables=$(mysql "${mysql_connection[@]}" --batch --skip-column-names \
  --execute="SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = '$DATABASE_NAME'")
echo "mysql-restore: restored $tables tables into $DATABASE_NAME in $((SECONDS - started)) s"
