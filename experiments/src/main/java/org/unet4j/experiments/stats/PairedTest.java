package org.unet4j.experiments.stats;

import java.util.Arrays;

import org.apache.commons.math3.stat.inference.TTest;
import org.apache.commons.math3.stat.inference.WilcoxonSignedRankTest;

/**
 * A two-sided test of whether two configurations differ, paired over seeds (value i of each sample comes from seed
 * i). {@link #forSeeds} picks the one the result tables use: the Wilcoxon signed-rank test from
 * {@link #WILCOXON_MIN_SEEDS} seeds on (no normality assumed), the paired t-test below that, where the exact
 * Wilcoxon test cannot reach p < 0.05 (with 5 pairs its smallest two-sided p is 2/2^5 = 0.0625).
 */
public enum PairedTest {
    /** Student's paired t-test: t = mean(d) / (sd(d) / sqrt(n)) on the differences d, n - 1 degrees of freedom. */
    PAIRED_T("paired t-test") {
        @Override
        double p(double[] a, double[] b) {
            return new TTest().pairedTTest(a, b);
        }
    },
    /**
     * The Wilcoxon signed-rank test: W = min(W+, W-), the rank sums of the positive and negative differences;
     * exact p-value up to 30 pairs, normal approximation above (as SciPy's {@code wilcoxon} with its defaults).
     */
    WILCOXON("Wilcoxon signed-rank test") {
        @Override
        double p(double[] a, double[] b) {
            return new WilcoxonSignedRankTest().wilcoxonSignedRankTest(a, b, a.length <= 30);
        }
    };

    /** From this many seeds on, {@link #forSeeds} chooses the Wilcoxon test. */
    public static final int WILCOXON_MIN_SEEDS = 6;

    private final String title;

    PairedTest(String title) {
        this.title = title;
    }

    /** The test the tables use for {@code n} paired seeds. */
    public static PairedTest forSeeds(int n) {
        return n >= WILCOXON_MIN_SEEDS ? WILCOXON : PAIRED_T;
    }

    /**
     * The two-sided p-value for "a and b have the same location", a and b paired by index. Identical samples (every
     * difference zero) give 1: there is no evidence of a difference.
     */
    public double pValue(double[] a, double[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("a paired test needs one value per seed in both samples, got "
                    + a.length + " and " + b.length);
        }
        if (a.length < 2) {
            throw new IllegalArgumentException("a paired test needs at least 2 seeds, got " + a.length);
        }
        if (Arrays.equals(a, b)) {
            return 1;
        }
        return p(a, b);
    }

    abstract double p(double[] a, double[] b);

    /** The name the tables print, e.g. "paired t-test". */
    @Override
    public String toString() {
        return title;
    }
}
