"""End-to-end training fixtures (llm.c style): small networks trained 10 steps in PyTorch from fixed initial
weights on fixed batches; Glubina must reproduce every loss within 1e-4.

Writes tests/fixtures/training/e2e.json. Run: /usr/bin/python3 tools/reference/make_training_fixtures.py
(Debian's python3-torch 1.13). Deterministic: one thread, fixed seeds.
"""
import json
import os

import numpy as np
import torch

torch.set_num_threads(1)
OUT = os.path.join(os.path.dirname(__file__), "..", "..", "tests", "fixtures", "training", "e2e.json")


def f32list(t):
    return [float(np.float32(v)) for v in t.detach().reshape(-1).tolist()]


def tensor(t):
    return {"shape": list(t.shape), "data": f32list(t) if t.dtype.is_floating_point else [int(v) for v in t.reshape(-1).tolist()]}


def build(kind):
    if kind == "mlp":
        return torch.nn.Sequential(torch.nn.Linear(20, 32), torch.nn.ReLU(), torch.nn.Linear(32, 16), torch.nn.Tanh(),
                                   torch.nn.Linear(16, 4))
    if kind == "classifier":
        return torch.nn.Sequential(torch.nn.Linear(12, 24), torch.nn.BatchNorm1d(24), torch.nn.GELU(),
                                   torch.nn.LayerNorm(24), torch.nn.Linear(24, 3))
    raise ValueError(kind)


def case(name, kind, optimizer, lr, inputs, classes, steps=10, batch=16, **opt_args):
    torch.manual_seed(sum(map(ord, name)))
    model = build(kind)
    init = {k: tensor(v) for k, v in model.state_dict().items()}
    g = torch.Generator().manual_seed(sum(map(ord, name)) * 7)
    xs = torch.randn(steps, batch, inputs, generator=g)
    ys = torch.randint(0, classes, (steps, batch), generator=g)
    opt = {"sgd": torch.optim.SGD, "adam": torch.optim.Adam, "adamw": torch.optim.AdamW}[optimizer](model.parameters(), lr=lr, **opt_args)
    loss_fn = torch.nn.CrossEntropyLoss()
    losses = []
    model.train()
    for s in range(steps):
        opt.zero_grad()
        loss = loss_fn(model(xs[s]), ys[s])
        loss.backward()
        opt.step()
        losses.append(float(loss))
    return {"name": name, "model": kind, "optimizer": optimizer, "lr": lr, "options": opt_args,
            "initial_state": init, "inputs": [tensor(x) for x in xs], "targets": [tensor(y) for y in ys],
            "losses": losses, "final_state": {k: tensor(v) for k, v in model.state_dict().items()}}


cases = [
    case("mlp_sgd_momentum", "mlp", "sgd", 0.1, 20, 4, momentum=0.9),
    case("mlp_adam", "mlp", "adam", 1e-2, 20, 4),
    case("classifier_adamw", "classifier", "adamw", 5e-3, 12, 3, weight_decay=0.01),
]
os.makedirs(os.path.dirname(OUT), exist_ok=True)
with open(OUT, "w") as f:
    json.dump({"generator": "tools/reference/make_training_fixtures.py", "torch_version": torch.__version__, "cases": cases}, f)
print("wrote", OUT, [c["name"] for c in cases], [c["losses"][-1] for c in cases])
