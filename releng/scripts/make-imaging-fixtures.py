#!/usr/bin/python3
"""Regenerates the NIfTI fixtures of org.perturba.imaging.tests and their golden values.

Every fixture is written, and every golden value computed, by nibabel (Debian python3-nibabel,
with numpy and scipy), the reference reader Perturba must agree with. Two real files are copied
from nibabel's own test data (MIT licence, credited in NOTICE). Run from the repository root:

    /usr/bin/python3 releng/scripts/make-imaging-fixtures.py

The output is deterministic for a given nibabel/numpy/scipy; the versions used are recorded in
golden.json.
"""
import json
import os
import shutil
import sys

import nibabel as nib
import nibabel.processing
import numpy as np
import scipy

OUT = os.path.join("bundles", "org.perturba.imaging.tests", "data")
NIBABEL_DATA = os.path.join(os.path.dirname(nib.__file__), "tests", "data")
SAMPLES_PER_FILE = 12


def rotation(ax, ay, az):
    cx, sx, cy, sy, cz, sz = np.cos(ax), np.sin(ax), np.cos(ay), np.sin(ay), np.cos(az), np.sin(az)
    rx = np.array([[1, 0, 0], [0, cx, -sx], [0, sx, cx]])
    ry = np.array([[cy, 0, sy], [0, 1, 0], [-sy, 0, cy]])
    rz = np.array([[cz, -sz, 0], [sz, cz, 0], [0, 0, 1]])
    return rz @ ry @ rx


def affine(linear, offset):
    result = np.eye(4)
    result[:3, :3] = linear
    result[:3, 3] = offset
    return result


def ramp(shape, dtype, scale=1.0, offset=0.0):
    values = np.arange(np.prod(shape), dtype=np.float64).reshape(shape, order="F")
    return (values * scale + offset).astype(dtype)


def make_fixtures(rng):
    """Writes the synthetic fixtures; returns their file names (the first of a pair)."""
    names = []

    def save(image, name):
        nib.save(image, os.path.join(OUT, name))
        names.append(name)

    oblique = affine(rotation(0.3, -0.2, 0.5) @ np.diag([1.5, 2.0, 2.5]), [-10.0, 20.5, -30.25])
    image = nib.Nifti1Image(rng.normal(100, 20, (7, 6, 5)).astype(np.float32), oblique)
    image.set_qform(affine(np.diag([3.0, 3.0, 3.0]), [1, 2, 3]), code=1)  # must lose to the sform
    image.set_sform(oblique, code=2)
    save(image, "oblique_sform.nii.gz")

    left_handed = affine(rotation(0.1, 0.2, -0.4) @ np.diag([1.2, 1.2, -3.0]), [5, -6, 7])
    image = nib.Nifti1Image(ramp((6, 5, 4), np.int16, 3, -40), None)
    image.set_qform(left_handed, code=1)
    image.set_sform(None, code=0)
    assert image.header["pixdim"][0] == -1, "the qform must be stored with qfac -1"
    save(image, "qform_qfac_negative.nii")

    image = nib.Nifti1Image(ramp((5, 4, 3), np.uint8), np.diag([2.0, 2.0, 2.0, 1.0]))
    image.header.set_slope_inter(0.5, -3.0)
    save(image, "scaled_uint8.nii")

    permuted = np.zeros((4, 4))
    permuted[[2, 0, 1], [0, 1, 2]] = [1.0, -2.0, 3.0]  # i runs superior, j left, k anterior
    permuted[:, 3] = [12, -8, 4, 1]
    save(nib.Nifti1Image(rng.uniform(-1, 1, (4, 5, 6)), permuted), "permuted_axes.nii.gz")

    save(nib.Nifti1Image(ramp((6, 5, 4, 3), np.int16, 1, -100), np.diag([2.0, 2.0, 2.0, 1.0])), "timeseries_4d.nii.gz")
    save(nib.Nifti1Image(ramp((4, 3, 2, 1), np.float32, 0.25), np.diag([1.0, 1.0, 1.0, 1.0])), "single_frame_4d.nii")

    image = nib.Nifti1Image(ramp((5, 4, 3), np.int32, 7, -50), np.diag([1.0, 1.5, 2.0, 1.0]))
    image.header.extensions.append(nib.nifti1.Nifti1Extension("comment", b"Perturba fixture: extension skipped through vox_offset"))
    image.header.extensions.append(nib.nifti1.Nifti1Extension("afni", b"<AFNI_attributes />" + b" " * 50))
    save(image, "extensions.nii")

    values = rng.normal(0, 1, (5, 4, 3)).astype(np.float32)
    values[0, 0, 0], values[1, 2, 0], values[4, 3, 2], values[2, 1, 1] = np.nan, np.inf, -np.inf, np.nan
    save(nib.Nifti1Image(values, np.diag([1.0, 1.0, 1.0, 1.0])), "nan_inf.nii")

    save(nib.Nifti1Pair(ramp((6, 4, 3), np.uint16, 150), affine(np.diag([-1.0, 1.0, 1.5]), [3, -2, -1])), "pair.hdr")

    header = nib.Nifti1Header(endianness=">")
    save(nib.Nifti1Image(rng.normal(0, 1e6, (4, 4, 3)), oblique, header), "big_endian_float64.nii")

    image = nib.Nifti2Image(ramp((5, 4, 3), np.int64, -(2**40), 2**41), oblique, dtype=np.int64)
    save(image, "nifti2_int64.nii.gz")
    return names


