"""PyTorch eager per-op overhead for the same cases as `Glubina.Bench overhead`.

Prints 'case ns_per_op' lines. Run with Debian's interpreter: /usr/bin/python3 bench/overhead_reference.py
"""
import sys
import time

import torch

torch.set_num_threads(int(sys.argv[1]) if len(sys.argv) > 1 else 2)


def measure(op, reps=15):
    for _ in range(200):
        op()
    calls = 1000
    while True:
        t = time.perf_counter_ns()
        for _ in range(calls):
            op()
        if time.perf_counter_ns() - t >= 20_000_000:
            break
        calls *= 2
    samples = []
    for _ in range(reps):
        t = time.perf_counter_ns()
        for _ in range(calls):
            op()
        samples.append((time.perf_counter_ns() - t) / calls)
    samples.sort()
    return samples[reps // 2]


g = torch.Generator().manual_seed(1)
cases = [
    ("add_1", [1], torch.add, False),
    ("add_1000", [1000], torch.add, False),
    ("matmul_64", [64, 64], torch.matmul, False),
    ("add_1_grad", [1], torch.add, True),
    ("add_1000_grad", [1000], torch.add, True),
    ("matmul_64_grad", [64, 64], torch.matmul, True),
]
for name, shape, fn, grad in cases:
    a = torch.randn(*shape, generator=g).requires_grad_(grad)
    b = torch.randn(*shape, generator=g)
    print(f"{name} {measure(lambda: fn(a, b)):.1f}")
