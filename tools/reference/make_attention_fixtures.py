#!/usr/bin/python3
"""Generate tests/fixtures/attention/attention.json: forward and backward references for Glubina's attention
family (ScaledDotProductAttention, MultiheadAttention, TransformerEncoderLayer, TransformerEncoder) and the residual
networks (ResidualBlock as torchvision's BasicBlock, a small ResNet), computed by PyTorch.

Every float value (inputs, parameters, float masks, upstream gradients) is drawn from a numpy generator seeded
per case (CRC32 of the case name) and rounded to float32; the module then runs in float64 on those exact values,
and outputs and gradients are rounded to float32. Modules run in TRAIN mode with dropout 0, so torch 1.13's
inference "fast path" (a different kernel) is never taken: the reference is the plain math.

Torch 1.13 has no F.scaled_dot_product_attention; the "sdpa" cases compute its definition (PyTorch 2 semantics:
a bool attn_mask marks with True the positions that MAY be attended; a float mask is added; is_causal keeps
j <= i) from matmul/softmax in float64.

Run with Debian's interpreter:  /usr/bin/python3 tools/reference/make_attention_fixtures.py
Deterministic: two runs give byte-identical files.

attention.json = {"generator", "torch_version", "cases": [CASE, ...]}
CASE = {"name", "kind": "sdpa"|"mha"|"encoder_layer"|"encoder"|"residual_block"|"resnet", "attrs": {constructor/call arguments},
        "params": [names in state_dict order], "state": {name: TENSOR} (the full state dict, buffers included),
        "inputs": {"query"[, "key", "value"]: TENSOR}   (self-attention and encoder cases: "query" only),
        "masks": {"attn_mask"|"key_padding_mask": TENSOR},
        "output", "grad_output": TENSOR, "weights", "grad_weights": TENSOR|null,
        "grad_inputs": {name: TENSOR}, "grads": {param: TENSOR}}
The loss whose gradients are given is sum(output * grad_output) + sum(weights * grad_weights).
TENSOR = {"dtype": "float32"|"bool", "shape", "data"}; floats are the shortest text that round-trips float32.
"""

import json
import math
import os
import zlib

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

GENERATOR = "tools/reference/make_attention_fixtures.py"
REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(REPO_ROOT, "tests", "fixtures", "attention", "attention.json")

torch.set_num_threads(1)
torch.use_deterministic_algorithms(True)


def rng_for(name):
    return np.random.default_rng(zlib.crc32(name.encode("utf-8")))


def normal(rng, shape, scale=1.0):
    return np.asarray(rng.standard_normal(size=tuple(shape)) * scale, dtype=np.float32)


def t64(a):
    return torch.from_numpy(np.asarray(a).astype(np.float64))


def fmt_f32(v):
    v = np.float32(v)
    assert math.isfinite(float(v)), "non-finite value in fixtures"
    s = str(v)
    assert np.float32(s) == v, s
    return s


def enc(a):
    if a is None:
        return None
    if isinstance(a, torch.Tensor):
        a = a.detach().numpy()
    a = np.asarray(a)
    if a.dtype == np.bool_:
        return {"dtype": "bool", "shape": list(a.shape), "data": [bool(x) for x in a.ravel()]}
    a = a.astype(np.float32)
    return {"dtype": "float32", "shape": [int(s) for s in a.shape], "data": [RawFloat(fmt_f32(x)) for x in a.ravel()]}


class RawFloat(float):
    """A float that json writes as the given shortest float32 text."""

    def __new__(cls, text):
        obj = float.__new__(cls, float(text))
        obj.text = text
        return obj

    def __repr__(self):
        return self.text


class Encoder(json.JSONEncoder):
    def iterencode(self, o, _one_shot=False):
        # float.__repr__ is used by the C encoder; force the pure-Python path that calls repr() on floats.
        return json.encoder._make_iterencode(
            {}, self.default, json.encoder.encode_basestring_ascii, self.indent, lambda f: repr(f),
            self.key_separator, self.item_separator, self.sort_keys, self.skipkeys, _one_shot)(o, 0)


