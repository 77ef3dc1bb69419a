package org.unet4j.layers.zoo;

import java.util.SplittableRandom;
import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.Module;
import org.unet4j.layers.nn.GroupNorm;

/**
 * The bottleneck unit of TransUNet's ResNet-50 (BiT's ResNetV2 as the authors' {@code PreActBottleneck} computes it,
 * normalisation after each convolution despite the name): with standardised convolutions
 * ({@link StandardizedConv2d}) and group norms of 32 groups (eps 1e-6),
 * <pre>
 *   y = relu(GN(conv1x1(x))),  y = relu(GN(conv3x3_stride(y))),  out = relu(GN(conv1x1(y)) + r(x))
 * </pre>
 * r(x) = GN_cout-groups(conv1x1_stride(x)) when the stride or the width changes, else x.
 */
final class PreActBottleneck extends Module {
    private final Module conv1;
    private final Module gn1;
    private final Module conv2;
    private final Module gn2;
    private final Module conv3;
    private final Module gn3;
    private final Module downsample;
    private final Module gnProj;

    PreActBottleneck(int cin, int cout, int cmid, int stride, SplittableRandom rng) {
        gn1 = registerChild("gn1", new GroupNorm(Math.min(32, cmid), cmid, 1e-6, true));
        conv1 = registerChild("conv1", new StandardizedConv2d(cin, cmid, 1, 1, 0, rng));
        gn2 = registerChild("gn2", new GroupNorm(Math.min(32, cmid), cmid, 1e-6, true));
        conv2 = registerChild("conv2", new StandardizedConv2d(cmid, cmid, 3, stride, 1, rng));
        gn3 = registerChild("gn3", new GroupNorm(Math.min(32, cout), cout, 1e-6, true));
        conv3 = registerChild("conv3", new StandardizedConv2d(cmid, cout, 1, 1, 0, rng));
        boolean project = stride != 1 || cin != cout;
        downsample = project ? registerChild("downsample", new StandardizedConv2d(cin, cout, 1, stride, 0, rng)) : null;
        gnProj = project ? registerChild("gn_proj", new GroupNorm(cout, cout)) : null;
    }

    @Override
    public Tensor forward(Tensor x) {
        Tensor residual = downsample == null ? x : gnProj.forward(downsample.forward(x));
        Tensor y = gn1.forward(conv1.forward(x)).relu();
        y = gn2.forward(conv2.forward(y)).relu();
        return gn3.forward(conv3.forward(y)).add(residual).relu();
    }
}
