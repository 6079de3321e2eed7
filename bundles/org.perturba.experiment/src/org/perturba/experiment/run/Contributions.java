package org.perturba.experiment.run;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.perturba.anatomy.ContextExtractor;
import org.perturba.anatomy.segmentation.SegmentationContextExtractor;
import org.perturba.attack.Attack;
import org.perturba.attack.AttackParameters;
import org.perturba.core.registry.ContributionDescriptor;
import org.perturba.core.registry.ContributionKind;
import org.perturba.core.registry.ContributionRegistry;
import org.perturba.core.registry.InvalidContributionException;
import org.perturba.core.registry.ParameterDescriptor;
import org.perturba.experiment.spec.AttackSpec;
import org.perturba.experiment.spec.Direction;
import org.perturba.experiment.spec.ExperimentSpec;
import org.perturba.experiment.spec.InvalidExperimentException;
import org.perturba.experiment.spec.ModelSpec;
import org.perturba.experiment.spec.TransferSpec;
import org.perturba.model.ModelFactory;

/**
 * The contributions an experiment names, looked up in the registry: unknown ids, missing sweep
 * parameters, invalid parameter values and entries that would run the same cells are reported
 * before anything runs. What an attack must declare to be swept: an {@code epsilon} parameter
 * (a double, the budget); a {@code direction} parameter is optional (a choice among
 * {@code increase}, {@code decrease}, {@code untargeted}): without one the attack runs once per
 * epsilon and its cells have the direction {@code none}.
 */
public final class Contributions {
    static final String EPSILON = "epsilon";
    static final String DIRECTION = "direction";
    static final String SEED = "seed";

    private final ContributionRegistry registry;

    public Contributions(ContributionRegistry registry) {
        this.registry = registry;
    }

    /**
     * A new instance of a contribution.
     *
     * @throws InvalidExperimentException when no such contribution is installed
     * @throws ContributionFailedException when its class cannot be loaded or created (stage {@link ContributionFailure#LOADING})
     */
    public <T> T create(ContributionKind kind, String id, Class<T> type)
            throws InvalidExperimentException, ContributionFailedException {
        ContributionDescriptor descriptor = descriptor(kind, id);
        try {
            return descriptor.createInstance(type);
        } catch (InvalidContributionException e) {
            throw new ContributionFailedException(new ContributionFailure(kind, id, ContributionFailure.LOADING,
                    Optional.empty(), e.getMessage()), e);
        }
    }

