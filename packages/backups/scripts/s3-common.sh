# shellcheck shell=sh
# shellcheck disable=SC2034 # the variables are read by the scripts that source this file
# Sourced by the S3 scripts (packages/backups/scripts), which run under busybox sh in the rclone
# image. Objects live at <bucket>/<prefix>/<kind>/<BACKUP_NAME>-<YYYYMMDDTHHMMSSZ>.<extension>,
# each with a <object>.sha256 beside it, written last: an object without it is not a backup.
# BACKUP_NAME starts with the environment's name (prod-xwiki): what a script lists, fetches or
# deletes is only what that environment wrote, whatever else the folder holds.
#
# rclone reaches the bucket through the remote "backup", configured by RCLONE_CONFIG_BACKUP_*
# variables (endpoint, region, keys, server-side encryption).

: "${S3_BUCKET:?bucket holding the backups}"
: "${S3_PREFIX:?key prefix of this environment, without leading or trailing slash}"
: "${BACKUP_KIND:?folder of this kind of backup under the prefix, e.g. mysql}"
: "${BACKUP_EXTENSION:?file extension of this kind of backup, e.g. sql.gz}"
: "${BACKUP_NAME:?stem of the backup names of this environment and kind, <environment>-<what>, e.g. prod-xwiki}"
case "$BACKUP_NAME" in *[!A-Za-z0-9_-]*)
  echo "BACKUP_NAME \"$BACKUP_NAME\" may hold only letters, digits, _ and -" >&2
  exit 2
  ;;
esac

remote="backup:$S3_BUCKET/$S3_PREFIX/$BACKUP_KIND"
location="s3://$S3_BUCKET/$S3_PREFIX/$BACKUP_KIND"

# Prints the names, among those read on stdin, that are backups of this environment and kind (the
# data objects, not their .sha256), one per line: exactly <BACKUP_NAME>-<timestamp>.<extension>.
# Any other name (another environment's, an operator's file, one with a blank) is not ours.
backup_names() {
  awk -v stem="$BACKUP_NAME-" -v suffix=".$BACKUP_EXTENSION" '
    length($0) == length(stem) + 16 + length(suffix) && index($0, stem) == 1 && substr($0, length($0) - length(suffix) + 1) == suffix &&
      substr($0, length(stem) + 1, 16) ~ /^[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]T[0-9][0-9][0-9][0-9][0-9][0-9]Z$/ { print }'
}

# Prints the backup names read on stdin whose timestamp is before $1 (same format), oldest first.
# The timestamps have a fixed width, so comparing them as strings compares the times.
backups_before() {
  backup_names | awk -v cutoff="$1" -v suffix=".$BACKUP_EXTENSION" '
    { stem = substr($0, 1, length($0) - length(suffix)) }
    substr(stem, length(stem) - 15) < cutoff { print }' | sort
}

# The names of the files of a directory.
files_in() {
  for path in "$1"/*; do
    if [ -f "$path" ]; then printf '%s\n' "${path##*/}"; fi
  done
}
