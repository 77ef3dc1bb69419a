package org.unet4j.autodiff.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.unet4j.autodiff.BinaryFn;
import org.unet4j.autodiff.UnaryFn;

/**
 * The float32 loops of {@link Elementwise} that run on the Vector API against the double formulas rounded to float:
 * binary arithmetic on two runs, a run and a scalar, a scalar and a run, bit for bit (float arithmetic is the rounded
 * double result); softplus within one ulp over normal, large and tiny arguments, exact at the infinities, NaN for
 * NaN; lengths that are no whole number of vectors, so that the scalar tails run too.
 */
class ElementwiseTest {

    @Test
    void arithmeticOnRunsAndScalarsIsTheRoundedDoubleFormula() {
        Random r = new Random(2);
        int n = 1037;
        float[] a = new float[n + 5];
        float[] b = new float[n + 3];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) r.nextGaussian();
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = (float) (r.nextGaussian() + 0.1);
        }
        int[][] strides = {{1, 1}, {1, 0}, {0, 1}};
        for (BinaryFn fn : new BinaryFn[] {BinaryFn.ADD, BinaryFn.SUB, BinaryFn.MUL, BinaryFn.DIV}) {
            for (int[] s : strides) {
                float[] o = new float[n + 2];
                Elementwise.binary(fn, a, 5, s[0], b, 3, s[1], o, 2, n);
                for (int i = 0; i < n; i++) {
                    float expected = (float) fn.apply(a[5 + i * s[0]], b[3 + i * s[1]]);
                    assertEquals(expected, o[2 + i], fn + " with strides " + s[0] + ", " + s[1] + " at " + i);
                }
                assertEquals(0f, o[0] + o[1], "nothing written before the output offset");
            }
        }
    }

    @Test
    void softplusIsWithinAnUlpOfTheDoubleFormula() {
        Random r = new Random(1);
        float[] x = new float[4099];
        for (int i = 0; i < x.length; i++) {
            x[i] = switch (i % 4) {
                case 0 -> (float) r.nextGaussian();
                case 1 -> (float) (r.nextGaussian() * 30);
                case 2 -> (float) ((r.nextDouble() - 0.5) * 200);
                default -> (float) (r.nextGaussian() * 1e-6);
            };
        }
        float[] y = new float[x.length];
        Elementwise.unary(UnaryFn.SOFTPLUS, 0, 0, x, y, 0, x.length);
        for (int i = 0; i < x.length; i++) {
            float expected = (float) UnaryFn.SOFTPLUS.apply(x[i], 0, 0);
            float ulp = Math.ulp(Math.max(Math.abs(expected), Float.MIN_NORMAL));
            assertTrue(Math.abs(y[i] - expected) <= ulp, "softplus(" + x[i] + ") = " + y[i] + ", expected " + expected);
        }
    }

    @Test
    void softplusOfInfinitiesAndNanFollowsTheFormula() {
        float[] x = new float[64];
        x[3] = Float.POSITIVE_INFINITY;
        x[17] = Float.NEGATIVE_INFINITY;
        x[40] = Float.NaN;
        float[] y = new float[x.length];
        Elementwise.unary(UnaryFn.SOFTPLUS, 0, 0, x, y, 0, x.length);
        assertEquals(Float.POSITIVE_INFINITY, y[3]);
        assertEquals(0f, y[17]);
        assertTrue(Float.isNaN(y[40]));
        assertEquals((float) Math.log(2), y[0], Math.ulp((float) Math.log(2)));
    }
}
