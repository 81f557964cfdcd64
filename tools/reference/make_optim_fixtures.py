#!/usr/bin/python3
"""Generate the optimizer, learning-rate schedule and gradient-clipping fixtures
for tests/Glubina.Tests/Optim, computed by PyTorch.

Run with Debian's interpreter (python3-torch; see tools/reference/README.md):
    /usr/bin/python3 tools/reference/make_optim_fixtures.py
It writes three files, one case per line, and is deterministic (two runs give
byte-identical files):

tests/fixtures/optim/optimizers.json
    {"generator", "torch_version", "cases": [CASE, ...]}
    CASE = {"name", "optimizer": "sgd"|"adam"|"adamw"|"rmsprop"|"adagrad",
            "kwargs": {torch keyword arguments, "betas": [b1, b2]},
            "groups": null | [{"params": [parameter indices], "options": {overrides}}],
            "shapes": [[3,4],[5]], "initial": [[float32, ...] per parameter],
            "lrs": null | [[lr of each group] per step, set before that step],
            "steps": [{"grads": [[float32, ...] | null per parameter],
                       "f32": [[parameter values after the step] ...],
                       "f64": [[...] ...]}]}
    Initial values and gradients are drawn from a numpy generator seeded from a
    CRC32 of the case name and rounded to float32. The "f32" trajectory is torch
    in float32 (so rounding matches a float32 implementation closely); the "f64"
    trajectory runs torch in float64 from the same (exact) float32 inputs. A null
    gradient means p.grad = None for that step (the optimizer skips the
    parameter and its state does not advance). Implementations are the
    single-tensor (foreach=False) ones, the reference algorithms of PyTorch 1.13.

tests/fixtures/optim/schedulers.json
    CASE = {"name", "scheduler": "step"|"multistep"|"exponential"|"cosine"|
            "linear"|"onecycle"|"plateau", "optimizer": "sgd"|"adam",
            "group_lrs": [initial lr per group], "momentum": SGD momentum,
            "args": {torch keyword arguments}, "metrics": null | [metric per step],
            "lrs": [[lr per group] for epoch 0 (after construction) .. n],
            "momenta": null | [[momentum or beta1 per group] for each epoch]}
    Values are Python floats (float64), written as the shortest round-trip text.

tests/fixtures/optim/clipping.json
    CASE = {"name", "kind": "norm"|"value", "max_norm", "norm_type" ("inf" for
            infinity), "clip_value", "shapes", "grads": [[float32] | null],
            "total_norm": float32 | null, "clipped": [[float32] | null]}
    Computed by torch.nn.utils.clip_grad_norm_ / clip_grad_value_ in float32.

float32 values are the shortest decimal that round-trips to the float32 value:
parse them as float (or as double, then cast to float), never use the double.
"""

import json
import math
import os
import re
import sys
import zlib

import numpy as np
import torch

GENERATOR = "tools/reference/make_optim_fixtures.py"
REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT_DIR = os.path.join(REPO_ROOT, "tests", "fixtures", "optim")

torch.set_num_threads(1)
torch.use_deterministic_algorithms(True)

SHAPES = [[3, 4], [5]]
STEPS = 25


def rng_for(name):
    return np.random.default_rng(zlib.crc32(name.encode("utf-8")))


# --------------------------------------------------------------------------- number formatting

JSON_NUMBER = re.compile(r"-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?\Z")


def fmt_f32(v):
    v = np.float32(v)
    assert math.isfinite(float(v)), "non-finite value in fixtures"
    s = str(v)
    assert JSON_NUMBER.match(s), s
    assert np.float32(s) == v and np.float32(float(s)) == v, s
    return s


def fmt_f64(v):
    v = float(v)
    assert math.isfinite(v), "non-finite value in fixtures"
    s = repr(v)
    assert JSON_NUMBER.match(s), s
    assert float(s) == v, s
    return s


def enc_list(a, fmt):
    if a is None:
        return "null"
    return "[" + ",".join(fmt(x) for x in np.asarray(a).ravel()) + "]"


def enc_json(obj):
    return json.dumps(obj, separators=(",", ":"), sort_keys=True)


