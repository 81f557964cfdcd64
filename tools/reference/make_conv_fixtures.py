#!/usr/bin/python3
"""Generate tests/fixtures/conv/layers.json: forward and backward reference values for the Glubina.Nn
convolution family (Conv1d, Conv2d, ConvTranspose2d, MaxPool1d/2d, AvgPool1d/2d, AdaptiveAvgPool2d, BatchNorm2d, GroupNorm,
Dropout2d, Upsample), computed by PyTorch's torch.nn modules.

The format is that of tests/fixtures/nn/layers.json (see make_nn_fixtures.py): every float value (inputs,
weights, running statistics, upstream gradients) is drawn from a numpy generator seeded per case (CRC32 of the
case name) and rounded to float32; the module runs in float64 on those exact values, and outputs, gradients and
buffers are rounded to float32. "attrs" uses PyTorch's argument names; a size is an int or a [h, w] list and
padding may be "same"/"valid".

    /usr/bin/python3 tools/reference/make_conv_fixtures.py
The output is deterministic: two runs give byte-identical files.
"""

import json
import math
import os
import re
import zlib

import numpy as np
import torch
import torch.nn as nn

GENERATOR = "tools/reference/make_conv_fixtures.py"
REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(REPO_ROOT, "tests", "fixtures", "conv", "layers.json")

torch.set_num_threads(1)
torch.use_deterministic_algorithms(True)


def rng_for(name):
    return np.random.default_rng(zlib.crc32(name.encode("utf-8")))


def f32(a):
    return np.asarray(a, dtype=np.float32)


def normal(rng, shape, scale=1.0, shift=0.0):
    return f32(rng.standard_normal(size=tuple(shape)) * scale + shift)


def uniform(rng, shape, lo, hi):
    return f32(rng.uniform(lo, hi, size=tuple(shape)))


def t64(a):
    return torch.from_numpy(np.asarray(a).astype(np.float64))


def out32(t):
    t = t.detach()
    if t.dtype == torch.int64:
        return np.array(t.numpy(), dtype=np.int64)
    return np.array(t.numpy(), dtype=np.float32)


JSON_NUMBER = re.compile(r"^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$")


def fmt_f32(v):
    v = np.float32(v)
    assert math.isfinite(float(v)), "non-finite value in fixtures"
    s = str(v)
    assert JSON_NUMBER.match(s), s
    assert np.float32(s) == v and np.float32(float(s)) == v, s
    return s


def enc(a):
    if isinstance(a, dict):
        return "{" + ",".join(json.dumps(k) + ":" + enc(v) for k, v in a.items()) + "}"
    a = np.asarray(a)
    if a.dtype == np.float32:
        dtype, data = "float32", [fmt_f32(x) for x in a.ravel()]
    elif a.dtype == np.int64:
        dtype, data = "int64", [str(int(x)) for x in a.ravel()]
    else:
        raise TypeError(a.dtype)
    assert len(data) == int(np.prod(a.shape, dtype=np.int64)) and len(data) >= 1
    return '{"dtype":"%s","shape":%s,"data":[%s]}' % (
        dtype, json.dumps([int(s) for s in a.shape], separators=(",", ":")), ",".join(data))


def build(layer, a):
    # "attrs" are the torch.nn constructor's keyword arguments (and Glubina's model-file arguments).
    return getattr(nn, layer)(**a)


CASES = []


def layer_case(name, layer, attrs, inputs, training=True, state_draw=None):
    name = layer.lower() + "/" + name
    rng = rng_for(name)
    module = build(layer, attrs).double()
    module.train(training)
    param_names = [n for n, _ in module.named_parameters()]
    state = {}
    with torch.no_grad():
        for key, value in module.state_dict().items():
            if value.dtype == torch.int64:
                state[key] = out32(value)
                continue
            drawn = state_draw(rng, key, value) if state_draw else None
            if drawn is None:
                drawn = normal(rng, value.shape, 0.5) if key in param_names else out32(value)
            state[key] = f32(drawn)
        module.load_state_dict({k: torch.from_numpy(v.astype(np.float64) if v.dtype == np.float32 else v)
                                for k, v in state.items()})
    params = dict(module.named_parameters())
    steps = []
    for x in inputs:
        x = f32(x)
        xt = t64(x).requires_grad_(True)
        y = module(xt)
        go = normal(rng, y.shape)
        leaves = [xt] + [params[n] for n in param_names]
        gs = torch.autograd.grad([y], leaves, [t64(go)])
        steps.append({
            "input": x, "output": out32(y), "grad_output": go, "grad_input": out32(gs[0]),
            "grads": {n: out32(g) for n, g in zip(param_names, gs[1:])},
            "buffers": {n: out32(b) for n, b in module.named_buffers()},
        })
    CASES.append({"name": name, "layer": layer, "attrs": attrs, "training": training,
                  "params": param_names, "state": state, "steps": steps})


