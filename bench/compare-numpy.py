#!/usr/bin/env python3
"""Times the same full-batch training step in NumPy and in ffnn-vector, in one session, and prints the ratio.

The step is the lecture's: X̂ = X̃V, F = σ(X̂), F̃ = [1, F], F̂ = F̃W, G = softmax(F̂), E = cross-entropy,
closed-form backward, gradient-descent update. NumPy is run vectorised, fp64, with BLAS limited to --threads
threads (default 1), and Java's kernels on as many; the Java figure comes from dev.ffnn.bench.StepTimer
in bench/target/benchmarks.jar (warmed up, median of five 1-second runs). Run from the repository root after `./mvnw package`:

    python3 bench/compare-numpy.py                 # course-data shape 100×2→10→4 and 1797×64→128→10
    python3 bench/compare-numpy.py --threads 2
    python3 bench/compare-numpy.py --cpu 0         # both sides on CPU 0 alone (see --help)
"""
import argparse
import os
import re
import subprocess
import sys
import time

parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("--threads", type=int, default=1,
                    help="threads for both: NumPy's BLAS and ffnn-vector's kernels (default 1)")
parser.add_argument("--nets", nargs="*", default=["100x2-10-4c", "1797x64-128-10c"],
                    help="networks as IxN-K-Jc (default: the course data's shape and a digits-sized one)")
parser.add_argument("--cpu", type=int, metavar="N",
                    help="run NumPy and Java on CPU N alone (one thread): where the CPUs are not equally fast, "
                         "as this VM's two vCPUs seldom are, both sides then run on the same one")
args = parser.parse_args()
if args.threads < 1:
    parser.error(f"--threads {args.threads}: needs 1 or more")
NETS = []
for net in args.nets:
    # Classification steps only: the NumPy side is the lecture's softmax + cross-entropy step.
    shape = re.fullmatch(r"(\d+)x(\d+)-(\d+)-(\d+)c?", net)
    if not shape or min(int(d) for d in shape.groups()) < 1 or int(shape.group(4)) < 2:
        parser.error(f"--nets {net}: expected IxN-K-Jc with I, N, K ≥ 1 and J ≥ 2 classes, e.g. 100x2-10-4c")
    NETS.append((net if net.endswith("c") else net + "c", *(int(d) for d in shape.groups())))
if args.cpu is not None:
    if args.threads != 1:
        parser.error("--cpu runs both sides on one CPU: it needs --threads 1")
    try:
        os.sched_setaffinity(0, {args.cpu})  # inherited by the re-run below and by the Java process
    except (OSError, OverflowError):
        parser.error(f"--cpu {args.cpu}: no such CPU here (this process may use {sorted(os.sched_getaffinity(0))})")

# NumPy allocates its temporaries afresh at every step. glibc serves blocks this large with mmap and gives them
# back on free, so every step page-faults new memory from the kernel, which on this VM made NumPy's large step
# ~10× slower (29 ms instead of 2.8 ms). Keeping freed memory in the heap measures NumPy, not the page faults.
# glibc reads these at start-up, so the script re-runs itself once with them set.
MALLOC = {"MALLOC_MMAP_THRESHOLD_": "4294967296", "MALLOC_TRIM_THRESHOLD_": "4294967296",
          "MALLOC_TOP_PAD_": "268435456"}
if any(os.environ.get(k) != v for k, v in MALLOC.items()):
    os.execve(sys.executable, [sys.executable] + sys.argv, {**os.environ, **MALLOC})
for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = str(args.threads)

import numpy as np  # noqa: E402  (after the thread limits, which BLAS reads at import)

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
JAR = os.path.join(ROOT, "bench", "target", "benchmarks.jar")


def numpy_step_us(rows, n, k, j):
    rng = np.random.default_rng(4)
    x_tilde = np.hstack([np.ones((rows, 1)), rng.uniform(-1, 1, (rows, n))])
    y = np.eye(j)[rng.integers(0, j, rows)]
    a = np.sqrt(6 / (n + k))
    v = np.vstack([np.zeros((1, k)), rng.uniform(-a, a, (n, k))])
    b = np.sqrt(6 / (k + j))
    w = np.vstack([np.zeros((1, j)), rng.uniform(-b, b, (k, j))])
    lr = 1e-4

    def step():
        nonlocal v, w
        x_hat = x_tilde @ v
        f = 1.0 / (1.0 + np.exp(-x_hat))
        f_tilde = np.hstack([np.ones((rows, 1)), f])
        f_hat = f_tilde @ w
        z = np.exp(f_hat - f_hat.max(axis=1, keepdims=True))
        g = z / z.sum(axis=1, keepdims=True)
        e = -np.sum(y * np.log(np.maximum(g, np.finfo(float).tiny))) / rows
        d_out = (g - y) / rows
        d_w = f_tilde.T @ d_out
        d_hidden = (d_out @ w[1:].T) * f * (1 - f)
        d_v = x_tilde.T @ d_hidden
        v -= lr * d_v
        w -= lr * d_w
        return e

    # Warm up, then the median of five runs of about one second each.
    end = time.perf_counter() + 1.0
    while time.perf_counter() < end:
        step()
    results = []
    for _ in range(5):
        steps = 0
        start = time.perf_counter()
        while True:
            for _ in range(8):
                step()
            steps += 8
            now = time.perf_counter()
            if now - start >= 1.0:
                break
        results.append((now - start) / steps * 1e6)
    return sorted(results)[2]


def java_step_us(net):
    find = f'source "{ROOT}/.mvn/find-java25.sh" && echo "$java_bin"'
    java = subprocess.run(["bash", "-c", find], capture_output=True, text=True, check=True).stdout.strip()
    # The engine's JVM flags, as the bench's forks and ./ffnn run it (an argument file).
    flags = "@" + os.path.join(ROOT, "engine", "jvm.options")
    run = subprocess.run([java, flags, "-cp", JAR, "dev.ffnn.bench.StepTimer", net, "vector", str(args.threads)],
                         capture_output=True, text=True)
    if run.returncode != 0:
        last = [line for line in run.stderr.splitlines() if line.strip()][-1:] or ["no message"]
        sys.exit(f"compare-numpy.py: StepTimer {net} failed (exit {run.returncode}): {last[0]}")
    out = run.stdout
    for line in out.splitlines():
        if line.startswith("step_us "):
            return float(line.split()[1])
    raise RuntimeError("StepTimer printed no step_us line: " + out)


def main():
    if not os.path.exists(JAR):
        sys.exit("bench/target/benchmarks.jar is missing: run ./mvnw package first")
    pinned = "" if args.cpu is None else f", both on CPU {args.cpu} alone"
    print(f"NumPy {np.__version__}, BLAS threads {args.threads}; ffnn-vector vector kernels, {args.threads} thread(s){pinned}")
    print(f"{'network':<18}{'NumPy µs':>12}{'Java µs':>12}{'NumPy/Java':>12}")
    for net, rows, n, k, j in NETS:
        np_us = numpy_step_us(rows, n, k, j)
        java_us = java_step_us(net)
        print(f"{net:<18}{np_us:>12.2f}{java_us:>12.2f}{np_us / java_us:>11.2f}×")


if __name__ == "__main__":
    main()
