#!/usr/bin/python3
"""Perturba against the tools a user would otherwise pick (nibabel for NIfTI, PyTorch for the
models and attacks), side by side on this machine. Drives the Java side (PerturbaBench, a server
on stdin/stdout started once) and runs the reference side in this process, alternating one
repetition of each (the order flips every repetition), so that load from elsewhere hits both
sides alike. Writes Markdown tables (BENCHMARKS.md) and the raw numbers (JSON).

Run it through bench/run, which builds the product and the Java side first.
"""
import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
IO_SHAPE = (182, 218, 182)
MICRO_CASES = [("decode-uint8", "decode a uint8 1 mm volume to floats (`NiftiImage.toVolume`)"),
               ("encode-uint8", "encode a float 1 mm volume as uint8 (`NiftiImage.of`)"),
               ("reslice-trilinear-64", "trilinear reslice, 1 mm head → 64³ grid (`Reslicer`)"),
               ("reslice-trilinear-1mm", "trilinear reslice, 1 mm → 1 mm shifted, 7.2 M samples"),
               ("normalise", "robust-percentile normalisation of a 1 mm volume"),
               ("project-linf-64", "L∞ projection, batch 8 at 64³ (`Budget.project`)"),
               ("project-l2-64", "L2 projection, batch 8 at 64³ (`Budget.project`)"),
               ("perceptibility-64", "L∞, L2, PSNR, SSIM of one 64³ pair (`Perceptibility.of`)")]
# untimed runs of each operation of the first model, so that the JIT has compiled DL4J's Java side
JIT_WARMUP_STEPS = 30
MODEL_OPERATIONS = [("train", "training step"), ("forward", "forward pass"), ("gradient", "input gradient"),
                    ("pgd", "one PGD step (L∞)"), ("universal", "one universal-perturbation step")]
CONTEXT_FEATURES = 100  # as PerturbaBench.CONTEXT_FEATURES
BATCH = 8
# the grid the JIT warm-up runs on, whichever grids are measured: DL4J's Java side is the same code at
# any size, and 32³ steps are cheap
JIT_WARMUP_GRID = "32"
# runs of an operation in each memory process: past DL4J's workspace sizing (one iteration per vertex)
MEMORY_STEPS = 15
MEMORY_OPERATIONS = [("train", "training step"), ("gradient", "input gradient")]
# what an imported model is used for: predictions and the input gradients every attack takes
ONNX_OPERATIONS = [("forward", "forward pass"), ("gradient", "input gradient")]
ONNX_OPSET = 13
# the 1 mm MNI grid (182x218x182) rounded up to sides five poolings divide, as --grid 1mm gives it
GRID_1MM = (192, 224, 192)
# (subjects, grid side) of the measured scaling runs: subjects doubled at 32³, voxels grown at 100 subjects
SCALING_RUNS = [(100, 32), (200, 32), (400, 32), (100, 48), (100, 64)]
SCALING_EPOCHS = 5
SCALING_PGD_STEPS = 20


def load_average():
    return os.getloadavg()


# ---------------------------------------------------------------- reference side: nibabel
def make_volumes(directory):
    """A synthetic 1 mm T1-like head, 182x218x182: an ellipsoid of smoothly varying tissue with noise
    on a zero background, as float32 and uint8, .nii and .nii.gz, written by nibabel."""
    import nibabel as nib
    directory.mkdir(parents=True, exist_ok=True)
    if all((directory / f"volume-{t}.{e}").exists() for t in ("float32", "uint8") for e in ("nii", "nii.gz")):
        return
    rng = np.random.default_rng(7)
    x, y, z = np.meshgrid(*(np.linspace(-1, 1, n, dtype=np.float32) for n in IO_SHAPE), indexing="ij")
    r = np.sqrt((x / 0.8) ** 2 + (y / 0.85) ** 2 + (z / 0.8) ** 2)
    tissue = 0.55 + 0.3 * np.cos(9 * r) * np.cos(5 * x) + 0.05 * rng.standard_normal(IO_SHAPE, dtype=np.float32)
    volume = np.where(r < 1, np.clip(tissue, 0.01, 1), 0).astype(np.float32) * 1000
    affine = np.array([[-1, 0, 0, 90], [0, 1, 0, -126], [0, 0, 1, -72], [0, 0, 0, 1]], dtype=float)
    for extension in ("nii", "nii.gz"):
        nib.save(nib.Nifti1Image(volume, affine), directory / f"volume-float32.{extension}")
        scaled = np.clip(np.rint(volume * 255 / volume.max()), 0, 255).astype(np.uint8)
        nib.save(nib.Nifti1Image(scaled, affine), directory / f"volume-uint8.{extension}")


class NibabelCases:
    def __init__(self, directory):
        import nibabel as nib
        self.nib = nib
        self.directory = directory
        source = nib.load(directory / "volume-float32.nii", mmap=False)
        self.volume = source.get_fdata(dtype=np.float32)
        self.affine = source.affine

    def operation(self, name):
        nib = self.nib
        _, operation, dtype, extension = name.split(".", 3)
        path = self.directory / f"volume-{dtype}.{extension}"
        if operation == "read":  # voxels in their stored type, read into memory (no lazy memory map)
            return lambda: np.asanyarray(nib.load(path, mmap=False).dataobj)
        if operation == "load":  # a float32 array of scaled values
            return lambda: nib.load(path, mmap=False).get_fdata(dtype=np.float32)
        if operation == "write":
            target = self.directory / f"nibabel-out-{dtype}.{extension}"

            def write():
                data = self.volume if dtype == "float32" else np.clip(np.rint(self.volume), 0, 255).astype(np.uint8)
                nib.save(nib.Nifti1Image(data, self.affine), target)
            return write
        raise ValueError(name)


