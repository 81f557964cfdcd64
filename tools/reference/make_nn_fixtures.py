#!/usr/bin/python3
"""Generate tests/fixtures/nn/layers.json and tests/fixtures/nn/losses.json: forward and backward
reference values for the Glubina.Nn layers and losses, computed by PyTorch's torch.nn modules.

Every float value (inputs, weights, running statistics, upstream gradients) is drawn from a numpy
generator seeded per case (CRC32 of the case name) and rounded to float32; the module then runs in
float64 on those exact values, and outputs, gradients and buffers are rounded to float32.

Run with Debian's interpreter (see tools/reference/README.md):
    /usr/bin/python3 tools/reference/make_nn_fixtures.py
The output is deterministic: two runs give byte-identical files.

layers.json
    {"generator", "torch_version", "cases": [LAYER_CASE, ...]}
    LAYER_CASE = {"name", "layer", "attrs", "training": bool,
                  "params": [name, ...]            parameter names (PyTorch's, in state_dict order),
                  "state": {name: TENSOR}          the full state_dict loaded before the first step,
                  "steps": [STEP, ...]}            forward passes run one after another
    STEP       = {"input", "output", "grad_output", "grad_input": TENSOR,
                  "grads": {param name: TENSOR}    d(sum(output * grad_output))/d(param) of this step alone,
                  "buffers": {name: TENSOR}}       every buffer after this step
    "layer" is the C# class name; "attrs" holds its constructor arguments (PyTorch names). A
    "Sequential" has attrs {"layers": [{"layer", "attrs"}, ...]}.

losses.json
    {"generator", "torch_version", "cases": [LOSS_CASE, ...]}
    LOSS_CASE = {"name", "loss", "attrs": {"reduction", ...}, "input", "target",
                 "weight": TENSOR|null, "pos_weight": TENSOR|null,
                 "output", "grad_output", "grad_input": TENSOR}
    "grad_input" is d(sum(output * grad_output))/d(input); a scalar output has a 0-d grad_output.

TENSOR = {"dtype": "float32"|"int64", "shape": [...], "data": [flat row-major]}; floats are the
shortest text that round-trips the float32 value (parse as float, not as double).
"""

import json
import math
import os
import re
import sys
import zlib

import numpy as np
import torch
import torch.nn as nn

GENERATOR = "tools/reference/make_nn_fixtures.py"
REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT_DIR = os.path.join(REPO_ROOT, "tests", "fixtures", "nn")

torch.set_num_threads(1)
torch.use_deterministic_algorithms(True)

# --------------------------------------------------------------------------- helpers


def rng_for(name):
    return np.random.default_rng(zlib.crc32(name.encode("utf-8")))


def f32(a):
    return np.asarray(a, dtype=np.float32)


def uniform(rng, shape, lo, hi):
    return f32(rng.uniform(lo, hi, size=tuple(shape)))


def normal(rng, shape, scale=1.0, shift=0.0):
    return f32(rng.standard_normal(size=tuple(shape)) * scale + shift)


def away(rng, shape, lo, hi, points, margin=0.05):
    """Uniform in [lo, hi] with every value at least `margin` from each of `points`."""
    a = uniform(rng, shape, lo, hi)
    for _ in range(10000):
        bad = np.zeros(a.shape, dtype=bool)
        for p in points:
            bad |= np.abs(a.astype(np.float64) - p) < margin
        if not bad.any():
            return a
        a = np.where(bad, uniform(rng, shape, lo, hi), a).astype(np.float32)
    raise RuntimeError("away(): could not draw values")


def t64(a):
    return torch.from_numpy(np.asarray(a).astype(np.float64))


def out32(t):
    t = t.detach()
    if t.dtype == torch.int64:
        return np.array(t.numpy(), dtype=np.int64)  # a copy: the tensor may change later
    return np.array(t.numpy(), dtype=np.float32)


JSON_NUMBER = re.compile(r"^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$")


def fmt_f32(v):
    """Shortest decimal that round-trips to this float32, checked both ways."""
    v = np.float32(v)
    assert math.isfinite(float(v)), "non-finite value in fixtures"
    s = str(v)
    assert JSON_NUMBER.match(s), s
    assert np.float32(s) == v and np.float32(float(s)) == v, s
    if v == 0:
        assert np.signbit(np.float32(s)) == np.signbit(v), s
    return s


