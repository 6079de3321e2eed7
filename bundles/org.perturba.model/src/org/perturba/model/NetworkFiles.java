package org.perturba.model;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.function.Function;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.perturba.dl4j.Nd4jRuntime;
import org.perturba.imaging.ResourceLimits;
import org.perturba.imaging.io.AtomicFiles;
import org.perturba.imaging.io.StagedFile;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

/**
 * The file format every trained network of Perturba is saved in: {@code NAME.zip} (DL4J's format:
 * configuration, weights, updater state) with a sidecar {@code NAME.json} holding the network's
 * metadata, a format number and the SHA-256 of the zip. Loading treats both files as untrusted: the
 * zip is checked by {@link ModelArchive} before DL4J opens it, a sidecar that does not belong to the
 * zip is refused, and every problem is one line naming the file. What the metadata means is the
 * caller's ({@link ModelFiles} for brain-age models, the segmentation bundle for segmenters).
 */
public final class NetworkFiles {
    private static final int FORMAT = 1;

    private NetworkFiles() {
    }

    /** A network and the metadata read from its sidecar. */
    public record Loaded<M>(ComputationGraph network, M metadata) {
    }

    /** The sidecar of a network zip: same name, {@code .json}. */
    public static Path sidecar(Path zip) {
        String name = zip.getFileName().toString();
        String stem = name.toLowerCase(Locale.ROOT).endsWith(".zip") ? name.substring(0, name.length() - 4) : name;
        return zip.resolveSibling(stem + ".json");
    }

    /**
     * Writes both files through {@link AtomicFiles}: both are complete on disk before either is put in
     * place, then the sidecar is renamed first and the zip last. A crash between the two renames
     * leaves the new sidecar beside the old zip (or beside none), which {@link #load} refuses by the
     * SHA-256 the sidecar records (or as missing): no state loads a network with another's metadata,
     * and a fresh save shows its zip only once both files are in place.
     *
     * @param metadata the sidecar's content; {@code format} and {@code sha256} are added
     */
    public static void save(ComputationGraph network, JsonObject metadata, Path zip) throws IOException {
        try (StagedFile staged = AtomicFiles.stage(zip); StagedFile sidecar = AtomicFiles.stage(sidecar(zip))) {
            ModelSerializer.writeModel(network, staged.path().toFile(), true);
            JsonObject json = new JsonObject();
            json.addProperty("format", FORMAT);
            metadata.entrySet().forEach(entry -> json.add(entry.getKey(), entry.getValue()));
            json.addProperty("sha256", sha256(staged.path()));
            Files.writeString(sidecar.path(), new GsonBuilder().setPrettyPrinting().create().toJson(json),
                    StandardCharsets.UTF_8);
            sidecar.commit();
            staged.commit();
        }
    }

    /**
     * @param what what the files hold, for messages ("model", "segmenter")
     * @param parser reads the metadata from the sidecar; may throw the unchecked exceptions of Gson's
     *        accessors (or {@link IllegalArgumentException}) for malformed content
     * @throws IOException with a one-line message when the files are missing, foreign to each other or malformed
     */
    public static <M> Loaded<M> load(Path zip, String what, Function<JsonObject, M> parser) throws IOException {
        if (!Files.isRegularFile(zip)) {
            throw new NoSuchFileException(zip.toString(), null, "no such " + what + " file");
        }
        Path sidecar = sidecar(zip);
        if (!Files.isRegularFile(sidecar)) {
            throw new IOException(zip + ": its metadata " + sidecar.getFileName() + " is missing (" + what
                    + "s are saved as a .zip and a .json)");
        }
        M metadata;
        String hash;
        try {
            JsonObject json = JsonParser.parseString(Files.readString(sidecar, StandardCharsets.UTF_8)).getAsJsonObject();
            if (json.get("format").getAsInt() != FORMAT) {
                throw new IOException(sidecar + ": format " + json.get("format") + " is not supported (expected " + FORMAT + ")");
            }
            hash = json.get("sha256").getAsString();
            metadata = parser.apply(json);
        } catch (JsonParseException | IllegalStateException | NullPointerException | UnsupportedOperationException
                | IllegalArgumentException | IndexOutOfBoundsException e) {
            throw new IOException(sidecar + ": malformed " + what + " metadata (" + e.getMessage() + ")", e);
        }
        ModelArchive.check(zip, ResourceLimits.current());
        if (!hash.equals(sha256(zip))) {
            throw new IOException(sidecar + " does not belong to " + zip.getFileName()
                    + ": the zip's SHA-256 differs from the one recorded (replaced or modified after saving?)");
        }
        Nd4jRuntime.initialise();
        try {
            return new Loaded<>(ModelSerializer.restoreComputationGraph(zip.toFile(), true), metadata);
        } catch (RuntimeException e) { // DL4J reports malformed content with unchecked exceptions
            throw new IOException(zip + ": the network cannot be read (" + e.getMessage() + ")", e);
        }
    }

    private static String sha256(Path file) throws IOException {
        try (DigestInputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(in.getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
