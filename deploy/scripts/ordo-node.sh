#!/usr/bin/env bash
# One node of a distributed Ordo run: `ordo launch` with its settings from the environment, so the
# same script serves a shell, ssh and the systemd unit (deploy/systemd/ordo-node@.service).
#
#   ORDO_NNODES=3 ORDO_NODE_RANK=0 ORDO_SEED_NODES=10.0.0.1:25520 ORDO_HOST=10.0.0.1 \
#   ORDO_OUT=/shared/runs/dp3 deploy/scripts/ordo-node.sh --steps 3000
#
# Required: ORDO_NNODES, ORDO_NODE_RANK, ORDO_SEED_NODES (node 0's host:port: --seed-nodes; the old name
#           ORDO_SEED is still read), ORDO_OUT (run directory:
#           shared storage across hosts, so any new rank 0 finds the checkpoints).
# Optional: ORDO_HOST (this node's address, default: the seed host on node 0, else the first address
#           of `hostname -I`), ORDO_NPROC (ranks per node, default 1), ORDO_AERON_PORT (default 40100),
#           ORDO_MIN_WORLD (default 1), ORDO_HOME (the checkout, default: this script's ../..),
#           JAVA_OPTS (e.g. -Dordo.aeron.mtu=8192 where the network has no jumbo frames).
# Cluster TLS (optional): ORDO_TLS_KEY_STORE (this node's PKCS12 key store: --tls), ORDO_TLS_TRUST_STORE
#           (default: the key store), and the password in ORDO_TLS_PASSWORD (read by ordo itself) or in the
#           file ORDO_TLS_PASSWORD_FILE (first line; keep it readable by the service user only).
# Extra arguments go to `ordo launch` (job options: --task, --objective, --steps, --batch, --seed, --config, --resume).
set -euo pipefail
ORDO_SEED_NODES="${ORDO_SEED_NODES:-${ORDO_SEED:-}}"
: "${ORDO_NNODES:?set ORDO_NNODES}" "${ORDO_NODE_RANK:?set ORDO_NODE_RANK}" "${ORDO_SEED_NODES:?set ORDO_SEED_NODES}" "${ORDO_OUT:?set ORDO_OUT}"
home="${ORDO_HOME:-$(cd "$(dirname "$0")/../.." && pwd)}"
if [ -z "${ORDO_HOST:-}" ]; then
  if [ "$ORDO_NODE_RANK" = 0 ]; then ORDO_HOST="${ORDO_SEED_NODES%%,*}"; ORDO_HOST="${ORDO_HOST%:*}"; else ORDO_HOST="$(hostname -I | awk '{print $1}')"; fi
fi
tls=()
if [ -n "${ORDO_TLS_KEY_STORE:-}" ]; then tls+=(--tls "$ORDO_TLS_KEY_STORE"); fi
if [ -n "${ORDO_TLS_TRUST_STORE:-}" ]; then tls+=(--tls-trust-store "$ORDO_TLS_TRUST_STORE"); fi
if [ -n "${ORDO_TLS_PASSWORD_FILE:-}" ]; then tls+=(--tls-password-file "$ORDO_TLS_PASSWORD_FILE"); fi
exec "$home/ordo" launch ${tls[@]+"${tls[@]}"} \
  --nnodes "$ORDO_NNODES" --node-rank "$ORDO_NODE_RANK" --seed-nodes "$ORDO_SEED_NODES" --host "$ORDO_HOST" \
  --nproc-per-node "${ORDO_NPROC:-1}" --aeron-port "${ORDO_AERON_PORT:-40100}" --min-world "${ORDO_MIN_WORLD:-1}" \
  --out "$ORDO_OUT" "$@"
