package org.unet4j.solvers.ode;

import java.util.List;
import org.unet4j.autodiff.Tensor;

/**
 * The entry point: integrate dy/dt = f(t, y) from {@code times[0]} through every later time (increasing, or
 * decreasing to integrate backwards) and return the state at each of them, in the spirit of torchdiffeq's
 * {@code odeint}.
 *
 * <pre>{@code
 * var sol = Odeint.solve((t, y) -> new double[] {-y[0]}, new double[] {1}, new double[] {0, 1, 2},
 *         OdeOptions.method("rk4").steps(20));
 * sol.state(2);         // ~ e^-2
 * sol.statistics();     // 160 evaluations, 40 accepted steps, 0 rejected
 *
 * var z = Odeint.solve(field, z0, new double[] {0, 1}, OdeOptions.method("dopri5").gradients(Gradients.ADJOINT));
 * z.last().sum().backward();      // gradients for z0 and field.parameters(), memory independent of the steps
 * }</pre>
 */
public final class Odeint {
    private Odeint() {
    }

    /** Solves a system on {@code double[]} states. */
    public static OdeSolution<double[]> solve(OdeSystem<double[]> f, double[] y0, double[] times,
            OdeOptions options) {
        return solve(f, y0, times, StateSpace.DOUBLE_ARRAY, options);
    }

    /** Solves a system on lists of tensors; with taping on, gradients flow by backpropagation through the solve. */
    public static OdeSolution<List<Tensor>> solve(OdeSystem<List<Tensor>> f, List<Tensor> y0, double[] times,
            OdeOptions options) {
        return solve(f, y0, times, StateSpace.TENSOR_LIST, options);
    }

    /** Solves a system on any state type given its {@link StateSpace}. */
    public static <S> OdeSolution<S> solve(OdeSystem<S> f, S y0, double[] times, StateSpace<S> space,
            OdeOptions options) {
        options.validate(times);
        if (options.gradients() != Gradients.BACKPROP) {
            throw new IllegalArgumentException("gradients " + options.gradients() + " needs a tensor state and an "
                    + "OdeFunction that names its parameters: use Odeint.solve(OdeFunction, Tensor, times, options)");
        }
        return options.method().integrate(f, y0, times, space, options, StepObserver.none());
    }

    /**
     * Solves a tensor system; gradients with respect to {@code y0} and {@code f.parameters()} flow as the
     * {@linkplain OdeOptions#gradients gradients} option says (backprop through the solver by default).
     */
    public static OdeSolution<Tensor> solve(OdeFunction f, Tensor y0, double[] times, OdeOptions options) {
        options.validate(times);
        return switch (options.gradients()) {
            case BACKPROP -> options.method().integrate(f::apply, y0, times, StateSpace.TENSOR, options,
                    StepObserver.none());
            case ADJOINT -> AdjointSolve.solve(f, y0, times, options);
            case CHECKPOINTED -> CheckpointedSolve.solve(f, y0, times, options);
        };
    }
}
