package org.perturba.anatomy.cohort;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;

import org.perturba.anatomy.template.Template;
import org.perturba.imaging.Affine;
import org.perturba.imaging.GaussianFilter;
import org.perturba.imaging.Reslicer;
import org.perturba.imaging.Volume;

/**
 * Makes one synthetic subject from the template: every voxel of the subject's grid is mapped back
 * into the template through the subject's deformation (head size and brain atrophy, individual
 * smooth warp, white-matter growth and decline, cortical thinning, deep grey matter atrophy, ventricular enlargement,
 * hippocampal atrophy) and sampled there, trilinearly for
 * the image and by nearest neighbour for the labels, so both move together and the regional
 * volumes of the written labels are the true ones. Where the brain has shrunk inside the skull the
 * labels say extracerebral fluid and the image shows CSF, so the labels always fill the
 * intracranial volume. Then age and scanner act on intensities: lower
 * grey/white contrast, a smooth bias field, a gain and noise. Thread-safe.
 */
final class SubjectSynthesiser {
    /** Field of view around the template brain, so that large heads stay inside the grid. */
    private static final double FIELD_OF_VIEW_MARGIN = 1.12;
    private static final double NOISE_FRACTION = 0.02;
    private static final int AAL_CEREBRAL_REGIONS = 90;
    private static final String DEEP_GREY = "(Caudate|Putamen|Pallidum|Thalamus)_[LR]";

    private final AgeingModel ageing;
    private final Volume t1;
    private final float[] labels;
    private final int[] templateShape;
    private final Affine worldToTemplate;
    private final int[] shape;
    /** The output grid: the same for every subject, so that a model sees one grid. */
    private final Affine affine;
    private final double[] brainCentre;
    private final SurfaceShift ventricles;
    private final SurfaceShift[] hippocampi;
    private final SurfaceShift cortex;
    private final SurfaceShift whiteMatter;
    private final SurfaceShift deepGrey;
    private final IntensityLevels levels;
    private final int extracerebralFluid;

    SubjectSynthesiser(Template template, CohortGrid grid, AgeingModel ageing) {
        this.ageing = ageing;
        Volume templateLabels = template.labels().labels();
        this.labels = templateLabels.voxels();
        this.templateShape = templateLabels.shape();
        this.worldToTemplate = templateLabels.affine().inverse();
        Region brain = brain(templateLabels);
        this.shape = grid.shape();
        double[] fieldOfView = brain.fieldOfViewMm();
        // without a voxel size, the largest that fits the field of view along every axis
        double fitted = 0;
        for (int axis = 0; axis < 3; axis++) {
            fitted = Math.max(fitted, fieldOfView[axis] / shape[axis]);
        }
        double voxelMm = grid.voxelSizeMm().orElse(fitted);
        // smooth to the output resolution: point samples of a 2 mm image on a 5 mm grid would alias
        this.t1 = GaussianFilter.smooth(template.t1(), 0.4 * voxelMm);
        this.brainCentre = brain.centre();
        this.affine = Affine.translation(brainCentre[0] - voxelMm * (shape[0] - 1) / 2.0, brainCentre[1] - voxelMm * (shape[1] - 1) / 2.0,
                brainCentre[2] - voxelMm * (shape[2] - 1) / 2.0).times(Affine.diagonal(voxelMm, voxelMm, voxelMm));
        int ventricleLabel = template.label(Template.VENTRICLES);
        this.ventricles = new SurfaceShift(templateLabels, Set.of(ventricleLabel));
        this.hippocampi = new SurfaceShift[] { new SurfaceShift(templateLabels, Set.of(template.label("Hippocampus_L"))),
                new SurfaceShift(templateLabels, Set.of(template.label("Hippocampus_R"))) };
        this.cortex = new SurfaceShift(templateLabels, cerebralCortex(template));
        this.whiteMatter = new SurfaceShift(templateLabels, Set.of(template.label(Template.WHITE_MATTER)));
        this.deepGrey = new SurfaceShift(templateLabels, deepGreyMatter(template));
        this.levels = IntensityLevels.of(template);
        this.extracerebralFluid = template.label(Template.EXTRACEREBRAL_CSF);
    }

    /**
     * AAL's cerebral cortex: its regions 1-90 without the deep grey matter. The hippocampal
     * formation thins with the rest (its own atrophy comes on top), or the thinning neocortex
     * around it would push it outwards.
     */
    private static Set<Integer> cerebralCortex(Template template) {
        Set<Integer> cortex = new HashSet<>();
        template.labels().names().forEach((label, name) -> {
            if (label >= 1 && label <= AAL_CEREBRAL_REGIONS && !name.matches(DEEP_GREY)) {
                cortex.add(label);
            }
        });
        return cortex;
    }

