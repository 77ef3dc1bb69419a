package org.unet4j.solvers.ode;

import java.util.Optional;

/** Base of the fixed-step explicit Runge-Kutta methods: each subclass supplies its {@link ButcherTableau}. */
abstract class ExplicitRungeKuttaMethod extends FixedStepMethod implements OneStepMethod {
    private final ButcherTableau tableau;

    ExplicitRungeKuttaMethod(ButcherTableau tableau) {
        this.tableau = tableau;
    }

    @Override
    public final Optional<ButcherTableau> tableau() {
        return Optional.of(tableau);
    }

    @Override
    final <S> Stepper<S> stepper(OdeSystem<S> f, StateSpace<S> space) {
        return (t, h, y) -> tableau.step(f, space, t, h, y, null).end();
    }

    @Override
    public final <S> RungeKuttaStep<S> step(OdeSystem<S> f, StateSpace<S> space, double t, double h, S y,
            S firstSlope) {
        return tableau.step(f, space, t, h, y, firstSlope);
    }
}
