#!/usr/bin/python3
"""Generate the safetensors fixtures for tests/Glubina.Tests/Serialization from PyTorch.

Run with Debian's interpreter (python3-torch; see tools/reference/README.md):
    /usr/bin/python3 tools/reference/make_safetensors_fixtures.py
It is deterministic: two runs give byte-identical files.

The `safetensors` Python package is not available here (no PyPI, and Debian has no
package for it), so this script carries a small writer and reader of its own that
follow the format's specification and mimic the reference (Rust) writer byte for byte:

    [8 bytes]  N, the header length, unsigned 64-bit little-endian
    [N bytes]  UTF-8 JSON object, compact (no spaces), padded with spaces (0x20) so
               that N is a multiple of 8 and the data buffer starts 8-byte aligned:
               {"__metadata__": {str: str}   (optional, written first)
                NAME: {"dtype": "F32", "shape": [d0, d1, ...], "data_offsets": [begin, end]}, ...}
    [rest]     the data buffer: each tensor's bytes, little-endian, C (row-major) order,
               at [begin, end) relative to the start of the buffer. The tensors cover
               the buffer exactly, without holes, overlaps or trailing bytes.

Like the reference writer, tensors are ordered by descending dtype rank
(U64 > I64 > F64 > F32 > U32 > I32 > BF16 > F16 > U16 > I16 > I8 > U8 > BOOL,
so every tensor stays aligned to its element size), then by name (code point order,
which is UTF-8 byte order). Non-ASCII characters are written as raw UTF-8; only '"',
'\\' and control characters are escaped, as serde_json does. Glubina's writer follows
the same rules, so a Glubina-saved file of the same tensors is byte-identical; the C#
tests check exactly that against the files written here.

Files written to tests/fixtures/safetensors/:

mlp.safetensors + mlp.json
    torch.manual_seed(0); Sequential(Linear(784,256), ReLU, Linear(256,128), ReLU,
    Linear(128,10)) saved under its state_dict keys ("0.weight", "0.bias", "2.weight", ...)
    with metadata {"format": "pt"}. mlp.json holds
    {"generator", "torch_version", "keys": [state_dict keys in order],
     "input": TENSOR [4, 784], "logits": TENSOR [4, 10]}
    where the input is torch.manual_seed(1); randn(4, 784) and the logits are the model's
    output computed in float64 from the float32 weights, rounded to float32.

batchnorm.safetensors + batchnorm.json
    torch.manual_seed(0); Sequential(Linear(8,6), BatchNorm1d(6), ReLU, Linear(6,3)),
    trained 3 SGD steps (lr 0.1, MSE) so that weight, bias, running_mean, running_var
    are not at their defaults and num_batches_tracked (int64, 0-d) is 3. The JSON has the
    same fields; the logits are the eval-mode output for a fixed [5, 8] input.

dtypes.safetensors + dtypes.json
    One tensor per Glubina dtype (F32, F64, I64, BOOL), a 0-d tensor, empty tensors,
    non-ASCII names and a name that needs JSON escapes, and a metadata map.
    dtypes.json: {"metadata": {...}, "tensors": [{"name", "dtype", "shape", "data"}]}
    in file order, data flat row-major (floats as shortest round-trip text).

narrow.safetensors + narrow.json
    Dtypes Glubina reads by widening: F16 and BF16 (to float32), I32, I16, I8, U8
    (to int64). Same JSON layout; "data" holds the exact widened values.

TENSOR = {"shape": [...], "data": [float32 as shortest round-trip text, ...]}
"""

import json
import math
import os
import struct
import sys

import numpy as np
import torch

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tests", "fixtures", "safetensors")

# safetensors dtype name -> (rank in the reference's Dtype enum, element size, torch dtype)
DTYPES = {
    "BOOL": (0, 1, torch.bool),
    "U8": (1, 1, torch.uint8),
    "I8": (2, 1, torch.int8),
    "I16": (5, 2, torch.int16),
    "U16": (6, 2, None),
    "F16": (7, 2, torch.float16),
    "BF16": (8, 2, torch.bfloat16),
    "I32": (9, 4, torch.int32),
    "U32": (10, 4, None),
    "F32": (11, 4, torch.float32),
    "F64": (12, 8, torch.float64),
    "I64": (13, 8, torch.int64),
    "U64": (14, 8, None),
}
TORCH_TO_ST = {v[2]: k for k, v in DTYPES.items() if v[2] is not None}
MAX_HEADER = 100_000_000


# --------------------------------------------------------------------------- format

def tensor_bytes(t):
    t = t.detach().contiguous().cpu()
    if t.dtype in (torch.bfloat16, torch.float16):
        t = t.view(torch.int16)  # numpy has no bfloat16; the bits are what we want
    a = t.numpy()
    return a.astype(a.dtype.newbyteorder("<"), copy=False).tobytes()


