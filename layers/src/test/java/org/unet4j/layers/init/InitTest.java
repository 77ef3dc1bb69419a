package org.unet4j.layers.init;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.unet4j.autodiff.Shape;
import org.unet4j.autodiff.Tensor;

class InitTest {

    private static double[] stats(Tensor t) {
        double sum = 0;
        double sumSq = 0;
        double maxAbs = 0;
        for (double v : t.toDoubleArray()) {
            sum += v;
            sumSq += v * v;
            maxAbs = Math.max(maxAbs, Math.abs(v));
        }
        double mean = sum / t.size();
        return new double[] {mean, Math.sqrt(sumSq / t.size() - mean * mean), maxAbs};
    }

    private static Tensor filled(Init init, int... dims) {
        Tensor t = Tensor.zeros(dims);
        init.fill(t, Fans.of(t.shape()), new SplittableRandom(11));
        return t;
    }

    @Test
    void fansOfConvolutionAndLinearWeightsFollowPyTorch() {
        assertEquals(new Fans(8 * 9, 16 * 9), Fans.of(Shape.of(16, 8, 3, 3)));
        assertEquals(new Fans(128, 10), Fans.of(Shape.of(10, 128)));
        assertEquals(new Fans(4 * 4, 8 * 4), Fans.of(Shape.of(8, 4, 2, 2)));
        assertThrows(IllegalArgumentException.class, () -> Fans.of(Shape.of(5)));
    }

    @Test
    void kaimingNormalHasStdSqrtTwoOverFanIn() {
        Tensor w = filled(Init.kaimingNormal(), 256, 128, 3, 3);
        double[] s = stats(w);
        double expected = Math.sqrt(2.0 / (128 * 9));
        assertEquals(0, s[0], 0.01 * expected);
        assertEquals(expected, s[1], 0.01 * expected);
    }

    @Test
    void kaimingFanOutAndLeakySlopeScaleTheStd() {
        Tensor w = filled(Init.kaimingNormal(FanMode.FAN_OUT, 0.2), 64, 256, 3, 3);
        double expected = Math.sqrt(2 / 1.04) / Math.sqrt(64 * 9);
        assertEquals(expected, stats(w)[1], 0.01 * expected);
    }

    @Test
    void kaimingUniformIsBoundedBySqrtSixOverFanIn() {
        Tensor w = filled(Init.kaimingUniform(), 256, 128, 3, 3);
        double bound = Math.sqrt(6.0 / (128 * 9));
        double[] s = stats(w);
        assertTrue(s[2] <= bound && s[2] > 0.99 * bound);
        assertEquals(bound / Math.sqrt(3), s[1], 0.01 * bound);
    }

    @Test
    void xavierNormalAndUniformHaveTheGlorotStd() {
        double expected = Math.sqrt(2.0 / (300 + 500));
        assertEquals(expected, stats(filled(Init.xavierNormal(), 500, 300))[1], 0.01 * expected);
        double[] u = stats(filled(Init.xavierUniform(2), 500, 300));
        assertEquals(2 * expected, u[1], 0.02 * expected);
        assertTrue(u[2] <= 2 * Math.sqrt(6.0 / 800));
    }

    @Test
    void fanInUniformIsPyTorchsDefaultBound() {
        double[] s = stats(filled(Init.fanInUniform(), 64, 100));
        assertTrue(s[2] <= 0.1 && s[2] > 0.099);
    }

    @Property(tries = 10)
    void theSameSeedGivesTheSameValues(@ForAll @IntRange(min = 1, max = 40) int out,
            @ForAll @IntRange(min = 1, max = 40) int in, @ForAll long seed) {
        Tensor a = Tensor.zeros(out, in);
        Tensor b = Tensor.zeros(out, in);
        Init.kaimingNormal().fill(a, Fans.of(a.shape()), new SplittableRandom(seed));
        Init.kaimingNormal().fill(b, Fans.of(b.shape()), new SplittableRandom(seed));
        assertArrayEquals(a.toFloatArray(), b.toFloatArray());
    }

    @Test
    void simpleInitialisersAndValidation() {
        assertArrayEquals(new float[] {0.5f, 0.5f}, filled(Init.constant(0.5), 1, 2).toFloatArray());
        assertArrayEquals(new float[] {0, 0}, filled(Init.zeros(), 1, 2).toFloatArray());
        double[] n = stats(filled(Init.normal(3, 0.5), 200, 200));
        assertEquals(3, n[0], 0.01);
        assertEquals(0.5, n[1], 0.01);
        assertThrows(IllegalArgumentException.class, () -> Init.normal(0, -1));
        assertThrows(IllegalArgumentException.class, () -> Init.uniform(1, 0));
        assertThrows(IllegalArgumentException.class, () -> Init.xavierNormal(0));
    }
}
