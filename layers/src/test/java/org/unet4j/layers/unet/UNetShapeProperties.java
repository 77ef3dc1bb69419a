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

/**
 * The size rules against the real forward pass: for random levels, factors, filters, paddings, convolutions per
 * level and input sizes, {@code outputShape} is the forward's shape, and an invalid size is rejected before any
 * work with the nearest valid sizes in the message.
 */
class UNetShapeProperties {

    private static UNet net(int levels, int factor, int convs, boolean valid, boolean residual, int width) {
        int[] filters = new int[levels];
        for (int i = 0; i < levels; i++) {
            filters[i] = width + i;
        }
        return UNet.builder().levels(levels).factor(factor).filters(filters).convsPerLevel(convs)
                .padding(valid ? ConvPadding.VALID : ConvPadding.SAME)
                .block(residual ? Block.residual() : Block.plain()).norm(Norm.NONE).build();
    }

    @Property(tries = 40)
    void outputShapeMatchesForwardAndInvalidSizesAreRejected(@ForAll @IntRange(min = 1, max = 3) int levels,
            @ForAll @IntRange(min = 2, max = 3) int factor, @ForAll @IntRange(min = 1, max = 2) int convs,
            @ForAll boolean valid, @ForAll boolean residual, @ForAll @IntRange(min = 1, max = 2) int width,
            @ForAll @IntRange(min = 1, max = 72) int height, @ForAll @IntRange(min = 0, max = 9) int widthOffset) {
        UNet net = net(levels, factor, convs, valid, residual, width);
        UNetGeometry g = net.geometry();
        int w = g.isValidInputSize(height) ? g.nearestValidInputSizes(height + widthOffset).get(0) : height;
        Tensor x = Tensor.randn(new SplittableRandom(height), 1, 1, height, w);
        if (g.isValidInputSize(height) && g.isValidInputSize(w)) {
            Tensor y;
            try (NoGrad scope = Autograd.noGrad()) {
                y = net.forward(x);
            }
            assertEquals(net.outputShape(x.shape()), y.shape());
        } else {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> net.forward(x));
            List<Integer> nearest = g.nearestValidInputSizes(height);
            assertTrue(e.getMessage().contains("nearest valid: " + (nearest.size() == 1 ? nearest.get(0)
                    : nearest.get(0) + " or " + nearest.get(1))), e.getMessage());
            for (int s : nearest) {
                assertTrue(g.isValidInputSize(s), s + " is reported as nearest but is not valid");
            }
            assertThrows(IllegalArgumentException.class, () -> net.outputShape(x.shape()));
        }
    }

    @Property(tries = 30)
    void nearestValidSizesBracketTheSize(@ForAll @IntRange(min = 1, max = 4) int levels,
            @ForAll @IntRange(min = 2, max = 3) int factor, @ForAll @IntRange(min = 1, max = 3) int convs,
            @ForAll boolean valid, @ForAll @IntRange(min = 1, max = 300) int size) {
        UNetGeometry g = net(levels, factor, convs, valid, false, 1).geometry();
        List<Integer> nearest = g.nearestValidInputSizes(size);
        List<Integer> all = g.validInputSizes(1, 2 * size + 2 * g.smallestInputSize());
        if (g.isValidInputSize(size)) {
            assertEquals(List.of(size), nearest);
            return;
        }
        int below = all.stream().filter(s -> s < size).reduce((a, b) -> b).orElse(-1);
        int above = all.stream().filter(s -> s > size).findFirst().orElseThrow();
        assertEquals(below < 0 ? List.of(above) : List.of(below, above), nearest);
    }

    /** DESIGN.md's rule with l = levels - 1 down-samplings: Ronneberger's 572 -> 388 for 5 levels. */
    @Example
    void classicValidUNetSizes() {
        UNetGeometry g = UNetGeometry.builder().levels(5).factor(2).blockShrink(4).build();
        assertEquals(388, g.outputSize(572).getAsInt());
        assertEquals(16, g.period());
        assertTrue(g.isValidInputSize(572));
        assertEquals(List.of(556, 572), g.nearestValidInputSizes(570));
        for (int b = 1; b < 40; b++) {
            int sIn = 16 * b + 4 * (1 + 2 + 4 + 8 + 16);
            assertEquals(sIn, g.inputSize(b));
            if (16 * b - 4 * 15 >= 1) {
                assertEquals(16 * b - 4 * 15, g.outputSize(sIn).getAsInt());
            }
        }
    }

    @Example
    void rejectsBlocksThatCannotPadValid() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> UNet.builder()
                .padding(ConvPadding.VALID).block(Block.dynamic("rk4", 2)).build());
        assertTrue(e.getMessage().contains("needs SAME padding"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> UNet.builder().levels(3).filters(2, 4).build());
    }

    @Example
    void summaryShowsEveryStageShape() {
        UNet net = UNet.builder().levels(3).filters(2, 4, 8).padding(ConvPadding.VALID).build();
        int s = net.validInputSizes(40, 80).get(0);
        String summary = net.summary(Shape.of(1, 1, s, s));
        Shape out = net.outputShape(1, 1, s, s);
        assertTrue(summary.contains(List.of(1, 1, out.dim(2), out.dim(3)).toString()), summary);
        assertTrue(summary.contains("bottleneck") && summary.contains("parameters"), summary);
        assertTrue(net.toString().contains("parameters"));
    }
}
