package org.unet4j.solvers.ode;

import java.util.ArrayList;
import java.util.List;
import org.unet4j.autodiff.Tensor;

/**
 * An ODE of order m,
 * <pre>
 *   x^(m)(t) = F(t, x, x', ..., x^(m-1)),
 *   x(t_0), ..., x^(m-2)(t_0) given,   x^(m-1)(t_0) = g(x(t_0), ..., x^(m-2)(t_0)),
 * </pre>
 * and its reduction to a first-order system (Continuous U-Net, Proposition 1, eqs. 4-5): with
 * z = [z_1, ..., z_m] = [x, x', ..., x^(m-1)],
 * <pre>
 *   z'(t) = [z_2, ..., z_m, F(t, z_1, ..., z_m)],   z(t_0) = [x(t_0), ..., x^(m-1)(t_0)].
 * </pre>
 * The second-order case x'' = f(t, x, x'), x'(t_0) = g(x(t_0)) is the dynamic block of the Continuous U-Net, on
 * z = [x, v]. The state z is a list of m states ({@link #firstOrderSystem()}), or, for tensors, the m blocks
 * concatenated along an axis ({@link #concatenated}), the form the adjoint and checkpointed gradient modes take.
 *
 * @param <S> the state type of x
 */
public final class HigherOrderOde<S> {
    /** F(t, [x, x', ..., x^(m-1)]) = x^(m). */
    @FunctionalInterface
    public interface HighestDerivative<S> {
        S value(double t, List<S> lowerDerivatives);
    }

    /** f(t, x, v) = x'' for a second-order ODE. */
    @FunctionalInterface
    public interface Acceleration<S> {
        S value(double t, S x, S v);
    }

    /** g(x(t_0), ..., x^(m-2)(t_0)) = x^(m-1)(t_0). */
    @FunctionalInterface
    public interface InitialDerivative<S> {
        S value(List<S> lowerInitialValues);
    }

    private final int order;
    private final HighestDerivative<S> highest;

    private HigherOrderOde(int order, HighestDerivative<S> highest) {
        this.order = order;
        this.highest = highest;
    }

    /** x^(m) = F(t, x, ..., x^(m-1)) with m = {@code order} &gt;= 1. */
    public static <S> HigherOrderOde<S> of(int order, HighestDerivative<S> highest) {
        if (order < 1) {
            throw new IllegalArgumentException("the order of an ODE must be >= 1, got " + order);
        }
        return new HigherOrderOde<>(order, highest);
    }

    /** x'' = f(t, x, x'). */
    public static <S> HigherOrderOde<S> secondOrder(Acceleration<S> f) {
        return new HigherOrderOde<>(2, (t, z) -> f.value(t, z.get(0), z.get(1)));
    }

    /** The order m. */
    public int order() {
        return order;
    }

    /** z' = [z_2, ..., z_m, F(t, z)] on z = [x, x', ..., x^(m-1)] (eq. 5). */
    public OdeSystem<List<S>> firstOrderSystem() {
        return (t, z) -> {
            requireSize("state", z);
            List<S> dz = new ArrayList<>(z.subList(1, order));
            dz.add(highest.value(t, z));
            return dz;
        };
    }

    /** z(t_0) = [x(t_0), ..., x^(m-1)(t_0)] from all m initial values (eq. 4). */
    public List<S> initialState(List<S> initialValues) {
        requireSize("initial values", initialValues);
        return List.copyOf(initialValues);
    }

    /** z(t_0) from x(t_0), ..., x^(m-2)(t_0) and x^(m-1)(t_0) = g(x(t_0), ..., x^(m-2)(t_0)). */
    public List<S> initialState(List<S> lowerInitialValues, InitialDerivative<S> g) {
        if (lowerInitialValues.size() != order - 1) {
            throw new IllegalArgumentException("an ODE of order " + order + " takes " + (order - 1)
                    + " initial values below the highest derivative, got " + lowerInitialValues.size());
        }
        List<S> z = new ArrayList<>(lowerInitialValues);
        z.add(g.value(List.copyOf(lowerInitialValues)));
        return z;
    }

    private void requireSize(String what, List<S> z) {
        if (z.size() != order) {
            throw new IllegalArgumentException("an ODE of order " + order + " has " + order + " " + what
                    + " [x, x', ..., x^(m-1)], got " + z.size());
        }
    }

    /**
     * The first-order system on one tensor z = concat(x, x', ..., x^(m-1)) along {@code axis}, with the parameters
     * that F reads, for the gradient modes of {@link Odeint#solve(OdeFunction, Tensor, double[], OdeOptions)}.
     */
    public static OdeFunction concatenated(HigherOrderOde<Tensor> ode, int axis, List<Tensor> parameters) {
        OdeSystem<List<Tensor>> system = ode.firstOrderSystem();
        return OdeFunction.of(parameters, (t, z) -> Tensor.concat(system.derivative(t, split(z, ode.order, axis)),
                axis));
    }

    /** The m equal blocks [x, x', ..., x^(m-1)] of a concatenated tensor state. */
    public static List<Tensor> split(Tensor z, int order, int axis) {
        int size = z.dim(axis);
        if (size % order != 0) {
            throw new IllegalArgumentException("a state of " + size + " entries along axis " + axis
                    + " cannot hold " + order + " equal blocks");
        }
        int block = size / order;
        List<Tensor> parts = new ArrayList<>(order);
        for (int i = 0; i < order; i++) {
            parts.add(z.slice(axis, i * block, (i + 1) * block));
        }
        return parts;
    }
}
