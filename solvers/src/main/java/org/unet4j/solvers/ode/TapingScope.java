package org.unet4j.solvers.ode;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.unet4j.autodiff.Autograd;
import org.unet4j.autodiff.DType;
import org.unet4j.autodiff.Tensor;

/**
 * Runs a computation with taping on. The adjoint and checkpointed backward passes must tape a computation (f at
 * a state, a replayed segment) from inside a backward rule, which the engine runs in a no-grad scope, and the
 * engine has no public scope that turns taping back on (like {@code torch.enable_grad}). {@link Autograd#vjp}
 * tapes the forward of the function it is given, so the computation runs as that forward of a function without
 * inputs, whose own (empty) vector-Jacobian product costs nothing. To be replaced by the engine's scope once it
 * has one.
 */
final class TapingScope {
    private static final Tensor NOTHING = Tensor.scalar(0, DType.FLOAT64);

    private TapingScope() {
    }

    /** The value of {@code computation}, run with taping on. */
    static <T> T run(Supplier<T> computation) {
        if (Autograd.isEnabled()) {
            return computation.get();
        }
        List<T> result = new ArrayList<>(1);
        Autograd.vjp(noInputs -> {
            result.add(computation.get());
            return NOTHING;
        }, new Tensor[0], NOTHING);
        return result.get(0);
    }
}
