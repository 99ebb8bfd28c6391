"""The 2-D study's noise-conditional fit in PyTorch eager mode: the peer that the library's `peer` benchmark runs
beside it.

1,024 draws of the mixture 0.4 N((-3, -3), I) + 0.4 N((3, 3), I) + 0.2 N((-1, 1), I); a noise-conditional network
psi(x, sigma) = f([x / sqrt(sigma^2 + s^2), log sigma]) / sigma, f a 3 -> 64 -> 64 -> 64 -> 2 ReLU network in float32
(Glorot-uniform weights, zero biases), s the samples' root mean square spread per coordinate; ten geometric levels
from 10 to 0.01. Each epoch draws one level and one noise per sample and takes the denoising loss
mean(1/2 |sigma psi(x + sigma z, sigma) + z|^2): one forward pass, loss.backward(), opt.step(), opt.zero_grad(), the
loss kept per epoch. Adam at 3e-3 for three quarters of the epochs, then a new Adam at 3e-4 for the rest, as the app
trains.

One thread, as the library's benchmarks. One full run warms up; then each repetition makes a new network from the
same seed, times its training with time.perf_counter, and prints one line of JSON: {"job", "repetition", "ms",
"check"}, check being the final loss.

Run with Debian's PyTorch (apt-get install python3-torch):
  /usr/bin/python3 benchmarks/PyTorchPeer/noise_conditional_job.py --repetitions 5
"""
import argparse
import json
import time

import numpy as np
import torch
from torch import nn

SAMPLES = 1024


def mixture_samples(seed, count):
    rng = np.random.default_rng(seed)
    means = np.array([[-3.0, -3.0], [3.0, 3.0], [-1.0, 1.0]])
    component = rng.choice(3, size=count, p=[0.4, 0.4, 0.2])
    points = means[component] + rng.standard_normal((count, 2))
    return torch.tensor(points, dtype=torch.float32)


def network(seed, width):
    torch.manual_seed(seed)
    model = nn.Sequential(nn.Linear(3, width), nn.ReLU(), nn.Linear(width, width), nn.ReLU(), nn.Linear(width, width), nn.ReLU(), nn.Linear(width, 2))
    for layer in model:
        if isinstance(layer, nn.Linear):
            nn.init.xavier_uniform_(layer.weight)
            nn.init.zeros_(layer.bias)
    return model


def train(model, x, levels, scale, rate, epochs, history):
    opt = torch.optim.Adam(model.parameters(), lr=rate)
    for _ in range(epochs):
        sigma = levels[torch.randint(0, len(levels), (x.shape[0],))].unsqueeze(1)
        z = torch.randn_like(x)
        noised = x + sigma * z
        inputs = torch.cat([noised / (sigma.square() + scale * scale).sqrt(), sigma.log()], 1)
        residual = model(inputs) + z  # sigma * psi = f
        loss = (residual.square().sum(1) / 2).mean()
        loss.backward()
        opt.step()
        opt.zero_grad()
        history.append(loss.item())


def run(seed, x, epochs, width, rate):
    model = network(seed, width)
    levels = torch.tensor([10.0 * (0.001 ** (i / 9)) for i in range(10)])
    scale = x.var(0, unbiased=False).mean().sqrt().item()
    history = []
    main = epochs - epochs // 4
    train(model, x, levels, scale, rate, main, history)
    train(model, x, levels, scale, rate * 0.1, epochs - main, history)
    return history


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repetitions", type=int, default=5)
    parser.add_argument("--epochs", type=int, default=3000)
    parser.add_argument("--width", type=int, default=64)
    parser.add_argument("--learning-rate", type=float, default=3e-3)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    torch.set_num_threads(1)
    x = mixture_samples(args.seed, SAMPLES)
    run(args.seed, x, args.epochs, args.width, args.learning_rate)
    for repetition in range(args.repetitions):
        start = time.perf_counter()
        history = run(args.seed, x, args.epochs, args.width, args.learning_rate)
        ms = (time.perf_counter() - start) * 1000
        print(json.dumps({"job": "noise-conditional", "repetition": repetition, "ms": round(ms, 3), "check": history[-1]}), flush=True)


if __name__ == "__main__":
    main()
