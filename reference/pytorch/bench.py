#!/usr/bin/env python3
"""PyTorch side of the benchmark: the seed notebook's models and training loop, timed like `course bench`.

Prints the same lines as the Java side:
  bench model=<dropout|batchnorm|combined|digits|diabetes> batch=<B> step_us=<median> p90_us=<p90>
  bench notebook_wall_s=<seconds>
Run with Debian's PyTorch: /usr/bin/python3 reference/pytorch/bench.py
"""
import argparse
import io
import os
import runpy
import sys
import time
from contextlib import redirect_stdout

# One BLAS thread, as the Java side's one native thread per operation; must be set before torch loads its BLAS.
# Debian's PyTorch calls whatever libblas.so.3 the system points at (docs/PERFORMANCE.md: reference BLAS unless
# OpenBLAS is installed), and OpenBLAS would otherwise start a thread per core for every product.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import torch  # noqa: E402
import torch.nn as nn  # noqa: E402
import torch.optim as optim  # noqa: E402
from torch.utils.data import DataLoader, TensorDataset  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from export import MODELS  # the notebook's three classes, unchanged


def notebook_wall():
    """The seed notebook's code (notebook.py), all three models, run in this process with its output discarded."""
    start = time.perf_counter()
    with redirect_stdout(io.StringIO()):
        runpy.run_path(os.path.join(os.path.dirname(os.path.abspath(__file__)), "notebook.py"))
    return time.perf_counter() - start


def lab_mlp(sizes):
    """Plain ReLU layers, as the Java side's lab-sized workloads (bench.Bench.Workload)."""
    layers = []
    for a, b in zip(sizes[:-2], sizes[1:-1]):
        layers += [nn.Linear(a, b), nn.ReLU()]
    return nn.Sequential(*layers, nn.Linear(sizes[-2], sizes[-1]))


# name -> (rows, features, model factory, loss, default batch); the same shapes as `course bench`
WORKLOADS = {
    **{name: (100, 10, cls, nn.MSELoss, 10) for name, cls in MODELS.items()},
    # softmax + cross-entropy, as DL4J's SOFTMAX output with MCXENT
    "digits": (1797, 64, lambda: lab_mlp([64, 256, 256, 10]), nn.CrossEntropyLoss, 32),
    "diabetes": (442, 10, lambda: lab_mlp([10, 50, 20, 1]), nn.MSELoss, 10),
    # lesson 10's Fashion-MNIST MLP (d2l's dropout chapter): 60,000 rows of 784 uniform pixels, random classes
    "fashion": (60000, 784, lambda: fashion_mlp(), nn.CrossEntropyLoss, 256),
    "fashion-64": (60000, 784, lambda: fashion_mlp(), nn.CrossEntropyLoss, 64),
}

LEARNING_RATE = {"fashion": 0.001, "fashion-64": 0.001}


def fashion_mlp():
    """784-256-256-10, ReLU, dropout 0.5 after each hidden layer: the Java side's FashionVariant.DROPOUT_05."""
    return nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Dropout(0.5), nn.Linear(256, 256), nn.ReLU(),
                         nn.Dropout(0.5), nn.Linear(256, 10))


def fashion_step_flops(batch):
    """The matrix products of one step, counted as bench.Bench.fashionStepFlops counts them."""
    first, rest = 784 * 256, 256 * 256 + 256 * 10
    return 4.0 * batch * (first + rest) + 2.0 * batch * rest


def data_of(name):
    rows, features, _, loss, _ = WORKLOADS[name]
    torch.manual_seed(42)
    if name.startswith("fashion"):
        return torch.rand(rows, features), torch.randint(0, 10, (rows,))
    X = torch.randn(rows, features)
    y = torch.randint(0, 10, (rows,)) if loss is nn.CrossEntropyLoss else torch.randn(rows, 1)
    return X, y


