package org.unet4j.layers.unet.blocks;

import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.Module;
import org.unet4j.layers.Sequential;
import org.unet4j.layers.topology.BlockSettings;

/**
 * FO, the first-order neural-ODE block (Chen et al. 2018; Continuous U-Net Table 3 "FO"): x' = f(t, x) on [0, T],
 * output x(T), with f = act(norm(conv1x1(act(norm(conv k x k([x, t])))))) where t enters as an extra constant input
 * channel. When the channel count changes, a 1x1 convolution lifts the input to {@code out} channels first (the
 * state of an ODE keeps its size). SAME padding only.
 */
public final class FirstOrderOdeBlock extends Module {
    private final Module lift;
    private final Sequential field;
    private final OdeSettings ode;

    /** The block from {@code in} to {@code out} channels. */
    public FirstOrderOdeBlock(int in, int out, OdeSettings ode, BlockSettings s) {
        this.ode = ode;
        lift = in == out ? null : registerChild("lift", Convs.pointwise(in, out, s));
        field = registerChild("f", Sequential.of(Convs.same(out + 1, out, s.kernel(), s), s.normLayer(out),
                s.activation().create(), Convs.pointwise(out, out, s), s.normLayer(out),
                s.activation().create()));
    }

    @Override
    public Tensor forward(Tensor input) {
        Tensor x0 = lift == null ? input : lift.forward(input);
        return ode.flow(field, this::derivative, x0);
    }

    private Tensor derivative(double t, Tensor x) {
        int[] dims = x.dims();
        Tensor time = Tensor.full(x.dtype(), t, dims[0], 1, dims[2], dims[3]).to(x.device());
        return field.forward(Tensor.concat(1, x, time));
    }

    @Override
    protected String describe() {
        return ode.describe();
    }
}
