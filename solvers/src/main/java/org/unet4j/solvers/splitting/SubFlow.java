package org.unet4j.solvers.splitting;

/**
 * One sub-problem of a splitting: the flow of a single operator with its share of the source,
 * {@code du/dt = f_s(t, u)}, for a linear operator {@code f_s(t, u) = -A_s u + s_s(t)}. A sub-flow advances a
 * state over one time step by any method, explicit or implicit, exact or approximate.
 *
 * <p>The {@code scale} argument speeds the flow up: {@code advance(u, t, dt, c)} advances u over
 * {@code [t, t + dt]} under {@code du/dt = c f_s(t, u)}. Sequential schemes use {@code c = 1}; the parallel
 * (additive) schemes run each of S sub-problems with {@code c = S} and average.
 */
@FunctionalInterface
public interface SubFlow {
    /** Advances {@code u} in place from t to {@code t + dt} under {@code du/dt = scale * f_s(t, u)}. */
    void advance(double[] u, double t, double dt, double scale);

    /** Advances {@code u} in place from t to {@code t + dt} under {@code du/dt = f_s(t, u)}. */
    default void advance(double[] u, double t, double dt) {
        advance(u, t, dt, 1);
    }
}
