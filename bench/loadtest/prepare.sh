#!/usr/bin/env bash
# Publishes `glubina` (src/Glubina.Cli) self-contained for linux-x64 into OUT/glubina and writes the MNIST MLP and
# CNN model files into OUT/models (bench/loadtest/MakeModels). Used by run.sh and smoke.sh.
#   bench/loadtest/prepare.sh OUT
set -euo pipefail
cd "$(dirname "$0")/../.."
out="$1"
dotnet publish src/Glubina.Cli -c Release -r linux-x64 --self-contained -o "$out/glubina" -v quiet >&2
dotnet run --project bench/loadtest/MakeModels -c Release -- make-mnist-models "$out/models" >&2
"$out/glubina/Glubina.Cli" serve --help >/dev/null
