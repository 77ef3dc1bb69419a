package org.unet4j.layers.unet;

import org.unet4j.layers.topology.Activation;
import org.unet4j.layers.topology.ConvPadding;
import org.unet4j.layers.topology.Norm;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.unet4j.autodiff.Autograd;
import org.unet4j.autodiff.DType;
import org.unet4j.autodiff.NoGrad;
import org.unet4j.autodiff.Pooling;
import org.unet4j.autodiff.Shape;
import org.unet4j.autodiff.Tensor;
import org.unet4j.autodiff.Upsampling;
import org.unet4j.layers.Module;
import org.unet4j.layers.nn.Conv2d;
import org.unet4j.layers.unet.blocks.ImageFedBlock;

/**
 * {@code imagePyramid(true)}: every block also reads the input image restricted to its level by the network's own
 * down-sampling, f_0 = input, f_{l+1} = down(f_l); {@link Block#imageFed()} feeds it to every convolution.
 */
class ImagePyramidTest {

    private static UNet net(int levels, ConvPadding padding, Block block, int inChannels, SkipMerge merge) {
        int[] filters = new int[levels];
        for (int i = 0; i < levels; i++) {
            filters[i] = 2 + i;
        }
        return UNet.builder().inChannels(inChannels).levels(levels).filters(filters).padding(padding)
                .norm(Norm.NONE).activation(Activation.TANH).imagePyramid(true).block(block).skipMerge(merge)
                .seed(levels).build();
    }

    @Property(tries = 12)
    void outputShapeMatchesForward(@ForAll @IntRange(min = 1, max = 3) int levels, @ForAll boolean valid,
            @ForAll boolean imageFed, @ForAll @IntRange(min = 1, max = 2) int inChannels,
            @ForAll @IntRange(min = 0, max = 2) int merge) {
        UNet net = net(levels, valid ? ConvPadding.VALID : ConvPadding.SAME, imageFed ? Block.imageFed()
                : Block.plain(), inChannels, SkipMerge.values()[merge]);
        int size = net.validInputSizes(10, 80).get(0);
        Tensor x = Tensor.randn(new SplittableRandom(levels), 2, inChannels, size, size);
        try (NoGrad scope = Autograd.noGrad()) {
            assertEquals(net.outputShape(x.shape()), net.forward(x).shape());
        }
    }

    @Example
    void everyConvolutionOfAnImageFedBlockReadsTheImageChannels() {
        UNet net = net(3, ConvPadding.SAME, Block.imageFed(), 2, SkipMerge.CONCAT);
        ImageFedBlock encoder1 = (ImageFedBlock) net.encoder(1);
        assertEquals(2, encoder1.layerCount());
        assertEquals(2 + 2, ((Conv2d) encoder1.layer(0).get(0)).inChannels());
        assertEquals(3 + 2, ((Conv2d) encoder1.layer(1).get(0)).inChannels());
        ImageFedBlock decoder0 = (ImageFedBlock) net.decoder(0);
        assertEquals(2 + 2 + 2, ((Conv2d) decoder0.layer(0).get(0)).inChannels());
    }

    /**
     * A network whose bottleneck keeps only its image channel and whose decoders only up-sample (a = 1, b = 0)
     * outputs up_4(f_2) = up_4(maxpool_2(maxpool_2(input))): the bottleneck reads the twice restricted image.
     */
    @Example
    void theBottleneckReadsTheTwiceRestrictedImage() {
        UNet net = UNet.builder().levels(3).filters(1, 1, 1).convsPerLevel(1).kernel(1).norm(Norm.NONE)
                .activation(Activation.IDENTITY).imagePyramid(true).block(Block.imageFed())
                .upsampling(UpsamplingMode.NEAREST).upsamplingKeepsChannels(true).skipMerge(SkipMerge.CORRECTION)
                .build();
        net.to(DType.FLOAT64);
        setLayer(net.bottleneck(), 0, 1);
        for (int level = 0; level < 2; level++) {
            setLayer(net.decoder(level), 1, 0);
            net.correction(level).a().set(Tensor.of(new double[] {1}, 1));
            net.correction(level).b().set(Tensor.of(new double[] {0}, 1));
        }
        Conv2d head = (Conv2d) net.head();
        head.weight().set(Tensor.ones(DType.FLOAT64, 1, 1, 1, 1));
        head.bias().set(Tensor.zeros(DType.FLOAT64, 1));
        Tensor x = Tensor.randn(new SplittableRandom(4), DType.FLOAT64, 1, 1, 8, 8);
        try (NoGrad scope = Autograd.noGrad()) {
            Tensor expected = Upsampling.nearest(Pooling.maxPool2d(Pooling.maxPool2d(x, 2), 2), 4);
            assertEquals(0.0, net.forward(x).sub(expected).abs().max().item());
        }
    }

    /** The single 1x1 layer of an image-fed block: {@code feature * x + image * f}, no bias. */
    private static void setLayer(Module block, double feature, double image) {
        Conv2d conv = (Conv2d) ((ImageFedBlock) block).layer(0).get(0);
        conv.weight().set(Tensor.of(new double[] {feature, image}, 1, 2, 1, 1));
        conv.bias().set(Tensor.zeros(DType.FLOAT64, 1));
    }

    @Example
    void theSummaryShowsTheRestrictedImages() {
        UNet net = net(3, ConvPadding.VALID, Block.imageFed(), 1, SkipMerge.CONCAT);
        int size = net.validInputSizes(30, 80).get(0);
        String summary = net.summary(Shape.of(1, 1, size, size));
        int down = (size - 4) / 2;
        assertTrue(summary.contains("image1") && summary.contains("image2"), summary);
        assertTrue(summary.contains("[1, 1, " + down + ", " + down + "]"), summary);
        assertTrue(net.toString().contains("image pyramid") && net.toString().contains("IMG"), net.toString());
    }

    @Example
    void aLearntDownSamplingCannotRestrictTheImage() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> UNet.builder()
                .imagePyramid(true).downsampling(DownsamplingMode.STRIDED_CONV).build());
        assertTrue(e.getMessage().contains("MAX_POOL") && e.getMessage().contains("STRIDED_CONV"), e.getMessage());
    }

    @Example
    void anImageFedBlockNeedsThePyramid() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> UNet.builder()
                .block(Block.imageFed()).build());
        assertTrue(e.getMessage().contains("imagePyramid(true)"), e.getMessage());
    }
}
