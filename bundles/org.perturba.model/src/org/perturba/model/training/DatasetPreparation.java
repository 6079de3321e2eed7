package org.perturba.model.training;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import org.perturba.anatomy.ContextExtractionException;
import org.perturba.anatomy.ContextExtractor;
import org.perturba.anatomy.ContextFeatures;
import org.perturba.anatomy.LabelMap;
import org.perturba.anatomy.dataset.BidsDataset;
import org.perturba.anatomy.dataset.DatasetException;
import org.perturba.anatomy.dataset.Participant;
import org.perturba.anatomy.dataset.Subject;
import org.perturba.imaging.Affine;
import org.perturba.imaging.InputNormalisation;
import org.perturba.imaging.Interpolation;
import org.perturba.imaging.Reslicer;
import org.perturba.imaging.Volume;
import org.perturba.model.ModelMetadata;
import org.perturba.model.ModelSpace;

/**
 * Reads subjects of a dataset and makes them ready for a model: on the model's grid (resampled
 * over the same field of view when asked, trilinear for the image, nearest for labels),
 * intensities normalised as the model expects ({@link InputNormalisation}; Perturba's own models:
 * robust percentiles), the brain mask measured before that normalisation,
 * context features extracted from the normalised image and the subject's segmentation. Subjects are
 * prepared in parallel.
 */
public final class DatasetPreparation {
    /** How Perturba's own networks read images, recorded in their metadata. */
    public static final InputNormalisation NORMALISATION = InputNormalisation.DEFAULT;

    private final BidsDataset dataset;
    private final int[] grid;
    private final InputNormalisation normalisation;
    private final Optional<ContextExtractor> extractor;
    private final boolean resample;
    /** A model whose recorded world grid images on other grids are resampled onto ({@link ModelSpace}). */
    private final Optional<ModelMetadata> worldGrid;

    /**
     * @param resample whether images on another grid are resampled to {@code grid}; when false they
     *        are refused, naming the subject and both grids
     */
    public DatasetPreparation(BidsDataset dataset, int[] grid, InputNormalisation normalisation, Optional<ContextExtractor> extractor,
            boolean resample) {
        this.dataset = dataset;
        this.grid = grid.clone();
        this.normalisation = normalisation;
        this.extractor = extractor;
        this.resample = resample;
        this.worldGrid = Optional.empty();
    }

    /**
     * Subjects prepared for a saved model: on its grid, images on other grids resampled by world
     * coordinates when the model records where its grid lies ({@link ModelSpace#onGrid}, which refuses
     * images outside its space), else refused; normalised as the model expects.
     */
    public DatasetPreparation(BidsDataset dataset, ModelMetadata model, Optional<ContextExtractor> extractor) {
        this(dataset, model, model.inputNormalisation(), extractor);
    }

    /**
     * Subjects prepared on the grid of {@code space} (placed by world coordinates as for a saved
     * model), normalised by {@code normalisation}.
     */
    public DatasetPreparation(BidsDataset dataset, ModelMetadata space, InputNormalisation normalisation,
            Optional<ContextExtractor> extractor) {
        this.dataset = dataset;
        this.grid = space.grid();
        this.normalisation = normalisation;
        this.extractor = extractor;
        this.resample = false;
        this.worldGrid = space.gridAffine().isPresent() ? Optional.of(space) : Optional.empty();
    }

    /** Called after each subject is prepared, from any thread. */
    public interface Progress {
        void subjectPrepared(int done, int total);
    }

    public List<PreparedSubject> prepare(List<Participant> participants, Progress progress)
            throws DatasetException, ContextExtractionException {
        PreparedSubject[] prepared = new PreparedSubject[participants.size()];
        Exception[] failure = new Exception[1];
        AtomicInteger done = new AtomicInteger();
        IntStream.range(0, prepared.length).parallel().forEach(index -> {
            try {
                prepared[index] = prepare(participants.get(index));
                progress.subjectPrepared(done.incrementAndGet(), prepared.length);
            } catch (DatasetException | ContextExtractionException | RuntimeException e) {
                synchronized (failure) {
                    failure[0] = failure[0] == null ? e : failure[0];
                }
            }
        });
        if (failure[0] instanceof DatasetException e) {
            throw e;
        } else if (failure[0] instanceof ContextExtractionException e) {
            throw e;
        } else if (failure[0] instanceof RuntimeException e) {
            throw e;
        }
        return new ArrayList<>(Arrays.asList(prepared));
    }

