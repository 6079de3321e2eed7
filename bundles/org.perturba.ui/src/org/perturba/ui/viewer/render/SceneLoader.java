package org.perturba.ui.viewer.render;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.SubMonitor;
import org.perturba.anatomy.LabelMap;
import org.perturba.anatomy.dataset.DatasetException;
import org.perturba.anatomy.dataset.LabelTable;
import org.perturba.experiment.output.ExperimentOutputReader;
import org.perturba.imaging.Volume;
import org.perturba.imaging.nifti.NiftiReader;

/**
 * Reads what the viewer shows for one image: the image, its clean pair (given, or found when the
 * image is an adversarial example of an experiment output folder) and its label map (given, or the
 * BIDS {@code _dseg} beside it) with the region names of the nearest {@code dseg.tsv}.
 */
public final class SceneLoader {
    private SceneLoader() {
    }

    /**
     * Reads the scene, reporting each file to the monitor; a cancelled monitor stops it between files
     * (with {@code OperationCanceledException}).
     */
    public static VolumeScene load(Path image, Optional<Path> clean, Optional<Path> labels, IProgressMonitor monitor)
            throws IOException {
        SubMonitor progress = SubMonitor.convert(monitor, 10);
        progress.split(5).subTask(image.getFileName().toString());
        Volume volume = read(image);
        Optional<Path> cleanFile = clean.isPresent() ? clean : ExperimentOutputReader.cleanExampleFor(image);
        progress.split(2);
        Optional<Volume> cleanVolume = cleanFile.isPresent() ? Optional.of(read(cleanFile.get())) : Optional.empty();
        progress.split(2);
        VolumeScene scene;
        try {
            scene = new VolumeScene(volume, cleanVolume);
        } catch (IllegalArgumentException e) {
            throw new IOException(image + ": " + e.getMessage(), e);
        }
        Optional<Path> labelFile = labels.isPresent() ? labels : CompanionFiles.segmentationFor(image);
        progress.split(1);
        if (labelFile.isPresent()) {
            scene.setLabels(readLabels(labelFile.get()));
        }
        return scene;
    }

    /** A label map with the names of its {@code dseg.tsv}, if one is found. */
    public static LabelMap readLabels(Path file) throws IOException {
        Volume labels = read(file);
        Map<Integer, String> names = Map.of();
        Optional<Path> table = CompanionFiles.labelTableFor(file);
        if (table.isPresent()) {
            try {
                names = LabelTable.read(table.get());
            } catch (DatasetException e) {
                throw new IOException(e.getMessage(), e);
            }
        }
        return new LabelMap(labels, names);
    }

    private static Volume read(Path file) throws IOException {
        try {
            return new NiftiReader().readVolume(file);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }
}
