package org.unet4j.layers.zoo;

import java.util.SplittableRandom;
import org.unet4j.autodiff.Conv2dOptions;
import org.unet4j.autodiff.Convolution;
import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.Module;
import org.unet4j.layers.Parameter;
import org.unet4j.layers.nn.Conv2d;

/**
 * A bias-free convolution with weight standardisation (Qiao et al. 2019; BiT's {@code StdConv2d}, as TransUNet's
 * ResNet uses it): every output channel's kernel is centred and scaled before the convolution,
 * <pre>
 *   W'_o = (W_o - mean(W_o)) / sqrt(var(W_o) + 1e-5),   y = conv(x, W')
 * </pre>
 * mean and (biased) variance over the input channels and the kernel window. Gradients flow through the
 * standardisation. The weight is drawn as a {@link Conv2d}'s.
 */
final class StandardizedConv2d extends Module {
    private static final double EPS = 1e-5;
    private static final int[] KERNEL_AXES = {1, 2, 3};
    private final Parameter weight;
    private final Conv2dOptions options;
    private final String shape;

    StandardizedConv2d(int in, int out, int kernel, int stride, int padding, SplittableRandom rng) {
        Conv2d drawn = Conv2d.builder(in, out, kernel).stride(stride).padding(padding).bias(false).build(rng);
        this.weight = registerParameter("weight", drawn.weight().tensor());
        this.options = drawn.options();
        this.shape = in + " -> " + out + ", kernel " + kernel + "x" + kernel + (stride == 1 ? "" : ", stride " + stride)
                + (padding == 0 ? "" : ", padding " + padding);
    }

    @Override
    public Tensor forward(Tensor x) {
        Tensor w = weight.tensor();
        Tensor centred = w.sub(w.mean(KERNEL_AXES, true));
        Tensor standardized = centred.div(w.var(KERNEL_AXES, true, false).add(EPS).sqrt());
        return Convolution.conv2d(x, standardized, null, options);
    }

    @Override
    protected String describe() {
        return shape;
    }
}
