package org.perturba.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.eclipse.jface.preference.PreferenceDialog;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.dialogs.PreferencesUtil;
import org.junit.jupiter.api.Test;
import org.perturba.ui.experiment.ExperimentDraft;
import org.perturba.ui.preferences.PerturbaPreferencePage;
import org.perturba.ui.preferences.PerturbaPreferences;

/** Window > Preferences > Perturba opens with the backend, threads and default ε sweep. */
class PreferencesTest {

    @Test
    void thePerturbaPageShowsItsSettingsAndDefaults() throws Exception {
        assertEquals("cpu", PerturbaPreferences.store().getDefaultString(PerturbaPreferences.BACKEND));
        assertEquals(0, PerturbaPreferences.store().getDefaultInt(PerturbaPreferences.THREADS));
        assertEquals(4, ExperimentDraft.parseEpsilons(PerturbaPreferences.defaultEpsilons()).size());
        PreferenceDialog dialog = PreferencesUtil.createPreferenceDialogOn(
                PlatformUI.getWorkbench().getActiveWorkbenchWindow().getShell(), "org.perturba.ui.preferences", null, null);
        dialog.setBlockOnOpen(false);
        dialog.open();
        try {
            assertTrue(dialog.getSelectedPage() instanceof PerturbaPreferencePage, "page: " + dialog.getSelectedPage());
            Screenshots.save(dialog.getShell(), "preferences");
        } finally {
            dialog.close();
        }
    }
}
