package org.unet4j.layers.unet.blocks;

import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.Module;
import org.unet4j.layers.topology.Activation;
import org.unet4j.layers.topology.BlockSettings;

/**
 * The field of an ODE block that reads the time: norm - conv k x k - act - norm - conv 1x1 - last, SAME padding,
 * from {@code in} to {@code out} channels, where every convolution sees the time t as one more constant input
 * channel (the released Continuous U-Net code's optional {@code Conv2dTime}, after Dupont et al.'s augmented neural
 * ODEs): conv([norm(h), t]). The norms see the features only. The input is {@code [h, t]}, the time channel last,
 * as {@link org.unet4j.layers.topology.SpatialLayers#constantChannel} makes it.
 */
final class TimeDependentField extends Module {
    private final Module norm0;
    private final Module conv0;
    private final Module act0;
    private final Module norm1;
    private final Module conv1;
    private final Module last;

    /** The field from {@code in} feature channels (the time channel not counted) to {@code out}. */
    TimeDependentField(int in, int out, BlockSettings s, Activation last) {
        norm0 = registerChild("norm0", s.normLayer(in));
        conv0 = registerChild("conv0", Convs.same(in + 1, out, s.kernel(), s));
        act0 = registerChild("act0", s.activation().create());
        norm1 = registerChild("norm1", s.normLayer(out));
        conv1 = registerChild("conv1", Convs.pointwise(out + 1, out, s));
        this.last = registerChild("act1", last.create());
    }

    @Override
    public Tensor forward(Tensor featuresAndTime) {
        int c = featuresAndTime.dim(1) - 1;
        Tensor h = featuresAndTime.slice(1, 0, c);
        Tensor t = featuresAndTime.slice(1, c, c + 1);
        h = act0.forward(conv0.forward(Tensor.concat(1, norm0.forward(h), t)));
        return last.forward(conv1.forward(Tensor.concat(1, norm1.forward(h), t)));
    }

    @Override
    protected String describe() {
        return "time as an extra channel of every convolution";
    }
}
