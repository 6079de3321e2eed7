package org.perturba.anatomy.cohort;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.perturba.anatomy.template.Template;
import org.perturba.imaging.Volume;
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
        void subjectWritten(int done, int total);
    }

    /**
     * @param directory must not exist or be empty: a cohort never overwrites anything
     * @return the subjects, in participant order
     */
    public List<SubjectParameters> generate(CohortSpec spec, Path directory, Progress progress) throws IOException {
        prepare(directory);
        SubjectSynthesiser synthesiser = new SubjectSynthesiser(template, spec.grid(), ageing);
        List<SubjectParameters> subjects = drawSubjects(spec);
        writeDescription(spec, directory);
        writeLabelTable(directory, template.labels().names());
        AtomicInteger done = new AtomicInteger();
        try {
            IntStream.range(0, subjects.size()).parallel().forEach(index -> {
                SubjectParameters subject = subjects.get(index);
                Volume[] images = synthesiser.synthesise(subject);
                try {
                    writeSubject(directory, subject, images);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                progress.subjectWritten(done.incrementAndGet(), subjects.size());
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        writeParticipants(directory, subjects); // last: a dataset with participants.tsv is complete
        return subjects;
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

    private static void prepare(Path directory) throws IOException {
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
        Files.createDirectories(directory);
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
        writeAtomically(directory.resolve("participants.tsv"), table.toString());
    }

    private static void writeLabelTable(Path directory, Map<Integer, String> names) throws IOException {
        StringBuilder table = new StringBuilder("index\tname\n");
        for (Map.Entry<Integer, String> region : names.entrySet()) {
            table.append(region.getKey()).append('\t').append(region.getValue()).append('\n');
        }
        writeAtomically(directory.resolve("dseg.tsv"), table.toString());
    }

    private static void writeDescription(CohortSpec spec, Path directory) throws IOException {
        String json = String.format(Locale.ROOT, """
                {
                  "Name": "Perturba synthetic ageing cohort",
                  "BIDSVersion": "1.9.0",
                  "DatasetType": "raw",
                  "License": "Derived from Colin27 and AAL; see Perturba's NOTICE",
                  "GeneratedBy": [{"Name": "Perturba", "Description": "Colin27 + AAL warped by age, individual and scanner effects"}],
                  "PerturbaCohort": {"subjects": %d, "seed": %d, "grid": %d, "ageMin": %s, "ageMax": %s}
                }
                """, spec.subjects(), spec.seed(), spec.grid(), spec.ageMin(), spec.ageMax());
        writeAtomically(directory.resolve("dataset_description.json"), json);
    }

    private static void writeAtomically(Path file, String text) throws IOException {
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        try (Writer out = Files.newBufferedWriter(partial, StandardCharsets.UTF_8)) {
            out.write(text);
        }
        Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
