package org.perturba.app;

import java.util.List;
import java.util.Map;

import org.perturba.experiment.RuntimeEnvironment;
import org.perturba.experiment.json.Json;

/** {@code perturba version}: Perturba, Java, machine and ND4J backend in use. */
final class VersionCommand implements Command {
    private final String perturbaVersion;

    VersionCommand(String perturbaVersion) {
        this.perturbaVersion = perturbaVersion;
    }

    @Override
    public String name() {
        return "version";
    }

    @Override
    public String synopsis() {
        return "[--json]";
    }

    @Override
    public String summary() {
        return "show the versions, the machine and the ND4J backend in use";
    }

    @Override
    public int run(List<String> arguments, Console console) throws UsageException, CommandFailedException {
        boolean json = Arguments.of(name()).flag("--json").parse(arguments).has("--json");
        Map<String, Object> facts;
        try {
            facts = RuntimeEnvironment.describe(perturbaVersion, true);
        } catch (RuntimeException | LinkageError e) {
            throw new CommandFailedException("the ND4J backend did not load: " + e.getMessage(), e);
        }
        if (json) {
            console.out().println(Json.writePretty(facts));
        } else {
            facts.forEach((key, value) -> console.out().printf("%-12s %s%n", key, value));
        }
        return 0;
    }
}
