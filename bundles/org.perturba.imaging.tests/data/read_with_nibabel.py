"""Prints, as one JSON object, what nibabel reads from each file named on the command line.

Used by NibabelRoundTripTest: files written by Perturba must read identically in nibabel.
"""
import json
import sys

import nibabel as nib
import numpy as np

summary = {}
for name in sys.argv[1:]:
    image = nib.load(name)
    summary[name] = {
        "dims": list(image.shape),
        "datatype": int(image.header["datatype"]),
        "niftiVersion": 2 if isinstance(image.header, nib.Nifti2Header) else 1,
        "affine": image.affine.tolist(),
        "qformAffine": image.get_qform().tolist(),
        "values": np.asarray(image.dataobj).ravel(order="F").astype(np.float64).tolist(),
    }
json.dump(summary, sys.stdout)
