#!/usr/bin/python3
"""Check a Glubina-written safetensors file from the PyTorch side (a manual check; CI does not run it).

    /usr/bin/python3 tools/reference/check_safetensors_file.py FILE.safetensors [EXPECTED.json]

1. Reads FILE with the independent reader of make_safetensors_fixtures.py (the `safetensors`
   package is not available here), which checks the header length, the JSON, each dtype, shape
   and offset pair, and that the tensors tile the data buffer exactly.
2. Checks the layout is the reference writer's: rewriting the same tensors and metadata with the
   script's writer gives the same bytes (compact JSON, space padding to 8 bytes, tensors ordered
   by dtype then name).
3. With EXPECTED.json ({"input": {"shape", "data"}, "logits": {"shape", "data"}}, as the C# test
   writes when GLUBINA_SAFETENSORS_EXPORT names a folder), loads the tensors into the 784-256-128-10
   torch MLP with load_state_dict(strict=True) and compares its logits with Glubina's (1e-5).

To produce such a file:
    GLUBINA_SAFETENSORS_EXPORT=/tmp/st dotnet test tests/Glubina.Tests \\
        --filter FullyQualifiedName~SafeTensorsFixtureTests
    /usr/bin/python3 tools/reference/check_safetensors_file.py /tmp/st/glubina_mlp.safetensors /tmp/st/glubina_mlp.json
"""

import json
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import make_safetensors_fixtures as st  # noqa: E402


def main(argv):
    if len(argv) not in (2, 3):
        print(__doc__)
        return 2
    path = argv[1]
    tensors, metadata, header_length = st.read(path)
    print(f"{path}: header {header_length} bytes, metadata {metadata}")
    for name, t in tensors.items():
        print(f"  {name}: {st.TORCH_TO_ST[t.dtype]} {list(t.shape)}")
    with open(path, "rb") as f:
        original = f.read()
    assert st.serialize(tensors, metadata) == original, "layout differs from the reference writer's"
    print("layout: identical to the reference writer's")

    if len(argv) == 3:
        with open(argv[2], encoding="utf-8") as f:
            expected = json.load(f)
        model = torch.nn.Sequential(
            torch.nn.Linear(784, 256), torch.nn.ReLU(),
            torch.nn.Linear(256, 128), torch.nn.ReLU(),
            torch.nn.Linear(128, 10))
        model.load_state_dict(tensors, strict=True)
        x = torch.tensor(expected["input"]["data"], dtype=torch.float32).reshape(expected["input"]["shape"])
        want = torch.tensor(expected["logits"]["data"], dtype=torch.float32).reshape(expected["logits"]["shape"])
        with torch.no_grad():
            got = model(x)
        diff = (got - want).abs().max().item()
        print(f"torch logits vs Glubina's: max |difference| {diff:.3g}")
        assert diff <= 1e-5, diff
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
