#!/usr/bin/env bash
# Per-op dispatch overhead, Glubina vs PyTorch eager, in one run on this machine.
# Usage: bash bench/run_overhead_comparison.sh   (needs python3-torch: see tools/reference/README.md)
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build bench/Glubina.Bench -c Release -v q -nologo >/dev/null
ours="$(GLUBINA_NUM_THREADS=2 dotnet bench/Glubina.Bench/bin/Release/net10.0/Glubina.Bench.dll overhead)"
theirs="$(/usr/bin/python3 bench/overhead_reference.py 2)"
echo "| case | Glubina ns/op | PyTorch ns/op | PyTorch / Glubina |"
echo "|---|---:|---:|---:|"
join <(echo "$ours" | sort) <(echo "$theirs" | sort) | while read -r name g t; do
  awk -v n="$name" -v g="$g" -v t="$t" 'BEGIN { printf "| %s | %s | %s | %.1fx |\n", n, g, t, t / g }'
done
