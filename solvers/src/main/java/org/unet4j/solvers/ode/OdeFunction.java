package org.unet4j.solvers.ode;

import java.util.List;
import org.unet4j.autodiff.Tensor;

/**
 * A tensor right-hand side dz/dt = f(t, z; theta) that names its parameters theta, so that gradients through a
 * solve can be taken with respect to them: the {@linkplain Gradients#ADJOINT adjoint} integrates
 * {@code -a^T df/dtheta}, and the {@linkplain Gradients#CHECKPOINTED checkpointed} mode differentiates each
 * recomputed segment with respect to them. {@link #apply} must use exactly these tensors (not copies).
 */
public interface OdeFunction {
    /** f(t, z; theta). */
    Tensor apply(double t, Tensor z);

    /** The tensors theta that {@link #apply} reads and that gradients are wanted for. */
    List<Tensor> parameters();

    /** The function {@code field} with parameters {@code parameters}, for right-hand sides written as lambdas. */
    static OdeFunction of(List<Tensor> parameters, OdeSystem<Tensor> field) {
        List<Tensor> theta = List.copyOf(parameters);
        return new OdeFunction() {
            @Override
            public Tensor apply(double t, Tensor z) {
                return field.derivative(t, z);
            }

            @Override
            public List<Tensor> parameters() {
                return theta;
            }
        };
    }
}
