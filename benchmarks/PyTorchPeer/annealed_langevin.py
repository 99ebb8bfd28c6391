"""Annealed Langevin dynamics in PyTorch eager mode: the peer that the library's `peer` benchmark runs beside
LangevinSampler.SampleAnnealed.

A noise-conditional network psi(x, sigma) = f([x, log sigma]) / sigma with f a 3 -> 128 -> 128 -> 2 ReLU network in
float32 (Glorot-uniform weights, zero biases; untrained: the time does not depend on the weights); 10,000 chains from
uniform points on [-8, 8]^2; ten geometric levels from 10 to 0.01, 100 steps per level, step alpha_i = eps sigma_i^2 /
sigma_L^2 with eps = 2e-5, x <- x + alpha_i / 2 psi(x, sigma_i) + sqrt(alpha_i) z, under torch.no_grad().

One thread, as the library's benchmarks. One full run warms up; then each repetition times one full run with
time.perf_counter and prints one line of JSON: {"job", "repetition", "ms", "check"}, check being the mean squared norm
of the final points.

Run with Debian's PyTorch (apt-get install python3-torch):
  /usr/bin/python3 benchmarks/PyTorchPeer/annealed_langevin.py --repetitions 5
"""
import argparse
import json
import math
import time

import torch
from torch import nn


def network(seed, width):
    torch.manual_seed(seed)
    model = nn.Sequential(nn.Linear(3, width), nn.ReLU(), nn.Linear(width, width), nn.ReLU(), nn.Linear(width, 2))
    for layer in (model[0], model[2], model[4]):
        nn.init.xavier_uniform_(layer.weight)
        nn.init.zeros_(layer.bias)
    return model


def levels(largest, smallest, count):
    ratio = (smallest / largest) ** (1 / (count - 1))
    return [largest * ratio**i for i in range(count)]


def sample(model, chains, steps_per_level, step_size, sigmas, generator):
    x = (torch.rand(chains, 2, generator=generator) * 2 - 1) * 8
    smallest = sigmas[-1]
    with torch.no_grad():
        for sigma in sigmas:
            alpha = step_size * sigma * sigma / (smallest * smallest)
            level = torch.full((chains, 1), sigma)
            inputs = torch.cat([torch.zeros(chains, 2), level.log()], 1)
            for _ in range(steps_per_level):
                inputs[:, :2] = x
                score = model(inputs) / level
                x.add_(score * (alpha / 2) + torch.randn(x.shape, generator=generator) * math.sqrt(alpha))
    return x


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repetitions", type=int, default=5)
    parser.add_argument("--chains", type=int, default=10_000)
    parser.add_argument("--steps-per-level", type=int, default=100)
    parser.add_argument("--width", type=int, default=128)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    torch.set_num_threads(1)
    model = network(args.seed, args.width)
    sigmas = levels(10.0, 0.01, 10)
    generator = torch.Generator().manual_seed(args.seed)
    sample(model, args.chains, args.steps_per_level, 2e-5, sigmas, generator)
    for repetition in range(args.repetitions):
        start = time.perf_counter()
        x = sample(model, args.chains, args.steps_per_level, 2e-5, sigmas, generator)
        ms = (time.perf_counter() - start) * 1000
        check = x.square().sum(1).mean().item()
        print(json.dumps({"job": "annealed-langevin", "repetition": repetition, "ms": round(ms, 3), "check": check}), flush=True)


if __name__ == "__main__":
    main()
