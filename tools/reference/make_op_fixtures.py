#!/usr/bin/python3
"""Generate tests/fixtures/ops.json: forward and backward reference values for
the op catalog test, computed by PyTorch.

Inputs are drawn from a numpy generator seeded per case (from the case name),
rounded to float32, then the op and its gradient are computed by torch in
float64 from those exact values, and outputs/gradients are rounded to float32.

Run with Debian's interpreter (see tools/reference/README.md):
    /usr/bin/python3 tools/reference/make_op_fixtures.py
The output is deterministic: two runs give byte-identical files.
"""

import collections
import json
import math
import os
import re
import sys
import zlib

import numpy as np
import torch
import torch.nn.functional as F

GENERATOR = "tools/reference/make_op_fixtures.py"
REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT_PATH = os.path.join(REPO_ROOT, "tests", "fixtures", "ops.json")

torch.set_num_threads(1)
torch.use_deterministic_algorithms(True)

CASES = []


# --------------------------------------------------------------------------- input helpers

def rng_for(name):
    return np.random.default_rng(zlib.crc32(name.encode("utf-8")))


def f32(a):
    return np.asarray(a, dtype=np.float32)


def uniform(rng, shape, lo, hi):
    return f32(rng.uniform(lo, hi, size=tuple(shape)))


def normal(rng, shape):
    return f32(rng.standard_normal(size=tuple(shape)))


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


def distinct(rng, shape, lo, hi, gap=1e-3):
    """Uniform values, all pairwise at least `gap` apart (no ties anywhere)."""
    for _ in range(10000):
        a = uniform(rng, shape, lo, hi)
        s = np.sort(a.astype(np.float64).ravel())
        if s.size < 2 or np.min(np.diff(s)) >= gap:
            return a
    raise RuntimeError("distinct(): could not draw values")


def positive_or_negative(rng, shape, lo, hi):
    """|x| in [lo, hi] with a random sign."""
    mag = rng.uniform(lo, hi, size=tuple(shape))
    sign = np.where(rng.random(size=tuple(shape)) < 0.5, -1.0, 1.0)
    return f32(mag * sign)


def pair_apart(rng, sa, sb, lo, hi, gap=1e-3):
    """Two tensors whose broadcast pairs differ by at least `gap`."""
    for _ in range(10000):
        a = uniform(rng, sa, lo, hi)
        b = uniform(rng, sb, lo, hi)
        d = np.abs(a.astype(np.float64) - b.astype(np.float64))
        if d.size == 0 or d.min() >= gap:
            return a, b
    raise RuntimeError("pair_apart(): could not draw values")


def bool_mask(rng, shape):
    """Random bool tensor with both values present (when it has >= 2 elements)."""
    for _ in range(10000):
        m = rng.random(size=tuple(shape)) < 0.5
        if m.size < 2 or (m.any() and not m.all()):
            return np.asarray(m, dtype=bool)
    raise RuntimeError("bool_mask(): could not draw values")


def ints(a):
    return np.asarray(a, dtype=np.int64)


# --------------------------------------------------------------------------- case builder

def to_torch(a):
    if a.dtype == np.float32:
        return torch.from_numpy(a.astype(np.float64)).requires_grad_(True)
    if a.dtype == np.int64:
        return torch.from_numpy(a.copy())
    if a.dtype == np.bool_:
        return torch.from_numpy(a.copy())
    raise TypeError(a.dtype)


def from_torch(t):
    t = t.detach()
    if t.dtype in (torch.float64, torch.float32):
        return f32(t.numpy())
    if t.dtype == torch.int64:
        return ints(t.numpy())
    if t.dtype == torch.bool:
        return np.asarray(t.numpy(), dtype=bool)
    raise TypeError(t.dtype)