def random_state(rng, module, scale=0.3):
    state = {}
    with torch.no_grad():
        for name, p in module.named_parameters():
            v = normal(rng, p.shape, scale)
            if name.endswith("norm1.weight") or name.endswith("norm2.weight") or name == "norm.weight" or \
                (p.dim() == 1 and "bn" in name and name.endswith("weight")) or name.endswith("downsample.1.weight"):
                v = np.asarray(1 + v, dtype=np.float32)
            p.copy_(t64(v))
            state[name] = v
    return state


def full_state(module):
    return {k: enc(v.detach().double()) for k, v in module.state_dict().items()}


def finish(case, module, inputs, output, weights, rng):
    go = normal(rng, output.shape)
    loss = (output * t64(go)).sum()
    gw = None
    if weights is not None:
        gw = normal(rng, weights.shape)
        loss = loss + (weights * t64(gw)).sum()
    loss.backward()
    case["output"] = enc(output)
    case["grad_output"] = enc(go)
    case["weights"] = enc(weights)
    case["grad_weights"] = enc(gw)
    case["grad_inputs"] = {k: enc(v.grad) for k, v in inputs.items()}
    case["grads"] = {} if module is None else {n: enc(p.grad) for n, p in module.named_parameters()}
    return case


def leaf(rng, shape):
    return t64(normal(rng, shape)).requires_grad_(True)


def bool_mask(rng, shape, p_blocked, rows_axis_last=True):
    """True = blocked; every row (last axis) keeps at least one unblocked position."""
    m = rng.uniform(size=shape) < p_blocked
    m = m.reshape(-1, shape[-1])
    for r in range(m.shape[0]):
        if m[r].all():
            m[r, rng.integers(shape[-1])] = False
    return m.reshape(shape)


# --------------------------------------------------------------------------- sdpa

def sdpa_case(name, qs, ks, vs, mask=None, is_causal=False, scale=None):
    rng = rng_for(name)
    q, k, v = leaf(rng, qs), leaf(rng, ks), leaf(rng, vs)
    masks = {}
    attn = (q * (scale if scale is not None else 1 / math.sqrt(qs[-1]))) @ k.transpose(-2, -1)
    if mask == "bool":
        allowed = ~bool_mask(rng, (qs[-2], ks[-2]), 0.4)
        masks["attn_mask"] = enc(allowed)
        attn = attn.masked_fill(torch.from_numpy(~allowed), float("-inf"))
    elif mask == "float":
        m = normal(rng, (qs[0], 1, qs[-2], ks[-2]))
        masks["attn_mask"] = enc(m)
        attn = attn + t64(m)
    if is_causal:
        c = torch.ones(qs[-2], ks[-2], dtype=torch.bool).tril(0)
        attn = attn.masked_fill(~c, float("-inf"))
    w = attn.softmax(-1)
    out = w @ v
    case = {"name": name, "kind": "sdpa", "attrs": {"is_causal": is_causal, "scale": scale}, "params": [], "state": {},
            "inputs": {"query": enc(q), "key": enc(k), "value": enc(v)}, "masks": masks}
    return finish(case, None, {"query": q, "key": k, "value": v}, out, w, rng)


# --------------------------------------------------------------------------- mha

def mha_case(name, E, H, L, S, N, batch_first, mode="self", bias=True, kpm=False, attn_mask=None,
             need_weights=True, average=True, unbatched=False):
    rng = rng_for(name)
    m = nn.MultiheadAttention(E, H, dropout=0.0, bias=bias, batch_first=batch_first).double().train()
    state = random_state(rng, m)

    def shape(T):
        if unbatched:
            return (T, E)
        return (N, T, E) if batch_first else (T, N, E)

    q = leaf(rng, shape(L))
    inputs = {"query": q}
    if mode == "self":
        k = v = q
        S = L
    elif mode == "kv":
        k = v = leaf(rng, shape(S))
        inputs["key"] = k
    else:
        k, v = leaf(rng, shape(S)), leaf(rng, shape(S))
        inputs["key"], inputs["value"] = k, v
    masks = {}
    kw = {}
    if kpm:
        km = bool_mask(rng, (S,) if unbatched else (N, S), 0.3)
        masks["key_padding_mask"] = enc(km)
        kw["key_padding_mask"] = torch.from_numpy(km)
    if attn_mask == "bool":
        am = bool_mask(rng, (L, S), 0.3)
        masks["attn_mask"] = enc(am)
        kw["attn_mask"] = torch.from_numpy(am)
    elif attn_mask == "float3d":
        am = normal(rng, (N * H, L, S))
        masks["attn_mask"] = enc(am)
        kw["attn_mask"] = t64(am)
    out, w = m(q, k, v, need_weights=need_weights, average_attn_weights=average, **kw)
    attrs = {"embed_dim": E, "num_heads": H, "bias": bias, "batch_first": batch_first, "mode": mode,
             "need_weights": need_weights, "average_attn_weights": average}
    case = {"name": name, "kind": "mha", "attrs": attrs, "params": [n for n, _ in m.named_parameters()],
            "state": full_state(m), "inputs": {k_: enc(v_) for k_, v_ in inputs.items()},
            "masks": masks}
    return finish(case, m, inputs, out, w, rng)


