package org.unet4j.layers.splitting;

import java.util.function.DoubleUnaryOperator;

/** Golden-section search for the minimiser of a unimodal function on an interval: the numerical reference. */
final class ScalarMinimiser {
    private static final double RATIO = (Math.sqrt(5) - 1) / 2;

    private ScalarMinimiser() {
    }

    /** The minimiser of {@code f} on {@code [lo, hi]} to within {@code tol}. */
    static double minimise(DoubleUnaryOperator f, double lo, double hi, double tol) {
        double a = lo;
        double b = hi;
        double c = b - RATIO * (b - a);
        double d = a + RATIO * (b - a);
        double fc = f.applyAsDouble(c);
        double fd = f.applyAsDouble(d);
        while (b - a > tol) {
            if (fc < fd) {
                b = d;
                d = c;
                fd = fc;
                c = b - RATIO * (b - a);
                fc = f.applyAsDouble(c);
            } else {
                a = c;
                c = d;
                fc = fd;
                d = a + RATIO * (b - a);
                fd = f.applyAsDouble(d);
            }
        }
        return (a + b) / 2;
    }
}
