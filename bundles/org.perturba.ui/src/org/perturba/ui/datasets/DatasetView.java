package org.perturba.ui.datasets;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.DirectoryDialog;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.ui.part.ViewPart;
import org.perturba.anatomy.dataset.BidsDataset;
import org.perturba.anatomy.dataset.DatasetException;
import org.perturba.anatomy.dataset.Participant;
import org.perturba.ui.Errors;
import org.perturba.ui.actions.OpenVolumeAction;
import org.perturba.ui.viewer.VolumeEditorInput;

/** The subjects of a BIDS-like dataset with their true ages; double-click opens one in the viewer. */
public final class DatasetView extends ViewPart {
    public static final String ID = "org.perturba.ui.datasetView";
    private Label title;
    private Table table;
    private final List<Participant> participants = new ArrayList<>();

    @Override
    public void createPartControl(Composite parent) {
        GridLayoutFactory.fillDefaults().numColumns(2).applyTo(parent);
        title = new Label(parent, SWT.NONE);
        title.setText("No dataset open");
        GridDataFactory.fillDefaults().grab(true, false).align(SWT.FILL, SWT.CENTER).applyTo(title);
        Button open = new Button(parent, SWT.PUSH);
        open.setText("Open…");
        open.setToolTipText("Open a BIDS-like dataset folder (participants.tsv, sub-*/anat/)");
        open.addListener(SWT.Selection, event -> {
            DirectoryDialog dialog = new DirectoryDialog(getSite().getShell());
            dialog.setMessage("Choose a dataset folder (it holds participants.tsv)");
            String folder = dialog.open();
            if (folder != null) {
                try {
                    open(Path.of(folder));
                } catch (DatasetException | RuntimeException e) {
                    Errors.show(getSite().getShell(), "Cannot open the dataset", e);
                }
            }
        });
        table = new Table(parent, SWT.BORDER | SWT.FULL_SELECTION | SWT.SINGLE | SWT.V_SCROLL);
        GridDataFactory.fillDefaults().grab(true, true).span(2, 1).applyTo(table);
        table.setHeaderVisible(true);
        table.setLinesVisible(true);
        for (String name : new String[] { "Subject", "Age", "Sex", "Labels" }) {
            TableColumn column = new TableColumn(table, SWT.LEFT);
            column.setText(name);
            column.setWidth(90);
        }
        table.setToolTipText("Double-click a subject to view its T1w image (with its labels)");
        table.addListener(SWT.DefaultSelection, event -> openSelected());
    }

    /** Lists a dataset's participants. */
    public void open(Path root) throws DatasetException {
        BidsDataset dataset = BidsDataset.open(root);
        participants.clear();
        participants.addAll(dataset.participants());
        table.removeAll();
        for (Participant participant : participants) {
            new TableItem(table, SWT.NONE).setText(new String[] { participant.subject(),
                String.format(Locale.ROOT, "%.1f", participant.age()), participant.sex() == null ? "" : participant.sex(),
                participant.dseg().isPresent() ? "yes" : "" });
        }
        title.setText(participants.size() + " subjects  —  " + root);
    }

    public Table table() {
        return table;
    }

    /** Opens the selected subject's T1w image, with its segmentation when it has one. */
    public void openSelected() {
        int index = table.getSelectionIndex();
        if (index < 0) {
            return;
        }
        Participant participant = participants.get(index);
        OpenVolumeAction.open(getSite().getWorkbenchWindow(),
                new VolumeEditorInput(participant.t1w(), java.util.Optional.empty(), participant.dseg()));
    }

    @Override
    public void setFocus() {
        table.setFocus();
    }
}
