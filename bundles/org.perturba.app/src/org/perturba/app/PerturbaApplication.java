package org.perturba.app;

import java.util.Arrays;
import java.util.List;

import org.eclipse.equinox.app.IApplication;
import org.eclipse.equinox.app.IApplicationContext;
import org.osgi.framework.FrameworkUtil;
import org.perturba.core.registry.ContributionRegistry;

/** The headless {@code perturba} application: the command line of the OSGi runtime. */
public final class PerturbaApplication implements IApplication {

    @Override
    public Object start(IApplicationContext context) {
        String[] arguments = (String[]) context.getArguments().get(IApplicationContext.APPLICATION_ARGS);
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
                new EvaluateCommand(plugins),
                new ValidateCommand(registry),
                new RunCommand(experiments, registry),
                new DemoCommand(experiments),
                new ExtensionsCommand(registry),
                new VersionCommand(version)));
        int exitCode = cli.run(Arrays.asList(arguments == null ? new String[0] : arguments),
                new Console(System.out, System.err));
        System.out.flush();
        return exitCode;
    }

    @Override
    public void stop() {
        // Commands run to completion on the application thread; nothing to interrupt here yet.
    }
}
