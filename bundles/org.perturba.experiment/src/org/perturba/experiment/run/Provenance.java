package org.perturba.experiment.run;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.perturba.imaging.io.Sha256;
import org.perturba.core.registry.ContributionDescriptor;
import org.perturba.core.registry.ContributionKind;

import org.perturba.experiment.RuntimeEnvironment;
import org.perturba.experiment.json.Json;
import org.perturba.experiment.spec.ExperimentSpec;
import org.perturba.experiment.spec.ModelSpec;

/**
 * {@code provenance.json}: what it takes to repeat a run and to trust its numbers: the command
 * line, the software and machine, the seeds, hashes of the experiment file and the data, and the
 * bundle and version behind every contribution used. Times live here, not in the summary, so that summaries of repeated runs compare equal.
 */
final class Provenance {
    static final String FILE = "provenance.json";

    private Provenance() {
    }

    /** What every run's record holds: how it was started, on what, with which experiment and data. */
    private static Map<String, Object> common(ExperimentSpec spec, Invocation invocation, Path dataset) throws IOException {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("commandLine", invocation.commandLine());
        record.put("workingDirectory", Path.of("").toAbsolutePath().toString());
        record.put("environment", RuntimeEnvironment.describe(invocation.perturbaVersion(), true));
        Map<String, Object> experiment = new LinkedHashMap<>();
        experiment.put("name", spec.name());
        experiment.put("seed", spec.seed());
        experiment.put("seeds", spec.seeds());
        if (invocation.experimentFile().isPresent()) {
            Path file = invocation.experimentFile().get();
            experiment.put("file", file.toAbsolutePath().toString());
            experiment.put("sha256", Sha256.ofFile(file));
        }
        spec.dataset().cohort().ifPresent(cohort -> experiment.put("cohort", Map.of("subjects", cohort.subjects(), "seed",
                cohort.seed(), "grid", cohort.grid().describe(), "ageMin", cohort.ageMin(), "ageMax", cohort.ageMax())));
        record.put("experiment", experiment);
        record.put("dataset", Map.of("root", dataset.toAbsolutePath().toString(), "participantsSha256",
                Sha256.ofFile(dataset.resolve("participants.tsv"))));
        return record;
    }

    static void write(RunDirectory run, ExperimentSpec spec, Invocation invocation, Path dataset, List<TrainedSegmenter> segmenters,
            List<TrainedModel> models, Contributions contributions, Instant started, boolean resumed) throws IOException {
        Map<String, Object> record = common(spec, invocation, dataset);
        Map<String, Object> segmenterRecords = new LinkedHashMap<>();
        for (TrainedSegmenter segmenter : segmenters) {
            segmenterRecords.put(segmenter.id(), Map.of("sha256", segmenter.sha256(), "seed", segmenter.segmenter().metadata().seed(),
                    "trainingData", segmenter.segmenter().metadata().trainingData()));
        }
        record.put("segmenters", segmenterRecords);
        Map<String, Object> modelRecords = new LinkedHashMap<>();
        for (TrainedModel model : models) {
            modelRecords.put(model.id(), Map.of("kind", model.kind(), "seed", model.model().metadata().seed(), "trainingData",
                    model.model().metadata().trainingData()));
        }
        record.put("models", modelRecords);
        record.put("contributions", contributions(spec, models, contributions));
        finish(run, record, started, resumed);
    }

    /**
     * The top folder's record of a run with several seeds: what every seed shares, and where each
     * seed's run (with its own {@code provenance.json}: models, segmenters, contributions) lies.
     */
    static void writeSeeds(RunDirectory run, ExperimentSpec spec, Invocation invocation, Path dataset, Instant started, boolean resumed)
            throws IOException {
        Map<String, Object> record = common(spec, invocation, dataset);
        Map<String, String> folders = new LinkedHashMap<>();
        spec.seeds().forEach(seed -> folders.put(Long.toString(seed), SeedRun.folder(seed)));
        record.put("seedRuns", folders);
        finish(run, record, started, resumed);
    }

    private static void finish(RunDirectory run, Map<String, Object> record, Instant started, boolean resumed) throws IOException {
        record.put("started", started.toString());
        record.put("finished", Instant.now().toString());
        record.put("resumed", resumed);
        run.write(FILE, Json.writePretty(record) + "\n");
    }

    /**
     * The bundle and version that supplied every model kind, context extractor and attack the run
     * used (those of loaded models included), so that a result can be traced to the code behind it.
     */
    private static List<Map<String, String>> contributions(ExperimentSpec spec, List<TrainedModel> models, Contributions contributions) {
        Set<Used> used = new LinkedHashSet<>();
        for (ModelSpec model : spec.models()) {
            model.kind().ifPresent(kind -> used.add(new Used(ContributionKind.MODEL, kind)));
            model.context().ifPresent(context -> used.add(new Used(ContributionKind.CONTEXT, context)));
        }
        for (TrainedModel model : models) {
            used.add(new Used(ContributionKind.MODEL, model.kind()));
            model.model().metadata().context().ifPresent(context -> used.add(new Used(ContributionKind.CONTEXT, context.extractor())));
        }
        spec.attacks().forEach(attack -> used.add(new Used(ContributionKind.ATTACK, attack.attack())));
        spec.transfers().forEach(transfer -> used.add(new Used(ContributionKind.ATTACK, transfer.attack())));
        List<Map<String, String>> records = new ArrayList<>();
        for (Used contribution : used) {
            Map<String, String> entry = new LinkedHashMap<>();
            entry.put("kind", contribution.kind().name().toLowerCase(Locale.ROOT));
            entry.put("id", contribution.id());
            Optional<ContributionDescriptor> descriptor = contributions.find(contribution.kind(), contribution.id());
            entry.put("bundle", descriptor.map(ContributionDescriptor::bundle).orElse(null));
            entry.put("bundleVersion", descriptor.map(ContributionDescriptor::bundleVersion).orElse(null));
            records.add(entry);
        }
        return records;
    }

    private record Used(ContributionKind kind, String id) {
    }
}
