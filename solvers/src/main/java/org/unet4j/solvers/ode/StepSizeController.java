package org.unet4j.solvers.ode;

import java.util.function.DoubleFunction;

/**
 * Step-size control for an embedded Runge-Kutta pair whose higher order is q, as in Hairer, Norsett and Wanner
 * (Solving ODEs I, II.4) and Commons Math's embedded integrators.
 * <ul>
 * <li>Error ratio of a step from y_0 to y_1 with error estimate err:
 *     E = sqrt(mean_j (err_j / (atol + rtol max(|y_0j|, |y_1j|)))^2); the step is accepted when E &lt; 1.</li>
 * <li>Next step (after an acceptance or a rejection): h min(ifactor, max(dfactor, safety E^(-1/q))), its
 *     magnitude bounded by maxStep; below minStep, or below the spacing of floating-point numbers at the
 *     larger end of the time interval, the solve fails, except for a step that would reach the final time
 *     anyway.</li>
 * <li>First step (Hairer's starting-step algorithm): with sc_j = atol + rtol |y_0j|, d_0 = ||y_0 / sc||,
 *     d_1 = ||f_0 / sc||, h_0 = 0.01 d_0 / d_1 (1e-6 if either is below 1e-5), an Euler step of h_0 to estimate
 *     d_2 = ||(f_1 - f_0) / sc|| / |h_0|; then h = min(100 h_0, (0.01 / max(d_1, d_2))^(1/q)).</li>
 * </ul>
 */
final class StepSizeController {
    private final double rtol;
    private final double atol;
    private final double safety;
    private final double ifactor;
    private final double dfactor;
    private final double minStep;
    private final double maxStep;
    private final double exponent;
    private final int order;
    private final double resolution;

    /** A controller for a method of order {@code order} integrating between t0 and t1. */
    StepSizeController(AdaptiveSteps options, int order, double t0, double t1) {
        this.rtol = options.rtol();
        this.atol = options.atol();
        this.safety = options.safety();
        this.ifactor = options.ifactor();
        this.dfactor = options.dfactor();
        this.minStep = options.minStep();
        this.maxStep = options.maxStep();
        this.order = order;
        this.exponent = -1.0 / order;
        this.resolution = Math.ulp(Math.max(Math.abs(t0), Math.abs(t1)));
    }

    /** E for a step of size h from y0 to y1 whose local error is h * errorSlope (componentwise). */
    double errorRatio(double[] y0, double[] y1, double[] errorSlope, double h) {
        double sum = 0;
        for (int j = 0; j < y0.length; j++) {
            double tolerance = atol + rtol * Math.max(Math.abs(y0[j]), Math.abs(y1[j]));
            double ratio = h * errorSlope[j] / tolerance;
            sum += ratio * ratio;
        }
        double error = Math.sqrt(sum / y0.length);
        return Double.isNaN(error) ? Double.POSITIVE_INFINITY : error;
    }

    /** The factor min(ifactor, max(dfactor, safety E^(-1/q))) for the next step. */
    double factor(double error) {
        return Math.min(ifactor, Math.max(dfactor, safety * Math.pow(error, exponent)));
    }

    /**
     * The step {@code h} bounded by maxStep; a magnitude below minStep or below the resolution of the times
     * fails the solve unless {@code reachesEnd} (the step is clipped to the final time anyway).
     */
    double bounded(double h, double t, boolean reachesEnd, int steps) {
        double magnitude = Math.abs(h);
        if (!reachesEnd && (magnitude < minStep || magnitude <= resolution || t + h == t)) {
            throw new OdeIntegrationException("step size underflow (below minStep = " + minStep
                    + " or the resolution of t)", t, h, steps);
        }
        return Math.copySign(Math.min(Math.max(magnitude, minStep), maxStep), h);
    }

    /**
     * Hairer's first step from (t0, y0) with slope f0 in {@code direction} (+1 or -1); {@code slopeAfterEuler}
     * gives f(t0 + h, y0 + h f0) for a trial h. Fails when f is not finite there.
     */
    double initialStep(double t0, double[] y0, double[] f0, double direction,
            DoubleFunction<double[]> slopeAfterEuler) {
        double[] scale = new double[y0.length];
        double yNorm2 = 0;
        double fNorm2 = 0;
        for (int j = 0; j < y0.length; j++) {
            scale[j] = atol + rtol * Math.abs(y0[j]);
            yNorm2 += (y0[j] / scale[j]) * (y0[j] / scale[j]);
            fNorm2 += (f0[j] / scale[j]) * (f0[j] / scale[j]);
        }
        double h0 = yNorm2 < 1e-10 || fNorm2 < 1e-10 ? 1e-6 : 0.01 * Math.sqrt(yNorm2 / fNorm2);
        double[] f1 = slopeAfterEuler.apply(direction * h0);
        double second = 0;
        for (int j = 0; j < y0.length; j++) {
            double r = (f1[j] - f0[j]) / scale[j];
            second += r * r;
        }
        second = Math.sqrt(second) / h0;
        double largest = Math.max(Math.sqrt(fNorm2), second);
        double h1 = largest < 1e-15 ? Math.max(1e-6, 1e-3 * h0) : Math.pow(0.01 / largest, 1.0 / order);
        double h = Math.max(Math.min(100 * h0, h1), 1e-12 * Math.abs(t0));
        if (!(h > 0) || Double.isInfinite(h)) {
            throw new OdeIntegrationException("no starting step: the right-hand side is not finite near the initial "
                    + "state", t0, direction * h, 0);
        }
        return direction * Math.min(Math.max(h, minStep), maxStep);
    }
}