    private PreparedSubject prepare(Participant participant) throws DatasetException, ContextExtractionException {
        Subject subject = dataset.load(participant);
        if (!resample && worldGrid.isEmpty() && !Arrays.equals(subject.t1w().shape(), grid)) {
            throw new DatasetException(participant.subject() + ": image grid " + text(subject.t1w().shape())
                    + " differs from the model's " + text(grid) + " (resample the data, or train a model on this grid)");
        }
        Volume raw = placed(participant, subject.t1w(), Interpolation.TRILINEAR);
        Volume image = normalisation.prepare(raw);
        Optional<ContextFeatures> context = Optional.empty();
        if (extractor.isPresent()) {
            Optional<LabelMap> labels = Optional.empty();
            if (subject.dseg().isPresent()) {
                labels = Optional.of(new LabelMap(placed(participant, subject.dseg().get(), Interpolation.NEAREST), dataset.labelNames()));
            }
            try {
                context = Optional.of(extractor.get().extract(image, labels));
            } catch (ContextExtractionException e) {
                throw new ContextExtractionException(participant.subject() + ": " + e.getMessage(), e);
            }
        }
        return new PreparedSubject(participant.id(), participant.age(), image.voxels(), brainMask(raw), context);
    }

    /** A subject's volume on the grid: by world coordinates for a model that records them, else over the same field of view. */
    private Volume placed(Participant participant, Volume volume, Interpolation interpolation) throws DatasetException {
        if (worldGrid.isEmpty()) {
            return onGrid(volume, grid, interpolation);
        }
        try {
            return ModelSpace.onGrid(volume, true, worldGrid.get(), interpolation);
        } catch (IllegalArgumentException e) {
            throw new DatasetException(participant.subject() + ": " + e.getMessage());
        }
    }

    private static String text(int[] shape) {
        return shape[0] + "x" + shape[1] + "x" + shape[2];
    }

    /**
     * A T1w image as every network of Perturba reads it: on {@code grid} (unchanged when it already
     * fits, else resampled trilinearly over the same field of view) and normalised by {@link #NORMALISATION}.
     */
    public static Volume imageOnGrid(Volume t1w, int[] grid) {
        return NORMALISATION.prepare(onGrid(t1w, grid, Interpolation.TRILINEAR));
    }

    /**
     * The brain of a skull-stripped image on the model's grid, before intensity normalisation: its
     * non-zero voxels (skull stripping leaves exactly 0 outside the brain). Not the normalised image's
     * non-zero voxels: the normalisation clips the darkest 0.5 % of the brain (CSF, in the ventricles
     * and sulci where ageing shows) to 0, and an attack confined to those would never touch them.
     */
    public static boolean[] brainMask(Volume raw) {
        float[] voxels = raw.voxels();
        boolean[] mask = new boolean[voxels.length];
        for (int i = 0; i < voxels.length; i++) {
            mask[i] = voxels[i] != 0;
        }
        return mask;
    }

    /** A label map on {@code grid}, resampled like {@link #imageOnGrid} but to the nearest label. */
    public static Volume labelsOnGrid(Volume dseg, int[] grid) {
        return onGrid(dseg, grid, Interpolation.NEAREST);
    }

    private static Volume onGrid(Volume volume, int[] grid, Interpolation interpolation) {
        if (Arrays.equals(volume.shape(), grid)) {
            return volume;
        }
        return Reslicer.reslice(volume, grid, gridAffine(volume, grid), interpolation, 0);
    }

    /**
     * Where the voxels of {@code grid} lie in world coordinates when it spans the same field of view
     * as {@code volume} (the grid every image of a model is put on): the volume's own affine when the
     * grid is its own.
     */
    public static Affine gridAffine(Volume volume, int[] grid) {
        int[] shape = volume.shape();
        if (Arrays.equals(shape, grid)) {
            return volume.affine();
        }
        double[] scale = new double[3];
        for (int axis = 0; axis < 3; axis++) {
            scale[axis] = (double) shape[axis] / grid[axis];
        }
        // voxel centres: i' -> (i' + 0.5) * scale - 0.5 in the source grid
        return volume.affine().times(Affine.translation((scale[0] - 1) / 2, (scale[1] - 1) / 2, (scale[2] - 1) / 2))
                .times(Affine.diagonal(scale));
    }
}
