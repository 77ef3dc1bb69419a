package org.unet4j.experiments.stats;

import java.util.Arrays;
import java.util.Locale;

import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.stat.descriptive.SummaryStatistics;

/**
 * A metric summarised over the seeds of one configuration: n, the mean, the sample standard deviation
 * s = sqrt(sum (x_i - mean)^2 / (n - 1)) and the two-sided 95 % confidence interval of the mean from Student's t,
 * mean +- t_{0.975, n-1} s / sqrt(n). With one seed the deviation and the interval are undefined (NaN, printed
 * "n/a"), never zero.
 *
 * @param n      the number of seeds
 * @param mean   the mean over the seeds
 * @param sd     the sample standard deviation (n - 1 in the denominator); NaN when n = 1
 * @param ciLow  the lower end of the 95 % interval of the mean; NaN when n = 1
 * @param ciHigh the upper end; NaN when n = 1
 */
public record SeedSummary(int n, double mean, double sd, double ciLow, double ciHigh) {
    /** The confidence level of {@link #ciLow()} and {@link #ciHigh()}. */
    public static final double CONFIDENCE = 0.95;

    /** Summarises {@code values}, one per seed; they must be finite and there must be at least one. */
    public static SeedSummary of(double... values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("a summary over seeds needs at least one value");
        }
        if (Arrays.stream(values).anyMatch(v -> !Double.isFinite(v))) {
            throw new IllegalArgumentException("a summary over seeds needs finite values, got "
                    + Arrays.toString(values));
        }
        SummaryStatistics stats = new SummaryStatistics();
        Arrays.stream(values).forEach(stats::addValue);
        int n = values.length;
        if (n == 1) {
            return new SeedSummary(1, stats.getMean(), Double.NaN, Double.NaN, Double.NaN);
        }
        double sd = stats.getStandardDeviation();
        double half = tQuantile(n - 1) * sd / Math.sqrt(n);
        return new SeedSummary(n, stats.getMean(), sd, stats.getMean() - half, stats.getMean() + half);
    }

    /** t_{0.975, dof}, the quantile of Student's t that a two-sided 95 % interval uses. */
    public static double tQuantile(int degreesOfFreedom) {
        return new TDistribution(null, degreesOfFreedom).inverseCumulativeProbability(0.5 + CONFIDENCE / 2);
    }

    /** Half the width of the confidence interval; NaN when n = 1. */
    public double halfWidth() {
        return (ciHigh - ciLow) / 2;
    }

    /** {@code 0.9120 ± 0.0100}: mean and standard deviation with {@code decimals} digits. */
    public String meanSd(int decimals) {
        return number(mean, decimals) + " ± " + number(sd, decimals);
    }

    /** {@code [0.8996, 0.9244]}: the confidence interval with {@code decimals} digits. */
    public String interval(int decimals) {
        return "[" + number(ciLow, decimals) + ", " + number(ciHigh, decimals) + "]";
    }

    private static String number(double value, int decimals) {
        return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%." + decimals + "f", value);
    }

    /** {@code 0.9120 ± 0.0100 (n = 5, 95 % CI [0.8996, 0.9244])}. */
    @Override
    public String toString() {
        return meanSd(4) + " (n = " + n + ", 95 % CI " + interval(4) + ")";
    }
}
