package org.perturba.experiment.output;

import java.io.IOException;

/**
 * One test subject's true and predicted age under one model, a row of {@code predictions.csv}.
 * {@link #COLUMNS} and {@link #values()} write the row, {@link #of(CsvTable.Row)} reads it back.
 */
public record Prediction(String model, String subject, double age, double predictedAge) {
    public static final String[] COLUMNS = { "model", "subject", "age", "predicted_age" };

    public String[] values() {
        return new String[] { model, subject, CsvTable.decimal(age, 4), CsvTable.decimal(predictedAge, 4) };
    }

    public static Prediction of(CsvTable.Row row) throws IOException {
        return new Prediction(row.text("model"), row.text("subject"), row.number("age"), row.number("predicted_age"));
    }
}
