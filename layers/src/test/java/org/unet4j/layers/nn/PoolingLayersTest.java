package org.unet4j.layers.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.unet4j.autodiff.DType;
import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.ModuleGradients;

class PoolingLayersTest {

    @Test
    void maxPoolTakesTheLargestOfEachWindow() {
        Tensor x = Tensor.arange(16).reshape(1, 1, 4, 4);
        Tensor y = new MaxPool2d(2).forward(x);
        assertArrayEquals(new int[] {1, 1, 2, 2}, y.dims());
        assertArrayEquals(new float[] {5, 7, 13, 15}, y.toFloatArray());
        assertArrayEquals(new int[] {1, 1, 3, 3}, new MaxPool2d(3, 2, 1).forward(Tensor.zeros(1, 1, 5, 5)).dims());
    }

    @Test
    void avgPoolAveragesEachWindow() {
        Tensor x = Tensor.arange(16).reshape(1, 1, 4, 4);
        assertArrayEquals(new float[] {2.5f, 4.5f, 10.5f, 12.5f}, new AvgPool2d(2).forward(x).toFloatArray());
        assertArrayEquals(new int[] {2, 3, 1, 1}, new AdaptiveAvgPool2d(1, 1).forward(Tensor.ones(2, 3, 7, 5))
                .dims());
    }

    @Test
    void poolingGradientsMatchFiniteDifferences() {
        SplittableRandom rng = new SplittableRandom(4);
        ModuleGradients.assertGradientsMatch(new AvgPool2d(3, 2, 1, false), Tensor.randn(rng, DType.FLOAT64, 1, 2, 5, 5));
        ModuleGradients.assertGradientsMatch(new MaxPool2d(2), Tensor.randn(rng, DType.FLOAT64, 1, 2, 4, 4));
    }

    @Test
    void describesItsWindowAndRejectsBadOptions() {
        assertEquals("MaxPool2d(kernel 2x2)", new MaxPool2d(2).label());
        assertEquals("AvgPool2d(kernel 3x3, stride 2, padding 1)", new AvgPool2d(3, 2, 1, true).label());
        assertThrows(IllegalArgumentException.class, () -> new MaxPool2d(0));
        assertThrows(IllegalArgumentException.class, () -> new MaxPool2d(2, 2, 2));
        assertThrows(IllegalArgumentException.class, () -> new AdaptiveAvgPool2d(0, 1));
    }
}
