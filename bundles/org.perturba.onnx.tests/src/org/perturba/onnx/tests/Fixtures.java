package org.perturba.onnx.tests;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * The ONNX fixtures of this bundle ({@code data/}, made by {@code releng/scripts/make-onnx-fixtures.py}
 * with PyTorch): models, PyTorch's predictions and input gradients, and the inputs' formulas.
 */
final class Fixtures {
    private static final Bundle BUNDLE = FrameworkUtil.getBundle(Fixtures.class);

    private Fixtures() {
    }

    static Path copy(String name, Path dir) throws IOException {
        Path target = dir.resolve(name);
        try (InputStream in = open(name)) {
            Files.copy(in, target);
        }
        return target;
    }

    static JsonObject golden(String model) throws IOException {
        try (InputStream in = open(model + ".json")) {
            return JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8)).getAsJsonObject();
        }
    }

    static float[] floats(String name) throws IOException {
        try (InputStream in = open(name)) {
            ByteBuffer bytes = ByteBuffer.wrap(in.readAllBytes()).order(ByteOrder.LITTLE_ENDIAN);
            float[] values = new float[bytes.remaining() / 4];
            bytes.asFloatBuffer().get(values);
            return values;
        }
    }

    /** The script's image formula: 0.5 + 0.5 sin(0.37 (i+1) + 0.91 (j+1)(n+1) + 0.23 (k+1)(c+1)). */
    static INDArray image(long[] shape) {
        int length = 1;
        for (long side : shape) {
            length *= side;
        }
        double[] values = new double[length];
        long depth = shape.length > 4 ? shape[4] : 1;
        int at = 0;
        for (int n = 0; n < shape[0]; n++) {
            for (int c = 0; c < shape[1]; c++) {
                for (int i = 0; i < shape[2]; i++) {
                    for (int j = 0; j < shape[3]; j++) {
                        for (int k = 0; k < depth; k++) {
                            values[at++] = 0.5 + 0.5 * Math.sin(0.37 * (i + 1) + 0.91 * (j + 1) * (n + 1) + 0.23 * (k + 1) * (c + 1));
                        }
                    }
                }
            }
        }
        return Nd4j.createFromArray(values).castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT).reshape('c', shape);
    }

    /** The script's context formula: cos(0.7 (f+1) + 1.3 (n+1)). */
    static INDArray context(long[] shape) {
        double[] values = new double[(int) (shape[0] * shape[1])];
        for (int n = 0; n < shape[0]; n++) {
            for (int f = 0; f < shape[1]; f++) {
                values[(int) (n * shape[1] + f)] = Math.cos(0.7 * (f + 1) + 1.3 * (n + 1));
            }
        }
        return Nd4j.createFromArray(values).castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT).reshape('c', shape);
    }

    private static InputStream open(String name) throws IOException {
        URL entry = BUNDLE.getEntry("data/" + name);
        if (entry == null) {
            throw new IOException("fixture data/" + name + " is not in bundle " + BUNDLE.getSymbolicName());
        }
        return entry.openStream();
    }
}
