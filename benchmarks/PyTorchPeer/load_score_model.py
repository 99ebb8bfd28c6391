"""Loads score models saved by FiniteDifferenceScoreMatching into their PyTorch equivalents and prints their scores.

Not run by the tests or CI: a check by hand that a model trained in .NET opens in PyTorch. docs/pytorch-interop.md
describes the files and the equivalent networks.

    python3 load_score_model.py mlp.safetensors --hidden 16 8 --activation silu
    python3 load_score_model.py ncsn.pt --hidden 16 8 --activation softplus --noise-conditional --data-scale 2 \
        --sigma 5 1 0.2 0.05
    ... --expected scores.json --key ncsn   # also prints the largest difference from the library's scores

Needs only torch (1.6 or later); safetensors files are read with the few lines of read_safetensors below, so the
safetensors package is not needed either.
"""

import argparse
import json
import math
import struct

import torch
from torch import nn

ACTIVATIONS = {"relu": nn.ReLU, "tanh": nn.Tanh, "softplus": nn.Softplus, "silu": nn.SiLU}

SAFETENSORS_DTYPES = {"F64": torch.float64, "F32": torch.float32, "F16": torch.float16, "BF16": torch.bfloat16}


def read_safetensors(path):
    """A state dict from a safetensors file: an 8-byte little-endian header length, a JSON header, the raw bytes."""
    with open(path, "rb") as f:
        data = f.read()
    (length,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8 : 8 + length])
    body = data[8 + length :]
    state = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        begin, end = entry["data_offsets"]
        values = torch.frombuffer(bytearray(body[begin:end]), dtype=SAFETENSORS_DTYPES[entry["dtype"]])
        state[name] = values.reshape(entry["shape"])
    return state


def sequential(inputs, hidden, outputs, activation):
    """nn.Sequential(Linear, activation, ..., Linear): the library's MLP, parameters named 0.weight, 0.bias, 2.weight, ..."""
    layers = []
    for width in hidden:
        layers += [nn.Linear(inputs, width), ACTIVATIONS[activation]()]
        inputs = width
    layers.append(nn.Linear(inputs, outputs))
    return nn.Sequential(*layers)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("file", help="a .safetensors file, or a torch.save state dict (.pt, .pth)")
    parser.add_argument("--dimension", type=int, default=2)
    parser.add_argument("--hidden", type=int, nargs="+", default=[8])
    parser.add_argument("--activation", choices=sorted(ACTIVATIONS), default="relu")
    parser.add_argument("--noise-conditional", action="store_true")
    parser.add_argument("--data-scale", type=float, default=1.0)
    parser.add_argument("--sigma", type=float, nargs="+", help="one noise level per point (noise-conditional model)")
    parser.add_argument("--points", default="-1.5,0.25;0,0;0.7,-2;3,1.25", help="rows separated by ';'")
    parser.add_argument("--expected", help="a JSON file of the library's scores, to compare with")
    parser.add_argument("--key", help="the entry of --expected to compare with")
    args = parser.parse_args()

    if args.file.endswith(".safetensors"):
        state = read_safetensors(args.file)
    else:
        state = torch.load(args.file, map_location="cpu")
    dtype = next(iter(state.values())).dtype
    d = args.dimension
    inputs = d + 1 if args.noise_conditional else d
    model = sequential(inputs, args.hidden, d, args.activation).to(dtype)
    model.load_state_dict(state)  # strict: every name and shape must match

    x = torch.tensor([[float(v) for v in row.split(",")] for row in args.points.split(";")], dtype=dtype)
    with torch.no_grad():
        if args.noise_conditional:
            # psi(x, sigma) = f([x / sqrt(sigma^2 + s^2), log sigma]) / sigma
            sigma = torch.tensor(args.sigma, dtype=dtype).reshape(-1, 1)
            scale = torch.rsqrt(sigma**2 + args.data_scale**2)
            scores = model(torch.cat([x * scale, sigma.log()], dim=1)) / sigma
        else:
            scores = model(x)

    print(f"{args.file}: {dtype}, parameters {', '.join(state)}")
    for point, score in zip(x.tolist(), scores.tolist()):
        print(f"  score at {point} = {score}")

    if args.expected:
        with open(args.expected) as f:
            expected = torch.tensor(json.load(f)[args.key], dtype=torch.float64)
        difference = (scores.double() - expected).abs().max().item()
        print(f"  largest difference from the library's scores: {difference:.3g}")
        if not math.isfinite(difference):
            raise SystemExit("the scores are not finite")


if __name__ == "__main__":
    main()
