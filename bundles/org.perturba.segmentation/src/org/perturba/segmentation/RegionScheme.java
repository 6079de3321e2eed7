package org.perturba.segmentation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Which regions a segmenter predicts, and how the labels of a dataset's {@code dseg.tsv} map onto
 * them. Region 0 is the background (label 0 and anything unlabelled); {@link #regions()} lists the
 * others, in the order of the segmenter's probability rows after the background's.
 */
public final class RegionScheme {
    public static final String BRAIN_REGIONS = "brain-regions";
    public static final String ALL_LABELS = "all-labels";
    public static final List<String> IDS = List.of(BRAIN_REGIONS, ALL_LABELS);

    /**
     * The default: what ageing changes and a network can learn at 32³, from the AAL-based labels of
     * the embedded template (the mapping is documented in docs/segmentation.md). The patterns are
     * disjoint, listed in the order of the regions.
     */
    private static final Map<String, Pattern> BRAIN = patterns(
            "extracerebral-csf", "Extracerebral_CSF",
            "ventricles", "Ventricles_CSF",
            "cortical-grey-matter", "(Precentral|Frontal_\\w+|Rolandic_Oper|Supp_Motor_Area|Olfactory|Rectus|Insula|Cingulum_\\w+"
                    + "|ParaHippocampal|Calcarine|Cuneus|Lingual|Occipital_\\w+|Fusiform|Postcentral|Parietal_\\w+|SupraMarginal"
                    + "|Angular|Precuneus|Paracentral_Lobule|Heschl|Temporal_\\w+)_[LR]",
            "hippocampus-amygdala", "(Hippocampus|Amygdala)_[LR]",
            "deep-grey-matter", "(Caudate|Putamen|Pallidum|Thalamus)_[LR]",
            "white-matter", "Cerebral_White_Matter",
            "cerebellum", "Cerebelum_\\w+_[LR]|Vermis_\\w+");

    private final String id;
    private final List<String> regions;
    private final Function<String, Integer> region;

    private RegionScheme(String id, List<String> regions, Function<String, Integer> region) {
        this.id = id;
        this.regions = List.copyOf(regions);
        this.region = region;
    }

    /** Region names and label-name patterns, alternating, in order. */
    private static Map<String, Pattern> patterns(String... namesAndPatterns) {
        Map<String, Pattern> patterns = new LinkedHashMap<>();
        for (int i = 0; i < namesAndPatterns.length; i += 2) {
            patterns.put(namesAndPatterns[i], Pattern.compile(namesAndPatterns[i + 1]));
        }
        return patterns;
    }

    /** Seven regions: extracerebral CSF, ventricles, cortical grey matter, hippocampus and amygdala, deep grey matter, white matter, cerebellum. */
    public static RegionScheme brainRegions() {
        List<Pattern> patterns = List.copyOf(BRAIN.values());
        return new RegionScheme(BRAIN_REGIONS, List.copyOf(BRAIN.keySet()), name -> {
            for (int r = 0; r < patterns.size(); r++) {
                if (patterns.get(r).matcher(name).matches()) {
                    return r + 1;
                }
            }
            throw new IllegalArgumentException("label '" + name + "' has no place among the regions of " + BRAIN_REGIONS
                    + " (use --regions " + ALL_LABELS + " for datasets with other labels)");
        });
    }

    /** One region per non-zero label of {@code labelNames}, named as there. */
    public static RegionScheme allLabels(Map<Integer, String> labelNames) {
        SortedMap<Integer, String> sorted = new TreeMap<>(labelNames);
        sorted.remove(0);
        List<String> names = new ArrayList<>(sorted.values());
        if (Set.copyOf(names).size() != names.size()) {
            throw new IllegalArgumentException("dseg.tsv names two labels alike: " + ALL_LABELS + " needs distinct names");
        }
        return new RegionScheme(ALL_LABELS, names, name -> {
            int index = names.indexOf(name);
            if (index < 0) {
                throw new IllegalArgumentException("label '" + name + "' is not among the " + names.size() + " labels of this scheme");
            }
            return index + 1;
        });
    }

    /** @throws IllegalArgumentException in one line, listing the known ids, for an unknown id */
    public static RegionScheme named(String id, Map<Integer, String> labelNames) {
        return switch (id) {
            case BRAIN_REGIONS -> brainRegions();
            case ALL_LABELS -> allLabels(labelNames);
            default -> throw new IllegalArgumentException("unknown region scheme '" + id + "' (known: " + String.join(", ", IDS) + ")");
        };
    }

    public String id() {
        return id;
    }

    /** The region names, background excluded. */
    public List<String> regions() {
        return regions;
    }

    /**
     * @return the region index (1-based; 0 is the background) of a label of dseg.tsv
     * @throws IllegalArgumentException in one line when the scheme has no place for it
     */
    public int region(String labelName) {
        return region.apply(labelName);
    }

    /**
     * A lookup from label values to region indices for a dataset's dseg.tsv: label 0 and labels
     * absent from the table are background.
     */
    public byte[] lookup(Map<Integer, String> labelNames) {
        int max = labelNames.keySet().stream().mapToInt(Integer::intValue).max().orElse(0);
        if (regions.size() > Byte.MAX_VALUE || max > 0xFFFF) {
            throw new IllegalArgumentException("too many labels for a segmenter (" + regions.size() + " regions, largest label " + max + ")");
        }
        byte[] lookup = new byte[max + 1];
        labelNames.forEach((label, name) -> {
            if (label > 0) {
                lookup[label] = (byte) region(name);
            }
        });
        return lookup;
    }
}
