"""The reference side of the memory benchmark, in a fresh process (as PerturbaBench's memory mode):
    python3 torch_memory.py <kind> <i>x<j>x<k> <operation> <steps> <batch> <context features>
sets up the network and batch of brain_age_torch.steps, runs the operation that many times on 2
threads and prints 'mb <resident MB just before set-up> <peak resident MB since then>'. The peak
is the kernel's high-water mark (VmHWM), reset just before set-up, so it counts the network, the
optimiser's state, the batch, every transient tensor and what PyTorch's allocator keeps cached.
"""
import sys
from pathlib import Path

import torch

import brain_age_torch


def status_mb(field):
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no {field} in /proc/self/status")


def main(kind, grid, operation, steps, batch, context_features):
    torch.set_num_threads(2)
    before = status_mb("VmRSS:")
    Path("/proc/self/clear_refs").write_text("5")  # reset VmHWM to the current RSS (Linux 4.0+)
    run = brain_age_torch.steps(kind, tuple(int(side) for side in grid.split("x")), int(batch),
                                int(context_features)).operation(operation)
    for _ in range(int(steps)):
        run()
    print(f"mb {before} {status_mb('VmHWM:')}")


if __name__ == "__main__":
    main(*sys.argv[1:])
