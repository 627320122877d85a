#!/bin/sh
# Installs what the storage test servers need: Ceph's radosgw with a monitor and an OSD (Debian packages,
# about 61 MB). Idempotent (does nothing when they are installed) and quiet (prints the apt log only when it
# fails). Run as root, as CI and the dev container do. The GCS JSON-API server is plain Node: nothing to install.
set -eu
have() { command -v radosgw >/dev/null 2>&1 && command -v ceph-mon >/dev/null 2>&1 && command -v ceph-osd >/dev/null 2>&1; }
have && exit 0
log=$(mktemp)
trap 'rm -f "$log"' EXIT
export DEBIAN_FRONTEND=noninteractive
if ! { apt-get update -qq && apt-get install -y -qq --no-install-recommends radosgw ceph-mon ceph-osd; } >"$log" 2>&1; then
  cat "$log" >&2
  echo "install-servers.sh: installing radosgw ceph-mon ceph-osd failed" >&2
  exit 1
fi
have || { echo "install-servers.sh: radosgw, ceph-mon or ceph-osd still missing after install" >&2; exit 1; }
