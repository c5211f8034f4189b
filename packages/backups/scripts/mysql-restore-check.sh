#!/bin/bash
# Sanity checks after a restore (packages/backups/scripts/mysql-restore-check.sh): the expected
# tables exist, the document table is not empty, and a sample of tables holds exactly the rows
# of the dump (their data sections, dumped again from the restored database, are byte-identical).
set -euo pipefail

: "${DATABASE_NAME:?restored database to check}"
: "${RESTORE_DIRECTORY:?directory holding the dump that was restored}"
: "${REQUIRED_TABLES:?space-separated tables the database must have}"
: "${DOCUMENT_TABLE:?table whose row count must be above zero}"
: "${SAMPLE_TABLES:?space-separated tables compared row for row with the dump}"

# shellcheck source=SCRIPTDIR/mysql-common.sh
source "$(dirname "${BASH_SOURCE[0]}")/mysql-common.sh"

fail() {
  echo "restore-check: FAILED: $*" >&2
  exit 1
}

read -r -a required_tables <<<"$REQUIRED_TABLES"
read -r -a sample_tables <<<"$SAMPLE_TABLES"
identifier='^[A-Za-z0-9_]+$'
for name in "$DATABASE_NAME" "$DOCUMENT_TABLE" "${required_tables[@]}" "${sample_tables[@]}"; do
  [[ "$name" =~ $identifier ]] || fail "\"$name\" is not a plain identifier"
done

shopt -s nullglob
dumps=("$RESTORE_DIRECTORY"/*.sql.gz)
((${#dumps[@]} == 1)) || fail "expected exactly one *.sql.gz file in $RESTORE_DIRECTORY, found ${#dumps[@]}"
dump=${dumps[0]}

query() {
  mysql "${mysql_connection[@]}" --batch --skip-column-names --database="$DATABASE_NAME" --execute="$1"
}

present=" $(query "SELECT table_name FROM information_schema.tables WHERE table_schema = '$DATABASE_NAME'" | tr '\n' ' ') "
missing=()
for table in "${required_tables[@]}"; do
  [[ "$present" == *" $table "* ]] || missing+=("$table")
done
((${#missing[@]} == 0)) || fail "tables missing from $DATABASE_NAME: ${missing[*]}"
echo "restore-check: tables present: ${required_tables[*]}"

documents=$(query "SELECT COUNT(*) FROM \`$DOCUMENT_TABLE\`")
((documents > 0)) || fail "$DOCUMENT_TABLE is empty"
echo "restore-check: $DOCUMENT_TABLE holds $documents rows"

# The rows of one table as mysqldump writes them: the lines between its LOCK and UNLOCK lines.
# awk reads to the end (no early exit), so the writer of the pipe never dies of SIGPIPE.
data_section() {
  awk -v start="LOCK TABLES \`$1\` WRITE;" '$0 == start { inside = 1; next } inside && $0 == "UNLOCK TABLES;" { inside = 0 } inside { print }'
}

for table in "${sample_tables[@]}"; do
  expected=$(gzip -dc -- "$dump" | data_section "$table" | sha256sum | cut -d' ' -f1)
  [[ "$expected" != "$(printf '' | sha256sum | cut -d' ' -f1)" ]] || fail "the dump holds no rows of $table: sample a table that has rows"
  actual=$(mysqldump "${mysql_connection[@]}" "${mysqldump_options[@]}" "$DATABASE_NAME" "$table" | data_section "$table" | sha256sum | cut -d' ' -f1)
  [[ "$expected" == "$actual" ]] || fail "the rows of $table differ from the dump (sha256 $actual restored, $expected in the dump)"
  echo "restore-check: rows of $table identical to the dump (sha256 $actual)"
done

echo "restore-check: OK: $(basename -- "$dump") restored into $DATABASE_NAME passes every check"
