package org.unet4j.solvers.ode;

import java.util.List;

/**
 * One Runge-Kutta step: from {@code start} at time t by h to {@code end}, with the stage slopes k_1..k_s, enough to
 * estimate its local error and to evaluate its continuous extension.
 */
record RungeKuttaStep<S>(ButcherTableau tableau, double t, double h, S start, S end, List<S> slopes) {
    /** The state at t + theta h (theta = 1 is {@link #end}), from the tableau's continuous extension. */
    S stateAt(StateSpace<S> space, double theta) {
        return tableau.interpolate(this, space, theta);
    }

    /** f at the new state when the tableau is first-same-as-last, else null. */
    S lastSlope() {
        return tableau.firstSameAsLast() ? slopes.get(slopes.size() - 1) : null;
    }
}
