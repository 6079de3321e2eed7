#!/usr/bin/python3
"""Trains a small SFCN-style brain-age network in PyTorch and exports it for Perturba.

This stands for a research group's own model: written, trained and exported in PyTorch, then
measured by Perturba. It reads a BIDS-like dataset (participants.tsv with participant_id and age,
sub-*/anat/sub-*_T1w.nii.gz, all on one grid) as a PyTorch user does, with nibabel, so NIfTI voxel
(i, j, k) is tensor element [n, 0, i, j, k]; normalises each image to z-scores over its brain
(non-zero) voxels; trains a network whose age is the expectation of a softmax over age bins (as
SFCN's); and writes OUT.onnx (torch.onnx.export, opset 13, a free batch size) with its model card
OUT.json: the grid and its world affine, the normalisation and the output's meaning.

  python3 train_and_export.py DATASET OUT.onnx [--epochs N] [--seed S]
"""
import argparse
import copy
import csv
import json
import pathlib

import nibabel as nib
import numpy as np
import torch
from torch import nn

BINS = torch.linspace(15, 95, 17)  # age-bin centres, years


class SfcnStyle(nn.Module):
    """Conv-BN-ReLU-pool blocks, global average pooling, dropout, age bins, softmax, expected age."""

    def __init__(self, channels=(8, 16, 32)):
        super().__init__()
        blocks = []
        previous = 1
        for width in channels:
            blocks += [nn.Conv3d(previous, width, 3, padding=1), nn.BatchNorm3d(width), nn.ReLU(), nn.MaxPool3d(2)]
            previous = width
        self.features = nn.Sequential(*blocks)
        self.head = nn.Sequential(nn.Dropout(0.3), nn.Linear(previous, len(BINS)))
        self.register_buffer("centres", BINS.clone())

    def forward(self, x):
        pooled = self.features(x).mean(dim=(2, 3, 4))
        return torch.softmax(self.head(pooled), dim=1) @ self.centres


def z_scores(volume):
    brain = volume != 0
    values = volume[brain]
    return np.where(brain, (volume - values.mean()) / values.std(), 0).astype(np.float32)


def read_dataset(root):
    with open(root / "participants.tsv", newline="") as table:
        rows = list(csv.DictReader(table, delimiter="\t"))
    images, ages, affine = [], [], None
    for row in rows:
        subject = row["participant_id"]
        image = nib.load(str(root / subject / "anat" / f"{subject}_T1w.nii.gz"))
        affine = image.affine if affine is None else affine
        images.append(z_scores(image.get_fdata()))
        ages.append(float(row["age"]))
    return torch.from_numpy(np.stack(images))[:, None], torch.tensor(ages), image.shape, affine


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dataset", type=pathlib.Path)
    parser.add_argument("out", type=pathlib.Path)
    parser.add_argument("--epochs", type=int, default=30)
    parser.add_argument("--seed", type=int, default=1)
    arguments = parser.parse_args()
    torch.manual_seed(arguments.seed)
    images, ages, shape, affine = read_dataset(arguments.dataset)
    order = torch.randperm(len(ages))
    held_out = order[: max(1, len(ages) // 5)]
    training = order[len(held_out):]
    model = SfcnStyle()
    optimiser = torch.optim.Adam(model.parameters(), lr=1e-3)
    best, best_error = None, float("inf")
    for epoch in range(arguments.epochs):
        model.train()
        for batch in training[torch.randperm(len(training))].split(8):
            optimiser.zero_grad()
            loss = nn.functional.l1_loss(model(images[batch]), ages[batch])
            loss.backward()
            optimiser.step()
        model.eval()
        with torch.no_grad():
            error = (model(images[held_out]) - ages[held_out]).abs().mean().item()
        print(f"epoch {epoch + 1}/{arguments.epochs}: training MAE {loss.item():.1f}, held-out MAE {error:.1f} years", flush=True)
        if error < best_error:  # the weights of the best epoch on the held-out subjects are kept
            best, best_error = copy.deepcopy(model.state_dict()), error
    model.load_state_dict(best)
    model.eval()
    torch.onnx.export(model, images[:1], str(arguments.out), opset_version=13, input_names=["t1"], output_names=["age"],
                      dynamic_axes={"t1": {0: "batch"}, "age": {0: "batch"}})
    card = {"grid": {"shape": list(shape), "affine": affine.tolist()}, "normalisation": "z-score"}
    arguments.out.with_suffix(".json").write_text(json.dumps(card, indent=2) + "\n")
    print(f"held-out MAE {best_error:.1f} years; wrote {arguments.out} and {arguments.out.with_suffix('.json')}")


if __name__ == "__main__":
    main()
