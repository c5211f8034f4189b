#!/bin/sh
# Smoke check "backups-present" (packages/smoke/scripts/backups-present-smoke.sh): each backup
# folder of this environment in S3 holds a backup younger than the folder's recovery point
# objective. A backup job can "succeed" in Kubernetes and still leave nothing in the bucket (wrong
# prefix, expired keys, a CronJob that never fires); only the bucket itself tells. Where the
# folder's backups are files of ours (SMOKE_BACKUP_NAMES), the newest must be complete: named
# <stem>-<YYYYMMDDTHHMMSSZ>.<extension>, with its .sha256 (written last by the upload), its bytes
# matching it, and readable as what it claims to be (a gzip stream, a zip holding package.xml).
# An interrupted upload, a stray file or a corrupted object is not a backup.
# Runs under busybox sh in the rclone image, with keys that may list and read the prefix.
#
# Variables:
#   RCLONE_CONFIG_BACKUP_*  the rclone remote "backup", as packages/backups renders it
#                           (rcloneEnvironment): TYPE, ACCESS_KEY_ID and SECRET_ACCESS_KEY must
#                           be set; ENDPOINT, REGION, PROVIDER... as rclone reads them
#   S3_BUCKET               bucket holding the backups
#   S3_PREFIX               key prefix of this environment, without leading or trailing slash
#   SMOKE_BACKUP_FOLDERS    space-separated <folder>=<maxAgeSeconds> items, one per folder under
#                           the prefix, e.g. "mysql=86400 xwiki=86400 longhorn=86400"
#   SMOKE_BACKUP_NAMES      optional space-separated <folder>=<stem>.<extension> items, e.g.
#                           "mysql=prod-xwiki.sql.gz xwiki=prod-xwiki.xar": the folders whose
#                           newest complete backup is read and checked; extension sql.gz or xar
#   RCLONE_RETRIES, RCLONE_LOW_LEVEL_RETRIES, RCLONE_CONTIMEOUT, RCLONE_TIMEOUT
#                           optional; 1, 3, 10s and 30s when unset (see below)
#
# Prints "PASS <folder>: ..." or "FAIL <folder>: ..." per folder, then
# "RESULT backups-present: passed (<n> checks)" or "... failed (<m> of <n> checks)".
# Exits 0 when every folder is fresh, 1 when one is not (or cannot be listed), 2 when the
# configuration is missing or malformed (nothing is checked then).
set -u
# The folder list is split on blanks; a "*" in it must not become file names.
set -f

job=backups-present
folders_form='space-separated <folder>=<maxAgeSeconds> items such as "mysql=86400 xwiki=86400"'

config_error() {
  printf 'smoke %s: %s: %s, expected %s\n' "$job" "$1" "$2" "$3" >&2
  exit 2
}

require() {
  eval "value=\${$1:-}"
  [ -n "$value" ] || config_error "$1" "missing or empty" "$2"
}

# A folder under the prefix: a DNS-label-like name (what packages/backups and Longhorn use).
is_folder_name() {
  case "$1" in '' | -* | *- | *[!a-z0-9-]*) return 1 ;; esac
  [ "${#1}" -le 63 ]
}

# Plain decimal without leading zeros ("010" is octal in shell arithmetic), at most ten digits
# (three centuries), so every shell and test compares it the same way.
is_positive_integer() {
  case "$1" in '' | 0* | *[!0-9]*) return 1 ;; esac
  [ "${#1}" -le 10 ]
}

require RCLONE_CONFIG_BACKUP_TYPE 's3 (the remote "backup" of packages/backups rcloneEnvironment)'
require RCLONE_CONFIG_BACKUP_ACCESS_KEY_ID 'the access key of keys that may list the backup prefix'
require RCLONE_CONFIG_BACKUP_SECRET_ACCESS_KEY 'the secret key of keys that may list the backup prefix'
require S3_BUCKET 'the name of the bucket holding the backups'
require S3_PREFIX 'the key prefix of this environment, e.g. open4goods/prod'
case "$S3_BUCKET" in */*) config_error S3_BUCKET "\"$S3_BUCKET\" contains a slash" 'a bucket name' ;; esac
case "$S3_PREFIX" in /* | */) config_error S3_PREFIX "\"$S3_PREFIX\" starts or ends with a slash" 'a key prefix such as open4goods/prod' ;; esac

# Validate every item before checking anything: a half-run check with a typo reads as a verdict.
folders=''
for item in ${SMOKE_BACKUP_FOLDERS:-}; do
  case "$item" in *=*) ;; *) config_error SMOKE_BACKUP_FOLDERS "\"$item\" has no maximum age" "$folders_form" ;; esac
  folder=${item%%=*}
  max_age=${item#*=}
  is_folder_name "$folder" || config_error SMOKE_BACKUP_FOLDERS "\"$item\": \"$folder\" is not a folder name (lowercase letters, digits, inner dashes)" "$folders_form"
  is_positive_integer "$max_age" || config_error SMOKE_BACKUP_FOLDERS "\"$item\": \"$max_age\" is not a positive whole number of seconds" "$folders_form"
  case " $folders " in *" $folder="*) config_error SMOKE_BACKUP_FOLDERS "\"$folder\" is listed twice" "$folders_form" ;; esac
  folders="$folders $item"
