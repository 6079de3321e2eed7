package org.perturba.ui.experiment;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.perturba.anatomy.ContextExtractor;
import org.perturba.anatomy.segmentation.SegmentationContextExtractor;
import org.perturba.core.registry.ContributionDescriptor;
import org.perturba.core.registry.ContributionKind;
import org.perturba.core.registry.ContributionRegistry;
import org.perturba.core.registry.InvalidContributionException;
import org.perturba.core.registry.ParameterDescriptor;
import org.perturba.experiment.json.Json;
import org.perturba.experiment.spec.ExperimentSpec;
import org.perturba.experiment.spec.ExperimentSpecReader;
import org.perturba.experiment.spec.InvalidExperimentException;

/**
 * What the Experiment view's form holds, turned into an experiment by writing the experiment file
 * the form describes and reading it back with {@link ExperimentSpecReader}: the form gets exactly
 * the validation and defaults of {@code perturba run}, with the same one-line errors.
 */
public final class ExperimentDraft {
    /** Parameters the sweep sets; the form does not show them. */
    public static final List<String> SWEPT = List.of("epsilon", "direction");
    /** The segmenter a draft trains for models whose context is measured through one. */
    static final String SEGMENTER = "segmenter";

    /** A model of the experiment: a saved model to load (a zip, or an ONNX model with its card), or a kind to train. */
    public record ModelChoice(String id, Optional<Path> saved, Optional<String> kind, Optional<String> context, int epochs) {
        public static ModelChoice load(Path file) {
            String name = file.getFileName().toString().replaceFirst("\\.(zip|onnx)$", "").replaceAll("[^A-Za-z0-9._-]", "-");
            return new ModelChoice(name.isEmpty() ? "model" : name, Optional.of(file.toAbsolutePath()), Optional.empty(),
                    Optional.empty(), 0);
        }

        public static ModelChoice train(String kind, Optional<String> context, int epochs) {
            return new ModelChoice(kind + context.map(id -> "-" + id).orElse(""), Optional.empty(), Optional.of(kind), context,
                    epochs);
        }

        public String describe() {
            return saved.map(path -> "saved: " + path)
                    .orElse("train " + kind.orElse("?") + context.map(id -> " + " + id).orElse("") + ", " + epochs + " epochs");
        }
    }

    public String name = "workbench experiment";
    public long seed = 1;
    public Optional<Path> datasetFolder = Optional.empty();
    public int cohortSubjects = 60;
    public int cohortGrid = 32;
    public final List<ModelChoice> models = new ArrayList<>();
    public String attack = "fgsm";
    public final List<String> directions = new ArrayList<>(List.of("up"));
    public final Map<String, String> parameters = new LinkedHashMap<>();
    public String epsilons = "0.005, 0.01, 0.02";
    public int attackedSubjects = 8;

    /** Epsilons separated by commas or spaces. */
    public static List<Double> parseEpsilons(String text) throws InvalidExperimentException {
        List<Double> values = new ArrayList<>();
        for (String part : text.trim().split("[,;\\s]+")) {
            if (part.isEmpty()) {
                continue;
            }
            try {
                values.add(Double.parseDouble(part));
            } catch (NumberFormatException e) {
                throw new InvalidExperimentException("epsilons: '" + part + "' is not a number");
            }
        }
        if (values.isEmpty()) {
            throw new InvalidExperimentException("epsilons: give at least one, e.g. 0.005, 0.01");
        }
        return values;
    }

