package org.perturba.attack.tests;

import java.util.HashMap;
import java.util.Map;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.perturba.attack.AttackParameters;

/** Attack parameters from name/value pairs, on top of defaults. */
final class Parameters {
    private Parameters() {
    }

    static AttackParameters of(Map<String, String> defaults, String... overrides) {
        Map<String, String> values = new HashMap<>(defaults);
        for (int i = 0; i < overrides.length; i += 2) {
            values.put(overrides[i], overrides[i + 1]);
        }
        return new AttackParameters(values);
    }

    /** Differences per image between two batches: L-infinity norms. */
    static double[] linf(INDArray a, INDArray b) {
        INDArray difference = a.sub(b);
        double[] norms = new double[(int) difference.size(0)];
        for (int i = 0; i < norms.length; i++) {
            norms[i] = difference.slice(i).amaxNumber().doubleValue();
        }
        return norms;
    }
}
