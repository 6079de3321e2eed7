#!/usr/bin/python3
"""Regenerates Perturba's embedded anatomy from Debian's mricron-data (apt-get install mricron-data).

Inputs: the Colin27 skull-stripped T1 (ch2bet) and the AAL atlas (116 regions) at 1 mm. Output, in
bundles/org.perturba.anatomy/src/org/perturba/anatomy/template/: both resampled to the 2 mm MNI
grid (91 x 109 x 91). AAL labels grey matter only, so every other brain voxel gets a label too:
ventricles (dark voxels deep inside the brain), other CSF (dark voxels elsewhere: sulci and
surface) and white matter (the rest). dseg.tsv names every label. Run from the repository root:

    /usr/bin/python3 releng/scripts/make-template.py
"""
import os
import sys

import nibabel as nib
import nibabel.processing
import numpy as np
from scipy import ndimage

SOURCE = "/usr/share/mricron/templates"
OUT = os.path.join("bundles", "org.perturba.anatomy", "src", "org", "perturba", "anatomy", "template")
GRID = (91, 109, 91)
AFFINE = np.array([[2.0, 0, 0, -90], [0, 2.0, 0, -126], [0, 0, 2.0, -72], [0, 0, 0, 1]])
VENTRICLES = 117
WHITE_MATTER = 118
OTHER_CSF = 119
# Deep enough that sulcal CSF at the surface is left out, shallow enough to keep the ventricles.
DEPTH_MM = 12
MIN_COMPONENT_MM3 = 200


def fluid_threshold(t1, aal):
    """CSF is far darker than grey matter in T1: about half the median of AAL's grey matter."""
    return 0.55 * np.median(t1[(t1 > 0) & (aal > 0)])


def ventricles(t1, aal):
    """Dark voxels, unlabelled by AAL, deep inside the brain: the ventricular system."""
    brain = ndimage.binary_fill_holes(t1 > 0)
    deep = ndimage.binary_erosion(brain, iterations=DEPTH_MM)
    dark = deep & (aal == 0) & (t1 < fluid_threshold(t1, aal))
    components, count = ndimage.label(dark)
    sizes = ndimage.sum(dark, components, range(1, count + 1))
    keep = np.isin(components, 1 + np.flatnonzero(sizes >= MIN_COMPONENT_MM3))
    return ndimage.binary_closing(keep, iterations=1) & brain & (aal == 0)


def main():
    if not os.path.isdir(OUT):
        sys.exit("run from the repository root: " + OUT + " not found")
    t1_image = nib.load(os.path.join(SOURCE, "ch2bet.nii.gz"))
    aal_image = nib.load(os.path.join(SOURCE, "aal.nii.gz"))
    t1 = np.asarray(t1_image.dataobj).astype(np.float64)
    labels = np.asarray(aal_image.dataobj).astype(np.uint8)
    ventricle_mask = ventricles(t1, labels)
    unlabelled = ndimage.binary_fill_holes(t1 > 0) & (labels == 0) & ~ventricle_mask
    dark = t1 < fluid_threshold(t1, labels)
    labels[ventricle_mask] = VENTRICLES
    labels[unlabelled & ~dark] = WHITE_MATTER
    labels[unlabelled & dark] = OTHER_CSF

    t1_float = nib.Nifti1Image(t1, t1_image.affine)
    t1_2mm = nibabel.processing.resample_from_to(t1_float, (GRID, AFFINE), order=1)
    labels_2mm = nibabel.processing.resample_from_to(nib.Nifti1Image(labels, aal_image.affine), (GRID, AFFINE), order=0)
    t1_out = nib.Nifti1Image(np.clip(np.rint(t1_2mm.get_fdata()), 0, 255).astype(np.uint8), AFFINE)
    t1_out.header["descrip"] = b"Colin27 ch2bet, 2 mm (Perturba)"
    labels_out = nib.Nifti1Image(np.asarray(labels_2mm.dataobj).astype(np.uint8), AFFINE)
    labels_out.header["descrip"] = b"AAL + ventricles, 2 mm (Perturba)"
    for image in (t1_out, labels_out):
        image.set_qform(AFFINE, code=4)
        image.set_sform(AFFINE, code=4)  # MNI 152
    nib.save(t1_out, os.path.join(OUT, "colin27_T1w.nii.gz"))
    nib.save(labels_out, os.path.join(OUT, "colin27_dseg.nii.gz"))

    with open(os.path.join(OUT, "dseg.tsv"), "w") as table:
        table.write("index\tname\n")
        with open(os.path.join(SOURCE, "aal.nii.txt")) as names:
            for line in names:
                fields = line.split()
                if len(fields) >= 2:
                    table.write(f"{int(fields[0])}\t{fields[1]}\n")
        table.write(f"{VENTRICLES}\tVentricles_CSF\n")
        table.write(f"{WHITE_MATTER}\tCerebral_White_Matter\n")
        table.write(f"{OTHER_CSF}\tExtracerebral_CSF\n")

    counts = np.bincount(np.asarray(labels_out.dataobj).ravel(), minlength=VENTRICLES + 1)
    print("mm3: ventricles", counts[VENTRICLES] * 8, "hippocampus L/R", counts[37] * 8, counts[38] * 8,
          "white matter", counts[WHITE_MATTER] * 8, "other CSF", counts[OTHER_CSF] * 8, "all", counts[1:].sum() * 8)


if __name__ == "__main__":
    main()
