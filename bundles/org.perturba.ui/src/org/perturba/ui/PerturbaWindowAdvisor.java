package org.perturba.ui;

import org.eclipse.swt.graphics.Point;
import org.eclipse.ui.application.ActionBarAdvisor;
import org.eclipse.ui.application.IActionBarConfigurer;
import org.eclipse.ui.application.IWorkbenchWindowConfigurer;
import org.eclipse.ui.application.WorkbenchWindowAdvisor;

/** Title and initial size of a Perturba workbench window. */
final class PerturbaWindowAdvisor extends WorkbenchWindowAdvisor {
    static final String TITLE = "Perturba";

    PerturbaWindowAdvisor(IWorkbenchWindowConfigurer configurer) {
        super(configurer);
    }

    @Override
    public void preWindowOpen() {
        IWorkbenchWindowConfigurer configurer = getWindowConfigurer();
        configurer.setTitle(TITLE);
        configurer.setInitialSize(new Point(1200, 800));
        configurer.setShowCoolBar(false);
        configurer.setShowStatusLine(true);
        configurer.setShowProgressIndicator(true); // background reads and runs show their progress, with Cancel
        configurer.setShowMenuBar(true);
    }

    @Override
    public ActionBarAdvisor createActionBarAdvisor(IActionBarConfigurer configurer) {
        return new PerturbaActionBarAdvisor(configurer);
    }
}
