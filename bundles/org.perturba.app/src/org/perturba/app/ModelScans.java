package org.perturba.app;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import org.perturba.imaging.Interpolation;
import org.perturba.imaging.Volume;
import org.perturba.imaging.nifti.NiftiHeader;
import org.perturba.imaging.nifti.NiftiImage;
import org.perturba.model.BrainAgeModel;
import org.perturba.model.ModelFiles;
import org.perturba.model.ModelMetadata;
import org.perturba.model.ModelSpace;

/** What {@code predict} and {@code conform} share: a saved model of either format, and scans put on its grid. */
final class ModelScans {
    private ModelScans() {
    }

    /** A saved model ({@code .zip} or {@code .onnx}), every failure in one line. */
    static BrainAgeModel load(Path file) throws CommandFailedException {
        try {
            return ModelFiles.load(file);
        } catch (NoSuchFileException e) {
            throw new CommandFailedException(file + ": no such model file", e);
        } catch (IOException e) {
            throw new CommandFailedException(e.getMessage(), e);
        }
    }

    /**
     * A scan as read and as put on a model's grid.
     *
     * @param worldCoordinates whether its header places it in world space (sform or qform code above 0)
     */
    record Scan(Path file, Volume stored, boolean worldCoordinates, Volume onGrid) {

        /** The gradient of something with respect to the scan on the grid, carried back to the scan as stored. */
        float[] gradientOnScan(float[] gradientOnGrid, ModelMetadata metadata) {
            return ModelSpace.gradientOnScan(gradientOnGrid, stored, worldCoordinates, metadata);
        }
    }

    /** A change made to a scan as stored, before it is put on the grid (e.g. skull stripping). */
    interface Preprocessing {
        Volume apply(Volume stored) throws CommandFailedException;
    }

    /** Reads a scan and puts it on the model's grid ({@link ModelSpace#onGrid}), refusing one that is not in its space. */
    static Scan read(Path file, ModelMetadata metadata, Interpolation interpolation) throws CommandFailedException {
        return read(file, metadata, interpolation, stored -> stored);
    }

    /** {@link #read(Path, ModelMetadata, Interpolation)}, the scan changed by {@code preprocessing} first. */
    static Scan read(Path file, ModelMetadata metadata, Interpolation interpolation, Preprocessing preprocessing)
            throws CommandFailedException {
        NiftiImage image = ImageFiles.read(file);
        Volume stored;
        try {
            stored = preprocessing.apply(image.toVolume());
        } catch (IllegalArgumentException e) {
            throw new CommandFailedException(file + ": " + e.getMessage(), e);
        }
        NiftiHeader header = image.header();
        boolean world = header.sformCode() > 0 || header.qformCode() > 0;
        try {
            return new Scan(file, stored, world, ModelSpace.onGrid(stored, world, metadata, interpolation));
        } catch (IllegalArgumentException e) {
            throw new CommandFailedException(file + ": " + e.getMessage(), e);
        }
    }
}
