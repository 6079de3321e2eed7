package org.perturba.experiment.spec;

import java.util.List;
import java.util.Map;

/**
 * One attack of an experiment, run at every epsilon of the sweep and in every direction listed,
 * against each model it applies to.
 *
 * @param attack the {@code org.perturba.attacks} contribution id
 * @param directions which ways to push the age, as the file lists them; empty for the attack's default: {@code up}
 *        when it declares a {@code direction} parameter, a single run in {@link Direction#NONE} otherwise
 * @param parameters values for the attack's other parameters (the epsilon and direction come from the sweep)
 * @param models ids of the models to attack; empty for all that the attack can take on
 */
public record AttackSpec(String attack, List<Direction> directions, Map<String, String> parameters, List<String> models) {

    public AttackSpec {
        directions = List.copyOf(directions);
        parameters = Map.copyOf(parameters);
        models = List.copyOf(models);
    }

    public boolean appliesTo(String modelId) {
        return models.isEmpty() || models.contains(modelId);
    }
}
