package org.perturba.experiment.output;

/**
 * One fit of a universal perturbation on the first {@code fitSubjects} subjects of its fit set, as
 * {@code summary.json}'s {@code universalFitCurve} lists it: the effect against fit-set size.
 *
 * @param inSampleMeanAbsShiftYears mean |shift| of the subjects it was fitted on
 * @param heldOutMeanAbsShiftYears mean |shift| of the attacked test subjects
 * @param alignment the fit set's gradient alignment ({@code ||mean g||_1 / mean ||g||_1})
 */
public record FitCurvePoint(String model, String attack, String threatModel, String direction, double epsilon, int fitSubjects,
        double inSampleMeanAbsShiftYears, double heldOutMeanAbsShiftYears, double alignment) {
}