def x_for(name, shape):
    return normal(rng_for(name + "/x"), shape)


# ---- Conv2d: stride, padding (numbers, "same" with even/odd kernels, "valid"), dilation, groups, depthwise, 1×1
def conv2d(name, shape, cin, cout, k, stride=1, padding=0, dilation=1, groups=1, bias=True):
    attrs = {"in_channels": cin, "out_channels": cout, "kernel_size": k, "stride": stride, "padding": padding,
             "dilation": dilation, "groups": groups, "bias": bias}
    layer_case(name, "Conv2d", attrs, [x_for("conv2d/" + name, shape)])


conv2d("k3_2x3x7x6", [2, 3, 7, 6], 3, 4, 3)
conv2d("k3_s2_p1_2x3x9x7", [2, 3, 9, 7], 3, 5, 3, stride=2, padding=1)
conv2d("k3x2_s2x1_p1x0_d2x1_2x2x9x6", [2, 2, 9, 6], 2, 3, [3, 2], stride=[2, 1], padding=[1, 0], dilation=[2, 1])
conv2d("k5_lenet_2x1x12x12", [2, 1, 12, 12], 1, 6, 5)
conv2d("k3_p2_d2_nobias_1x3x8x7", [1, 3, 8, 7], 3, 2, 3, padding=2, dilation=2, bias=False)
conv2d("groups2_k3_p1_2x4x6x5", [2, 4, 6, 5], 4, 6, 3, padding=1, groups=2)
conv2d("depthwise_k3_s2_p1_2x4x7x7", [2, 4, 7, 7], 4, 4, 3, stride=2, padding=1, groups=4)
conv2d("depthwise_x2_k3_p1_2x3x5x6", [2, 3, 5, 6], 3, 6, 3, padding=1, groups=3)
conv2d("same_k4_2x2x6x5", [2, 2, 6, 5], 2, 3, 4, padding="same")
conv2d("same_k3_d2_2x2x7x6", [2, 2, 7, 6], 2, 3, 3, padding="same", dilation=2)
conv2d("same_k2x3_1x3x5x5", [1, 3, 5, 5], 3, 2, [2, 3], padding="same")
conv2d("valid_k3_2x2x5x6", [2, 2, 5, 6], 2, 3, 3, padding="valid")
conv2d("pointwise_nobias_2x5x4x3", [2, 5, 4, 3], 5, 3, 1, bias=False)
conv2d("pointwise_s2_2x3x5x5", [2, 3, 5, 5], 3, 4, 1, stride=2)
conv2d("k2_s3_p1_3x2x8x7", [3, 2, 8, 7], 2, 2, 2, stride=3, padding=1)


# ---- Conv1d
def conv1d(name, shape, cin, cout, k, stride=1, padding=0, dilation=1, groups=1, bias=True):
    attrs = {"in_channels": cin, "out_channels": cout, "kernel_size": k, "stride": stride, "padding": padding,
             "dilation": dilation, "groups": groups, "bias": bias}
    layer_case(name, "Conv1d", attrs, [x_for("conv1d/" + name, shape)])


conv1d("k3_p1_2x3x9", [2, 3, 9], 3, 4, 3, padding=1)
conv1d("k4_s2_p2_2x2x11", [2, 2, 11], 2, 3, 4, stride=2, padding=2)
conv1d("groups2_d2_nobias_2x4x10", [2, 4, 10], 4, 2, 3, dilation=2, groups=2, bias=False)
conv1d("same_k4_d2_2x3x8", [2, 3, 8], 3, 2, 4, padding="same", dilation=2)
conv1d("valid_k5_1x2x7", [1, 2, 7], 2, 3, 5, padding="valid")
conv1d("pointwise_2x4x5", [2, 4, 5], 4, 3, 1)


# ---- ConvTranspose2d: stride with output padding, groups with dilation, padding beyond the kernel (crops)
def convtranspose2d(name, shape, cin, cout, k, **attrs):
    layer_case(name, "ConvTranspose2d", {"in_channels": cin, "out_channels": cout, "kernel_size": k, **attrs},
               [x_for("convtranspose2d/" + name, shape)])


