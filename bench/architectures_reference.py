"""PyTorch's training throughput and LeNet inference latency, the same loops as `Glubina.Bench arch`.

Training (forward + backward + Adam step on a fixed synthetic batch): LeNet-5 (1x28x28, batch 64), a
CIFAR-shaped CNN (3x32x32, batch 64), a one-layer LSTM (T 50, batch 64, input 32, hidden 128, MSE of the
output against zeros), a 2-layer transformer encoder (d_model 128, 4 heads, ff 512, dropout 0, seq 64,
batch 32, batch-first, MSE). Inference: LeNet in eval mode under no_grad, batch 1 and 256, median us per call.

Usage: /usr/bin/python3 bench/architectures_reference.py [threads] [warmup_s] [seconds]
"""
import sys
import time

import torch
from torch import nn

torch.set_num_threads(int(sys.argv[1]) if len(sys.argv) > 1 else 2)
warmup = float(sys.argv[2]) if len(sys.argv) > 2 else 2.0
seconds = float(sys.argv[3]) if len(sys.argv) > 3 else 6.0


def lenet():
    torch.manual_seed(0)
    return nn.Sequential(
        nn.Conv2d(1, 6, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(6, 16, 5), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(16 * 5 * 5, 120), nn.ReLU(), nn.Linear(120, 84), nn.ReLU(), nn.Linear(84, 10))


def train(name, model, loss_fn, x, y, batch):
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)

    def step():
        out = model(x)
        if isinstance(out, tuple):  # LSTM: (output, (h, c))
            out = out[0]
        loss = loss_fn(out, y)
        opt.zero_grad(set_to_none=False)
        loss.backward()
        opt.step()

    t = time.perf_counter()
    while time.perf_counter() - t < warmup:
        step()
    steps = 0
    t = time.perf_counter()
    while time.perf_counter() - t < seconds:
        step()
        steps += 1
    elapsed = time.perf_counter() - t
    parameters = sum(p.numel() for p in model.parameters())
    print(f"{name}: {steps * batch / elapsed:.0f} samples/s ({steps} steps in {elapsed:.2f} s, {parameters} parameters)",
          flush=True)


def latency(name, model, x):
    def call():
        with torch.no_grad():
            model(x)

    t = time.perf_counter()
    while time.perf_counter() - t < warmup:
        call()
    times = []
    t = time.perf_counter()
    while time.perf_counter() - t < seconds:
        t0 = time.perf_counter()
        call()
        times.append((time.perf_counter() - t0) * 1e6)
    times.sort()
    print(f"{name}: {times[len(times) // 2]:.1f} us median ({len(times)} calls, batch {x.shape[0]})", flush=True)


g = torch.Generator().manual_seed(1)
train("lenet", lenet(), nn.CrossEntropyLoss(),
      torch.rand(64, 1, 28, 28, generator=g), torch.randint(0, 10, (64,), generator=g), 64)

torch.manual_seed(0)
cnn = nn.Sequential(
    nn.Conv2d(3, 32, 3, padding=1), nn.ReLU(), nn.Conv2d(32, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
    nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(), nn.Conv2d(64, 64, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
    nn.Flatten(), nn.Linear(64 * 8 * 8, 256), nn.ReLU(), nn.Linear(256, 10))
train("cifar_cnn", cnn, nn.CrossEntropyLoss(),
      torch.rand(64, 3, 32, 32, generator=g), torch.randint(0, 10, (64,), generator=g), 64)

torch.manual_seed(0)
train("lstm", nn.LSTM(32, 128), nn.MSELoss(), torch.randn(50, 64, 32, generator=g), torch.zeros(50, 64, 128), 64)

torch.manual_seed(0)
layer = nn.TransformerEncoderLayer(128, 4, dim_feedforward=512, dropout=0.0, batch_first=True)
train("transformer", nn.TransformerEncoder(layer, 2), nn.MSELoss(),
      torch.randn(32, 64, 128, generator=g), torch.randn(32, 64, 128, generator=g), 32)

for batch in (1, 256):
    model = lenet().eval()
    latency(f"lenet_infer_b{batch}", model, torch.rand(batch, 1, 28, 28, generator=g))
