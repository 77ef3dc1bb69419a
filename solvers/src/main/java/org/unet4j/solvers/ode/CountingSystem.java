package org.unet4j.solvers.ode;

/** A right-hand side that counts its evaluations, for the solve statistics. */
final class CountingSystem<S> implements OdeSystem<S> {
    private final OdeSystem<S> f;
    private int evaluations;

    CountingSystem(OdeSystem<S> f) {
        this.f = f;
    }

    @Override
    public S derivative(double t, S y) {
        evaluations++;
        return f.derivative(t, y);
    }

    int evaluations() {
        return evaluations;
    }
}
