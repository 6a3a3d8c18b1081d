#!/usr/bin/env python3
"""PyTorch side of the benchmark: the seed notebook's models and training loop, timed like `course bench`.

Prints the same lines as the Java side:
  bench model=<dropout|batchnorm|combined> batch=<B> step_us=<median> p90_us=<p90>
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

import torch
import torch.nn as nn
import torch.optim as optim
from torch.utils.data import DataLoader, TensorDataset

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from export import MODELS  # the notebook's three classes, unchanged


def notebook_wall():
    """The seed notebook's code (notebook.py), all three models, run in this process with its output discarded."""
    start = time.perf_counter()
    with redirect_stdout(io.StringIO()):
        runpy.run_path(os.path.join(os.path.dirname(os.path.abspath(__file__)), "notebook.py"))
    return time.perf_counter() - start


def step_times(name, batch, warmup, steps):
    torch.manual_seed(42)
    X = torch.randn(100, 10)
    y = torch.randn(100, 1)
    model = MODELS[name]()
    criterion = nn.MSELoss()
    optimizer = optim.Adam(model.parameters(), lr=0.01)
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
    return times[len(times) // 2] / 1e3, times[int(len(times) * 0.9)] / 1e3


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", default="dropout,batchnorm,combined")
    parser.add_argument("--batch-size", type=int, default=10)
    parser.add_argument("--warmup", type=int, default=1000)
    parser.add_argument("--steps", type=int, default=3000)
    args = parser.parse_args(argv)
    wall = notebook_wall()
    for name in args.models.split(","):
        median, p90 = step_times(name, args.batch_size, args.warmup, args.steps)
        print(f"bench model={name} batch={args.batch_size} step_us={median:.1f} p90_us={p90:.1f}")
    print(f"bench notebook_wall_s={wall:.3f}")


if __name__ == "__main__":
    main(sys.argv[1:])