def serialize(tensors, metadata=None):
    """Bytes of a safetensors file holding `tensors` (name -> torch.Tensor), laid out
    as the reference writer does (see the module docstring)."""
    items = sorted(tensors.items(), key=lambda kv: (-DTYPES[TORCH_TO_ST[kv[1].dtype]][0], kv[0]))
    header, chunks, offset = {}, [], 0
    if metadata is not None:
        header["__metadata__"] = dict(metadata)
    for name, t in items:
        data = tensor_bytes(t)
        header[name] = {"dtype": TORCH_TO_ST[t.dtype], "shape": list(t.shape),
                        "data_offsets": [offset, offset + len(data)]}
        offset += len(data)
        chunks.append(data)
    text = json.dumps(header, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    text += b" " * ((8 - len(text) % 8) % 8)
    return struct.pack("<Q", len(text)) + text + b"".join(chunks)


def write(path, tensors, metadata=None):
    with open(path, "wb") as f:
        f.write(serialize(tensors, metadata))


def read(path):
    """(tensors in offset order as a dict name -> torch.Tensor, metadata or None, header
    length). Checks what the reference reader checks and raises ValueError otherwise."""
    with open(path, "rb") as f:
        buf = f.read()
    if len(buf) < 8:
        raise ValueError(f"{path}: {len(buf)} bytes, shorter than the 8-byte header length")
    (n,) = struct.unpack("<Q", buf[:8])
    if n > MAX_HEADER or 8 + n > len(buf):
        raise ValueError(f"{path}: header length {n} does not fit the file of {len(buf)} bytes")
    header = json.loads(buf[8:8 + n].decode("utf-8"), object_pairs_hook=_no_duplicates)
    if not isinstance(header, dict):
        raise ValueError(f"{path}: header is not a JSON object")
    metadata = header.pop("__metadata__", None)
    entries = sorted(header.items(), key=lambda kv: tuple(kv[1]["data_offsets"]))
    data, end, out = buf[8 + n:], 0, {}
    for name, info in entries:
        begin, stop = info["data_offsets"]
        st = info["dtype"]
        shape = [int(d) for d in info["shape"]]
        if begin != end or stop < begin:
            raise ValueError(f"{path}: tensor {name!r} at [{begin}, {stop}), expected to start at {end}")
        if stop - begin != math.prod(shape) * DTYPES[st][1]:
            raise ValueError(f"{path}: tensor {name!r} {st} {shape} does not fill [{begin}, {stop})")
        raw = bytearray(data[begin:stop])
        if st in ("F16", "BF16"):
            t = torch.frombuffer(raw, dtype=torch.int16).view(DTYPES[st][2]) if raw else torch.empty(0, dtype=DTYPES[st][2])
        else:
            t = torch.frombuffer(raw, dtype=DTYPES[st][2]) if raw else torch.empty(0, dtype=DTYPES[st][2])
        out[name] = t.reshape(shape).clone()
        end = stop
    if end != len(data):
        raise ValueError(f"{path}: tensors cover {end} bytes of a {len(data)}-byte data buffer")
    return out, metadata, n


def _no_duplicates(pairs):
    d = {}
    for k, v in pairs:
        if k in d:
            raise ValueError(f"duplicate key {k!r} in the header")
        d[k] = v
    return d


# --------------------------------------------------------------------------- JSON values

def fmt_f32(v):
    """Shortest decimal that round-trips to this float32."""
    v = np.float32(v)
    assert math.isfinite(float(v))
    s = str(v)
    if "e" not in s and "." not in s:
        s += ".0"
    assert np.float32(s) == v and np.float32(float(s)) == v, s
    return s


def fmt_value(st, x):
    if st == "BOOL":
        return "true" if bool(x) else "false"
    if st in ("F32", "F16", "BF16"):
        return fmt_f32(float(x))
    if st == "F64":
        s = repr(float(x))
        assert float(s) == float(x)
        return s
    return str(int(x))


def enc_f32_tensor(t):
    data = ",".join(fmt_f32(x) for x in t.detach().reshape(-1).tolist())
    return '{"shape":%s,"data":[%s]}' % (json.dumps(list(t.shape)), data)


def write_model_json(path, keys, x, logits):
    parts = [
        '"generator":"tools/reference/make_safetensors_fixtures.py"',
        '"torch_version":' + json.dumps(torch.__version__),
        '"keys":' + json.dumps(keys, ensure_ascii=False),
        '"input":' + enc_f32_tensor(x),
        '"logits":' + enc_f32_tensor(logits),
    ]
    with open(path, "w", encoding="utf-8") as f:
        f.write("{\n" + ",\n".join(parts) + "\n}\n")


def write_values_json(path, tensors, metadata):
    """Expected values of a dtype fixture, in file (offset) order, read back through read()."""
    back, meta, _ = read(path.replace(".json", ".safetensors"))
    assert meta == metadata
    lines = []
    for name, t in back.items():
        st = TORCH_TO_ST[tensors[name].dtype]
        assert torch.equal(t, tensors[name]), name
        flat = t.reshape(-1)
        values = flat.float().tolist() if st in ("F16", "BF16") else flat.tolist()
        lines.append('{"name":%s,"dtype":"%s","shape":%s,"data":[%s]}' % (
            json.dumps(name, ensure_ascii=False), st, json.dumps(list(t.shape)),
            ",".join(fmt_value(st, v) for v in values)))
    with open(path, "w", encoding="utf-8") as f:
        f.write('{"generator":"tools/reference/make_safetensors_fixtures.py",\n')
        f.write('"metadata":%s,\n' % json.dumps(metadata, ensure_ascii=False))
        f.write('"tensors":[\n' + ",\n".join(lines) + "\n]}\n")


# --------------------------------------------------------------------------- fixtures

def mlp():
    torch.manual_seed(0)
    model = torch.nn.Sequential(
        torch.nn.Linear(784, 256), torch.nn.ReLU(),
        torch.nn.Linear(256, 128), torch.nn.ReLU(),
        torch.nn.Linear(128, 10))
    torch.manual_seed(1)
    x = torch.randn(4, 784)
    state = model.state_dict()
    write(os.path.join(OUT, "mlp.safetensors"), state, {"format": "pt"})
    with torch.no_grad():
        logits = model.double()(x.double()).float()
    write_model_json(os.path.join(OUT, "mlp.json"), list(state.keys()), x, logits)
    check_load(os.path.join(OUT, "mlp.safetensors"), state)


def batchnorm():
    torch.manual_seed(0)
    model = torch.nn.Sequential(
        torch.nn.Linear(8, 6), torch.nn.BatchNorm1d(6), torch.nn.ReLU(), torch.nn.Linear(6, 3))
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    model.train()
    for _ in range(3):
        xb, yb = torch.randn(16, 8) * 2 + 0.5, torch.randn(16, 3)
        opt.zero_grad()
        torch.nn.functional.mse_loss(model(xb), yb).backward()
        opt.step()
    model.eval()
    x = torch.randn(5, 8)
    state = model.state_dict()
    assert state["1.num_batches_tracked"].dtype == torch.int64 and int(state["1.num_batches_tracked"]) == 3
    write(os.path.join(OUT, "batchnorm.safetensors"), state, {"format": "pt"})
    with torch.no_grad():
        logits = model.double()(x.double()).float()
    write_model_json(os.path.join(OUT, "batchnorm.json"), list(state.keys()), x, logits)
    check_load(os.path.join(OUT, "batchnorm.safetensors"), state)


def dtypes():
    g = torch.Generator().manual_seed(2)
    tensors = {
        "f32": torch.randn(2, 3, generator=g),
        "f64": torch.randn(3, 2, generator=g, dtype=torch.float64),
        "i64": torch.tensor([[-(2 ** 62), -1, 0], [1, 7, 2 ** 62 + 12345]], dtype=torch.int64),
        "bool": torch.tensor([True, False, False, True, True]),
        "scalar": torch.tensor(3.25),
        "scalar.i64": torch.tensor(-42, dtype=torch.int64),
        "empty": torch.zeros(0, 4),
        "empty.bool": torch.zeros(2, 0, dtype=torch.bool),
        "слой.вес": torch.tensor([1.5, -2.0]),
        "层.偏置😀": torch.tensor([[0.125]]),
        "esc\"ape\\\n\t\u0001": torch.tensor([1, 0], dtype=torch.bool),
        "f32.4d": torch.arange(24, dtype=torch.float32).reshape(2, 1, 3, 4) / 8,
    }
    metadata = {"format": "pt", "note": "ünïcode ✓", "quote\"key": "line\nbreak"}
    path = os.path.join(OUT, "dtypes.safetensors")
    write(path, tensors, metadata)
    write_values_json(path.replace(".safetensors", ".json"), tensors, metadata)


def narrow():
    g = torch.Generator().manual_seed(3)
    tensors = {
        "f16": (torch.randn(2, 3, generator=g) * 100).half(),
        "f16.special": torch.tensor([0.0, -0.0, 65504.0, 6.1035156e-05, 5.9604645e-08, -1.5]).half(),
        "bf16": (torch.randn(4, generator=g) * 1e6).bfloat16(),
        "i32": torch.tensor([-(2 ** 31), -1, 0, 2 ** 31 - 1], dtype=torch.int32),
        "i16": torch.tensor([-32768, 5, 32767], dtype=torch.int16),
        "i8": torch.tensor([[-128, 127], [0, -3]], dtype=torch.int8),
        "u8": torch.tensor([0, 200, 255], dtype=torch.uint8),
    }
    path = os.path.join(OUT, "narrow.safetensors")
    write(path, tensors, None)
    write_values_json(path.replace(".safetensors", ".json"), tensors, None)


def check_load(path, state):
    back, meta, n = read(path)
    assert n % 8 == 0 and meta == {"format": "pt"}
    assert set(back) == set(state)
    for k, v in state.items():
        assert torch.equal(back[k], v), k


def main():
    os.makedirs(OUT, exist_ok=True)
    mlp()
    batchnorm()
    dtypes()
    narrow()
    for name in sorted(os.listdir(OUT)):
        print(name, os.path.getsize(os.path.join(OUT, name)))


if __name__ == "__main__":
    sys.exit(main())
