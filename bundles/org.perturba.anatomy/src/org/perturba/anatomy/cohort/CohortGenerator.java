package org.perturba.anatomy.cohort;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.perturba.anatomy.template.Template;
import org.perturba.imaging.Volume;
import org.perturba.imaging.io.AtomicFiles;
import org.perturba.imaging.io.StagedDirectory;
import org.perturba.imaging.nifti.NiftiDataType;
import org.perturba.imaging.nifti.NiftiImage;
import org.perturba.imaging.nifti.NiftiWriter;

/**
 * Writes a synthetic ageing cohort as a BIDS-like dataset: {@code participants.tsv} (participant_id,
 * age, sex), {@code sub-<id>/anat/sub-<id>_T1w.nii.gz} and {@code _dseg.nii.gz}, {@code dseg.tsv}
 * and {@code dataset_description.json}. Subjects are made in parallel, each from its own random
 * stream, so the files depend only on the spec.
 */
public final class CohortGenerator {
    private final Template template;
    private final AgeingModel ageing;

    public CohortGenerator(Template template, AgeingModel ageing) {
        this.template = template;
        this.ageing = ageing;
    }

    /** Called after each subject is written, from any thread. */
    public interface Progress {
        /** May throw an unchecked exception to cancel: the generation stops and leaves nothing behind. */
        void subjectWritten(int done, int total);
    }

    /**
     * The field of view, in mm along i, j and k, that a grid with a fixed voxel size must cover to
     * hold every generated head: the template brain's extent with a margin.
     */
    public static double[] fieldOfViewMm(Template template) {
        return SubjectSynthesiser.fieldOfViewMm(template);
    }

    /**
     * Fills a hidden sibling of {@code directory} that is renamed to it once complete (see
     * {@link AtomicFiles#stageDirectory}): a failed or cancelled generation leaves nothing behind, and
     * what a killed one left is removed by the next generation into the same place.
     *
     * @param directory must not exist or be empty: a cohort never overwrites anything
     * @return the subjects, in participant order
     */
    public List<SubjectParameters> generate(CohortSpec spec, Path directory, Progress progress) throws IOException {
        requireNewOrEmpty(directory);
        SubjectSynthesiser synthesiser = new SubjectSynthesiser(template, spec.grid(), ageing);
        List<SubjectParameters> subjects = drawSubjects(spec);
        try (StagedDirectory staged = AtomicFiles.stageDirectory(directory)) {
            Path root = staged.path();
            writeDescription(spec, root);
            writeLabelTable(root, template.labels().names());
            writeSubjects(root, subjects, synthesiser, progress);
            writeParticipants(root, subjects);
            staged.commit();
        }
        return subjects;
    }

    /**
     * In parallel. A failure stops the subjects not yet begun, and is thrown only once every worker
     * has stopped, so that no worker still writes while the caller removes the folder.
     */
    private static void writeSubjects(Path root, List<SubjectParameters> subjects, SubjectSynthesiser synthesiser,
            Progress progress) throws IOException {
        AtomicInteger done = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        IntStream.range(0, subjects.size()).parallel().forEach(index -> {
            if (failure.get() != null) {
                return;
            }
            try {
                SubjectParameters subject = subjects.get(index);
                writeSubject(root, subject, synthesiser.synthesise(subject));
                progress.subjectWritten(done.incrementAndGet(), subjects.size());
            } catch (IOException | RuntimeException | Error e) {
                failure.compareAndSet(null, e);
            }
        });
        Throwable first = failure.get();
        if (first instanceof IOException e) {
            throw e;
        } else if (first instanceof RuntimeException e) {
            throw e;
        } else if (first instanceof Error e) {
            throw e;
        }
    }

    private static List<SubjectParameters> drawSubjects(CohortSpec spec) {
        int digits = Math.max(3, Integer.toString(spec.subjects()).length());
        SplittableRandom root = new SplittableRandom(spec.seed());
        List<SubjectParameters> subjects = new ArrayList<>(spec.subjects());
        for (int i = 1; i <= spec.subjects(); i++) {
            String id = String.format(Locale.ROOT, "%0" + digits + "d", i);
            subjects.add(SubjectParameters.draw(id, spec, root.split()));
        }
        return subjects;
    }

    private static void requireNewOrEmpty(Path directory) throws IOException {
        if (Files.exists(directory)) {
            if (!Files.isDirectory(directory)) {
                throw new IOException(directory + ": exists and is not a directory");
            }
            try (Stream<Path> entries = Files.list(directory)) {
                if (entries.findAny().isPresent()) {
                    throw new IOException(directory + ": not empty; a cohort is written only into a new or empty directory");
                }
            }
        }
    }

    private static void writeSubject(Path directory, SubjectParameters subject, Volume[] images) throws IOException {
        String name = "sub-" + subject.id();
        Path anat = Files.createDirectories(directory.resolve(name).resolve("anat"));
        NiftiWriter writer = new NiftiWriter();
        writer.write(NiftiImage.of(images[0], NiftiDataType.FLOAT32, "Perturba synthetic T1w"),
                anat.resolve(name + "_T1w.nii.gz"), 1);
        writer.write(NiftiImage.of(images[1], NiftiDataType.INT16, "Perturba synthetic dseg"),
                anat.resolve(name + "_dseg.nii.gz"), 1);
    }

    private static void writeParticipants(Path directory, List<SubjectParameters> subjects) throws IOException {
        StringBuilder table = new StringBuilder("participant_id\tage\tsex\n");
        for (SubjectParameters subject : subjects) {
            table.append(String.format(Locale.ROOT, "sub-%s\t%.2f\t%s%n", subject.id(), subject.age(), subject.sex()));
        }
        AtomicFiles.writeString(directory.resolve("participants.tsv"), table.toString());
    }

    private static void writeLabelTable(Path directory, Map<Integer, String> names) throws IOException {
        StringBuilder table = new StringBuilder("index\tname\n");
        for (Map.Entry<Integer, String> region : names.entrySet()) {
            table.append(region.getKey()).append('\t').append(region.getValue()).append('\n');
        }
        AtomicFiles.writeString(directory.resolve("dseg.tsv"), table.toString());
    }

    private static void writeDescription(CohortSpec spec, Path directory) throws IOException {
        String json = String.format(Locale.ROOT, """
                {
                  "Name": "Perturba synthetic ageing cohort",
                  "BIDSVersion": "1.9.0",
                  "DatasetType": "raw",
                  "License": "Derived from Colin27 and AAL; see Perturba's NOTICE",
                  "GeneratedBy": [{"Name": "Perturba", "Description": "Colin27 + AAL warped by age, individual and scanner effects"}],
                  "PerturbaCohort": {"subjects": %d, "seed": %d, "grid": "%s", "ageMin": %s, "ageMax": %s}
                }
                """, spec.subjects(), spec.seed(), spec.grid(), spec.ageMin(), spec.ageMax());
        AtomicFiles.writeString(directory.resolve("dataset_description.json"), json);
    }
}
