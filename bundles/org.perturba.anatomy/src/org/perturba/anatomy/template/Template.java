package org.perturba.anatomy.template;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

import org.perturba.anatomy.LabelMap;
import org.perturba.anatomy.LabelTable;
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
        Map<Integer, String> names;
        try (InputStream in = open("dseg.tsv");
                BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            names = LabelTable.parse(reader, "embedded dseg.tsv");
        }
        return new Template(t1, new LabelMap(labels, names));
    }

    /** The label whose region has this name. */
    public int label(String name) {
        return labels.names().entrySet().stream().filter(entry -> entry.getValue().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("the template has no region " + name)).getKey();
    }

    private static Volume readEmbedded(String name) throws IOException {
        Path file = Files.createTempFile("perturba-template-", "-" + name);
        try (InputStream in = open(name)) {
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            return new NiftiReader().read(file).toVolume();
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static InputStream open(String name) throws IOException {
        InputStream in = Template.class.getResourceAsStream(name);
        if (in == null) {
            throw new IOException("the embedded template file " + name + " is missing from org.perturba.anatomy");
        }
        return in;
    }
}