convtranspose2d("k3_s2_p1_op1_2x3x4x5", [2, 3, 4, 5], 3, 4, 3, stride=2, padding=1, output_padding=1)
convtranspose2d("k3x2_s1x2_p2x0_g2_d2x1_nobias_2x4x5x4", [2, 4, 5, 4], 4, 6, [3, 2], stride=[1, 2], padding=[2, 0], groups=2,
                dilation=[2, 1], bias=False)
convtranspose2d("k2_s3_p2_1x2x4x4", [1, 2, 4, 4], 2, 3, 2, stride=3, padding=2)
convtranspose2d("k4_s2_p1_dcgan_2x3x3x3", [2, 3, 3, 3], 3, 2, 4, stride=2, padding=1)

# ---- pooling (random normal inputs: no ties)
def pool(layer, name, shape, **attrs):
    layer_case(name, layer, attrs, [x_for(layer.lower() + "/" + name, shape)])


def maxpool2d(name, shape, k, stride=None, padding=0, dilation=1, ceil_mode=False):
    pool("MaxPool2d", name, shape, kernel_size=k, stride=stride, padding=padding, dilation=dilation, ceil_mode=ceil_mode)


maxpool2d("k2_2x3x8x8", [2, 3, 8, 8], 2)
maxpool2d("k2_odd_2x2x7x5", [2, 2, 7, 5], 2)
maxpool2d("k3_s2_p1_2x2x7x6", [2, 2, 7, 6], 3, stride=2, padding=1)
maxpool2d("k3_s1_d2_1x2x7x7", [1, 2, 7, 7], 3, stride=1, dilation=2)
maxpool2d("k2_ceil_2x2x7x5", [2, 2, 7, 5], 2, ceil_mode=True)
maxpool2d("k3_s2_p1_ceil_1x2x8x6", [1, 2, 8, 6], 3, stride=2, padding=1, ceil_mode=True)
maxpool2d("k3x2_s1x2_1x3x6x7", [1, 3, 6, 7], [3, 2], stride=[1, 2])


def maxpool1d(name, shape, k, stride=None, padding=0, dilation=1, ceil_mode=False):
    pool("MaxPool1d", name, shape, kernel_size=k, stride=stride, padding=padding, dilation=dilation, ceil_mode=ceil_mode)


maxpool1d("k2_2x3x9", [2, 3, 9], 2)
maxpool1d("k3_s2_p1_2x2x10", [2, 2, 10], 3, stride=2, padding=1)
maxpool1d("k2_ceil_d2_1x2x9", [1, 2, 9], 2, dilation=2, ceil_mode=True)


def avgpool2d(name, shape, k, stride=None, padding=0, ceil_mode=False, count_include_pad=True):
    pool("AvgPool2d", name, shape, kernel_size=k, stride=stride, padding=padding, ceil_mode=ceil_mode,
         count_include_pad=count_include_pad)


avgpool2d("k2_2x3x8x8", [2, 3, 8, 8], 2)
avgpool2d("k3_s2_p1_2x2x7x6", [2, 2, 7, 6], 3, stride=2, padding=1)
avgpool2d("k3_s2_p1_nopadcount_2x2x7x6", [2, 2, 7, 6], 3, stride=2, padding=1, count_include_pad=False)
avgpool2d("k2_ceil_2x2x7x5", [2, 2, 7, 5], 2, ceil_mode=True)
avgpool2d("k3_s2_p1_ceil_1x2x8x6", [1, 2, 8, 6], 3, stride=2, padding=1, ceil_mode=True)
avgpool2d("k3x2_s1x2_1x3x6x7", [1, 3, 6, 7], [3, 2], stride=[1, 2])


def avgpool1d(name, shape, k, stride=None, padding=0, ceil_mode=False, count_include_pad=True):
    pool("AvgPool1d", name, shape, kernel_size=k, stride=stride, padding=padding, ceil_mode=ceil_mode,
         count_include_pad=count_include_pad)


avgpool1d("k2_2x3x9", [2, 3, 9], 2)
avgpool1d("k3_s2_p1_2x2x10", [2, 2, 10], 3, stride=2, padding=1)
avgpool1d("k3_s2_p1_nopadcount_ceil_1x2x10", [1, 2, 10], 3, stride=2, padding=1, ceil_mode=True, count_include_pad=False)

for name, shape, out in [("3x2_from_7x5", [2, 3, 7, 5], [3, 2]), ("1_global_2x4x5x6", [2, 4, 5, 6], 1),
                         ("4_from_8x8", [1, 2, 8, 8], 4), ("5x3_from_3x7", [1, 2, 3, 7], [5, 3])]:
    pool("AdaptiveAvgPool2d", name, shape, output_size=out)