# ---------------------------------------------------------------- reference side: PyTorch
class TorchCases:
    def __init__(self):
        import torch
        sys.path.insert(0, str(Path(__file__).resolve().parent / "reference"))
        import brain_age_torch
        torch.set_num_threads(2)
        self.torch = torch
        self.models = brain_age_torch
        self.cache = {}

    def operation(self, name):
        _, kind, grid, operation = name.split(".", 3)
        return self.steps(kind, grid).operation(operation)

    def steps(self, kind, grid):
        key = (kind, grid)
        if key not in self.cache:  # one model alive at a time
            self.cache = {key: self.models.steps(kind, grid_shape(grid), BATCH, CONTEXT_FEATURES)}
        return self.cache[key]

    def export_onnx(self, kind, grid, directory):
        """The reference network as a user would export it (torch.onnx.export, opset 13, batch left
        free), for Perturba's ONNX runtime to run in the onnx.* cases."""
        path = directory / f"onnx-{kind}-{grid}.onnx"
        net = self.steps(kind, grid).net.eval()
        example = self.torch.zeros(1, 1, *grid_shape(grid))
        self.torch.onnx.export(net, (example,), str(path), opset_version=ONNX_OPSET, input_names=["image"],
                               output_names=["age"], dynamic_axes={"image": {0: "batch"}, "age": {0: "batch"}})
        return path

    def require_same_network(self, kind, grid, perturba):
        """Stops when the reference network's parameter count differs from Perturba's (another number
        of blocks or channels): the comparison would be of different networks."""
        ours = sum(parameter.numel() for parameter in self.steps(kind, grid).net.parameters())
        theirs = perturba.parameters(kind, grid)
        if ours != theirs:
            raise RuntimeError(f"{kind} {grid_label(grid)}: PyTorch's network has {ours} parameters, "
                               f"Perturba's {theirs}: brain_age_torch.py no longer mirrors BrainAgeNetworks")


# ---------------------------------------------------------------- grids
def grid_key(shape):
    """How case names write a grid: 32 for a cube (as before non-cubic grids), else 96x112x96."""
    return str(shape[0]) if len(set(shape)) == 1 else "x".join(map(str, shape))


def grid_shape(key):
    sides = tuple(int(side) for side in key.split("x"))
    return sides * 3 if len(sides) == 1 else sides


def grid_label(key, requests=None):
    """32³, 96×112×96, or 96×112×96 (2mm) where the grid was asked for as a voxel size."""
    shape = grid_shape(key)
    label = f"{shape[0]}³" if len(set(shape)) == 1 else "×".join(map(str, shape))
    request = (requests or {}).get(key)
    return f"{label} ({request})" if request and request.endswith("mm") else label


def voxels(key):
    i, j, k = grid_shape(key)
    return i * j * k


# ---------------------------------------------------------------- Perturba side
class PerturbaServer:
    def __init__(self, classpath, java_options):
        command = ["java", *java_options, "-cp", classpath, "org.perturba.bench.PerturbaBench"]
        self.process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1)
        hello = self.process.stdout.readline().split()
        if not hello or hello[0] != "ready":
            raise RuntimeError("the Java side did not start: " + " ".join(hello))
        self.backend = " ".join(hello[1:])

    def ask(self, request, expected):
        self.process.stdin.write(request + "\n")
        self.process.stdin.flush()
        answer = self.process.stdout.readline().split(maxsplit=1)
        if not answer or answer[0] != expected:
            raise RuntimeError(f"{request}: {' '.join(answer) or 'the Java side died'}")
        return answer[1]

    def run(self, case, directory):
        return float(self.ask(f"{case} {directory}", "ms"))

    def parameters(self, kind, grid):
        """How many parameters Perturba's network of the kind has on the grid."""
        return int(self.ask(f"parameters {kind} {grid}", "parameters"))

    def grid(self, request):
        """The shape a --grid value (32, 96x112x96, 2mm) stands for, as Perturba resolves it."""
        return tuple(int(side) for side in self.ask(f"grid {request}", "grid").split())

    def peak_rss_mb(self, field="VmHWM:"):
        try:
            for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
                if line.startswith(field):
                    return int(line.split()[1]) / 1024
        except OSError:
            pass
        return float("nan")

    def close(self):
        try:
            self.process.stdin.write("quit\n")
            self.process.stdin.close()
        except OSError:
            pass
        self.process.wait(timeout=60)


