package org.perturba.ui.preferences;

import org.eclipse.jface.preference.ComboFieldEditor;
import org.eclipse.jface.preference.FieldEditorPreferencePage;
import org.eclipse.jface.preference.IntegerFieldEditor;
import org.eclipse.jface.preference.StringFieldEditor;
import org.eclipse.ui.IWorkbench;
import org.eclipse.ui.IWorkbenchPreferencePage;

/** Window > Preferences > Perturba: compute backend, threads and the default ε sweep. */
public final class PerturbaPreferencePage extends FieldEditorPreferencePage implements IWorkbenchPreferencePage {

    public PerturbaPreferencePage() {
        super(GRID);
        setPreferenceStore(PerturbaPreferences.store());
        setDescription("The backend and threads take effect the next time Perturba starts "
                + "(ND4J chooses them once per process).");
    }

    @Override
    public void init(IWorkbench workbench) {
        // the store is set in the constructor
    }

    @Override
    protected void createFieldEditors() {
        addField(new ComboFieldEditor(PerturbaPreferences.BACKEND, "Compute &backend:",
                new String[][] { { "CPU (oneDNN)", "cpu" }, { "CUDA (needs a -Pcuda build)", "cuda" } }, getFieldEditorParent()));
        IntegerFieldEditor threads = new IntegerFieldEditor(PerturbaPreferences.THREADS, "&Threads (0 = all cores):",
                getFieldEditorParent());
        threads.setValidRange(0, 1024);
        addField(threads);
        addField(new StringFieldEditor(PerturbaPreferences.EPSILONS, "Default &ε sweep:", getFieldEditorParent()) {
            @Override
            protected boolean doCheckState() {
                try {
                    org.perturba.ui.experiment.ExperimentDraft.parseEpsilons(getStringValue());
                    return true;
                } catch (org.perturba.experiment.spec.InvalidExperimentException e) {
                    setErrorMessage(e.getMessage());
                    return false;
                }
            }
        });
    }
}
