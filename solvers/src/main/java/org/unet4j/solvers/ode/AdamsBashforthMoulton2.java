package org.unet4j.solvers.ode;

import java.util.List;

/**
 * The second-order Adams-Bashforth-Moulton predictor-corrector, P(EC)^m: predict with AB2,
 * <pre>
 *   y^(0)   = y_n + h (3/2 f_n - 1/2 f_{n-1}),
 * </pre>
 * then m times evaluate and correct with the implicit Adams-Moulton (trapezoidal) rule,
 * <pre>
 *   y^(j+1) = y_n + h/2 (f_n + f(t_{n+1}, y^(j))),   y_{n+1} = y^(m).
 * </pre>
 * As m grows the iterates converge (for h L/2 &lt; 1, L the Lipschitz constant) to the trapezoidal rule's
 * solution. Started with one RK4 step; m + 1 evaluations per step after the start (the last is f_{n+1}); global
 * error O(h^2) for every m &gt;= 1. The method holds m (default 1; option {@code correctorIterations} of
 * {@link OdeOptions}). Table name "abm2".
 */
final class AdamsBashforthMoulton2 extends AdamsMethod {
    private static final double[] TRAPEZOID = {0.5, 0.5};

    private final int correctorIterations;

    /** One corrector iteration, the table's entry. */
    AdamsBashforthMoulton2() {
        this(1);
    }

    private AdamsBashforthMoulton2(int correctorIterations) {
        OptionCheck.require(correctorIterations >= 1, "correctorIterations", correctorIterations, "must be >= 1");
        this.correctorIterations = correctorIterations;
    }

    /** The same method with m = {@code iterations} corrector evaluations per step. */
    AdamsBashforthMoulton2 withCorrectorIterations(int iterations) {
        return new AdamsBashforthMoulton2(iterations);
    }

    @Override
    <S> S advance(OdeSystem<S> f, StateSpace<S> space, double t, double h, S y, S slope, S previousSlope,
            double omega) {
        S next = bashforth(space, h, y, slope, previousSlope, omega);
        for (int j = 0; j < correctorIterations; j++) {
            next = space.addScaled(y, h, TRAPEZOID, List.of(slope, f.derivative(t + h, next)));
        }
        return next;
    }

    @Override
    List<String> acceptedOptions() {
        return List.of("stepSize", "steps", "correctorIterations");
    }

    @Override
    public String name() {
        return "abm2";
    }

    @Override
    public int order() {
        return 2;
    }

    /** "abm2", with the corrector iterations when not 1: "abm2(correctorIterations=2)". */
    @Override
    public String toString() {
        return correctorIterations == 1 ? name() : name() + "(correctorIterations=" + correctorIterations + ")";
    }
}
