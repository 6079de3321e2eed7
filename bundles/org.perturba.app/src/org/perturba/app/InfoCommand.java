package org.perturba.app;

import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import org.perturba.experiment.json.Json;
import org.perturba.imaging.Affine;
import org.perturba.imaging.nifti.ImageStatistics;
import org.perturba.imaging.nifti.NiftiHeader;
import org.perturba.imaging.nifti.NiftiImage;

/** {@code perturba info FILE [--json]}: the geometry, storage and value statistics of an image. */
final class InfoCommand implements Command {

    @Override
    public String name() {
        return "info";
    }

    @Override
    public String synopsis() {
        return "FILE [--json]";
    }

    @Override
    public String summary() {
        return "describe a NIfTI image: shape, voxel sizes, affine, datatype, value range";
    }

    @Override
    public int run(List<String> arguments, Console console) throws UsageException, CommandFailedException {
        Arguments.Parsed parsed = Arguments.of(name()).flag("--json").operand("FILE").parse(arguments);
        Path file = Path.of(parsed.operand(0));
        NiftiImage image = ImageFiles.read(file);
        Map<String, Object> facts = describe(file, image);
        if (parsed.has("--json")) {
            console.out().println(Json.writePretty(facts));
        } else {
            printSummary(facts, image, console);
        }
        return 0;
    }

    private static Map<String, Object> describe(Path file, NiftiImage image) {
        NiftiHeader header = image.header();
        ImageStatistics statistics = ImageStatistics.of(image);
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("file", file.toString());
        facts.put("dims", header.shape());
        facts.put("pixdim", header.zooms());
        facts.put("datatype", header.dataType().code());
        facts.put("datatypeName", header.dataType().name().toLowerCase(Locale.ROOT));
        facts.put("niftiVersion", header.version());
        facts.put("singleFile", header.singleFile());
        facts.put("byteOrder", header.byteOrder() == ByteOrder.BIG_ENDIAN ? "big" : "little");
        facts.put("affine", header.affine().rows());
        facts.put("orientation", header.affine().orientation());
        facts.put("sformCode", header.sformCode());
        facts.put("qformCode", header.qformCode());
        facts.put("sclSlope", header.sclSlope());
        facts.put("sclInter", header.sclInter());
        facts.put("description", header.description());
        facts.put("voxels", statistics.voxels());
        facts.put("min", statistics.min());
        facts.put("max", statistics.max());
        facts.put("mean", statistics.mean());
        facts.put("nonFinite", statistics.nonFinite());
        return facts;
    }

    private static void printSummary(Map<String, Object> facts, NiftiImage image, Console console) {
        NiftiHeader header = image.header();
        Affine affine = header.affine();
        String shape = LongStream.of(header.shape()).mapToObj(Long::toString).collect(Collectors.joining(" x "));
        String zooms = Arrays.stream(header.zooms()).mapToObj(InfoCommand::number).collect(Collectors.joining(" x "));
        line(console, "file", facts.get("file"));
        line(console, "format", "NIfTI-" + header.version() + (header.singleFile() ? ", single file" : ", .hdr/.img pair")
                + ", " + facts.get("byteOrder") + "-endian");
        line(console, "shape", shape);
        line(console, "voxel size", zooms);
        line(console, "datatype", facts.get("datatypeName") + " (" + facts.get("datatype") + ")");
        line(console, "scaling", header.isScaled()
                ? "value = " + number(header.sclSlope()) + " * stored + " + number(header.sclInter()) : "none");
        line(console, "orientation", affine.orientation() + " (sform code " + header.sformCode() + ", qform code "
                + header.qformCode() + ")");
        double[][] rows = affine.rows();
        for (int r = 0; r < 4; r++) {
            line(console, r == 0 ? "affine" : "", Arrays.stream(rows[r]).mapToObj(v -> String.format(Locale.ROOT, "%10.4f", v))
                    .collect(Collectors.joining(" ")));
        }
        line(console, "values", "min " + number((double) facts.get("min")) + ", max " + number((double) facts.get("max"))
                + ", mean " + number((double) facts.get("mean")) + ", " + facts.get("nonFinite") + " non-finite of "
                + facts.get("voxels"));
        if (!header.description().isBlank()) {
            line(console, "description", header.description());
        }
    }

    private static void line(Console console, String label, Object value) {
        console.out().printf(Locale.ROOT, "%-12s %s%n", label, value);
    }

    private static String number(double value) {
        return String.format(Locale.ROOT, "%.6g", value).replaceAll("\\.?0+(e|$)", "$1");
    }
}
