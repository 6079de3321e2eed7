"""Unit tests of the benchmark driver's bookkeeping and of the reference network's shape rule:
    /usr/bin/python3 -m unittest discover -s bench
(the reference network's tests are skipped where torch is not installed)."""
import importlib.util
import unittest

import bench


class GridsTest(unittest.TestCase):
    def test_cubes_keep_their_case_names_and_shapes_spell_out(self):
        self.assertEqual(bench.grid_key((32, 32, 32)), "32")
        self.assertEqual(bench.grid_key((96, 112, 96)), "96x112x96")
        self.assertEqual(bench.grid_shape("48"), (48, 48, 48))
        self.assertEqual(bench.grid_shape("96x112x96"), (96, 112, 96))
        self.assertEqual(bench.voxels("96x112x96"), 1032192)

    def test_labels_name_the_voxel_size_asked_for(self):
        self.assertEqual(bench.grid_label("64"), "64³")
        self.assertEqual(bench.grid_label("96x112x96", {"96x112x96": "2mm"}), "96×112×96 (2mm)")
        self.assertEqual(bench.grid_label("96x112x96", {"96x112x96": "96x112x96"}), "96×112×96")


def result(case, perturba, reference):
    return {"case": case, "perturba_ms": [perturba], "reference_ms": [reference], "load_1min": [1.0]}


class MergeTest(unittest.TestCase):
    def test_a_partial_run_replaces_its_cases_and_keeps_the_others(self):
        previous = [result("model.conventional.32.train", 30, 20), result("model.conventional.64.train", 240, 450)]
        current = [result("model.conventional.64.train", 250, 440), result("model.conventional.96x112x96.train", 1, 2)]
        merged = bench.merged(previous, current)
        self.assertEqual([r["case"] for r in merged], ["model.conventional.32.train", "model.conventional.64.train",
                                                       "model.conventional.96x112x96.train"])
        self.assertEqual(merged[1]["perturba_ms"], [250])


class ReportTest(unittest.TestCase):
    def test_onnx_rows_name_their_grid_and_operation_in_a_section_of_their_own(self):
        import tempfile
        from pathlib import Path
        onnx = [result("onnx.conventional.96x112x96.gradient", 900, 1800)]
        with tempfile.TemporaryDirectory() as directory:
            out = Path(directory) / "B.md"
            bench.report(out, {}, {"repetitions": 1, "warmup": 1, "raw": "r.json"}, [], [], [], [], 0,
                         grid_requests={"96x112x96": "2mm"}, onnx_results=onnx)
            text = out.read_text()
        self.assertIn("## Imported models", text)
        self.assertIn("| 96×112×96 (2mm) | input gradient | 900.0 (900.0–900.0) | 1800.0 (1800.0–1800.0) | **0.50** |", text)


class CostTest(unittest.TestCase):
    def test_grids_in_order_of_voxels_and_1mm_extrapolated_from_the_largest(self):
        results = [result(f"model.conventional.{grid}.{operation}", ms, 2 * ms)
                   for grid, ms in (("96x112x96", 8 * 1032192e-6), ("32", 8 * 32768e-6))
                   for operation in ("train", "gradient", "pgd")]  # 1 ns per voxel and subject
        lines = bench.cost_per_voxel(results)
        rows = [line for line in lines if line.startswith("| ") and "voxels" not in line]
        self.assertTrue(rows[0].startswith("| 32³ |"))
        self.assertTrue(rows[1].startswith("| 96×112×96 |"))
        self.assertIn("extrapolated from 96×112×96", rows[2])
        self.assertIn("| 8.3 (1) | 16.5 (2) |", rows[2])  # 8.26 M voxels at 1 and 2 ns
        self.assertEqual(len(bench.scaling_rows(results)), 6)


@unittest.skipIf(importlib.util.find_spec("torch") is None, "torch is not installed")
class ReferenceNetworkTest(unittest.TestCase):
    def test_pooling_stages_follow_brain_age_networks(self):
        import sys
        from pathlib import Path
        sys.path.insert(0, str(Path(__file__).resolve().parent / "reference"))
        import brain_age_torch
        # as NetworkScaleTest: 3 up to 64³ voxels, one more per eightfold beyond
        for grid, stages in (((32, 32, 32), 3), ((64, 64, 64), 3), ((64, 64, 72), 4), ((96, 112, 96), 4),
                             ((128, 128, 128), 4), ((192, 224, 192), 5)):
            self.assertEqual(brain_age_torch.pooling_stages(grid), stages, grid)
        net = brain_age_torch.BrainAgeNet((96, 112, 96))
        channels = [layer.out_channels for layer in net.image_branch if hasattr(layer, "out_channels")]
        self.assertEqual(channels, [8, 16, 32, 64])
        images, _, _ = brain_age_torch.batch(2, (16, 24, 16), 0)  # [n, 1, i, j, k], as Perturba's ModelInput
        self.assertEqual(tuple(images.shape), (2, 1, 16, 24, 16))
        self.assertEqual(tuple(brain_age_torch.BrainAgeNet((16, 24, 16))(images).shape), (2, 1))

    def test_a_network_that_differs_from_perturbas_stops_the_run(self):
        class Perturba:  # the Java side's answer for the conventional 32³ network, and a wrong one
            def __init__(self, count):
                self.count = count

            def parameters(self, kind, grid):
                return self.count

        cases = bench.TorchCases()
        cases.require_same_network("conventional", "32", Perturba(18641))
        with self.assertRaisesRegex(RuntimeError, "no longer mirrors BrainAgeNetworks"):
            cases.require_same_network("conventional", "32", Perturba(18640))


if __name__ == "__main__":
    unittest.main()
