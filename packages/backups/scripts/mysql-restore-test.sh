#!/bin/bash
# The restore test (packages/backups/scripts/mysql-restore-test.sh): restores the fetched dump
# into the throw-away server, then runs the sanity checks. Either step failing fails the job,
# which kube-state-metrics reports like a failed backup.
set -euo pipefail

scripts=$(dirname "${BASH_SOURCE[0]}")
bash "$scripts/mysql-restore.sh"
bash "$scripts/mysql-restore-check.sh"