def memory(kind, grid, operation, classpath, java_options, log):
    """Peak memory of one operation on both sides, each in a fresh process of its own (see
    PerturbaBench.memory and reference/torch_memory.py): resident MB before set-up and the peak since."""
    case = f"model.{kind}.{grid}.{operation}"
    java = ["java", *java_options, "-cp", classpath, "org.perturba.bench.PerturbaBench", "memory", case,
            str(MEMORY_STEPS)]
    torch = [sys.executable, str(Path(__file__).resolve().parent / "reference" / "torch_memory.py"), kind,
             "x".join(map(str, grid_shape(grid))), operation, str(MEMORY_STEPS), str(BATCH), str(CONTEXT_FEATURES)]
    result = {"case": case, "load_1min": [load_average()[0]]}
    for side, command in (("perturba", java), ("reference", torch)):
        completed = subprocess.run(command, capture_output=True, text=True)
        answer = completed.stdout.split()
        if completed.returncode != 0 or len(answer) != 3 or answer[0] != "mb":
            log(completed.stderr[-3000:])
            raise RuntimeError(f"memory of {case} ({side}) failed")
        result[f"{side}_mb"] = [float(answer[1]), float(answer[2])]
    result["load_1min"].append(load_average()[0])
    p, r = (result[f"{side}_mb"][1] - result[f"{side}_mb"][0] for side in ("perturba", "reference"))
    log(f"{case:45s} perturba {p:7.0f} MB  reference {r:7.0f} MB above the idle process, batch {BATCH}")
    return result


def merged(previous, current):
    """Previous results with the cases measured again replaced, in the previous order, new cases after."""
    fresh = {r["case"]: r for r in current}
    kept = [fresh.pop(r["case"], r) for r in previous]
    return kept + [r for r in current if r["case"] in fresh]


def timed(operation):
    start = time.perf_counter()
    operation()
    return (time.perf_counter() - start) * 1000


def micro(case, perturba, directory, warmup, repetitions, log):
    """A Perturba-only case: warm-up, then repetitions; no reference."""
    load_before = load_average()
    for _ in range(warmup):
        perturba.run(case, directory)
    times = [perturba.run(case, directory) for _ in range(repetitions)]
    result = {"case": case, "perturba_ms": times, "load_1min": [load_before[0], load_average()[0]]}
    log(f"{case:45s} perturba {statistics.median(times):9.2f} ms  load {max(result['load_1min']):.2f}")
    return result


def compare(case, perturba, reference, directory, warmup, repetitions, log):
    """Warm-up, then alternating repetitions (P,R then R,P ...); returns the summary of one case."""
    load_before = load_average()
    for _ in range(warmup):
        perturba.run(case, directory)
        timed(reference)
    p_times, r_times = [], []
    for repetition in range(repetitions):
        if repetition % 2 == 0:
            p_times.append(perturba.run(case, directory))
            r_times.append(timed(reference))
        else:
            r_times.append(timed(reference))
            p_times.append(perturba.run(case, directory))
    load_after = load_average()
    result = {"case": case, "perturba_ms": p_times, "reference_ms": r_times,
              "load_1min": [load_before[0], load_after[0]]}
    p, r = statistics.median(p_times), statistics.median(r_times)
    log(f"{case:45s} perturba {p:9.1f} ms  reference {r:9.1f} ms  ratio {p / r:5.2f}  "
        f"load {load_before[0]:.2f}->{load_after[0]:.2f}  java rss {perturba.peak_rss_mb('VmRSS:'):.0f} MB")
    return result


# ---------------------------------------------------------------- machine and report
def machine(backend):
    def first(path, key):
        try:
            for line in Path(path).read_text().splitlines():
                if line.startswith(key):
                    return line.split(":", 1)[1].strip()
        except OSError:
            pass
        return "?"
    java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()
    import nibabel
    try:
        import torch
        torch_version = torch.__version__
    except ImportError:
        torch_version = "not installed"
    return {
        "cpu": first("/proc/cpuinfo", "model name"),
        "cores": os.cpu_count(),
        "memory": first("/proc/meminfo", "MemTotal"),
        "os": platform.platform(),
        "java": java[0] if java else "?",
        "nd4j backend": f"{backend} (natives: {os.environ.get('BENCH_ND4J_NATIVES', '?').strip()})",
        "threads": f"OMP_NUM_THREADS={os.environ.get('OMP_NUM_THREADS', 'unset')}, torch.set_num_threads(2)",
        "python": platform.python_version(),
        "numpy": np.__version__,
        "nibabel": nibabel.__version__,
        "torch": torch_version,
        "OMP_WAIT_POLICY": os.environ.get("OMP_WAIT_POLICY", "unset"),
    }


def stats(values):
    return statistics.median(values), min(values), max(values)


def ratio_cell(result):
    p = statistics.median(result["perturba_ms"])
    r = statistics.median(result["reference_ms"])
    ratio = p / r
    mark = "" if ratio <= 1.0 else " ⚠"
    return f"**{ratio:.2f}**{mark}"


def row(label, result):
    pm, pl, ph = stats(result["perturba_ms"])
    rm, rl, rh = stats(result["reference_ms"])
    load = max(result["load_1min"])
    return (f"| {label} | {pm:.1f} ({pl:.1f}–{ph:.1f}) | {rm:.1f} ({rl:.1f}–{rh:.1f}) | {ratio_cell(result)} "
            f"| {load:.2f}{' (high)' if load > 1.5 else ''} |")


