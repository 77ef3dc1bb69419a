package org.unet4j.solvers.ode;

/**
 * A method whose step depends on (t, y, h) alone, with no history from earlier steps: the Runge-Kutta family.
 * Such a solve can be replayed from any stored state, which the checkpointed gradient mode relies on.
 */
interface OneStepMethod {
    /** One step from (t, y) by h; {@code firstSlope} is f(t, y) if already known, else null. */
    <S> RungeKuttaStep<S> step(OdeSystem<S> f, StateSpace<S> space, double t, double h, S y, S firstSlope);
}
