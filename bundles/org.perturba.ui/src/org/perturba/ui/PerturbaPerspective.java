package org.perturba.ui;

import org.eclipse.ui.IPageLayout;
import org.eclipse.ui.IPerspectiveFactory;

/** The Perturba perspective. Views for volumes, attacks and results will be laid out here. */
public final class PerturbaPerspective implements IPerspectiveFactory {
    public static final String ID = "org.perturba.ui.perspective";

    @Override
    public void createInitialLayout(IPageLayout layout) {
        layout.setEditorAreaVisible(false);
    }
}
