package org.perturba.app;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.perturba.experiment.compare.ComparisonFiles;
import org.perturba.experiment.compare.ComparisonJson;
import org.perturba.experiment.compare.ComparisonText;
import org.perturba.experiment.compare.RunComparison;
import org.perturba.experiment.run.PaperFindings;

/**
 * {@code perturba compare RUN_DIR...}: finished runs side by side, sorted by voxel count (the same study
 * on several grids makes resolution a variable), as a table on stdout (JSON with {@code --json}) and,
 * with {@code --out}, as {@code comparison.html} and {@code comparison.json}.
 */
final class CompareCommand implements Command {

    @Override
    public String name() {
        return "compare";
    }

    @Override
    public String synopsis() {
        return "RUN_DIR RUN_DIR... [--epsilon E] [--out DIR] [--json]";
    }

    @Override
    public String summary() {
        return "put finished runs side by side by grid: MAE, shift at epsilon (default " + PaperFindings.KEY_EPSILON
                + "), gradients, universal, findings";
    }

    @Override
    public int run(List<String> arguments, Console console) throws UsageException, CommandFailedException {
        Arguments.Parsed parsed = Arguments.of(name()).operand("RUN_DIR").moreOperands().option("--epsilon").option("--out").flag("--json")
                .parse(arguments);
        double epsilon = parsed.doubleValue("--epsilon", PaperFindings.KEY_EPSILON);
        Optional<Path> out = parsed.value("--out").map(Path::of);
        RunComparison comparison;
        try {
            comparison = RunComparison.of(ComparisonFiles.read(parsed.operands().stream().map(Path::of).toList()), epsilon);
            if (out.isPresent()) {
                ComparisonFiles.write(comparison, out.get());
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new CommandFailedException(e.getMessage(), e);
        }
        console.out().print(parsed.has("--json") ? ComparisonJson.of(comparison) : ComparisonText.of(comparison));
        console.out().flush();
        return CommandLineInterface.EXIT_OK;
    }
}
