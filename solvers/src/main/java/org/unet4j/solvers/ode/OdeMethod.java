package org.unet4j.solvers.ode;

import java.util.List;
import java.util.Optional;

/**
 * An integration method: a name in the {@linkplain OdeMethods table}, its order, the options it takes, and the
 * integration loop. The loops live in two abstract bases written once, {@link FixedStepMethod} (a grid of equal
 * steps per output interval) and the adaptive {@link DormandPrince5}; each concrete method only supplies its
 * coefficients.
 */
public abstract class OdeMethod {
    OdeMethod() {
    }

    /** The name in the table ("rk4"). */
    public abstract String name();

    /** The order p of the global error O(h^p). */
    public abstract int order();

    /** The Butcher tableau of a Runge-Kutta method; empty for the multistep methods. */
    public Optional<ButcherTableau> tableau() {
        return Optional.empty();
    }

    /** Names of the {@link OdeOptions} settings this method takes, for the message that refuses another one. */
    abstract List<String> acceptedOptions();

    /**
     * Integrates from {@code times[0]} through every later time, reporting accepted steps and where each output
     * falls to {@code observer}. The options have been validated against {@code times}.
     */
    abstract <S> OdeSolution<S> integrate(OdeSystem<S> f, S y0, double[] times, StateSpace<S> space,
            OdeOptions options, StepObserver<S> observer);

    @Override
    public String toString() {
        return name();
    }
}