def enc(a):
    if a is None:
        return "null"
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


def write(path, cases, keys):
    names = [c["name"] for c in cases]
    assert len(names) == len(set(names)), "duplicate case names"
    lines = []
    for c in cases:
        parts = []
        for k in keys:
            v = c[k]
            if k in ("name", "layer", "loss", "training", "params") or k == "attrs":
                parts.append(json.dumps(k) + ":" + json.dumps(v, separators=(",", ":")))
            elif k == "steps":
                parts.append('"steps":[' + ",".join(
                    "{" + ",".join(json.dumps(sk) + ":" + enc(sv) for sk, sv in s.items()) + "}"
                    for s in v) + "]")
            else:
                parts.append(json.dumps(k) + ":" + enc(v))
        lines.append("{" + ",".join(parts) + "}")
    text = ('{"generator":%s,"torch_version":%s,"cases":[\n' % (
        json.dumps(GENERATOR), json.dumps(torch.__version__)) + ",\n".join(lines) + "\n]}\n")
    json.loads(text)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    print("%-40s %3d cases, %7d bytes" % (os.path.relpath(path, REPO_ROOT), len(cases), len(text)))


# --------------------------------------------------------------------------- layers

def build(layer, attrs):
    """The torch module for a C# layer name and its attrs (PyTorch argument names)."""
    a = attrs
    if layer == "Linear":
        return nn.Linear(a["in_features"], a["out_features"], bias=a["bias"])
    if layer == "BatchNorm1d":
        return nn.BatchNorm1d(a["num_features"], eps=a["eps"], momentum=a["momentum"], affine=a["affine"])
    if layer == "LayerNorm":
        return nn.LayerNorm(a["normalized_shape"], eps=a["eps"], elementwise_affine=a["elementwise_affine"])
    if layer == "ReLU":
        return nn.ReLU()
    if layer == "LeakyReLU":
        return nn.LeakyReLU(a["negative_slope"])
    if layer == "ELU":
        return nn.ELU(a["alpha"])
    if layer == "GELU":
        return nn.GELU(approximate=a["approximate"])
    if layer == "Sigmoid":
        return nn.Sigmoid()
    if layer == "Tanh":
        return nn.Tanh()
    if layer == "SiLU":
        return nn.SiLU()
    if layer == "Softmax":
        return nn.Softmax(dim=a["dim"])
    if layer == "LogSoftmax":
        return nn.LogSoftmax(dim=a["dim"])
    if layer == "Flatten":
        return nn.Flatten(a["start_dim"], a["end_dim"])
    if layer == "Identity":
        return nn.Identity()
    if layer == "Dropout":
        return nn.Dropout(a["p"])
    if layer == "Sequential":
        return nn.Sequential(*[build(s["layer"], s["attrs"]) for s in a["layers"]])
    raise KeyError(layer)


LAYER_CASES = []


def layer_case(name, layer, attrs, inputs, training=True, state_draw=None):
    """Runs `layer` on each of `inputs` (one step each) in float64 from float32-rounded values.
    `state_draw(rng, key, tensor)` gives the initial value of a state entry (default: PyTorch's
    own initial value for buffers, normal(0, 0.5) for parameters)."""
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
            "input": x,
            "output": out32(y),
            "grad_output": go,
            "grad_input": out32(gs[0]),
            "grads": {n: out32(g) for n, g in zip(param_names, gs[1:])},
            "buffers": {n: out32(b) for n, b in module.named_buffers()},
        })
    LAYER_CASES.append({"name": name, "layer": layer, "attrs": attrs, "training": training,
                        "params": param_names, "state": state, "steps": steps})


# Linear
for cname, bias, shape in [("bias_4x3", True, [4, 3]), ("nobias_4x3", False, [4, 3]),
                           ("bias_2x4x3", True, [2, 4, 3])]:
    layer_case(cname, "Linear", {"in_features": 3, "out_features": 5, "bias": bias},
               [normal(rng_for("linear/" + cname + "/x"), shape)])


