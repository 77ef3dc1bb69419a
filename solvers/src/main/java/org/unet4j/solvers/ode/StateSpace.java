package org.unet4j.solvers.ode;

import java.util.List;
import org.unet4j.autodiff.Tensor;

/**
 * The vector-space operations an integrator needs on a state of type {@code S}; every method is written once over
 * this interface. A Runge-Kutta stage, a step, a multistep update and a dense-output value all have the form
 * {@code y + h (c_0 k_0 + c_1 k_1 + ...)}, which is {@link #addScaled}; error norms read the components through
 * {@link #toDoubles}.
 *
 * <p>The tensor spaces build their results from differentiable tensor ops, so a solve run with taping on records
 * itself on the tape (backpropagation through the solver).
 *
 * @param <S> the state type
 */
public interface StateSpace<S> {
    /** {@code double[]} states, combined in plain float64 loops. */
    StateSpace<double[]> DOUBLE_ARRAY = new DoubleArraySpace();

    /** Tensor states of any shape and dtype. */
    StateSpace<Tensor> TENSOR = new TensorSpace();

    /** Lists of tensors, combined component by component. */
    StateSpace<List<Tensor>> TENSOR_LIST = listOf(TENSOR);

    /**
     * {@code y + h * (c[0] k[0] + ... + c[n-1] k[n-1])} with {@code n = c.length} (further entries of {@code k} are
     * ignored). Terms whose coefficient is zero are skipped; the weighted sum is formed first, in index order, and
     * then scaled by {@code h}, as Commons Math's Runge-Kutta integrators do.
     */
    S addScaled(S y, double h, double[] c, List<S> k);

    /** The components of {@code y}, flattened into a new array. */
    double[] toDoubles(S y);

    /** Whether every component of {@code y} is finite (no NaN, no infinity). */
    default boolean allFinite(S y) {
        for (double v : toDoubles(y)) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code a} and {@code b} have the same shape, as a state and its derivative must. */
    default boolean sameShape(S a, S b) {
        return toDoubles(a).length == toDoubles(b).length;
    }

    /** The shape of {@code y} for messages: "length 3", "shape [2, 3]". */
    default String shapeOf(S y) {
        return "length " + toDoubles(y).length;
    }

    /** States that are lists of {@code element} states of fixed length, combined component by component. */
    static <S> StateSpace<List<S>> listOf(StateSpace<S> element) {
        return new ProductSpace<>(element);
    }
}
