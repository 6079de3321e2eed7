package org.perturba.experiment.run;

import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.perturba.experiment.output.AttackSummary;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

/**
 * Stores each finished cell in {@code cells/} as soon as it is done, so that a resumed run skips
 * it and the final summary is built from exactly the stored numbers, whether or not the run was
 * interrupted. Doubles are written with all their digits (and infinities as such) to read back
 * bit for bit. A cell is keyed by everything that makes it: model, attack, every parameter value,
 * direction, exact epsilon, the model it was crafted on and the threat model; the file holds its
 * parameters, epsilon and threat model, which a read compares, so a file can never stand for another
 * cell. A file written before a subject's outcome had all its present figures (e.g. the brain-mask
 * PSNR) counts as absent, so that its cell is computed again rather than read with zeros.
 */
final class CellFiles {
    static final String CELLS_FOLDER = "cells";
    private static final Gson GSON = new GsonBuilder().serializeSpecialFloatingPointValues().create();

    private final RunDirectory run;

    CellFiles(RunDirectory run) {
        this.run = run;
    }

    /** The file name of a cell: every part of the key, so that no two cells share one. */
    static String name(String model, String attack, Map<String, String> parameters, String direction, double epsilon,
            Optional<String> craftedOn, String threatModel) {
        return CELLS_FOLDER + "/" + model + "--" + attack + "--" + direction + "--" + exact(epsilon) + "--" + key(parameters)
                + craftedOn.map(source -> "--from-" + source).orElse("") + "--" + threatModel + ".json";
    }

    static String name(CellResult cell) {
        return name(cell.model(), cell.attack(), cell.parameters(), cell.direction(), cell.epsilon(), cell.craftedOn(),
                cell.threatModel());
    }

    static String key(Map<String, String> parameters) {
        return AttackSummary.keyOf(parameters);
    }

    /** The shortest decimal that reads back as exactly {@code value}: two budgets never share a text. */
    static String exact(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    /**
     * The stored cell, if any.
     *
     * @throws IOException when the file holds another cell (other parameters, epsilon or threat model) or no cell
     */
    Optional<CellResult> read(String name, Map<String, String> parameters, double epsilon, String threatModel)
            throws IOException {
        if (!run.exists(name)) {
            return Optional.empty();
        }
        Stored stored;
        try {
            JsonElement tree = JsonParser.parseString(run.read(name));
            if (!hasEveryOutcomeFigure(tree)) {
                return Optional.empty();
            }
            stored = GSON.fromJson(tree, Stored.class);
        } catch (JsonParseException e) {
            throw new IOException(run.resolve(name) + ": not a cell result (" + e.getMessage() + "); delete it to recompute it");
        }
        if (stored == null || stored.subjects == null || !new TreeMap<>(parameters).equals(stored.parameters)
                || Double.compare(epsilon, stored.epsilon) != 0 || !threatModel.equals(stored.threatModel)) {
            throw new IOException(run.resolve(name) + ": not the result of this cell (its attack parameters, epsilon or threat"
                    + " model differ);"
                    + " delete it to recompute it");
        }
        return Optional.of(new CellResult(stored.model, stored.attack, stored.parameters, stored.threatModel, stored.direction,
                stored.epsilon, Optional.ofNullable(stored.craftedOn), stored.subjects, Optional.ofNullable(stored.error),
                stored.alignment == null ? Double.NaN : stored.alignment));
    }

    /** Whether every stored subject has every component of today's {@link SubjectOutcome}; true when no subjects are stored. */
    private static boolean hasEveryOutcomeFigure(JsonElement tree) {
        JsonElement subjects = tree.isJsonObject() ? tree.getAsJsonObject().get("subjects") : null;
        if (subjects == null || !subjects.isJsonArray()) {
            return true; // not a cell: the checks below say so
        }
        for (JsonElement subject : subjects.getAsJsonArray()) {
            for (RecordComponent component : SubjectOutcome.class.getRecordComponents()) {
                if (!subject.isJsonObject() || !subject.getAsJsonObject().has(component.getName())) {
                    return false;
                }
            }
        }
        return true;
    }

    void write(String name, CellResult cell) throws IOException {
        Stored stored = new Stored();
        stored.model = cell.model();
        stored.attack = cell.attack();
        stored.parameters = new TreeMap<>(cell.parameters());
        stored.direction = cell.direction();
        stored.epsilon = cell.epsilon();
        stored.craftedOn = cell.craftedOn().orElse(null);
        stored.threatModel = cell.threatModel();
        stored.subjects = cell.subjects();
        stored.error = cell.error().orElse(null);
        stored.alignment = cell.alignment();
        run.write(name, GSON.toJson(stored));
    }

    /** The file form: plain fields, as gson reads them without help for {@link Optional}. */
    private static final class Stored {
        String model;
        String attack;
        TreeMap<String, String> parameters;
        String threatModel;
        String direction;
        double epsilon;
        String craftedOn;
        List<SubjectOutcome> subjects;
        String error;
        Double alignment;
    }
}
