package org.perturba.experiment.run;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.perturba.experiment.output.FitCurvePoint;

/**
 * The effect of a universal perturbation against the size of its fit set: the universal cells of one
 * attack, model, direction, epsilon and threat model differ only in {@code fit-subjects} and protocol;
 * those fitted on the full fit set are the sweep's cells, the smaller fits only points of the curve.
 */
final class UniversalFitCurve {

    private UniversalFitCurve() {
    }

    /** The cells of the sweep: every cell but the smaller fits. */
    static List<CellResult> sweep(List<CellResult> cells) {
        Map<String, Integer> full = fullSizes(cells);
        return cells.stream().filter(cell -> cell.fitSubjects().map(size -> size.equals(full.get(series(cell)))).orElse(true)).toList();
    }

    /** One point per fit size of every series that was fitted at more than one size, in the cells' order, by size. */
    static List<FitCurvePoint> points(List<CellResult> cells) {
        Map<String, Map<Integer, List<CellResult>>> bySeries = new LinkedHashMap<>();
        for (CellResult cell : cells) {
            if (!cell.failed() && cell.fitSubjects().isPresent()) {
                bySeries.computeIfAbsent(series(cell), key -> new TreeMap<>()).computeIfAbsent(cell.fitSubjects().get(),
                        key -> new ArrayList<>()).add(cell);
            }
        }
        List<FitCurvePoint> points = new ArrayList<>();
        for (Map<Integer, List<CellResult>> series : bySeries.values()) {
            if (series.size() < 2) {
                continue;
            }
            series.forEach((size, pair) -> {
                CellResult any = pair.get(0);
                points.add(new FitCurvePoint(any.model(), any.attack(), any.threatModel(), any.direction(), any.epsilon(), size,
                        meanAbsShift(pair, UniversalProtocol.IN_SAMPLE), meanAbsShift(pair, UniversalProtocol.HELD_OUT),
                        any.alignment()));
            });
        }
        return points;
    }

    private static double meanAbsShift(List<CellResult> pair, String protocol) {
        return pair.stream().filter(cell -> cell.protocol().orElse("").equals(protocol)).mapToDouble(CellResult::meanAbsoluteShift)
                .findFirst().orElse(Double.NaN);
    }

    private static Map<String, Integer> fullSizes(List<CellResult> cells) {
        Map<String, Integer> full = new LinkedHashMap<>();
        cells.stream().filter(cell -> cell.fitSubjects().isPresent()).sorted(Comparator.comparing(cell -> cell.fitSubjects().get()))
                .forEach(cell -> full.put(series(cell), cell.fitSubjects().get()));
        return full;
    }

    /** Everything that makes a universal cell but its protocol and fit size. */
    private static String series(CellResult cell) {
        Map<String, String> others = new TreeMap<>(cell.parameters());
        others.remove(UniversalProtocol.PROTOCOL);
        others.remove(UniversalProtocol.FIT_SUBJECTS);
        return cell.model() + "|" + cell.attack() + "|" + others + "|" + cell.direction() + "|" + cell.threatModel();
    }
}
