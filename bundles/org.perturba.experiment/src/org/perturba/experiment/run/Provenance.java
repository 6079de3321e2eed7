package org.perturba.experiment.run;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.perturba.experiment.RuntimeEnvironment;
import org.perturba.experiment.json.Json;
import org.perturba.experiment.spec.ExperimentSpec;

/**
 * {@code provenance.json}: what it takes to repeat a run and to trust its numbers: the command
 * line, the software and machine, the seeds, and hashes of the experiment file, the data and every
 * model used. Times live here, not in the summary, so that summaries of repeated runs compare equal.
 */
final class Provenance {
    static final String FILE = "provenance.json";

    private Provenance() {
    }

    static void write(RunDirectory run, ExperimentSpec spec, Invocation invocation, Path dataset, List<TrainedModel> models,
            Instant started, boolean resumed) throws IOException {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("commandLine", invocation.commandLine());
        record.put("workingDirectory", Path.of("").toAbsolutePath().toString());
        record.put("environment", RuntimeEnvironment.describe(invocation.perturbaVersion(), true));
        Map<String, Object> experiment = new LinkedHashMap<>();
        experiment.put("name", spec.name());
        experiment.put("seed", spec.seed());
        if (invocation.experimentFile().isPresent()) {
            Path file = invocation.experimentFile().get();
            experiment.put("file", file.toAbsolutePath().toString());
            experiment.put("sha256", sha256(file));
        }
        spec.dataset().cohort().ifPresent(cohort -> experiment.put("cohort", Map.of("subjects", cohort.subjects(), "seed",
                cohort.seed(), "grid", cohort.grid(), "ageMin", cohort.ageMin(), "ageMax", cohort.ageMax())));
        record.put("experiment", experiment);
        record.put("dataset", Map.of("root", dataset.toAbsolutePath().toString(), "participantsSha256",
                sha256(dataset.resolve("participants.tsv"))));
        Map<String, Object> modelRecords = new LinkedHashMap<>();
        for (TrainedModel model : models) {
            modelRecords.put(model.id(), Map.of("kind", model.kind(), "seed", model.model().metadata().seed(), "trainingData",
                    model.model().metadata().trainingData()));
        }
        record.put("models", modelRecords);
        record.put("started", started.toString());
        record.put("finished", Instant.now().toString());
        record.put("resumed", resumed);
        run.write(FILE, Json.writePretty(record) + "\n");
    }

    static String sha256(Path file) throws IOException {
        try (DigestInputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(OutputStream.nullOutputStream());
            return "sha256:" + HexFormat.of().formatHex(in.getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