def report(path, info, settings, io_results, model_results, end_to_end, scaling, started, micro_results=(),
           scaling_runs=(), memory_results=(), grid_requests=None, onnx_results=()):
    lines = ["# Benchmarks", "",
             f"Written by `bench/run` on {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime(started))}. "
             f"Times in milliseconds: median of {settings['repetitions']} repetitions after "
             f"{settings['warmup']} warm-up runs ({settings.get('model_warmup', settings['warmup'])} for the models "
             "and attacks, which DL4J and PyTorch settle into over their first iterations), (min–max). "
             "Perturba and the reference ran alternately, one repetition each, in one process pair; **ratio = Perturba / reference** (≤ 1 means Perturba is no "
             "slower; ⚠ marks where it is). *load* is the highest 1-minute load average seen during the row; "
             "rows above 1.5 were measured while other work shared the CPUs.", "",
             "## Machine", ""]
    lines += [f"- {key}: {value}" for key, value in info.items()]
    if io_results:
        lines += ["", f"## NIfTI IO: a 1 mm {IO_SHAPE[0]}×{IO_SHAPE[1]}×{IO_SHAPE[2]} volume, Perturba vs nibabel", "",
                  "- read: the voxels in their stored type (`NiftiReader.read` vs `np.asanyarray(nib.load(f, mmap=False).dataobj)`)",
                  "- load: a float32 volume of scaled values (`readVolume(f)` vs `get_fdata(dtype=np.float32)`)",
                  "- write: from a float32 volume in memory to the file type (`NiftiWriter.write(NiftiImage.of(...))` vs "
                  "`nib.save(Nifti1Image(...))`)", "",
                  "| operation | Perturba ms | nibabel ms | ratio | load |", "|---|---|---|---|---|"]
        lines += [row(r["case"][3:], r) for r in io_results]
    if model_results:
        lines += ["", f"## Models and attacks: batch {BATCH}, float32, 2 threads, Perturba (DL4J/ND4J) vs PyTorch", "",
                  "The networks of `BrainAgeNetworks` (conventional; hybrid with "
                  f"{CONTEXT_FEATURES} context features) and their PyTorch re-implementation in "
                  "`bench/reference/brain_age_torch.py`, with as many convolution blocks as `BrainAgeNetworks` "
                  "gives the grid (3 up to 64³ voxels, 4 at 2 mm; the parameter counts are checked equal). "
                  "Perturba side: `ComputationGraph.fit`, "
                  "`GraphBrainAgeModel.predictAges` / `ageGradients`, one step of `ProjectedGradientAscent` with "
                  "an L∞ `Budget` (brain only), `UniversalPerturbationAttack.fit` over one batch for one epoch.", "",
                  "| model | grid | operation | Perturba ms | PyTorch ms | ratio | load |", "|---|---|---|---|---|---|---|"]
        labels = dict(MODEL_OPERATIONS)
        for r in model_results:
            _, kind, grid, operation = r["case"].split(".")
            lines.append(row(f"{kind} | {grid_label(grid, grid_requests)} | {labels[operation]}", r))
    if onnx_results:
        lines += ["", f"## Imported models: a network exported from PyTorch, on Perturba's ONNX runtime vs PyTorch", "",
                  "The conventional network of `bench/reference/brain_age_torch.py` (the one in the table above) "
                  f"exported by `torch.onnx.export` (opset {ONNX_OPSET}) and run by `OnnxNetwork` "
                  "(`bundles/org.perturba.onnx`): `run` for the forward pass, `gradients` for the input gradient, "
                  f"batch {BATCH}; PyTorch runs the same network in eager mode, as in the table above. "
                  "PyTorch's times depend on the state of glibc's allocator in its process (fresh, as in a "
                  "`--only onnx` run, or after larger work); \"Imported models: the ONNX runtime on PyTorch's "
                  "footing\" below gives both, and its best.", "",
                  "| grid | operation | Perturba ms | PyTorch ms | ratio | load |", "|---|---|---|---|---|---|"]
        labels = dict(ONNX_OPERATIONS)
        for r in onnx_results:
            _, kind, grid, operation = r["case"].split(".")
            lines.append(row(f"{grid_label(grid, grid_requests)} | {labels[operation]}", r))
    if memory_results:
        lines += memory_section(memory_results, grid_requests)
    if scaling:
        lines += ["", "## Cost against subjects and voxels (conventional model, estimated from the steps above)", "",
                  "Seconds for one training epoch plus a 10-step PGD attack on every subject "
                  "(subjects / 8 batches × (training step + 10 PGD steps)): linear in subjects by construction; "
                  "the growth with the grid is measured.", "",
                  "| subjects | grid | Perturba s | PyTorch s |", "|---|---|---|---|"]
        lines += scaling
        lines += cost_per_voxel(model_results, grid_requests)
    if scaling_runs:
        lines += ["", "## Cost against subjects and voxels, measured end to end", "",
                  f"`perturba run` of one experiment per row: a cohort generated on the grid, a conventional model "
                  f"trained for {SCALING_EPOCHS} epochs on its 70 % training split, then {SCALING_PGD_STEPS}-step "
                  "PGD (L∞, ε 0.01) on every test subject (15 %). Stage times come from the run's progress lines; "
                  "*data* is generating and preparing the cohort; the last two columns divide a stage's time by the "
                  "subjects it handles (flat down the 32³ rows = linear in subjects).", "",
                  "| subjects | grid | data s | training s | attack s | total s | peak RSS | "
                  "training ms per subject-epoch | attack ms per subject | load |",
                  "|---|---|---|---|---|---|---|---|---|---|"]
        for r in scaling_runs:
            trained = r["subjects"] * 0.7 * SCALING_EPOCHS
            attacked = r["subjects"] * 0.15
            lines.append(f"| {r['subjects']} | {r['side']}³ | {r['cohort_s']:.0f} | {r['training_s']:.0f} | "
                         f"{r['attack_s']:.0f} | {r['wall_s']:.0f} | {r['peak_rss_mb']:.0f} MB | "
                         f"{1000 * r['training_s'] / trained:.0f} | {1000 * r['attack_s'] / attacked:.0f} | "
                         f"{r['load']:.2f} |")
    if micro_results:
        lines += ["", "## Micro-benchmarks: hand-written hot loops (Perturba only)", "",
                  f"Each call timed on its own after {3 * settings['warmup']} warm-up calls; "
                  f"median of {3 * settings['repetitions']} (min–max). No reference: these guide optimisation.", "",
                  "| loop | ms | load |", "|---|---|---|"]
        labels = dict(MICRO_CASES)
        for r in micro_results:
            m, lo, hi = stats(r["perturba_ms"])
            lines.append(f"| {labels[r['case'][6:]]} | {m:.2f} ({lo:.2f}–{hi:.2f}) | {max(r['load_1min']):.2f} |")
    if end_to_end:
        lines += ["", "## End to end: `./perturba demo`", "",
                  "| command | wall time | peak RSS | load before → after | target |", "|---|---|---|---|---|"]
        for e in end_to_end:
            if "skipped" in e:
                target = "< 180 s" if "quick" in e["command"] else "< 600 s"
                lines.append(f"| `{e['command']}` | {e['skipped']} | | | {target}, < 4096 MB |")
                continue
            lines.append(f"| `{e['command']}` | {e['wall_s']:.0f} s | {e['peak_rss_mb']:.0f} MB | "
                         f"{e['load'][0]:.2f} → {e['load'][1]:.2f} | {e['target']} |")
    history = Path(__file__).resolve().parent / "HISTORY.md"
    if history.exists():  # before/after numbers of past optimisations, kept by hand
        lines += ["", history.read_text().strip()]
    lines += ["", f"Raw numbers: `{settings['raw']}`.", ""]
    path.write_text("\n".join(lines))


