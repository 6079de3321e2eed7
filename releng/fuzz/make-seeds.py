#!/usr/bin/env python3
"""Writes the seed inputs of the fuzz corpus (bundles/org.perturba.fuzz.tests/corpus/...): small valid
NIfTI-1 and NIfTI-2 images of both byte orders (byte 0 of a niftiRead input is a flag byte: 1 gzip,
2 .hdr/.img pair, see FuzzTargets), experiment files, participants/dseg tables and small ONNX models. Python 3 only."""
import json
import struct
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2] / "bundles/org.perturba.fuzz.tests/corpus/org/perturba/fuzz/tests/PerturbaFuzzTestInputs"
# small ONNX models exported by PyTorch (releng/scripts/make-onnx-fixtures.py)
ONNX_FIXTURES = Path(__file__).resolve().parents[2] / "bundles/org.perturba.onnx.tests/data"
TYPES = {"uint8": (2, "B"), "int16": (4, "h"), "float32": (16, "f"), "float64": (64, "d"), "int64": (1024, "q")}


def nifti1(order, shape, dtype, single=True, slope=0.0, inter=0.0, sform=True):
    code, fmt = TYPES[dtype]
    size = struct.calcsize(fmt)
    h = bytearray(348)
    struct.pack_into(order + "i", h, 0, 348)
    dims = [len(shape)] + list(shape) + [1] * (7 - len(shape))
    struct.pack_into(order + "8h", h, 40, *dims)
    struct.pack_into(order + "hh", h, 70, code, 8 * size)
    struct.pack_into(order + "8f", h, 76, -1.0 if not sform else 1.0, 2, 2, 2, 1, 1, 1, 1)
    offset = 352 if single else 0
    struct.pack_into(order + "3f", h, 108, offset, slope, inter)
    h[123] = 10
    h[148:148 + 4] = b"seed"
    struct.pack_into(order + "hh", h, 252, 1, 1 if sform else 0)
    struct.pack_into(order + "6f", h, 256, 0.0, 0.5, 0.5, -2.0, 3.0, 4.0)
    for r in range(3):
        row = [2.0 if c == r else 0.0 for c in range(3)] + [float(-r)]
        struct.pack_into(order + "4f", h, 280 + 16 * r, *row)
    h[344:348] = b"n+1\0" if single else b"ni1\0"
    n = 1
    for s in shape:
        n *= s
    data = struct.pack(order + str(n) + fmt, *range(n)) if fmt != "f" and fmt != "d" else struct.pack(order + str(n) + fmt, *[i / 2 for i in range(n)])
    return bytes(h) + (b"\0" * 4 if single else b"") + data


def nifti2(order, shape, dtype, single=True, slope=0.0, inter=0.0):
    code, fmt = TYPES[dtype]
    size = struct.calcsize(fmt)
    h = bytearray(540)
    struct.pack_into(order + "i", h, 0, 540)
    h[4:12] = (b"n+2\0" if single else b"ni2\0") + b"\r\n\032\n"
    struct.pack_into(order + "hh", h, 12, code, 8 * size)
    dims = [len(shape)] + list(shape) + [1] * (7 - len(shape))
    struct.pack_into(order + "8q", h, 16, *dims)
    struct.pack_into(order + "8d", h, 104, 1, 1.5, 1.5, 3, 1, 1, 1, 1)
    struct.pack_into(order + "q2d", h, 168, 544 if single else 0, slope, inter)
    h[240:244] = b"seed"
    struct.pack_into(order + "ii", h, 344, 2, 2)
    struct.pack_into(order + "6d", h, 352, 0.1, 0.2, 0.3, 1.0, 2.0, 3.0)
    for r in range(3):
        row = [1.5 if c == r else 0.25 for c in range(3)] + [float(r)]
        struct.pack_into(order + "4d", h, 400 + 32 * r, *row)
    struct.pack_into(order + "ii", h, 500, 10, 0)
    n = 1
    for s in shape:
        n *= s
    data = struct.pack(order + str(n) + fmt, *range(n)) if fmt not in "fd" else struct.pack(order + str(n) + fmt, *[i / 4 for i in range(n)])
    return bytes(h) + (b"\0" * 4 if single else b"") + data


def write(target, name, data):
    folder = ROOT / target
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(data)


def main():
    write("niftiRead", "seed-nifti1-le-uint8", b"\0" + nifti1("<", (3, 2, 2), "uint8"))
    write("niftiRead", "seed-nifti1-le-uint8-gzip", b"\1" + nifti1("<", (3, 2, 2), "uint8"))
    write("niftiRead", "seed-nifti1-be-int16-scaled-qform", b"\0" + nifti1(">", (2, 2, 2), "int16", slope=2, inter=1, sform=False))
    write("niftiRead", "seed-nifti1-le-float32-pair", b"\2" + nifti1("<", (2, 2, 1), "float32", single=False))
    write("niftiRead", "seed-nifti2-le-float32", b"\0" + nifti2("<", (2, 2, 2), "float32"))
    write("niftiRead", "seed-nifti2-be-float64-4d-gzip", b"\1" + nifti2(">", (2, 1, 1, 2), "float64", slope=0.5, inter=-1))
    write("niftiRead", "seed-nifti2-le-int64-pair-gzip", b"\3" + nifti2("<", (2, 2), "int64", single=False))

    full = {
        "name": "seed", "seed": 3,
        "dataset": {"cohort": {"subjects": 60, "grid": 32, "seed": 9, "ageMin": 20, "ageMax": 80}},
        "models": [
            {"id": "cnn", "kind": "conventional", "epochs": 5, "batch": 4, "patience": 3, "augment": False},
            {"id": "hyb", "kind": "hybrid", "context": "soft-tissue-volumes"},
            {"id": "old", "load": "models/old.zip"},
        ],
        "epsilons": [0.005, 0.01, 1e-3],
        "attacks": [
            {"attack": "pgd-linf", "directions": ["up", "down", "untargeted"], "parameters": {"steps": 20, "brain-only": False, "step": 2.5e-3, "norm": "linf"}},
            {"attack": "universal", "models": ["hyb"]},
        ],
        "transfers": [{"attack": "pgd-linf", "from": "cnn", "to": "hyb", "direction": "down"}],
        "attackedSubjects": 12, "universalFitSubjects": 10, "threatModels": ["image-only", "adaptive"],
    }
    write("experimentSpec", "seed-full.json", json.dumps(full, indent=1).encode())
    minimal = {"dataset": {"path": "data/cohort"}, "models": [{"id": "m", "kind": "conventional"}], "epsilons": [0.01]}
    write("experimentSpec", "seed-minimal-path.json", json.dumps(minimal).encode())

    write("participantsTsv", "seed-cohort.tsv", b"participant_id\tage\tsex\nsub-001\t23.5\tF\nsub-002\t71\tM\nsub-003\t4.5e1\tn/a\n")
    write("participantsTsv", "seed-bom-crlf.tsv", "\ufeffage\tparticipant_id\r\n30\tsub-a\r\n\r\n.5\tsub-b\r\n".encode())
    write("dsegTsv", "seed-labels.tsv", b"index\tname\tabbreviation\n0\tbackground\tbg\n1\tLeft-Hippocampus\tlh\n17\tCSF\tcsf\n")
    for model in ("axistrap", "cnn2d", "unsupported"):
        write("onnxModel", f"seed-{model}.onnx", (ONNX_FIXTURES / f"{model}.onnx").read_bytes())


if __name__ == "__main__":
    main()
