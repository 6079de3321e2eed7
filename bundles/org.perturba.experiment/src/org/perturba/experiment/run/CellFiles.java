package org.perturba.experiment.run;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;

/**
 * Stores each finished cell in {@code cells/} as soon as it is done, so that a resumed run skips
 * it and the final summary is built from exactly the stored numbers, whether or not the run was
 * interrupted. Doubles are written with all their digits (and infinities as such) to read back
 * bit for bit.
 */
final class CellFiles {
    static final String CELLS_FOLDER = "cells";
    private static final Gson GSON = new GsonBuilder().serializeSpecialFloatingPointValues().create();

    private final RunDirectory run;

    CellFiles(RunDirectory run) {
        this.run = run;
    }

    /** The file name of a cell: every part of the key, so that no two cells share one. */
    static String name(String model, String attack, String direction, double epsilon, Optional<String> craftedOn) {
        return CELLS_FOLDER + "/" + model + "--" + attack + "--" + direction + "--" + String.format(Locale.ROOT, "%.6f", epsilon)
                + craftedOn.map(source -> "--from-" + source).orElse("") + ".json";
    }

    Optional<CellResult> read(String name) throws IOException {
        if (!run.exists(name)) {
            return Optional.empty();
        }
        try {
            Stored stored = GSON.fromJson(run.read(name), Stored.class);
            return Optional.of(new CellResult(stored.model, stored.attack, stored.threatModel, stored.direction, stored.epsilon,
                    Optional.ofNullable(stored.craftedOn), stored.subjects, Optional.ofNullable(stored.error)));
        } catch (JsonParseException | NullPointerException e) {
            throw new IOException(run.resolve(name) + ": not a cell result (" + e.getMessage() + "); delete it to recompute it");
        }
    }

    void write(String name, CellResult cell) throws IOException {
        Stored stored = new Stored();
        stored.model = cell.model();
        stored.attack = cell.attack();
        stored.direction = cell.direction();
        stored.epsilon = cell.epsilon();
        stored.craftedOn = cell.craftedOn().orElse(null);
        stored.threatModel = cell.threatModel();
        stored.subjects = cell.subjects();
        stored.error = cell.error().orElse(null);
        run.write(name, GSON.toJson(stored));
    }

    /** The file form: plain fields, as gson reads them without help for {@link Optional}. */
    private static final class Stored {
        String model;
        String attack;
        String threatModel;
        String direction;
        double epsilon;
        String craftedOn;
        List<SubjectOutcome> subjects;
        String error;
    }
}
