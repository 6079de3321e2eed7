package org.perturba.ui.extensions;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Tree;
import org.eclipse.swt.widgets.TreeColumn;
import org.eclipse.swt.widgets.TreeItem;
import org.eclipse.ui.part.ViewPart;
import org.perturba.core.registry.ContributionDescriptor;
import org.perturba.core.registry.ContributionKind;
import org.perturba.core.registry.ContributionProblem;
import org.perturba.core.registry.ContributionRegistry;
import org.perturba.core.registry.ParameterDescriptor;

/**
 * The installed attacks, models and context extractors with their bundles and declared parameters,
 * what each context extractor reads, and the contributions that were skipped with the reason: what
 * {@code perturba extensions} prints.
 */
public final class ExtensionsView extends ViewPart {
    public static final String ID = "org.perturba.ui.extensionsView";
    private final ContributionRegistry registry = new ContributionRegistry();
    private Tree tree;

    @Override
    public void createPartControl(Composite parent) {
        GridLayoutFactory.fillDefaults().applyTo(parent);
        tree = new Tree(parent, SWT.BORDER | SWT.FULL_SELECTION | SWT.V_SCROLL | SWT.H_SCROLL);
        GridDataFactory.fillDefaults().grab(true, true).applyTo(tree);
        tree.setHeaderVisible(true);
        for (String name : new String[] { "Id", "Name / parameter", "Bundle", "Class / description" }) {
            TreeColumn column = new TreeColumn(tree, SWT.LEFT);
            column.setText(name);
            column.setWidth(160);
        }
        Button refresh = new Button(parent, SWT.PUSH);
        refresh.setText("Refresh");
        refresh.setToolTipText("Read the extension registry again (bundles installed or removed since)");
        refresh.addListener(SWT.Selection, event -> refresh());
        refresh();
    }

    public void refresh() {
        tree.removeAll();
        for (ContributionKind kind : ContributionKind.values()) {
            TreeItem group = new TreeItem(tree, SWT.NONE);
            group.setText(new String[] { kind.label(), kind.extensionPointId(), "", "" });
            for (ContributionDescriptor descriptor : registry.descriptors(kind)) {
                TreeItem item = new TreeItem(group, SWT.NONE);
                item.setText(new String[] { descriptor.id(), descriptor.name(), descriptor.bundle(), descriptor.className() });
                descriptor.contextSource().ifPresent(source -> new TreeItem(item, SWT.NONE)
                        .setText(new String[] { "", "contextSource : " + source.label(), "", source.meaning() }));
                for (ParameterDescriptor parameter : descriptor.parameters()) {
                    TreeItem child = new TreeItem(item, SWT.NONE);
                    String bounds = parameter.choices().isEmpty() ? "" : " {" + String.join(", ", parameter.choices()) + "}";
                    child.setText(new String[] { "", parameter.name() + " : " + parameter.type().label() + " = "
                        + parameter.defaultValue() + bounds, "", parameter.description() == null ? "" : parameter.description() });
                }
            }
            for (ContributionProblem problem : registry.problems(kind)) {
                TreeItem item = new TreeItem(group, SWT.NONE);
                item.setText(new String[] { "skipped", problem.message(), problem.bundle(), "" });
                item.setForeground(tree.getDisplay().getSystemColor(SWT.COLOR_RED));
            }
            group.setExpanded(true);
            if (kind == ContributionKind.CONTEXT) {
                // whether a context is an oracle must not hide behind a click (GTK expands only under an open group)
                Arrays.stream(group.getItems()).forEach(item -> item.setExpanded(true));
            }
        }
    }

    /** The ids listed under a kind, for tests. */
    public String idsOf(ContributionKind kind) {
        return Arrays.stream(itemsOf(kind)).map(item -> item.getText(0)).collect(Collectors.joining(","));
    }

    /** The lines under one contribution (its parameters, its context source), for tests. */
    public List<String> detailsOf(ContributionKind kind, String id) {
        return Arrays.stream(itemsOf(kind)).filter(item -> item.getText(0).equals(id)).findFirst()
                .map(item -> Arrays.stream(item.getItems()).map(child -> child.getText(1)).toList()).orElse(List.of());
    }

    private TreeItem[] itemsOf(ContributionKind kind) {
        for (TreeItem group : tree.getItems()) {
            if (group.getText(0).equals(kind.label())) {
                return group.getItems();
            }
        }
        return new TreeItem[0];
    }

    @Override
    public void setFocus() {
        tree.setFocus();
    }
}
