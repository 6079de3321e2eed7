package org.perturba.app;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.perturba.imaging.Interpolation;
import org.perturba.imaging.Volume;
import org.perturba.imaging.nifti.NiftiDataType;
import org.perturba.imaging.nifti.NiftiImage;
import org.perturba.model.ModelMetadata;

/**
 * {@code perturba conform IMAGE --like MODEL --out OUT}: a scan resampled onto a model's input grid
 * by world coordinates (trilinear; a label map with {@code --labels}, to the nearest voxel),
 * optionally skull-stripped by a brain mask first; refused when the scan is not in the model's space.
 * The values stay as stored: each model normalises its input itself.
 */
final class ConformCommand implements Command {

    @Override
    public String name() {
        return "conform";
    }

    @Override
    public String synopsis() {
        return "IMAGE --like MODEL --out OUT.nii.gz [--mask BRAINMASK] [--labels] [--force]";
    }

    @Override
    public String summary() {
        return "resample a scan onto a model's grid by world coordinates (skull-stripped by --mask)";
    }

    @Override
    public int run(List<String> arguments, Console console) throws UsageException, CommandFailedException {
        Arguments.Parsed parsed = Arguments.of(name()).option("--like").option("--out").option("--mask").flag("--labels").flag("--force")
                .operand("IMAGE").parse(arguments);
        Path image = Path.of(parsed.operand(0));
        Path out = Path.of(parsed.required("--out"));
        String outName = out.getFileName().toString().toLowerCase(Locale.ROOT);
        if (!outName.endsWith(".nii") && !outName.endsWith(".nii.gz")) {
            throw new UsageException("--out must end in .nii or .nii.gz: " + out);
        }
        Optional<Path> mask = parsed.value("--mask").map(Path::of);
        if (mask.isPresent() && parsed.has("--labels")) {
            throw new UsageException("--mask strips a T1 image's skull: a label map (--labels) needs none");
        }
        OutputPaths.requireNewFile(out, parsed.has("--force"));
        ModelMetadata metadata = ModelScans.load(Path.of(parsed.required("--like"))).metadata();
        Interpolation interpolation = parsed.has("--labels") ? Interpolation.NEAREST : Interpolation.TRILINEAR;
        ModelScans.Scan scan = mask.isPresent() ? ModelScans.read(image, metadata, interpolation, stripper(mask.get()))
                : ModelScans.read(image, metadata, interpolation);
        Volume conformed = scan.onGrid();
        ImageFiles.write(NiftiImage.of(conformed, NiftiDataType.FLOAT32, "perturba conform"), out, 1);
        console.out().printf(Locale.ROOT, "wrote %s: %s on the model's %s grid%s%n", out, image.getFileName(), text(conformed.shape()),
                scan.stored() == conformed ? " (already on it: not resampled)" : "");
        return 0;
    }

    /** Sets the voxels outside the brain mask (its zero voxels) to 0; the mask must lie on the image's grid. */
    private static ModelScans.Preprocessing stripper(Path maskFile) throws CommandFailedException {
        Volume mask;
        try {
            mask = ImageFiles.read(maskFile).toVolume();
        } catch (IllegalArgumentException e) {
            throw new CommandFailedException(maskFile + ": " + e.getMessage(), e);
        }
        return stored -> {
            if (!Arrays.equals(mask.shape(), stored.shape())) {
                throw new CommandFailedException(maskFile + ": the mask is " + text(mask.shape()) + " but the image " + text(stored.shape())
                        + " (a brain mask lies on its image's grid)");
            }
            float[] voxels = stored.voxels().clone();
            float[] inside = mask.voxels();
            for (int i = 0; i < voxels.length; i++) {
                if (inside[i] == 0) {
                    voxels[i] = 0;
                }
            }
            return stored.withVoxels(voxels);
        };
    }

    private static String text(int[] shape) {
        return shape[0] + "x" + shape[1] + "x" + shape[2];
    }
}
