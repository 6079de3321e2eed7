package org.perturba.anatomy.cohort;

/**
 * What cohort to generate.
 *
 * @param subjects how many subjects (1 to 100000)
 * @param seed the seed every random choice derives from: the same spec gives the same files
 * @param grid voxels along each side of the cubic output grid: 32, 48 or 64
 * @param ageMin youngest age in years (uniform between ageMin and ageMax)
 * @param ageMax oldest age in years
 */
public record CohortSpec(int subjects, long seed, int grid, double ageMin, double ageMax) {
    public static final int[] GRIDS = { 32, 48, 64 };
    public static final double DEFAULT_AGE_MIN = 20;
    public static final double DEFAULT_AGE_MAX = 90;

    public CohortSpec {
        if (subjects < 1 || subjects > 100_000) {
            throw new IllegalArgumentException("subjects must be between 1 and 100000, not " + subjects);
        }
        if (grid != 32 && grid != 48 && grid != 64) {
            throw new IllegalArgumentException("grid must be 32, 48 or 64, not " + grid);
        }
        if (!(ageMin >= 18 && ageMin <= ageMax && ageMax <= 100)) {
            throw new IllegalArgumentException("ages must satisfy 18 <= age-min <= age-max <= 100, got " + ageMin
                    + " and " + ageMax);
        }
    }
}
