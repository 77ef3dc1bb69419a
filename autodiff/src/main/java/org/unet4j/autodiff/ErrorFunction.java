package org.unet4j.autodiff;

/**
 * The error function {@code erf x = 2 / sqrt(pi) int_0^x e^(-t^2) dt} in float64 (Java has none), within a few ulps
 * of 1 on the whole line. For {@code |x| < 2.5} the series with positive terms
 * {@code erf x = 2 / sqrt(pi) e^(-x^2) sum_n 2^n x^(2n+1) / (1 3 5 ... (2n+1))} (Abramowitz and Stegun 7.1.6), which
 * has no cancellation; beyond, {@code erf x = sign(x) (1 - erfc |x|)} with Laplace's continued fraction
 * {@code erfc x = e^(-x^2) / sqrt(pi) / (x + (1/2) / (x + 1 / (x + (3/2) / (x + ...))))} (A&amp;S 7.1.14), evaluated
 * from its 40th term backwards.
 */
public final class ErrorFunction {
    private static final double TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);
    private static final double SQRT_PI = Math.sqrt(Math.PI);
    private static final double SERIES_LIMIT = 2.5;
    private static final int FRACTION_TERMS = 40;
    /** 1 / (2n + 3), so that the series multiplies instead of dividing. */
    private static final double[] SERIES_FACTORS = new double[80];

    static {
        for (int n = 0; n < SERIES_FACTORS.length; n++) {
            SERIES_FACTORS[n] = 1.0 / (2 * n + 3);
        }
    }

    private ErrorFunction() {
    }

    /** erf x; NaN for NaN, +-1 for +-infinity. */
    public static double erf(double x) {
        if (Double.isNaN(x)) {
            return x;
        }
        double ax = Math.abs(x);
        if (ax < SERIES_LIMIT) {
            double twoX2 = 2 * x * x;
            double term = x;
            double sum = x;
            for (int n = 0; Math.abs(term) > 1e-17 * Math.abs(sum); n++) {
                term *= twoX2 * SERIES_FACTORS[n];
                sum += term;
            }
            return TWO_OVER_SQRT_PI * Math.exp(-x * x) * sum;
        }
        if (Double.isInfinite(ax)) {
            return Math.signum(x);
        }
        double t = ax;
        for (int n = FRACTION_TERMS; n >= 1; n--) {
            t = ax + 0.5 * n / t;
        }
        double erfc = Math.exp(-ax * ax) / (SQRT_PI * t);
        return Math.copySign(1 - erfc, x);
    }
}
