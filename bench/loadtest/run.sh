#!/usr/bin/env bash
# Bounded load test of the inference server on loopback (issue 6, section 3): for the MNIST MLP (784-256-128-10)
# and the LeNet-5 CNN, 64 concurrent connections for 30 s each with wrk, one example per request; prints
# requests/s, p50/p90/p99 latency, errors (must be 0) and the server's resident memory (VmRSS) at start and end.
#
#   bench/loadtest/run.sh [--duration 30s] [--connections 64] [--threads 2] [--rounds 1]
#
# --rounds N repeats each model's timed run N times, printing memory after each, to show whether it keeps growing.
#
# `glubina` is published self-contained (dotnet publish -r linux-x64 --self-contained) and that binary serves, so
# this also runs the published server. The models have seeded random weights (bench/loadtest/MakeModels): serving
# cost does not depend on the weights' values.
# Needs wrk (`apt-get install -y wrk`) and python3. Machine is shared: run it rarely, note `uptime`.
set -euo pipefail
cd "$(dirname "$0")/../.."

duration=30s connections=64 threads=2 rounds=1
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) duration="$2"; shift 2 ;;
    --connections) connections="$2"; shift 2 ;;
    --threads) threads="$2"; shift 2 ;;
    --rounds) rounds="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
command -v wrk >/dev/null || apt-get install -y wrk
work="$(mktemp -d)"
pid=""
trap 'if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; fi; rm -rf "$work"' EXIT
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 GLUBINA_NUM_THREADS="${GLUBINA_NUM_THREADS:-1}"

echo "== publishing glubina (self-contained, linux-x64) and writing the models"
bench/loadtest/prepare.sh "$work"
server=("$work/glubina/Glubina.Cli" serve)
python3 bench/loadtest/make_body.py 784 "$work/mlp.json"
python3 bench/loadtest/make_body.py 1,28,28 "$work/cnn.json"

port=18080
"${server[@]}" --model "$work/models" --host 127.0.0.1 --port "$port" >"$work/server.log" 2>&1 &
pid=$!
for _ in $(seq 1 100); do
  curl -fs "http://127.0.0.1:$port/v2/health/ready" >/dev/null && break
  sleep 0.2
done
# Resident memory, and the managed heap as the server's own metrics report it.
rss() {
  local heap
  heap="$(curl -fs "http://127.0.0.1:$port/metrics" | awk '/^dotnet_total_memory_bytes/ {printf "%.1f", $2 / 1048576}')"
  awk -v heap="$heap" '/VmRSS/ {printf "%.1f MiB resident, %s MiB managed heap\n", $2 / 1024, heap}' "/proc/$pid/status"
}
echo "uptime: $(uptime)"
echo "rss after start: $(rss)"
for model in mlp cnn; do
  url="http://127.0.0.1:$port/v2/models/mnist_$model/infer"
  BODY_FILE="$work/$model.json" wrk -t2 -c"$connections" -d5s -s bench/loadtest/post.lua "$url" >/dev/null  # warm-up
  echo "rss after $model warm-up: $(rss)"
  for round in $(seq 1 "$rounds"); do
    echo "== mnist_$model round $round: wrk -t$threads -c$connections -d$duration (body $(stat -c %s "$work/$model.json") bytes)"
    BODY_FILE="$work/$model.json" wrk -t"$threads" -c"$connections" -d"$duration" --timeout 5s -s bench/loadtest/post.lua "$url" | grep '^RESULT'
    echo "rss after $model round $round: $(rss)"
  done
done
curl -fs "http://127.0.0.1:$port/metrics" | grep -E '^glubina_batch_size_(sum|count)|^glubina_requests_total' || true
echo "uptime: $(uptime)"