def epoch_seconds(name, batch, warmup):
    """One whole epoch in shuffled batches after `warmup` untimed steps, as the Java side's Bench.epochSeconds."""
    _, _, factory, loss, _ = WORKLOADS[name]
    X, y = data_of(name)
    model = factory()
    criterion = loss()
    optimizer = optim.Adam(model.parameters(), lr=LEARNING_RATE.get(name, 0.01))
    dataloader = DataLoader(TensorDataset(X, y), batch_size=batch, shuffle=True)

    def step(inputs, targets):
        optimizer.zero_grad()
        criterion(model(inputs), targets).backward()
        optimizer.step()

    for i, (inputs, targets) in enumerate(dataloader):
        if i >= warmup:
            break
        step(inputs, targets)
    start = time.perf_counter()
    for inputs, targets in dataloader:
        step(inputs, targets)
    return time.perf_counter() - start


def sgemm_gflops(n, reps=5):
    """The best of `reps` products of two n×n float matrices through PyTorch's own BLAS, in GFLOP/s."""
    torch.manual_seed(1)
    a, b = torch.rand(n, n), torch.rand(n, n)
    torch.mm(a, b)
    best = min(timed(lambda: torch.mm(a, b)) for _ in range(reps))
    return 2.0 * n ** 3 / best / 1e9


def timed(f):
    start = time.perf_counter()
    f()
    return time.perf_counter() - start


def step_times(name, batch, warmup, steps):
    rows, features, factory, loss, _ = WORKLOADS[name]
    X, y = data_of(name)
    model = factory()
    criterion = loss()
    optimizer = optim.Adam(model.parameters(), lr=LEARNING_RATE.get(name, 0.01))
    dataloader = DataLoader(TensorDataset(X, y), batch_size=batch, shuffle=True)
    times = []
    done = -warmup
    while done < steps:
        for inputs, targets in dataloader:
            t0 = time.perf_counter_ns()
            optimizer.zero_grad()
            outputs = model(inputs)
            loss = criterion(outputs, targets)
            loss.backward()
            optimizer.step()
            t1 = time.perf_counter_ns()
            if done >= 0:
                times.append(t1 - t0)
            done += 1
            if done >= steps:
                break
    times.sort()
    return times[len(times) // 2] / 1e3, times[int(len(times) * 0.9)] / 1e3, times[0] / 1e3


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", default=",".join(n for n in WORKLOADS if not n.startswith("fashion")))
    parser.add_argument("--sgemm-size", type=int, default=1024)
    parser.add_argument("--batch-size", type=int, default=None, help="default: each model's own")
    parser.add_argument("--warmup", type=int, default=1000)
    parser.add_argument("--steps", type=int, default=3000)
    parser.add_argument("--threads", type=int, default=1,
                        help="intra-op threads for the step timings; 1 as the Java side's one native thread per "
                             "operation (default: 1)")
    args = parser.parse_args(argv)
    wall = notebook_wall()  # with PyTorch's own thread settings, as a student runs the notebook
    torch.set_num_threads(args.threads)
    for name in args.models.split(","):
        batch = args.batch_size or WORKLOADS[name][4]
        median, p90, fastest = step_times(name, batch, args.warmup, args.steps)
        print(f"bench model={name} batch={batch} step_us={median:.1f} p90_us={p90:.1f}")
        if name.startswith("fashion"):
            epoch = epoch_seconds(name, batch, min(args.warmup, 20))
            gflops = fashion_step_flops(batch) / (median * 1e3)
            best = fashion_step_flops(batch) / (fastest * 1e3)
            print(f"bench model={name} batch={batch} epoch_s={epoch:.2f} step_gflops={gflops:.2f} "
                  f"best_step_gflops={best:.2f}")
    if any(n.startswith("fashion") for n in args.models.split(",")):
        print(f"bench sgemm_n={args.sgemm_size} sgemm_gflops={sgemm_gflops(args.sgemm_size):.1f}")
    print(f"bench notebook_wall_s={wall:.3f}")


if __name__ == "__main__":
    main(sys.argv[1:])
