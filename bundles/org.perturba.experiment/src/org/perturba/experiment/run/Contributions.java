package org.perturba.experiment.run;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

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

/**
 * The contributions an experiment names, looked up in the registry: unknown ids, missing sweep
 * parameters and invalid parameter values are reported before anything runs.
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
     * the experiment's values, with the sweep's epsilon and direction; an attack's {@code seed}, unless
     * given, is the experiment's, so that another experiment seed draws other random starts.
     */
    public AttackParameters attackParameters(String attack, Map<String, String> given, double epsilon, Direction direction,
            long seed) throws InvalidExperimentException {
        ContributionDescriptor descriptor = descriptor(ContributionKind.ATTACK, attack);
        Map<String, ParameterDescriptor> declared = new LinkedHashMap<>();
        descriptor.parameters().forEach(parameter -> declared.put(parameter.name(), parameter));
        for (String required : List.of(EPSILON, DIRECTION)) {
            if (!declared.containsKey(required)) {
                throw new InvalidExperimentException(descriptor.describe() + " declares no '" + required
                        + "' parameter, so the experiment cannot sweep it");
            }
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
     * Checks that every model kind, context extractor and attack the experiment names is installed
     * and that every attack accepts its parameters in every direction, before the long work starts.
     */
    public void validate(ExperimentSpec spec) throws InvalidExperimentException {
        for (ModelSpec model : spec.models()) {
            if (model.kind().isPresent()) {
                descriptor(ContributionKind.MODEL, model.kind().get());
            }
            if (model.context().isPresent()) {
                descriptor(ContributionKind.CONTEXT, model.context().get());
            }
        }
        for (AttackSpec attack : spec.attacks()) {
            for (Direction direction : attack.directions()) {
                attackParameters(attack.attack(), attack.parameters(), spec.epsilons().get(0), direction, spec.seed());
            }
        }
        for (TransferSpec transfer : spec.transfers()) {
            attackParameters(transfer.attack(), AttackStage.parametersOf(spec, transfer.attack()), spec.epsilons().get(0),
                    transfer.direction(), spec.seed());
        }
    }

    public Attack attack(String id) throws InvalidExperimentException, ContributionFailedException {
        return create(ContributionKind.ATTACK, id, Attack.class);
    }

    /** The installed contribution, if any (a loaded model may name a kind that is not installed). */
    public Optional<ContributionDescriptor> find(ContributionKind kind, String id) {
        return registry.find(kind, id);
    }

    public ContributionDescriptor descriptor(ContributionKind kind, String id) throws InvalidExperimentException {
        return registry.find(kind, id).orElseThrow(() -> new InvalidExperimentException("unknown "
                + kind.name().toLowerCase(Locale.ROOT) + " '" + id + "' (available: "
                + registry.descriptors(kind).stream().map(ContributionDescriptor::id).collect(Collectors.joining(", ")) + ")"));
    }
}