def end_to_end_run(arguments, out_dir, log):
    out = out_dir / ("demo-quick" if "--quick" in arguments else "demo")
    shutil.rmtree(out, ignore_errors=True)  # the demo refuses a non-empty folder; this one is ours
    command = ["/usr/bin/time", "-v", str(ROOT / "perturba"), "demo", "--out", str(out), *arguments]
    load_before = load_average()
    start = time.perf_counter()
    completed = subprocess.run(command, capture_output=True, text=True)
    wall = time.perf_counter() - start
    rss = float("nan")
    for line in completed.stderr.splitlines():
        if "Maximum resident set size" in line:
            rss = int(line.split(":")[1]) / 1024
    if completed.returncode != 0:
        log(completed.stderr[-3000:])
        raise RuntimeError("demo failed: " + " ".join(command))
    quick = "--quick" in arguments
    result = {"command": "./perturba demo" + (" --quick" if quick else ""), "wall_s": wall, "peak_rss_mb": rss,
              "load": [load_before[0], load_average()[0]],
              "target": ("< 180 s" if quick else "< 600 s") + ", < 4096 MB"}
    log(f"{result['command']}: {wall:.0f} s, peak RSS {rss:.0f} MB, load {result['load']}")
    return result


def scaling_run(subjects, side, work, log):
    """Runs one scaling experiment with `perturba run`, timing its stages from the progress lines."""
    out = work / f"scaling-{subjects}-{side}"
    shutil.rmtree(out, ignore_errors=True)  # a run refuses a used folder; this one is ours
    spec = work / f"scaling-{subjects}-{side}.json"
    spec.write_text(json.dumps({
        "name": f"scaling {subjects} subjects at {side}³", "seed": 1,
        "dataset": {"cohort": {"subjects": subjects, "grid": side, "seed": 7}},
        "models": [{"id": "cnn", "kind": "conventional", "epochs": SCALING_EPOCHS, "patience": SCALING_EPOCHS}],
        "epsilons": [0.01],
        "attacks": [{"attack": "pgd-linf", "parameters": {"steps": SCALING_PGD_STEPS}}]}))
    command = ["/usr/bin/time", "-v", str(ROOT / "perturba"), "run", str(spec), "--out", str(out)]
    load = load_average()[0]
    start = time.perf_counter()
    stages = {}  # first progress line of each stage -> seconds since the start
    stderr = []
    with subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True) as process:
        for line in process.stderr:
            stderr.append(line)
            for stage, prefix in (("cohort", "perturba: generating a cohort"), ("training", "perturba: training"),
                                  ("attack", "perturba: attacking"), ("report", "perturba: writing the report")):
                if line.startswith(prefix):
                    stages.setdefault(stage, time.perf_counter() - start)
            load = max(load, load_average()[0])
    wall = time.perf_counter() - start
    if process.returncode != 0 or len(stages) < 4:
        log("".join(stderr[-40:]))
        raise RuntimeError("scaling run failed: " + " ".join(command))
    rss = next(int(line.split(":")[1]) / 1024 for line in stderr if "Maximum resident set size" in line)
    result = {"subjects": subjects, "side": side, "wall_s": wall, "peak_rss_mb": rss, "load": load,
              "cohort_s": stages["training"] - stages["cohort"], "training_s": stages["attack"] - stages["training"],
              "attack_s": stages["report"] - stages["attack"]}
    log(f"scaling {subjects} subjects {side}³: {wall:.0f} s (cohort {result['cohort_s']:.0f}, training "
        f"{result['training_s']:.0f}, attack {result['attack_s']:.0f}), peak RSS {rss:.0f} MB, load {load:.2f}")
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--classpath", required=True)
    parser.add_argument("--java-option", action="append", default=[])
    parser.add_argument("--work", type=Path, default=ROOT / "target" / "bench")
    parser.add_argument("--out", type=Path, default=ROOT / "BENCHMARKS.md")
    parser.add_argument("--only", action="append",
                        choices=["io", "models", "onnx", "memory", "micro", "demo-quick", "demo", "scaling"],
                        help="groups to run (repeatable; default io, models, onnx, memory, micro and demo-quick; onnx "
                        "runs the conventional network exported from PyTorch on Perturba's ONNX runtime; scaling "
                        "runs perturba run on 100/200/400 subjects at 32³ and 100 at 48³ and 64³, about 15 min); "
                        "the other groups, and the grids not measured again, keep their numbers from the last run")
    parser.add_argument("--demo-max-load", type=float, default=None,
                        help="run the full demo only when the 1-minute load is below this; else note it as skipped")
    parser.add_argument("--report-only", action="store_true",
                        help="rewrite the tables from the last raw numbers (target/bench/results.json) without measuring")
    parser.add_argument("--repetitions", type=int, default=5)
    # enough calls for the JIT to compile the readers and the hot loops before they are timed
    parser.add_argument("--warmup", type=int, default=5)
    # DL4J sizes a graph's workspaces over its first iterations (as many as the graph has vertices) and
    # spills to fresh allocations until then; PyTorch's allocator caches as it goes. A training run or an
    # attack takes hundreds of steps, so the models are compared in that steady state.
    parser.add_argument("--model-warmup", type=int, default=12)
    parser.add_argument("--grids", "--sides", dest="grids", default="32,48,64",
                        help="grids of the model and memory benchmarks, as --grid takes them: cube sides (32), "
                        "shapes (96x112x96) or voxel sizes (2mm, the shape covering the template)")
    parser.add_argument("--models", default="conventional,hybrid")
    arguments = parser.parse_args()
    groups = arguments.only or ["io", "models", "onnx", "memory", "micro", "demo-quick"]
    started = time.time()
    arguments.work.mkdir(parents=True, exist_ok=True)
    if arguments.report_only:
        raw = arguments.work / "results.json"
        saved = json.loads(raw.read_text())
        report(arguments.out, saved["machine"], {"repetitions": len(saved["io"][0]["perturba_ms"]) if saved["io"]
                                                 else arguments.repetitions, "warmup": arguments.warmup,
                                                 "model_warmup": arguments.model_warmup,
                                                 "raw": os.path.relpath(raw, ROOT)},
               saved["io"], saved["models"], saved["end_to_end"],
               scaling_rows(saved["models"], saved.get("grid_requests")),
               saved.get("started", raw.stat().st_mtime), saved.get("micro", []), saved.get("scaling_runs", []),
               saved.get("memory", []), saved.get("grid_requests"), saved.get("onnx", []))
        return
    if arguments.only and arguments.out.exists() and not (arguments.work / "results.json").exists():
        sys.exit(f"bench: --only keeps the other tables from the last run's raw numbers, and "
                 f"{arguments.work / 'results.json'} is missing: run bench/run without --only first, or write "
                 f"elsewhere with --out (instead of replacing {arguments.out} with these groups alone)")
    log_file = open(arguments.work / "bench.log", "a")

    def log(message):
        print(message, flush=True)
        log_file.write(message + "\n")
        log_file.flush()

    log(f"bench started {time.strftime('%H:%M:%S')} load {load_average()}")
    data = arguments.work / "data"
    perturba = PerturbaServer(arguments.classpath, arguments.java_option)
    info = machine(perturba.backend)
    io_results, model_results, end_to_end, micro_results, memory_results, onnx_results = [], [], [], [], [], []
    grid_requests = {}  # case-name grid -> as asked for: 32, 96x112x96 or 2mm
    for request in arguments.grids.split(","):
        try:
            grid_requests[grid_key(perturba.grid(request))] = request
        except RuntimeError as refusal:
            perturba.close()
            sys.exit(f"bench: --grids: {str(refusal).split(': error ', 1)[-1]}")
    try:
        if "io" in groups:
            make_volumes(data)
            nibabel_cases = NibabelCases(data)
            for operation in ("read", "load", "write"):
                for dtype in ("float32", "uint8"):
                    for extension in ("nii", "nii.gz"):
                        case = f"io.{operation}.{dtype}.{extension}"
                        io_results.append(compare(case, perturba, nibabel_cases.operation(case), data,
                                                  arguments.warmup, arguments.repetitions, log))
        if "models" in groups:
            torch_cases = TorchCases()
            # A fresh JVM runs DL4J's Java side interpreted or lightly compiled for its first hundred-odd
            # iterations: whichever model's training step or input gradient came first measured 1.5-2x
            # what the same work did later in the run.
            first_model = f"model.{arguments.models.split(',')[0]}.{JIT_WARMUP_GRID}"
            for operation, _ in MODEL_OPERATIONS:
                for _ in range(JIT_WARMUP_STEPS):
                    perturba.run(f"{first_model}.{operation}", data)
            for kind in arguments.models.split(","):
                for grid in grid_requests:
                    torch_cases.require_same_network(kind, grid, perturba)
                    for operation, _ in MODEL_OPERATIONS:
                        case = f"model.{kind}.{grid}.{operation}"
                        model_results.append(compare(case, perturba, torch_cases.operation(case), data,
                                                     arguments.model_warmup, arguments.repetitions, log))
            torch_cases.cache.clear()  # the last model's tensors, before the memory processes start
        if "onnx" in groups:
            data.mkdir(parents=True, exist_ok=True)
            torch_cases = TorchCases()
            for grid in grid_requests:
                torch_cases.export_onnx("conventional", grid, data)
                for operation, _ in ONNX_OPERATIONS:
                    onnx_results.append(compare(f"onnx.conventional.{grid}.{operation}", perturba,
                                                torch_cases.operation(f"model.conventional.{grid}.{operation}"), data,
                                                arguments.model_warmup, arguments.repetitions, log))
            torch_cases.cache.clear()
        if "memory" in groups:
            for grid in grid_requests:
                for operation, _ in MEMORY_OPERATIONS:
                    memory_results.append(memory("conventional", grid, operation, arguments.classpath,
                                                 arguments.java_option, log))
        if "micro" in groups:
            make_volumes(data)
            for name, _ in MICRO_CASES:
                micro_results.append(micro(f"micro.{name}", perturba, data, 3 * arguments.warmup,
                                           3 * arguments.repetitions, log))
    finally:
        info["Perturba bench JVM peak RSS"] = f"{perturba.peak_rss_mb():.0f} MB"
        perturba.close()
    info["this process peak RSS"] = f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB"
    for group, flags in (("demo-quick", ["--quick"]), ("demo", [])):
        if group not in groups:
            continue
        load = load_average()[0]
        if group == "demo" and arguments.demo_max_load is not None and load >= arguments.demo_max_load:
            log(f"full demo skipped: 1-minute load {load:.2f} >= {arguments.demo_max_load}")
            end_to_end.append({"command": "./perturba demo", "skipped": f"not run: 1-minute load {load:.2f}"})
            continue
        try:
            end_to_end.append(end_to_end_run(flags, arguments.work, log))
        except RuntimeError as failure:  # keep the other tables
            log(str(failure))
            end_to_end.append({"command": "./perturba demo" + (" --quick" if flags else ""),
                               "skipped": "failed: see target/bench/bench.log"})
    scaling_runs = [scaling_run(subjects, side, arguments.work, log) for subjects, side in SCALING_RUNS] \
        if "scaling" in groups else []
    raw = arguments.work / "results.json"
    info["load average at the end"] = " ".join(f"{v:.2f}" for v in load_average())
    if arguments.only and raw.exists():
        # a partial run replaces its own groups in the last full results and keeps the rest
        previous = json.loads(raw.read_text())
        io_results = io_results or previous.get("io", [])
        model_results = merged(previous.get("models", []), model_results)
        micro_results = micro_results or previous.get("micro", [])
        memory_results = merged(previous.get("memory", []), memory_results)
        onnx_results = merged(previous.get("onnx", []), onnx_results)
        grid_requests = {**previous.get("grid_requests", {}), **grid_requests}
        scaling_runs = scaling_runs or previous.get("scaling_runs", [])
        kept = [e for e in previous.get("end_to_end", [])
                if not any(e["command"] == f["command"] for f in end_to_end)]
        end_to_end = sorted(kept + end_to_end, key=lambda e: e["command"].endswith("demo"))
        started = previous.get("started", started)
        info = previous.get("machine", info)
    raw.write_text(json.dumps({"started": started, "machine": info, "io": io_results, "models": model_results,
                               "micro": micro_results, "end_to_end": end_to_end, "scaling_runs": scaling_runs,
                               "memory": memory_results, "onnx": onnx_results, "grid_requests": grid_requests}, indent=1))
    report(arguments.out, info, {"repetitions": arguments.repetitions, "warmup": arguments.warmup,
                                 "model_warmup": arguments.model_warmup,
                                 "raw": os.path.relpath(raw, ROOT)}, io_results, model_results, end_to_end,
           scaling_rows(model_results, grid_requests), started, micro_results, scaling_runs, memory_results,
           grid_requests, onnx_results)
    log(f"wrote {arguments.out}")


