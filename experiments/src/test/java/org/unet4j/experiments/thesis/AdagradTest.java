package org.unet4j.experiments.thesis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.unet4j.autodiff.DType;
import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.Parameter;

class AdagradTest {
    @Test
    void eachStepDividesTheGradientByTheRootOfTheSumOfItsSquares() {
        Parameter p = new Parameter(Tensor.of(new double[] {1, -2}, 2).to(DType.FLOAT64));
        Adagrad adagrad = new Adagrad(List.of(p), 0.1, 0);
        double[] expected = {1, -2};
        double[] sums = new double[2];
        double[] weights = {1, 3};
        for (int step = 0; step < 4; step++) {
            adagrad.zeroGrad();
            p.tensor().mul(p.tensor()).mul(Tensor.of(weights, 2).to(DType.FLOAT64)).sum().backward();   // g = 2 w p
            adagrad.step();
            for (int i = 0; i < 2; i++) {
                double g = 2 * weights[i] * expected[i];
                sums[i] += g * g;
                expected[i] -= 0.1 * g / Math.sqrt(sums[i]);
            }
            assertArrayEquals(expected, p.tensor().toDoubleArray(), 1e-12, "after step " + (step + 1));
        }
    }

    @Test
    void aNegativeEpsIsRejected() {
        Parameter p = new Parameter(Tensor.zeros(DType.FLOAT64, 2));
        assertThrows(IllegalArgumentException.class, () -> new Adagrad(List.of(p), 0.1, -1));
    }
}
