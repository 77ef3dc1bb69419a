package org.unet4j.solvers.splitting;

import java.util.function.DoubleFunction;

/**
 * A source term {@code s(t)} of {@code du/dt = -(A_1 + ... + A_S) u + s(t)}, or one sub-flow's share of it.
 * Implementations add a multiple of {@code s(t)} to a state in place, so that no vector is allocated per step.
 */
@FunctionalInterface
public interface SourceTerm {
    /** Adds {@code factor * s(t)} to {@code u}. */
    void addTo(double[] u, double t, double factor);

    /** No source: {@code s(t) = 0}. */
    static SourceTerm none() {
        return (u, t, factor) -> { };
    }

    /** A constant source {@code s(t) = s} (the vector is copied). */
    static SourceTerm constant(double[] s) {
        double[] values = s.clone();
        return (u, t, factor) -> {
            requireLength(values.length, u.length);
            for (int i = 0; i < u.length; i++) {
                u[i] += factor * values[i];
            }
        };
    }

    /** A time-dependent source given as a function returning {@code s(t)}. */
    static SourceTerm of(DoubleFunction<double[]> s) {
        return (u, t, factor) -> {
            double[] values = s.apply(t);
            requireLength(values.length, u.length);
            for (int i = 0; i < u.length; i++) {
                u[i] += factor * values[i];
            }
        };
    }

    /** This source multiplied by {@code c}; {@code s.scaled(1.0 / S)} shares s equally among S sub-flows. */
    default SourceTerm scaled(double c) {
        return (u, t, factor) -> addTo(u, t, c * factor);
    }

    private static void requireLength(int sourceLength, int stateLength) {
        if (sourceLength != stateLength) {
            throw new IllegalArgumentException("the source has length " + sourceLength + " but the state has length "
                    + stateLength);
        }
    }
}