    /** AAL's thalami and basal ganglia. */
    private static Set<Integer> deepGreyMatter(Template template) {
        Set<Integer> deepGrey = new HashSet<>();
        template.labels().names().forEach((label, name) -> {
            if (name.matches(DEEP_GREY)) {
                deepGrey.add(label);
            }
        });
        return deepGrey;
    }

    /** The subject's T1 image and labels. */
    Volume[] synthesise(SubjectParameters subject) {
        double brainVolume = Math.min(1, ageing.brainVolume(subject.age()) * subject.brainFactor());
        double globalScale = subject.headScale() * Math.cbrt(brainVolume);
        // regional factors on top of the global one: they carry what is specific to each structure
        double ventricleChange = ageing.ventricleVolume(subject.age()) * subject.ventricleFactor() / brainVolume;
        double hippocampusChange = ageing.hippocampusVolume(subject.age()) * subject.hippocampusFactor() / brainVolume;
        double ventricleShift = ventricles.shiftFor(ventricleChange);
        double[] hippocampusShifts = { hippocampi[0].shiftFor(hippocampusChange), hippocampi[1].shiftFor(hippocampusChange) };
        double cortexShift = cortex.shiftFor(ageing.corticalVolume(subject.age()) * subject.cortexFactor());
        double whiteMatterShift = whiteMatter.shiftFor(ageing.whiteMatterVolume(subject.age()) * subject.whiteMatterFactor());
        double deepGreyShift = deepGrey.shiftFor(ageing.deepGreyMatterVolume(subject.age()) * subject.deepGreyFactor());
        Volume image = Volume.zeros(shape, affine);
        Volume segmentation = Volume.zeros(shape, affine);
        float[] imageVoxels = image.voxels();
        float[] labelVoxels = segmentation.voxels();
        double[] point = new double[3];
        int index = 0;
        for (int k = 0; k < shape[2]; k++) {
            for (int j = 0; j < shape[1]; j++) {
                for (int i = 0; i < shape[0]; i++, index++) {
                    double[] world = affine.apply(i, j, k);
                    // where the young brain, and so the skull, would be: the intracranial outline
                    toTemplate(world, subject.headScale(), subject.warp(), point);
                    boolean intracranial = nearest(worldToTemplate.apply(point[0], point[1], point[2])) != 0;
                    toTemplate(world, globalScale, subject.warp(), point);
                    whiteMatter.pullBack(point, whiteMatterShift);
                    cortex.pullBack(point, cortexShift);
                    deepGrey.pullBack(point, deepGreyShift);
                    ventricles.pullBack(point, ventricleShift);
                    for (int side = 0; side < hippocampi.length; side++) {
                        hippocampi[side].pullBack(point, hippocampusShifts[side]);
                    }
                    double[] voxel = worldToTemplate.apply(point[0], point[1], point[2]);
                    labelVoxels[index] = nearest(voxel);
                    imageVoxels[index] = Math.max(0, trilinear(voxel));
                    if (labelVoxels[index] == 0 && intracranial) { // the brain has shrunk away from the skull
                        labelVoxels[index] = extracerebralFluid;
                        imageVoxels[index] = (float) Math.max(imageVoxels[index], levels.fluid());
                    }
                }
            }
        }
        applyScanner(imageVoxels, subject);
        return new Volume[] { image, segmentation };
    }

    /** Contrast loss with age, bias field, gain and noise, inside the brain only (skull-stripped data). */
    private void applyScanner(float[] voxels, SubjectParameters subject) {
        double contrast = ageing.greyWhiteContrast(subject.age());
        double noise = NOISE_FRACTION * levels.whiteMatter() * subject.intensityScale();
        SplittableRandom random = new SplittableRandom(subject.noiseSeed());
        double[] c = subject.bias();
        int index = 0;
        for (int k = 0; k < shape[2]; k++) {
            double z = 2.0 * k / (shape[2] - 1) - 1;
            for (int j = 0; j < shape[1]; j++) {
                double y = 2.0 * j / (shape[1] - 1) - 1;
                for (int i = 0; i < shape[0]; i++, index++) {
                    double value = voxels[index];
                    if (value <= 0) {
                        continue;
                    }
                    double x = 2.0 * i / (shape[0] - 1) - 1;
                    value += (contrast - 1) * (value - levels.midTissue()) * levels.tissueWeight(value);
                    double bias = Math.exp(c[1] * x + c[2] * y + c[3] * z + c[4] * x * x + c[5] * y * y + c[6] * z * z
                            + c[7] * x * y + c[8] * x * z + c[9] * y * z);
                    value = value * bias * subject.intensityScale() + noise * SubjectParameters.gaussian(random);
                    voxels[index] = (float) Math.max(0, value);
                }
            }
        }
    }

