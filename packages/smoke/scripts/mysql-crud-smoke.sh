#!/bin/bash
# CRUD performance smoke of the platform's MySQL (packages/smoke/scripts/mysql-crud-smoke.sh).
# As the least-privilege smoke account, in a table of its own in the scratch database: inserts,
# reads back by primary key, updates and deletes SMOKE_ROWS rows, one autocommitted statement at a
# time like the wiki's, over one connection, and measures each round trip as the client sees it.
# The table is dropped however the run ends.
#
# DATABASE_HOST     host name or IP address of the MySQL server (TCP only: the wiki connects over
#                   TCP, so a socket would measure something else)
# DATABASE_PORT     its TCP port
# DATABASE_USER     the smoke account; its password comes from MYSQL_PWD, which mysql clients read
#                   themselves (set from the Secret by Kubernetes, so it is never on a command line)
# SMOKE_DATABASE    the scratch database the account may create and drop tables in
# SMOKE_ROWS        rows to insert, read, update and delete (at least 100, so that p95 is not max)
# SMOKE_MAX_P50_MS  the longest acceptable median round trip of each operation, in milliseconds
# SMOKE_MAX_P95_MS  the same for the 95th percentile
#
# Prints one latency line per operation, one PASS/FAIL line per check, and last a RESULT line.
# Exit status: 0 all checks passed; 1 a check failed, MySQL could not be reached or the run was
# interrupted; 2 the configuration is wrong (nothing was tried).
set -euo pipefail

# A write to the client after it died must fail (and be reported), not kill the script silently.
trap '' PIPE

checks=0
failed=0

# Counts and prints one check; the RESULT line sums them up.
check() { # PASS|FAIL, what
  checks=$((checks + 1))
  if [[ $1 == FAIL ]]; then failed=$((failed + 1)); fi
  echo "$1 $2"
}

print_result() {
  if ((failed == 0)); then
    echo "RESULT mysql-crud: passed ($checks checks)"
  else
    echo "RESULT mysql-crud: failed ($failed of $checks checks)"
  fi
}

# --- Configuration: everything is checked before connecting, and every problem is reported. ---

problems=0
invalid() { # variable, what is wrong, expected form
  printf 'smoke mysql-crud: %s: %s, expected %s\n' "$1" "$2" "$3" >&2
  problems=$((problems + 1))
}

# Sets `value` to the variable's value; reports it when unset or empty.
present() { # variable, expected form
  if [[ -z ${!1+set} ]]; then
    invalid "$1" 'not set' "$2"
    return 1
  fi
  value=${!1}
  if [[ -z $value ]]; then
    invalid "$1" 'empty' "$2"
    return 1
  fi
}