# --------------------------------------------------------------------------- encoder

def encoder_case(name, E, H, F_, S, N, batch_first, norm_first, activation, kpm=False, src_mask=None,
                 num_layers=None, final_norm=False):
    rng = rng_for(name)
    layer = nn.TransformerEncoderLayer(E, H, dim_feedforward=F_, dropout=0.0, activation=activation,
                                       layer_norm_eps=1e-5, batch_first=batch_first, norm_first=norm_first)
    if num_layers is None:
        m = layer.double().train()
        kind = "encoder_layer"
    else:
        m = nn.TransformerEncoder(layer, num_layers, norm=nn.LayerNorm(E) if final_norm else None,
                                  enable_nested_tensor=False).double().train()
        kind = "encoder"
    state = random_state(rng, m)
    x = leaf(rng, (N, S, E) if batch_first else (S, N, E))
    masks = {}
    kw = {}
    if kpm:
        km = bool_mask(rng, (N, S), 0.3)
        masks["key_padding_mask"] = enc(km)
        kw["src_key_padding_mask"] = torch.from_numpy(km)
    if src_mask == "bool":
        am = bool_mask(rng, (S, S), 0.3)
        masks["attn_mask"] = enc(am)
        kw["mask" if kind == "encoder" else "src_mask"] = torch.from_numpy(am)
    elif src_mask == "float":
        am = normal(rng, (S, S))
        masks["attn_mask"] = enc(am)
        kw["mask" if kind == "encoder" else "src_mask"] = t64(am)
    out = m(x, **kw)
    attrs = {"d_model": E, "nhead": H, "dim_feedforward": F_, "activation": activation, "batch_first": batch_first,
             "norm_first": norm_first, "num_layers": num_layers, "final_norm": final_norm}
    case = {"name": name, "kind": kind, "attrs": attrs, "params": [n for n, _ in m.named_parameters()],
            "state": full_state(m), "inputs": {"query": enc(x)}, "masks": masks}
    return finish(case, m, {"query": x}, out, None, rng)


# --------------------------------------------------------------------------- residual networks (torchvision names)

