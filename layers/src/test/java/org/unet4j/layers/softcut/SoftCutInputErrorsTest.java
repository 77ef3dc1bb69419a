package org.unet4j.layers.softcut;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.unet4j.autodiff.DType;
import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.softcut.SoftCut.Solver;

class SoftCutInputErrorsTest {
    private final Tensor scores = Tensor.zeros(DType.FLOAT64, 2, 1, 3, 4);

    private static String message(Runnable call) {
        return assertThrows(IllegalArgumentException.class, call::run).getMessage();
    }

    @Test
    void aNegativeWeightIsReportedWithItsAxisIndexAndValue() {
        Tensor horizontal = Tensor.ones(DType.FLOAT64, 2, 1, 3, 3);
        horizontal.set(-0.25, 1, 0, 2, 1);
        String m = message(() -> SoftCut.solve(scores, Tensor.ones(DType.FLOAT64, 2, 1, 2, 4), horizontal,
                Solver.CG));
        assertTrue(m.contains("axis 1") && m.contains("[1, 0, 2, 1]") && m.contains("-0.25"), m);
    }

    @Test
    void aNaNWeightIsReportedForEverySolverAndForTheHardCut() {
        Tensor vertical = Tensor.ones(DType.FLOAT64, 2, 1, 2, 4);
        vertical.set(Double.NaN, 0, 0, 1, 3);
        List<Tensor> weights = List.of(vertical, Tensor.ones(DType.FLOAT64, 2, 1, 3, 3));
        for (Solver solver : Solver.values()) {
            String m = message(() -> SoftCut.solve(scores, weights, solver));
            assertTrue(m.contains("axis 0") && m.contains("[0, 0, 1, 3]") && m.contains("NaN"), m);
        }
        String m = message(() -> SoftCut.hardCut(scores, weights));
        assertTrue(m.contains("[0, 0, 1, 3]") && m.contains("NaN"), m);
    }

    @Test
    void aNaNOrInfiniteScoreIsReportedWithItsIndexAndValueForEverySolver() {
        List<Tensor> weights = List.of(Tensor.ones(DType.FLOAT64, 2, 1, 2, 4), Tensor.ones(DType.FLOAT64, 2, 1, 3, 3));
        for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            Tensor poisoned = Tensor.zeros(DType.FLOAT64, 2, 1, 3, 4);
            poisoned.set(bad, 1, 0, 2, 3);
            for (Solver solver : Solver.values()) {
                String m = message(() -> SoftCut.solve(poisoned, weights, solver));
                assertTrue(m.contains("score") && m.contains("[1, 0, 2, 3]") && m.contains(String.valueOf(bad)),
                        solver + ": " + m);
            }
        }
    }

    @Test
    void aShapeMismatchNamesBothShapesAndTheExpectedSize() {
        Tensor wrong = Tensor.ones(DType.FLOAT64, 2, 1, 3, 4);
        String m = message(() -> SoftCut.solve(scores, Tensor.ones(DType.FLOAT64, 2, 1, 2, 4), wrong, Solver.EXACT));
        assertTrue(m.contains("[2, 1, 3, 4]") && m.contains("[2, 1, 3, 3]") && m.contains("n_1 - 1 = 3"), m);
    }

    @Test
    void theNumberOfWeightTensorsMustBeTheNumberOfSpatialAxes() {
        String m = message(() -> SoftCut.solve(scores, List.of(Tensor.ones(DType.FLOAT64, 2, 1, 2, 4)),
                Solver.CG));
        assertTrue(m.contains("2 spatial axes") && m.contains("got 1"), m);
        String rank = message(() -> SoftCut.solve(Tensor.zeros(DType.FLOAT64, 4, 4), List.of(), Solver.CG));
        assertTrue(rank.contains("N x C x spatial"), rank);
    }
}
