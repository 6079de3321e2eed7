package org.perturba.ui.results;

import java.util.Optional;

import org.perturba.experiment.output.AttackSummary;
import org.perturba.experiment.output.ExperimentOutput;

/**
 * What the Results view offers the workbench selection service: the experiment output it shows
 * and the attack or transfer run selected in its attack table, if any. Other views (Dataset)
 * listen for it without knowing the Results view.
 */
public record AttackRunSelection(ExperimentOutput output, Optional<AttackSummary> run) {
}