# BatchNorm1d: inputs with a per-channel offset and scale, so the running statistics move visibly.
def bn_input(rng, shape):
    c = shape[1]
    bshape = [1, c] + [1] * (len(shape) - 2)
    shift = rng.uniform(-2, 2, size=bshape)
    scale = rng.uniform(0.5, 3, size=bshape)
    return f32(rng.standard_normal(size=tuple(shape)) * scale + shift)


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


BN = {"num_features": 4, "eps": 1e-5, "momentum": 0.1, "affine": True}
for cname, shape in [("train_6x4", [6, 4]), ("train_3x4x5", [3, 4, 5])]:
    rng = rng_for("batchnorm1d/" + cname + "/x")
    layer_case(cname, "BatchNorm1d", BN, [bn_input(rng, shape), bn_input(rng, shape)],
               state_draw=bn_affine)
rng = rng_for("batchnorm1d/train_momentum0.3_eps1e-3_6x4/x")
layer_case("train_momentum0.3_eps1e-3_6x4", "BatchNorm1d",
           {"num_features": 4, "eps": 1e-3, "momentum": 0.3, "affine": True},
           [bn_input(rng, [6, 4]), bn_input(rng, [6, 4])], state_draw=bn_affine)
rng = rng_for("batchnorm1d/train_noaffine_5x4/x")
layer_case("train_noaffine_5x4", "BatchNorm1d", dict(BN, affine=False),
           [bn_input(rng, [5, 4]), bn_input(rng, [5, 4])])
for cname, shape in [("eval_6x4", [6, 4]), ("eval_3x4x5", [3, 4, 5])]:
    layer_case(cname, "BatchNorm1d", BN, [bn_input(rng_for("batchnorm1d/" + cname + "/x"), shape)],
               training=False, state_draw=bn_eval_state)


# LayerNorm
def ln_affine(rng, key, value):
    if key == "weight":
        return uniform(rng, value.shape, 0.5, 2)
    return normal(rng, value.shape, 0.5)


for cname, nshape, shape, affine in [("over5_4x5", [5], [4, 5], True),
                                     ("over3x4_2x3x4", [3, 4], [2, 3, 4], True),
                                     ("over5_noaffine_2x3x5", [5], [2, 3, 5], False)]:
    rng = rng_for("layernorm/" + cname + "/x")
    layer_case(cname, "LayerNorm", {"normalized_shape": nshape, "eps": 1e-5, "elementwise_affine": affine},
               [normal(rng, shape, 1.5, 0.7)], state_draw=ln_affine)

# Activations and shape layers. Inputs of kinked functions stay 0.05 away from the kink.
ACTS = [
    ("ReLU", {}, "away0"),
    ("LeakyReLU", {"negative_slope": 0.2}, "away0"),
    ("LeakyReLU", {"negative_slope": 0.01}, "away0"),
    ("ELU", {"alpha": 0.5}, "away0"),
    ("ELU", {"alpha": 1.0}, "away0"),
    ("GELU", {"approximate": "none"}, "u3"),
    ("GELU", {"approximate": "tanh"}, "u3"),
    ("Sigmoid", {}, "u3"),
    ("Tanh", {}, "u3"),
    ("SiLU", {}, "u3"),
    ("Identity", {}, "u3"),
]
for layer, attrs, kind in ACTS:
    for shape in ([3, 4], [2, 3, 5]):
        tag = "_".join("%s%g" % (k, v) if isinstance(v, float) else "%s_%s" % (k, v) for k, v in attrs.items())
        cname = (tag + "_" if tag else "") + "x".join(map(str, shape))
        rng = rng_for(layer.lower() + "/" + cname + "/x")
        x = away(rng, shape, -3, 3, [0.0]) if kind == "away0" else uniform(rng, shape, -3, 3)
        layer_case(cname, layer, attrs, [x])

for layer in ("Softmax", "LogSoftmax"):
    for dim, shape in [(1, [3, 5]), (-1, [3, 5]), (0, [3, 5]), (1, [2, 3, 4]), (-1, [2, 3, 4])]:
        cname = "dim%d_%s" % (dim, "x".join(map(str, shape)))
        layer_case(cname, layer, {"dim": dim}, [uniform(rng_for(layer + cname), shape, -3, 3)])

