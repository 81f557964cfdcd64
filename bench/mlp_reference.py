"""PyTorch's training throughput for the MNIST MLP, the same loop as `Glubina.Bench mlp`.

Usage: /usr/bin/python3 bench/mlp_reference.py [threads]   (prints one line per batch size)
"""
import resource
import sys
import time

import torch

torch.set_num_threads(int(sys.argv[1]) if len(sys.argv) > 1 else 2)
samples = 60000
g = torch.Generator().manual_seed(1)
x = torch.rand(samples, 784, generator=g)
y = torch.randint(0, 10, (samples,), generator=g)
for batch in (64, 256):
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(784, 256), torch.nn.ReLU(), torch.nn.Linear(256, 128),
                                torch.nn.ReLU(), torch.nn.Linear(128, 10))
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = torch.nn.CrossEntropyLoss()

    def epoch(max_steps):
        perm = torch.randperm(samples, generator=g)
        for step, start in enumerate(range(0, samples, batch)):
            idx = perm[start:start + batch]
            opt.zero_grad(set_to_none=False)
            loss_fn(model(x[idx]), y[idx]).backward()
            opt.step()
            if step + 1 >= max_steps:
                break

    epoch(50)
    t = time.perf_counter()
    epoch(10 ** 9)
    seconds = time.perf_counter() - t
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    print(f"batch {batch}: {samples / seconds:.0f} samples/s, {seconds:.2f} s/epoch, peak RSS {peak} MiB")
