package org.perturba.experiment.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.perturba.anatomy.FeatureStandardisation;
import org.perturba.experiment.output.FindingSummary;
import org.perturba.experiment.run.CellResult;
import org.perturba.experiment.run.PaperFindings;
import org.perturba.experiment.run.SubjectOutcome;
import org.perturba.experiment.stats.Bootstrap;
import org.perturba.experiment.stats.Interval;
import org.perturba.experiment.stats.Verdict;
import org.perturba.model.ModelMetadata;
import org.perturba.model.ModelMetadata.ContextSpec;

/**
 * The verdicts on the paper's findings follow the numbers, on both sides of each threshold; with subjects that all
 * move alike the intervals have no width, and spread subjects make a verdict near the threshold inconclusive.
 */
class PaperFindingsTest {
    private static final Optional<String> CONVENTIONAL = Optional.of("cnn");
    private static final Optional<String> HYBRID = Optional.of("hyb");
    private static final Bootstrap BOOTSTRAP = Bootstrap.forSeed(1);

    @Test
    void imperceptibleShiftNeedsTenYearsAtFortyDecibels() {
        assertEquals(Verdict.REPRODUCED, verdict("imperceptible-shift", List.of(pgd(0.01, 10.5, 45))));
        assertEquals(Verdict.NOT_REPRODUCED, verdict("imperceptible-shift", List.of(pgd(0.01, 9.5, 45))));
        assertEquals(Verdict.NOT_REPRODUCED, verdict("imperceptible-shift", List.of(pgd(0.01, 12, 38))),
                "a visible perturbation does not count, judged inside the brain (44 dB over the whole volume)");
        assertEquals(Verdict.REPRODUCED, verdict("imperceptible-shift", List.of(pgd(0.01, 12, 39.99999))),
                "a full budget of 0.01 is 40 dB, whatever float32 rounding does to it");
        assertEquals(Verdict.NOT_MEASURED, verdict("imperceptible-shift", List.of(pgd(0.02, 20, 45))),
                "not measured without epsilon 0.01");
    }

    @Test
    void eachUniversalEntryIsJudgedOnItsOwnNotAsAnotherSeed() {
        CellResult moving = withParameters(cell("cnn", "universal", CellResult.UNIVERSAL, 0.01, 6, 45), Map.of("epochs", "20"));
        CellResult still = withParameters(cell("cnn", "universal", CellResult.UNIVERSAL, 0.01, 1, 45), Map.of("epochs", "5"));
        FindingSummary finding = find("universal-shift", List.of(moving, still));
        assertEquals(Verdict.NOT_REPRODUCED, finding.verdict(), finding.evidence());
        assertTrue(finding.evidence().contains("over 10 subjects") && !finding.evidence().contains("seeds"), finding.evidence());
        assertEquals(new Interval(0, 0), finding.interval(), "the entry that moves nobody decides, alone");
    }

    @Test
    void universalShiftNeedsEightyPercentOfHeldOutSubjectsBeyondFiveYears() {
        assertEquals(Verdict.REPRODUCED, verdict("universal-shift", List.of(cell("cnn", "universal", CellResult.UNIVERSAL, 0.01, 6, 45))));
        assertEquals(Verdict.NOT_REPRODUCED, verdict("universal-shift",
                List.of(cell("cnn", "universal", CellResult.UNIVERSAL, 0.01, 4, 45))));
    }

    @Test
    void contextProtectsWhenEveryHybridShiftIsAtMostHalfTheConventionalOne() {
        List<CellResult> protectedRuns = List.of(cell("cnn", "fgsm", CellResult.IMAGE_ONLY, 0.01, 8, 45),
                cell("hyb", "fgsm", CellResult.IMAGE_ONLY, 0.01, 4, 45), cell("cnn", "fgsm", CellResult.IMAGE_ONLY, 0.02, 16, 40),
                cell("hyb", "fgsm", CellResult.IMAGE_ONLY, 0.02, 3, 40));
        assertEquals(Verdict.REPRODUCED, verdict("context-protects", protectedRuns));
        List<CellResult> oneBreach = new ArrayList<>(protectedRuns);
        oneBreach.add(cell("cnn", "pgd-linf", CellResult.IMAGE_ONLY, 0.005, 2, 50));
        oneBreach.add(cell("hyb", "pgd-linf", CellResult.IMAGE_ONLY, 0.005, 1.2, 50));
        assertEquals(Verdict.NOT_REPRODUCED, find("context-protects", oneBreach).verdict());
        assertEquals(Verdict.NOT_MEASURED,
                PaperFindings.check(CONVENTIONAL, Optional.empty(), List.of(protectedRuns), BOOTSTRAP).get(2).verdict());
    }

