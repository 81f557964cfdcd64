#!/usr/bin/env bash
# Checks the published server binary (issue 6, section 4: no container engine here, so the binary the Dockerfile
# would run is tested directly): publish self-contained, serve a model folder on loopback, query health, metadata,
# inference and metrics, then stop it with SIGTERM and expect exit code 0. Exits non-zero on any failure.
#   bench/loadtest/smoke.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
work="$(mktemp -d)"
pid=""
trap 'if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; fi; rm -rf "$work"' EXIT
bench/loadtest/prepare.sh "$work"
server=("$work/glubina/Glubina.Cli" serve)
python3 bench/loadtest/make_body.py 784 "$work/mlp.json"
port="${PORT:-18090}"
"${server[@]}" --model "$work/models" --host 127.0.0.1 --port "$port" >"$work/server.log" 2>&1 &
pid=$!
fail() { echo "smoke: $*" >&2; cat "$work/server.log" >&2; exit 1; }
for _ in $(seq 1 150); do
  curl -fs "http://127.0.0.1:$port/v2/health/ready" >/dev/null && break
  kill -0 "$pid" 2>/dev/null || fail "the server exited before it was ready"
  sleep 0.2
done
base="http://127.0.0.1:$port"
curl -fs "$base/v2/health/live" >/dev/null || fail "not live"
meta="$(curl -fs "$base/v2/models/mnist_cnn")" || fail "metadata of mnist_cnn"
grep -q '"shape":\[-1,1,28,28\]' <<<"$meta" || fail "metadata of mnist_cnn: $meta"
answer="$(curl -fs -H 'content-type: application/json' --data @"$work/mlp.json" "$base/v2/models/mnist_mlp/infer")" || fail "infer"
grep -q '"name":"label","datatype":"BYTES","shape":\[1\]' <<<"$answer" || fail "infer answer: $answer"
code="$(curl -s -o /dev/null -w '%{http_code}' -H 'content-type: application/json' -d '{"inputs":[]}' "$base/v2/models/mnist_mlp/infer")"
[ "$code" = 400 ] || fail "an empty inputs list answered $code, expected 400"
metrics="$(curl -fs "$base/metrics")" || fail "metrics"
grep -q '^glubina_requests_total{model="mnist_mlp",version="1",endpoint="infer",status="200"} 1$' <<<"$metrics" || fail "metrics: no count of the infer request"
kill -TERM "$pid"
wait "$pid" || fail "exit code $? after SIGTERM, expected 0"
pid=""
echo "smoke: published server OK"
