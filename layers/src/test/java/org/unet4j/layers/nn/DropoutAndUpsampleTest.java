package org.unet4j.layers.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.unet4j.autodiff.DType;
import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.ModuleGradients;
import org.unet4j.layers.Sequential;

class DropoutAndUpsampleTest {

    @Test
    void dropoutDropsAndRescalesInTrainingAndIsTheIdentityInEvaluation() {
        Dropout dropout = new Dropout(0.5, new SplittableRandom(1));
        Tensor x = Tensor.ones(10_000);
        float[] y = dropout.forward(x).toFloatArray();
        int zeros = 0;
        for (float v : y) {
            assertTrue(v == 0 || v == 2);
            zeros += v == 0 ? 1 : 0;
        }
        assertEquals(5000, zeros, 200);
        Sequential net = Sequential.of(dropout);
        net.eval();
        assertSame(x, dropout.forward(x));
        assertEquals("Dropout(p 0.5)", dropout.label());
        assertThrows(IllegalArgumentException.class, () -> new Dropout(1, new SplittableRandom(1)));
    }

    @Test
    void theSameSeedDropsTheSameElements() {
        Tensor x = Tensor.ones(100);
        assertArrayEquals(new Dropout(0.3, new SplittableRandom(5)).forward(x).toFloatArray(),
                new Dropout(0.3, new SplittableRandom(5)).forward(x).toFloatArray());
    }

    @Test
    void upsampleScalesOrResizes() {
        Tensor x = Tensor.arange(4).reshape(1, 1, 2, 2);
        assertArrayEquals(new float[] {0, 0, 1, 1, 0, 0, 1, 1, 2, 2, 3, 3, 2, 2, 3, 3},
                Upsample.nearest(2).forward(x).toFloatArray());
        assertArrayEquals(new int[] {1, 1, 6, 6}, Upsample.bilinear(3, false).forward(x).dims());
        assertArrayEquals(new int[] {1, 1, 5, 3}, Upsample.bilinearToSize(5, 3, true).forward(x).dims());
        assertArrayEquals(new int[] {1, 1, 3, 4}, Upsample.nearestToSize(3, 4).forward(x).dims());
        assertEquals("Upsample(bilinear, scale 2, align corners)", Upsample.bilinear(2, true).label());
        assertEquals("Upsample(nearest, size 3x4)", Upsample.nearestToSize(3, 4).label());
        assertThrows(IllegalArgumentException.class, () -> Upsample.nearest(0));
    }

    @Test
    void bilinearUpsampleGradients() {
        ModuleGradients.assertGradientsMatch(Upsample.bilinear(2, false), Tensor.randn(new SplittableRandom(3), DType.FLOAT64, 1,
                1, 3, 3));
    }
}