    @Test
    void contextProtectsIsJudgedOnTheWorstThreatModelAndNamesIt() {
        List<CellResult> runs = new ArrayList<>(List.of(cell("cnn", "pgd-linf", CellResult.IMAGE_ONLY, 0.01, 10, 45),
                cell("hyb", "pgd-linf", CellResult.IMAGE_ONLY, 0.01, 2, 45),
                cell("hyb", "pgd-linf", CellResult.RECOMPUTED, 0.01, 3, 45),
                cell("cnn", "universal", CellResult.UNIVERSAL, 0.01, 5, 45),
                cell("hyb", "universal", CellResult.UNIVERSAL, 0.01, 1, 45)));
        FindingSummary holding = find("context-protects", runs);
        assertEquals(Verdict.REPRODUCED, holding.verdict(), holding.evidence());
        assertEquals(Optional.of(CellResult.RECOMPUTED), holding.worstThreatModel());
        assertEquals(Map.of("image-only", 0.2, "recomputed", 0.3, "universal", 0.2), holding.ratioByThreatModel());

        runs.add(cell("hyb", "pgd-linf", CellResult.ADAPTIVE, 0.01, 8, 45));
        runs.add(cell("hyb", "universal", CellResult.UNIVERSAL_ADAPTIVE, 0.01, 3, 45));
        FindingSummary broken = find("context-protects", runs);
        assertEquals(Verdict.NOT_REPRODUCED, broken.verdict(), "the adaptive ratio 0.8 decides: " + broken.evidence());
        assertEquals(Optional.of(CellResult.ADAPTIVE), broken.worstThreatModel());
        assertEquals(List.of("adaptive", "image-only", "recomputed", "universal", "universal-adaptive"),
                List.copyOf(broken.ratioByThreatModel().keySet()), "sorted by threat model");
        assertEquals(0.6, broken.ratioByThreatModel().get("universal-adaptive"), 1e-12, "against the conventional universal run");
        assertTrue(broken.evidence().startsWith("protection does not survive the adaptive threat model: there the hybrid shifts"
                + " by 80 % of the conventional model's shift"), broken.evidence());
        assertTrue(broken.evidence().contains("adaptive 0.80, image-only 0.20, recomputed 0.30"), broken.evidence());
    }

    @Test
    void imperceptibleShiftIsJudgedOnUntargetedPgdOnly() {
        // a run aimed at +0.5 years stops there: it must not pull the mean of the unbounded runs down
        CellResult targeted = withParameters(pgd(0.01, 0.5, 46), Map.of("shift-years", "0.5", "target-age", "0.0"));
        CellResult unbounded = withParameters(pgd(0.01, 12, 46), Map.of("shift-years", "0.0", "target-age", "0.0"));
        assertEquals(Verdict.REPRODUCED, verdict("imperceptible-shift", List.of(unbounded, targeted)));
    }

    @Test
    void contextProtectsIsJudgedOnAttacksThatSteerTheAgeOnly() {
        List<CellResult> runs = new ArrayList<>(List.of(cell("cnn", "fgsm", CellResult.IMAGE_ONLY, 0.01, 8, 45),
                cell("hyb", "fgsm", CellResult.IMAGE_ONLY, 0.01, 2, 45)));
        // random noise moves neither model much; a ratio of two small numbers is no evidence either way
        runs.add(withDirection(cell("cnn", "random-noise", CellResult.IMAGE_ONLY, 0.01, 0.2, 45), "none"));
        runs.add(withDirection(cell("hyb", "random-noise", CellResult.IMAGE_ONLY, 0.01, 0.3, 45), "none"));
        FindingSummary finding = find("context-protects", runs);
        assertEquals(Verdict.REPRODUCED, finding.verdict(), finding.evidence());
        assertTrue(finding.evidence().contains("over 1 attack runs"), finding.evidence());
    }

