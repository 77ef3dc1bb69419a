package org.unet4j.solvers.ode;

/**
 * A right-hand side that counts its evaluations, for the solve statistics, and checks at its first evaluation that
 * the derivative has the state's shape (a longer one would otherwise be cut short, a shorter one read past its end).
 */
final class CountingSystem<S> implements OdeSystem<S> {
    private final OdeSystem<S> f;
    private final StateSpace<S> space;
    private int evaluations;

    CountingSystem(OdeSystem<S> f, StateSpace<S> space) {
        this.f = f;
        this.space = space;
    }

    @Override
    public S derivative(double t, S y) {
        S dy = f.derivative(t, y);
        if (evaluations == 0) {
            if (dy == null) {
                throw new IllegalArgumentException("the right-hand side returned null at t = " + t + " for a state of "
                        + space.shapeOf(y) + "; f(t, y) must return the derivative dy/dt");
            }
            if (!space.sameShape(dy, y)) {
                throw new IllegalArgumentException("the right-hand side returned a derivative of " + space.shapeOf(dy)
                        + " for a state of " + space.shapeOf(y) + " at t = " + t + "; f(t, y) must return dy/dt with "
                        + "the state's shape, one value per component");
            }
        }
        evaluations++;
        return dy;
    }

    int evaluations() {
        return evaluations;
    }
}
