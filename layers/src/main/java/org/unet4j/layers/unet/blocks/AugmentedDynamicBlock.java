package org.unet4j.layers.unet.blocks;

import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.Module;
import org.unet4j.layers.Sequential;
import org.unet4j.layers.topology.BlockSettings;

/**
 * The reference code's variant of the dynamic block, kept for compatibility with the authors' released
 * implementation (issue 4, DESIGN.md): an augmented first-order ODE on z = [x, v] whose field F maps the whole
 * 2c-channel state to its derivative, z' = F(z), z(0) = [x0, g(x0)], output x(T). Unlike {@link DynamicBlock} it
 * does not impose x' = v, so it is not a second-order ODE. F and g are norm-conv k x k-act-norm-conv1x1-act stacks
 * (2c to 2c, c to c). The reference takes one RK4 step; the step count is an explicit choice here as everywhere.
 */
public final class AugmentedDynamicBlock extends Module {
    private final int channels;
    private final Module lift;
    private final Sequential g;
    private final Sequential field;
    private final OdeSettings ode;

    /** The block from {@code in} to {@code out} channels. */
    public AugmentedDynamicBlock(int in, int out, OdeSettings ode, BlockSettings s) {
        this.channels = out;
        this.ode = ode;
        lift = in == out ? null : registerChild("lift", Convs.pointwise(in, out, s));
        g = registerChild("g", Convs.odeField(out, out, s));
        field = registerChild("F", Convs.odeField(2 * out, 2 * out, s));
    }

    @Override
    public Tensor forward(Tensor input) {
        Tensor x0 = lift == null ? input : lift.forward(input);
        Tensor z0 = Tensor.concat(1, x0, g.forward(x0));
        return ode.flow(field, (t, z) -> field.forward(z), z0).slice(1, 0, channels);
    }

    @Override
    protected String describe() {
        return "reference-code compatible, " + ode.describe();
    }
}