def add(op, name, attrs, inputs, fn, differentiable=True):
    """Record one case. `fn` maps the torch inputs to a tensor or a tuple of tensors."""
    name = op + "/" + name
    rng = rng_for(name + "#grad")
    inputs = [np.asarray(a) for a in inputs]
    tin = [to_torch(a) for a in inputs]
    out = fn(*tin)
    outs = list(out) if isinstance(out, (tuple, list)) else [out]
    outs_np = [from_torch(o) for o in outs]

    grad_outputs = [None] * len(outs)
    grads = [None] * len(inputs)
    if differentiable:
        diff_out = [i for i, o in enumerate(outs) if o.dtype.is_floating_point]
        diff_in = [i for i, t in enumerate(tin) if t.dtype.is_floating_point]
        assert diff_out and diff_in, name
        for i in diff_out:
            grad_outputs[i] = normal(rng, outs[i].shape)
        gs = torch.autograd.grad(
            [outs[i] for i in diff_out],
            [tin[i] for i in diff_in],
            [torch.from_numpy(grad_outputs[i].astype(np.float64)) for i in diff_out],
            allow_unused=True)
        for i, g in zip(diff_in, gs):
            if g is None:  # input does not influence the output: gradient is zero
                g = torch.zeros_like(tin[i])
            assert tuple(g.shape) == tuple(tin[i].shape), name
            grads[i] = from_torch(g)

    CASES.append({
        "op": op,
        "name": name,
        "attrs": attrs,
        "inputs": inputs,
        "outputs": outs_np,
        "grad_outputs": grad_outputs,
        "grads": grads,
    })


# --------------------------------------------------------------------------- binary

BINARY_SHAPES = [
    ("same_shape", [3, 4], [3, 4]),
    ("broadcast_row", [3, 4], [4]),
    ("broadcast_3d", [2, 1, 4], [3, 1]),
    ("scalar_rhs", [3, 4], []),
    ("broadcast_lhs", [4], [2, 3, 4]),
]


def binary_inputs(op, rng, sa, sb):
    if op in ("add", "sub", "mul"):
        return uniform(rng, sa, -2, 2), uniform(rng, sb, -2, 2)
    if op == "div":
        return uniform(rng, sa, -2, 2), positive_or_negative(rng, sb, 0.5, 2)
    if op == "pow":
        return uniform(rng, sa, 0.5, 2), uniform(rng, sb, -2, 2)
    if op in ("minimum", "maximum"):
        return pair_apart(rng, sa, sb, -2, 2)
    raise KeyError(op)


BINARY_FNS = {
    "add": torch.add,
    "sub": torch.sub,
    "mul": torch.mul,
    "div": torch.div,
    "pow": torch.pow,
    "minimum": torch.minimum,
    "maximum": torch.maximum,
}

for op, fn in BINARY_FNS.items():
    for cname, sa, sb in BINARY_SHAPES:
        a, b = binary_inputs(op, rng_for(op + "/" + cname), sa, sb)
        add(op, cname, {}, [a, b], fn)


# --------------------------------------------------------------------------- comparisons

COMPARE_FNS = {"eq": torch.eq, "ne": torch.ne, "lt": torch.lt, "le": torch.le,
               "gt": torch.gt, "ge": torch.ge}

for op, fn in COMPARE_FNS.items():
    for cname, sa, sb in [("broadcast_row", [3, 4], [4]), ("same_shape", [2, 3], [2, 3])]:
        rng = rng_for(op + "/" + cname)
        a = uniform(rng, sa, -2, 2)
        b = uniform(rng, sb, -2, 2)
        # Make about a third of the elements equal on purpose (checks the tie behaviour).
        bb = np.broadcast_to(b, a.shape)
        tie = np.zeros(a.shape, dtype=bool)
        tie.ravel()[::3] = True
        a = np.where(tie, bb, a).astype(np.float32)
        add(op, cname, {}, [a, b], fn, differentiable=False)


# --------------------------------------------------------------------------- unary

def unary(op, attrs_list, draw, fn, shapes=([3, 4], [2, 3, 5]), differentiable=True,
          tag=None):
    for attrs in attrs_list:
        for shape in shapes:
            parts = [] if tag is None else [tag(attrs)]
            parts.append("x".join(str(s) for s in shape) if shape else "scalar")
            cname = "_".join(parts)
            rng = rng_for(op + "/" + cname)
            x = draw(rng, shape, attrs)
            add(op, cname, dict(attrs), [x], lambda t, a=attrs: fn(t, a),
                differentiable=differentiable)


def u(lo, hi):
    return lambda rng, shape, attrs: uniform(rng, shape, lo, hi)


def away0(lo=-2, hi=2):
    return lambda rng, shape, attrs: away(rng, shape, lo, hi, [0.0])


