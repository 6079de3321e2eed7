package org.perturba.ui;

import org.eclipse.jface.action.IMenuManager;
import org.eclipse.jface.action.MenuManager;
import org.eclipse.jface.action.Separator;
import org.eclipse.ui.IWorkbenchActionConstants;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.actions.ActionFactory;
import org.eclipse.ui.actions.ActionFactory.IWorkbenchAction;
import org.eclipse.ui.actions.ContributionItemFactory;
import org.eclipse.ui.application.ActionBarAdvisor;
import org.eclipse.ui.application.IActionBarConfigurer;
import org.perturba.ui.actions.OpenExperimentOutputAction;
import org.perturba.ui.actions.OpenVolumeAction;
import org.perturba.ui.plugins.ManagePluginsAction;

/** The main menu: File (open a volume or an experiment's output, exit), Window (views, preferences), Help (plug-ins, about). */
final class PerturbaActionBarAdvisor extends ActionBarAdvisor {
    private IWorkbenchAction quit;
    private IWorkbenchAction about;
    private IWorkbenchAction preferences;
    private IWorkbenchAction closeEditor;
    private OpenVolumeAction openVolume;
    private OpenExperimentOutputAction openOutput;
    private ManagePluginsAction plugins;
    private IWorkbenchWindow window;

    PerturbaActionBarAdvisor(IActionBarConfigurer configurer) {
        super(configurer);
    }

    @Override
    protected void makeActions(IWorkbenchWindow window) {
        this.window = window;
        quit = ActionFactory.QUIT.create(window);
        register(quit);
        about = ActionFactory.ABOUT.create(window);
        register(about);
        preferences = ActionFactory.PREFERENCES.create(window);
        register(preferences);
        closeEditor = ActionFactory.CLOSE.create(window);
        register(closeEditor);
        openVolume = new OpenVolumeAction(window);
        register(openVolume);
        openOutput = new OpenExperimentOutputAction(window);
        register(openOutput);
        plugins = new ManagePluginsAction(window);
        register(plugins);
    }

    @Override
    protected void fillMenuBar(IMenuManager menuBar) {
        MenuManager file = new MenuManager("&File", IWorkbenchActionConstants.M_FILE);
        file.add(openVolume);
        file.add(openOutput);
        file.add(closeEditor);
        file.add(new Separator());
        file.add(quit);
        menuBar.add(file);
        MenuManager windowMenu = new MenuManager("&Window", IWorkbenchActionConstants.M_WINDOW);
        MenuManager showView = new MenuManager("Show &View");
        showView.add(ContributionItemFactory.VIEWS_SHORTLIST.create(window));
        windowMenu.add(showView);
        windowMenu.add(new Separator());
        windowMenu.add(preferences);
        menuBar.add(windowMenu);
        MenuManager help = new MenuManager("&Help", IWorkbenchActionConstants.M_HELP);
        help.add(plugins);
        help.add(new Separator());
        help.add(about);
        menuBar.add(help);
    }
}
