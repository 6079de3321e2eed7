package org.perturba.experiment.compare;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.perturba.experiment.output.ExperimentOutputReader;
import org.perturba.imaging.io.AtomicFiles;
import org.perturba.report.HtmlReport;

/**
 * Reads the run folders a comparison is made of, and writes it as {@value #HTML} and {@value #JSON}
 * into a folder of its own.
 */
public final class ComparisonFiles {
    public static final String HTML = "comparison.html";
    public static final String JSON = "comparison.json";

    private ComparisonFiles() {
    }

    /** @throws IOException in one line naming the folder: not a run folder, or its summary unreadable */
    public static List<RunComparison.Run> read(List<Path> folders) throws IOException {
        List<RunComparison.Run> runs = new ArrayList<>();
        for (Path folder : folders) {
            if (!Files.isDirectory(folder)) {
                throw new IOException(folder + ": no such run folder");
            }
            runs.add(new RunComparison.Run(folder.toString(), ExperimentOutputReader.read(folder).summary()));
        }
        return runs;
    }

    /** Writes {@value #HTML} and {@value #JSON} into {@code folder}, creating it. */
    public static void write(RunComparison comparison, Path folder) throws IOException {
        if (Files.exists(folder) && !Files.isDirectory(folder)) {
            throw new IOException(folder + ": exists and is not a folder");
        }
        Files.createDirectories(folder);
        AtomicFiles.writeString(folder.resolve(JSON), ComparisonJson.of(comparison));
        html(comparison).write(folder.resolve(HTML));
    }

    static HtmlReport html(RunComparison comparison) {
        HtmlReport report = new HtmlReport("Perturba: " + comparison.runs().size() + " runs compared");
        report.paragraph("The same quantities of each run, read from its summary.json, one row per run, sorted by the number of voxels"
                + " its models read: when the runs are one study on different grids, resolution is the variable. Brackets hold each"
                + " run's own 95 % bootstrap intervals; " + ComparisonTables.MISSING + " marks what a run did not measure.");
        for (ComparisonTables.Table table : ComparisonTables.of(comparison)) {
            report.heading(table.title());
            report.table(table.header(), table.rows());
        }
        return report;
    }
}
