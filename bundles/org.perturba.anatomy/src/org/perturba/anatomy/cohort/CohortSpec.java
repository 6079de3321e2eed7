package org.perturba.anatomy.cohort;

/**
 * What cohort to generate.
 *
 * @param subjects how many subjects ({@value #MIN_SUBJECTS} to {@value #MAX_SUBJECTS})
 * @param seed the seed every random choice derives from (0 or more): the same spec gives the same files
 * @param grid the output grid: a cube of 32, 48 or 64 voxels over the brain, or any shape, optionally
 *        with a fixed voxel size (the 2 mm study's 96x112x96)
 * @param ageMin youngest age in years (uniform between ageMin and ageMax)
 * @param ageMax oldest age in years
 */
public record CohortSpec(int subjects, long seed, CohortGrid grid, double ageMin, double ageMax) {
    /**
     * Enough for a training, a validation and a test subject at the default 70/15/15 split (7/2/1):
     * a cohort is generated to train on. The command line and experiment files share these bounds.
     */
    public static final int MIN_SUBJECTS = 10;
    public static final int MAX_SUBJECTS = 100_000;
    public static final double DEFAULT_AGE_MIN = 20;
    public static final double DEFAULT_AGE_MAX = 90;

    public CohortSpec {
        if (subjects < MIN_SUBJECTS || subjects > MAX_SUBJECTS) {
            throw new IllegalArgumentException("subjects must be between " + MIN_SUBJECTS + " and " + MAX_SUBJECTS + ", not "
                    + subjects);
        }
        if (seed < 0) {
            throw new IllegalArgumentException("seed must be 0 or more, not " + seed);
        }
        if (grid == null) {
            throw new IllegalArgumentException("a cohort needs a grid");
        }
        if (!(ageMin >= 18 && ageMin <= ageMax && ageMax <= 100)) {
            throw new IllegalArgumentException("ages must satisfy 18 <= age-min <= age-max <= 100, got " + ageMin
                    + " and " + ageMax);
        }
    }
}
