package org.perturba.anatomy.cohort;

/**
 * How age acts on the synthetic anatomy, relative to a 20-year-old. The curves follow the shape and
 * size reported by cross-sectional and longitudinal MRI studies of healthy ageing: the lateral
 * ventricles roughly triple in volume between the twenties and the eighties, accelerating after
 * 50 (Walhovd et al. 2005; Fjell et al. 2009); the hippocampus loses about 0.2 %/year in mid-life
 * and close to 1 %/year past 75 (Raz et al. 2005; Fraser et al. 2015); whole-brain volume falls by
 * about 0.2 %/year early and 0.5 %/year in the seventies (Scahill et al. 2003; Fotenos et al. 2005);
 * cortical grey matter thins steadily from early adulthood while white matter still grows into the
 * forties and then declines (Walhovd et al. 2005; Westlye et al. 2010); the thalamus and the basal
 * ganglia shrink steadily through adulthood, among the most consistent subcortical age effects
 * (Walhovd et al. 2005, 2011; Fjell et al. 2013);
 * grey/white T1 contrast declines steadily (Salat et al. 2009). The numbers are round values of that
 * order, not a fit to any one study.
 */
public final class AgeingModel {
    private static final double REFERENCE_AGE = 20;

    /** Volume of the ventricles relative to age 20. */
    public double ventricleVolume(double age) {
        return Math.exp(0.012 * years(age) + 0.0004 * square(Math.max(0, age - 50)));
    }

    /** Volume of each hippocampus relative to age 20. */
    public double hippocampusVolume(double age) {
        return Math.exp(-0.002 * years(age) - 0.00015 * square(Math.max(0, age - 55)));
    }

    /** Volume of the whole brain (cortical and white-matter atrophy) relative to age 20. */
    public double brainVolume(double age) {
        return Math.exp(-0.002 * years(age) - 0.00006 * square(Math.max(0, age - 50)));
    }

    /** Volume of the cerebral cortex relative to age 20, on top of whole-brain atrophy: steady thinning. */
    public double corticalVolume(double age) {
        return Math.exp(-0.002 * years(age));
    }

    /** Volume of the deep grey matter (thalami, basal ganglia) relative to age 20, on top of whole-brain atrophy. */
    public double deepGreyMatterVolume(double age) {
        return Math.exp(-0.003 * years(age));
    }

    /**
     * Volume of the cerebral white matter relative to age 20, on top of whole-brain atrophy: it
     * grows into the late thirties, then declines ever faster.
     */
    public double whiteMatterVolume(double age) {
        return Math.exp(0.004 * years(age) - 0.00012 * square(years(age)));
    }

    /** Grey/white matter intensity contrast relative to age 20. */
    public double greyWhiteContrast(double age) {
        return Math.max(0.5, 1 - 0.004 * years(age));
    }

    private static double years(double age) {
        return age - REFERENCE_AGE;
    }

    private static double square(double value) {
        return value * value;
    }
}
