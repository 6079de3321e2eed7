package org.perturba.experiment.compare;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.perturba.experiment.compare.RunComparison.RunRow;
import org.perturba.experiment.json.Json;
import org.perturba.experiment.stats.Interval;

/**
 * {@code comparison.json}: a {@link RunComparison}'s rows with their numbers unformatted, in the field
 * names of {@code summary.json} (an interval is {@code [lo, hi]}, null when undefined, as is a number
 * the run could not compute).
 */
public final class ComparisonJson {
    private ComparisonJson() {
    }

    public static String of(RunComparison comparison) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("epsilon", comparison.epsilon());
        json.put("runs", comparison.runs().stream().map(ComparisonJson::run).toList());
        return Json.writePretty(json) + "\n";
    }

    private static Map<String, Object> run(RunRow run) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("folder", run.folder());
        json.put("experiment", run.experiment());
        json.put("grid", run.grid().map(grid -> fields("shape", grid.shape(), "voxelSizeMm", grid.voxelSizeMm())).orElse(null));
        json.put("label", run.label());
        json.put("voxels", run.voxels().isPresent() ? run.voxels().getAsLong() : null);
        json.put("models", run.models().stream().map(model -> fields("id", model.model(), "maeYears", model.maeYears(), "maeYearsCi95",
                interval(model.maeYearsCi95()), "gradientL1Mean", model.gradientL1Mean(), "gradientL1Quantiles",
                model.gradientL1Quantiles())).toList());
        json.put("pgdShifts", run.pgdShifts().stream().map(shift -> fields("model", shift.model(), "threatModel", shift.threatModel(),
                "directions", shift.directions(), "meanAbsShiftYears", shift.meanAbsShiftYears(), "meanAbsShiftYearsCi95",
                interval(shift.meanAbsShiftYearsCi95()))).toList());
        json.put("universal", run.universal().stream().map(cell -> fields("model", cell.model(), "threatModel", cell.threatModel(),
                "direction", cell.direction(), "protocol", cell.protocol(), "fractionShiftedOver5Years", cell.fractionShiftedOver5Years(),
                "fractionShiftedOver5YearsCi95", interval(cell.fractionShiftedOver5YearsCi95()))).toList());
        json.put("findings", run.findings().stream().map(finding -> fields("id", finding.id(), "verdict", finding.verdict().id(),
                "interval", interval(finding.interval()), "threshold", finding.threshold())).toList());
        return json;
    }

    /** Alternating names and values, in order. */
    private static Map<String, Object> fields(Object... namesAndValues) {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            fields.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return fields;
    }

    private static List<Double> interval(Interval interval) {
        return interval.defined() ? Arrays.asList(interval.lo(), interval.hi()) : null;
    }
}
