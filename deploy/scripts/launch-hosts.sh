#!/usr/bin/env bash
# Starts a distributed Ordo run on a few hosts over ssh: node i runs on line i of HOSTS_FILE (node 0,
# the first line, is the seed), each with deploy/scripts/ordo-node.sh from the same checkout path.
# Output of every node goes to OUT/node-i.log; the script waits for all and exits non-zero if any failed.
#
#   deploy/scripts/launch-hosts.sh hosts.txt /shared/runs/dp3 --steps 3000 --objective top
#
# hosts.txt: one host (as ssh reaches it) per line, optionally followed by the address the other
# nodes should use for it, e.g. "gpu-a 10.0.0.1". Needs passwordless ssh, the checkout at the same
# path on every host (ORDO_HOME, default this one), and OUT on storage every host sees.
set -euo pipefail
hosts_file="${1:?usage: launch-hosts.sh HOSTS_FILE OUT [ordo launch job options]}"
out="${2:?usage: launch-hosts.sh HOSTS_FILE OUT [ordo launch job options]}"
shift 2
home="${ORDO_HOME:-$(cd "$(dirname "$0")/../.." && pwd)}"
mapfile -t lines < <(grep -v '^\s*\(#\|$\)' "$hosts_file")
n=${#lines[@]}
read -r first_host first_addr <<<"${lines[0]}"
seed="${first_addr:-$first_host}:${ORDO_SEED_PORT:-25520}"
mkdir -p "$out"
pids=()
for i in "${!lines[@]}"; do
  read -r host addr <<<"${lines[$i]}"
  env="ORDO_NNODES=$n ORDO_NODE_RANK=$i ORDO_SEED_NODES=$seed ORDO_OUT=$out ORDO_HOST=${addr:-$host} ORDO_NPROC=${ORDO_NPROC:-1}"
  ssh -o BatchMode=yes "$host" "cd '$home' && $env JAVA_OPTS='${JAVA_OPTS:-}' deploy/scripts/ordo-node.sh $*" \
    >"$out/node-$i.log" 2>&1 &
  pids+=($!)
  echo "node $i on $host (log $out/node-$i.log)"
done
status=0
for pid in "${pids[@]}"; do wait "$pid" || status=1; done
exit $status
