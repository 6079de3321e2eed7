package org.perturba.ui.experiment;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;
import org.perturba.core.registry.ParameterDescriptor;

/**
 * A form generated from an attack's declared parameters: a check box for a boolean, a drop-down for
 * a choice, a text field for a number, each with the declared default, bounds and description as
 * tool tip. A plug-in attack gets its form without any UI code.
 */
final class ParameterForm {
    private final Composite composite;
    private final Map<String, Supplier<String>> values = new LinkedHashMap<>();
    private final Map<String, Control> controls = new LinkedHashMap<>();

    ParameterForm(Composite parent) {
        composite = new Composite(parent, SWT.NONE);
        GridLayoutFactory.fillDefaults().numColumns(2).applyTo(composite);
    }

    Composite composite() {
        return composite;
    }

    /** Replaces the fields with those of another attack's parameters (the swept ones left out). */
    void show(List<ParameterDescriptor> parameters) {
        for (Control child : composite.getChildren()) {
            child.dispose();
        }
        values.clear();
        controls.clear();
        for (ParameterDescriptor parameter : parameters) {
            if (ExperimentDraft.SWEPT.contains(parameter.name())) {
                continue;
            }
            Label label = new Label(composite, SWT.NONE);
            label.setText(parameter.name());
            String tip = tip(parameter);
            label.setToolTipText(tip);
            Control control;
            switch (parameter.type()) {
            case BOOLEAN -> {
                Button check = new Button(composite, SWT.CHECK);
                check.setSelection(Boolean.parseBoolean(parameter.defaultValue()));
                values.put(parameter.name(), () -> Boolean.toString(check.getSelection()));
                control = check;
            }
            case CHOICE -> {
                Combo combo = new Combo(composite, SWT.READ_ONLY);
                combo.setItems(parameter.choices().toArray(String[]::new));
                combo.select(Math.max(0, parameter.choices().indexOf(parameter.defaultValue())));
                values.put(parameter.name(), combo::getText);
                control = combo;
            }
            default -> {
                Text text = new Text(composite, SWT.BORDER);
                text.setText(parameter.defaultValue());
                values.put(parameter.name(), text::getText);
                control = text;
            }
            }
            control.setToolTipText(tip);
            // a narrow hint: the field takes the form's width rather than widening the form to its text
            GridDataFactory.fillDefaults().grab(true, false).hint(control instanceof Button ? SWT.DEFAULT : 60, SWT.DEFAULT)
                    .applyTo(control);
            controls.put(parameter.name(), control);
        }
        composite.layout(true, true);
    }

    /** The values entered, by parameter name, as text. */
    Map<String, String> values() {
        Map<String, String> entered = new LinkedHashMap<>();
        values.forEach((name, value) -> entered.put(name, value.get()));
        return entered;
    }

    /** The field of a parameter, for tests. */
    Control control(String name) {
        return controls.get(name);
    }

    private static String tip(ParameterDescriptor parameter) {
        StringBuilder tip = new StringBuilder(parameter.type().label());
        parameter.min().ifPresent(min -> tip.append(String.format(Locale.ROOT, ", ≥ %s", number(min))));
        parameter.max().ifPresent(max -> tip.append(String.format(Locale.ROOT, ", ≤ %s", number(max))));
        tip.append(", default ").append(parameter.defaultValue());
        if (parameter.description() != null && !parameter.description().isBlank()) {
            tip.append("\n").append(parameter.description());
        }
        return tip.toString();
    }

    private static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
    }
}