unary("neg", [{}], u(-2, 2), lambda t, a: torch.neg(t))
unary("exp", [{}], u(-2, 2), lambda t, a: torch.exp(t), shapes=([3, 4], [2, 3, 5], []))
unary("log", [{}], u(0.5, 2), lambda t, a: torch.log(t))
unary("log1p", [{}], u(-0.5, 2), lambda t, a: torch.log1p(t))
unary("sqrt", [{}], u(0.5, 2), lambda t, a: torch.sqrt(t))
unary("rsqrt", [{}], u(0.5, 2), lambda t, a: torch.rsqrt(t))
unary("abs", [{}], away0(), lambda t, a: torch.abs(t))
unary("sign", [{}], away0(), lambda t, a: torch.sign(t), differentiable=False)
unary("relu", [{}], away0(), lambda t, a: torch.relu(t))
unary("sigmoid", [{}], u(-3, 3), lambda t, a: torch.sigmoid(t))
unary("tanh", [{}], u(-3, 3), lambda t, a: torch.tanh(t))
unary("silu", [{}], u(-3, 3), lambda t, a: F.silu(t))

unary("softplus", [{"beta": 1.0, "threshold": 20.0}], u(-3, 3),
      lambda t, a: F.softplus(t, beta=a["beta"], threshold=a["threshold"]))


def softplus_beta2(rng, shape, attrs):
    # Mostly ordinary values, plus a few above threshold/beta = 10 (the linear branch),
    # kept away from the switch point.
    x = uniform(rng, shape, -3, 3)
    x.ravel()[::4] = away(rng, x.ravel()[::4].shape, 11, 14, [])
    return x


unary("softplus", [{"beta": 2.0, "threshold": 20.0}], softplus_beta2,
      lambda t, a: F.softplus(t, beta=a["beta"], threshold=a["threshold"]),
      shapes=([3, 4],), tag=lambda a: "beta2")

unary("gelu", [{"approximate": "none"}, {"approximate": "tanh"}], u(-3, 3),
      lambda t, a: F.gelu(t, approximate=a["approximate"]), tag=lambda a: a["approximate"])
unary("elu", [{"alpha": 1.0}, {"alpha": 0.5}], away0(),
      lambda t, a: F.elu(t, alpha=a["alpha"]), tag=lambda a: "alpha%g" % a["alpha"])
unary("leaky_relu", [{"negative_slope": 0.01}, {"negative_slope": 0.2}], away0(),
      lambda t, a: F.leaky_relu(t, negative_slope=a["negative_slope"]),
      tag=lambda a: "slope%g" % a["negative_slope"])


def clamp_draw(rng, shape, attrs):
    bounds = [b for b in (attrs["min"], attrs["max"]) if b is not None]
    return away(rng, shape, -1.5, 1.5, bounds)


def clamp_tag(a):
    return "min%s_max%s" % ("none" if a["min"] is None else "%g" % a["min"],
                            "none" if a["max"] is None else "%g" % a["max"])


unary("clamp", [{"min": -0.5, "max": 0.5}, {"min": -0.5, "max": None},
                {"min": None, "max": 0.3}], clamp_draw,
      lambda t, a: torch.clamp(t, min=a["min"], max=a["max"]), tag=clamp_tag)

unary("pow_scalar", [{"exponent": 2.0}, {"exponent": 3.0}, {"exponent": 0.5},
                     {"exponent": -1.5}], u(0.5, 2),
      lambda t, a: torch.pow(t, a["exponent"]), tag=lambda a: "exp%g" % a["exponent"])

for op, fn in [("softmax", torch.softmax), ("log_softmax", torch.log_softmax)]:
    for cname, shape, dim, lo, hi in [("dim-1_3x5", [3, 5], -1, -3, 3),
                                      ("dim0_3x5", [3, 5], 0, -3, 3),
                                      ("dim1_2x3x4", [2, 3, 4], 1, -3, 3),
                                      ("large_values", [3, 5], -1, 50, 100)]:
        x = uniform(rng_for(op + "/" + cname), shape, lo, hi)
        add(op, cname, {"dim": dim}, [x], lambda t, d=dim, f=fn: f(t, dim=d))


# --------------------------------------------------------------------------- reductions

def reduce_call(fn, t, dims, keepdim, **kw):
    if dims is None:
        assert not keepdim
        return fn(t, **kw)
    return fn(t, dim=dims, keepdim=keepdim, **kw)


