package org.unet4j.solvers.ode;

/** The checks that keep a solve from passing off NaN or infinity: at the start, and after each fixed step. */
final class FiniteStates {
    private FiniteStates() {
    }

    /** Refuses an initial state with a NaN or infinite component, naming the first. */
    static <S> void requireFiniteStart(StateSpace<S> space, S y0) {
        if (!space.allFinite(y0)) {
            throw new IllegalArgumentException("the initial state is not finite (" + firstNonFinite(space, y0) + ")");
        }
    }

    /**
     * Fails the solve when the step from t by h, the {@code steps}-th, has left a NaN or infinite component: the
     * solution blew up or left the field's domain, or the step is too large for a stiff field.
     */
    static <S> void requireFiniteAfterStep(StateSpace<S> space, S y, double t, double h, int steps) {
        if (!space.allFinite(y)) {
            throw new OdeIntegrationException("the state became non-finite (" + firstNonFinite(space, y)
                    + ") in the step", t, h, steps);
        }
    }

    private static <S> String firstNonFinite(StateSpace<S> space, S y) {
        double[] values = space.toDoubles(y);
        for (int j = 0; j < values.length; j++) {
            if (!Double.isFinite(values[j])) {
                return "component " + j + " = " + values[j];
            }
        }
        return "no component read back as non-finite";
    }
}
