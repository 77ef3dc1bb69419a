package org.unet4j.experiments.stats;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Whether the best configuration of a metric is significantly better than the runner-up: the two with the best
 * means are compared paired over seeds with {@link PairedTest#forSeeds}, two-sided at level {@code alpha}. A table
 * bolds the best value only when this says so.
 *
 * @param best        the configuration with the best mean
 * @param runnerUp    the one with the second-best mean
 * @param test        the paired test used
 * @param pValue      its two-sided p-value
 * @param alpha       the level
 * @param significant whether p < alpha
 */
public record SignificantBest(String best, String runnerUp, PairedTest test, double pValue, double alpha,
        boolean significant) {
    /** The level the result tables use. */
    public static final double ALPHA = 0.05;

    /**
     * Decides for {@code samples} (configuration to its values, index i from seed i in every one: paired), where
     * larger values are better when {@code higherIsBetter}. Needs two or more configurations with the same number
     * (2 or more) of seeds.
     */
    public static SignificantBest decide(Map<String, double[]> samples, boolean higherIsBetter, double alpha) {
        if (samples.size() < 2) {
            throw new IllegalArgumentException("a best needs two or more configurations, got " + samples.keySet());
        }
        List<Map.Entry<String, double[]>> ranked = new ArrayList<>(samples.entrySet());
        int n = ranked.get(0).getValue().length;
        for (Map.Entry<String, double[]> e : ranked) {
            if (e.getValue().length != n) {
                throw new IllegalArgumentException("paired comparison needs the same seeds in every configuration: "
                        + ranked.get(0).getKey() + " has " + n + ", " + e.getKey() + " has " + e.getValue().length);
            }
        }
        Comparator<Map.Entry<String, double[]>> byMean = Comparator.comparingDouble(e -> SeedSummary.of(
                e.getValue()).mean());
        ranked.sort(higherIsBetter ? byMean.reversed() : byMean);
        PairedTest test = PairedTest.forSeeds(n);
        double p = test.pValue(ranked.get(0).getValue(), ranked.get(1).getValue());
        return new SignificantBest(ranked.get(0).getKey(), ranked.get(1).getKey(), test, p, alpha, p < alpha);
    }

    /** {@code DB better than PLN (paired t-test, p = 0.0123 < 0.05)}. */
    @Override
    public String toString() {
        return best + (significant ? " better than " : " not significantly better than ") + runnerUp + " (" + test
                + ", p = " + String.format(Locale.ROOT, "%.4g", pValue) + (significant ? " < " : " >= ") + alpha
                + ")";
    }
}
