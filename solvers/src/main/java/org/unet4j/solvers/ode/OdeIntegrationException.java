package org.unet4j.solvers.ode;

import java.util.Locale;

/**
 * A solve that could not reach its final time: the step size underflowed, the step budget ran out, or a fixed step
 * left a NaN or infinite state. Carries the time reached (the start of the failing step), the step size at failure
 * and the number of step attempts made.
 */
public final class OdeIntegrationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final double time;
    private final double stepSize;
    private final int steps;

    OdeIntegrationException(String reason, double time, double stepSize, int steps) {
        super(String.format(Locale.ROOT, "%s at t = %.17g with step size h = %.3e after %d steps", reason, time,
                stepSize, steps));
        this.time = time;
        this.stepSize = stepSize;
        this.steps = steps;
    }

    /** The time the solve had reached. */
    public double time() {
        return time;
    }

    /** The step size at failure. */
    public double stepSize() {
        return stepSize;
    }

    /** Step attempts made (accepted and rejected). */
    public int steps() {
        return steps;
    }
}
