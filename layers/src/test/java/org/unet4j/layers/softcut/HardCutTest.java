package org.unet4j.layers.softcut;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.unet4j.autodiff.DType;
import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.softcut.SoftCut.Solver;

class HardCutTest {

    private static double[] threshold(Tensor x) {
        return Arrays.stream(x.toDoubleArray()).map(v -> v > 0 ? 1 : 0).toArray();
    }

    @Test
    void withZeroWeightsTheCutIsTheSignOfTheScoresLikeTheRelaxedOutput() {
        Tensor[] in = SoftCutTest.randomInputs(new SplittableRandom(21), 1, 2, 2, 5, 4, 3);
        List<Tensor> zeros = SoftCutTest.weights(in).stream().map(Tensor::zerosLike).toList();
        Tensor cut = SoftCut.hardCut(in[0], zeros);
        assertArrayEquals(threshold(in[0]), cut.toDoubleArray());
        assertArrayEquals(threshold(SoftCut.solve(in[0], zeros, Solver.EXACT)), cut.toDoubleArray());
    }

    @Test
    void twoPixelsAgreeWithEquation24InBothLimits() {
        double[][] scorePairs = {{1.5, -0.5}, {-2, 0.7}, {0.3, 0.4}, {-0.2, -1}};
        for (double[] p : scorePairs) {
            Tensor scores = Tensor.of(p, 1, 1, 1, 2);
            Tensor vertical = Tensor.zeros(DType.FLOAT64, 1, 1, 0, 2);
            for (double g : new double[] {0, 1e4}) {
                Tensor horizontal = Tensor.of(new double[] {g}, 1, 1, 1, 1);
                double x1 = (g * (p[0] + p[1]) + p[0]) / (2 * g + 1);
                double x2 = (g * (p[0] + p[1]) + p[1]) / (2 * g + 1);
                double[] expected = {x1 > 0 ? 1 : 0, x2 > 0 ? 1 : 0};
                assertArrayEquals(expected, SoftCut.hardCut(scores, List.of(vertical, horizontal)).toDoubleArray(),
                        "p = " + p[0] + ", " + p[1] + ", G = " + g);
            }
        }
    }

    @Test
    void componentsJoinedByHugeWeightsAndCutByZeroWeightsTakeTheSignOfTheirScoreSum() {
        // a 4 x 6 image split into a left 4 x 2 block and a right 4 x 4 block by zero horizontal weights
        SplittableRandom rng = new SplittableRandom(22);
        Tensor scores = Tensor.uniform(rng, DType.FLOAT64, -1, 1, 1, 1, 4, 6);
        scores.set(5, 0, 0, 0, 0);
        scores.set(-9, 0, 0, 3, 5);
        Tensor vertical = Tensor.full(DType.FLOAT64, 1e5, 1, 1, 3, 6);
        Tensor horizontal = Tensor.full(DType.FLOAT64, 1e5, 1, 1, 4, 5);
        for (int r = 0; r < 4; r++) {
            horizontal.set(0, 0, 0, r, 1);
        }
        List<Tensor> weights = List.of(vertical, horizontal);
        Tensor relaxed = SoftCut.solve(scores, weights, Solver.EXACT);
        Tensor cut = SoftCut.hardCut(scores, weights);
        assertArrayEquals(threshold(relaxed), cut.toDoubleArray());
        double left = scores.slice(3, 0, 2).sum().item();
        double right = scores.slice(3, 2, 6).sum().item();
        for (int r = 0; r < 4; r++) {
            for (int c = 0; c < 6; c++) {
                double expected = (c < 2 ? left : right) > 0 ? 1 : 0;
                assertArrayEquals(new double[] {expected}, new double[] {cut.get(0, 0, r, c)});
            }
        }
    }
}
