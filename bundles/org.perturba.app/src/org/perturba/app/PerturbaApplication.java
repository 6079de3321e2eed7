package org.perturba.app;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

import org.eclipse.equinox.app.IApplication;
import org.eclipse.equinox.app.IApplicationContext;
import org.osgi.framework.FrameworkUtil;
import org.perturba.core.registry.ContributionRegistry;

/** The headless {@code perturba} application: the command line of the OSGi runtime. */
public final class PerturbaApplication implements IApplication {
    private static final String COUNT_PROPERTY = "perturba.args";
    private static final String ARGUMENT_PROPERTY = "perturba.arg.";

    @Override
    public Object start(IApplicationContext context) {
        context.applicationRunning();
        String version = FrameworkUtil.getBundle(PerturbaApplication.class).getVersion().toString();
        ContributionRegistry registry = new ContributionRegistry();
        Plugins plugins = new Plugins(registry);
        ExperimentRuns experiments = new ExperimentRuns(registry, version);
        CommandLineInterface cli = new CommandLineInterface(List.of(
                new InfoCommand(),
                new ConvertCommand(),
                new CohortCommand(),
                new TrainCommand(plugins),
                new TrainSegmenterCommand(),
                new EvaluateCommand(plugins),
                new PredictCommand(plugins),
                new ConformCommand(),
                new ImportModelCommand(),
                new ValidateCommand(registry),
                new RunCommand(experiments, registry),
                new DemoCommand(experiments),
                new CompareCommand(),
                new ExtensionsCommand(registry),
                new PluginsCommand(),
                new VersionCommand(version)));
        int exitCode = cli.run(arguments(context), new Console(System.out, System.err));
        System.out.flush();
        return exitCode;
    }

    /**
     * The command line: from the system properties {@value #COUNT_PROPERTY} and {@code perturba.arg.N}
     * that the {@code perturba} script sets (the Equinox launcher swallows program arguments it knows,
     * such as {@code -data}, wherever they stand), else the program arguments (a launch from the IDE).
     */
    private static List<String> arguments(IApplicationContext context) {
        String count = System.getProperty(COUNT_PROPERTY);
        if (count == null) {
            String[] arguments = (String[]) context.getArguments().get(IApplicationContext.APPLICATION_ARGS);
            return Arrays.asList(arguments == null ? new String[0] : arguments);
        }
        return IntStream.range(0, Integer.parseInt(count)).mapToObj(i -> System.getProperty(ARGUMENT_PROPERTY + i, "")).toList();
    }

    @Override
    public void stop() {
        // Commands run to completion on the application thread; nothing to interrupt here yet.
    }
}
