package org.unet4j.solvers.ode;

/**
 * The explicit two-step Adams-Bashforth method (AB2), y_{n+1} = y_n + h (3/2 f_n - 1/2 f_{n-1}) (the
 * unequal-step form is in {@link AdamsMethod}), started with one RK4 step. One evaluation per step after the
 * start; global error O(h^2). Table name "ab2".
 */
final class AdamsBashforth2 extends AdamsMethod {
    @Override
    <S> S advance(OdeSystem<S> f, StateSpace<S> space, double t, double h, S y, S slope, S previousSlope,
            double omega) {
        return bashforth(space, h, y, slope, previousSlope, omega);
    }

    @Override
    public String name() {
        return "ab2";
    }

    @Override
    public int order() {
        return 2;
    }
}
