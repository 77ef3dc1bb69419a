package org.unet4j.layers.unet;

import org.unet4j.layers.topology.Activation;
import org.unet4j.layers.topology.ConvPadding;
import org.unet4j.layers.topology.Norm;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.unet4j.autodiff.Autograd;
import org.unet4j.autodiff.DType;
import org.unet4j.autodiff.NoGrad;
import org.unet4j.autodiff.Shape;
import org.unet4j.autodiff.Tensor;

/**
 * {@link SkipMerge#CORRECTION}: decoder level i computes y_i = a_i block(up(y_{i+1})) + b_i crop(e_i), the multigrid
 * coarse-grid correction, with learned scalars a_i, b_i starting at 1/2.
 */
class SkipCorrectionTest {

    private static UNet net(ConvPadding padding) {
        UNet net = UNet.builder().levels(2).filters(2, 3).padding(padding).norm(Norm.NONE)
                .activation(Activation.TANH).skipMerge(SkipMerge.CORRECTION).seed(5).build();
        net.to(DType.FLOAT64);
        net.eval();
        return net;
    }

    private static Tensor run(UNet net, Tensor x) {
        try (NoGrad scope = Autograd.noGrad()) {
            return net.forward(x);
        }
    }

    private static void setCorrection(UNet net, double a, double b) {
        net.correction(0).a().set(Tensor.of(new double[] {a}, 1));
        net.correction(0).b().set(Tensor.of(new double[] {b}, 1));
    }

    @Test
    void withAZeroAndBOneTheDecoderPassesTheSkipOn() {
        for (ConvPadding padding : ConvPadding.values()) {
            UNet net = net(padding);
            setCorrection(net, 0, 1);
            int size = net.validInputSizes(12, 40).get(0);
            Tensor x = Tensor.randn(new SplittableRandom(1), DType.FLOAT64, 2, 1, size, size);
            Tensor out = run(net, x);
            Tensor expected;
            try (NoGrad scope = Autograd.noGrad()) {
                Tensor skip = net.encoder(0).forward(x);
                expected = net.head().forward(skip.centerCrop(out.dim(2), out.dim(3)));
            }
            assertEquals(0.0, out.sub(expected).abs().max().item(), 1e-12, padding.toString());
        }
    }

    @Test
    void withAOneAndBZeroTheDecoderIsTheCoarseCorrectionAlone() {
        UNet net = net(ConvPadding.SAME);
        setCorrection(net, 1, 0);
        Tensor x = Tensor.randn(new SplittableRandom(2), DType.FLOAT64, 1, 1, 8, 8);
        Tensor expected;
        try (NoGrad scope = Autograd.noGrad()) {
            Tensor coarse = net.bottleneck().forward(net.namedModules().get("down0")
                    .forward(net.encoder(0).forward(x)));
            Tensor up = net.namedModules().get("up0").forward(coarse);
            expected = net.head().forward(net.decoder(0).forward(up));
        }
        assertEquals(0.0, run(net, x).sub(expected).abs().max().item(), 1e-12);
    }

    @Test
    void theWeightsStartAtOneHalfAndTheSummaryShowsThem() {
        UNet net = UNet.builder().levels(3).filters(2, 3, 4).skipMerge(SkipMerge.CORRECTION).build();
        for (int level = 0; level < 2; level++) {
            assertEquals(0.5, net.correction(level).a().tensor().item());
            assertEquals(0.5, net.correction(level).b().tensor().item());
        }
        String summary = net.summary(Shape.of(1, 1, 16, 16));
        assertTrue(summary.contains("correction0") && summary.contains("correction1"), summary);
        assertTrue(net.toString().contains("CORRECTION"), net.toString());
        assertEquals(net.outputShape(1, 1, 16, 16), run(net, Tensor.randn(new SplittableRandom(3), 1, 1, 16, 16))
                .shape());
    }

    @Test
    void otherMergesHaveNoCorrections() {
        UNet net = UNet.builder().levels(2).filters(2, 2).build();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> net.correction(0));
        assertTrue(e.getMessage().contains("skipMerge(CORRECTION)"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> UNet.builder().levels(2).filters(2, 2)
                .skipMerge(SkipMerge.CORRECTION).build().correction(1));
    }
}
