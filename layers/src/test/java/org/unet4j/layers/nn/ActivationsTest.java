package org.unet4j.layers.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.unet4j.autodiff.DType;
import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.Module;
import org.unet4j.layers.ModuleGradients;

class ActivationsTest {
    private final Tensor x = Tensor.of(new double[] {-2, -0.5, 0.25, 3}, 2, 2);

    private static void assertValues(double[] expected, Module m, Tensor x) {
        assertArrayEquals(expected, m.forward(x).toDoubleArray(), 1e-12, m.label());
        assertEquals(0, m.parameterCount());
    }

    @Test
    void eachActivationAppliesItsFunctionElementwise() {
        assertValues(new double[] {0, 0, 0.25, 3}, new ReLU(), x);
        assertValues(new double[] {-0.2, -0.05, 0.25, 3}, new LeakyReLU(0.1), x);
        assertValues(new double[] {-0.02, -0.005, 0.25, 3}, new LeakyReLU(), x);
        double[] sig = new double[4];
        double[] tanh = new double[4];
        double[] silu = new double[4];
        double[] softplus = new double[4];
        double[] softplus2 = new double[4];
        for (int i = 0; i < 4; i++) {
            double v = x.flatGet(i);
            sig[i] = 1 / (1 + Math.exp(-v));
            tanh[i] = Math.tanh(v);
            silu[i] = v * sig[i];
            softplus[i] = Math.log1p(Math.exp(v));
            softplus2[i] = Math.log1p(Math.exp(2 * v)) / 2;
        }
        assertValues(sig, new Sigmoid(), x);
        assertValues(tanh, new Tanh(), x);
        assertValues(silu, new SiLU(), x);
        assertValues(softplus, new Softplus(), x);
        assertValues(softplus2, new Softplus(2), x);
        assertSame(x, new Identity().forward(x));
    }

    @Test
    void softplusWithBetaHasCorrectGradients() {
        ModuleGradients.assertGradientsMatch(new Softplus(3), Tensor.randn(new SplittableRandom(2), DType.FLOAT64, 5));
    }

    @Test
    void badOptionsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new Softplus(0));
        assertThrows(IllegalArgumentException.class, () -> new LeakyReLU(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new Flatten(-1));
    }

    @Test
    void flattenKeepsTheBatchAxis() {
        Tensor y = new Flatten().forward(Tensor.zeros(2, 3, 4, 5));
        assertArrayEquals(new int[] {2, 60}, y.dims());
        assertArrayEquals(new int[] {2, 3, 20}, new Flatten(2).forward(Tensor.zeros(2, 3, 4, 5)).dims());
    }
}
