package org.unet4j.solvers.ode;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How gradients flow through a tensor solve
 * ({@link Odeint#solve(OdeFunction, org.unet4j.autodiff.Tensor, double[], OdeOptions)}).
 */
public enum Gradients {
    /** Taping every operation of the solver; memory grows with the number of steps. */
    BACKPROP,
    /**
     * The adjoint sensitivity method (Chen et al. 2018): the forward solve keeps no tape; the backward pass
     * integrates [z, a, dL/dtheta] from the last time to the first with a' = -a^T df/dz and
     * (dL/dtheta)' = -a^T df/dtheta, each evaluation one vector-Jacobian product. Memory does not depend on the
     * number of steps; the gradient is that of the exact flow up to the backward solve's discretisation error.
     */
    ADJOINT,
    /**
     * Backpropagation with recomputation: the forward solve keeps every k-th state; the backward pass recomputes
     * each segment of k steps with taping and backpropagates through it. Same gradient as {@link #BACKPROP};
     * memory proportional to (steps / k + k). One-step methods only.
     */
    CHECKPOINTED;

    /** The mode with this name, ignoring case ("adjoint"). */
    public static Gradients named(String name) {
        for (Gradients mode : values()) {
            if (mode.name().equalsIgnoreCase(name)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("unknown gradient mode '" + name + "'; known modes: "
                + Arrays.stream(values()).map(m -> m.name().toLowerCase(Locale.ROOT))
                        .collect(Collectors.joining(", ")));
    }
}
