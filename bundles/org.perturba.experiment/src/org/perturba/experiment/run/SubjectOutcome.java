package org.perturba.experiment.run;

/**
 * What one attack did to one subject: the model's age before and after, and how visible the change
 * of the image is, inside the subject's brain and over the whole volume
 * ({@link org.perturba.attack.metrics.Perceptibility}).
 *
 * @param psnrBrainDb positive infinity when the brain did not change
 * @param psnrVolumeDb positive infinity when the image did not change
 * @param epsilonOverNoise the budget over the clean image's noise deviation
 */
public record SubjectOutcome(String subject, double age, double cleanAge, double adversarialAge, double lInf, double l2,
        double psnrBrainDb, double ssimBrain, double psnrVolumeDb, double ssimVolume, double epsilonOverNoise) {

    /** Adversarial minus clean predicted age, in years. */
    public double shift() {
        return adversarialAge - cleanAge;
    }
}
