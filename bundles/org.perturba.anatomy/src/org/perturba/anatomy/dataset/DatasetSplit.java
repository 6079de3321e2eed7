package org.perturba.anatomy.dataset;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Participants divided into training, validation and test sets, reproducibly: a participant's set
 * depends only on its id and the seed, never on file order, so a split can be rebuilt from the seed
 * alone and published results stay comparable. Participants are ordered by a seeded 64-bit hash of
 * their id (SplitMix64 over the id's UTF-8 bytes) and the order is cut by the fractions; adding a
 * participant moves each cut by at most one place, so at most two others change set.
 *
 * @param train the training participants, in hash order (a seeded shuffle)
 * @param validation the validation participants, in hash order
 * @param test the test participants, in hash order
 */
public record DatasetSplit(List<Participant> train, List<Participant> validation, List<Participant> test) {
    public static final double DEFAULT_TRAIN = 0.7;
    public static final double DEFAULT_VALIDATION = 0.15;
    public static final double DEFAULT_TEST = 0.15;

    private static final double FRACTION_SUM_TOLERANCE = 1e-9;

    public DatasetSplit {
        train = List.copyOf(train);
        validation = List.copyOf(validation);
        test = List.copyOf(test);
    }

    /** The split with the default fractions, 0.7 / 0.15 / 0.15. */
    public static DatasetSplit of(Collection<Participant> participants, long seed) {
        return of(participants, DEFAULT_TRAIN, DEFAULT_VALIDATION, DEFAULT_TEST, seed);
    }

    /**
     * Splits participants by the given fractions, which must be finite, non-negative and sum to 1.
     * Set sizes are the fractions of the count rounded half up at the cumulative cuts, so they sum
     * to the count exactly.
     *
     * @throws IllegalArgumentException for bad fractions or when two participants share an id
     */
    public static DatasetSplit of(Collection<Participant> participants, double train, double validation, double test,
            long seed) {
        for (double fraction : new double[] { train, validation, test }) {
            if (!(fraction >= 0) || !Double.isFinite(fraction)) {
                throw new IllegalArgumentException("split fractions must be finite and non-negative, not " + train
                        + " / " + validation + " / " + test);
            }
        }
        if (Math.abs(train + validation + test - 1) > FRACTION_SUM_TOLERANCE) {
            throw new IllegalArgumentException("split fractions must sum to 1, not " + train + " + " + validation + " + "
                    + test + " = " + (train + validation + test));
        }
        Set<String> ids = new HashSet<>();
        for (Participant participant : participants) {
            if (!ids.add(participant.id())) {
                throw new IllegalArgumentException("participant '" + participant.subject() + "' appears twice");
            }
        }
        List<Participant> ordered = participants.stream()
                .sorted(Comparator.comparing((Participant p) -> hash(seed, p.id()), Long::compareUnsigned)
                        .thenComparing(Participant::id))
                .toList();
        int count = ordered.size();
        int trainEnd = cut(count, train);
        int validationEnd = Math.max(trainEnd, cut(count, train + validation));
        return new DatasetSplit(ordered.subList(0, trainEnd), ordered.subList(trainEnd, validationEnd),
                ordered.subList(validationEnd, count));
    }

    /**
     * This split, when each set holds a subject: a model is trained, stopped early and measured on
     * three disjoint sets. One rule for every command that trains.
     *
     * @param dataset the dataset the participants came from, named in the error
     * @throws DatasetException when a set is empty
     */
    public DatasetSplit requireEverySet(Path dataset) throws DatasetException {
        if (train.isEmpty() || validation.isEmpty() || test.isEmpty()) {
            throw new DatasetException(dataset + ": " + (train.size() + validation.size() + test.size())
                    + " subjects are too few for training, validation and test splits");
        }
        return this;
    }

    /** The index where the first {@code fraction} of {@code count} items ends, rounded half up. */
    private static int cut(int count, double fraction) {
        return (int) Math.min(count, Math.floor(count * fraction + 0.5 + FRACTION_SUM_TOLERANCE));
    }

    /** A seeded 64-bit hash of the id: SplitMix64's finaliser applied after mixing in each byte. */
    private static long hash(long seed, String id) {
        long state = mix(seed);
        for (byte b : id.getBytes(StandardCharsets.UTF_8)) {
            state = mix(state ^ (b & 0xff));
        }
        return state;
    }

    /** One SplitMix64 step: add the golden gamma, then the variant-13 finaliser (a bijection). */
    private static long mix(long value) {
        long z = value + 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
