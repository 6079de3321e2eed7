package org.perturba.anatomy.template;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import org.perturba.anatomy.LabelMap;
import org.perturba.anatomy.dataset.DatasetException;
import org.perturba.anatomy.dataset.LabelTable;
import org.perturba.imaging.Volume;
import org.perturba.imaging.nifti.NiftiReader;

/**
 * A reference anatomy: a skull-stripped T1 image and its segmentation on the same grid. The
 * embedded one is Colin27 with the AAL atlas (grey matter) completed by ventricles, white matter and
 * other CSF labels, so that the labels fill the brain, at 2 mm on the MNI grid
 * (made by {@code releng/scripts/make-template.py}; sources and terms in NOTICE).
 */
public record Template(Volume t1, LabelMap labels) {
    /** The ventricles, which AAL lacks. */
    public static final String VENTRICLES = "Ventricles_CSF";
    /** White matter: the brain that AAL leaves unlabelled, bright in T1. */
    public static final String WHITE_MATTER = "Cerebral_White_Matter";
    /** CSF outside the ventricles (sulci, brain surface), which AAL lacks. */
    public static final String EXTRACEREBRAL_CSF = "Extracerebral_CSF";

    /** Colin27 + AAL, embedded in this bundle. */
    public static Template colin27() throws IOException {
        Volume t1 = readEmbedded("colin27_T1w.nii.gz");
        Volume labels = readEmbedded("colin27_dseg.nii.gz");
        Path table = copyEmbedded(LabelTable.FILE);
        try {
            return new Template(t1, new LabelMap(labels, LabelTable.read(table)));
        } catch (DatasetException e) {
            throw new IOException("the embedded " + LabelTable.FILE + " is malformed: " + e.getMessage(), e);
        } finally {
            Files.deleteIfExists(table);
        }
    }

    /** The label whose region has this name. */
    public int label(String name) {
        return labels.names().entrySet().stream().filter(entry -> entry.getValue().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("the template has no region " + name)).getKey();
    }

    private static Volume readEmbedded(String name) throws IOException {
        Path file = copyEmbedded(name);
        try {
            return new NiftiReader().readVolume(file);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** A temporary copy of an embedded file (the readers take files, and the bundle may be a jar). */
    private static Path copyEmbedded(String name) throws IOException {
        Path file = Files.createTempFile("perturba-template-", "-" + name);
        try (InputStream in = open(name)) {
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            Files.deleteIfExists(file);
            throw e;
        }
        return file;
    }

    private static InputStream open(String name) throws IOException {
        InputStream in = Template.class.getResourceAsStream(name);
        if (in == null) {
            throw new IOException("the embedded template file " + name + " is missing from org.perturba.anatomy");
        }
        return in;
    }
}