    /** The template point a subject point shows, before regional changes: global scale, then the warp. */
    private void toTemplate(double[] world, double scale, double[][] warp, double[] point) {
        for (int axis = 0; axis < 3; axis++) {
            point[axis] = brainCentre[axis] + (world[axis] - brainCentre[axis]) / scale;
        }
        warp(point, warp);
    }

    private static void warp(double[] point, double[][] components) {
        double dx = 0;
        double dy = 0;
        double dz = 0;
        for (double[] wave : components) {
            double s = Math.sin(wave[3] * point[0] + wave[4] * point[1] + wave[5] * point[2] + wave[6]);
            dx += wave[0] * s;
            dy += wave[1] * s;
            dz += wave[2] * s;
        }
        point[0] += dx;
        point[1] += dy;
        point[2] += dz;
    }

    private float nearest(double[] voxel) {
        return Reslicer.nearest(labels, templateShape, voxel[0], voxel[1], voxel[2], 0);
    }

    private float trilinear(double[] voxel) {
        return Reslicer.trilinear(t1.voxels(), templateShape, voxel[0], voxel[1], voxel[2], 0);
    }

    private static Region brain(Volume templateLabels) {
        return Region.of(templateLabels, value -> value != 0);
    }

    /**
     * The template brain's extent along i, j and k in world millimetres, with a margin so that large
     * heads stay inside: the field of view a grid of a given voxel size must cover.
     */
    static double[] fieldOfViewMm(Template template) {
        return brain(template.labels().labels()).fieldOfViewMm();
    }

    /** A structure of the template: its centroid and extent in world millimetres. */
    private record Region(double[] centre, double[] extent) {

        interface Membership {
            boolean contains(float label);
        }

        static Region of(Volume labels, Membership membership) {
            int[] n = labels.shape();
            float[] values = labels.voxels();
            double[] sum = new double[3];
            double[] min = { Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE };
            double[] max = { -Double.MAX_VALUE, -Double.MAX_VALUE, -Double.MAX_VALUE };
            long count = 0;
            int index = 0;
            for (int k = 0; k < n[2]; k++) {
                for (int j = 0; j < n[1]; j++) {
                    for (int i = 0; i < n[0]; i++, index++) {
                        if (membership.contains(values[index])) {
                            double[] world = labels.affine().apply(i, j, k);
                            for (int axis = 0; axis < 3; axis++) {
                                sum[axis] += world[axis];
                                min[axis] = Math.min(min[axis], world[axis]);
                                max[axis] = Math.max(max[axis], world[axis]);
                            }
                            count++;
                        }
                    }
                }
            }
            if (count == 0) {
                throw new IllegalArgumentException("the template region is empty");
            }
            double[] extent = new double[3];
            for (int axis = 0; axis < 3; axis++) {
                sum[axis] /= count;
                extent[axis] = max[axis] - min[axis];
            }
            return new Region(sum, extent);
        }

        /** The extent along each axis with the margin for large heads. */
        double[] fieldOfViewMm() {
            return Arrays.stream(extent).map(side -> side * FIELD_OF_VIEW_MARGIN).toArray();
        }
    }

    /** Typical template intensities of fluid, grey and white matter, for the contrast change. */
    private record IntensityLevels(double fluid, double midTissue, double whiteMatter) {

        /** Medians of the template's ventricles, grey matter (AAL regions) and white matter. */
        static IntensityLevels of(Template template) {
            float[] image = template.t1().voxels();
            float[] label = template.labels().labels().voxels();
            int ventricles = template.label(Template.VENTRICLES);
            int whiteMatter = template.label(Template.WHITE_MATTER);
            int otherFluid = template.label(Template.EXTRACEREBRAL_CSF);
            float[][] samples = new float[3][image.length];
            int[] counts = new int[3];
            for (int i = 0; i < image.length; i++) {
                int tissue = label[i] == ventricles ? 0 : label[i] == whiteMatter ? 2 : label[i] == otherFluid || label[i] == 0 ? -1 : 1;
                if (tissue >= 0) {
                    samples[tissue][counts[tissue]++] = image[i];
                }
            }
            double grey = median(samples[1], counts[1]);
            double white = median(samples[2], counts[2]);
            return new IntensityLevels(median(samples[0], counts[0]), (grey + white) / 2, white);
        }

        /** 0 for fluid, rising to 1 at mid-tissue: contrast changes act on tissue, not CSF. */
        double tissueWeight(double value) {
            return Math.max(0, Math.min(1, (value - fluid) / (midTissue - fluid)));
        }

        private static double median(float[] values, int count) {
            Arrays.sort(values, 0, count);
            return values[count / 2];
        }
    }
}
