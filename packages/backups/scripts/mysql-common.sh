# shellcheck shell=bash
# shellcheck disable=SC2034 # the variables are read by the scripts that source this file
# Sourced by the MySQL backup and restore scripts (packages/backups/scripts): how they reach the
# server and the mysqldump options whose output the restore check compares line for line.
#
# DATABASE_HOST  a host name for TCP, or the path of a server socket (starts with /)
# DATABASE_PORT  TCP port (ignored for a socket)
# DATABASE_USER  the account; its password comes from MYSQL_PWD, which mysql clients read themselves
#                (set from the Secret by Kubernetes, so it is never on a command line)

: "${DATABASE_HOST:?host name or socket path of the MySQL server}"
: "${DATABASE_USER:?MySQL account to connect as}"

# Options every client (mysql, mysqldump) gets to reach the server.
mysql_connection=(--user="$DATABASE_USER" --default-character-set=utf8mb4)
if [[ "$DATABASE_HOST" == /* ]]; then
  mysql_connection+=(--protocol=SOCKET --socket="$DATABASE_HOST")
else
  : "${DATABASE_PORT:?TCP port of the MySQL server}"
  mysql_connection+=(--protocol=TCP --host="$DATABASE_HOST" --port="$DATABASE_PORT")
fi

# How rows are written: binary columns as hex (no charset conversion can touch them), one
# consistent snapshot without locking InnoDB tables, stored programs included. Tablespaces are
# left out: dumping them needs the PROCESS privilege, which the application account lacks.
mysqldump_options=(
  --single-transaction
  --routines
  --triggers
  --events
  --no-tablespaces
  --hex-blob
)

# MySQL's mysqldump (MariaDB's has no such option) writes GTID statements when the server uses
# GTIDs, which then also needs FLUSH privileges the application account lacks; a dump meant to be
# restored into another server must not carry them.
mysqldump_help=$(mysqldump --help 2>/dev/null || true)
if [[ "$mysqldump_help" == *--set-gtid-purged* ]]; then
  mysqldump_options+=(--set-gtid-purged=OFF)
fi

# The last line mysqldump writes, and only when it finished without error.
readonly dump_completed_marker='-- Dump completed'

describe_server() {
  if [[ "$DATABASE_HOST" == /* ]]; then
    printf 'socket %s' "$DATABASE_HOST"
  else
    printf '%s:%s' "$DATABASE_HOST" "$DATABASE_PORT"
  fi
}

# Exits 0 when the gzip file is intact and holds a complete dump; prints why not otherwise.
check_dump_file() {
  local file=$1 last_line
  if ! last_line=$(gzip -dc -- "$file" | tail -n 1); then
    echo "$file is not a readable gzip file (truncated or corrupted)"
    return 1
  fi
  if [[ "$last_line" != "$dump_completed_marker"* ]]; then
    echo "$file does not end with \"$dump_completed_marker\": mysqldump did not finish"
    return 1
  fi
}
