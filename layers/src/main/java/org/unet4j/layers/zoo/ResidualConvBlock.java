package org.unet4j.layers.zoo;

import java.util.SplittableRandom;
import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.Module;
import org.unet4j.layers.Sequential;
import org.unet4j.layers.nn.Conv2d;
import org.unet4j.layers.nn.LeakyReLU;

/**
 * nnU-Net's residual block as MONAI's {@code UnetResBlock} states it: with c1 a k x k convolution of stride s, c2
 * one of stride 1 (no biases), IN affine instance norms and a leaky ReLU of slope 0.01,
 * <pre>
 *   y = lrelu(IN(c2(lrelu(IN(c1 x)))) + r(x)),   r(x) = IN(c3 x) (c3 1x1, stride s) if the width or size changes, else x
 * </pre>
 * The projection r exists only where it is used (MONAI 0.3.0 also made it where unused).
 */
final class ResidualConvBlock extends Module {
    private final Sequential body;
    private final Sequential projection;

    ResidualConvBlock(int in, int out, int[] kernel, int[] stride, SplittableRandom rng) {
        body = registerChild("body", Sequential.of(DynUNet.conv(in, out, kernel, stride, rng), DynUNet.norm(out),
                new LeakyReLU(0.01), DynUNet.conv(out, out, kernel, new int[] {1, 1}, rng), DynUNet.norm(out)));
        boolean project = in != out || stride[0] != 1 || stride[1] != 1;
        projection = project ? registerChild("projection", Sequential.of(Conv2d.builder(in, out, 1)
                .stride(stride[0], stride[1]).bias(false).build(rng), DynUNet.norm(out))) : null;
    }

    @Override
    public Tensor forward(Tensor x) {
        Tensor residual = projection == null ? x : projection.forward(x);
        return body.forward(x).add(residual).leakyRelu(0.01);
    }
}
