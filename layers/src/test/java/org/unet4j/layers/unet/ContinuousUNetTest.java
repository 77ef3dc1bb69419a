package org.unet4j.layers.unet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.unet4j.autodiff.DType;
import org.unet4j.autodiff.Shape;
import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.topology.Norm;
import org.unet4j.layers.zoo.TrainingSanity;

/**
 * The Continuous U-Net on its own: the output has the input's size and the head's channels in 1-D and 2-D, inputs
 * that are not multiples of f^(levels - 1) are rejected with the valid sizes named, and a small network overfits a
 * tiny generated set. Its float64 gradient checks are {@link WholeUNetGradientsTest} (2-D, every gradient mode),
 * {@link VolumetricUNetTest} (3-D) and {@link OdeBlockOptionsTest} (the blocks' field options).
 */
class ContinuousUNetTest {

    @Test
    void outputKeepsTheInputSizeWithTheHeadsChannels() {
        ContinuousUNet net = ContinuousUNet.builder().inChannels(2).outChannels(3).filters(2, 3, 4)
                .block(Block.dynamic("euler", 1)).seed(1).build();
        Tensor x = Tensor.randn(new SplittableRandom(2), DType.FLOAT64, 2, 2, 8, 12);
        Tensor y = net.to(DType.FLOAT64).forward(x);
        assertEquals(Shape.of(2, 3, 8, 12), y.shape());
        assertEquals(y.shape(), net.outputShape(x.shape()));
    }

    @Test
    void oneDimensionalNetworkKeepsTheWidth() {
        ContinuousUNet net = ContinuousUNet.builder().spatialDims(1).filters(2, 2).factor(3)
                .block(Block.firstOrder("euler", 1)).seed(3).build();
        Tensor y = net.forward(Tensor.randn(new SplittableRandom(4), 3, 1, 9));
        assertEquals(Shape.of(3, 1, 9), y.shape());
    }

    @Test
    void sizesThatAreNotMultiplesOfTheTotalFactorAreRejected() {
        ContinuousUNet net = ContinuousUNet.builder().filters(2, 2, 2).seed(5).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> net.forward(Tensor.zeros(1, 1, 8, 10)));
        assertTrue(e.getMessage().contains("8") && e.getMessage().contains("12"), e.getMessage());
        IllegalArgumentException channels = assertThrows(IllegalArgumentException.class,
                () -> net.forward(Tensor.zeros(1, 2, 8, 8)));
        assertTrue(channels.getMessage().contains("1 input channel"), channels.getMessage());
    }

    /** Four noisy discs and squares (TrainingSanity's set): the BCE loss falls tenfold in 150 Adam steps. */
    @Test
    void smallNetworkOverfitsATinyGeneratedSet() {
        ContinuousUNet net = ContinuousUNet.builder().filters(4, 8, 8).block(Block.dynamic("rk4", 1))
                .norm(Norm.BATCH).seed(1).build();
        TrainingSanity.assertLossFallsTenfold(net, 1, 32, 1e-2, 150);
    }
}
