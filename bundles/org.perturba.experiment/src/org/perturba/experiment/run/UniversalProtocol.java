package org.perturba.experiment.run;

import java.util.ArrayList;
import java.util.List;

/**
 * How a universal perturbation is fitted and measured. Li et al. (2020) fitted one perturbation to a
 * batch and measured it on that same batch ({@value #IN_SAMPLE}); a perturbation that moves subjects it
 * never saw ({@value #HELD_OUT}) is the stronger claim. Both are measured from one fit: on the first
 * {@code universalFitSubjects} validation subjects (all of them in the demo), the largest set that no
 * model was trained on and that is not the test split, measured on those same subjects (in-sample)
 * and on the attacked test subjects (held-out). One fit for both isolates what the protocol changes,
 * and costs one fit, not two. At the key epsilon the fit is repeated on the first 1, 4, 16, ...
 * subjects of the fit set (the effect against fit-set size, {@link #curveSizes}). A universal cell's
 * parameters carry {@value #PROTOCOL} and {@value #FIT_SUBJECTS}, so that its key, its file and its
 * pairing with other cells tell the protocols and sizes apart.
 */
final class UniversalProtocol {
    static final String PROTOCOL = "protocol";
    static final String FIT_SUBJECTS = "fit-subjects";
    static final String IN_SAMPLE = "in-sample";
    static final String HELD_OUT = "held-out";
    private static final int CURVE_FACTOR = 4;

    private UniversalProtocol() {
    }

    /** The smaller fit sizes of the curve: powers of {@value #CURVE_FACTOR} below the full fit size. */
    static List<Integer> curveSizes(int fitSubjects) {
        List<Integer> sizes = new ArrayList<>();
        for (int size = 1; size < fitSubjects; size *= CURVE_FACTOR) {
            sizes.add(size);
        }
        return sizes;
    }
}
