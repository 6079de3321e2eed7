package org.perturba.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.perturba.core.registry.ContributionRegistry;
import org.perturba.experiment.spec.ExperimentSpec;
import org.perturba.ui.experiment.ExperimentDraft;

/** The Experiment view's form writes an experiment file that validates, for attacks with and without a direction. */
class ExperimentDraftTest {
    private final ContributionRegistry registry = new ContributionRegistry();

    @TempDir
    Path base;

    @Test
    void aBaselineWithoutADirectionIsWrittenWithoutDirections() throws Exception {
        ExperimentDraft draft = draft("random-noise");
        assertFalse(draft.sweepsDirection(registry));
        assertFalse(draft.toJson(registry).contains("directions"), draft.toJson(registry));
        ExperimentSpec spec = draft.toSpec(registry, base);
        assertTrue(spec.attacks().get(0).directions().isEmpty(), "the runner gives it its one run");
    }

    @Test
    void anAttackWithADirectionKeepsTheChosenOnes() throws Exception {
        ExperimentDraft draft = draft("fgsm");
        draft.directions.add("down");
        assertTrue(draft.sweepsDirection(registry));
        ExperimentSpec spec = draft.toSpec(registry, base);
        assertEquals(List.of("up", "down"), spec.attacks().get(0).directions().stream().map(direction -> direction.id()).toList());
    }

    @Test
    void aHybridOnAnImageDerivedContextGetsASegmenterTrainedAsLongAsItsModels() throws Exception {
        ExperimentDraft draft = draft("fgsm");
        draft.models.add(ExperimentDraft.ModelChoice.train("hybrid", Optional.of("segmented-volumes"), 3));
        ExperimentSpec spec = draft.toSpec(registry, base);
        assertEquals(1, spec.segmenters().size());
        assertEquals(3, spec.segmenters().get(0).training().epochs());
        assertEquals(spec.segmenters().get(0).id(), spec.segmenterOf(spec.models().get(1)).orElseThrow());

        ExperimentDraft oracle = draft("fgsm");
        oracle.models.add(ExperimentDraft.ModelChoice.train("hybrid", Optional.of("soft-tissue-volumes"), 3));
        assertTrue(oracle.toSpec(registry, base).segmenters().isEmpty(), "a context read from label maps needs none");
    }

    private static ExperimentDraft draft(String attack) {
        ExperimentDraft draft = new ExperimentDraft();
        draft.models.add(ExperimentDraft.ModelChoice.train("conventional", Optional.empty(), 1));
        draft.attack = attack;
        return draft;
    }
}