SUM_CASES = [("all", [3, 4], None, False),
             ("dim1_3x4", [3, 4], [1], False),
             ("dims0_2_keepdim", [2, 3, 4], [0, 2], True),
             ("dim-1_2x3x4", [2, 3, 4], [-1], False)]

for op, fn in [("sum", torch.sum), ("mean", torch.mean)]:
    for cname, shape, dims, keepdim in SUM_CASES:
        x = uniform(rng_for(op + "/" + cname), shape, -2, 2)
        add(op, cname, {"dims": dims, "keepdim": keepdim}, [x],
            lambda t, d=dims, k=keepdim, f=fn: reduce_call(f, t, d, k))

for op, fn in [("var", torch.var), ("std", torch.std)]:
    for cname, shape, dims, keepdim, unbiased in [
            ("all_unbiased", [3, 4], None, False, True),
            ("dim1_biased", [3, 4], [1], False, False),
            ("dims0_2_keepdim_unbiased", [2, 3, 4], [0, 2], True, True)]:
        x = uniform(rng_for(op + "/" + cname), shape, -2, 2)
        add(op, cname, {"dims": dims, "keepdim": keepdim, "unbiased": unbiased}, [x],
            lambda t, d=dims, k=keepdim, ub=unbiased, f=fn:
                reduce_call(f, t, d, k, unbiased=ub))

for cname, shape, dims, keepdim in [("dim1_3x4", [3, 4], [1], False),
                                    ("dims0_2_keepdim", [2, 3, 4], [0, 2], True),
                                    ("all", [3, 4], None, False)]:
    x = uniform(rng_for("logsumexp/" + cname), shape, -3, 3)
    add("logsumexp", cname, {"dims": dims, "keepdim": keepdim}, [x],
        lambda t, d=dims, k=keepdim:
            torch.logsumexp(t, dim=list(range(t.dim())) if d is None else d, keepdim=k))

for cname, shape, dims, keepdim in [("all", [3, 4], None, False),
                                    ("dim1_3x4", [3, 4], [1], False)]:
    x = uniform(rng_for("norm/" + cname), shape, -2, 2)
    add("norm", cname, {"dims": dims, "keepdim": keepdim}, [x],
        lambda t, d=dims, k=keepdim: torch.linalg.vector_norm(t, 2, dim=d, keepdim=k))

for op, fn in [("max_dim", torch.max), ("min_dim", torch.min)]:
    for cname, shape, dim, keepdim in [("dim1_3x4", [3, 4], 1, False),
                                       ("dim0_keepdim_2x3x4", [2, 3, 4], 0, True),
                                       ("dim-1_2x3x4", [2, 3, 4], -1, False)]:
        x = distinct(rng_for(op + "/" + cname), shape, -2, 2)
        add(op, cname, {"dim": dim, "keepdim": keepdim}, [x],
            lambda t, d=dim, k=keepdim, f=fn: tuple(f(t, dim=d, keepdim=k)))

for op, fn in [("max_all", torch.max), ("min_all", torch.min)]:
    x = distinct(rng_for(op + "/3x4"), [3, 4], -2, 2)
    add(op, "3x4", {}, [x], lambda t, f=fn: f(t))

for op, fn in [("argmax", torch.argmax), ("argmin", torch.argmin)]:
    for cname, shape, dim, keepdim in [("dim1_3x4", [3, 4], 1, False),
                                       ("dim0_keepdim_2x3x4", [2, 3, 4], 0, True)]:
        x = distinct(rng_for(op + "/" + cname), shape, -2, 2)
        add(op, cname, {"dim": dim, "keepdim": keepdim}, [x],
            lambda t, d=dim, k=keepdim, f=fn: f(t, dim=d, keepdim=k), differentiable=False)


# --------------------------------------------------------------------------- selection / indexing

rng = rng_for("where/same_shape")
add("where", "same_shape", {},
    [bool_mask(rng, [3, 4]), uniform(rng, [3, 4], -2, 2), uniform(rng, [3, 4], -2, 2)],
    torch.where)
rng = rng_for("where/broadcast")
add("where", "broadcast", {},
    [bool_mask(rng, [3, 1]), uniform(rng, [4], -2, 2), uniform(rng, [], -2, 2)],
    torch.where)

for cname, mshape in [("same_shape", [3, 4]), ("broadcast_mask", [4])]:
    rng = rng_for("masked_fill/" + cname)
    add("masked_fill", cname, {"value": -1.5},
        [uniform(rng, [3, 4], -2, 2), bool_mask(rng, mshape)],
        lambda t, m: t.masked_fill(m, -1.5))

