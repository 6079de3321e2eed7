package org.perturba.ui.results;

import java.util.List;
import java.util.Map;

import org.perturba.experiment.output.AttackSummary;
import org.perturba.experiment.output.ExperimentOutput;
import org.perturba.experiment.output.Prediction;
import org.perturba.report.chart.Chart;
import org.perturba.report.chart.LineChart;
import org.perturba.report.chart.ScatterChart;

/** The Results view's charts, built from an output folder with the report's chart classes. */
public final class ResultCharts {
    /** The charts the view offers, in tab order. */
    public enum Kind {
        SHIFT("Age shift vs ε"), PREDICTIONS("Predicted vs true age");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    private ResultCharts() {
    }

    public static Chart<?> of(Kind kind, ExperimentOutput output) {
        return kind == Kind.SHIFT ? shift(output) : predictions(output);
    }

    /** Mean predicted-age shift against epsilon: one line per model, attack and direction. */
    public static LineChart shift(ExperimentOutput output) {
        LineChart chart = new LineChart("Mean age shift vs ε: " + output.name(), "ε (fraction of intensity range)",
                "mean predicted-age shift (years)");
        for (Map.Entry<String, List<AttackSummary>> series : output.attackSeries().entrySet()) {
            List<AttackSummary> cells = series.getValue();
            chart.series(series.getKey(), cells.stream().mapToDouble(AttackSummary::epsilon).toArray(),
                    cells.stream().mapToDouble(AttackSummary::meanShiftYears).toArray());
        }
        return chart;
    }

    /** Predicted against true age of the test subjects, one series per model. */
    public static ScatterChart predictions(ExperimentOutput output) {
        ScatterChart chart = new ScatterChart("Predicted vs true age (test split)", "true age (years)", "predicted age (years)")
                .identityLine(true);
        for (Map.Entry<String, List<Prediction>> model : output.predictionsByModel().entrySet()) {
            chart.series(model.getKey(), model.getValue().stream().mapToDouble(Prediction::age).toArray(),
                    model.getValue().stream().mapToDouble(Prediction::predictedAge).toArray());
        }
        return chart;
    }
}
