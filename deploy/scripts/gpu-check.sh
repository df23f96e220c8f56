#!/usr/bin/env bash
# GPU check, run on a machine with an NVIDIA GPU. Three sections, each reported with its output:
#   1. facts       GPU, driver, CUDA toolkit and runtime libraries found;
#   2. probe       the building blocks of a device-resident kernels implementation (docs/kernels.md):
#                  JavaCPP's org.bytedeco:cuda presets load on this driver, cuBLAS sgemm is checked
#                  against a Java reference, one 10m-config step of matmuls is timed with buffers
#                  resident on the device and with per-op host copies, and an NVRTC-compiled kernel
#                  runs (deploy/scripts/gpu/CudaProbe.java; no ND4J, no Ordo jar);
#   3. nd4j-cuda   the -Pcuda build of Ordo: build, the model tests on the GPU backend, and a 200-step
#                  `ordo train` with its tokens/s next to the CPU build's. Needs Maven, network and a
#                  CUDA 11.x runtime (nd4j-cuda 1.0.0-M2.1 ships only for CUDA 11.6; without an 11.x
#                  runtime the script adds -Pcuda-redist, about 1 GB of CUDA 11.6 natives).
#
#   deploy/scripts/gpu-check.sh [OUT_DIR]             run all three (default OUT_DIR: target/gpu-check)
#   deploy/scripts/gpu-check.sh bundle BUNDLE_DIR     on a networked machine: put a small JRE, the cuda
#                                                     jars and the compiled probe in BUNDLE_DIR (~42 MB),
#                                                     for a GPU machine without Java or network; run
#                                                     there with ORDO_GPU_BUNDLE=BUNDLE_DIR.
# Environment: CUDA_PRESET (default 13.1-9.19-1.5.13; use a 12.x one, e.g. 12.9-9.10-1.5.12, with a
# CUDA 12 driver), ORDO_GPU_BUNDLE (see above), ORDO_GPU_SKIP_ND4J=1 to stop after the probe.
# Exit status: non-zero if the probe or a step of section 3 that ran failed; a section that cannot
# run here says why in one line and is skipped.
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
preset="${CUDA_PRESET:-13.1-9.19-1.5.13}"
javacpp="${preset##*-}"
probe_src="$root/deploy/scripts/gpu/CudaProbe.java"

fetch_jars() { # DIR: the javacpp and cuda preset jars, with their linux-x86_64 natives
  for a in "org.bytedeco:javacpp:$javacpp" "org.bytedeco:javacpp:$javacpp:jar:linux-x86_64" \
           "org.bytedeco:cuda:$preset" "org.bytedeco:cuda:$preset:jar:linux-x86_64"; do
    mvn -B -q -ntp dependency:copy -Dartifact="$a" -DoutputDirectory="$1" || return 1
  done
}

if [ "${1:-}" = bundle ]; then
  dir="${2:?usage: gpu-check.sh bundle BUNDLE_DIR}"
  rm -rf "$dir" && mkdir -p "$dir/classes"
  fetch_jars "$dir/jars" || { echo "gpu-check: could not fetch the cuda $preset jars" >&2; exit 1; }
  javac -d "$dir/classes" -cp "$dir/jars/*" "$probe_src" || exit 1
  jlink --add-modules java.base,jdk.unsupported,java.logging,java.management --compress=2 --strip-debug \
    --no-header-files --no-man-pages --output "$dir/jre" || exit 1
  du -sh "$dir"
  exit 0
fi

out="${1:-$root/target/gpu-check}"
mkdir -p "$out"
status=0
say() { echo "== $*" | tee -a "$out/summary.txt"; }

say "1. facts ($(date -u +%FT%TZ), $(hostname))"
if ! command -v nvidia-smi >/dev/null; then
  say "no nvidia-smi on PATH: this is not an NVIDIA GPU machine"; exit 1
