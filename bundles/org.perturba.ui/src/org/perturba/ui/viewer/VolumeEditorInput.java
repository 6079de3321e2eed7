package org.perturba.ui.viewer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

import org.eclipse.jface.resource.ImageDescriptor;
import org.eclipse.ui.IEditorInput;
import org.eclipse.ui.IPersistableElement;

/**
 * A NIfTI image to view, optionally with the clean image it was made from and a label map (both
 * found automatically when not given: see {@code SceneLoader}).
 */
public final class VolumeEditorInput implements IEditorInput {
    private final Path image;
    private final Optional<Path> clean;
    private final Optional<Path> labels;

    public VolumeEditorInput(Path image, Optional<Path> clean, Optional<Path> labels) {
        this.image = image.toAbsolutePath().normalize();
        this.clean = clean.map(path -> path.toAbsolutePath().normalize());
        this.labels = labels.map(path -> path.toAbsolutePath().normalize());
    }

    public VolumeEditorInput(Path image) {
        this(image, Optional.empty(), Optional.empty());
    }

    public Path image() {
        return image;
    }

    public Optional<Path> clean() {
        return clean;
    }

    public Optional<Path> labels() {
        return labels;
    }

    @Override
    public boolean exists() {
        return Files.exists(image);
    }

    @Override
    public ImageDescriptor getImageDescriptor() {
        return null; // the editor tab shows the editor's own icon
    }

    @Override
    public String getName() {
        return image.getFileName().toString();
    }

    @Override
    public IPersistableElement getPersistable() {
        return null;
    }

    @Override
    public String getToolTipText() {
        return image + clean.map(path -> "\nclean: " + path).orElse("") + labels.map(path -> "\nlabels: " + path).orElse("");
    }

    @Override
    public <T> T getAdapter(Class<T> adapter) {
        return null;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof VolumeEditorInput input && image.equals(input.image) && clean.equals(input.clean)
                && labels.equals(input.labels);
    }

    @Override
    public int hashCode() {
        return Objects.hash(image, clean, labels);
    }
}