def write(name, cases):
    text = ('{"generator":%s,"torch_version":%s,"cases":[\n' % (
        json.dumps(GENERATOR), json.dumps(torch.__version__))
        + ",\n".join(cases) + "\n]}\n")
    json.loads(text)
    os.makedirs(OUT_DIR, exist_ok=True)
    path = os.path.join(OUT_DIR, name)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    print("%-18s %3d cases, %7d bytes" % (name, len(cases), len(text.encode("utf-8"))))


# --------------------------------------------------------------------------- optimizers

OPTIMIZERS = {
    "sgd": torch.optim.SGD,
    "adam": torch.optim.Adam,
    "adamw": torch.optim.AdamW,
    "rmsprop": torch.optim.RMSprop,
    "adagrad": torch.optim.Adagrad,
}

# name, optimizer, kwargs, groups (None: one group of all parameters), extras:
#   skip: (step, parameter) pairs whose gradient is None at that step
#   lrs:  function step -> [lr per group] set before that step
SKIP = [(4, 1), (5, 1), (11, 0)]
OPTIMIZER_CASES = [
    ("sgd_plain", "sgd", {"lr": 0.1}, None, {"skip": SKIP}),
    ("sgd_momentum", "sgd", {"lr": 0.05, "momentum": 0.9}, None, {"skip": SKIP}),
    ("sgd_momentum_dampening", "sgd", {"lr": 0.05, "momentum": 0.8, "dampening": 0.3}, None, {}),
    ("sgd_nesterov", "sgd", {"lr": 0.05, "momentum": 0.9, "nesterov": True}, None, {}),
    ("sgd_weight_decay", "sgd", {"lr": 0.05, "momentum": 0.9, "weight_decay": 0.1}, None, {}),
    ("sgd_maximize", "sgd", {"lr": 0.05, "momentum": 0.5, "weight_decay": 0.01, "maximize": True}, None, {}),
    ("sgd_two_groups", "sgd", {"lr": 0.1, "momentum": 0.9},
     [{"params": [0], "options": {}}, {"params": [1], "options": {"lr": 0.01, "momentum": 0.5}}], {}),
    ("sgd_lr_changes", "sgd", {"lr": 0.1, "momentum": 0.9}, None,
     {"lrs": lambda t: [0.1 * 0.9 ** t]}),
    ("adam_default", "adam", {}, None, {"skip": SKIP}),
    ("adam_lr", "adam", {"lr": 0.05}, None, {}),
    ("adam_weight_decay", "adam", {"lr": 0.01, "weight_decay": 0.1}, None, {}),
    ("adam_amsgrad", "adam", {"lr": 0.01, "amsgrad": True}, None, {"skip": SKIP}),
    ("adam_betas_eps", "adam", {"lr": 0.01, "betas": [0.8, 0.99], "eps": 1e-3}, None, {}),
    ("adam_maximize", "adam", {"lr": 0.01, "maximize": True, "weight_decay": 0.05}, None, {}),
    ("adam_two_groups", "adam", {"lr": 0.01},
     [{"params": [0], "options": {"betas": [0.5, 0.9]}}, {"params": [1], "options": {"lr": 0.1, "eps": 1e-4}}],
     {"lrs": lambda t: [0.01 * (1 + t % 3), 0.1 / (1 + t)]}),
    ("adamw_default", "adamw", {}, None, {"skip": SKIP}),
    ("adamw_weight_decay", "adamw", {"lr": 0.02, "weight_decay": 0.5}, None, {}),
    ("adamw_amsgrad", "adamw", {"lr": 0.01, "weight_decay": 0.1, "amsgrad": True, "maximize": True}, None, {}),
    ("rmsprop_default", "rmsprop", {}, None, {"skip": SKIP}),
    ("rmsprop_momentum", "rmsprop", {"lr": 0.01, "momentum": 0.9}, None, {}),
    ("rmsprop_centered", "rmsprop", {"lr": 0.01, "centered": True}, None, {"skip": SKIP}),
    ("rmsprop_centered_momentum_wd", "rmsprop",
     {"lr": 0.005, "alpha": 0.9, "eps": 1e-4, "momentum": 0.5, "centered": True, "weight_decay": 0.1}, None, {}),
    ("rmsprop_maximize", "rmsprop", {"lr": 0.01, "alpha": 0.8, "maximize": True}, None, {}),
    ("adagrad_default", "adagrad", {}, None, {"skip": SKIP}),
    ("adagrad_lr_decay", "adagrad", {"lr": 0.1, "lr_decay": 0.05}, None, {"skip": SKIP}),
    ("adagrad_wd_initial", "adagrad",
     {"lr": 0.05, "weight_decay": 0.1, "initial_accumulator_value": 0.5, "eps": 1e-6}, None, {}),
    ("adagrad_maximize", "adagrad", {"lr": 0.05, "maximize": True},
     [{"params": [1], "options": {"lr": 0.2, "lr_decay": 0.1}}, {"params": [0], "options": {}}], {}),
]


