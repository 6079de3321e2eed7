package org.perturba.experiment.run;

/**
 * What one attack did to one subject: the model's age before and after, and how visible the change
 * of the image is.
 *
 * @param psnrDb positive infinity when the image did not change
 */
public record SubjectOutcome(String subject, double age, double cleanAge, double adversarialAge, double lInf, double l2,
        double psnrDb, double ssim) {

    /** Adversarial minus clean predicted age, in years. */
    public double shift() {
        return adversarialAge - cleanAge;
    }
}
