#!/bin/sh
# Downloads one backup from S3 into RESTORE_DIRECTORY and checks it against its .sha256
# (packages/backups/scripts/s3-fetch.sh). BACKUP_KEY is "latest" (the newest complete backup),
# a backup's name, or its full key under the prefix.
# shellcheck disable=SC3040 # busybox sh, the shell of the rclone image, has pipefail
set -euo pipefail

: "${RESTORE_DIRECTORY:?directory to download the backup into}"
: "${BACKUP_KEY:?latest, a backup name, or its full object key}"

# shellcheck source=SCRIPTDIR/s3-common.sh
. "$(dirname "$0")/s3-common.sh"

fail() {
  echo "s3-fetch: $*" >&2
  exit 1
}

if [ "$BACKUP_KEY" = latest ]; then
  listing=$(rclone lsf --files-only "$remote/") || fail "cannot list $location (see rclone's message above)"
  # Only backups whose .sha256 exists are complete; the newest of them is the last in name order.
  name=$(printf '%s\n' "$listing" | backup_names | while read -r candidate; do
    if printf '%s\n' "$listing" | grep -qxF "$candidate.sha256"; then printf '%s\n' "$candidate"; fi
  done | sort | tail -n 1)
  [ -n "$name" ] || fail "no complete backup ($BACKUP_NAME-<timestamp>.$BACKUP_EXTENSION with its .sha256) in $location"
else
  name=${BACKUP_KEY##*/}
  case "$BACKUP_KEY" in
    */*) [ "$BACKUP_KEY" = "$S3_PREFIX/$BACKUP_KIND/$name" ] || fail "key $BACKUP_KEY is not under $S3_PREFIX/$BACKUP_KIND/ in bucket $S3_BUCKET" ;;
  esac
  [ "$(printf '%s\n' "$name" | backup_names)" = "$name" ] || fail "\"$name\" is not the name of a $BACKUP_KIND backup of this environment ($BACKUP_NAME-<YYYYMMDDTHHMMSSZ>.$BACKUP_EXTENSION)"
fi

[ -z "$(files_in "$RESTORE_DIRECTORY")" ] || fail "$RESTORE_DIRECTORY is not empty"
remove_partial_download() {
  status=$?
  [ "$status" -eq 0 ] || rm -f -- "$RESTORE_DIRECTORY/$name" "$RESTORE_DIRECTORY/$name.sha256"
}
trap remove_partial_download EXIT

echo "s3-fetch: downloading $location/$name"
rclone copyto "$remote/$name.sha256" "$RESTORE_DIRECTORY/$name.sha256" || fail "$location/$name has no readable .sha256: not a complete backup"
rclone copyto "$remote/$name" "$RESTORE_DIRECTORY/$name" || fail "download of $location/$name failed (see rclone's message above)"
(cd "$RESTORE_DIRECTORY" && sha256sum -c -- "$name.sha256" >/dev/null) || fail "$name does not match its .sha256: the object is corrupted"
rm -f -- "$RESTORE_DIRECTORY/$name.sha256"
echo "s3-fetch: $name verified ($(wc -c <"$RESTORE_DIRECTORY/$name" | tr -d ' ') bytes)"
