#!/usr/bin/env bash
# MNIST-MLP training throughput (784-256-128-10, Adam, batch 64 and 256), Glubina vs PyTorch, same machine,
# same thread count, one run. Usage: bash bench/run_mlp_comparison.sh [threads]   (default 2)
set -euo pipefail
cd "$(dirname "$0")/.."
threads="${1:-2}"
dotnet build bench/Glubina.Bench -c Release -v q -nologo >/dev/null
ours="$(GLUBINA_NUM_THREADS=$threads dotnet bench/Glubina.Bench/bin/Release/net10.0/Glubina.Bench.dll mlp)"
theirs="$(/usr/bin/python3 bench/mlp_reference.py "$threads")"
echo "$ours"
echo "$theirs" | sed 's/^/pytorch /'
echo
echo "| batch | Glubina samples/s | PyTorch samples/s | Glubina / PyTorch |"
echo "|---:|---:|---:|---:|"
for b in 64 256; do
  g="$(echo "$ours" | sed -n "s/^batch $b: \([0-9]*\) samples.*/\1/p")"
  t="$(echo "$theirs" | sed -n "s/^batch $b: \([0-9]*\) samples.*/\1/p")"
  awk -v b="$b" -v g="$g" -v t="$t" 'BEGIN { printf "| %s | %s | %s | %.2fx |\n", b, g, t, g / t }'
done