done
[ -n "$folders" ] || config_error SMOKE_BACKUP_FOLDERS 'missing or empty' "$folders_form"

names_form='space-separated <folder>=<stem>.<extension> items such as "mysql=prod-xwiki.sql.gz xwiki=prod-xwiki.xar", extension sql.gz or xar'
names=''
for item in ${SMOKE_BACKUP_NAMES:-}; do
  case "$item" in *=*) ;; *) config_error SMOKE_BACKUP_NAMES "\"$item\" has no backup name" "$names_form" ;; esac
  folder=${item%%=*}
  pattern=${item#*=}
  stem=${pattern%%.*}
  extension=${pattern#*.}
  case " $folders " in *" $folder="*) ;; *) config_error SMOKE_BACKUP_NAMES "\"$item\": \"$folder\" is not a folder of SMOKE_BACKUP_FOLDERS" "$names_form" ;; esac
  case "$stem" in '' | *[!A-Za-z0-9_-]*) config_error SMOKE_BACKUP_NAMES "\"$item\": \"$stem\" is not a name stem (letters, digits, _ and -)" "$names_form" ;; esac
  case "$extension" in sql.gz | xar) ;; *) config_error SMOKE_BACKUP_NAMES "\"$item\": \"$extension\" is not a backup extension this check reads" "$names_form" ;; esac
  case " $names " in *" $folder="*) config_error SMOKE_BACKUP_NAMES "\"$folder\" is listed twice" "$names_form" ;; esac
  names="$names $item"
done

# rclone prints times in the local zone and date reads them in it: make both UTC.
TZ=UTC
export TZ
# rclone's defaults retry a dead endpoint for minutes per folder (3 tries of 10 low-level retries,
# a 1 min connect timeout); a smoke check should say so quickly. Listing is idempotent and a short
# retry absorbs a blip. RCLONE_* variables the Job sets win.
: "${RCLONE_RETRIES:=1}" "${RCLONE_LOW_LEVEL_RETRIES:=3}" "${RCLONE_CONTIMEOUT:=10s}" "${RCLONE_TIMEOUT:=30s}"
export RCLONE_RETRIES RCLONE_LOW_LEVEL_RETRIES RCLONE_CONTIMEOUT RCLONE_TIMEOUT

scratch=$(mktemp -d "${TMPDIR:-/tmp}/backups-present.XXXXXX") || {
  echo "smoke $job: cannot create a scratch directory in ${TMPDIR:-/tmp}" >&2
  exit 1
}
trap 'rm -rf "$scratch"' EXIT
listing="$scratch/listing"
stream="$scratch/stream"

checks=0
failures=0
report() { # PASS|FAIL folder detail
  printf '%s %s: %s\n' "$1" "$2" "$3"
  checks=$((checks + 1))
  [ "$1" = PASS ] || failures=$((failures + 1))
}

# rclone's own account of a failure, on one line: its last log record that is not a notice (a
# record is a timestamped line and the lines continuing it), without the timestamp.
rclone_reason() { # stderr status
  reason=''
  record=''
  while read -r line; do
    case "$line" in
      [0-9][0-9][0-9][0-9]/[0-9][0-9]/[0-9][0-9]\ [0-9][0-9]:[0-9][0-9]:[0-9][0-9]\ *)
        [ -z "$record" ] || reason=$record
        record=${line#* * }
        case "$record" in NOTICE:*) record='' ;; esac
        ;;
      '') ;;
      *) if [ -n "$record" ]; then record="$record; $line"; else reason="${reason:+$reason; }$line"; fi ;;
    esac
  done <<EOF
$1
EOF
  [ -z "$record" ] || reason=$record
  printf '%s (rclone exit status %s)' "${reason:-no message}" "$2"
}

# The item of SMOKE_BACKUP_NAMES for a folder (<stem>.<extension>), empty when it has none.
names_of() {
  for named in $names; do
    if [ "${named%%=*}" = "$1" ]; then printf '%s' "${named#*=}"; fi
  done
}

# The newest complete backup of the listing ("<time>;<key>" lines): the last in name order of the
# keys <stem>-<YYYYMMDDTHHMMSSZ>.<extension> whose .sha256 is listed too, as its listing line.
# The timestamps have a fixed width, so the name order is the time order.
newest_complete() { # stem extension
  awk -F ';' -v stem="$1-" -v suffix=".$2" '
    { time = $1; key = substr($0, length(time) + 2); listed[key] = 1 }
    length(key) == length(stem) + 16 + length(suffix) && index(key, stem) == 1 && substr(key, length(key) - length(suffix) + 1) == suffix &&
      substr(key, length(stem) + 1, 16) ~ /^[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]T[0-9][0-9][0-9][0-9][0-9][0-9]Z$/ { candidate[key] = $0 }
    END { for (key in candidate) if ((key ".sha256") in listed) print candidate[key] }' "$listing" | sort -t ';' -k 2 | tail -n 1
}