# Repeated indices are included so that the backward accumulates.
rng = rng_for("gather/dim1_3x4")
add("gather", "dim1_3x4", {"dim": 1},
    [uniform(rng, [3, 4], -2, 2), ints([[0, 3], [2, 2], [1, 0]])],
    lambda t, i: torch.gather(t, 1, i))
rng = rng_for("gather/dim0_3x4")
add("gather", "dim0_3x4", {"dim": 0},
    [uniform(rng, [3, 4], -2, 2), ints([[2, 0, 1, 1], [0, 0, 2, 1]])],
    lambda t, i: torch.gather(t, 0, i))
rng = rng_for("gather/dim2_2x3x4")
add("gather", "dim2_2x3x4", {"dim": 2},
    [uniform(rng, [2, 3, 4], -2, 2), ints(rng.integers(0, 4, size=(2, 3, 2)))],
    lambda t, i: torch.gather(t, 2, i))

rng = rng_for("scatter_add/dim1_3x5")
add("scatter_add", "dim1_3x5", {"dim": 1},
    [uniform(rng, [3, 5], -2, 2), ints([[1, 1], [4, 0], [2, 2]]), uniform(rng, [3, 2], -2, 2)],
    lambda t, i, s: t.scatter_add(1, i, s))
rng = rng_for("scatter_add/dim0_4x3")
add("scatter_add", "dim0_4x3", {"dim": 0},
    [uniform(rng, [4, 3], -2, 2), ints([[3, 0, 1], [3, 2, 1]]), uniform(rng, [2, 3], -2, 2)],
    lambda t, i, s: t.scatter_add(0, i, s))

rng = rng_for("index_select/dim0_4x3")
add("index_select", "dim0_4x3", {"dim": 0},
    [uniform(rng, [4, 3], -2, 2), ints([2, 0, 2])],
    lambda t, i: torch.index_select(t, 0, i))
rng = rng_for("index_select/dim1_2x5x3")
add("index_select", "dim1_2x5x3", {"dim": 1},
    [uniform(rng, [2, 5, 3], -2, 2), ints([4, 1])],
    lambda t, i: torch.index_select(t, 1, i))

add("one_hot", "6", {"num_classes": 5}, [ints([0, 4, 2, 2, 1, 3])],
    lambda i: F.one_hot(i, num_classes=5), differentiable=False)
add("one_hot", "2x3", {"num_classes": 5}, [ints([[3, 0, 4], [1, 1, 2]])],
    lambda i: F.one_hot(i, num_classes=5), differentiable=False)

for op, fn in [("tril", torch.tril), ("triu", torch.triu)]:
    for k in (0, 1, -1):
        cname = "k%d_4x5" % k
        x = uniform(rng_for(op + "/" + cname), [4, 5], -2, 2)
        add(op, cname, {"diagonal": k}, [x], lambda t, k=k, f=fn: f(t, diagonal=k))
    cname = "k0_2x3x3"
    x = uniform(rng_for(op + "/" + cname), [2, 3, 3], -2, 2)
    add(op, cname, {"diagonal": 0}, [x], lambda t, f=fn: f(t, diagonal=0))


# --------------------------------------------------------------------------- linear algebra

for cname, sa, sb in [("vec_vec", [4], [4]),
                      ("mat_vec", [3, 4], [4]),
                      ("vec_mat", [4], [4, 5]),
                      ("mat_mat", [3, 4], [4, 5]),
                      ("batch_mat", [2, 3, 4], [4, 5]),
                      ("batch_batch", [2, 3, 4], [2, 4, 5]),
                      ("broadcast_batch", [2, 1, 3, 4], [3, 4, 5]),
                      ("mat_col", [5, 4], [4, 1])]:
    rng = rng_for("matmul/" + cname)
    add("matmul", cname, {}, [normal(rng, sa), normal(rng, sb)], torch.matmul)


# --------------------------------------------------------------------------- linear (bias fused into GEMM)

