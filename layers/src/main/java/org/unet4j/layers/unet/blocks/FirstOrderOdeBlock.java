package org.unet4j.layers.unet.blocks;

import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.Module;
import org.unet4j.layers.Sequential;
import org.unet4j.layers.topology.BlockSettings;
import org.unet4j.layers.topology.SpatialLayers;

/**
 * FO, the first-order neural-ODE block (Chen et al. 2018; Continuous U-Net Table 3 "FO"): x' = f(t, x) on [0, T],
 * output x(T), with f = act(norm(conv1x1(act(norm(conv k x k([x, t])))))) where t enters as an extra constant input
 * channel of the first convolution (the default). With {@code timeDependent} false the field is autonomous,
 * x' = f(x), the same stack without the time channel. When the channel count changes, a 1x1 convolution lifts the
 * input to {@code out} channels first (the state of an ODE keeps its size). SAME padding only.
 */
public final class FirstOrderOdeBlock extends Module {
    private final Module lift;
    private final Sequential field;
    private final OdeSettings ode;
    private final SpatialLayers space;
    private final boolean timeDependent;

    /** The block from {@code in} to {@code out} channels, its field reading t. */
    public FirstOrderOdeBlock(int in, int out, OdeSettings ode, BlockSettings s) {
        this(in, out, ode, s, true);
    }

    /** The block from {@code in} to {@code out} channels; {@code timeDependent} false: x' = f(x). */
    public FirstOrderOdeBlock(int in, int out, OdeSettings ode, BlockSettings s, boolean timeDependent) {
        this.ode = ode;
        this.space = s.space();
        this.timeDependent = timeDependent;
        int time = timeDependent ? 1 : 0;
        lift = in == out ? null : registerChild("lift", Convs.pointwise(in, out, s));
        field = registerChild("f", Sequential.of(Convs.same(out + time, out, s.kernel(), s), s.normLayer(out),
                s.activation().create(), Convs.pointwise(out, out, s), s.normLayer(out),
                s.activation().create()));
    }

    @Override
    public Tensor forward(Tensor input) {
        Tensor x0 = lift == null ? input : lift.forward(input);
        return ode.flow(field, this::derivative, x0);
    }

    private Tensor derivative(double t, Tensor x) {
        return field.forward(timeDependent ? Tensor.concat(1, x, space.constantChannel(x, t)) : x);
    }

    @Override
    protected String describe() {
        return ode.describe() + (timeDependent ? "" : ", autonomous");
    }
}
