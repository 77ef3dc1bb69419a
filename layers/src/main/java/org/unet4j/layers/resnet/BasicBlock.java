package org.unet4j.layers.resnet;

import java.util.SplittableRandom;
import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.Module;
import org.unet4j.layers.Sequential;
import org.unet4j.layers.init.FanMode;
import org.unet4j.layers.init.Init;
import org.unet4j.layers.nn.BatchNorm2d;
import org.unet4j.layers.nn.Conv2d;

/**
 * torchvision's ResNet BasicBlock: with 3x3 convolutions (padding 1, no bias), the first of stride s,
 * <pre>
 *   y = relu(bn2(conv2(relu(bn1(conv1(x))))) + r(x)),   r(x) = bn(conv1x1_s(x)) ("downsample") if s &gt; 1 or the
 *                                                        width changes, else x
 * </pre>
 * Children are named as torchvision names them ({@code conv1, bn1, conv2, bn2, downsample.0, downsample.1}), and
 * convolutions start as torchvision's do: Kaiming normal, fan-out, for ReLU; batch norms at scale 1, shift 0.
 */
final class BasicBlock extends Module {
    private final Module conv1;
    private final Module bn1;
    private final Module conv2;
    private final Module bn2;
    private final Module downsample;

    BasicBlock(int in, int out, int stride, SplittableRandom rng) {
        conv1 = registerChild("conv1", conv(in, out, 3, stride, rng));
        bn1 = registerChild("bn1", new BatchNorm2d(out));
        conv2 = registerChild("conv2", conv(out, out, 3, 1, rng));
        bn2 = registerChild("bn2", new BatchNorm2d(out));
        downsample = stride != 1 || in != out
                ? registerChild("downsample", Sequential.of(conv(in, out, 1, stride, rng), new BatchNorm2d(out)))
                : null;
    }

    /** A k x k convolution of stride s, padding k / 2, no bias, initialised as torchvision's ResNet. */
    static Conv2d conv(int in, int out, int kernel, int stride, SplittableRandom rng) {
        return Conv2d.builder(in, out, kernel).stride(stride).padding(kernel / 2).bias(false)
                .weightInit(Init.kaimingNormal(FanMode.FAN_OUT, 0)).build(rng);
    }

    @Override
    public Tensor forward(Tensor x) {
        Tensor residual = downsample == null ? x : downsample.forward(x);
        Tensor y = bn1.forward(conv1.forward(x)).relu();
        return bn2.forward(conv2.forward(y)).add(residual).relu();
    }
}