for cname, sx, out_features, with_bias in [("2d", [4, 3], 5, True), ("3d", [2, 3, 4], 2, True), ("no_bias", [3, 4], 2, False)]:
    rng = rng_for("linear/" + cname)
    ins = [normal(rng, sx), normal(rng, [out_features, sx[-1]])]
    if with_bias:
        ins.append(normal(rng, [out_features]))
    add("linear", cname, {}, ins, lambda *t: torch.nn.functional.linear(*t))


# --------------------------------------------------------------------------- fused log-softmax + NLL

for cname, n, c, lo, hi in [("4x5", 4, 5, -3, 3), ("large_values_3x7", 3, 7, 50, 100), ("one_row", 1, 3, -2, 2)]:
    rng = rng_for("cross_entropy/" + cname)
    logits = uniform(rng, [n, c], lo, hi)
    target = np.asarray(rng.integers(0, c, size=[n]), dtype=np.int64)
    add("cross_entropy", cname, {}, [logits, target],
        lambda x, t: torch.nn.functional.cross_entropy(x, t))


# --------------------------------------------------------------------------- joining / splitting

for cname, shapes, dim in [("dim0", [[2, 3], [4, 3]], 0),
                           ("dim1_three", [[2, 3], [2, 1], [2, 2]], 1),
                           ("dim-1_3d", [[2, 3, 4], [2, 3, 4]], -1)]:
    rng = rng_for("cat/" + cname)
    add("cat", cname, {"dim": dim}, [uniform(rng, s, -2, 2) for s in shapes],
        lambda *ts, d=dim: torch.cat(ts, dim=d))

for cname, shapes, dim in [("dim0", [[2, 3], [2, 3]], 0),
                           ("dim2_three", [[2, 3], [2, 3], [2, 3]], 2),
                           ("dim1_vectors", [[3], [3]], 1)]:
    rng = rng_for("stack/" + cname)
    add("stack", cname, {"dim": dim}, [uniform(rng, s, -2, 2) for s in shapes],
        lambda *ts, d=dim: torch.stack(ts, dim=d))

for cname, shape, sizes, dim in [("dim0_5x3", [5, 3], [2, 3], 0),
                                 ("dim1_2x6", [2, 6], [1, 2, 3], 1)]:
    x = uniform(rng_for("split/" + cname), shape, -2, 2)
    add("split", cname, {"sizes": sizes, "dim": dim}, [x],
        lambda t, s=sizes, d=dim: tuple(torch.split(t, s, dim=d)))

for cname, shape, chunks, dim in [("dim0_6x2", [6, 2], 3, 0),
                                  ("dim1_2x7", [2, 7], 3, 1)]:
    x = uniform(rng_for("chunk/" + cname), shape, -2, 2)
    add("chunk", cname, {"chunks": chunks, "dim": dim}, [x],
        lambda t, c=chunks, d=dim: tuple(torch.chunk(t, c, dim=d)))


# --------------------------------------------------------------------------- views

def view_case(op, cname, shape, attrs, fn):
    x = uniform(rng_for(op + "/" + cname), shape, -2, 2)
    add(op, cname, attrs, [x], fn)


view_case("reshape", "3x4_to_2x6", [3, 4], {"shape": [2, 6]}, lambda t: t.reshape(2, 6))
view_case("reshape", "3x4_to_flat", [3, 4], {"shape": [-1]}, lambda t: t.reshape(-1))
view_case("permute", "2x3x4_201", [2, 3, 4], {"dims": [2, 0, 1]}, lambda t: t.permute(2, 0, 1))
view_case("transpose", "3x4_01", [3, 4], {"dim0": 0, "dim1": 1}, lambda t: t.transpose(0, 1))
view_case("transpose", "2x3x4_-1_0", [2, 3, 4], {"dim0": -1, "dim1": 0},
          lambda t: t.transpose(-1, 0))
view_case("narrow", "3x4_dim1", [3, 4], {"dim": 1, "start": 1, "length": 2},
          lambda t: t.narrow(1, 1, 2))
view_case("select", "3x4_dim0_1", [3, 4], {"dim": 0, "index": 1}, lambda t: t.select(0, 1))
view_case("select", "2x3x4_dim2_-1", [2, 3, 4], {"dim": 2, "index": -1},
          lambda t: t.select(2, -1))
