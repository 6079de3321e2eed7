package org.perturba.anatomy.cohort;

import java.util.SplittableRandom;

/**
 * Everything random about one synthetic subject, drawn once from its own random stream so that a
 * subject does not depend on which thread made it or on the other subjects.
 *
 * @param headScale linear size of the head relative to the template (sex and individual variation)
 * @param ventricleFactor individual ventricle volume relative to the population curve
 * @param hippocampusFactor individual hippocampal volume relative to the population curve
 * @param brainFactor individual brain volume (within the same skull) relative to the population curve
 * @param cortexFactor individual cortical volume relative to the population curve
 * @param whiteMatterFactor individual white-matter volume relative to the population curve
 * @param deepGreyFactor individual deep grey matter volume relative to the population curve
 * @param warp smooth individual deformation: per component, amplitude (x, y, z in mm), wave vector
 *        (x, y, z in radians per mm) and phase
 * @param bias coefficients of the log bias field over 1, x, y, z, x², y², z², xy, xz, yz (grid
 *        coordinates scaled to [-1, 1])
 * @param intensityScale the scanner's global gain
 * @param noiseSeed seed of the subject's noise
 */
public record SubjectParameters(String id, double age, String sex, double headScale, double ventricleFactor,
        double hippocampusFactor, double brainFactor, double cortexFactor, double whiteMatterFactor, double deepGreyFactor, double[][] warp, double[] bias, double intensityScale, long noiseSeed) {
    /** Sex difference in linear head size (about 10 % in intracranial volume). */
    private static final double SEX_HEAD_SCALE = 0.017;
    private static final double HEAD_SCALE_SD = 0.035;
    /** Ventricle size varies a lot between healthy people of one age; the hippocampus much less. */
    private static final double VENTRICLE_SD = 0.25;
    private static final double HIPPOCAMPUS_SD = 0.07;
    /** Brain volume within the skull at a given age ("brain reserve") varies by a few per cent. */
    private static final double BRAIN_SD = 0.03;
    private static final double CORTEX_SD = 0.03;
    private static final double WHITE_MATTER_SD = 0.04;
    private static final double DEEP_GREY_SD = 0.05;
    private static final int WARP_COMPONENTS = 4;
    private static final double WARP_AMPLITUDE_MM = 1.2;
    private static final double[] WARP_WAVELENGTH_MM = { 60, 140 };
    private static final double BIAS_SD = 0.04;
    private static final double GAIN_SD = 0.1;

    static SubjectParameters draw(String id, CohortSpec spec, SplittableRandom random) {
        double age = spec.ageMin() + random.nextDouble() * (spec.ageMax() - spec.ageMin());
        boolean female = random.nextBoolean();
        double headScale = (female ? 1 - SEX_HEAD_SCALE : 1 + SEX_HEAD_SCALE) * Math.exp(HEAD_SCALE_SD * gaussian(random));
        double ventricles = Math.exp(VENTRICLE_SD * gaussian(random));
        double hippocampus = Math.exp(HIPPOCAMPUS_SD * gaussian(random));
        double brain = Math.exp(BRAIN_SD * gaussian(random));
        double cortex = Math.exp(CORTEX_SD * gaussian(random));
        double whiteMatter = Math.exp(WHITE_MATTER_SD * gaussian(random));
        double deepGrey = Math.exp(DEEP_GREY_SD * gaussian(random));
        double[][] warp = new double[WARP_COMPONENTS][7];
        for (double[] component : warp) {
            double[] direction = unitVector(random);
            double wavelength = WARP_WAVELENGTH_MM[0] + random.nextDouble() * (WARP_WAVELENGTH_MM[1] - WARP_WAVELENGTH_MM[0]);
            for (int axis = 0; axis < 3; axis++) {
                component[axis] = WARP_AMPLITUDE_MM * gaussian(random);
                component[3 + axis] = direction[axis] * 2 * Math.PI / wavelength;
            }
            component[6] = random.nextDouble() * 2 * Math.PI;
        }
        double[] bias = new double[10];
        for (int term = 1; term < bias.length; term++) {
            bias[term] = BIAS_SD * gaussian(random);
        }
        double gain = Math.exp(GAIN_SD * gaussian(random));
        return new SubjectParameters(id, age, female ? "F" : "M", headScale, ventricles, hippocampus, brain, cortex, whiteMatter, deepGrey, warp, bias,
                gain,
                random.nextLong());
    }

    private static double[] unitVector(SplittableRandom random) {
        double[] v = { gaussian(random), gaussian(random), gaussian(random) };
        double norm = Math.sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
        return new double[] { v[0] / norm, v[1] / norm, v[2] / norm };
    }

    /** A standard normal deviate (Box-Muller; SplittableRandom has none of its own). */
    static double gaussian(SplittableRandom random) {
        double u = 1 - random.nextDouble(); // in (0, 1]: the logarithm stays finite
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
    }
}
