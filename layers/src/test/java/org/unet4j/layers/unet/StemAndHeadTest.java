package org.unet4j.layers.unet;

import org.unet4j.layers.topology.Activation;
import org.unet4j.layers.topology.ConvPadding;
import org.unet4j.layers.topology.Norm;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.unet4j.autodiff.Autograd;
import org.unet4j.autodiff.NoGrad;
import org.unet4j.autodiff.Padding;
import org.unet4j.autodiff.Shape;
import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.Sequential;
import org.unet4j.layers.nn.Conv2d;

/** A stem before the first level and a pluggable head after the last; the default head stays a 1x1 convolution. */
class StemAndHeadTest {

    private static Tensor run(UNet net, Tensor x) {
        try (NoGrad scope = Autograd.noGrad()) {
            return net.forward(x);
        }
    }

    @Test
    void theDefaultHasNoStemAndAPointwiseHead() {
        UNet net = UNet.builder().levels(2).filters(2, 4).build();
        assertTrue(net.stem().isEmpty());
        Conv2d head = (Conv2d) net.head();
        assertEquals(1, head.weight().shape().dim(2));
        assertFalse(net.toString().contains("stem") || net.toString().contains("head conv"), net.toString());
    }

    @Test
    void aConvolutionalStemFeedsTheFirstLevelAndShrinksUnderValidPadding() {
        UNet same = UNet.builder().inChannels(2).levels(2).filters(3, 4)
                .stem(Stem.convolution(5, 3, Norm.BATCH, Activation.SIGMOID)).build();
        assertEquals(5, ((Conv2d) ((Sequential) same.stem().orElseThrow()).get(0)).outChannels());
        assertEquals(java.util.List.of(8), same.nearestValidInputSizes(8));
        UNet valid = UNet.builder().levels(2).filters(3, 4).padding(ConvPadding.VALID)
                .stem(Stem.convolution(5, 3, Norm.NONE, Activation.RELU)).build();
        UNet plain = UNet.builder().levels(2).filters(3, 4).padding(ConvPadding.VALID).build();
        int size = plain.validInputSizes(20, 40).get(0);
        assertTrue(valid.geometry().isValidInputSize(size + 2));
        assertEquals(plain.outputShape(1, 1, size, size), valid.outputShape(1, 1, size + 2, size + 2));
        Tensor x = Tensor.randn(new SplittableRandom(1), 1, 1, size + 2, size + 2);
        assertEquals(valid.outputShape(x.shape()), run(valid, x).shape());
        String summary = valid.summary(x.shape());
        assertTrue(summary.contains("stem") && summary.contains("[1, 5, " + size + ", " + size + "]"), summary);
        assertTrue(valid.toString().contains("stem conv3x3-NONE-RELU to 5"), valid.toString());
    }

    @Test
    void aCustomHeadReplacesTheOneByOneConvolution() {
        Head smooth = Head.of("smooth5x5", (in, out, s) -> s.convolution(in, out, 5).padding(Padding.SAME)
                .build(s.rng()));
        UNet net = UNet.builder().levels(2).filters(2, 4).outChannels(3).head(smooth).build();
        assertEquals(5, ((Conv2d) net.head()).weight().shape().dim(3));
        assertEquals(Shape.of(2, 3, 8, 8), run(net, Tensor.randn(new SplittableRandom(2), 2, 1, 8, 8)).shape());
        assertTrue(net.toString().contains("head smooth5x5"), net.toString());
    }

    @Test
    void aCustomStemOrHeadThatChangesTheSizeIsReportedClearly() {
        UNet shrinkingHead = UNet.builder().levels(2).filters(2, 4)
                .head(Head.of("valid3x3", (in, out, s) -> Conv2d.builder(in, out, 3).build(s.rng()))).build();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> run(shrinkingHead, Tensor.randn(new SplittableRandom(3), 1, 1, 8, 8)));
        assertTrue(e.getMessage().contains("custom head must keep the spatial size"), e.getMessage());
        UNet shrinkingStem = UNet.builder().levels(2).filters(2, 4)
                .stem(Stem.of("valid3x3", 2, (in, out, s) -> Conv2d.builder(in, out, 3).build(s.rng()))).build();
        e = assertThrows(IllegalStateException.class,
                () -> run(shrinkingStem, Tensor.randn(new SplittableRandom(4), 1, 1, 8, 8)));
        assertTrue(e.getMessage().contains("custom stem must keep the spatial size"), e.getMessage());
    }

    @Test
    void theNewActivationsAreTheSigmoidAndTheIdentity() {
        Tensor x = Tensor.of(new double[] {-2, 0, 3}, 3);
        try (NoGrad scope = Autograd.noGrad()) {
            assertEquals(0.0, Activation.SIGMOID.create().forward(x).sub(x.sigmoid()).abs().max().item());
            assertEquals(0.0, Activation.IDENTITY.create().forward(x).sub(x).abs().max().item());
        }
    }
}
