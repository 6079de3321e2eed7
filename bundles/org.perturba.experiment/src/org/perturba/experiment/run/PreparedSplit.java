package org.perturba.experiment.run;

import java.util.List;

import org.perturba.model.training.PreparedSubject;

/** The subjects of the three splits, prepared for one kind of model input (one context extractor or none). */
record PreparedSplit(List<PreparedSubject> train, List<PreparedSubject> validation, List<PreparedSubject> test) {
}