# A whole number within bounds, rewritten in base 10 (bash arithmetic reads 010 as octal).
require_number() { # variable, minimum, maximum, expected form
  local name=$1 minimum=$2 maximum=$3 expected=$4
  present "$name" "$expected" || return 0
  if [[ ! $value =~ ^[0-9]+$ ]]; then
    invalid "$name" "\"$value\" is not a whole number" "$expected"
  elif ((${#value} > 9 || 10#$value < minimum || 10#$value > maximum)); then
    invalid "$name" "$value is out of range" "$expected"
  else
    printf -v "$name" '%d' "$((10#$value))"
  fi
}

expected='a host name or IP address (TCP, not a socket path)'
if present DATABASE_HOST "$expected" && [[ ! $value =~ ^[A-Za-z0-9_.:][A-Za-z0-9_.:-]*$ ]]; then
  invalid DATABASE_HOST "\"$value\" is not a host name or IP address" "$expected"
fi
require_number DATABASE_PORT 1 65535 'a TCP port from 1 to 65535'
expected='the name of the smoke account'
if present DATABASE_USER "$expected" && [[ $value == *[[:cntrl:]]* ]]; then
  invalid DATABASE_USER 'contains control characters' "$expected"
fi
# Never echoed, not even kept: only whether it is there.
present MYSQL_PWD "the smoke account's password (from its Secret)" || true
value=''
expected='a database name of letters, digits and _ (at most 64)'
if present SMOKE_DATABASE "$expected" && [[ ! $value =~ ^[A-Za-z0-9_]{1,64}$ ]]; then
  invalid SMOKE_DATABASE "\"$value\" is not such a name" "$expected"
fi
require_number SMOKE_ROWS 100 100000 'a whole number of rows from 100 to 100000'
require_number SMOKE_MAX_P50_MS 1 60000 'a whole number of milliseconds from 1 to 60000'
require_number SMOKE_MAX_P95_MS 1 60000 'a whole number of milliseconds from 1 to 60000'
# Microsecond timestamps without spawning a process per operation.
if [[ ! ${EPOCHREALTIME:-} =~ ^[0-9]+[.,][0-9]{6}$ ]]; then
  invalid EPOCHREALTIME "not provided by bash $BASH_VERSION" 'bash 5 or later'
fi

if ((problems > 0)); then
  check FAIL "configuration: $problems problem(s), see the messages above; nothing was tried"
  print_result
  exit 2
fi

# --- The run ---

server="$DATABASE_HOST:$DATABASE_PORT"
mysql_connection=(
  --user="$DATABASE_USER"
  --default-character-set=utf8mb4
  --protocol=TCP --host="$DATABASE_HOST" --port="$DATABASE_PORT"
  --connect-timeout=10
  --database="$SMOKE_DATABASE"
)
table="crud_smoke_$(date -u +%Y%m%dT%H%M%S)_$(printf '%04x%04x' "$RANDOM" "$RANDOM")"
# A statement that takes longer than this is reported as hung rather than measured.
readonly reply_timeout_seconds=120
# With a delimiter other than ";", "write; SELECT ROW_COUNT()" goes to the server as one
# multi-statement query: a write and its confirmation cost one round trip, not two.
readonly delimiter='//'
# MariaDB's client prints this line, then the failed statement, before its ERROR line.
readonly statement_echo='--------------'

# ~200 bytes per row, different in every run, with a 4-byte UTF-8 character a utf8mb3 table or
# connection would refuse. No quote or backslash: payloads go into SQL and out of --batch as is.
rocket=$'\xf0\x9f\x9a\x80'
filler=''
while ((${#filler} < 160)); do
  printf -v filler '%s%04x' "$filler" "$RANDOM"
done
payload_of() { # id, version; sets payload
  payload="row $1 version $2 $filler $rocket"
}

to_mysql=''
from_mysql=''
client_pid=''
table_may_exist=false
finished=false
progress='starting'

close_client() {
  if [[ -n $to_mysql ]]; then exec {to_mysql}>&-; fi
  if [[ -n $from_mysql ]]; then exec {from_mysql}<&-; fi
  to_mysql='' from_mysql=''
  if [[ -n $client_pid ]]; then
    # On end of input the client finishes the statement in flight and quits; one stuck (on a lock,
    # on a dead server) is killed, so that the cleanup never waits for it.
    local tick
    for ((tick = 0; tick < 20; tick++)); do
      kill -0 "$client_pid" 2>/dev/null || break
      sleep 0.1
    done
    kill "$client_pid" 2>/dev/null || true
    wait "$client_pid" 2>/dev/null || true
    client_pid=''
  fi
}

# Drops the table over a connection of its own when the run did not get to drop it itself (the
# run's connection is gone or unusable by then). lock_wait_timeout bounds a wait on a lock.
drop_table() {
  local output
  if ! "$table_may_exist"; then return 0; fi
  if output=$(mysql "${mysql_connection[@]}" --batch --init-command='SET SESSION lock_wait_timeout = 30' \
    --execute="DROP TABLE IF EXISTS \`$table\`" 2>&1); then
    table_may_exist=false
  else
    check FAIL "cleanup: table $SMOKE_DATABASE.$table could not be dropped, drop it by hand: ${output//$'\n'/ }"
  fi
}

# The only way out once the run has started: close the connection, drop the table, sum up.
finish() {
  finished=true
  # Asked to stop again while cleaning up: the table must still be dropped.
  trap '' TERM INT HUP
  close_client
  drop_table
  print_result
  if ((failed == 0)); then exit 0; fi
  exit 1
}

abort() { # what, detail
  check FAIL "$1: $2"
  finish
}

# shellcheck disable=SC2317 # run by the traps below
interrupted() { # signal
  abort interrupted "SIG$1 received while $progress"
}

# A bug or an unexpected exit (set -e) must still drop the table and say so.
# shellcheck disable=SC2317 # run by the EXIT trap
on_exit() {
  local status=$?
  if ! "$finished"; then
    check FAIL "script: stopped unexpectedly (exit status $status) while $progress"
    finish
  fi
}

trap on_exit EXIT
trap 'interrupted TERM' TERM
trap 'interrupted INT' INT
trap 'interrupted HUP' HUP

# Sends one statement, reads its one reply line; sets reply and elapsed_us. Returns read's status
# (0 a line, > 128 no reply in time, otherwise the client is gone).
round_trip() { # statement
  local started finished_at status=0
  started=${EPOCHREALTIME/[.,]/}
  printf '%s%s\n' "$1" "$delimiter" 2>/dev/null 1>&"$to_mysql" || true
  IFS= read -r -t "$reply_timeout_seconds" -u "$from_mysql" reply || status=$?
  finished_at=${EPOCHREALTIME/[.,]/}
  elapsed_us=$((finished_at - started))
  return "$status"
}

# Why a reply was not the expected one; sets explanation. The client (no --force) prints the
# error (some versions after the failed statement) and exits, so on an error everything it still
# has to say is read, and its ERROR line kept.
explain() { # read status, what the reply should have been
  local status=$1 expected=$2 line
  local -a said=()
  if ((status > 128)); then
    explanation="no reply within $reply_timeout_seconds s"
    return 0
  fi
  if ((status == 0)) && [[ $reply != ERROR* && $reply != "$statement_echo"* ]]; then
    explanation="replied \"${reply//$'\t'/ }\", expected $expected"
    return 0
  fi
  if [[ -n $reply ]]; then said+=("$reply"); fi
  if ((status == 0)); then
    while IFS= read -r -t 2 -u "$from_mysql" line; do said+=("$line"); done
  fi
  for line in "${said[@]}"; do
    if [[ $line == ERROR* ]]; then
      explanation=$line
      return 0
    fi
  done
  explanation='the connection ended (the mysql client exited)'
  if ((${#said[@]} > 0)); then explanation+=": ${said[-1]}"; fi
}

# One statement whose reply must be exactly `expected`; anything else ends the run.
confirmed() { # what, subject, statement, expected reply, its description
  local status=0
  round_trip "$3" || status=$?
  if ((status == 0)) && [[ $reply == "$4" ]]; then return 0; fi
  explain "$status" "$5"
  abort "$1" "$2: $explanation"
}

# --- Connect: one client for the whole run; its errors come back on the same pipe as replies. ---

progress="connecting to $server"
coproc mysql_client {
  exec mysql "${mysql_connection[@]}" --batch --skip-column-names --unbuffered \
    --skip-reconnect --delimiter="$delimiter" 2>&1
}
# shellcheck disable=SC2154 # set by coproc
client_pid=$mysql_client_PID
# Own copies of the pipes: bash closes the coproc's when the client exits, and what it said last
# (its error) must still be readable then.
coproc_output=${mysql_client[0]} coproc_input=${mysql_client[1]}
exec {to_mysql}>&"$coproc_input" {from_mysql}<&"$coproc_output" {coproc_input}>&- {coproc_output}<&-

# Autocommit whatever the server's default: each write is its own commit, as the wiki's are.
# The client may print warnings before the first reply; they are passed on, not taken as replies.
connect_failure="cannot connect to $server as $DATABASE_USER (database $SMOKE_DATABASE)"
status=0
note=''
round_trip "SET SESSION autocommit = 1; SELECT 'ready', VERSION()" || status=$?
while true; do
  if ((status != 0)); then
    explain "$status" 'the server version'
    abort connect "$connect_failure: $explanation${note:+ ($note)}"
  fi
  case $reply in
    ready$'\t'*) break ;;
    ERROR* | "$statement_echo"*)
      explain 0 'the server version'
      abort connect "$connect_failure: $explanation"
      ;;
  esac
  note=$reply
  echo "smoke mysql-crud: mysql client: $note" >&2
  IFS= read -r -t "$reply_timeout_seconds" -u "$from_mysql" reply || status=$?
done
echo "smoke mysql-crud: server $server (${reply#ready$'\t'}) as $DATABASE_USER, table $SMOKE_DATABASE.$table, $SMOKE_ROWS rows"

progress="creating table $table"
table_may_exist=true
confirmed create "table $table" \
  "CREATE TABLE \`$table\` (id INT UNSIGNED NOT NULL PRIMARY KEY, payload VARCHAR(255) NOT NULL) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4; SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = '$table' AND ENGINE = 'InnoDB' AND TABLE_COLLATION LIKE 'utf8mb4%'" \
  1 'one InnoDB utf8mb4 table'

# --- The operations, each timed alone ---

declare -a insert_us=() read_us=() update_us=() delete_us=()

for ((id = 1; id <= SMOKE_ROWS; id++)); do
  progress="inserting rows (row $id of $SMOKE_ROWS)"
  payload_of "$id" 1
  confirmed insert "row $id" "INSERT INTO \`$table\` (id, payload) VALUES ($id, '$payload'); SELECT ROW_COUNT()" 1 'ROW_COUNT() 1'
  insert_us+=("$elapsed_us")
done

for ((id = 1; id <= SMOKE_ROWS; id++)); do
  progress="reading rows (row $id of $SMOKE_ROWS)"
  payload_of "$id" 1
  # Always one reply line, found or not: the count says which.
  confirmed read "row $id" "SELECT COUNT(*), MAX(payload) FROM \`$table\` WHERE id = $id" "1"$'\t'"$payload" "1 \"$payload\" (the payload written)"
  read_us+=("$elapsed_us")
done

for ((id = 1; id <= SMOKE_ROWS; id++)); do
  progress="updating rows (row $id of $SMOKE_ROWS)"
  payload_of "$id" 2
  confirmed update "row $id" "UPDATE \`$table\` SET payload = '$payload' WHERE id = $id; SELECT ROW_COUNT()" 1 'ROW_COUNT() 1'
  update_us+=("$elapsed_us")
done

for ((id = 1; id <= SMOKE_ROWS; id++)); do
  progress="deleting rows (row $id of $SMOKE_ROWS)"
  confirmed delete "row $id" "DELETE FROM \`$table\` WHERE id = $id; SELECT ROW_COUNT()" 1 'ROW_COUNT() 1'
  delete_us+=("$elapsed_us")
done

progress='checking the table is empty'
confirmed empty "table $table" "SELECT COUNT(*) FROM \`$table\`" 0 '0 rows left'
progress="dropping table $table"
confirmed drop "table $table" \
  "DROP TABLE \`$table\`; SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = '$table'" \
  0 'no such table left'
table_may_exist=false
progress='reporting'

# --- Report ---

milliseconds() { # variable, microseconds
  printf -v "$1" '%d.%03d' "$(($2 / 1000))" "$(($2 % 1000))"
}

declare -A p50_us=() p95_us=()
p50='' p95='' max='' shown=''  # set by milliseconds
operations=(insert read update delete)
for operation in "${operations[@]}"; do
  declare -n samples="${operation}_us"
  mapfile -t sorted < <(printf '%s\n' "${samples[@]}" | sort -n)
  unset -n samples
  count=${#sorted[@]}
  # Nearest rank: the smallest sample with at least p% of the samples at or below it.
  p50_us[$operation]=${sorted[(count * 50 + 99) / 100 - 1]}
  p95_us[$operation]=${sorted[(count * 95 + 99) / 100 - 1]}
  milliseconds p50 "${p50_us[$operation]}"
  milliseconds p95 "${p95_us[$operation]}"
  milliseconds max "${sorted[count - 1]}"
  echo "$operation: $count operations, p50 $p50 ms, p95 $p95 ms, max $max ms"
done

check PASS "crud: $SMOKE_ROWS rows inserted, read back, updated and deleted, every write confirmed; the table was left empty and dropped"

for operation in "${operations[@]}"; do
  for percentile in p50 p95; do
    if [[ $percentile == p50 ]]; then
      measured=${p50_us[$operation]} limit=$SMOKE_MAX_P50_MS
    else
      measured=${p95_us[$operation]} limit=$SMOKE_MAX_P95_MS
    fi
    milliseconds shown "$measured"
    if ((measured <= limit * 1000)); then
      check PASS "$operation $percentile $shown ms <= $limit ms"
    else
      check FAIL "$operation $percentile $shown ms > $limit ms"
    fi
  done
done

finish
