package org.perturba.imaging.tests;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * The committed NIfTI fixtures of this bundle ({@code data/}) and the golden values nibabel computed
 * for them ({@code data/golden.json}, made by {@code releng/scripts/make-imaging-fixtures.py}).
 */
final class Fixtures {
    private static final Bundle BUNDLE = FrameworkUtil.getBundle(Fixtures.class);

    private Fixtures() {
    }

    /** The golden entry of each fixture, by file name. */
    static JsonObject golden() {
        try (InputStream in = open("golden.json")) {
            return JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8)).getAsJsonObject()
                    .getAsJsonObject("files");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Copies a fixture (both files of a .hdr/.img pair) into {@code dir}; returns the copy of {@code name}. */
    static Path copy(String name, Path dir) throws IOException {
        if (name.endsWith(".hdr")) {
            String stem = name.substring(0, name.length() - 4);
            copy(stem + ".img", dir);
        }
        Path target = dir.resolve(name);
        try (InputStream in = open(name)) {
            Files.copy(in, target);
        }
        return target;
    }

    private static InputStream open(String name) throws IOException {
        URL entry = BUNDLE.getEntry("data/" + name);
        if (entry == null) {
            throw new IOException("fixture data/" + name + " is not in bundle " + BUNDLE.getSymbolicName());
        }
        return entry.openStream();
    }
}
