package org.perturba.app;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import org.perturba.imaging.nifti.NiftiImage;

/**
 * {@code perturba convert IN OUT [--nifti2] [--force]}: rewrites any image Perturba reads as a
 * single-file {@code .nii} or {@code .nii.gz}, values and geometry unchanged. An existing OUT is
 * replaced only with {@code --force}, so that a slip of the keyboard loses no data.
 */
final class ConvertCommand implements Command {

    @Override
    public String name() {
        return "convert";
    }

    @Override
    public String synopsis() {
        return "IN OUT [--nifti2] [--force]";
    }

    @Override
    public String summary() {
        return "rewrite an image as .nii or .nii.gz (NIfTI-1, or NIfTI-2 with --nifti2)";
    }

    @Override
    public int run(List<String> arguments, Console console) throws UsageException, CommandFailedException {
        Arguments.Parsed parsed = Arguments.of(name()).flag("--nifti2").flag("--force").operand("IN").operand("OUT")
                .parse(arguments);
        Path in = Path.of(parsed.operand(0));
        Path out = Path.of(parsed.operand(1));
        String outName = out.getFileName().toString().toLowerCase(Locale.ROOT);
        if (!outName.endsWith(".nii") && !outName.endsWith(".nii.gz")) {
            throw new UsageException("OUT must end in .nii or .nii.gz: " + out);
        }
        OutputPaths.requireNewFile(out, parsed.has("--force"));
        NiftiImage image = ImageFiles.read(in);
        int version = parsed.has("--nifti2") ? 2 : 1;
        ImageFiles.write(image, out, version);
        console.out().println("wrote " + out + " (NIfTI-" + version + ", " + image.header().dataType().name()
                .toLowerCase(Locale.ROOT) + ")");
        return 0;
    }
}
