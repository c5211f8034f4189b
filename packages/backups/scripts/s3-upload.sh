#!/bin/sh
# Uploads the finished backup of BACKUP_DIRECTORY to S3, then applies the retention
# (packages/backups/scripts/s3-upload.sh). The object is written first and its .sha256 last; a
# failure at any point deletes what this run wrote, so S3 never keeps a partial backup.
# shellcheck disable=SC3040 # busybox sh, the shell of the rclone image, has pipefail
set -euo pipefail

: "${BACKUP_DIRECTORY:?directory holding the finished backup}"
: "${RETENTION_DAYS:?backups older than this many days are deleted}"

# shellcheck source=SCRIPTDIR/s3-common.sh
. "$(dirname "$0")/s3-common.sh"

fail() {
  echo "s3-upload: $*" >&2
  exit 1
}

case "$RETENTION_DAYS" in '' | *[!0-9]* | 0) fail "RETENTION_DAYS must be a positive number of days, got \"$RETENTION_DAYS\"" ;; esac

found=$(files_in "$BACKUP_DIRECTORY" | backup_names)
[ -n "$found" ] || fail "no finished backup ($BACKUP_NAME-<timestamp>.$BACKUP_EXTENSION) in $BACKUP_DIRECTORY: the step that writes it did not complete; nothing uploaded"
[ "$(printf '%s\n' "$found" | wc -l)" -eq 1 ] || fail "more than one backup in $BACKUP_DIRECTORY: $(printf '%s ' "$found"); nothing uploaded"
name=$found
file="$BACKUP_DIRECTORY/$name"
checksum_file="$file.sha256"
(cd "$BACKUP_DIRECTORY" && sha256sum -- "$name") >"$checksum_file"
size=$(wc -c <"$file" | tr -d ' ')

# Past this point a failure removes the objects of this run (deleting one never written is harmless).
remove_this_run() {
  status=$?
  [ "$status" -eq 0 ] && return
  rclone deletefile "$remote/$name.sha256" >/dev/null 2>&1 || true
  rclone deletefile "$remote/$name" >/dev/null 2>&1 || true
  echo "s3-upload: removed what this run had written to $location" >&2
}
trap remove_this_run EXIT

echo "s3-upload: uploading $name ($size bytes) to $location"
rclone copyto "$file" "$remote/$name" || fail "upload of $name to $location failed (see rclone's message above)"
stored_size=$(rclone lsf --format s "$remote/$name") || fail "cannot read back $location/$name after the upload"
[ "$stored_size" = "$size" ] || fail "$location/$name holds $stored_size bytes, expected $size"
rclone copyto "$checksum_file" "$remote/$name.sha256" || fail "upload of $name.sha256 to $location failed (see rclone's message above)"
trap - EXIT
echo "s3-upload: stored $location/$name and its .sha256"

# Retention: by the timestamp in the name (the time the backup was taken), not the object's
# modification time, which a copy or a migration between buckets would reset. Only this folder is
# listed (not recursively), and only names of this environment's pattern are deleted: the folder
# may hold other files (an operator's notes, names with blanks), which are neither ours nor in the way.
now=$(date -u +%s)
cutoff=$(date -u -d "@$((now - RETENTION_DAYS * 86400))" +%Y%m%dT%H%M%SZ)
listing=$(rclone lsf --files-only "$remote/") || fail "retention: cannot list $location (see rclone's message above); the new backup is stored, nothing was deleted"
expired=$(printf '%s\n' "$listing" | backups_before "$cutoff")
deleted=0
while IFS= read -r old; do
  if [ -z "$old" ] || [ "$old" = "$name" ]; then continue; fi
  rclone deletefile "$remote/$old.sha256" 2>/dev/null || true
  rclone deletefile "$remote/$old" || fail "retention: cannot delete $location/$old"
  echo "s3-upload: retention: deleted $old (older than $RETENTION_DAYS days)"
  deleted=$((deleted + 1))
done <<EXPIRED
$expired
EXPIRED
echo "s3-upload: retention: $deleted backup(s) of $BACKUP_NAME older than $cutoff deleted"
