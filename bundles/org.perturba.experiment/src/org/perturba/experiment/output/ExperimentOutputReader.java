package org.perturba.experiment.output;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.perturba.core.registry.ContributionKind;
import org.perturba.experiment.run.ContributionFailure;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

/**
 * Reads an experiment output folder ({@code summary.json}, {@code predictions.csv},
 * {@code attacks.csv}, {@code examples/}) as docs/experiment-file.md describes it. Only
 * {@code summary.json} is required: a folder copied without its CSVs or images still shows its
 * numbers. Every defect is one {@link IOException} naming the file and the field.
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
        JsonObject summary;
        try {
            JsonElement root = JsonParser.parseString(Files.readString(summaryFile, StandardCharsets.UTF_8));
            if (!root.isJsonObject()) {
                throw new IOException(summaryFile + ": expected a JSON object");
            }
            summary = root.getAsJsonObject();
        } catch (JsonParseException e) {
            throw new IOException(summaryFile + ": not valid JSON (" + e.getMessage() + ")", e);
        }
        Map<String, String> firstSubjects = firstAttackedSubjects(folder.resolve(ATTACKS));
        Fields fields = new Fields(summaryFile);
        String name = fields.string(summary, "experiment", "experiment").orElse(folder.getFileName().toString());
        List<Double> epsilons = new ArrayList<>();
        for (JsonElement epsilon : fields.array(summary, "epsilons", "epsilons")) {
            epsilons.add(fields.number(epsilon, "epsilons[]"));
        }
        List<ModelSummary> models = new ArrayList<>();
        JsonArray modelArray = fields.array(summary, "models", "models");
        for (int i = 0; i < modelArray.size(); i++) {
            String where = "models[" + i + "]";
            JsonObject model = fields.object(modelArray.get(i), where);
            models.add(new ModelSummary(fields.requiredString(model, "id", where), fields.string(model, "kind", where).orElse(""),
                    fields.string(model, "context", where), (int) fields.optionalNumber(model, "testSubjects", where, 0),
                    fields.optionalNumber(model, "maeYears", where, Double.NaN)));
        }
        List<AttackSummary> attacks = cells(fields, summary, "attacks", folder, firstSubjects);
        List<AttackSummary> transfers = cells(fields, summary, "transfers", folder, firstSubjects);
        List<FindingSummary> findings = new ArrayList<>();
        if (summary.has("findings") && !summary.get("findings").isJsonNull()) {
            JsonArray findingArray = fields.array(summary, "findings", "findings");
            for (int i = 0; i < findingArray.size(); i++) {
                String where = "findings[" + i + "]";
                JsonObject finding = fields.object(findingArray.get(i), where);
                JsonElement reproduced = finding.get("reproduced");
                if (reproduced != null && !reproduced.isJsonNull()
                        && !(reproduced.isJsonPrimitive() && reproduced.getAsJsonPrimitive().isBoolean())) {
                    throw new IOException(summaryFile + ": " + where + ".reproduced: expected true, false or null");
                }
                findings.add(new FindingSummary(fields.string(finding, "id", where).orElse(""),
                        fields.string(finding, "claim", where).orElse(""),
                        reproduced == null || reproduced.isJsonNull() ? Optional.empty() : Optional.of(reproduced.getAsBoolean()),
                        fields.string(finding, "evidence", where).orElse("")));
            }
        }
        return new ExperimentOutput(folder, name, epsilons, models, attacks, transfers, predictions(folder.resolve(PREDICTIONS)),
                findings, failures(fields, summary));
    }

    /** The contributions that failed; none in a summary written before failures were recorded. */
    private static List<ContributionFailure> failures(Fields fields, JsonObject summary) throws IOException {
        List<ContributionFailure> failures = new ArrayList<>();
        if (!summary.has("failures") || summary.get("failures").isJsonNull()) {
            return failures;
        }
        JsonArray array = fields.array(summary, "failures", "failures");
        for (int i = 0; i < array.size(); i++) {
            String where = "failures[" + i + "]";
            JsonObject failure = fields.object(array.get(i), where);
            String kind = fields.requiredString(failure, "kind", where);
            ContributionKind parsed = Arrays.stream(ContributionKind.values())
                    .filter(value -> value.name().toLowerCase(Locale.ROOT).equals(kind)).findFirst()
                    .orElseThrow(() -> new IOException(fields.file + ": " + where + ".kind: expected attack, model or context, got '"
                            + kind + "'"));
            failures.add(new ContributionFailure(parsed, fields.requiredString(failure, "contribution", where),
                    fields.requiredString(failure, "stage", where), fields.string(failure, "model", where),
                    fields.string(failure, "message", where).orElse("")));
        }
        return failures;
    }

    /**
     * The clean image paired with an adversarial example image of an output folder
     * ({@code examples/MODEL--ATTACK--DIRECTION--EPSILON.nii.gz}): the same subject before the attack.
     */
    public static Optional<Path> cleanExampleFor(Path adversarialExample) {
        Path examples = adversarialExample.toAbsolutePath().normalize().getParent();
        if (examples == null || examples.getParent() == null || !EXAMPLES.equals(String.valueOf(examples.getFileName()))
                || !isOutputFolder(examples.getParent())) {
            return Optional.empty();
        }
        try {
            ExperimentOutput output = read(examples.getParent());
            return java.util.stream.Stream.concat(output.attacks().stream(), output.transfers().stream())
                    .filter(cell -> cell.adversarialExample().map(path -> path.toAbsolutePath().normalize())
                            .filter(adversarialExample.toAbsolutePath().normalize()::equals).isPresent())
                    .findFirst().flatMap(AttackSummary::cleanExample);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * Every attacked subject of every run, as {@code attacks.csv} lists them (empty when the folder
     * has no such file); {@link SubjectOutcome#belongsTo(AttackSummary)} picks one run's subjects.
     */
    public static List<SubjectOutcome> subjectOutcomes(Path folder) throws IOException {
        List<SubjectOutcome> outcomes = new ArrayList<>();
        for (CsvRow row : csvRows(folder.resolve(ATTACKS), "model", "crafted_on", "attack", "direction", "epsilon", "subject",
                "age", "clean_age", "adversarial_age", "shift")) {
            String craftedOn = row.text("crafted_on");
            outcomes.add(new SubjectOutcome(row.text("model"), craftedOn.isBlank() ? Optional.empty() : Optional.of(craftedOn),
                    row.text("attack"), row.text("direction"), row.number("epsilon"), row.text("subject"), row.number("age"),
                    row.number("clean_age"), row.number("adversarial_age"), row.number("shift")));
        }
        return outcomes;
    }

    private static List<AttackSummary> cells(Fields fields, JsonObject summary, String key, Path folder,
            Map<String, String> firstSubjects) throws IOException {
        List<AttackSummary> cells = new ArrayList<>();
        if (!summary.has(key) || summary.get(key).isJsonNull()) {
            return cells;
        }
        JsonArray array = fields.array(summary, key, key);
        for (int i = 0; i < array.size(); i++) {
            String where = key + "[" + i + "]";
            JsonObject cell = fields.object(array.get(i), where);
            String model = fields.requiredString(cell, "model", where);
            Optional<String> craftedOn = fields.string(cell, "craftedOn", where);
            String attack = fields.requiredString(cell, "attack", where);
            String direction = fields.requiredString(cell, "direction", where);
            double epsilon = fields.optionalNumber(cell, "epsilon", where, Double.NaN);
            if (!Double.isFinite(epsilon)) {
                throw new IOException(fields.file + ": " + where + ".epsilon: missing");
            }
            String cellKey = cellKey(model, craftedOn.orElse(""), attack, direction, epsilon);
            // named in the entry since attack parameters are part of the name; older runs named it by this pattern
            Optional<Path> adversarial = existing(folder.resolve(fields.string(cell, "example", where).orElse(EXAMPLES + "/" + model
                    + "--" + attack + "--" + direction + "--" + String.format(Locale.ROOT, "%.6f", epsilon)
                    + craftedOn.map(source -> "--from-" + source).orElse("") + ".nii.gz")).normalize())
                    .filter(file -> file.startsWith(folder.resolve(EXAMPLES).normalize()));
            Optional<Path> clean = Optional.ofNullable(firstSubjects.get(cellKey))
                    .flatMap(subject -> existing(folder.resolve(EXAMPLES).resolve("clean--" + subject + ".nii.gz")));
            cells.add(new AttackSummary(model, craftedOn, attack, fields.string(cell, "threatModel", where).orElse(""), direction,
                    epsilon, fields.string(cell, "error", where), fields.optionalNumber(cell, "meanShiftYears", where, Double.NaN),
                    fields.optionalNumber(cell, "meanAbsShiftYears", where, Double.NaN),
                    fields.optionalNumber(cell, "fractionShiftedOver5Years", where, Double.NaN),
                    fields.optionalNumber(cell, "psnrDb", where, Double.NaN), fields.optionalNumber(cell, "ssim", where, Double.NaN),
                    fields.optionalNumber(cell, "maxLInf", where, Double.NaN), adversarial, clean));
        }
        return cells;
    }

    private static Optional<Path> existing(Path file) {
        return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
    }

    private static String cellKey(String model, String craftedOn, String attack, String direction, double epsilon) {
        return model + "\u0000" + craftedOn + "\u0000" + attack + "\u0000" + direction + "\u0000" + epsilon;
    }

    /** The first subject of every cell in {@code attacks.csv}: the one whose images {@code examples/} keeps. */
    private static Map<String, String> firstAttackedSubjects(Path file) throws IOException {
        Map<String, String> first = new HashMap<>();
        for (CsvRow row : csvRows(file, "model", "crafted_on", "attack", "direction", "epsilon", "subject")) {
            first.putIfAbsent(cellKey(row.text("model"), row.text("crafted_on"), row.text("attack"), row.text("direction"),
                    row.number("epsilon")), row.text("subject"));
        }
        return first;
    }

    private static List<Prediction> predictions(Path file) throws IOException {
        List<Prediction> predictions = new ArrayList<>();
        for (CsvRow row : csvRows(file, "model", "subject", "age", "predicted_age")) {
            predictions.add(new Prediction(row.text("model"), row.text("subject"), row.number("age"), row.number("predicted_age")));
        }
        return predictions;
    }

    private static Map<String, Integer> header(Path file, String line, String... required) throws IOException {
        List<String> names = List.of(line.strip().split(",", -1));
        Map<String, Integer> column = new HashMap<>();
        for (String name : required) {
            int index = names.indexOf(name);
            if (index < 0) {
                throw new IOException(file + ": no column '" + name + "' in the header");
            }
            column.put(name, index);
        }
        return column;
    }

    /** Typed access to summary fields, every error naming the file and the field. */
    private static final class Fields {
        private final Path file;

        Fields(Path file) {
            this.file = file;
        }

        JsonObject object(JsonElement element, String where) throws IOException {
            if (element == null || !element.isJsonObject()) {
                throw new IOException(file + ": " + where + ": expected an object");
            }
            return element.getAsJsonObject();
        }

        JsonArray array(JsonObject object, String key, String where) throws IOException {
            JsonElement element = object.get(key);
            if (element == null || !element.isJsonArray()) {
                throw new IOException(file + ": " + where + ": expected an array");
            }
            return element.getAsJsonArray();
        }

        Optional<String> string(JsonObject object, String key, String where) throws IOException {
            JsonElement element = object.get(key);
            if (element == null || element.isJsonNull()) {
                return Optional.empty();
            }
            if (!element.isJsonPrimitive() || !element.getAsJsonPrimitive().isString()) {
                throw new IOException(file + ": " + where + "." + key + ": expected a string");
            }
            return Optional.of(element.getAsString());
        }

        String requiredString(JsonObject object, String key, String where) throws IOException {
            return string(object, key, where).orElseThrow(() -> new IOException(file + ": " + where + "." + key + ": missing"));
        }

        double number(JsonElement element, String where) throws IOException {
            if (element == null || !element.isJsonPrimitive() || !element.getAsJsonPrimitive().isNumber()) {
                throw new IOException(file + ": " + where + ": expected a number");
            }
            return element.getAsDouble();
        }

        double optionalNumber(JsonObject object, String key, String where, double absent) throws IOException {
            JsonElement element = object.get(key);
            if (element == null || element.isJsonNull()) {
                return absent;
            }
            return number(element, where + "." + key);
        }
    }

    /**
     * The data rows of a CSV file of the output that has at least the {@code required} columns (in
     * any order); none when the run did not write it. Blank lines are skipped.
     */
    private static List<CsvRow> csvRows(Path file, String... required) throws IOException {
        List<String> lines = Files.isRegularFile(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
        List<CsvRow> rows = new ArrayList<>();
        if (lines.isEmpty()) {
            return rows;
        }
        Map<String, Integer> column = header(file, lines.get(0), required);
        int width = column.values().stream().mapToInt(Integer::intValue).max().orElse(0) + 1;
        for (int index = 1; index < lines.size(); index++) {
            if (lines.get(index).isBlank()) {
                continue;
            }
            String[] cells = lines.get(index).split(",", -1);
            if (cells.length < width) {
                throw new IOException(file + ": line " + (index + 1) + ": expected at least " + width + " columns");
            }
            rows.add(new CsvRow(file, index + 1, column, cells));
        }
        return rows;
    }

    /** One data row of an output CSV file, its cells looked up by column name. */
    private record CsvRow(Path file, int line, Map<String, Integer> column, String[] cells) {
        String text(String name) {
            return cells[column.get(name)];
        }

        double number(String name) throws IOException {
            String text = text(name);
            try {
                return Double.parseDouble(text.strip());
            } catch (NumberFormatException e) {
                throw new IOException(file + ": line " + line + ": " + name + " is not a number: '" + text + "'");
            }
        }
    }
}
