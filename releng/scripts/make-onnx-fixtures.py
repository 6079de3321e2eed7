#!/usr/bin/python3
"""Builds the ONNX fixtures of bundles/org.perturba.onnx.tests/data with PyTorch (Debian's python3-torch).

Small networks of the kinds research groups export (an SFCN-style brain-age net with BatchNorm and a
soft-classification head, a two-input hybrid, a 3D U-Net, a 2D CNN, an axis-order trap), written by
torch.onnx.export at several opsets, each with PyTorch's predictions and input gradients as golden
values. Inputs are not stored: both sides compute them from the same formula (see inputs()). Run from
the repository root: releng/scripts/make-onnx-fixtures.py
"""
import json
import math
import pathlib

import numpy as np
import torch
from torch import nn
import torch.nn.functional as F

OUT = pathlib.Path(__file__).resolve().parents[2] / "bundles/org.perturba.onnx.tests/data"


def image(shape):
    """x[n, c, i, j, ...] = 0.5 + 0.5 sin(0.37 (i+1) + 0.91 (j+1)(n+1) + 0.23 (k+1)(c+1)), k the last spatial axis."""
    values = np.zeros(shape, dtype=np.float64)
    for index in np.ndindex(*shape):
        n, c, i, j = index[:4]
        k = index[4] if len(index) > 4 else 0
        values[index] = 0.5 + 0.5 * math.sin(0.37 * (i + 1) + 0.91 * (j + 1) * (n + 1) + 0.23 * (k + 1) * (c + 1))
    return torch.tensor(values, dtype=torch.float32)


def context(shape):
    """c[n, f] = cos(0.7 (f+1) + 1.3 (n+1))."""
    n, f = np.meshgrid(np.arange(shape[0]), np.arange(shape[1]), indexing="ij")
    return torch.tensor(np.cos(0.7 * (f + 1) + 1.3 * (n + 1)), dtype=torch.float32)


def randomise_batch_norms(model, generator):
    for module in model.modules():
        if isinstance(module, (nn.BatchNorm2d, nn.BatchNorm3d)):
            size = module.num_features
            module.running_mean.copy_(torch.randn(size, generator=generator) * 0.3)
            module.running_var.copy_(torch.rand(size, generator=generator) + 0.5)
            module.weight.data.copy_(torch.rand(size, generator=generator) + 0.5)
            module.bias.data.copy_(torch.randn(size, generator=generator) * 0.2)


class Sfcn(nn.Module):
    """SFCN-style (Peng et al. 2021): conv-BN-pool-ReLU blocks, average pooling, dropout, a 1x1x1 conv
    to age bins, softmax, and the age as the expectation over bin centres."""

    def __init__(self):
        super().__init__()
        self.blocks = nn.Sequential(
            nn.Conv3d(1, 4, 3, padding=1), nn.BatchNorm3d(4), nn.MaxPool3d(2), nn.ReLU(),
            nn.Conv3d(4, 8, 3, padding=1), nn.BatchNorm3d(8), nn.MaxPool3d(2), nn.ReLU(),
            nn.Conv3d(8, 8, 1), nn.BatchNorm3d(8), nn.ReLU())
        self.pool = nn.AvgPool3d((5, 6, 4))
        self.dropout = nn.Dropout(0.5)
        self.bins = nn.Conv3d(8, 10, 1)
        self.register_buffer("centres", torch.linspace(45.0, 90.0, 10))

    def forward(self, x):
        x = self.bins(self.dropout(self.pool(self.blocks(x))))
        x = x.view(x.size(0), -1)
        return F.softmax(x, dim=1) @ self.centres


class Hybrid(nn.Module):
    """An image branch (strided conv, InstanceNorm, LeakyReLU, a dilated grouped conv, ELU, average
    pooling that leaves out padding) and a context branch, joined before a linear head."""

    def __init__(self):
        super().__init__()
        self.image = nn.Sequential(
            nn.Conv3d(1, 4, 3, stride=2, padding=1), nn.InstanceNorm3d(4, affine=True), nn.LeakyReLU(0.1),
            nn.Conv3d(4, 4, 3, padding=2, dilation=2, groups=2), nn.ELU(),
            nn.AvgPool3d(3, stride=2, padding=1, count_include_pad=False), nn.AdaptiveAvgPool3d(1), nn.Flatten())
        self.context = nn.Sequential(nn.Linear(5, 6), nn.Tanh())
        self.head = nn.Linear(10, 1)

    def forward(self, x, c):
        joined = torch.cat([self.image(x), self.context(c)], dim=1)
        return self.head(joined) * 10.0 + 50.0


