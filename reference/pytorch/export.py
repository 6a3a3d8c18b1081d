#!/usr/bin/env python3
"""Train one of the seed notebook's models with PyTorch, seeded, and write a reference directory.

The model classes below are the notebook's, as written there. Everything else records what a training run
does so the DL4J side can replay it: the data, the initial parameters, each epoch's row order, every dropout
mask, every step's loss, the final parameters and the eval-mode output. The format is described in
reference/README.md.

Run with Debian's PyTorch:  apt-get install python3-torch
    /usr/bin/python3 reference/pytorch/export.py --model combined --out test-data/parity/combined
"""
import argparse
import json
import os
import sys

import numpy as np
import torch
import torch.nn as nn
import torch.optim as optim
from torch.utils.data import DataLoader, RandomSampler, TensorDataset


# ---- the notebook's three models, unchanged ------------------------------------------------------------
class ModelWithDropout(nn.Module):
    def __init__(self):
        super(ModelWithDropout, self).__init__()
        self.fc1 = nn.Linear(10, 50)
        self.dropout = nn.Dropout(0.5)
        self.fc2 = nn.Linear(50, 1)

    def forward(self, x):
        x = torch.relu(self.fc1(x))
        x = self.dropout(x)
        x = self.fc2(x)
        return x


class ModelWithBatchNorm(nn.Module):
    def __init__(self):
        super(ModelWithBatchNorm, self).__init__()
        self.fc1 = nn.Linear(10, 50)
        self.bn1 = nn.BatchNorm1d(50)
        self.fc2 = nn.Linear(50, 1)

    def forward(self, x):
        x = self.fc1(x)
        x = self.bn1(x)
        x = torch.relu(x)
        x = self.fc2(x)
        return x


class ModelWithBoth(nn.Module):
    def __init__(self):
        super(ModelWithBoth, self).__init__()
        self.fc1 = nn.Linear(10, 50)
        self.bn1 = nn.BatchNorm1d(50)
        self.dropout = nn.Dropout(0.2)
        self.fc2 = nn.Linear(50, 20)
        self.bn2 = nn.BatchNorm1d(20)
        self.fc3 = nn.Linear(20, 1)

    def forward(self, x):
        x = self.fc1(x)
        x = self.bn1(x)
        x = torch.relu(x)
        x = self.dropout(x)
        x = self.fc2(x)
        x = self.bn2(x)
        x = torch.relu(x)
        x = self.fc3(x)
        return x


MODELS = {"dropout": ModelWithDropout, "batchnorm": ModelWithBatchNorm, "combined": ModelWithBoth}


class RecordingSampler(torch.utils.data.Sampler):
    """Shuffles like DataLoader(shuffle=True) and remembers each epoch's order."""

    def __init__(self, dataset, generator):
        super().__init__(dataset)
        self.inner = RandomSampler(dataset, generator=generator)
        self.epochs = []

    def __iter__(self):
        order = list(self.inner)
        self.epochs.append(order)
        return iter(order)

    def __len__(self):
        return len(self.inner)


def state(model):
    return {k: v.detach().numpy().astype(np.float32).copy()
            for k, v in model.state_dict().items() if not k.endswith("num_batches_tracked")}


def save_arrays(folder, arrays):
    os.makedirs(folder, exist_ok=True)
    for name, array in arrays.items():
        np.save(os.path.join(folder, name + ".npy"), array)


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", choices=sorted(MODELS), required=True)
    parser.add_argument("--out", required=True, help="reference directory to write")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--lr", type=float, default=0.01)
    parser.add_argument("--epochs", type=int, default=5)
    parser.add_argument("--batch-size", type=int, default=10)
    parser.add_argument("--rows", type=int, default=100)
    parser.add_argument("--optimizer", choices=["adam", "adamw"], default="adam",
                        help="adam: optim.Adam (weight decay coupled, added to the gradient); "
                             "adamw: optim.AdamW (decoupled)")
    parser.add_argument("--weight-decay", type=float, default=0.0,
                        help="the optimizer's weight_decay, applied to every parameter (biases too)")
    args = parser.parse_args(argv)

    torch.manual_seed(args.seed)
    X = torch.randn(args.rows, 10)
    y = torch.randn(args.rows, 1)
    model = MODELS[args.model]()
    init = state(model)

    masks = {}

    def record_mask(name):
        def hook(module, inputs, output):
            if not module.training:
                return
            scale = 1.0 / (1.0 - module.p)
            kept = (output != 0) & (inputs[0] != 0)
            masks.setdefault(name, []).append(torch.where(kept, torch.tensor(scale), torch.tensor(0.0))
                                              .detach().numpy().astype(np.float32))
        return hook

    for name, module in model.named_modules():
        if isinstance(module, nn.Dropout):
            module.register_forward_hook(record_mask(name))

    criterion = nn.MSELoss()
    # Adam(weight_decay=λ) adds λ·w to the gradient before the moments (L2); AdamW shrinks w by lr·λ·w beside them.
    make = optim.AdamW if args.optimizer == "adamw" else optim.Adam
    optimizer = make(model.parameters(), lr=args.lr, weight_decay=args.weight_decay)
    dataset = TensorDataset(X, y)
    sampler = RecordingSampler(dataset, torch.Generator().manual_seed(args.seed + 1))
    dataloader = DataLoader(dataset, batch_size=args.batch_size, sampler=sampler)

    losses = []
    for epoch in range(args.epochs):
        for inputs, targets in dataloader:
            optimizer.zero_grad()
            outputs = model(inputs)
            loss = criterion(outputs, targets)
            loss.backward()
            optimizer.step()
            losses.append(loss.item())
        print(f'Epoch {epoch+1}, Loss: {loss.item()}')

    model.eval()
    with torch.no_grad():
        evaluated = model(X).numpy().astype(np.float32)

    out = args.out
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "meta.json"), "w") as f:
        json.dump({"model": args.model, "lr": args.lr, "epochs": args.epochs, "batch_size": args.batch_size,
                   "seed": args.seed, "rows": args.rows, "optimizer": args.optimizer,
                   "weight_decay": args.weight_decay, "torch": torch.__version__}, f, indent=1)
        f.write("\n")
    save_arrays(out, {"X": X.numpy().astype(np.float32), "y": y.numpy().astype(np.float32),
                      "order": np.array(sampler.epochs, dtype=np.int64),
                      "losses": np.array(losses, dtype=np.float32), "eval": evaluated})
    save_arrays(os.path.join(out, "init"), init)
    save_arrays(os.path.join(out, "final"), state(model))
    if masks:
        save_arrays(os.path.join(out, "masks"), {k: np.concatenate(v) for k, v in masks.items()})


if __name__ == "__main__":
    main(sys.argv[1:])
