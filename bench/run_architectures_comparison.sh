#!/usr/bin/env bash
# Training throughput (samples/s: forward + backward + Adam step on fixed synthetic batches) of LeNet-5, a
# CIFAR-shaped CNN, a one-layer LSTM and a 2-layer transformer encoder, and LeNet inference latency (eval,
# no grad, median us per call, batch 1 and 256): Glubina vs PyTorch, same machine, same thread count, one run
# each, one process at a time. Usage: bash bench/run_architectures_comparison.sh [threads] [warmup_s] [seconds]
# (defaults 2, 2, 6). Ratio > 1 means Glubina is faster (throughput: Glubina/PyTorch; latency: PyTorch/Glubina).
set -euo pipefail
cd "$(dirname "$0")/.."
threads="${1:-2}"
warmup="${2:-2}"
seconds="${3:-6}"
dotnet build bench/Glubina.Bench -c Release -v q -nologo >/dev/null
ours="$(GLUBINA_NUM_THREADS=$threads dotnet bench/Glubina.Bench/bin/Release/net10.0/Glubina.Bench.dll arch --warmup "$warmup" --seconds "$seconds")"
theirs="$(/usr/bin/python3 bench/architectures_reference.py "$threads" "$warmup" "$seconds")"
echo "$ours"
echo "$theirs" | sed 's/^/pytorch /'
echo
echo "| workload | Glubina | PyTorch | ratio (> 1: Glubina faster) |"
echo "|---|---:|---:|---:|"
for w in lenet cifar_cnn lstm transformer lenet_infer_b1 lenet_infer_b256; do
  g="$(echo "$ours" | sed -n "s/^$w: \([0-9.]*\) .*/\1/p")"
  t="$(echo "$theirs" | sed -n "s/^$w: \([0-9.]*\) .*/\1/p")"
  case "$w" in
    lenet_infer_*) awk -v w="$w" -v g="$g" -v t="$t" 'BEGIN { printf "| %s (median us) | %s | %s | %.2fx |\n", w, g, t, t / g }' ;;
    *) awk -v w="$w" -v g="$g" -v t="$t" 'BEGIN { printf "| %s (samples/s) | %s | %s | %.2fx |\n", w, g, t, g / t }' ;;
  esac
done