view_case("expand", "1x4_to_3x4", [1, 4], {"shape": [3, 4]}, lambda t: t.expand(3, 4))
view_case("expand", "3x1_to_2x3x4", [3, 1], {"shape": [2, 3, 4]}, lambda t: t.expand(2, 3, 4))
view_case("squeeze", "3x1x4_dim1", [3, 1, 4], {"dim": 1}, lambda t: t.squeeze(1))
view_case("squeeze", "1x3x1_all", [1, 3, 1], {"dim": None}, lambda t: t.squeeze())
view_case("unsqueeze", "3x4_dim0", [3, 4], {"dim": 0}, lambda t: t.unsqueeze(0))
view_case("unsqueeze", "3x4_dim-1", [3, 4], {"dim": -1}, lambda t: t.unsqueeze(-1))
view_case("flatten", "2x3x4_1_-1", [2, 3, 4], {"start_dim": 1, "end_dim": -1},
          lambda t: t.flatten(1, -1))
view_case("flatten", "2x3x4_0_-1", [2, 3, 4], {"start_dim": 0, "end_dim": -1},
          lambda t: t.flatten(0, -1))


# --------------------------------------------------------------------------- serialization

JSON_NUMBER = re.compile(r"-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?\Z")


def fmt_f32(v):
    """Shortest decimal that round-trips to this float32, checked both ways
    (parsed directly as float32, and parsed as float64 then narrowed)."""
    v = np.float32(v)
    assert math.isfinite(float(v)), "non-finite value in fixtures"
    s = str(v)
    assert JSON_NUMBER.match(s), s
    assert np.float32(s) == v and np.float32(float(s)) == v, s
    if v == 0:
        assert np.signbit(np.float32(s)) == np.signbit(v), s
    return s


def enc_tensor(a):
    if a is None:
        return "null"
    if a.dtype == np.float32:
        dtype, data = "float32", [fmt_f32(x) for x in a.ravel()]
    elif a.dtype == np.int64:
        dtype, data = "int64", [str(int(x)) for x in a.ravel()]
    elif a.dtype == np.bool_:
        dtype, data = "bool", ["true" if x else "false" for x in a.ravel()]
    else:
        raise TypeError(a.dtype)
    assert len(data) == int(np.prod(a.shape, dtype=np.int64)) and len(data) >= 1
    return '{"dtype":"%s","shape":%s,"data":[%s]}' % (
        dtype, json.dumps([int(s) for s in a.shape], separators=(",", ":")), ",".join(data))


def enc_case(c):
    parts = [
        '"op":' + json.dumps(c["op"]),
        '"name":' + json.dumps(c["name"]),
        '"attrs":' + json.dumps(c["attrs"], separators=(",", ":")),
    ]
    for key in ("inputs", "outputs", "grad_outputs", "grads"):
        parts.append('"%s":[%s]' % (key, ",".join(enc_tensor(a) for a in c[key])))
    return "{" + ",".join(parts) + "}"


def main():
    names = [c["name"] for c in CASES]
    dup = [n for n, k in collections.Counter(names).items() if k > 1]
    assert not dup, "duplicate case names: %s" % dup
    for c in CASES:
        assert c["name"].startswith(c["op"] + "/"), c["name"]
        assert len(c["grad_outputs"]) == len(c["outputs"]), c["name"]
        assert len(c["grads"]) == len(c["inputs"]), c["name"]
        for g, o in zip(c["grad_outputs"], c["outputs"]):
            assert g is None or g.shape == o.shape, c["name"]
        for g, x in zip(c["grads"], c["inputs"]):
            assert g is None or (g.shape == x.shape and x.dtype == np.float32), c["name"]
        if all(g is None for g in c["grads"]):
            assert all(g is None for g in c["grad_outputs"]), c["name"]

    text = ('{"generator":%s,"torch_version":%s,"cases":[\n' % (
        json.dumps(GENERATOR), json.dumps(torch.__version__))
        + ",\n".join(enc_case(c) for c in CASES) + "\n]}\n")
    json.loads(text)  # well-formed

    os.makedirs(os.path.dirname(OUT_PATH), exist_ok=True)
    with open(OUT_PATH, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)

    counts = collections.Counter(c["op"] for c in CASES)
    for op in sorted(counts):
        print("%-14s %d" % (op, counts[op]))
    print("ops: %d, cases: %d, bytes: %d, torch %s -> %s" % (
        len(counts), len(CASES), len(text.encode("utf-8")), torch.__version__,
        os.path.relpath(OUT_PATH, REPO_ROOT)))


if __name__ == "__main__":
    sys.exit(main())
