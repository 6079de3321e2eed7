package org.perturba.app;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.perturba.anatomy.dataset.DatasetException;
import org.perturba.core.registry.ContributionRegistry;
import org.perturba.experiment.run.CellResult;
import org.perturba.experiment.output.AttackSummary;
import org.perturba.experiment.output.FindingSummary;
import org.perturba.experiment.run.ContributionFailure;
import org.perturba.experiment.run.ExperimentRunner;
import org.perturba.experiment.run.Invocation;
import org.perturba.experiment.run.ModelResult;
import org.perturba.experiment.run.RunResult;
import org.perturba.experiment.spec.ExperimentSpec;
import org.perturba.experiment.spec.InvalidExperimentException;

/** What {@code run} and {@code demo} share: running an experiment with console progress and printing its short table. */
final class ExperimentRuns {
    private static final List<String> HEADINGS = List.of("model", "attack", "direction");
    private static final List<String> SWEPT = List.of("epsilon", "direction");
    private final ContributionRegistry registry;
    private final String version;

    ExperimentRuns(ContributionRegistry registry, String version) {
        this.registry = registry;
        this.version = version;
    }

    /**
     * @param command the command's name, recorded with its {@code arguments} in the run's provenance
     * @param experimentFile the experiment file the spec was read from, if any
     */
    int run(ExperimentSpec spec, Path out, boolean resume, String command, List<String> arguments, Optional<Path> experimentFile,
            Console console) throws CommandFailedException {
        List<String> commandLine = new ArrayList<>(List.of("perturba", command));
        commandLine.addAll(arguments);
        Invocation invocation = new Invocation(version, commandLine, experimentFile);
        OutputPaths.requireWritableFolder(out);
        ModelRuns.requireBackend();
        ConsoleProgress progress = new ConsoleProgress(console.err(), System.console() != null);
        long start = System.nanoTime();
        RunResult result;
        try {
            result = new ExperimentRunner(registry, progress).run(spec, out, resume, invocation);
        } catch (InvalidExperimentException | DatasetException e) {
            progress.finishLine();
            throw new CommandFailedException(e.getMessage(), e);
        } catch (IOException e) {
            progress.finishLine();
            throw new CommandFailedException(e.getMessage(), e);
        }
        progress.finishLine();
        print(result, console);
        console.out().printf(Locale.ROOT, "%nwrote %s (report.html, summary.json) in %.0f s%n", out,
                (System.nanoTime() - start) / 1e9);
        return 0;
    }

    /** Models, then the mean |shift| of every attack run at the epsilons, one row per model, attack, threat model and direction. */
    private static void print(RunResult result, Console console) {
        console.out().println();
        for (ModelResult model : result.models()) {
            console.out().printf(Locale.ROOT, "model %-14s %-13s test MAE %5.2f years%n", model.id(), "(" + model.kind() + ")",
                    model.maeYears());
        }
        List<Double> epsilons = result.cells().stream().map(CellResult::epsilon).distinct().sorted().toList();
        List<List<String>> keys = result.cells().stream().map(cell -> rowKey(cell, result.cells())).distinct().toList();
        // each column as wide as its longest entry: a transfer's label ("pgd-linf from hybrid") is long
        String layout = IntStream.range(0, 3).mapToObj(column -> "%-" + Stream.concat(Stream.of(HEADINGS.get(column)),
                keys.stream().map(key -> key.get(column))).mapToInt(String::length).max().orElseThrow() + "s")
                .collect(Collectors.joining(" "));
        StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "%n" + layout, HEADINGS.toArray()));
        epsilons.forEach(epsilon -> header.append(String.format(Locale.ROOT, " %9s", "ε=" + epsilon)));
        console.out().println(header.append("   (mean |age shift|, years)"));
        keys.forEach(key -> {
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, layout, key.toArray()));
            for (double epsilon : epsilons) {
                String value = result.cells().stream().filter(cell -> rowKey(cell, result.cells()).equals(key) && cell.epsilon() == epsilon)
                        .findFirst().map(cell -> cell.failed() ? "failed"
                                : String.format(Locale.ROOT, "%.1f", cell.meanAbsoluteShift())).orElse("–");
                row.append(String.format(Locale.ROOT, " %9s", value));
            }
            console.out().println(row);
        });
        console.out().println();
        for (ContributionFailure failure : result.failures()) {
            console.out().println("failed         " + failure.describe());
        }
        for (FindingSummary finding : result.findings()) {
            String verdict = finding.verdict().id();
            console.out().printf(Locale.ROOT, "%-14s %s: %s%n", verdict, finding.id(), finding.evidence());
        }
    }

    /**
     * The row of the table a cell belongs to: model, attack (with its threat model unless plain, and
     * its source model for a transfer), direction. Entries of one attack that differ in parameters are told apart by those values, e.g.
     * {@code pgd-linf shift-years=10}.
     */
    private static List<String> rowKey(CellResult cell, List<CellResult> cells) {
        return List.of(cell.model(), label(cell, cells), cell.direction());
    }

    private static String label(CellResult cell, List<CellResult> cells) {
        Map<String, String> own = entryParameters(cell);
        String differing = own.keySet().stream().filter(name -> cells.stream().filter(other -> other.attack().equals(cell.attack()))
                .anyMatch(other -> !own.get(name).equals(entryParameters(other).get(name))))
                .map(name -> " " + name + "=" + own.get(name)).collect(Collectors.joining());
        return cell.attack() + differing + (AttackSummary.isPlain(cell.threatModel()) ? "" : " (" + cell.threatModel() + ")")
                + cell.craftedOn().map(source -> " from " + source).orElse("");
    }

    /** The parameters an experiment's attack entry sets: all but the swept epsilon and direction. */
    private static Map<String, String> entryParameters(CellResult cell) {
        Map<String, String> parameters = new TreeMap<>(cell.parameters());
        parameters.keySet().removeAll(SWEPT);
        return parameters;
    }
}