    @Test
    void contextProtectsComparesEntriesOfOneAttackWithTheSameParameters() {
        CellResult plain = cell("cnn", "pgd-linf", CellResult.IMAGE_ONLY, 0.01, 8, 45);
        CellResult targeted = withParameters(cell("cnn", "pgd-linf", CellResult.IMAGE_ONLY, 0.01, 0.5, 45), Map.of("shift-years", "0.5"));
        CellResult onHybrid = withParameters(cell("hyb", "pgd-linf", CellResult.IMAGE_ONLY, 0.01, 0.4, 45), Map.of("shift-years", "0.5"));
        // the hybrid's targeted run is paired with the conventional model's targeted run (ratio 0.8), not the plain one (0.05)
        assertEquals(Verdict.NOT_REPRODUCED, verdict("context-protects", List.of(plain, targeted, onHybrid)));
    }

    @Test
    void aVerdictIsInconclusiveWhenTheIntervalStraddlesTheThreshold() {
        // mean |shift| 10.5 years, but half the subjects move 3 years and half 18: the interval spans 10
        FindingSummary spread = find("imperceptible-shift", List.of(spreadCell("cnn", "pgd-linf", CellResult.IMAGE_ONLY, 3, 18)));
        assertEquals(Verdict.INCONCLUSIVE, spread.verdict(), spread.evidence());
        assertTrue(spread.interval().lo() < 10 && spread.interval().hi() > 10, spread.interval().toString());
        assertEquals(10, spread.threshold());
        // the same mean from subjects that all move 10.5 years reproduces it
        FindingSummary tight = find("imperceptible-shift", List.of(pgd(0.01, 10.5, 45)));
        assertEquals(new Interval(10.5, 10.5), tight.interval());
    }