for cname, sd, ed, shape in [("default_2x3x4", 1, -1, [2, 3, 4]), ("0_1_2x3x4", 0, 1, [2, 3, 4]),
                             ("1_2_2x3x2x2", 1, 2, [2, 3, 2, 2])]:
    layer_case(cname, "Flatten", {"start_dim": sd, "end_dim": ed},
               [normal(rng_for("flatten/" + cname), shape)])

layer_case("eval_p0.3_3x4", "Dropout", {"p": 0.3}, [normal(rng_for("dropout/eval"), [3, 4])], training=False)

layer_case("mlp_3_4_2", "Sequential", {"layers": [
    {"layer": "Linear", "attrs": {"in_features": 3, "out_features": 4, "bias": True}},
    {"layer": "ReLU", "attrs": {}},
    {"layer": "Linear", "attrs": {"in_features": 4, "out_features": 2, "bias": True}},
    {"layer": "LogSoftmax", "attrs": {"dim": 1}},
]}, [normal(rng_for("sequential/mlp/x"), [5, 3])])

layer_case("linear_bn_tanh", "Sequential", {"layers": [
    {"layer": "Linear", "attrs": {"in_features": 3, "out_features": 4, "bias": False}},
    {"layer": "BatchNorm1d", "attrs": BN},
    {"layer": "Tanh", "attrs": {}},
]}, [normal(rng_for("sequential/lbt/x1"), [6, 3]), normal(rng_for("sequential/lbt/x2"), [6, 3])])


# --------------------------------------------------------------------------- losses

LOSS_CASES = []
REDUCTIONS = ("mean", "sum", "none")


def loss_case(name, loss, attrs, x, target, fn, weight=None, pos_weight=None):
    name = loss.lower() + "/" + name
    rng = rng_for(name + "#grad")
    x = f32(x)
    xt = t64(x).requires_grad_(True)
    tt = t64(target) if np.asarray(target).dtype == np.float32 else torch.from_numpy(np.asarray(target).copy())
    y = fn(xt, tt)
    go = normal(rng, y.shape)
    (g,) = torch.autograd.grad([y], [xt], [t64(go)])
    LOSS_CASES.append({"name": name, "loss": loss, "attrs": attrs, "input": x, "target": np.asarray(target),
                       "weight": weight, "pos_weight": pos_weight,
                       "output": out32(y), "grad_output": go, "grad_input": out32(g)})


def opt64(a):
    return None if a is None else t64(a)


# Regression losses: differences kept 0.05 away from every kink (0, beta, delta).
for loss, param, values in [("MseLoss", None, [None]), ("L1Loss", None, [None]),
                            ("SmoothL1Loss", "beta", [1.0, 0.5]), ("HuberLoss", "delta", [1.0, 2.0])]:
    for v in values:
        for red in REDUCTIONS:
            for shape in ([3, 4], [2, 3, 2]):
                tag = ("" if v is None else "%s%g_" % (param, v)) + red + "_" + "x".join(map(str, shape))
                rng = rng_for(loss + "/" + tag)
                target = normal(rng, shape)
                kinks = [0.0] + ([] if v is None else [v, -v])
                d = away(rng, shape, -3.5, 3.5, kinks)
                x = f32(target.astype(np.float64) + d)
                dd = x.astype(np.float64) - target.astype(np.float64)
                assert np.all(np.abs(np.abs(dd)[..., None] - np.array([0.0] + ([] if v is None else [v]))) > 0.04)
                attrs = {"reduction": red}
                if v is not None:
                    attrs[param] = v
                if loss == "MseLoss":
                    mod = nn.MSELoss(reduction=red)
                elif loss == "L1Loss":
                    mod = nn.L1Loss(reduction=red)
                elif loss == "SmoothL1Loss":
                    mod = nn.SmoothL1Loss(reduction=red, beta=v)
                else:
                    mod = nn.HuberLoss(reduction=red, delta=v)
                loss_case(tag, loss, attrs, x, target, mod)


# BCE on probabilities, including values near 0 and 1 and hard 0/1 targets.
def bce_inputs(rng, shape):
    x = uniform(rng, shape, 0.02, 0.98).ravel()
    near = f32([1e-6, 1e-4, 0.001, 0.999, 0.9999, 0.99999])
    x[:len(near)] = near
    rng.shuffle(x)
    t = uniform(rng, shape, 0, 1).ravel()
    t[::3] = np.round(t[::3])
    return x.reshape(shape), t.reshape(shape)


