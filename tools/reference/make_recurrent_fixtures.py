#!/usr/bin/python3
"""Generate tests/fixtures/recurrent/recurrent.json and embedding.json: forward and backward reference values
for Glubina's Rnn, Lstm, Gru and Embedding, computed by torch.nn.

Every float value (inputs, states, weights, upstream gradients) is drawn from a numpy generator seeded per case
(CRC32 of the case name) and rounded to float32; the module then runs in float64 on those exact values, and
the results are rounded to float32.

Run with Debian's interpreter (see tools/reference/README.md):
    /usr/bin/python3 tools/reference/make_recurrent_fixtures.py
The output is deterministic: two runs give byte-identical files.

recurrent.json
    {"generator", "torch_version", "cases": [CASE, ...]}
    CASE = {"name", "layer": "RNN"|"LSTM"|"GRU",
            "attrs": {"input_size", "hidden_size", "num_layers", "bias", "batch_first", "bidirectional",
                      "nonlinearity"},
            "state": {PyTorch state_dict key: TENSOR},
            "input", "h0", "c0": TENSOR|null (LSTM only), "lengths": int64 TENSOR|null,
            "output", "h_n", "c_n": TENSOR|null,
            "grad_output", "grad_h_n", "grad_c_n": TENSOR|null   upstream gradients,
            "grad_input", "grad_h0", "grad_c0": TENSOR|null,
            "grads": {parameter key: TENSOR}}
    The loss is sum(output·grad_output) + sum(h_n·grad_h_n) (+ sum(c_n·grad_c_n)). With lengths the input is
    packed with pack_padded_sequence(enforce_sorted=False) and the output unpacked with
    pad_packed_sequence(total_length=T): padded output positions are zero and get no gradient.

embedding.json
    {"generator", "torch_version", "cases": [{"name", "num_embeddings", "embedding_dim", "padding_idx": int|null,
      "weight", "indices" (int64), "output", "grad_output", "grad_weight": TENSOR}]}

TENSOR = {"dtype": "float32"|"int64", "shape": [...], "data": [flat row-major]}; floats are the shortest text
that round-trips the float32 value (parse as float, not as double).
"""

import json
import math
import os
import re
import zlib

import numpy as np
import torch
import torch.nn as nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

GENERATOR = "tools/reference/make_recurrent_fixtures.py"
REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT_DIR = os.path.join(REPO_ROOT, "tests", "fixtures", "recurrent")

torch.set_num_threads(1)

JSON_NUMBER = re.compile(r"^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$")


def rng_for(name):
    return np.random.default_rng(zlib.crc32(name.encode("utf-8")))


def normal(rng, shape, scale=1.0):
    return np.asarray(rng.standard_normal(size=tuple(shape)) * scale, dtype=np.float32)


def t64(a):
    return torch.from_numpy(np.asarray(a).astype(np.float64))


def out32(t):
    t = t.detach()
    if t.dtype == torch.int64:
        return np.array(t.numpy(), dtype=np.int64)
    return np.array(t.numpy(), dtype=np.float32)


def fmt_f32(v):
    v = np.float32(v)
    assert math.isfinite(float(v)), "non-finite value in fixtures"
    s = str(v)
    assert JSON_NUMBER.match(s), s
    assert np.float32(s) == v, s
    return s


def enc(a):
    if a is None:
        return "null"
    if isinstance(a, dict):
        return "{" + ",".join(json.dumps(k) + ":" + enc(v) for k, v in a.items()) + "}"
    if isinstance(a, (bool, int, float, str)):
        return json.dumps(a)
    a = np.asarray(a)
    if a.dtype == np.float32:
        dtype, data = "float32", [fmt_f32(x) for x in a.ravel()]
    elif a.dtype == np.int64:
        dtype, data = "int64", [str(int(x)) for x in a.ravel()]
    else:
        raise TypeError(a.dtype)
    return '{"dtype":"%s","shape":%s,"data":[%s]}' % (
        dtype, json.dumps([int(s) for s in a.shape], separators=(",", ":")), ",".join(data))


def write(path, cases):
    lines = ["{" + ",".join(json.dumps(k) + ":" + enc(v) for k, v in c.items()) + "}" for c in cases]
    text = '{"generator":%s,"torch_version":%s,"cases":[\n' % (json.dumps(GENERATOR), json.dumps(torch.__version__)) \
        + ",\n".join(lines) + "\n]}\n"
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


T, N, IN, H = 6, 3, 4, 5
VAR_LENGTHS = [4, 6, 2]   # unsorted, the longest equals T (pad_packed_sequence's total_length)