# ---- BatchNorm2d: per-channel offset and scale, so the running statistics move visibly; two training passes
def bn_input(rng, shape):
    c = shape[1]
    bshape = [1, c] + [1] * (len(shape) - 2)
    return f32(rng.standard_normal(size=tuple(shape)) * rng.uniform(0.5, 3, size=bshape) + rng.uniform(-2, 2, size=bshape))


def bn_affine(rng, key, value):
    if key == "weight":
        return uniform(rng, value.shape, 0.5, 2)
    if key == "bias":
        return normal(rng, value.shape, 0.5)
    return None


def bn_eval_state(rng, key, value):
    if key == "running_mean":
        return normal(rng, value.shape, 1.0)
    if key == "running_var":
        return uniform(rng, value.shape, 0.5, 3)
    return bn_affine(rng, key, value)


BN = {"num_features": 3, "eps": 1e-5, "momentum": 0.1, "affine": True}
rng = rng_for("batchnorm2d/train/x")
layer_case("train_2x3x4x5", "BatchNorm2d", BN, [bn_input(rng, [2, 3, 4, 5]), bn_input(rng, [2, 3, 4, 5])], state_draw=bn_affine)
rng = rng_for("batchnorm2d/train_m03/x")
layer_case("train_momentum0.3_eps1e-3_3x3x3x2", "BatchNorm2d", dict(BN, eps=1e-3, momentum=0.3),
           [bn_input(rng, [3, 3, 3, 2]), bn_input(rng, [3, 3, 3, 2])], state_draw=bn_affine)
rng = rng_for("batchnorm2d/train_noaffine/x")
layer_case("train_noaffine_2x3x3x3", "BatchNorm2d", dict(BN, affine=False),
           [bn_input(rng, [2, 3, 3, 3]), bn_input(rng, [2, 3, 3, 3])])
layer_case("eval_2x3x4x5", "BatchNorm2d", BN, [bn_input(rng_for("batchnorm2d/eval/x"), [2, 3, 4, 5])],
           training=False, state_draw=bn_eval_state)


# ---- GroupNorm
def gn_affine(rng, key, value):
    return uniform(rng, value.shape, 0.5, 2) if key == "weight" else normal(rng, value.shape, 0.5)


for name, groups, channels, shape, affine in [("g2_2x4x3x3", 2, 4, [2, 4, 3, 3], True),
                                               ("g1_2x3x4x2", 1, 3, [2, 3, 4, 2], True),
                                               ("g4_instance_2x4x3x2", 4, 4, [2, 4, 3, 2], True),
                                               ("g3_noaffine_2x6x2x3", 3, 6, [2, 6, 2, 3], False),
                                               ("g2_3d_2x6x5", 2, 6, [2, 6, 5], True)]:
    layer_case(name, "GroupNorm", {"num_groups": groups, "num_channels": channels, "eps": 1e-5, "affine": affine},
               [bn_input(rng_for("groupnorm/" + name + "/x"), shape)], state_draw=gn_affine)

# ---- Upsample, Dropout2d (evaluation: identity)
layer_case("s2_2x3x3x4", "Upsample", {"scale_factor": 2}, [x_for("upsample/s2", [2, 3, 3, 4])])
layer_case("s3_2x2x5", "Upsample", {"scale_factor": 3}, [x_for("upsample/s3", [2, 2, 5])])
layer_case("s1_1x2x2x2", "Upsample", {"scale_factor": 1}, [x_for("upsample/s1", [1, 2, 2, 2])])
layer_case("eval_p0.4_2x3x2x2", "Dropout2d", {"p": 0.4}, [x_for("dropout2d/eval", [2, 3, 2, 2])], training=False)


def write():
    names = [c["name"] for c in CASES]
    assert len(names) == len(set(names)), "duplicate case names"
    lines = []
    for c in CASES:
        parts = [json.dumps(k) + ":" + json.dumps(c[k], separators=(",", ":"))
                 for k in ("name", "layer", "attrs", "training", "params")]
        parts.append('"state":' + enc(c["state"]))
        parts.append('"steps":[' + ",".join(
            "{" + ",".join(json.dumps(sk) + ":" + enc(sv) for sk, sv in s.items()) + "}" for s in c["steps"]) + "]")
        lines.append("{" + ",".join(parts) + "}")
    text = ('{"generator":%s,"torch_version":%s,"cases":[\n' % (json.dumps(GENERATOR), json.dumps(torch.__version__))
            + ",\n".join(lines) + "\n]}\n")
    json.loads(text)
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    print("%-40s %3d cases, %7d bytes" % (os.path.relpath(OUT, REPO_ROOT), len(CASES), len(text)))


write()
