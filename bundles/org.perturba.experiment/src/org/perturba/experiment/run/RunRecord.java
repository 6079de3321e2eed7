package org.perturba.experiment.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.perturba.imaging.io.Sha256;
import org.perturba.anatomy.cohort.CohortSpec;
import org.perturba.experiment.json.Json;
import org.perturba.experiment.spec.AttackSpec;
import org.perturba.experiment.spec.Direction;
import org.perturba.experiment.spec.ExperimentSpec;
import org.perturba.experiment.spec.InvalidExperimentException;
import org.perturba.experiment.spec.ModelSpec;
import org.perturba.experiment.spec.SegmenterSpec;
import org.perturba.experiment.spec.ThreatModel;
import org.perturba.experiment.spec.TransferSpec;
import org.perturba.model.training.TrainingSpec;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

/**
 * {@code run.json}: the experiment a run folder holds, as it ran, after every default was applied
 * (each attack's full parameters as the attack resolves them, each model's training), with the
 * Perturba version and a hash of the whole (every map in a fixed order, so the same experiment
 * always gives the same text). Written when a run starts; a resumed run must describe
 * the same, or its results would mix with those of another experiment.
 */
final class RunRecord {
    static final String FILE = "run.json";
    private static final String VERSION = "perturbaVersion";
    private static final String EXPERIMENT = "experiment";
    /** Changes named in a refusal: enough to see what happened, short enough for one line. */
    private static final int CHANGES_SHOWN = 4;

    private final String text;
    private final JsonObject record;

    private RunRecord(String text) {
        this.text = text;
        this.record = JsonParser.parseString(text).getAsJsonObject();
    }

    static RunRecord of(ExperimentSpec spec, Contributions contributions, String perturbaVersion)
            throws InvalidExperimentException, IOException {
        Map<String, Object> experiment = new LinkedHashMap<>();
        experiment.put("name", spec.name());
        experiment.put("seed", spec.seed());
        if (spec.seeds().size() > 1) { // only then: a one-seed run's record stays as it was before seeds, so its folder resumes
            experiment.put("seeds", spec.seeds());
        }
        experiment.put("dataset", dataset(spec));
        List<Object> models = new ArrayList<>();
        for (ModelSpec model : spec.models()) {
            models.add(model(model));
        }
        experiment.put("models", models);
        List<Object> segmenters = new ArrayList<>();
        for (SegmenterSpec segmenter : spec.segmenters()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("id", segmenter.id());
            entry.put("regions", segmenter.regions());
            source(segmenter.load(), segmenter.training(), entry);
            segmenters.add(entry);
        }
        experiment.put("segmenters", segmenters);
        List<Object> attacks = new ArrayList<>();
        for (AttackSpec attack : spec.attacks()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("attack", attack.attack());
            List<Direction> directions = contributions.directions(attack.attack(), attack.directions());
            entry.put("directions", directions.stream().map(Direction::id).toList());
            entry.put("models", attack.models());
            entry.put("parameters", parameters(contributions, spec, attack.attack(), attack.parameters(), directions.get(0)));
            attacks.add(entry);
        }
        experiment.put("attacks", attacks);
        List<Object> transfers = new ArrayList<>();
        for (TransferSpec transfer : spec.transfers()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("attack", transfer.attack());
            entry.put("from", transfer.source());
            entry.put("to", transfer.target());
            Direction direction = contributions.direction(transfer);
            entry.put("direction", direction.id());
            entry.put("parameters", parameters(contributions, spec, transfer.attack(), AttackStage.parametersOf(spec, transfer.attack()),
                    direction));
            transfers.add(entry);
        }
        experiment.put("transfers", transfers);
        experiment.put("epsilons", spec.epsilons());
        experiment.put("attackedSubjects", spec.attackedSubjects());
        experiment.put("universalFitSubjects", spec.universalFitSubjects());
        experiment.put("threatModels", spec.threatModels().stream().map(ThreatModel::id).toList());
        Map<String, Object> record = new LinkedHashMap<>();
        record.put(VERSION, perturbaVersion);
        record.put("experimentSha256", Sha256.of(Json.write(experiment)));
        record.put(EXPERIMENT, experiment);
        return new RunRecord(Json.writePretty(record) + "\n");
    }

    private static Map<String, Object> dataset(ExperimentSpec spec) throws IOException {
        Map<String, Object> dataset = new LinkedHashMap<>();
        if (spec.dataset().cohort().isPresent()) {
            CohortSpec cohort = spec.dataset().cohort().get();
            Map<String, Object> generated = new LinkedHashMap<>();
            generated.put("subjects", cohort.subjects());
            generated.put("seed", cohort.seed());
            generated.put("grid", cohort.grid().describe());
            generated.put("ageMin", cohort.ageMin());
            generated.put("ageMax", cohort.ageMax());
            dataset.put("cohort", generated);
        } else {
            Path root = spec.dataset().path().get().toAbsolutePath().normalize();
            dataset.put("path", root.toString());
            hash(root.resolve("participants.tsv")).ifPresent(hash -> dataset.put("participantsSha256", hash));
        }
        return dataset;
    }