# Reads one backup once, as a stream: its SHA-256 (sha256sum on a fifo, fed by tee) and what its
# format says it is (gzip decompresses it to the end; unzip lists a zip's entries), without
# storing it (/tmp is small, the dumps are not). Sets "problem" when it is not a sound backup.
check_backup() { # remote-object extension
  problem=''
  expected=$(rclone cat "$1.sha256" 2>"$scratch/errors")
  status=$?
  if [ "$status" -ne 0 ]; then
    problem="cannot read its .sha256: $(rclone_reason "$(cat "$scratch/errors")" "$status")"
    return
  fi
  expected=${expected%% *}
  rm -f "$stream" "$scratch/actual"
  mkfifo "$stream"
  sha256sum <"$stream" >"$scratch/actual" &
  hasher=$!
  if [ "$2" = xar ]; then
    { rclone cat "$1" 2>"$scratch/errors"; echo "$?" >"$scratch/status"; } | tee "$stream" | unzip -l - >"$scratch/format" 2>&1
  else
    { rclone cat "$1" 2>"$scratch/errors"; echo "$?" >"$scratch/status"; } | tee "$stream" | gzip -dc >/dev/null 2>"$scratch/format"
  fi
  format_status=$?
  wait "$hasher"
  status=$(cat "$scratch/status")
  actual=$(cat "$scratch/actual")
  actual=${actual%% *}
  if [ "$status" -ne 0 ]; then
    problem="cannot read it: $(rclone_reason "$(cat "$scratch/errors")" "$status")"
  elif [ "$format_status" -ne 0 ]; then
    if [ "$2" = xar ]; then problem="it is not a readable zip archive: $(tail -n 1 "$scratch/format")"; else problem="it is not a readable gzip stream: $(tail -n 1 "$scratch/format")"; fi
  elif [ "$actual" != "$expected" ]; then
    problem="its SHA-256 is $actual, its .sha256 says \"$expected\": the object is corrupted"
  elif [ "$2" = xar ] && ! awk '$NF == "package.xml" { found = 1 } END { exit !found }' "$scratch/format"; then
    problem='the archive has no package.xml: not a XAR'
  fi
}

for item in $folders; do
  folder=${item%%=*}
  max_age=${item#*=}
  location="s3://$S3_BUCKET/$S3_PREFIX/$folder/"
  # Recursive (Longhorn nests its keys under backupstore/); one flat listing (--fast-list) rather
  # than one request per level; the time S3 wrote each object (--use-server-modtime), read from
  # the listing itself: no HEAD per object, which list-only keys may not do anyway. The trailing
  # slash keeps rclone from asking whether the folder is itself an object.
  errors=$(rclone lsf -R --fast-list --files-only --use-server-modtime --format tp --separator ';' \
    "backup:$S3_BUCKET/$S3_PREFIX/$folder/" 2>&1 >"$listing")
  status=$?
  # An empty or absent folder lists as nothing with status 0; status 3 ("directory not found")
  # is a missing bucket, a failure like the others.
  if [ "$status" -ne 0 ]; then
    report FAIL "$folder" "cannot list $location: $(rclone_reason "$errors" "$status")"
    continue
  fi
  pattern=$(names_of "$folder")
  if [ -n "$pattern" ]; then
    stem=${pattern%%.*}
    extension=${pattern#*.}
    newest=$(newest_complete "$stem" "$extension")
    if [ -z "$newest" ]; then
      report FAIL "$folder" "no complete backup ($stem-<YYYYMMDDTHHMMSSZ>.$extension with its .sha256) under $location"
      continue
    fi
    check_backup "backup:$S3_BUCKET/$S3_PREFIX/$folder/${newest#*;}" "$extension"
    if [ -n "$problem" ]; then
      report FAIL "$folder" "newest backup ${newest#*;}: $problem"
      continue
    fi
  else
    # "YYYY-MM-DD HH:MM:SS;key": fixed-width UTC times, so the last line in order is the newest.
    newest=$(sort "$listing" | tail -n 1)
    if [ -z "$newest" ]; then
      report FAIL "$folder" "no backup under $location (no object at all)"
      continue
    fi
  fi
  written=${newest%%;*}
  key=${newest#*;}
  if ! written_at=$(date -u -d "$written" +%s 2>/dev/null); then
    report FAIL "$folder" "cannot read the time \"$written\" rclone gave for $key"
    continue
  fi
  age=$(($(date -u +%s) - written_at))
  if [ "$age" -gt "$max_age" ]; then
    report FAIL "$folder" "newest backup $key was written $written UTC, ${age}s ago, older than the max age of ${max_age}s"
  elif [ "$age" -lt 0 ]; then
    report PASS "$folder" "newest backup $key was written $written UTC, $((-age))s ahead of this pod's clock (max age ${max_age}s)"
  else
    report PASS "$folder" "newest backup $key was written $written UTC, ${age}s ago (max age ${max_age}s)"
  fi
done

if [ "$failures" -eq 0 ]; then
  echo "RESULT $job: passed ($checks checks)"
  exit 0
fi
echo "RESULT $job: failed ($failures of $checks checks)"
exit 1
