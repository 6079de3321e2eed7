package org.perturba.segmentation;

import java.util.ArrayList;
import java.util.List;

import org.perturba.anatomy.dataset.BidsDataset;
import org.perturba.anatomy.dataset.DatasetException;
import org.perturba.anatomy.dataset.Participant;
import org.perturba.anatomy.dataset.Subject;
import org.perturba.imaging.Volume;
import org.perturba.model.training.DatasetPreparation;

/**
 * Reads subjects of a dataset for a segmenter: the image on the grid and normalised exactly as for
 * the brain-age models ({@link DatasetPreparation#imageOnGrid}), the label map on the same grid
 * (nearest label) mapped to the scheme's regions.
 */
public final class SegmentationData {
    private SegmentationData() {
    }

    /** @throws DatasetException in one line for a subject without a label map, or a label map with labels dseg.tsv lacks */
    public static List<SegmentationExample> prepare(BidsDataset dataset, int[] grid, List<Participant> participants,
            RegionScheme scheme) throws DatasetException {
        if (dataset.labelNames().isEmpty()) {
            throw new DatasetException(dataset.root() + ": no dseg.tsv: a segmenter learns the labels it names");
        }
        byte[] lookup;
        try {
            lookup = scheme.lookup(dataset.labelNames());
        } catch (IllegalArgumentException e) {
            throw new DatasetException(dataset.root() + ": " + e.getMessage(), e);
        }
        List<SegmentationExample> examples = new ArrayList<>();
        for (Participant participant : participants) {
            Subject subject = dataset.load(participant);
            Volume dseg = subject.dseg().orElseThrow(() -> new DatasetException(participant.subject()
                    + ": no _dseg label map (a segmenter trains on subjects with one)"));
            float[] labels = DatasetPreparation.labelsOnGrid(dseg, grid).voxels();
            byte[] regions = new byte[labels.length];
            for (int v = 0; v < labels.length; v++) {
                int label = Math.round(labels[v]);
                if (label < 0 || label >= lookup.length || (label > 0 && !dataset.labelNames().containsKey(label))) {
                    throw new DatasetException(participant.subject() + ": label " + label + " of the _dseg map is not in dseg.tsv");
                }
                regions[v] = lookup[label];
            }
            examples.add(new SegmentationExample(participant.id(), DatasetPreparation.imageOnGrid(subject.t1w(), grid).voxels(),
                    regions));
        }
        return examples;
    }
}
