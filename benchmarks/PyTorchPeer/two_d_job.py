"""The 2-D job in PyTorch eager mode: the peer that the library's `peer` benchmark runs beside it.

1,024 draws of the mixture 0.4 N((-3, -3), I) + 0.4 N((3, 3), I) + 0.2 N((-1, 1), I); a 2 -> 16 -> 2 ReLU network in
float32 with Glorot-uniform weights and zero biases; Adam(lr=0.003); 2,000 full-batch epochs, each one forward pass,
loss.backward(), opt.step() and opt.zero_grad(), with the loss of each epoch kept as the library's trainer keeps it.
Two losses, as in the library:

  coordinate  finite differences along each axis, eps = 0.01, one pass over [x; x + eps e_1; x + eps e_2; x - eps e_1; x - eps e_2]
  sliced      one direction v = eps u / |u| per sample and epoch, u ~ N(0, I), eps = 0.1, one pass over [x + v; x - v]

One thread, as the library's benchmarks. One full run warms up; then each repetition makes a new network and optimizer
from the same seed, times its training with time.perf_counter, and prints one line of JSON:
{"loss", "repetition", "ms", "final_loss"}.

Run with Debian's PyTorch (apt-get install python3-torch):
  /usr/bin/python3 benchmarks/PyTorchPeer/two_d_job.py --loss sliced --repetitions 5
"""
import argparse
import json
import time

import numpy as np
import torch
from torch import nn

SAMPLES = 1024
EPOCHS = 2000
LEARNING_RATE = 0.003


def mixture_samples(seed, count):
    rng = np.random.default_rng(seed)
    means = np.array([[-3.0, -3.0], [3.0, 3.0], [-1.0, 1.0]])
    component = rng.choice(3, size=count, p=[0.4, 0.4, 0.2])
    points = means[component] + rng.standard_normal((count, 2))
    return torch.tensor(points, dtype=torch.float32)


def network():
    model = nn.Sequential(nn.Linear(2, 16), nn.ReLU(), nn.Linear(16, 2))
    for layer in (model[0], model[2]):
        nn.init.xavier_uniform_(layer.weight)
        nn.init.zeros_(layer.bias)
    return model


def coordinate_loss(model, x, eps=0.01):
    n, d = x.shape
    steps = eps * torch.eye(d)
    plus = (x.unsqueeze(0) + steps.unsqueeze(1)).reshape(d * n, d)
    minus = (x.unsqueeze(0) - steps.unsqueeze(1)).reshape(d * n, d)
    s = model(torch.cat([x, plus, minus]))
    # Copy i of the shifted points moved along axis i: its coordinate i is the difference quotient's term.
    forward = s[n:(d + 1) * n].reshape(d, n, d).diagonal(dim1=0, dim2=2)
    backward = s[(d + 1) * n:].reshape(d, n, d).diagonal(dim1=0, dim2=2)
    trace = (forward - backward).sum(1) / (2 * eps)
    return (s[:n].square().sum(1) / 2 + trace).mean()


def sliced_loss(model, x, eps=0.1):
    d = x.shape[1]
    u = torch.randn_like(x)
    v = u * (eps / u.norm(dim=1, keepdim=True))
    plus, minus = model(torch.cat([x + v, x - v])).chunk(2)
    terms = (plus + minus).square().sum(1) / 8 + ((plus - minus) * v).sum(1) * (d / (2 * eps * eps))
    return terms.mean()


LOSSES = {"coordinate": coordinate_loss, "sliced": sliced_loss}


def setup(seed):
    torch.manual_seed(seed)
    model = network()
    return model, torch.optim.Adam(model.parameters(), lr=LEARNING_RATE)


def train(loss_fn, x, model, opt, epochs):
    history = []
    for _ in range(epochs):
        loss = loss_fn(model, x)
        loss.backward()
        opt.step()
        opt.zero_grad()
        history.append(loss.item())
    return history


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--loss", choices=sorted(LOSSES), required=True)
    parser.add_argument("--repetitions", type=int, default=5)
    parser.add_argument("--epochs", type=int, default=EPOCHS)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    torch.set_num_threads(1)
    x = mixture_samples(args.seed, SAMPLES)
    loss_fn = LOSSES[args.loss]
    train(loss_fn, x, *setup(args.seed), args.epochs)
    for repetition in range(args.repetitions):
        model, opt = setup(args.seed)
        start = time.perf_counter()
        history = train(loss_fn, x, model, opt, args.epochs)
        ms = (time.perf_counter() - start) * 1000
        print(json.dumps({"loss": args.loss, "repetition": repetition, "ms": round(ms, 3), "final_loss": history[-1]}), flush=True)


if __name__ == "__main__":
    main()