def torch_kwargs(kwargs):
    out = dict(kwargs)
    if "betas" in out:
        out["betas"] = tuple(out["betas"])
    return out


def run_optimizer(optimizer, kwargs, groups, initial, grads, lrs, dtype):
    params = [torch.tensor(x.reshape(shape), dtype=dtype).requires_grad_() for x, shape in zip(initial, SHAPES)]
    if groups is None:
        spec = params
    else:
        spec = [dict({"params": [params[i] for i in g["params"]]}, **torch_kwargs(g["options"])) for g in groups]
    opt = OPTIMIZERS[optimizer](spec, foreach=False, **torch_kwargs(kwargs))
    trajectory = []
    for t, step_grads in enumerate(grads):
        for p, g, shape in zip(params, step_grads, SHAPES):
            p.grad = None if g is None else torch.tensor(g.reshape(shape), dtype=dtype)
        if lrs is not None:
            for group, lr in zip(opt.param_groups, lrs[t]):
                group["lr"] = lr
        opt.step()
        trajectory.append([p.detach().numpy().ravel().copy() for p in params])
    return trajectory


def optimizer_case(name, optimizer, kwargs, groups, extras):
    rng = rng_for(name)
    initial = [rng.standard_normal(size=tuple(s)).astype(np.float32).ravel() for s in SHAPES]
    grads = []
    for t in range(STEPS):
        # The scale changes from step to step so running maxima (amsgrad) and averages matter.
        scale = math.exp(rng.uniform(-1.0, 1.0))
        step = [(scale * rng.standard_normal(size=tuple(s))).astype(np.float32).ravel() for s in SHAPES]
        for (ts, ps) in extras.get("skip", []):
            if ts == t:
                step[ps] = None
        grads.append(step)
    lrs = [extras["lrs"](t) for t in range(STEPS)] if "lrs" in extras else None
    f32 = run_optimizer(optimizer, kwargs, groups, initial, grads, lrs, torch.float32)
    f64 = run_optimizer(optimizer, kwargs, groups, initial, grads, lrs, torch.float64)
    steps = []
    for t in range(STEPS):
        assert all(a.dtype == np.float32 for a in f32[t]) and all(a.dtype == np.float64 for a in f64[t])
        steps.append('{"grads":[%s],"f32":[%s],"f64":[%s]}' % (
            ",".join(enc_list(g, fmt_f32) for g in grads[t]),
            ",".join(enc_list(a, fmt_f32) for a in f32[t]),
            ",".join(enc_list(a, fmt_f64) for a in f64[t])))
    lrs_text = "null" if lrs is None else "[" + ",".join(enc_list(r, fmt_f64) for r in lrs) + "]"
    return ('{"name":%s,"optimizer":%s,"kwargs":%s,"groups":%s,"shapes":%s,"initial":[%s],"lrs":%s,"steps":[%s]}' % (
        json.dumps(name), json.dumps(optimizer), enc_json(kwargs), enc_json(groups), enc_json(SHAPES),
        ",".join(enc_list(x, fmt_f32) for x in initial), lrs_text, ",".join(steps)))


# --------------------------------------------------------------------------- schedules

S = torch.optim.lr_scheduler

PLATEAU_METRICS = [
    1.0, 0.9, 0.8, 0.8, 0.79995, 0.8, 0.81, 0.7, 0.69994, 0.69996,
    0.7, 0.7, 0.7, 0.7, 0.65, 0.66, 0.67, 0.68, 0.69, 0.6,
    0.6, 0.6, 0.6, 0.6, 0.6, 0.55, 0.6, 0.6, 0.6, 0.6,
]
PLATEAU_METRICS_MAX = [
    0.1, 0.2, 0.25, 0.25, 0.2501, 0.26, 0.26, 0.26, 0.27, 0.271,
    0.2715, 0.28, 0.28, 0.28, 0.28, 0.29, 0.3, 0.3, 0.3, 0.3,
    0.3, 0.35, 0.35, 0.35, 0.35, 0.35, 0.35, 0.35, 0.36, 0.36,
]

