package org.perturba.imaging.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 hashes as Perturba records them (runs, model identities): {@code sha256:} and 64 hex digits. */
public final class Sha256 {
    public static final String PREFIX = "sha256:";

    private Sha256() {
    }

    public static String of(String text) {
        return PREFIX + HexFormat.of().formatHex(digest().digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    public static String of(byte[] bytes) {
        return PREFIX + HexFormat.of().formatHex(digest().digest(bytes));
    }

    public static String ofFile(Path file) throws IOException {
        try (DigestInputStream in = new DigestInputStream(Files.newInputStream(file), digest())) {
            in.transferTo(OutputStream.nullOutputStream());
            return PREFIX + HexFormat.of().formatHex(in.getMessageDigest().digest());
        }
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