    private static Map<String, Object> model(ModelSpec model) throws IOException {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("id", model.id());
        model.kind().ifPresent(kind -> entry.put("kind", kind));
        model.context().ifPresent(context -> entry.put("context", context));
        model.segmenter().ifPresent(segmenter -> entry.put("segmenter", segmenter));
        source(model.load(), model.training(), entry);
        return entry;
    }

    /** The file a model or segmenter is loaded from, with its hash, or how it is trained. */
    private static void source(Optional<Path> load, TrainingSpec training, Map<String, Object> entry) throws IOException {
        if (load.isPresent()) {
            Path file = load.get().toAbsolutePath().normalize();
            entry.put("load", file.toString());
            hash(file).ifPresent(hash -> entry.put("loadSha256", hash));
        } else {
            Map<String, Object> settings = new LinkedHashMap<>();
            settings.put("epochs", training.epochs());
            settings.put("batchSize", training.batchSize());
            settings.put("seed", training.seed());
            settings.put("patience", training.patience());
            settings.put("augment", training.augment());
            entry.put("training", settings);
        }
    }

    /** The attack's full parameters, except the epsilon and direction that the sweep varies (recorded beside them). */
    private static Map<String, String> parameters(Contributions contributions, ExperimentSpec spec, String attack,
            Map<String, String> given, Direction direction) throws InvalidExperimentException {
        Map<String, String> values = new TreeMap<>(
                contributions.attackParameters(attack, given, spec.epsilons().get(0), direction, spec.seed()).values());
        values.remove(Contributions.EPSILON);
        values.remove(Contributions.DIRECTION);
        return values;
    }

    /** A file's hash; empty when it is missing (the step that reads it says so). */
    private static Optional<String> hash(Path file) throws IOException {
        return Files.isRegularFile(file) ? Optional.of(Sha256.ofFile(file)) : Optional.empty();
    }

    String text() {
        return text;
    }

    /**
     * Checks that the run in {@code folder} was started with this same record, reading only.
     *
     * @throws IOException naming what changed, when it was not (or when the folder has no record)
     */
    void requireSameAs(Path folder) throws IOException {
        String refused = folder + ": --resume refused: ";
        Path file = folder.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            throw new IOException(refused + "the folder has no " + FILE + " (it was started by an older Perturba, or is not a run"
                    + " folder), so nothing shows which experiment it holds; start a new --out");
        }
        JsonObject stored;
        try {
            stored = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)).getAsJsonObject();
        } catch (JsonParseException | IllegalStateException e) {
            throw new IOException(refused + FILE + " is damaged, so nothing shows which experiment the folder holds; start a new --out");
        }
        List<String> changes = new ArrayList<>();
        compare("Perturba version", stored.get(VERSION), record.get(VERSION), changes);
        compare("", stored.get(EXPERIMENT), record.get(EXPERIMENT), changes);
        if (!changes.isEmpty()) {
            String shown = String.join("; ", changes.subList(0, Math.min(CHANGES_SHOWN, changes.size())))
                    + (changes.size() > CHANGES_SHOWN ? "; and " + (changes.size() - CHANGES_SHOWN) + " more" : "");
            throw new IOException(refused + "the experiment changed since this folder was started (" + shown + "); start a new --out");
        }
    }

    /**
     * Adds {@code path old -> new} for every value that differs. Objects are compared field by
     * field and lists of objects entry by entry, so that a change names its place; a list of
     * plain values (epsilons, directions) is one value.
     */
    private static void compare(String path, JsonElement before, JsonElement after, List<String> changes) {
        if (before != null && after != null && before.isJsonObject() && after.isJsonObject()) {
            JsonObject old = before.getAsJsonObject();
            JsonObject now = after.getAsJsonObject();
            List<String> keys = new ArrayList<>(now.keySet());
            old.keySet().stream().filter(key -> !now.has(key)).forEach(keys::add);
            for (String key : keys) {
                compare(path.isEmpty() ? key : path + "." + key, old.get(key), now.get(key), changes);
            }
        } else if (before != null && after != null && before.isJsonArray() && after.isJsonArray()
                && (holdsObjects(before) || holdsObjects(after))) {
            int size = Math.max(before.getAsJsonArray().size(), after.getAsJsonArray().size());
            for (int i = 0; i < size; i++) {
                compare(path + "[" + i + "]", element(before, i), element(after, i), changes);
            }
        } else if (before == null || !before.equals(after)) {
            changes.add(path + " " + text(before) + " -> " + text(after));
        }
    }

    private static boolean holdsObjects(JsonElement array) {
        return array.getAsJsonArray().asList().stream().anyMatch(JsonElement::isJsonObject);
    }

    private static JsonElement element(JsonElement array, int index) {
        return index < array.getAsJsonArray().size() ? array.getAsJsonArray().get(index) : null;
    }

    private static String text(JsonElement value) {
        if (value == null) {
            return "(none)";
        }
        return value.isJsonPrimitive() && value.getAsJsonPrimitive().isString() ? value.getAsString() : value.toString();
    }
}
