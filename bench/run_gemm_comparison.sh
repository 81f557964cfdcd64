#!/usr/bin/env bash
# SGEMM side by side: Glubina (bench/Glubina.Bench gemm), numpy and PyTorch at the same shapes, 1 and 2
# threads, printed as one table of GFLOP/s and ratios. Usage:
#   bash bench/run_gemm_comparison.sh [--threads 1,2] [--reps 7] [--rounds 2] [--shapes MxKxN,...]
# Each round runs Glubina, numpy and torch one after another; each number is the median of --reps timed
# repetitions, and the table keeps, per entry, the best of the rounds' medians (the same for all three), so a
# burst of load from another process during one round does not decide a ratio.
# Needs the .NET SDK and Debian's python3-numpy, python3-torch and libopenblas0-openmp
# (apt-get install -y python3-torch python3-numpy libopenblas0-openmp). Run it on an otherwise idle machine:
# every number is a median, but two cores shared with a build give noise, not data.
set -euo pipefail
cd "$(dirname "$0")/.."

THREADS=1,2
REPS=7
ROUNDS=2
SHAPES=""
while [ $# -gt 0 ]; do
  case "$1" in
    --threads) THREADS=$2; shift 2 ;;
    --reps) REPS=$2; shift 2 ;;
    --rounds) ROUNDS=$2; shift 2 ;;
    --shapes) SHAPES=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
SHAPE_ARGS=()
[ -n "$SHAPES" ] && SHAPE_ARGS=(--shapes "$SHAPES")

OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT

dotnet build bench/Glubina.Bench -c Release -v quiet -nologo >"$OUT/build.log" 2>&1 || { cat "$OUT/build.log"; exit 1; }
echo "# machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# dotnet $(dotnet --version)"
echo "# Glubina: $(dotnet bench/Glubina.Bench/bin/Release/net10.0/Glubina.Bench.dll gemm --threads 1 --reps 1 --shapes 8 | head -1 | sed 's/, median of 1//')"

# OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE pin OpenBLAS to an older kernel on some machines here; unset them for
# the Python processes only. numpy and torch run in separate processes: two OpenMP users in one process
# disturb each other's 2-thread timings.
for round in $(seq 1 "$ROUNDS"); do
  dotnet bench/Glubina.Bench/bin/Release/net10.0/Glubina.Bench.dll gemm --csv --threads "$THREADS" --reps "$REPS" \
    "${SHAPE_ARGS[@]}" >"$OUT/glubina.$round.csv"
  for impl in numpy torch; do
    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3 bench/gemm_reference.py --impl "$impl" \
      --threads "$THREADS" --reps "$REPS" "${SHAPE_ARGS[@]}" >"$OUT/$impl.$round.csv" 2>"$OUT/$impl.info"
  done
done
sort -u "$OUT/numpy.info" "$OUT/torch.info"

/usr/bin/python3 - "$OUT" "$ROUNDS" <<'EOF'
import csv, sys, os
out, rounds = sys.argv[1], int(sys.argv[2])
rows = {}
order = []
for impl in ("glubina", "numpy", "torch"):
    for rnd in range(1, rounds + 1):
        with open(os.path.join(out, f"{impl}.{rnd}.csv")) as f:
            for r in csv.DictReader(f):
                key = (int(r["threads"]), r["shape"])
                if key not in rows:
                    rows[key] = {}
                    order.append(key)
                rows[key][r["impl"]] = max(rows[key].get(r["impl"], 0.0), float(r["gflops"]))
print()
print(f"GFLOP/s (best of {rounds} rounds of a median), C[M,N] = A[M,K]·B[K,N] float32 row-major; "
      "ratio > 1 means Glubina is faster")
print(f"{'threads':>7}  {'M x K x N':<16} {'Glubina':>8} {'numpy':>8} {'torch':>8} {'G/numpy':>8} {'G/torch':>8}")
for key in order:
    t, shape = key
    r = rows[key]
    g, n, p = r.get("glubina"), r.get("numpy"), r.get("torch")
    fmt = lambda v: f"{v:8.1f}" if v is not None else f"{'-':>8}"
    ratio = lambda a, b: f"{a / b:8.2f}" if a and b else f"{'-':>8}"
    print(f"{t:>7}  {shape:<16} {fmt(g)} {fmt(n)} {fmt(p)} {ratio(g, n)} {ratio(g, p)}")
EOF
