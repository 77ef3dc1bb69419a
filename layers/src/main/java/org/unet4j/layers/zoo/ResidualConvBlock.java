package org.unet4j.layers.zoo;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.Module;
import org.unet4j.layers.Sequential;
import org.unet4j.layers.nn.LeakyReLU;
import org.unet4j.layers.topology.Norm;
import org.unet4j.layers.topology.SpatialLayers;

/**
 * nnU-Net's residual block as MONAI's {@code UnetResBlock} states it: with c1 a convolution of kernel k and stride s
 * (per axis, in d spatial dimensions), c2 one of stride 1 (no biases), IN affine instance norms and a leaky ReLU of slope 0.01,
 * <pre>
 *   y = lrelu(IN(c2(lrelu(IN(c1 x)))) + r(x)),   r(x) = IN(c3 x) (c3 of kernel 1, stride s) if the width or size
 *                                                changes, else x
 * </pre>
 * The projection r exists only where it is used (MONAI 0.3.0 also made it where unused).
 */
final class ResidualConvBlock extends Module {
    private final Sequential body;
    private final Sequential projection;

    ResidualConvBlock(SpatialLayers space, int in, int out, int[] kernel, int[] stride, SplittableRandom rng) {
        int d = space.dims();
        int[] ones = new int[d];
        Arrays.fill(ones, 1);
        body = registerChild("body", Sequential.of(DynUNet.conv(d, in, out, kernel, stride, rng),
                space.norm(Norm.INSTANCE, out), new LeakyReLU(0.01), DynUNet.conv(d, out, out, kernel, ones, rng),
                space.norm(Norm.INSTANCE, out)));
        boolean project = in != out || Arrays.stream(stride).anyMatch(s -> s != 1);
        projection = project ? registerChild("projection", Sequential.of(DynUNet.conv(d, in, out, ones, stride, rng),
                space.norm(Norm.INSTANCE, out))) : null;
    }

    @Override
    public Tensor forward(Tensor x) {
        Tensor residual = projection == null ? x : projection.forward(x);
        return body.forward(x).add(residual).leakyRelu(0.01);
    }
}
