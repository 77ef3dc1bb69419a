package org.unet4j.solvers.splitting;

/**
 * A time-stepping scheme for {@code du/dt = -(A_1 + ... + A_S) u + s(t)} (or, with general sub-flows,
 * {@code du/dt = f_1(t, u) + ... + f_S(t, u)}) that advances the state by solving the sub-problems one operator at
 * a time. The source enters through the sub-flows: each {@link SubFlow} carries its share {@code s_s(t)}, with
 * {@code s = s_1 + ... + s_S}; how a share is integrated (at the start, the end or both ends of a sub-step, or
 * exactly) is the sub-flow's business and is stated in its Javadoc.
 */
public interface SplittingScheme {
    /** Advances {@code u} in place by one step from t to {@code t + dt}. */
    void step(double[] u, double t, double dt);

    /**
     * Integrates from {@code (t0, u0)} to the final time {@code tEnd} with {@code steps} equal steps
     * {@code dt = (tEnd - t0) / steps}; returns the final state and leaves {@code u0} unchanged.
     */
    default double[] integrate(double[] u0, double t0, double tEnd, int steps) {
        if (steps < 1) {
            throw new IllegalArgumentException("the number of steps must be >= 1, got " + steps);
        }
        if (!Double.isFinite(t0) || !Double.isFinite(tEnd) || !(tEnd > t0)) {
            throw new IllegalArgumentException("the final time must be finite and after the start time, got t0 = "
                    + t0 + ", tEnd = " + tEnd);
        }
        double dt = (tEnd - t0) / steps;
        double[] u = u0.clone();
        for (int n = 0; n < steps; n++) {
            step(u, t0 + n * dt, dt);
        }
        return u;
    }
}