# Exactly 0 and 1 (a saturated sigmoid): PyTorch clamps each log at -100 and its gradient is
# (x - y) / max(x (1 - x), 1e-12), finite (about 1e12, or 0 where x = y).
BCE_EDGE_X = f32([[0, 1, 0, 1], [0, 1, 0.5, 0.25], [1e-6, 0.99999, 0.7, 0.1]])
BCE_EDGE_T = f32([[1, 0, 0, 1], [0.25, 0.75, 1, 0], [1, 0, 0.5, 0.3]])
for red in REDUCTIONS:
    for wname, w in [("noweight", None), ("weight4", uniform(rng_for("bceloss/edges/w"), [4], 0.2, 2))]:
        loss_case("edges_%s_%s_3x4" % (wname, red), "BceLoss", {"reduction": red}, BCE_EDGE_X, BCE_EDGE_T,
                  nn.BCELoss(weight=opt64(w), reduction=red), weight=w)

for red in REDUCTIONS:
    for wname, wshape in [("noweight", None), ("weight4", [4]), ("weight3x4", [3, 4])]:
        cname = "%s_%s_3x4" % (wname, red)
        rng = rng_for("bceloss/" + cname)
        x, t = bce_inputs(rng, [3, 4])
        w = None if wshape is None else uniform(rng, wshape, 0.2, 2)
        loss_case(cname, "BceLoss", {"reduction": red}, x, t,
                  nn.BCELoss(weight=opt64(w), reduction=red), weight=w)


# BCE with logits: large |logits| included; pos_weight per class, weight per class.
def logits_inputs(rng, shape):
    x = uniform(rng, shape, -4, 4).ravel()
    big = f32([30, -30, 80, -80, 15, -15])
    x[:len(big)] = big
    rng.shuffle(x)
    t = uniform(rng, shape, 0, 1).ravel()
    t[::2] = np.round(t[::2])
    return x.reshape(shape), t.reshape(shape)


for red in REDUCTIONS:
    for cname0, has_w, has_pw in [("plain", False, False), ("posweight", False, True),
                                  ("weight", True, False), ("weight_posweight", True, True)]:
        cname = "%s_%s_3x4" % (cname0, red)
        rng = rng_for("bcewithlogitsloss/" + cname)
        x, t = logits_inputs(rng, [3, 4])
        w = uniform(rng, [4], 0.2, 2) if has_w else None
        pw = uniform(rng, [4], 0.3, 3) if has_pw else None
        loss_case(cname, "BceWithLogitsLoss", {"reduction": red}, x, t,
                  nn.BCEWithLogitsLoss(weight=opt64(w), pos_weight=opt64(pw), reduction=red),
                  weight=w, pos_weight=pw)


def log_probs(rng, shape):
    return out32(torch.log_softmax(t64(uniform(rng, shape, -3, 3)), dim=1))


# NLL on log-probabilities.
NLL_VARIANTS = [
    # name, weight, ignore_index, [N, C] or [N, C, d], positions of ignored targets
    ("plain", False, -100, [5, 4], []),
    ("weight", True, -100, [5, 4], []),
    ("ignore", False, -100, [5, 4], [1, 3]),
    ("ignore2", False, 2, [6, 4], None),
    ("weight_ignore", True, -100, [5, 4], [0, 4]),
    ("nd", False, -100, [3, 4, 5], []),
    ("nd_weight_ignore", True, -100, [3, 4, 5], [2, 7, 11]),
]


def class_targets(rng, shape, classes, ignore_index, ignored):
    tshape = [shape[0]] + shape[2:]
    t = rng.integers(0, classes, size=tuple(tshape)).astype(np.int64).ravel()
    if ignored is None:  # custom ignore index that is a real class: make sure some rows use it, some not
        t[::3] = ignore_index
        if np.all(t == ignore_index):
            t[1] = (ignore_index + 1) % classes
    else:
        for p in ignored:
            t[p] = ignore_index
    return t.reshape(tshape)


