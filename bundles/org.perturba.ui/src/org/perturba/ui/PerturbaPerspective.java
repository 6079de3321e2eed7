package org.perturba.ui;

import org.eclipse.ui.IFolderLayout;
import org.eclipse.ui.IPageLayout;
import org.eclipse.ui.IPerspectiveFactory;
import org.perturba.ui.datasets.DatasetView;
import org.perturba.ui.experiment.ExperimentView;
import org.perturba.ui.extensions.ExtensionsView;
import org.perturba.ui.results.ResultsView;

/**
 * The Perturba perspective: experiment set-up, datasets and extensions on the left, volumes in the
 * editor area, results below them.
 */
public final class PerturbaPerspective implements IPerspectiveFactory {
    public static final String ID = "org.perturba.ui.perspective";

    @Override
    public void createInitialLayout(IPageLayout layout) {
        String editors = layout.getEditorArea();
        layout.setEditorAreaVisible(true);
        IFolderLayout left = layout.createFolder("org.perturba.ui.left", IPageLayout.LEFT, 0.3f, editors);
        left.addView(ExperimentView.ID);
        left.addView(DatasetView.ID);
        left.addView(ExtensionsView.ID);
        IFolderLayout bottom = layout.createFolder("org.perturba.ui.bottom", IPageLayout.BOTTOM, 0.55f, editors);
        bottom.addView(ResultsView.ID);
        bottom.addView(IPageLayout.ID_PROGRESS_VIEW);
        for (String view : new String[] { ExperimentView.ID, DatasetView.ID, ExtensionsView.ID, ResultsView.ID,
            IPageLayout.ID_PROGRESS_VIEW }) {
            layout.addShowViewShortcut(view);
        }
    }
}