    /**
     * The full, validated parameter values of one attack run: the declared defaults, overridden by
     * the experiment's values, with the sweep's epsilon and direction ({@link Direction#NONE}: the
     * attack declares none); an attack's {@code seed}, unless given, is the experiment's, so that
     * another experiment seed draws other random starts.
     */
    public AttackParameters attackParameters(String attack, Map<String, String> given, double epsilon, Direction direction,
            long seed) throws InvalidExperimentException {
        ContributionDescriptor descriptor = descriptor(ContributionKind.ATTACK, attack);
        Map<String, ParameterDescriptor> declared = declared(descriptor);
        if (!declared.containsKey(EPSILON)) {
            throw new InvalidExperimentException(descriptor.describe() + " declares no '" + EPSILON
                    + "' parameter, so the experiment cannot sweep it");
        }
        for (String name : given.keySet()) {
            if (!declared.containsKey(name)) {
                throw new InvalidExperimentException(descriptor.describe() + " has no parameter '" + name + "' (parameters: "
                        + String.join(", ", declared.keySet()) + ")");
            }
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (ParameterDescriptor parameter : declared.values()) {
            String value = switch (parameter.name()) {
            case EPSILON -> Double.toString(epsilon);
            case DIRECTION -> direction.attackValue();
            case SEED -> given.getOrDefault(SEED, Long.toString(seed));
            default -> given.getOrDefault(parameter.name(), parameter.defaultValue());
            };
            try {
                values.put(parameter.name(), parameter.validate(value));
            } catch (InvalidContributionException e) {
                throw new InvalidExperimentException(descriptor.describe() + ": " + e.getMessage()
                        + (parameter.name().equals(DIRECTION) ? " (direction " + direction.id() + ")" : ""), e);
            }
        }
        return new AttackParameters(values);
    }

    /**
     * The directions an attack runs in: those listed, {@code up} when none are, or a single
     * {@link Direction#NONE} run for an attack that declares no {@code direction} parameter (listing
     * directions for it is an error: they would be silently the same run).
     *
     * @param given the directions the experiment lists; empty for the default
     */
    public List<Direction> directions(String attack, List<Direction> given) throws InvalidExperimentException {
        ContributionDescriptor descriptor = descriptor(ContributionKind.ATTACK, attack);
        if (declared(descriptor).containsKey(DIRECTION)) {
            return given.isEmpty() ? List.of(Direction.UP) : given;
        }
        if (!given.isEmpty()) {
            throw new InvalidExperimentException(descriptor.describe() + " declares no '" + DIRECTION
                    + "' parameter: it runs once per epsilon, so leave the direction out");
        }
        return List.of(Direction.NONE);
    }

    /** The one direction of a transfer, as {@link #directions} resolves it. */
    public Direction direction(TransferSpec transfer) throws InvalidExperimentException {
        return directions(transfer.attack(), transfer.direction().stream().toList()).get(0);
    }

    /**
     * Checks everything about the experiment that depends on what is installed, before anything is
     * created on disk: every model kind, context extractor and attack is installed, each model kind
     * gets a context exactly when it takes one, every attack can be swept and accepts its parameters
     * in every direction, and no two entries would run the same cell. Errors name the field, e.g.
     * {@code attacks[3].attack: no attack 'deepfool' installed (installed: adaptive, fgsm, ...)}.
     */
    public void validate(ExperimentSpec spec) throws InvalidExperimentException {
        for (int i = 0; i < spec.models().size(); i++) {
            ModelSpec model = spec.models().get(i);
            String field = "models[" + i + "]";
            validate(model, field);
            validateSegmenter(model, spec.segmenterOf(model), field);
        }
        Map<List<Object>, String> cells = new HashMap<>();
        for (int i = 0; i < spec.attacks().size(); i++) {
            AttackSpec attack = spec.attacks().get(i);
            String field = "attacks[" + i + "]";
            at(field + ".attack", () -> descriptor(ContributionKind.ATTACK, attack.attack()));
            List<Direction> directions = at(field + ".directions", () -> directions(attack.attack(), attack.directions()));
            for (Direction direction : directions) {
                AttackParameters parameters = at(field + ".parameters",
                        () -> attackParameters(attack.attack(), attack.parameters(), spec.epsilons().get(0), direction, spec.seed()));
                for (ModelSpec model : spec.models()) {
                    String earlier = attack.appliesTo(model.id()) ? cells.putIfAbsent(List.of(model.id(), attack.attack(),
                            parameters), field) : null;
                    if (earlier != null) {
                        throw new InvalidExperimentException(field + ": runs the same cells as " + earlier + " (attack '"
                                + attack.attack() + "' with the same parameters on model '" + model.id() + "', direction "
                                + direction.id() + "): merge the two entries");
                    }
                }
            }
        }
        Map<List<Object>, String> transfers = new HashMap<>();
        for (int i = 0; i < spec.transfers().size(); i++) {
            TransferSpec transfer = spec.transfers().get(i);
            String field = "transfers[" + i + "]";
            at(field + ".attack", () -> descriptor(ContributionKind.ATTACK, transfer.attack()));
            Direction direction = at(field + ".direction", () -> direction(transfer));
            at(field, () -> attackParameters(transfer.attack(), AttackStage.parametersOf(spec, transfer.attack()),
                    spec.epsilons().get(0), direction, spec.seed()));
            String earlier = transfers.putIfAbsent(List.of(transfer.attack(), transfer.source(), transfer.target(), direction), field);
            if (earlier != null) {
                throw new InvalidExperimentException(field + ": the same transfer as " + earlier);
            }
        }
    }

    /**
     * The model kind and context extractor are installed, and a context is given exactly when the
     * kind takes one. A factory that cannot be created or asked is left to the run, which records
     * it as a failure of that model.
     */
    private void validate(ModelSpec model, String field) throws InvalidExperimentException {
        if (model.context().isPresent()) {
            at(field + ".context", () -> descriptor(ContributionKind.CONTEXT, model.context().get()));
        }
        if (model.kind().isEmpty()) {
            return;
        }
        String kind = model.kind().get();
        ContributionDescriptor descriptor = at(field + ".kind", () -> descriptor(ContributionKind.MODEL, kind));
        boolean usesContext;
        try {
            ModelFactory factory = create(ContributionKind.MODEL, kind, ModelFactory.class);
            usesContext = Isolation.call(ContributionKind.MODEL, kind, ContributionFailure.LOADING, factory::usesContext);
        } catch (ContributionFailedException e) {
            return;
        }
        if (usesContext && model.context().isEmpty()) {
            throw new InvalidExperimentException(field + ": " + descriptor.describe() + " takes a \"context\" (installed: "
                    + ids(ContributionKind.CONTEXT) + ")");
        }
        if (!usesContext && model.context().isPresent()) {
            throw new InvalidExperimentException(field + ".context: " + descriptor.describe() + " takes no context");
        }
    }

    /**
     * A model to train measures its context through a segmenter exactly when its extractor does so (a
     * {@link SegmentationContextExtractor}); an extractor that cannot be created, and a loaded model,
     * are left to the run.
     */
    private void validateSegmenter(ModelSpec model, Optional<String> segmenter, String field) throws InvalidExperimentException {
        if (!model.trained()) { // its context is known once it is loaded
            return;
        }
        if (model.context().isEmpty()) {
            if (model.segmenter().isPresent()) {
                throw new InvalidExperimentException(field + ".segmenter: only a model with a \"context\" measured through a "
                        + "segmenter takes one");
            }
            return;
        }
        String context = model.context().get();
        boolean measures;
        try {
            measures = create(ContributionKind.CONTEXT, context, ContextExtractor.class) instanceof SegmentationContextExtractor;
        } catch (ContributionFailedException e) {
            return;
        }
        if (measures && segmenter.isEmpty()) {
            throw new InvalidExperimentException(field + ".context: '" + context + "' measures the image through a segmentation "
                    + "model: add one to \"segmenters\"" + (model.segmenter().isEmpty() ? " (name it in \"segmenter\" when there are several)" : ""));
        }
        if (!measures && model.segmenter().isPresent()) {
            throw new InvalidExperimentException(field + ".segmenter: the context extractor '" + context
                    + "' does not measure through a segmenter");
        }
    }

    /** A check of one field: its error is prefixed with the field's path. */
    private static <T> T at(String field, Check<T> check) throws InvalidExperimentException {
        try {
            return check.run();
        } catch (InvalidExperimentException e) {
            throw new InvalidExperimentException(field + ": " + e.getMessage(), e);
        }
    }

    @FunctionalInterface
    private interface Check<T> {
        T run() throws InvalidExperimentException;
    }

    private static Map<String, ParameterDescriptor> declared(ContributionDescriptor descriptor) {
        Map<String, ParameterDescriptor> declared = new LinkedHashMap<>();
        descriptor.parameters().forEach(parameter -> declared.put(parameter.name(), parameter));
        return declared;
    }

    public Attack attack(String id) throws InvalidExperimentException, ContributionFailedException {
        return create(ContributionKind.ATTACK, id, Attack.class);
    }

    /** The installed contribution, if any (a loaded model may name a kind that is not installed). */
    public Optional<ContributionDescriptor> find(ContributionKind kind, String id) {
        return registry.find(kind, id);
    }

    public ContributionDescriptor descriptor(ContributionKind kind, String id) throws InvalidExperimentException {
        return registry.find(kind, id).orElseThrow(() -> new InvalidExperimentException("no "
                + kind.name().toLowerCase(Locale.ROOT) + " '" + id + "' installed (installed: " + ids(kind) + ")"));
    }

    private String ids(ContributionKind kind) {
        return registry.descriptors(kind).stream().map(ContributionDescriptor::id).collect(Collectors.joining(", "));
    }
}
