package org.perturba.ui.tests;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.eclipse.swt.custom.ScrolledComposite;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.Test;
import org.perturba.ui.experiment.ExperimentView;

/** The Experiment view's form fits the view's width at the window's default size: it scrolls down, never sideways. */
class ExperimentFormLayoutTest {

    @Test
    void theFormFitsTheViewWidthAtTheDefaultWindowSize() throws Exception {
        IWorkbenchWindow window = PlatformUI.getWorkbench().getActiveWorkbenchWindow();
        Shell shell = window.getShell();
        Point before = shell.getSize();
        shell.setSize(1200, 800); // the size a new window opens at
        try {
            ExperimentView view = (ExperimentView) window.getActivePage().showView(ExperimentView.ID, null,
                    IWorkbenchPage.VIEW_ACTIVATE);
            for (String attack : new String[] { "pgd-linf", "universal", "fgsm" }) {
                view.selectAttack(attack);
                Screenshots.settle(shell.getDisplay());
                ScrolledComposite area = view.formArea();
                assertNull(area.getHorizontalBar(), "the form has no horizontal scroll bar");
                Rectangle visible = shell.getDisplay().map(area, null, area.getClientArea());
                assertTrue(visible.width > 100, "the view is " + visible.width + " pixels wide");
                assertWithin(area.getContent(), visible.x + visible.width, attack);
            }
            Screenshots.save(shell, "experiment-view-default-size");
        } finally {
            shell.setSize(before);
        }
    }

    /** Every visible control ends left of {@code right} (display coordinates). */
    private static void assertWithin(Control control, int right, String attack) {
        if (!control.isVisible()) {
            return;
        }
        Rectangle bounds = control.getDisplay().map(control.getParent(), null, control.getBounds());
        assertTrue(bounds.x + bounds.width <= right, attack + ": " + control + " ends at " + (bounds.x + bounds.width)
                + ", right of the view's edge at " + right);
        if (control instanceof Composite composite) {
            for (Control child : composite.getChildren()) {
                assertWithin(child, right, attack);
            }
        }
    }
}