    @Test
    void aPaperClaimWithSeveralConditionsIsDecidedByTheWorstOne() {
        // shift clears 10 years; the PSNR interval straddles 40 dB: inconclusive, and the PSNR's interval decided it
        List<SubjectOutcome> subjects = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            subjects.add(new SubjectOutcome("sub-" + i, 50, 50, 62, 0.01, 1, i % 2 == 0 ? 35 : 46, 0.999, 50, 0.9999, 1));
        }
        FindingSummary finding = find("imperceptible-shift", List.of(new CellResult("cnn", "pgd-linf", Map.of(), CellResult.IMAGE_ONLY,
                "up", 0.01, Optional.empty(), subjects, Optional.empty())));
        assertEquals(Verdict.INCONCLUSIVE, finding.verdict(), finding.evidence());
        assertEquals(40, finding.threshold());
    }

    @Test
    void contextProtectsUsesAPairedIntervalOfTheRatio() {
        // the hybrid moves each subject 0.45 times as far as the conventional model, whose shifts vary widely:
        // pairing the subjects keeps the ratio's interval at 0.45, below 0.5
        CellResult conventional = spreadCell("cnn", "fgsm", CellResult.IMAGE_ONLY, 2, 20);
        List<SubjectOutcome> scaled = conventional.subjects().stream().map(outcome -> new SubjectOutcome(outcome.subject(), 50, 50,
                50 + 0.45 * outcome.shift(), 0.01, 1, 45, 0.999, 51, 0.9999, 1)).toList();
        CellResult hybrid = new CellResult("hyb", "fgsm", Map.of(), CellResult.IMAGE_ONLY, "up", 0.01, Optional.empty(), scaled,
                Optional.empty());
        FindingSummary finding = find("context-protects", List.of(conventional, hybrid));
        assertEquals(Verdict.REPRODUCED, finding.verdict(), finding.evidence());
        assertEquals(0.45, finding.interval().lo(), 1e-9);
        assertEquals(0.45, finding.interval().hi(), 1e-9);
    }

    @Test
    void withSeveralSeedsAFindingIsJudgedOnTheSpreadBetweenThem() {
        // each seed alone is clear-cut (12 years: reproduced; 8 years: not), together they cannot tell
        List<CellResult> twelve = List.of(pgd(0.01, 12, 45));
        List<CellResult> eight = List.of(pgd(0.01, 8, 45));
        assertEquals(Verdict.REPRODUCED, PaperFindings.check(CONVENTIONAL, HYBRID, List.of(twelve), BOOTSTRAP).get(0).verdict());
        assertEquals(Verdict.NOT_REPRODUCED, PaperFindings.check(CONVENTIONAL, HYBRID, List.of(eight), BOOTSTRAP).get(0).verdict());
        FindingSummary both = PaperFindings.check(CONVENTIONAL, HYBRID, List.of(twelve, eight), BOOTSTRAP).get(0);
        assertEquals(Verdict.INCONCLUSIVE, both.verdict(), both.evidence());
        assertEquals(new Interval(8, 12), both.interval());
        assertTrue(both.evidence().startsWith("mean |shift| 10.0 years [8.0, 12.0]")
                && both.evidence().contains("2 seeds, 10 subjects each"),
                both.evidence());

        // an attack's seed parameter follows the experiment's seed: the runs still pair up across seeds
        List<List<CellResult>> seeds = new ArrayList<>();
        for (String seed : List.of("1", "2")) {
            seeds.add(List.of(withParameters(cell("cnn", "pgd-linf", CellResult.IMAGE_ONLY, 0.01, 8, 45), Map.of("seed", seed)),
                    withParameters(cell("hyb", "pgd-linf", CellResult.IMAGE_ONLY, 0.01, 2, 45), Map.of("seed", seed))));
        }
        FindingSummary protects = PaperFindings.check(CONVENTIONAL, HYBRID, seeds, BOOTSTRAP).get(2);
        assertTrue(protects.evidence().endsWith("over 1 attack runs"), protects.evidence());
        assertEquals(Verdict.REPRODUCED, protects.verdict());
    }

    @Test
    void theComparedModelsAreTheFirstWithoutAndTheFirstWithContextInTheRunsOrder() {
        Map<String, ModelMetadata> models = new LinkedHashMap<>();
        models.put("plain", metadata("conventional-intensity", false));
        models.put("with-volumes", metadata("hybrid-intensity", true));
        models.put("paper-cnn", metadata("conventional", false));
        models.put("paper-hybrid", metadata("hybrid", true));
        assertEquals(Optional.of("plain"), PaperFindings.firstModel(models, false));
        assertEquals(Optional.of("with-volumes"), PaperFindings.firstModel(models, true));
        models.remove("with-volumes");
        models.remove("paper-hybrid");
        assertEquals(Optional.empty(), PaperFindings.firstModel(models, true), "a run without context has no hybrid");
    }

    private static ModelMetadata metadata(String kind, boolean withContext) {
        Optional<ContextSpec> context = withContext ? Optional.of(new ContextSpec("soft-tissue-volumes",
                FeatureStandardisation.of(List.of("fluid:labelled-brain"), new double[] { 1000 }, new double[] { 50 })))
                : Optional.empty();
        return new ModelMetadata(kind, new int[] { 32, 32, 32 }, "none", 50, 10, context, 1, "");
    }

    private static Verdict verdict(String id, List<CellResult> cells) {
        return find(id, cells).verdict();
    }

    private static FindingSummary find(String id, List<CellResult> cells) {
        return PaperFindings.check(CONVENTIONAL, HYBRID, List.of(cells), BOOTSTRAP).stream().filter(finding -> finding.id().equals(id))
                .findFirst().orElseThrow();
    }

    private static CellResult pgd(double epsilon, double shift, double psnr) {
        return cell("cnn", "pgd-linf", CellResult.IMAGE_ONLY, epsilon, shift, psnr);
    }

    /** Ten subjects all shifted up by {@code shift} years at the given PSNR inside the brain (6 dB more over the volume). */
    private static CellResult cell(String model, String attack, String threatModel, double epsilon, double shift, double psnr) {
        List<SubjectOutcome> subjects = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            subjects.add(new SubjectOutcome("sub-" + i, 50, 50, 50 + shift, epsilon, 1, psnr, 0.99, psnr + 6, 0.999, 1));
        }
        return new CellResult(model, attack, Map.of(), threatModel, "up", epsilon, Optional.empty(), subjects, Optional.empty());
    }

    /** Twenty subjects at epsilon 0.01 and 45 dB, half shifted up by {@code low} years and half by {@code high}. */
    private static CellResult spreadCell(String model, String attack, String threatModel, double low, double high) {
        List<SubjectOutcome> subjects = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            subjects.add(new SubjectOutcome("sub-" + i, 50, 50, 50 + (i % 2 == 0 ? low : high), 0.01, 1, 45, 0.999, 51, 0.9999, 1));
        }
        return new CellResult(model, attack, Map.of(), threatModel, "up", 0.01, Optional.empty(), subjects, Optional.empty());
    }

    private static CellResult withDirection(CellResult cell, String direction) {
        return new CellResult(cell.model(), cell.attack(), cell.parameters(), cell.threatModel(), direction, cell.epsilon(),
                cell.craftedOn(), cell.subjects(), cell.error());
    }

    private static CellResult withParameters(CellResult cell, Map<String, String> parameters) {
        return new CellResult(cell.model(), cell.attack(), parameters, cell.threatModel(), cell.direction(), cell.epsilon(),
                cell.craftedOn(), cell.subjects(), cell.error());
    }
}
