#!/usr/bin/python3
"""Builds the imported-model fixtures of releng/org.perturba.releng.tests/data/imported-model.

What a research group brings to Perturba: brain-age networks written and exported by PyTorch
(torch.onnx.export, opset 13, a free batch size), each with its model card, and a scan written by
nibabel on a non-cubic grid whose content is asymmetric along every axis. The golden predictions and
input gradients are PyTorch's on the scan as a PyTorch user reads it,
torch.from_numpy(nib.load(f).get_fdata())[None, None]: a reader or runtime that transposed or flipped
an axis disagrees with them. Run from the repository root.
"""
import json
import math
import pathlib
import shutil

import nibabel as nib
import numpy as np
import torch
from torch import nn

OUT = pathlib.Path(__file__).resolve().parents[2] / "releng/org.perturba.releng.tests/data/imported-model"
GRID = (12, 14, 10)
# 2 mm voxels, x flipped (LAS), the grid placed around the origin as MNI templates are
AFFINE = np.array([[-2.0, 0, 0, 11.0], [0, 2.0, 0, -13.0], [0, 0, 2.0, -9.0], [0, 0, 0, 1]])
CONTEXT_MEANS = [600.0, 450.0, 30.0]
CONTEXT_DEVIATIONS = [60.0, 40.0, 8.0]
CONTEXT_VALUES = [612.5, 431.0, 41.5]


def scan():
    """An asymmetric head: a sine pattern whose frequency differs along i, j and k, 0 on a border (the background)."""
    values = np.zeros(GRID)
    for i, j, k in np.ndindex(*GRID):
        if 0 < i < GRID[0] - 2 and 0 < j < GRID[1] - 1 and 1 < k < GRID[2] - 1:
            values[i, j, k] = 0.55 + 0.4 * math.sin(0.37 * (i + 1) + 0.91 * (j + 1) + 0.23 * (k + 1) ** 1.3)
    return values


class ImageBranch(nn.Module):
    def __init__(self):
        super().__init__()
        self.layers = nn.Sequential(
            nn.Conv3d(1, 4, 3, padding=1), nn.BatchNorm3d(4), nn.ReLU(), nn.MaxPool3d(2),
            nn.Conv3d(4, 6, (3, 1, 2), padding=(1, 0, 1)), nn.ReLU())

    def forward(self, x):
        return torch.flatten(self.layers(x), 1)


class BrainAge(nn.Module):
    """Image only, a soft-classification head: the age is the expectation over bins from 20 to 90 years."""

    def __init__(self):
        super().__init__()
        self.image = ImageBranch()
        self.bins = nn.Linear(6 * 6 * 7 * 6, 8)
        self.register_buffer("centres", torch.linspace(20, 90, 8))

    def forward(self, x):
        return torch.softmax(self.bins(self.image(x)), dim=1) @ self.centres


class HybridAge(nn.Module):
    """An image and three standardised regional volumes; a standardised age out (the card scales it)."""

    def __init__(self):
        super().__init__()
        self.image = ImageBranch()
        self.reduce = nn.Linear(6 * 6 * 7 * 6, 5)
        self.head = nn.Linear(5 + 3, 1)

    def forward(self, x, c):
        return self.head(torch.cat([torch.tanh(self.reduce(self.image(x))), c], dim=1))


def randomise_batch_norms(model, generator):
    for module in model.modules():
        if isinstance(module, nn.BatchNorm3d):
            size = module.num_features
            module.running_mean.copy_(torch.randn(size, generator=generator) * 0.3)
            module.running_var.copy_(torch.rand(size, generator=generator) + 0.5)


def export(model, name, inputs, input_names):
    dynamic = {input_name: {0: "batch"} for input_name in input_names}
    dynamic["age"] = {0: "batch"}
    torch.onnx.export(model, inputs, str(OUT / (name + ".onnx")), opset_version=13, input_names=input_names,
                      output_names=["age"], dynamic_axes=dynamic)


def card(name, normalisation, extra=None):
    content = {"grid": {"shape": list(GRID), "affine": AFFINE.tolist()}, "normalisation": normalisation}
    content.update(extra or {})
    (OUT / (name + ".json")).write_text(json.dumps(content, indent=2) + "\n")


def write_gradient(name, gradient):
    nib.save(nib.Nifti1Image(gradient.astype(np.float32), AFFINE), str(OUT / (name + ".gradient.nii.gz")))


def z_scores(x):
    brain = x != 0
    values = x[brain]
    mean = values.mean()
    deviation = torch.sqrt(((values - mean) ** 2).mean())
    return torch.where(brain, (x - mean) / deviation, torch.zeros_like(x))


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    torch.manual_seed(22)
    generator = torch.Generator().manual_seed(22)
    nib.save(nib.Nifti1Image(scan().astype(np.float32), AFFINE), str(OUT / "scan.nii.gz"))
    # a scan elsewhere in the world and one without world coordinates: neither is in the models' space
    nib.save(nib.Nifti1Image(scan().astype(np.float32), AFFINE @ np.array(
        [[1, 0, 0, 400], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]])), str(OUT / "elsewhere.nii.gz"))
    unplaced = nib.Nifti1Image(scan()[:10, :10, :10].astype(np.float32), None)
    unplaced.header.set_sform(None, code=0)
    unplaced.header.set_qform(None, code=0)
    nib.save(unplaced, str(OUT / "unplaced.nii.gz"))

    # as a PyTorch user reads it
    stored = torch.from_numpy(nib.load(str(OUT / "scan.nii.gz")).get_fdata()).float()[None, None]
    golden = {}

    brain_age = BrainAge().eval()
    randomise_batch_norms(brain_age, generator)
    export(brain_age, "brain-age", (stored,), ["t1"])
    card("brain-age", "none")
    x = stored.clone().requires_grad_(True)
    age = brain_age(x)
    age.sum().backward()
    golden["brain-age"] = {"prediction": age.item()}
    write_gradient("brain-age", x.grad[0, 0].numpy())

    # the same network reading z-scores over the brain, which Perturba computes for it
    shutil.copyfile(OUT / "brain-age.onnx", OUT / "brain-age-z.onnx")
    card("brain-age-z", "z-score")
    x = stored.clone().requires_grad_(True)
    age = brain_age(z_scores(x))
    age.sum().backward()
    golden["brain-age-z"] = {"prediction": age.item()}
    write_gradient("brain-age-z", x.grad[0, 0].numpy())

    hybrid = HybridAge().eval()
    randomise_batch_norms(hybrid, generator)
    standardised = torch.tensor([[(v - m) / d for v, m, d in zip(CONTEXT_VALUES, CONTEXT_MEANS, CONTEXT_DEVIATIONS)]])
    export(hybrid, "hybrid-age", (stored, standardised), ["t1", "volumes"])
    card("hybrid-age", "none", {
        "output": "age",
        "age": {"scale": 12.0, "offset": 55.0},
        "context": {"input": "volumes", "extractor": "label-volumes", "names": ["grey", "white", "csf"],
                    "means": CONTEXT_MEANS, "deviations": CONTEXT_DEVIATIONS}})
    x = stored.clone().requires_grad_(True)
    age = hybrid(x, standardised) * 12.0 + 55.0
    age.sum().backward()
    golden["hybrid-age"] = {"contextValues": CONTEXT_VALUES, "prediction": age.item()}
    write_gradient("hybrid-age", x.grad[0, 0].numpy())

    (OUT / "golden.json").write_text(json.dumps(golden, indent=2) + "\n")


if __name__ == "__main__":
    main()