    /** The experiment file this draft describes, as JSON. */
    public String toJson(ContributionRegistry registry) throws InvalidExperimentException {
        Map<String, Object> experiment = new LinkedHashMap<>();
        experiment.put("name", name);
        experiment.put("seed", seed);
        Map<String, Object> dataset = new LinkedHashMap<>();
        if (datasetFolder.isPresent()) {
            dataset.put("path", datasetFolder.get().toAbsolutePath().toString());
        } else {
            dataset.put("cohort", Map.of("subjects", cohortSubjects, "grid", cohortGrid));
        }
        experiment.put("dataset", dataset);
        if (models.isEmpty()) {
            throw new InvalidExperimentException("models: add a saved model or a model to train");
        }
        List<Object> modelList = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (ModelChoice model : models) {
            Map<String, Object> entry = new LinkedHashMap<>();
            String id = model.id();
            for (int n = 2; ids.contains(id); n++) {
                id = model.id() + "-" + n;
            }
            ids.add(id);
            entry.put("id", id);
            model.saved().ifPresent(file -> entry.put("load", file.toString()));
            model.kind().ifPresent(kind -> entry.put("kind", kind));
            model.context().ifPresent(context -> entry.put("context", context));
            if (model.kind().isPresent()) {
                entry.put("epochs", model.epochs());
            }
            modelList.add(entry);
        }
        experiment.put("models", modelList);
        if (measuresThroughSegmenter(registry)) { // trained in the run, as long as the models it serves
            int epochs = models.stream().filter(model -> model.kind().isPresent()).mapToInt(ModelChoice::epochs).max().orElse(1);
            experiment.put("segmenters", List.of(Map.of("id", SEGMENTER, "epochs", epochs)));
        }
        experiment.put("epsilons", parseEpsilons(epsilons));
        Map<String, Object> attackEntry = new LinkedHashMap<>();
        attackEntry.put("attack", attack);
        if (sweepsDirection(registry) && !directions.isEmpty()) { // a baseline without a direction runs once per epsilon
            attackEntry.put("directions", List.copyOf(directions));
        }
        attackEntry.put("parameters", typedParameters(registry));
        experiment.put("attacks", List.of(attackEntry));
        experiment.put("attackedSubjects", attackedSubjects);
        return Json.writePretty(experiment);
    }

    /** The experiment, validated as {@code perturba run} validates an experiment file. */
    public ExperimentSpec toSpec(ContributionRegistry registry, Path base) throws InvalidExperimentException {
        return ExperimentSpecReader.parse(toJson(registry), base, name);
    }

    /**
     * Whether a model to train takes a context that is measured through a segmentation model. The
     * extractor is created to find out; one that cannot be is left to the validation to report.
     */
    private boolean measuresThroughSegmenter(ContributionRegistry registry) {
        return models.stream().map(ModelChoice::context).flatMap(Optional::stream)
                .map(id -> registry.find(ContributionKind.CONTEXT, id)).flatMap(Optional::stream).anyMatch(descriptor -> {
                    try {
                        return descriptor.createInstance(ContextExtractor.class) instanceof SegmentationContextExtractor;
                    } catch (InvalidContributionException e) {
                        return false;
                    }
                });
    }

    /** Whether the chosen attack declares a {@code direction}: only then may the experiment list directions. */
    public boolean sweepsDirection(ContributionRegistry registry) throws InvalidExperimentException {
        return attackDescriptor(registry).parameters().stream().anyMatch(parameter -> parameter.name().equals("direction"));
    }

    private ContributionDescriptor attackDescriptor(ContributionRegistry registry) throws InvalidExperimentException {
        return registry.find(ContributionKind.ATTACK, attack)
                .orElseThrow(() -> new InvalidExperimentException("attack: no attack '" + attack + "' is installed"));
    }

    /** The form's texts as the JSON types the attack declares, each checked against its declaration. */
    private Map<String, Object> typedParameters(ContributionRegistry registry) throws InvalidExperimentException {
        ContributionDescriptor descriptor = attackDescriptor(registry);
        Map<String, Object> typed = new LinkedHashMap<>();
        for (ParameterDescriptor parameter : descriptor.parameters()) {
            String text = parameters.get(parameter.name());
            if (SWEPT.contains(parameter.name()) || text == null || text.isBlank()) {
                continue;
            }
            String value;
            try {
                value = parameter.validate(text.trim());
            } catch (InvalidContributionException e) {
                throw new InvalidExperimentException("attack parameter " + parameter.name() + ": " + e.getMessage());
            }
            typed.put(parameter.name(), switch (parameter.type()) {
                case DOUBLE -> Double.parseDouble(value);
                case INTEGER -> Long.parseLong(value);
                case BOOLEAN -> Boolean.parseBoolean(value);
                case CHOICE -> value;
            });
        }
        return typed;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s: %d models, %s, ε %s", name, models.size(), attack, epsilons);
    }
}