class BasicBlock(nn.Module):
    def __init__(self, inp, out, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(inp, out, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(out)
        self.conv2 = nn.Conv2d(out, out, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(out)
        self.downsample = (nn.Sequential(nn.Conv2d(inp, out, 1, stride, bias=False), nn.BatchNorm2d(out))
                           if stride != 1 or inp != out else None)

    def forward(self, x):
        y = F.relu(self.bn1(self.conv1(x)))
        y = self.bn2(self.conv2(y))
        return F.relu(y + (x if self.downsample is None else self.downsample(x)))


class SmallResNet(nn.Module):
    def __init__(self, blocks, classes, inp, width):
        super().__init__()
        self.conv1 = nn.Conv2d(inp, width, 3, 1, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(width)
        c = width
        for s, n in enumerate(blocks):
            w = width << s
            layers = []
            for b in range(n):
                layers.append(BasicBlock(c, w, 2 if b == 0 and s > 0 else 1))
                c = w
            setattr(self, f"layer{s + 1}", nn.Sequential(*layers))
        self.stages = len(blocks)
        self.fc = nn.Linear(c, classes)

    def forward(self, x):
        x = F.relu(self.bn1(self.conv1(x)))
        for s in range(self.stages):
            x = getattr(self, f"layer{s + 1}")(x)
        return self.fc(F.adaptive_avg_pool2d(x, 1).flatten(1))


def resnet_case(name, kind, attrs, module, in_shape):
    rng = rng_for(name)
    m = module.double().train()
    random_state(rng, m)
    x = leaf(rng, in_shape)
    out = m(x)
    case = {"name": name, "kind": kind, "attrs": attrs, "params": [n for n, _ in m.named_parameters()],
            "state": full_state(m), "inputs": {"query": enc(x)}, "masks": {}}
    return finish(case, m, {"query": x}, out, None, rng)


def main():
    cases = [
        sdpa_case("sdpa_plain", (2, 3, 4, 8), (2, 3, 5, 8), (2, 3, 5, 6)),
        sdpa_case("sdpa_causal_square", (2, 2, 5, 4), (2, 2, 5, 4), (2, 2, 5, 3), is_causal=True),
        sdpa_case("sdpa_causal_rectangular", (2, 3, 4), (2, 6, 4), (2, 6, 5), is_causal=True),
        sdpa_case("sdpa_bool_mask", (2, 4, 6), (2, 5, 6), (2, 5, 6), mask="bool"),
        sdpa_case("sdpa_float_mask_broadcast", (2, 3, 4, 8), (2, 3, 5, 8), (2, 3, 5, 8), mask="float"),
        sdpa_case("sdpa_scale", (3, 4, 8), (3, 4, 8), (3, 4, 8), scale=0.5),
        mha_case("mha_self_seq_first", 8, 2, 5, 5, 3, False),
        mha_case("mha_self_batch_first", 8, 2, 5, 5, 3, True),
        mha_case("mha_cross_kv_same_batch_first", 12, 3, 4, 6, 2, True, mode="kv"),
        mha_case("mha_cross_distinct_seq_first", 8, 4, 3, 7, 2, False, mode="distinct"),
        mha_case("mha_key_padding_mask", 8, 2, 6, 6, 3, True, kpm=True),
        mha_case("mha_attn_mask_bool", 8, 2, 5, 5, 2, False, attn_mask="bool"),
        mha_case("mha_attn_mask_float_per_head_and_padding", 8, 2, 4, 6, 2, True, mode="kv", kpm=True, attn_mask="float3d"),
        mha_case("mha_weights_per_head", 8, 2, 4, 4, 2, True, average=False),
        mha_case("mha_no_weights_no_bias", 8, 2, 4, 4, 2, False, bias=False, need_weights=False),
        mha_case("mha_unbatched_cross", 8, 2, 3, 5, 1, False, mode="distinct", kpm=True, unbatched=True),
        encoder_case("encoder_layer_post_relu", 8, 2, 16, 5, 3, False, False, "relu"),
        encoder_case("encoder_layer_pre_relu_batch_first", 8, 2, 16, 5, 3, True, True, "relu"),
        encoder_case("encoder_layer_post_gelu_masks", 8, 2, 12, 6, 2, True, False, "gelu", kpm=True, src_mask="bool"),
        encoder_case("encoder_layer_pre_gelu_float_mask", 12, 3, 16, 5, 2, False, True, "gelu", src_mask="float"),
        encoder_case("encoder_2_layers_post_norm_final_norm", 8, 2, 16, 5, 2, True, False, "relu", kpm=True,
                     src_mask="bool", num_layers=2, final_norm=True),
        encoder_case("encoder_2_layers_pre_norm", 8, 2, 16, 4, 3, False, True, "gelu", num_layers=2),
        resnet_case("residual_block_identity", "residual_block", {"in_channels": 4, "out_channels": 4, "stride": 1},
                    BasicBlock(4, 4, 1), (2, 4, 5, 5)),
        resnet_case("residual_block_projection_stride_2", "residual_block", {"in_channels": 3, "out_channels": 6, "stride": 2},
                    BasicBlock(3, 6, 2), (2, 3, 7, 6)),
        resnet_case("resnet_small_2_stages", "resnet", {"blocks": [1, 2], "num_classes": 3, "in_channels": 3, "base_width": 4},
                    SmallResNet([1, 2], 3, 3, 4), (2, 3, 8, 8)),
    ]
    doc = {"generator": GENERATOR, "torch_version": torch.__version__, "cases": cases}
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        f.write(json.dumps(doc, cls=Encoder, separators=(",", ":")))
        f.write("\n")
    print(f"wrote {len(cases)} cases to {OUT}")


if __name__ == "__main__":
    main()
