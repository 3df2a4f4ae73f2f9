#!/usr/bin/env bash
# One command from a fresh machine to the AckLab window on the embedded cluster:
# installs what is missing (Debian packages), builds the release preset, starts acklab.
# Arguments go to acklab (e.g. --profile production --start).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh release --target acklab acklab-cli
exec build/release/app/acklab "$@"