# name, scheduler, optimizer, group lrs, args, steps (or metrics)
SCHEDULER_CASES = [
    ("step", "step", "sgd", [0.1, 0.02], {"step_size": 3, "gamma": 0.5}, 30),
    ("step_gamma", "step", "adam", [0.01], {"step_size": 7}, 30),
    ("multistep", "multistep", "sgd", [0.1, 0.02], {"milestones": [3, 7, 7, 15], "gamma": 0.1}, 30),
    ("exponential", "exponential", "sgd", [0.1, 0.02], {"gamma": 0.9}, 30),
    ("cosine", "cosine", "sgd", [0.1, 0.02], {"T_max": 10, "eta_min": 0.001}, 30),
    ("cosine_zero_min", "cosine", "adam", [0.01], {"T_max": 7}, 30),
    ("linear_warmup", "linear", "sgd", [0.1, 0.02], {"start_factor": 0.25, "end_factor": 1.0, "total_iters": 8}, 30),
    ("linear_decay", "linear", "sgd", [0.1], {"start_factor": 1.0, "end_factor": 0.1, "total_iters": 10}, 30),
    ("onecycle_cos", "onecycle", "sgd", [0.1, 0.02], {"max_lr": [0.5, 0.1], "total_steps": 30}, 30),
    ("onecycle_linear_three_phase", "onecycle", "adam", [0.01],
     {"max_lr": 0.02, "total_steps": 30, "anneal_strategy": "linear", "three_phase": True,
      "base_momentum": 0.8, "max_momentum": 0.9}, 30),
    ("onecycle_cos_three_phase", "onecycle", "sgd", [0.1],
     {"max_lr": 1.0, "epochs": 5, "steps_per_epoch": 5, "three_phase": True, "pct_start": 0.2}, 25),
    ("onecycle_no_momentum", "onecycle", "sgd", [0.1],
     {"max_lr": 0.3, "total_steps": 24, "pct_start": 0.25, "div_factor": 10.0, "final_div_factor": 100.0,
      "cycle_momentum": False}, 24),
    ("plateau_min_rel", "plateau", "sgd", [0.1, 0.02], {"patience": 2}, PLATEAU_METRICS),
    ("plateau_max_abs_cooldown", "plateau", "sgd", [0.1, 0.02],
     {"mode": "max", "threshold_mode": "abs", "threshold": 0.005, "patience": 1, "cooldown": 2,
      "factor": 0.5, "min_lr": [0.01, 0.005]}, PLATEAU_METRICS_MAX),
    ("plateau_min_abs_min_lr", "plateau", "adam", [0.01],
     {"threshold_mode": "abs", "threshold": 0.02, "patience": 0, "factor": 0.3, "min_lr": 0.0005}, PLATEAU_METRICS),
]

SCHEDULERS = {
    "step": S.StepLR, "multistep": S.MultiStepLR, "exponential": S.ExponentialLR,
    "cosine": S.CosineAnnealingLR, "linear": S.LinearLR, "onecycle": S.OneCycleLR,
    "plateau": S.ReduceLROnPlateau,
}
SGD_MOMENTUM = 0.9


def momenta(opt, optimizer):
    if optimizer == "adam":
        return [g["betas"][0] for g in opt.param_groups]
    return [g["momentum"] for g in opt.param_groups]