def statistics(values):
    finite = values[np.isfinite(values)]
    present = finite.size > 0
    return {
        "min": float(finite.min()) if present else None,
        "max": float(finite.max()) if present else None,
        "mean": float(finite.mean()) if present else None,
        "nonFinite": int(values.size - finite.size),
    }


def golden(name, rng):
    image = nib.load(os.path.join(OUT, name))
    header = image.header
    values = image.get_fdata(dtype=np.float64)
    shape = image.shape
    samples = []
    for _ in range(SAMPLES_PER_FILE):
        index = tuple(int(rng.integers(0, n)) for n in shape)
        samples.append({"index": list(index), "value": float(values[index])})
    entry = {
        "dims": [int(n) for n in shape],
        "pixdim": [float(z) for z in header.get_zooms()],
        "datatype": int(header["datatype"]),
        "niftiVersion": 2 if isinstance(header, nib.Nifti2Header) else 1,
        "byteOrder": "big" if header.endianness == ">" else "little",
        "affine": image.affine.tolist(),
        "orientation": "".join(nib.aff2axcodes(image.affine)),
        "samples": samples,
    }
    entry.update(statistics(values))
    return entry


def resample_reference(goldens):
    """A trilinear and a nearest-neighbour reslicing of the real anatomy onto an oblique 3 mm grid."""
    stored = nib.load(os.path.join(OUT, "anatomical.nii"))
    source = nib.Nifti1Image(stored.get_fdata(), stored.affine)  # float, or scipy rounds to the int16 input type
    grid = (18, 22, 14)
    target = affine(rotation(0.15, 0.0, -0.25) @ np.diag([3.0, 3.0, 3.0]), [-22.0, -38.0, -14.0])
    for order, name in [(1, "anatomical_trilinear.nii.gz"), (0, "anatomical_nearest.nii.gz")]:
        resliced = nibabel.processing.resample_from_to(source, (grid, target), order=order, mode="constant", cval=0.0)
        nib.save(nib.Nifti1Image(resliced.get_fdata().astype(np.float32), target), os.path.join(OUT, name))
    values = stored.get_fdata()
    finite = values[np.isfinite(values)]
    goldens["anatomical.nii"]["percentiles"] = {str(p): float(np.percentile(finite, p)) for p in (0.5, 1, 50, 99, 99.5)}


def main():
    if not os.path.isdir(OUT):
        sys.exit("run from the repository root: " + OUT + " not found")
    rng = np.random.default_rng(20201127)
    names = make_fixtures(rng)
    for real in ("anatomical.nii", "example_nifti2.nii.gz"):
        shutil.copyfile(os.path.join(NIBABEL_DATA, real), os.path.join(OUT, real))
        names.append(real)
    goldens = {name: golden(name, rng) for name in sorted(names)}
    resample_reference(goldens)
    document = {
        "generator": "releng/scripts/make-imaging-fixtures.py",
        "versions": {"nibabel": nib.__version__, "numpy": np.__version__, "scipy": scipy.__version__},
        "files": goldens,
    }
    with open(os.path.join(OUT, "golden.json"), "w") as out:
        json.dump(document, out, indent=1)
        out.write("\n")


if __name__ == "__main__":
    main()