fi
nvidia-smi --query-gpu=name,driver_version,memory.total,compute_cap --format=csv,noheader | tee -a "$out/summary.txt"
nvidia-smi | grep -o 'CUDA Version: [0-9.]*' | tee -a "$out/summary.txt"
(command -v nvcc >/dev/null && nvcc --version | tail -1 || echo "nvcc: not installed") | tee -a "$out/summary.txt"
cudart=$(ldconfig -p | grep -o 'libcudart\.so\.[0-9]*' | sort -u | tr '\n' ' ')
echo "CUDA runtimes on the loader path: ${cudart:-none}" | tee -a "$out/summary.txt"
echo "java: $(command -v java || echo none), mvn: $(command -v mvn || echo none)" | tee -a "$out/summary.txt"

say "2. probe: device-resident building blocks (JavaCPP cuda $preset)"
if [ -n "${ORDO_GPU_BUNDLE:-}" ]; then
  java="$ORDO_GPU_BUNDLE/jre/bin/java"; cp="$ORDO_GPU_BUNDLE/classes:$ORDO_GPU_BUNDLE/jars/*"
elif command -v javac >/dev/null && command -v mvn >/dev/null; then
  work="$out/probe"; mkdir -p "$work/classes"
  if fetch_jars "$work/jars" && javac -d "$work/classes" -cp "$work/jars/*" "$probe_src"; then
    java=java; cp="$work/classes:$work/jars/*"
  else
    java=""; say "probe skipped: could not fetch the cuda $preset jars or compile the probe"
  fi
else
  java=""; say "probe skipped: no JDK and Maven here, and no ORDO_GPU_BUNDLE (make one with: gpu-check.sh bundle DIR)"
fi
if [ -n "$java" ]; then
  if "$java" -XX:ErrorFile="$out/hs_err.log" -Dorg.bytedeco.javacpp.cachedir="${TMPDIR:-/tmp}/ordo-javacpp-cache" -cp "$cp" CudaProbe 2>&1 | tee "$out/probe.txt"; then
    :
  else
    status=1; say "probe FAILED (see probe.txt)"
  fi
  grep -v '^\s*at ' "$out/probe.txt" >> "$out/summary.txt"
fi

say "3. nd4j-cuda: the -Pcuda build, model tests, 200-step ordo train"
if [ "${ORDO_GPU_SKIP_ND4J:-0}" = 1 ]; then
  say "skipped: ORDO_GPU_SKIP_ND4J=1"
elif ! command -v mvn >/dev/null || ! command -v java >/dev/null; then
  say "skipped: the -Pcuda build needs a JDK 17 and Maven with access to Maven Central (found java: $(command -v java || echo none), mvn: $(command -v mvn || echo none))"
else
  profiles=cuda
  case " $cudart " in
    *"libcudart.so.11 "*) ;;
    *) profiles=cuda,cuda-redist; echo "no CUDA 11 runtime here: adding -Pcuda-redist (CUDA 11.6 natives from Maven Central)" | tee -a "$out/summary.txt" ;;
  esac
  step() { # NAME CMD...: runs CMD in the repository root, logs to OUT/NAME.log, records pass/fail
    local name=$1; shift
    if (cd "$root" && "$@") > "$out/$name.log" 2>&1; then say "$name: ok"; else status=1; say "$name: FAILED (see $name.log)"; tail -5 "$out/$name.log"; fi
  }
  tokens_per_s() { # RUN_DIR: median tokens/s of the run's train lines
    python3 - "$1/metrics.jsonl" <<'PY'
import json, statistics, sys
t = [json.loads(l).get("tokens_per_second") for l in open(sys.argv[1]) if '"kind":"train"' in l]
t = [x for x in t if x]
print(f"{statistics.median(t):.0f}" if t else "n/a")
PY
  }
  step build-cuda mvn -B -ntp -P"$profiles" -DskipTests install
  step model-tests-cuda mvn -B -ntp -P"$profiles" -pl model test
  step train-cuda java -jar deploy/target/ordo.jar train --steps 200 --out "$out/train-cuda"
  grep -m1 -o 'matmuls: .*' "$out/train-cuda.log" | tee -a "$out/summary.txt"
  step build-cpu mvn -B -ntp -DskipTests install
  step train-cpu java -jar deploy/target/ordo.jar train --steps 200 --out "$out/train-cpu"
  say "tokens/s, 200 steps of the default job: cuda $(tokens_per_s "$out/train-cuda"), cpu $(tokens_per_s "$out/train-cpu")"
fi
say "done: exit $status; summary in $out/summary.txt"
exit $status
