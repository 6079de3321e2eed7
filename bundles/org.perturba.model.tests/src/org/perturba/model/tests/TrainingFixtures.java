package org.perturba.model.tests;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import org.perturba.anatomy.ContextFeatures;
import org.perturba.model.training.PreparedSubject;

/**
 * Small prepared subjects whose images and context carry their age (a brighter, larger blob for
 * older subjects, plus noise), so that training has something to learn in a few steps.
 */
final class TrainingFixtures {
    static final int[] GRID = { 16, 16, 16 };

    private TrainingFixtures() {
    }

    static List<PreparedSubject> subjects(int count, long seed, boolean withContext) {
        Random random = new Random(seed);
        List<PreparedSubject> subjects = new ArrayList<>();
        for (int s = 0; s < count; s++) {
            double age = 20 + 70 * random.nextDouble();
            double radius = 3 + 4 * (age - 20) / 70;
            float[] image = new float[GRID[0] * GRID[1] * GRID[2]];
            int index = 0;
            for (int z = 0; z < GRID[2]; z++) {
                for (int y = 0; y < GRID[1]; y++) {
                    for (int x = 0; x < GRID[0]; x++, index++) {
                        double d = Math.sqrt(Math.pow(x - 7.5, 2) + Math.pow(y - 7.5, 2) + Math.pow(z - 7.5, 2));
                        image[index] = (float) Math.min(1, Math.max(0, (d < radius ? 0.7 : 0.2) + 0.05 * random.nextGaussian()));
                    }
                }
            }
            Optional<ContextFeatures> context = withContext ? Optional.of(new ContextFeatures(List.of("blob", "noise", "ones"),
                    new double[] { radius * radius * radius, random.nextGaussian(), 1 })) : Optional.empty();
            boolean[] brain = new boolean[image.length];
            Arrays.fill(brain, true); // the whole cube stands for the brain here
            subjects.add(new PreparedSubject(String.format("%03d", s), age, image, brain, context));
        }
        return subjects;
    }
}
