package org.perturba.experiment.output;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One segmenter of a run as {@code summary.json} lists it, with its accuracy on the test split.
 *
 * @param regions the region scheme it was trained on, e.g. {@code brain-regions}
 * @param diceMean the mean over its regions of {@link #dicePerRegion}
 * @param dicePerRegion Dice overlap of its most probable region with the true one, per region, in its region order
 * @param volumeCorrelation per region, Pearson's r between its soft volume and the true volume over the test subjects
 */
public record SegmenterSummary(String id, String regions, int testSubjects, double diceMean, Map<String, Double> dicePerRegion,
        Map<String, Double> volumeCorrelation) {

    public SegmenterSummary {
        dicePerRegion = Collections.unmodifiableMap(new LinkedHashMap<>(dicePerRegion));
        volumeCorrelation = Collections.unmodifiableMap(new LinkedHashMap<>(volumeCorrelation));
    }
}