for vname, has_w, ii, shape, ignored in NLL_VARIANTS:
    for red in REDUCTIONS:
        cname = "%s_%s_%s" % (vname, red, "x".join(map(str, shape)))
        rng = rng_for("nllloss/" + cname)
        x = log_probs(rng, shape)
        t = class_targets(rng, shape, shape[1], ii, ignored)
        w = uniform(rng, [shape[1]], 0.2, 2) if has_w else None
        loss_case(cname, "NllLoss", {"reduction": red, "ignore_index": ii}, x, t,
                  nn.NLLLoss(weight=opt64(w), ignore_index=ii, reduction=red), weight=w)

# Cross-entropy on logits.
CE_VARIANTS = [
    # name, target kind, weight, ignore_index, ignored positions, smoothing, shape
    ("idx", "index", False, -100, [], 0.0, [5, 4]),
    ("idx_weight", "index", True, -100, [], 0.0, [5, 4]),
    ("idx_ignore", "index", False, -100, [1, 3], 0.0, [5, 4]),
    ("idx_ignore2", "index", False, 2, None, 0.0, [6, 4]),
    ("idx_weight_ignore", "index", True, -100, [0, 2], 0.0, [5, 4]),
    ("idx_smooth0.1", "index", False, -100, [], 0.1, [5, 4]),
    ("idx_smooth0.1_weight", "index", True, -100, [], 0.1, [5, 4]),
    ("idx_smooth0.1_ignore", "index", False, -100, [1, 4], 0.1, [5, 4]),
    ("idx_smooth0.1_weight_ignore", "index", True, -100, [1, 4], 0.1, [5, 4]),
    ("idx_nd", "index", False, -100, [], 0.0, [3, 4, 5]),
    ("idx_nd_weight_ignore", "index", True, -100, [2, 7, 11], 0.0, [3, 4, 5]),
    ("idx_nd_smooth0.1_weight_ignore", "index", True, -100, [2, 7, 11], 0.1, [3, 4, 5]),
    ("prob", "prob", False, -100, [], 0.0, [5, 4]),
    ("prob_smooth0.1", "prob", False, -100, [], 0.1, [5, 4]),
    ("prob_weight", "prob", True, -100, [], 0.0, [5, 4]),
    ("prob_smooth0.1_weight", "prob", True, -100, [], 0.1, [5, 4]),
    ("prob_nd", "prob", False, -100, [], 0.0, [3, 4, 5]),
    ("prob_nd_smooth0.1_weight", "prob", True, -100, [], 0.1, [3, 4, 5]),
]

for vname, kind, has_w, ii, ignored, ls, shape in CE_VARIANTS:
    for red in REDUCTIONS:
        cname = "%s_%s_%s" % (vname, red, "x".join(map(str, shape)))
        rng = rng_for("crossentropyloss/" + cname)
        x = uniform(rng, shape, -3, 3)
        if kind == "index":
            t = class_targets(rng, shape, shape[1], ii, ignored)
        else:
            t = out32(torch.softmax(t64(uniform(rng, shape, -2, 2)), dim=1))
        w = uniform(rng, [shape[1]], 0.2, 2) if has_w else None
        attrs = {"reduction": red, "ignore_index": ii, "label_smoothing": ls}
        loss_case(cname, "CrossEntropyLoss", attrs, x, t,
                  nn.CrossEntropyLoss(weight=opt64(w), ignore_index=ii, reduction=red, label_smoothing=ls),
                  weight=w)


def main():
    write(os.path.join(OUT_DIR, "layers.json"), LAYER_CASES,
          ["name", "layer", "attrs", "training", "params", "state", "steps"])
    write(os.path.join(OUT_DIR, "losses.json"), LOSS_CASES,
          ["name", "loss", "attrs", "input", "target", "weight", "pos_weight", "output", "grad_output",
           "grad_input"])
    counts = {}
    for c in LAYER_CASES:
        counts[c["layer"]] = counts.get(c["layer"], 0) + 1
    for c in LOSS_CASES:
        counts[c["loss"]] = counts.get(c["loss"], 0) + 1
    for k in sorted(counts):
        print("  %-20s %d" % (k, counts[k]))
    print("torch", torch.__version__)


if __name__ == "__main__":
    sys.exit(main())