class UNet(nn.Module):
    """A two-level 3D U-Net (max pooling down, a transposed convolution with output padding up and a
    grouped one with unit strides and an asymmetric kernel, a skip by concatenation) whose output is
    the expected class index summed over the voxels."""

    def __init__(self):
        super().__init__()
        self.down = nn.Sequential(nn.Conv3d(1, 4, 3, padding=1), nn.ReLU())
        self.bottom = nn.Sequential(nn.MaxPool3d(2), nn.Conv3d(4, 8, 3, padding=1), nn.ReLU())
        self.up = nn.Sequential(nn.ConvTranspose3d(8, 4, 3, stride=2, padding=1, output_padding=1),
                                nn.ConvTranspose3d(4, 4, (3, 1, 5), padding=(1, 0, 2), groups=2))
        self.out = nn.Conv3d(8, 3, 1)
        self.register_buffer("classes", torch.tensor([0.0, 1.0, 2.0]).view(1, 3, 1, 1, 1))

    def forward(self, x):
        skip = self.down(x)
        joined = torch.cat([self.up(self.bottom(skip)), skip], dim=1)
        probabilities = F.softmax(self.out(joined), dim=1)
        return (probabilities * self.classes).sum(dim=(1, 2, 3, 4))


class Cnn2d(nn.Module):
    """2D: asymmetric padding and strides, BatchNorm, max pooling in ceil mode, a depthwise conv,
    average pooling that counts padding, a transpose, a flatten through the shape ops, LogSoftmax."""

    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(3, 4, 3, stride=2, padding=(1, 2)), nn.BatchNorm2d(4), nn.ReLU(),
            nn.MaxPool2d(3, stride=2, padding=1, ceil_mode=True),
            nn.Conv2d(4, 4, 3, padding=1, groups=4), nn.Sigmoid(),
            nn.AvgPool2d(2, padding=1, count_include_pad=True))
        self.hidden = nn.Linear(36, 7)
        self.head = nn.Linear(7, 1)

    def forward(self, x):
        x = self.features(x).permute(0, 1, 3, 2)
        x = x.reshape(x.size(0), -1)
        return self.head(F.log_softmax(self.hidden(x), dim=1)).squeeze(1)


class AxisTrap(nn.Module):
    """An asymmetric kernel and an asymmetric weight map: any transposed axis changes the output."""

    def __init__(self, generator):
        super().__init__()
        self.conv = nn.Conv3d(1, 1, (3, 1, 2), bias=False)
        self.register_buffer("weights", torch.randn(1, 1, 7, 7, 4, generator=generator))

    def forward(self, x):
        return (self.conv(x) * self.weights).sum(dim=(1, 2, 3, 4))


class Unsupported(nn.Module):
    def forward(self, x):
        return torch.erf(x).mean(dim=(1, 2, 3, 4))


def save(name, model, inputs, opset, input_names):
    model.eval()
    arguments = tuple(inputs)
    path = OUT / f"{name}.onnx"
    dynamic = {input_name: {0: "batch"} for input_name in input_names}
    dynamic["age"] = {0: "batch"}
    torch.onnx.export(model, arguments, str(path), opset_version=opset, input_names=input_names, output_names=["age"],
                      dynamic_axes=dynamic, do_constant_folding=True)
    leaves = [tensor.clone().requires_grad_(True) for tensor in inputs]
    output = model(*leaves)
    output.sum().backward()
    golden = {"opset": opset, "output": "age", "outputShape": list(output.shape),
              "predictions": [float(v) for v in output.detach().reshape(-1)], "inputs": []}
    for input_name, leaf in zip(input_names, leaves):
        gradient_file = f"{name}.{input_name}.gradient.bin"
        leaf.grad.numpy().astype("<f4").tofile(OUT / gradient_file)
        golden["inputs"].append({"name": input_name, "shape": list(leaf.shape),
                                 "formula": "image" if leaf.dim() > 2 else "context", "gradient": gradient_file})
    (OUT / f"{name}.json").write_text(json.dumps(golden, indent=1) + "\n")
    print(f"{name}: opset {opset}, predictions {golden['predictions']}")


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    torch.manual_seed(2026)
    generator = torch.Generator().manual_seed(2026)
    sfcn = Sfcn()
    randomise_batch_norms(sfcn, generator)
    save("sfcn", sfcn, [image((2, 1, 20, 24, 16))], 11, ["image"])
    save("hybrid", Hybrid(), [image((2, 1, 16, 20, 12)), context((2, 5))], 13, ["image", "context"])
    save("unet", UNet(), [image((2, 1, 16, 16, 8))], 17, ["image"])
    cnn = Cnn2d()
    randomise_batch_norms(cnn, generator)
    save("cnn2d", cnn, [image((2, 3, 17, 13))], 12, ["image"])
    save("axistrap", AxisTrap(generator), [image((2, 1, 9, 7, 5))], 13, ["image"])
    torch.onnx.export(Unsupported(), (image((1, 1, 4, 4, 4)),), str(OUT / "unsupported.onnx"), opset_version=13,
                      input_names=["image"], output_names=["age"])


if __name__ == "__main__":
    main()
