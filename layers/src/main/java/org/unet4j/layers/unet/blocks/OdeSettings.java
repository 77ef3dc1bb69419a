package org.unet4j.layers.unet.blocks;

import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.Module;
import org.unet4j.layers.Parameter;
import org.unet4j.solvers.ode.OdeFunction;
import org.unet4j.solvers.ode.OdeOptions;
import org.unet4j.solvers.ode.OdeSystem;
import org.unet4j.solvers.ode.Odeint;

/**
 * How an ODE block integrates: the solver options (method, steps or tolerances, gradient mode) and the end time T
 * of the interval [0, T].
 */
public record OdeSettings(OdeOptions options, double endTime) {
    /** Validates the end time. */
    public OdeSettings {
        if (options == null) {
            throw new IllegalArgumentException("ODE options must not be null");
        }
        if (!(endTime > 0) || Double.isInfinite(endTime)) {
            throw new IllegalArgumentException("the end time T of an ODE block must be positive and finite, got "
                    + endTime);
        }
    }

    /**
     * z(T) for dz/dt = field(t, z), z(0) = z0, with gradients for z0 and the parameters of {@code owner}, the
     * module the field evaluates (read afresh at every solve, so a gradient check that rebinds them is seen), as
     * the gradient mode says.
     */
    Tensor flow(Module owner, OdeSystem<Tensor> field, Tensor z0) {
        OdeFunction f = OdeFunction.of(owner.parameters().stream().map(Parameter::tensor).toList(), field);
        return Odeint.solve(f, z0, new double[] {0, endTime}, options).last();
    }

    /** For {@code describe()}: "rk4, 4 steps, adjoint, T = 1". */
    String describe() {
        return options + ", T = " + endTime;
    }
}
