package org.unet4j.layers.unet;

import org.unet4j.layers.topology.ConvPadding;
import org.unet4j.layers.topology.Norm;
import org.unet4j.layers.topology.UNetGeometry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.unet4j.autodiff.Autograd;
import org.unet4j.autodiff.NoGrad;
import org.unet4j.autodiff.Shape;
import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.Module;
import org.unet4j.layers.nn.Conv2d;
import org.unet4j.layers.nn.ConvTranspose2d;

/**
 * {@code spatialDims(1)}: a U-Net on signals [N, C, W], with 1 x k kernels and 1 x f pooling and up-sampling; the
 * size rules along its one axis are those of the 2-D network along each axis.
 */
class OneDimensionalUNetTest {

    private static Tensor run(Module net, Tensor x) {
        try (NoGrad scope = Autograd.noGrad()) {
            return net.forward(x);
        }
    }

    @Property(tries = 30)
    void outputShapeMatchesForwardAndInvalidSizesAreRejected(@ForAll @IntRange(min = 1, max = 3) int levels,
            @ForAll @IntRange(min = 2, max = 3) int factor, @ForAll @IntRange(min = 1, max = 2) int convs,
            @ForAll boolean valid, @ForAll boolean residual, @ForAll @IntRange(min = 0, max = 2) int down,
            @ForAll @IntRange(min = 0, max = 2) int up, @ForAll @IntRange(min = 1, max = 90) int width) {
        UNet net = UNet.builder().spatialDims(1).levels(levels).factor(factor).filters(filters(levels))
                .convsPerLevel(convs).padding(valid ? ConvPadding.VALID : ConvPadding.SAME)
                .block(residual ? Block.residual() : Block.plain()).downsampling(DownsamplingMode.values()[down])
                .upsampling(UpsamplingMode.values()[up]).norm(Norm.BATCH).build();
        UNetGeometry reference = UNet.builder().levels(levels).factor(factor).filters(filters(levels))
                .convsPerLevel(convs).padding(valid ? ConvPadding.VALID : ConvPadding.SAME).build().geometry();
        Tensor x = Tensor.randn(new SplittableRandom(width), 2, 1, width);
        assertEquals(reference.isValidInputSize(width), net.geometry().isValidInputSize(width));
        if (net.geometry().isValidInputSize(width)) {
            Tensor y = run(net, x);
            assertEquals(net.outputShape(x.shape()), y.shape());
            assertEquals(Shape.of(2, 1, reference.outputSize(width).getAsInt()), y.shape());
        } else {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> net.forward(x));
            assertTrue(e.getMessage().contains("width " + width + " (nearest valid: "), e.getMessage());
        }
    }

    private static int[] filters(int levels) {
        int[] f = new int[levels];
        for (int i = 0; i < levels; i++) {
            f[i] = 2 + i;
        }
        return f;
    }

    @Example
    void everyBlockOfTheZooHasAOneDimensionalForm() {
        List<Block> zoo = List.of(Block.plain(), Block.residual(), Block.dense(2, 2, true), Block.inception(),
                Block.pyramidPooling(1, 2), Block.firstOrder("rk4", 1), Block.dynamic("rk4", 1),
                Block.referenceDynamic("rk4", 1), Block.imageFed());
        for (Block block : zoo) {
            UNet net = UNet.builder().spatialDims(1).levels(2).filters(4, 4).block(block).norm(Norm.GROUP)
                    .imagePyramid(block.code().equals("IMG")).build();
            Tensor x = Tensor.randn(new SplittableRandom(1), 2, 1, 12);
            assertEquals(net.outputShape(x.shape()), run(net, x).shape(), block.code());
        }
    }

    @Example
    void kernelsAreOneByKAndSamplingActsAlongTheWidth() {
        UNet net = UNet.builder().spatialDims(1).levels(2).filters(2, 3).kernel(5).factor(3)
                .downsampling(DownsamplingMode.STRIDED_CONV).build();
        for (Module m : net.namedModules().values()) {
            if (m instanceof Conv2d conv) {
                assertEquals(1, conv.weight().shape().dim(2), m.label());
            } else if (m instanceof ConvTranspose2d up) {
                assertEquals(List.of(1, 3), List.of(up.weight().shape().dim(2), up.weight().shape().dim(3)));
            }
        }
        assertEquals(Shape.of(1, 1, 18), run(net, Tensor.randn(new SplittableRandom(2), 1, 1, 18)).shape());
    }

    @Example
    void theSummaryAndTheErrorsSpeakOneDimensionalShapes() {
        UNet net = UNet.builder().spatialDims(1).levels(3).filters(2, 3, 4).padding(ConvPadding.VALID).build();
        int width = net.validInputSizes(40, 80).get(0);
        String summary = net.summary(Shape.of(1, 1, width));
        assertTrue(summary.contains("[1, 1, " + net.outputShape(1, 1, width).dim(2) + "]"), summary);
        assertTrue(summary.contains("WidthPooling") && summary.contains("bottleneck"), summary);
        assertTrue(net.toString().contains("1-D"), net.toString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> net.forward(Tensor.randn(new SplittableRandom(3), 1, 1, width, width)));
        assertTrue(e.getMessage().contains("[N, C, W]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> UNet.builder().spatialDims(3));
    }
}
