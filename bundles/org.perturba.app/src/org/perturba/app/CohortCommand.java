package org.perturba.app;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import org.perturba.anatomy.cohort.AgeingModel;
import org.perturba.anatomy.cohort.CohortGenerator;
import org.perturba.anatomy.cohort.CohortGrid;
import org.perturba.anatomy.cohort.CohortSpec;
import org.perturba.anatomy.template.Template;
import org.perturba.experiment.spec.GridRequest;

/**
 * {@code perturba cohort --out DIR ...}: writes the synthetic ageing cohort grown from the embedded
 * template, reporting progress on stderr.
 */
final class CohortCommand implements Command {
    private static final int DEFAULT_SUBJECTS = 300;
    private static final long DEFAULT_SEED = 1;

    @Override
    public String name() {
        return "cohort";
    }

    @Override
    public String synopsis() {
        return "--out DIR [--subjects " + CohortSpec.MIN_SUBJECTS + ".." + CohortSpec.MAX_SUBJECTS
                + "] [--seed S] [--grid N|NxNxN|Xmm] [--age-min A] [--age-max A]";
    }

    @Override
    public String summary() {
        return "write a synthetic ageing cohort (BIDS-like) grown from the embedded template";
    }

    @Override
    public int run(List<String> arguments, Console console) throws UsageException, CommandFailedException {
        Arguments.Parsed parsed = Arguments.of(name()).option("--out").option("--subjects").option("--seed")
                .option("--grid").option("--age-min").option("--age-max").parse(arguments);
        Path out = Path.of(parsed.required("--out"));
        CohortGrid grid = ModelGrid.option(parsed).map(GridRequest::forCohort).orElse(CohortGrid.cube(CohortGrid.DEFAULT_SIDE));
        CohortSpec spec;
        try {
            spec = new CohortSpec(parsed.intValue("--subjects", DEFAULT_SUBJECTS), parsed.longValue("--seed", DEFAULT_SEED),
                    grid, parsed.doubleValue("--age-min", CohortSpec.DEFAULT_AGE_MIN),
                    parsed.doubleValue("--age-max", CohortSpec.DEFAULT_AGE_MAX));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        OutputPaths.requireWritableFolder(out);
        long start = System.nanoTime();
        int step = Math.max(1, spec.subjects() / 10);
        try {
            new CohortGenerator(Template.colin27(), new AgeingModel()).generate(spec, out, (done, total) -> {
                if (done % step == 0 || done == total) {
                    console.err().printf(Locale.ROOT, "perturba: cohort: %d/%d subjects%n", done, total);
                }
            });
        } catch (IOException e) {
            throw new CommandFailedException(e.getMessage(), e);
        }
        console.out().printf(Locale.ROOT, "wrote %d subjects (%s voxels) to %s in %.1f s%n", spec.subjects(), spec.grid(),
                out, (System.nanoTime() - start) / 1e9);
        return 0;
    }
}
