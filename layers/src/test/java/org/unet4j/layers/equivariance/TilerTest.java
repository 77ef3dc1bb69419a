package org.unet4j.layers.equivariance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.unet4j.autodiff.Autograd;
import org.unet4j.autodiff.DType;
import org.unet4j.autodiff.NoGrad;
import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.topology.ConvPadding;
import org.unet4j.layers.topology.Norm;
import org.unet4j.layers.unet.UNet;

class TilerTest {
    private static UNet net() {
        UNet net = UNet.builder().inChannels(2).outChannels(3).levels(3).filters(2, 3, 4).padding(ConvPadding.VALID)
                .norm(Norm.NONE).seed(4).build();
        net.to(DType.FLOAT64);
        return net;
    }

    private static Tensor whole(UNet net, Tensor image) {
        try (NoGrad scope = Autograd.noGrad()) {
            return net.forward(image);
        }
    }

    @Test
    void stitchedOutputEqualsTheWholeImageOutputForTilesOfMultiplesOfThePeriod() {
        UNet net = net();
        int side = net.geometry().inputSize(12);
        Tensor image = Tensor.randn(new SplittableRandom(1), DType.FLOAT64, 2, 2, side, net.geometry().inputSize(9));
        Tiler tiler = Tiler.of(net, 8);
        assertTrue(tiler.warning().isEmpty());
        Tensor expected = whole(net, image);
        Tensor stitched = tiler.apply(image);
        assertEquals(expected.shape(), stitched.shape());
        assertEquals(0.0, stitched.sub(expected).abs().max().item());
    }

    @Test
    void defaultTileIsTheSmallestMultipleOfThePeriodOfAtLeast64() {
        UNet net = net();
        Tiler tiler = Tiler.of(net);
        assertEquals(64, tiler.outputTile());
        assertTrue(net.geometry().outputSize(tiler.inputTile()).getAsInt() >= 64);
    }

    @Test
    void tilesOffThePeriodWarnAndDiffer() {
        UNet net = net();
        int side = net.geometry().inputSize(10);
        Tensor image = Tensor.randn(new SplittableRandom(2), DType.FLOAT64, 1, 2, side, side);
        Tiler tiler = Tiler.of(net, 6);
        assertTrue(tiler.warning().orElseThrow().contains("not a multiple of f^L = 4"));
        assertTrue(tiler.apply(image).sub(whole(net, image)).abs().max().item() > 1e-6);
    }

    @Test
    void invalidImagesAreRejectedWithTheNearestValidSizes() {
        Tiler tiler = Tiler.of(net(), 8);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> tiler.apply(Tensor.zeros(DType.FLOAT64, 1, 2, 101, 101)));
        assertTrue(e.getMessage().contains("nearest valid"), e.getMessage());
        int small = net().geometry().smallestInputSize();
        IllegalArgumentException tooSmall = assertThrows(IllegalArgumentException.class,
                () -> Tiler.of(net(), 64).apply(Tensor.zeros(DType.FLOAT64, 1, 2, small, small)));
        assertTrue(tooSmall.getMessage().contains("smaller than one input tile"), tooSmall.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Tiler.of(net(), 0));
    }
}
