package org.unet4j.experiments.output;

/**
 * A significance test of paired samples: the p-value of the null hypothesis that {@code first[i] - second[i]} is
 * centred on zero, {@code i} running over seeds (the same data split and initial weights per seed for both methods).
 * Implementations live with the seed sweeps (a paired t-test, Wilcoxon's signed-rank test); a precomputed p-value is
 * {@link #precomputed}.
 */
@FunctionalInterface
public interface PairedTest {
    /** The two-sided p-value of the paired samples {@code first} and {@code second} (equal lengths, one per seed). */
    double pValue(double[] first, double[] second);

    /** A test that answers {@code p} for every pair: for p-values computed elsewhere. */
    static PairedTest precomputed(double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("a p-value lies in [0, 1], got " + p);
        }
        return (first, second) -> p;
    }
}