def conventional_steps(model_results):
    """{grid: {operation: (Perturba ms, PyTorch ms)}} of the conventional model's medians, grids by voxels."""
    steps = {}
    for r in model_results:
        _, kind, grid, operation = r["case"].split(".")
        if kind == "conventional":
            steps.setdefault(grid, {})[operation] = (statistics.median(r["perturba_ms"]),
                                                      statistics.median(r["reference_ms"]))
    return dict(sorted(steps.items(), key=lambda item: voxels(item[0])))


def scaling_rows(model_results, grid_requests=None):
    rows = []
    grids = {grid: ops for grid, ops in conventional_steps(model_results).items() if "train" in ops and "pgd" in ops}
    for subjects in (100, 200, 400):
        for grid, ops in grids.items():
            batches = -(-subjects // BATCH)
            p = batches * (ops["train"][0] + 10 * ops["pgd"][0]) / 1000
            r = batches * (ops["train"][1] + 10 * ops["pgd"][1]) / 1000
            rows.append(f"| {subjects} | {grid_label(grid, grid_requests)} | {p:.1f} | {r:.1f} |")
    return rows


def cost_per_voxel(model_results, grid_requests=None):
    """Each measured grid's cost per subject and per voxel, and 1 mm extrapolated from the largest grid."""
    grids = {grid: ops for grid, ops in conventional_steps(model_results).items()
             if all(operation in ops for operation in ("train", "gradient", "pgd"))}
    if not grids:
        return []
    lines = ["", "Per subject and per voxel (the conventional model's medians above divided by the batch of "
             f"{BATCH} and by the grid's voxels): what a step costs per voxel on each grid, and a 1 mm grid "
             f"({'×'.join(map(str, GRID_1MM))}) **extrapolated**, not measured, at the largest measured grid's cost "
             "per voxel (the fifth pooling stage a 1 mm network adds works on 1/4096 of the voxels).", "",
             "| grid | voxels | training step ms per subject (ns per voxel), Perturba | PyTorch | "
             "input gradient ms per subject (ns per voxel), Perturba | PyTorch | "
             "PGD step ms per subject (ns per voxel), Perturba | PyTorch |", "|---|---|---|---|---|---|---|---|"]

    def cells(ops, count, scale=1.0):
        return " | ".join(f"{ops[o][side] * scale / BATCH:.1f} ({ops[o][side] * scale / BATCH / count * 1e6:.0f})"
                          for o in ("train", "gradient", "pgd") for side in (0, 1))

    for grid, ops in grids.items():
        lines.append(f"| {grid_label(grid, grid_requests)} | {voxels(grid) / 1e6:.2f} M | {cells(ops, voxels(grid))} |")
    largest, ops = list(grids.items())[-1]
    count = GRID_1MM[0] * GRID_1MM[1] * GRID_1MM[2]
    lines.append(f"| {'×'.join(map(str, GRID_1MM))} (1mm), extrapolated from {grid_label(largest, grid_requests)} | "
                 f"{count / 1e6:.2f} M | {cells(ops, count, count / voxels(largest))} |")
    return lines


def memory_section(memory_results, grid_requests=None):
    lines = ["", f"## Memory per subject: conventional model, batch {BATCH}", "",
             "Each cell is a fresh process of its own (a JVM with ND4J started, as the bench's; a Python with torch "
             f"imported) that sets up the network and a batch of {BATCH} and runs the operation {MEMORY_STEPS} times "
             "on 2 threads: its peak resident memory (the kernel's high-water mark, `VmHWM`, reset just before "
             "set-up) minus its resident memory just before set-up, divided by the batch. That counts the "
             "batch, the network and its optimiser state, every activation and gradient, DL4J's workspaces and "
             "the JVM heap's growth, or what PyTorch's allocator keeps; not the process itself (JVM and ND4J "
             "natives, or Python and torch: the *before* column). Per subject assumes memory linear in the batch, "
             "true of activations, not of the weights (under 1 MB here). The hybrid model adds a 100×8 dense "
             "layer to the same image branch and is not measured separately. The 1 mm row is **extrapolated**, "
             "not measured: the largest measured grid's memory per voxel.", "",
             "| grid | operation | Perturba MB per subject | PyTorch MB per subject | Perturba MB above before (before) "
             "| PyTorch MB above before (before) |", "|---|---|---|---|---|---|"]
    labels = dict(MEMORY_OPERATIONS)
    largest = {}
    for r in sorted(memory_results, key=lambda r: voxels(r["case"].split(".")[2])):
        _, _, grid, operation = r["case"].split(".")
        (pb, pp), (rb, rp) = r["perturba_mb"], r["reference_mb"]
        lines.append(f"| {grid_label(grid, grid_requests)} | {labels[operation]} | {(pp - pb) / BATCH:.0f} | "
                     f"{(rp - rb) / BATCH:.0f} | {pp - pb:.0f} ({pb:.0f}) | {rp - rb:.0f} ({rb:.0f}) |")
        largest[operation] = (grid, pp - pb, rp - rb)
    count = GRID_1MM[0] * GRID_1MM[1] * GRID_1MM[2]
    for operation, (grid, p, r) in largest.items():
        scale = count / voxels(grid) / BATCH
        lines.append(f"| {'×'.join(map(str, GRID_1MM))} (1mm), extrapolated from {grid_label(grid, grid_requests)} | "
                     f"{labels[operation]} | {p * scale:.0f} | {r * scale:.0f} | | |")
    return lines


if __name__ == "__main__":
    main()
