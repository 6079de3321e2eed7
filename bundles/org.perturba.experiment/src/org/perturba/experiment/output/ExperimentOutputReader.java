package org.perturba.experiment.output;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import com.google.gson.JsonParseException;

/**
 * Reads an experiment output folder ({@code summary.json}, {@code predictions.csv},
 * {@code attacks.csv}, {@code examples/}) as docs/experiment-file.md describes it. Only
 * {@code summary.json} is required: a folder copied without its CSVs or images still shows its
 * numbers. Every defect is one {@link IOException} naming the file and the field or record.
 */
public final class ExperimentOutputReader {
    public static final String SUMMARY = "summary.json";
    public static final String PREDICTIONS = "predictions.csv";
    public static final String ATTACKS = "attacks.csv";
    public static final String EXAMPLES = "examples";
    private static final long MAX_SUMMARY_BYTES = 64L << 20;

    private ExperimentOutputReader() {
    }

    /** Whether {@code folder} looks like an experiment output folder (it holds a summary). */
    public static boolean isOutputFolder(Path folder) {
        return Files.isRegularFile(folder.resolve(SUMMARY));
    }

    public static ExperimentOutput read(Path folder) throws IOException {
        Path summaryFile = folder.resolve(SUMMARY);
        if (!Files.isRegularFile(summaryFile)) {
            throw new IOException(folder + ": not an experiment output folder (no " + SUMMARY + ")");
        }
        if (Files.size(summaryFile) > MAX_SUMMARY_BYTES) {
            throw new IOException(summaryFile + ": larger than " + (MAX_SUMMARY_BYTES >> 20) + " MiB");
        }
        Summary summary;
        try {
            summary = SummaryJson.read(Files.readString(summaryFile, StandardCharsets.UTF_8));
        } catch (JsonParseException e) {
            throw new IOException(summaryFile + ": " + e.getMessage(), e);
        }
        List<Prediction> predictions = new ArrayList<>();
        for (CsvTable.Row row : rows(folder.resolve(PREDICTIONS), Prediction.COLUMNS)) {
            predictions.add(Prediction.of(row));
        }
        return new ExperimentOutput(folder, summary, predictions);
    }

    /**
     * The clean image paired with an adversarial example image of an output folder
     * ({@code examples/…nii.gz}): the same subject before the attack, as the summary pairs them.
     */
    public static Optional<Path> cleanExampleFor(Path adversarialExample) {
        Path image = adversarialExample.toAbsolutePath().normalize();
        Path examples = image.getParent();
        if (examples == null || examples.getParent() == null || !EXAMPLES.equals(String.valueOf(examples.getFileName()))
                || !isOutputFolder(examples.getParent())) {
            return Optional.empty();
        }
        try {
            ExperimentOutput output = read(examples.getParent());
            return Stream.concat(output.attacks().stream(), output.transfers().stream())
                    .filter(cell -> output.adversarialImage(cell).filter(image::equals).isPresent()).findFirst()
                    .flatMap(output::cleanImage);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * Every attacked subject of every run, as {@code attacks.csv} lists them (empty when the folder
     * has no such file); {@link AttackedSubject#belongsTo(AttackSummary)} picks one run's subjects.
     */
    public static List<AttackedSubject> attackedSubjects(Path folder) throws IOException {
        List<AttackedSubject> subjects = new ArrayList<>();
        for (CsvTable.Row row : rows(folder.resolve(ATTACKS), AttackedSubject.COLUMNS)) {
            subjects.add(AttackedSubject.of(row));
        }
        return subjects;
    }

    /** A CSV file's rows; none when the run did not write it. */
    private static List<CsvTable.Row> rows(Path file, String... columns) throws IOException {
        return Files.isRegularFile(file) ? CsvTable.read(file, columns) : List.of();
    }
}
