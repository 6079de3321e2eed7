package org.perturba.bench;

import java.nio.file.Path;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.perturba.attack.gradient.Budget;
import org.perturba.attack.metrics.Perceptibility;
import org.perturba.imaging.Affine;
import org.perturba.imaging.IntensityNormalisation;
import org.perturba.imaging.Interpolation;
import org.perturba.imaging.Reslicer;
import org.perturba.imaging.Volume;
import org.perturba.imaging.nifti.NiftiDataType;
import org.perturba.imaging.nifti.NiftiImage;
import org.perturba.imaging.nifti.NiftiReader;

/**
 * The hand-written hot loops, one call each (the driver repeats them after warm-up and takes the
 * median, JMH-style but without forking): voxel decoding and encoding, trilinear resampling of a
 * 1 mm volume to the model grid, intensity normalisation, L∞ and L2 projection of a batch, and the
 * perceptibility metrics. A sink keeps the JIT from dropping results.
 */
final class MicroCases {
    static volatile Object sink;

    private MicroCases() {
    }

    static Runnable create(String name, Path dir) throws Exception {
        Volume head = new NiftiReader().readVolume(dir.resolve("volume-float32.nii"));
        NiftiImage stored = new NiftiReader().read(dir.resolve("volume-uint8.nii"));
        return switch (name) {
        case "decode-uint8" -> () -> sink = stored.toVolume();
        case "encode-uint8" -> () -> sink = NiftiImage.of(head, NiftiDataType.UINT8, "");
        case "reslice-trilinear-64" -> {
            // the whole head onto a 64³ grid of 3 mm voxels, centred: what dataset preparation does
            Affine target = Affine.fromShapeAndZooms(new int[] { 64, 64, 64 }, new double[] { 3, 3, 3 });
            yield () -> sink = Reslicer.reslice(head, new int[] { 64, 64, 64 }, target, Interpolation.TRILINEAR, 0);
        }
        case "reslice-trilinear-1mm" -> {
            // the full 1 mm grid shifted by half a voxel: 7.2 million trilinear samples
            Affine target = head.affine().times(Affine.translation(0.5, 0.5, 0.5));
            yield () -> sink = Reslicer.reslice(head, head.shape(), target, Interpolation.TRILINEAR, 0);
        }
        case "normalise" -> () -> sink = IntensityNormalisation.DEFAULT.apply(head);
        case "project-linf-64", "project-l2-64" -> {
            INDArray clean = BenchData.images(PerturbaBench.BATCH, 64, 3);
            INDArray moved = clean.add(BenchData.images(PerturbaBench.BATCH, 64, 4).muli(0.05));
            Budget budget = name.contains("linf") ? Budget.linf(clean, 0.01, true) : Budget.l2(clean, 0.01, true);
            yield () -> sink = budget.project(moved);
        }
        case "perceptibility-64" -> {
            float[] clean = BenchData.images(1, 64, 5).data().asFloat();
            float[] adversarial = clean.clone();
            for (int i = 0; i < adversarial.length; i += 3) {
                adversarial[i] = Math.min(1, adversarial[i] + 0.01f);
            }
            boolean[] brain = new boolean[clean.length];
            for (int i = 0; i < brain.length; i++) {
                brain[i] = clean[i] != 0;
            }
            yield () -> sink = Perceptibility.of(clean, adversarial, brain, new int[] { 64, 64, 64 }, 0.01);
        }
        default -> throw new IllegalArgumentException("unknown micro-benchmark " + name);
        };
    }
}
