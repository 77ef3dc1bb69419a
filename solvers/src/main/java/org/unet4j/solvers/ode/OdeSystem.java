package org.unet4j.solvers.ode;

/**
 * The right-hand side of a first-order system dy/dt = f(t, y), for a state of type {@code S} (a {@code double[]},
 * a {@code Tensor}, a list of tensors...). Implementations return a new state and leave {@code y} untouched.
 *
 * @param <S> the state type
 */
@FunctionalInterface
public interface OdeSystem<S> {
    /** f(t, y). */
    S derivative(double t, S y);
}
