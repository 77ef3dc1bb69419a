package org.unet4j.layers.unet;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.unet4j.autodiff.DType;
import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.ModuleGradients;
import org.unet4j.layers.topology.Activation;
import org.unet4j.layers.topology.ConvPadding;
import org.unet4j.layers.topology.Norm;
import org.unet4j.solvers.ode.Gradients;
import org.unet4j.solvers.ode.OdeOptions;

/** Small whole networks pass a float64 gradient check: every stage's backward composes correctly. */
class WholeUNetGradientsTest {

    @Test
    void validPaddingPlainUNetWithCropsAndTransposedUp() {
        UNet net = UNet.builder().levels(2).filters(2, 3).padding(ConvPadding.VALID).norm(Norm.BATCH)
                .activation(Activation.TANH).seed(1).build();
        int size = net.validInputSizes(1, 100).get(0);
        ModuleGradients.assertGradientsMatch(net, Tensor.randn(new SplittableRandom(4), DType.FLOAT64, 2, 1, size, size));
    }

    @Test
    void residualUNetWithStridedDownBilinearUpAndAddedSkips() {
        UNet net = UNet.builder().levels(2).filters(2, 2).block(Block.residual()).convsPerLevel(1)
                .downsampling(DownsamplingMode.STRIDED_CONV).upsampling(UpsamplingMode.BILINEAR)
                .skipMerge(SkipMerge.ADD).norm(Norm.GROUP).activation(Activation.SILU).seed(2).build();
        ModuleGradients.assertGradientsMatch(net, Tensor.randn(new SplittableRandom(5), DType.FLOAT64, 1, 1, 4, 4));
    }

    @Test
    void imagePyramidWithSigmoidStemImageFedBlocksAndSkipCorrections() {
        UNet net = UNet.builder().levels(2).filters(2, 3).convsPerLevel(1).norm(Norm.BATCH)
                .activation(Activation.SIGMOID).stem(Stem.convolution(2, 3, Norm.BATCH, Activation.SIGMOID))
                .imagePyramid(true).block(Block.imageFed()).upsampling(UpsamplingMode.NEAREST)
                .upsamplingKeepsChannels(true).skipMerge(SkipMerge.CORRECTION).seed(7).build();
        ModuleGradients.assertGradientsMatch(net, Tensor.randn(new SplittableRandom(8), DType.FLOAT64, 2, 1, 4, 4));
    }

    @Test
    void oneDimensionalValidUNetWithLinearUpAveragePoolingAndIdentityActivation() {
        UNet net = UNet.builder().spatialDims(1).levels(3).filters(2, 2, 3).padding(ConvPadding.VALID)
                .downsampling(DownsamplingMode.AVG_POOL).upsampling(UpsamplingMode.BILINEAR).norm(Norm.NONE)
                .activation(Activation.IDENTITY).stem(Stem.convolution(2, 3, Norm.NONE, Activation.TANH))
                .skipMerge(SkipMerge.CORRECTION).seed(9).build();
        int width = net.validInputSizes(1, 100).get(0);
        ModuleGradients.assertGradientsMatch(net, Tensor.randn(new SplittableRandom(10), DType.FLOAT64, 2, 1, width));
    }

    @Test
    void oneDimensionalMaxPooledNearestUpsampledUNet() {
        UNet net = UNet.builder().spatialDims(1).levels(2).filters(2, 3).factor(3).norm(Norm.NONE)
                .activation(Activation.TANH).upsampling(UpsamplingMode.NEAREST).seed(11).build();
        ModuleGradients.assertGradientsMatch(net, Tensor.randn(new SplittableRandom(12), DType.FLOAT64, 1, 1, 9));
    }

    @Test
    void continuousUNetOfDynamicBlocksEveryGradientMode() {
        for (Gradients mode : Gradients.values()) {
            Block block = mode == Gradients.ADJOINT
                    ? Block.dynamic(OdeOptions.method("dopri5").rtol(1e-10).atol(1e-10)) : Block.dynamic("rk4", 2);
            ContinuousUNet net = ContinuousUNet.builder().filters(2, 2).block(block).gradients(mode)
                    .norm(Norm.NONE).activation(Activation.TANH).seed(3).build();
            ModuleGradients.assertGradientsMatch(net, Tensor.randn(new SplittableRandom(6), DType.FLOAT64, 1, 1, 2, 2));
        }
    }
}
