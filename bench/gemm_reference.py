#!/usr/bin/python3
"""SGEMM reference timings with numpy and PyTorch at the shapes of bench/Glubina.Bench/GemmBench.cs.

C[M,N] = A[M,K] @ B[K,N] in float32, row-major, output preallocated. Warm-up, then the median of several
repetitions, each at least 30 ms long (the same method as GemmBench). Prints CSV
(impl,shape,threads,gflops,ms) on stdout and the BLAS each library uses on stderr.

Run through bench/run_gemm_comparison.sh, which also unsets OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE for this
process only (they pin OpenBLAS to an older kernel on some processors).
"""
import argparse
import sys
import time

import numpy as np
import torch

SHAPES = [
    (64, 64, 64), (128, 128, 128), (256, 256, 256), (512, 512, 512), (1024, 1024, 1024), (2048, 2048, 2048),
    (64, 784, 256), (128, 784, 256), (256, 784, 256), (784, 128, 256), (128, 256, 784), (2048, 128, 512),
    (65536, 288, 32),
]


def parse_shape(text):
    """MxKxN, or N for a square N×N×N."""
    parts = [int(v) for v in text.split("x")]
    return (parts[0],) * 3 if len(parts) == 1 else tuple(parts)


def median_seconds(call, reps):
    start = time.perf_counter()
    calls = 0
    while calls < 3 or time.perf_counter() - start < 0.2:
        call()
        calls += 1
    per_call = (time.perf_counter() - start) / calls
    inner = max(1, int(0.03 / per_call + 0.999))
    samples = []
    for _ in range(reps):
        t0 = time.perf_counter()
        for _ in range(inner):
            call()
        samples.append((time.perf_counter() - t0) / inner)
    samples.sort()
    return samples[reps // 2]


def describe_blas():
    lines = [f"numpy {np.__version__}, torch {torch.__version__}"]
    try:
        from threadpoolctl import threadpool_info
        for info in threadpool_info():
            if info.get("user_api") == "blas":
                lines.append(
                    f"BLAS (threadpoolctl): {info.get('internal_api')} {info.get('version')} "
                    f"kernel={info.get('architecture')} threading={info.get('threading_layer')} ({info.get('filepath')})")
    except ImportError:
        lines.append("threadpoolctl not installed; numpy config follows")
        np.show_config()
    # torch.mm on CPU calls the BLAS that libtorch_cpu links (BLAS_INFO): list what is mapped in this process.
    with open("/proc/self/maps") as maps:
        mapped = sorted({line.split()[-1] for line in maps if "blas" in line or "dnnl" in line or "mkl" in line})
    build = torch.__config__.show()
    blas_info = [part.strip() for part in build.replace("\n", ",").split(",") if "BLAS_INFO" in part]
    backend = next((l.split(":", 1)[1].strip() for l in torch.__config__.parallel_info().splitlines()
                    if l.startswith("ATen parallel backend")), "?")
    lines.append(f"torch: {'; '.join(blas_info)}; parallel backend {backend}; mapped: {', '.join(mapped)}")
    return lines


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", default="1,2")
    parser.add_argument("--reps", type=int, default=7)
    parser.add_argument("--shapes", default=None, help="MxKxN,... (default: the GemmBench shapes)")
    parser.add_argument("--impl", default="numpy,torch",
                        help="numpy, torch or both; run each in its own process for clean 2-thread numbers "
                             "(two OpenMP users in one process disturb each other)")
    args = parser.parse_args()
    impls = args.impl.split(",")
    shapes = SHAPES if args.shapes is None else [parse_shape(s) for s in args.shapes.split(",")]

    for line in describe_blas():
        print("# " + line, file=sys.stderr)

    try:
        from threadpoolctl import threadpool_limits
    except ImportError:
        threadpool_limits = None

    rng = np.random.default_rng(42)
    print("impl,shape,threads,gflops,ms")
    for t in (int(v) for v in args.threads.split(",")):
        torch.set_num_threads(t)
        limiter = threadpool_limits(limits=t, user_api="blas") if threadpool_limits else None
        for m, k, n in shapes:
            a = (rng.random((m, k), dtype=np.float32) - 0.5)
            b = (rng.random((k, n), dtype=np.float32) - 0.5)
            c = np.empty((m, n), dtype=np.float32)
            flops = 2.0 * m * n * k
            if "numpy" in impls:
                s = median_seconds(lambda: np.matmul(a, b, out=c), args.reps)
                print(f"numpy,{m}x{k}x{n},{t},{flops / s / 1e9:.2f},{s * 1e3:.4f}", flush=True)
            if "torch" in impls:
                ta, tb, tc = torch.from_numpy(a), torch.from_numpy(b), torch.empty((m, n), dtype=torch.float32)
                with torch.no_grad():
                    s = median_seconds(lambda: torch.mm(ta, tb, out=tc), args.reps)
                print(f"torch,{m}x{k}x{n},{t},{flops / s / 1e9:.2f},{s * 1e3:.4f}", flush=True)
        if limiter is not None:
            limiter.restore_original_limits()


if __name__ == "__main__":
    main()
