package org.perturba.experiment.spec;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.perturba.anatomy.cohort.CohortGrid;
import org.perturba.anatomy.cohort.CohortSpec;
import org.perturba.imaging.ResourceLimits;
import org.perturba.imaging.ResourceLimits.Limit;
import org.perturba.model.training.TrainingSpec;
import org.perturba.segmentation.RegionScheme;
import org.perturba.segmentation.SegmenterTrainer;

import com.google.gson.JsonElement;

/**
 * Reads and validates an experiment file (JSON; the schema is in {@code docs/experiment-file.md}).
 * Structure, types, ranges and references between models, attacks and transfers are checked here,
 * before anything runs; what depends on the installed contributions (ids, parameters, directions,
 * entries that repeat a cell) is checked by {@code Contributions.validate}.
 * Relative paths are resolved against the experiment file's folder. The file's size and the size of
 * its sweep are capped by {@link ResourceLimits} ({@link Limit#MAX_EXPERIMENT_FILE_BYTES},
 * {@link Limit#MAX_SWEEP_SIZE}); the counts below are structural bounds that no study comes near.
 */
public final class ExperimentSpecReader {
    private static final int MAX_MODELS = 16;
    private static final int MAX_SEGMENTERS = 4;
    private static final int MAX_EPSILONS = 32;
    /** Each seed repeats the whole run. */
    /** The most seeds an experiment may repeat its study with. */
    public static final int MAX_SEEDS = 32;
    private static final int MAX_SUBJECTS = 100_000;
    private static final String ID_PATTERN = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}";
    private static final List<String> TRAINING_FIELDS = List.of("epochs", "batch", "patience", "augment");
    private static final List<String> SEGMENTER_TRAINING_FIELDS = List.of("epochs", "batch", "patience");

    private ExperimentSpecReader() {
    }

    /** Reads with the limits the system properties set ({@link ResourceLimits#current()}). */
    public static ExperimentSpec read(Path file) throws InvalidExperimentException {
        return read(file, currentLimits());
    }

    public static ExperimentSpec read(Path file, ResourceLimits limits) throws InvalidExperimentException {
        byte[] bytes;
        try {
            if (Files.size(file) > limits.get(Limit.MAX_EXPERIMENT_FILE_BYTES)) {
                throw new InvalidExperimentException(file + ": refused: "
                        + limits.exceeded(Limit.MAX_EXPERIMENT_FILE_BYTES, Files.size(file) + " bytes"));
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new InvalidExperimentException(file + ": cannot read: no such file", e);
        } catch (IOException e) {
            throw new InvalidExperimentException(file + ": cannot read: " + e.getMessage(), e);
        }
        Path base = file.toAbsolutePath().getParent();
        String defaultName = file.getFileName().toString().replaceFirst("\\.json$", "");
        try {
            return parse(utf8(bytes), base, defaultName, limits);
        } catch (InvalidExperimentException e) {
            throw new InvalidExperimentException(file + ": " + e.getMessage(), e);
        }
    }

    /** Parses with the limits the system properties set ({@link ResourceLimits#current()}). */
    public static ExperimentSpec parse(String text, Path base, String defaultName) throws InvalidExperimentException {
        return parse(text, base, defaultName, currentLimits());
    }

    /** The limits the system properties set; a malformed one is an error of the experiment's setting, in one line. */
    private static ResourceLimits currentLimits() throws InvalidExperimentException {
        try {
            return ResourceLimits.current();
        } catch (IllegalArgumentException e) {
            throw new InvalidExperimentException(e.getMessage(), e);
        }
    }

    /**
     * @param base the folder relative paths are resolved against
     * @param defaultName the name when the file gives none
     */
    public static ExperimentSpec parse(String text, Path base, String defaultName, ResourceLimits limits)
            throws InvalidExperimentException {
        JsonObjectReader experiment = JsonObjectReader.of("", StrictJsonParser.parse(text));
        String name = experiment.string("name").orElse(defaultName);
        List<Long> seeds = seeds(experiment);
        long seed = seeds.get(0);
        DatasetSource dataset = dataset(experiment.object("dataset"), base);
        List<SegmenterSpec> segmenters = experiment.list("segmenters", (path, element) -> segmenter(path, element, base, seed));
        if (segmenters.size() > MAX_SEGMENTERS) {
            throw new InvalidExperimentException("segmenters: expected at most " + MAX_SEGMENTERS + ", got " + segmenters.size());
        }
        requireUniqueIds("segmenters", segmenters.stream().map(SegmenterSpec::id).toList());
        Set<String> segmenterIds = new HashSet<>(segmenters.stream().map(SegmenterSpec::id).toList());
        List<ModelSpec> models = experiment.list("models", (path, element) -> model(path, element, base, seed, segmenterIds));
        if (models.isEmpty() || models.size() > MAX_MODELS) {
            throw new InvalidExperimentException("models: expected 1 to " + MAX_MODELS + " models, got " + models.size());
        }
        requireUniqueIds("models", models.stream().map(ModelSpec::id).toList());
        Set<String> modelIds = new HashSet<>(models.stream().map(ModelSpec::id).toList());
        List<Double> epsilons = experiment.list("epsilons", (path, element) -> JsonObjectReader.decimal(path, element, 0, 1));
        if (epsilons.isEmpty() || epsilons.size() > MAX_EPSILONS) {
            throw new InvalidExperimentException("epsilons: expected 1 to " + MAX_EPSILONS + " values in [0, 1], got "
                    + epsilons.size());
        }
        if (epsilons.stream().distinct().count() != epsilons.size()) {
            throw new InvalidExperimentException("epsilons: values repeat: " + epsilons);
        }
        List<AttackSpec> attacks = experiment.list("attacks", (path, element) -> attack(path, element, modelIds));
        List<TransferSpec> transfers = experiment.list("transfers", (path, element) -> transfer(path, element, modelIds));
        int attacked = (int) experiment.integer("attackedSubjects", 1_000, 1, MAX_SUBJECTS);
        int universalFit = (int) experiment.integer("universalFitSubjects", 1_000, 1, MAX_SUBJECTS);
        List<ThreatModel> threatModels = experiment.list("threatModels", ExperimentSpecReader::threatModel);
        if (threatModels.stream().distinct().count() != threatModels.size()) {
            throw new InvalidExperimentException("threatModels: values repeat: "
                    + threatModels.stream().map(ThreatModel::id).toList());
        }
        experiment.requireNoOtherFields();
        ExperimentSpec spec = new ExperimentSpec(name, seed, dataset, models, segmenters, attacks, transfers, epsilons, attacked,
                universalFit, threatModels.isEmpty() ? ThreatModel.ALL : threatModels, seeds);
        if (spec.sweepSize() > limits.get(Limit.MAX_SWEEP_SIZE)) {
            throw new InvalidExperimentException("the sweep is too large: " + spec.sweepCells() + " attack runs × " + attacked
                    + " attacked subjects" + (seeds.size() > 1 ? " × " + seeds.size() + " seeds" : "") + " = "
                    + limits.exceeded(Limit.MAX_SWEEP_SIZE, Long.toString(spec.sweepSize())));
        }
        return spec;
    }

    private static DatasetSource dataset(JsonObjectReader dataset, Path base) throws InvalidExperimentException {
        boolean hasPath = dataset.has("path");
        boolean hasCohort = dataset.has("cohort");
        if (hasPath == hasCohort) {
            throw new InvalidExperimentException("dataset: give either \"path\" (a BIDS-like folder) or \"cohort\" (one to generate)");
        }
        DatasetSource source;
        if (hasPath) {
            source = DatasetSource.directory(resolve(base, dataset.requiredString("path"), dataset.path("path")));
        } else {
            JsonObjectReader cohort = dataset.object("cohort");
            int subjects = (int) cohort.integer("subjects", 300, CohortSpec.MIN_SUBJECTS, CohortSpec.MAX_SUBJECTS);
            long cohortSeed = cohort.integer("seed", 7, 0, Long.MAX_VALUE);
            GridRequest grid = cohort.grid("grid", new GridRequest.Cube(CohortGrid.DEFAULT_SIDE));
            double ageMin = cohort.decimal("ageMin", CohortSpec.DEFAULT_AGE_MIN, 0, 150);
            double ageMax = cohort.decimal("ageMax", CohortSpec.DEFAULT_AGE_MAX, 0, 150);
            cohort.requireNoOtherFields();
            try {
                source = DatasetSource.generated(new CohortSpec(subjects, cohortSeed, grid.forCohort(), ageMin, ageMax));
            } catch (IllegalArgumentException e) {
                throw new InvalidExperimentException(dataset.path("cohort") + ": " + e.getMessage());
            }
        }
        dataset.requireNoOtherFields();
        return source;
    }

    /** {@code "seed": N} (1 when absent) or {@code "seeds": [N, ...]}, never both. */
    private static List<Long> seeds(JsonObjectReader experiment) throws InvalidExperimentException {
        if (!experiment.has("seeds")) {
            return List.of(experiment.integer("seed", 1, 0, Long.MAX_VALUE));
        }
        if (experiment.has("seed")) {
            throw new InvalidExperimentException("seed: give either \"seed\" (one seed) or \"seeds\" (several), not both");
        }
        List<Long> seeds = experiment.list("seeds", (path, element) -> JsonObjectReader.integer(path, element, 0, Long.MAX_VALUE));
        if (seeds.isEmpty() || seeds.size() > MAX_SEEDS) {
            throw new InvalidExperimentException("seeds: expected 1 to " + MAX_SEEDS + " seeds, got " + seeds.size());
        }
        if (seeds.stream().distinct().count() != seeds.size()) {
            throw new InvalidExperimentException("seeds: values repeat: " + seeds);
        }
        return seeds;
    }

    private static SegmenterSpec segmenter(String path, JsonElement element, Path base, long seed)
            throws InvalidExperimentException {
        JsonObjectReader segmenter = JsonObjectReader.of(path, element);
        String id = id(segmenter, "id");
        String regions = segmenter.string("regions").orElse(SegmenterSpec.DEFAULT_REGIONS);
        if (!RegionScheme.IDS.contains(regions)) {
            throw new InvalidExperimentException(segmenter.path("regions") + ": expected one of " + String.join(", ", RegionScheme.IDS)
                    + ", got \"" + regions + "\"");
        }
        Optional<Path> load = load(segmenter, base);
        for (String setting : SEGMENTER_TRAINING_FIELDS) {
            if (load.isPresent() && segmenter.has(setting)) {
                throw new InvalidExperimentException(segmenter.path(setting) + ": a loaded segmenter is not trained (leave out "
                        + String.join(", ", SEGMENTER_TRAINING_FIELDS) + ")");
            }
        }
        TrainingSpec training;
        try {
            training = new TrainingSpec((int) segmenter.integer("epochs", SegmenterTrainer.DEFAULT_EPOCHS, 1, 10_000),
                    (int) segmenter.integer("batch", SegmenterTrainer.DEFAULT_BATCH, 1, 4096), seed,
                    (int) segmenter.integer("patience", SegmenterTrainer.DEFAULT_PATIENCE, 1, 10_000), false);
        } catch (IllegalArgumentException e) {
            throw new InvalidExperimentException(path + ": " + e.getMessage());
        }
        segmenter.requireNoOtherFields();
        return new SegmenterSpec(id, regions, load, training);
    }

    private static Optional<Path> load(JsonObjectReader entry, Path base) throws InvalidExperimentException {
        Optional<String> text = entry.string("load");
        return text.isPresent() ? Optional.of(resolve(base, text.get(), entry.path("load"))) : Optional.empty();
    }

    private static ModelSpec model(String path, JsonElement element, Path base, long seed, Set<String> segmenterIds)
            throws InvalidExperimentException {
        JsonObjectReader model = JsonObjectReader.of(path, element);
        String id = id(model, "id");
        Optional<String> kind = model.string("kind");
        Optional<String> context = model.string("context");
        Optional<String> segmenter = model.string("segmenter");
        if (segmenter.isPresent() && !segmenterIds.contains(segmenter.get())) {
            throw new InvalidExperimentException(model.path("segmenter") + ": no segmenter \"" + segmenter.get() + "\" (segmenters: "
                    + (segmenterIds.isEmpty() ? "none" : String.join(", ", segmenterIds.stream().sorted().toList())) + ")");
        }
        Optional<Path> load = load(model, base);
        if (kind.isPresent() == load.isPresent()) {
            throw new InvalidExperimentException(path + ": give either \"kind\" (a model to train) or \"load\" (a saved model:"
                    + " a .zip, or an .onnx with its card)");
        }
        if (load.isPresent() && context.isPresent()) {
            throw new InvalidExperimentException(model.path("context") + ": a loaded model brings its own context");
        }
        for (String setting : TRAINING_FIELDS) {
            if (load.isPresent() && model.has(setting)) {
                throw new InvalidExperimentException(model.path(setting) + ": a loaded model is not trained (leave out "
                        + String.join(", ", TRAINING_FIELDS) + ")");
            }
        }
        TrainingSpec training;
        try {
            training = new TrainingSpec((int) model.integer("epochs", TrainingSpec.DEFAULT_EPOCHS, 1, 10_000),
                    (int) model.integer("batch", TrainingSpec.DEFAULT_BATCH, 1, 4096), seed,
                    (int) model.integer("patience", TrainingSpec.DEFAULT_PATIENCE, 1, 10_000), model.bool("augment", true));
        } catch (IllegalArgumentException e) {
            throw new InvalidExperimentException(path + ": " + e.getMessage());
        }
        model.requireNoOtherFields();
        return new ModelSpec(id, kind, context, segmenter, load, training);
    }

    private static AttackSpec attack(String path, JsonElement element, Set<String> modelIds) throws InvalidExperimentException {
        JsonObjectReader attack = JsonObjectReader.of(path, element);
        String id = id(attack, "attack");
        List<Direction> directions = attack.list("directions", ExperimentSpecReader::direction);
        if (directions.stream().distinct().count() != directions.size()) {
            throw new InvalidExperimentException(attack.path("directions") + ": directions repeat: " + directions);
        }
        Map<String, String> parameters = attack.textMap("parameters");
        for (String swept : List.of("epsilon", "direction")) {
            if (parameters.containsKey(swept)) {
                throw new InvalidExperimentException(attack.path("parameters") + "." + swept
                        + ": set by the experiment (use \"epsilons\" and \"directions\")");
            }
        }
        List<String> models = attack.list("models",
                (itemPath, item) -> modelReference(itemPath, JsonObjectReader.text(itemPath, item), modelIds));
        attack.requireNoOtherFields();
        return new AttackSpec(id, directions, parameters, models);
    }

    private static TransferSpec transfer(String path, JsonElement element, Set<String> modelIds) throws InvalidExperimentException {
        JsonObjectReader transfer = JsonObjectReader.of(path, element);
        String attack = id(transfer, "attack");
        String source = modelReference(transfer.path("from"), transfer.requiredString("from"), modelIds);
        String target = modelReference(transfer.path("to"), transfer.requiredString("to"), modelIds);
        if (source.equals(target)) {
            throw new InvalidExperimentException(path + ": \"from\" and \"to\" name the same model");
        }
        Optional<String> directionText = transfer.string("direction");
        Optional<Direction> direction = directionText.isPresent()
                ? Optional.of(direction(transfer.path("direction"), directionText.get()))
                : Optional.empty();
        transfer.requireNoOtherFields();
        return new TransferSpec(attack, source, target, direction);
    }

    private static Direction direction(String path, JsonElement element) throws InvalidExperimentException {
        return direction(path, JsonObjectReader.text(path, element));
    }

    private static Direction direction(String path, String text) throws InvalidExperimentException {
        return Direction.of(text).orElseThrow(
                () -> new InvalidExperimentException(path + ": expected up, down or untargeted, got \"" + text + "\""));
    }

    private static ThreatModel threatModel(String path, JsonElement element) throws InvalidExperimentException {
        String text = JsonObjectReader.text(path, element);
        return ThreatModel.of(text).orElseThrow(() -> new InvalidExperimentException(
                path + ": expected one of " + ThreatModel.ids() + ", got \"" + text + "\""));
    }

    private static String modelReference(String path, String id, Set<String> modelIds) throws InvalidExperimentException {
        if (!modelIds.contains(id)) {
            throw new InvalidExperimentException(path + ": no model \"" + id + "\" (models: " + String.join(", ", modelIds) + ")");
        }
        return id;
    }

    /**
     * A path of the file against the file's folder. A path the file system cannot name (one holding a NUL
     * character) threw an unchecked InvalidPathException (found by review for fuzzing, reproduced
     * by the fuzz target; the inputs are in the fuzz corpus).
     */
    private static Path resolve(Path base, String path, String where) throws InvalidExperimentException {
        try {
            return base.resolve(path).normalize();
        } catch (InvalidPathException e) {
            throw new InvalidExperimentException(where + ": not a valid path: " + e.getReason());
        }
    }

    private static String id(JsonObjectReader object, String field) throws InvalidExperimentException {
        String id = object.requiredString(field);
        if (!id.matches(ID_PATTERN)) {
            throw new InvalidExperimentException(object.path(field) + ": \"" + id
                    + "\" is not an id (letters, digits, '.', '_' and '-', at most 64)");
        }
        return id;
    }

    private static void requireUniqueIds(String field, List<String> ids) throws InvalidExperimentException {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < ids.size(); i++) {
            if (!seen.add(ids.get(i))) {
                throw new InvalidExperimentException(field + "[" + i + "].id: \"" + ids.get(i) + "\" is used twice");
            }
        }
    }

    /** The text of a UTF-8 file; any other encoding is named by its first stray byte (a decoder's message says nothing). */
    private static String utf8(byte[] bytes) throws InvalidExperimentException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            throw new InvalidExperimentException(String.format(Locale.ROOT, "not UTF-8 text (byte 0x%02X at offset %d)",
                    bytes[in.position()] & 0xff, in.position()));
        }
        return out.flip().toString();
    }
}