def scheduler_case(name, scheduler, optimizer, group_lrs, args, steps):
    params = [torch.zeros(2, requires_grad=True) for _ in group_lrs]
    groups = [{"params": [p], "lr": lr} for p, lr in zip(params, group_lrs)]
    if optimizer == "sgd":
        opt = torch.optim.SGD(groups, lr=group_lrs[0], momentum=SGD_MOMENTUM, foreach=False)
    else:
        opt = torch.optim.Adam(groups, lr=group_lrs[0], foreach=False)
    metrics = steps if isinstance(steps, list) else None
    count = len(metrics) if metrics is not None else steps
    sched = SCHEDULERS[scheduler](opt, **args)
    lrs = [[g["lr"] for g in opt.param_groups]]
    moms = [momenta(opt, optimizer)]
    for t in range(count):
        opt.step()  # no gradients: a no-op that keeps the call order PyTorch expects
        if metrics is not None:
            sched.step(metrics[t])
        else:
            sched.step()
        lrs.append([g["lr"] for g in opt.param_groups])
        moms.append(momenta(opt, optimizer))
    if scheduler != "plateau":
        assert sched.get_last_lr() == lrs[-1]
    cycles = scheduler == "onecycle" and args.get("cycle_momentum", True)
    enc_rows = lambda rows: "[" + ",".join(enc_list(r, fmt_f64) for r in rows) + "]"
    return ('{"name":%s,"scheduler":%s,"optimizer":%s,"group_lrs":%s,"momentum":%s,"args":%s,"metrics":%s,'
            '"lrs":%s,"momenta":%s}' % (
                json.dumps(name), json.dumps(scheduler), json.dumps(optimizer), enc_list(group_lrs, fmt_f64),
                fmt_f64(SGD_MOMENTUM), enc_json(args), "null" if metrics is None else enc_list(metrics, fmt_f64),
                enc_rows(lrs), enc_rows(moms) if cycles else "null"))


# --------------------------------------------------------------------------- clipping

CLIP_SHAPES = [[3, 4], [5], [2]]
CLIP_CASES = [
    # name, kind, max_norm or clip_value, norm_type, parameters without gradient
    ("norm2_clipped", "norm", 1.0, 2.0, []),
    ("norm2_unclipped", "norm", 100.0, 2.0, []),
    ("norm2_skip_none", "norm", 0.5, 2.0, [1]),
    ("norm1", "norm", 2.0, 1.0, []),
    ("norm3", "norm", 1.5, 3.0, []),
    ("norm_inf", "norm", 0.5, "inf", [2]),
    ("value", "value", 0.3, None, [1]),
]


def clip_case(name, kind, limit, norm_type, without):
    rng = rng_for(name)
    grads = [None if i in without else (1.5 * rng.standard_normal(size=tuple(s))).astype(np.float32).ravel()
             for i, s in enumerate(CLIP_SHAPES)]
    params = [torch.zeros(s, requires_grad=True) for s in CLIP_SHAPES]
    for p, g, s in zip(params, grads, CLIP_SHAPES):
        p.grad = None if g is None else torch.tensor(g.reshape(s))
    total = None
    if kind == "norm":
        nt = math.inf if norm_type == "inf" else norm_type
        total = torch.nn.utils.clip_grad_norm_(params, limit, nt)
        assert total.dtype == torch.float32
        total = total.item()
    else:
        torch.nn.utils.clip_grad_value_(params, limit)
    clipped = [None if p.grad is None else p.grad.numpy().ravel().copy() for p in params]
    return ('{"name":%s,"kind":%s,"max_norm":%s,"norm_type":%s,"clip_value":%s,"shapes":%s,"grads":[%s],'
            '"total_norm":%s,"clipped":[%s]}' % (
                json.dumps(name), json.dumps(kind), fmt_f64(limit) if kind == "norm" else "null",
                json.dumps(norm_type), fmt_f64(limit) if kind == "value" else "null", enc_json(CLIP_SHAPES),
                ",".join(enc_list(g, fmt_f32) for g in grads), "null" if total is None else fmt_f32(total),
                ",".join(enc_list(c, fmt_f32) for c in clipped)))


def main():
    for cases in (OPTIMIZER_CASES, SCHEDULER_CASES, CLIP_CASES):
        names = [c[0] for c in cases]
        assert len(set(names)) == len(names), "duplicate case names"
    write("optimizers.json", [optimizer_case(*c) for c in OPTIMIZER_CASES])
    write("schedulers.json", [scheduler_case(*c) for c in SCHEDULER_CASES])
    write("clipping.json", [clip_case(*c) for c in CLIP_CASES])
    print("torch %s -> %s" % (torch.__version__, os.path.relpath(OUT_DIR, REPO_ROOT)))


if __name__ == "__main__":
    sys.exit(main())
