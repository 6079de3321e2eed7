package org.perturba.experiment.output;

import java.io.IOException;
import java.util.Optional;

/**
 * One attacked subject in one attack or transfer run, a row of {@code attacks.csv}: its true age,
 * the age predicted before and after the attack, the shift between them and how visible the change
 * is; {@code parametersKey} is its attack parameters' {@link AttackSummary#keyOf key}. {@link #COLUMNS} and {@link #values()} write the row, {@link #of(CsvTable.Row)} reads it back.
 *
 * @param craftedOn the model the perturbation was crafted on, for a transfer
 * @param flags the run's gradient-masking flags, separated by spaces; empty when it has none
 */
public record AttackedSubject(String model, Optional<String> craftedOn, String attack, String threatModel, String direction,
        double epsilon, String subject, double age, double cleanAge, double adversarialAge, double shift, double lInf,
        double l2, double psnrBrainDb, double ssimBrain, double psnrVolumeDb, double ssimVolume, double epsilonOverNoise,
        String parametersKey, String flags) {

    public static final String[] COLUMNS = { "model", "crafted_on", "attack", "threat_model", "direction", "epsilon", "subject",
            "age", "clean_age", "adversarial_age", "shift", "l_inf", "l2", "psnr_brain_db", "ssim_brain", "psnr_volume_db",
            "ssim_volume", "epsilon_over_noise", "parameters_key", "flags" };

    /** The row's values, in {@link #COLUMNS} order; an epsilon with all its digits, so that no two budgets share a row key. */
    public String[] values() {
        return new String[] { model, craftedOn.orElse(""), attack, threatModel, direction, Double.toString(epsilon), subject,
                CsvTable.decimal(age, 4), CsvTable.decimal(cleanAge, 4), CsvTable.decimal(adversarialAge, 4),
                CsvTable.decimal(shift, 4), CsvTable.decimal(lInf, 6), CsvTable.decimal(l2, 6), CsvTable.decimal(psnrBrainDb, 3),
                CsvTable.decimal(ssimBrain, 6), CsvTable.decimal(psnrVolumeDb, 3), CsvTable.decimal(ssimVolume, 6),
                CsvTable.decimal(epsilonOverNoise, 4), parametersKey, flags };
    }

    public static AttackedSubject of(CsvTable.Row row) throws IOException {
        String craftedOn = row.text("crafted_on");
        return new AttackedSubject(row.text("model"), craftedOn.isEmpty() ? Optional.empty() : Optional.of(craftedOn),
                row.text("attack"), row.text("threat_model"), row.text("direction"), row.number("epsilon"), row.text("subject"),
                row.number("age"), row.number("clean_age"), row.number("adversarial_age"), row.number("shift"),
                row.number("l_inf"), row.number("l2"), row.number("psnr_brain_db"), row.number("ssim_brain"), row.number("psnr_volume_db"),
                row.number("ssim_volume"), row.number("epsilon_over_noise"), row.text("parameters_key"),
                row.text("flags"));
    }

    /** Whether this row belongs to the run {@code cell} (same model, source, attack, parameters, direction and budget). */
    public boolean belongsTo(AttackSummary cell) {
        return model.equals(cell.model()) && craftedOn.equals(cell.craftedOn()) && attack.equals(cell.attack())
                && parametersKey.equals(cell.parametersKey()) && direction.equals(cell.direction()) && Double.compare(epsilon, cell.epsilon()) == 0;
    }
}