def recurrent_case(layer, num_layers, bidirectional, batch_first, variable, nonlinearity="tanh", bias=True):
    name = "%s_l%d_%s_%s_%s%s%s" % (layer, num_layers, "bi" if bidirectional else "uni",
                                     "bf" if batch_first else "tf", "var" if variable else "eq",
                                     "_relu" if nonlinearity == "relu" else "", "" if bias else "_nobias")
    rng = rng_for(name)
    cls = {"RNN": nn.RNN, "LSTM": nn.LSTM, "GRU": nn.GRU}[layer]
    kwargs = dict(input_size=IN, hidden_size=H, num_layers=num_layers, bias=bias, batch_first=batch_first,
                  bidirectional=bidirectional)
    if layer == "RNN":
        kwargs["nonlinearity"] = nonlinearity
    m = cls(**kwargs).double()
    state = {}
    for k, v in m.state_dict().items():
        state[k] = normal(rng, v.shape, 0.5)
    m.load_state_dict({k: t64(v) for k, v in state.items()})
    dirs = 2 if bidirectional else 1
    lstm = layer == "LSTM"
    x = normal(rng, [N, T, IN] if batch_first else [T, N, IN])
    h0 = normal(rng, [num_layers * dirs, N, H], 0.5)
    c0 = normal(rng, [num_layers * dirs, N, H], 0.5) if lstm else None
    lengths = np.array(VAR_LENGTHS, dtype=np.int64) if variable else None
    xt = t64(x).requires_grad_(True)
    h0t = t64(h0).requires_grad_(True)
    c0t = t64(c0).requires_grad_(True) if lstm else None
    hx = (h0t, c0t) if lstm else h0t
    if variable:
        packed = pack_padded_sequence(xt, torch.from_numpy(lengths), batch_first=batch_first, enforce_sorted=False)
        out_p, hn = m(packed, hx)
        out, _ = pad_packed_sequence(out_p, batch_first=batch_first, total_length=T)
    else:
        out, hn = m(xt, hx)
    if lstm:
        hn, cn = hn
    else:
        cn = None
    gout = normal(rng, out.shape)
    if variable:   # padded positions get no gradient in PyTorch either; keep the upstream values honest
        for b, L in enumerate(VAR_LENGTHS):
            if batch_first:
                gout[b, L:] = 0
            else:
                gout[L:, b] = 0
    ghn = normal(rng, hn.shape)
    gcn = normal(rng, cn.shape) if lstm else None
    loss = (out * t64(gout)).sum() + (hn * t64(ghn)).sum()
    if lstm:
        loss = loss + (cn * t64(gcn)).sum()
    loss.backward()
    grads = {k: out32(p.grad) for k, p in m.named_parameters()}
    return {
        "name": name, "layer": layer,
        "attrs": {"input_size": IN, "hidden_size": H, "num_layers": num_layers, "bias": bias,
                  "batch_first": batch_first, "bidirectional": bidirectional, "nonlinearity": nonlinearity},
        "state": state, "input": x, "h0": h0, "c0": c0, "lengths": lengths,
        "output": out32(out), "h_n": out32(hn), "c_n": out32(cn) if lstm else None,
        "grad_output": gout, "grad_h_n": ghn, "grad_c_n": gcn,
        "grad_input": out32(xt.grad), "grad_h0": out32(h0t.grad), "grad_c0": out32(c0t.grad) if lstm else None,
        "grads": grads,
    }


def embedding_case(name, num, dim, padding_idx, index_shape):
    rng = rng_for(name)
    m = nn.Embedding(num, dim, padding_idx=padding_idx).double()
    w = normal(rng, [num, dim])
    if padding_idx is not None:
        w[padding_idx] = 0
    m.load_state_dict({"weight": t64(w)})
    idx = rng.integers(0, num, size=tuple(index_shape)).astype(np.int64)
    if padding_idx is not None:
        idx.ravel()[::3] = padding_idx % num
    idx.ravel()[1] = idx.ravel()[0]   # a repeated index: its gradient rows add up
    out = m(torch.from_numpy(idx))
    gout = normal(rng, out.shape)
    (out * t64(gout)).sum().backward()
    return {"name": name, "num_embeddings": num, "embedding_dim": dim, "padding_idx": padding_idx,
            "weight": w, "indices": idx, "output": out32(out), "grad_output": gout, "grad_weight": out32(m.weight.grad)}


def main():
    cases = []
    for layer in ["RNN", "LSTM", "GRU"]:
        for num_layers in [1, 2]:
            for bidirectional in [False, True]:
                for batch_first in [False, True]:
                    for variable in [False, True]:
                        cases.append(recurrent_case(layer, num_layers, bidirectional, batch_first, variable))
    cases.append(recurrent_case("RNN", 2, True, False, True, nonlinearity="relu"))
    cases.append(recurrent_case("RNN", 1, False, True, False, nonlinearity="relu"))
    for layer in ["RNN", "LSTM", "GRU"]:
        cases.append(recurrent_case(layer, 2, True, True, True, bias=False))
    write(os.path.join(OUT_DIR, "recurrent.json"), cases)
    write(os.path.join(OUT_DIR, "embedding.json"), [
        embedding_case("embedding_plain", 7, 4, None, [3, 5]),
        embedding_case("embedding_padding", 6, 3, 0, [2, 3, 4]),
        embedding_case("embedding_padding_negative", 6, 3, -1, [10]),
    ])


if __name__ == "__main__":
    main()
