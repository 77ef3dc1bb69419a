package org.unet4j.solvers.ode;

import java.util.List;

/**
 * Base of the two-step Adams methods. Step n (n &gt;= 1) sees the slopes f_n = f(t_n, y_n) and f_{n-1} and the
 * ratio omega = h_n / h_{n-1} of the current to the previous step; the first step, which has no previous slope, is
 * taken with the classical RK4 method, whose local error O(h^5) keeps the start from spoiling the order.
 *
 * <p>The explicit two-step Adams-Bashforth predictor for possibly unequal steps,
 * <pre>
 *   y_{n+1} = y_n + h_n ((1 + omega/2) f_n - (omega/2) f_{n-1}),
 * </pre>
 * is 3/2 f_n - 1/2 f_{n-1} for equal steps.
 */
abstract class AdamsMethod extends FixedStepMethod {
    private static final ClassicalRungeKutta STARTER = new ClassicalRungeKutta();

    /** The state at t + h from y at t, its slope {@code slope}, and the previous step's slope. */
    abstract <S> S advance(OdeSystem<S> f, StateSpace<S> space, double t, double h, S y, S slope, S previousSlope,
            double omega);

    /** The Adams-Bashforth two-step value, the explicit step and the predictor of the implicit one. */
    static <S> S bashforth(StateSpace<S> space, double h, S y, S slope, S previousSlope, double omega) {
        return space.addScaled(y, h, new double[] {1 + omega / 2, -omega / 2}, List.of(slope, previousSlope));
    }

    @Override
    final <S> Stepper<S> stepper(OdeSystem<S> f, StateSpace<S> space) {
        return new Stepper<>() {
            private S previousSlope;
            private double previousH;

            @Override
            public S advance(double t, double h, S y) {
                S next;
                S slope;
                if (previousSlope == null) {
                    RungeKuttaStep<S> start = STARTER.step(f, space, t, h, y, null);
                    slope = start.slopes().get(0);
                    next = start.end();
                } else {
                    slope = f.derivative(t, y);
                    next = AdamsMethod.this.advance(f, space, t, h, y, slope, previousSlope, h / previousH);
                }
                previousSlope = slope;
                previousH = h;
                return next;
            }
        };
    }
}
