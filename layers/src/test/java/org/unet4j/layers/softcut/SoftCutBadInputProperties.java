package org.unet4j.layers.softcut;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.unet4j.autodiff.DType;
import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.softcut.SoftCut.Solver;

/**
 * SoftCut with a bad value anywhere: a NaN or infinite score, or a negative, NaN or infinite weight, at a random
 * position of a random grid, is refused by every solver (and the hard cut, for weights) with an
 * {@link IllegalArgumentException} naming the position and the value; weights of the wrong size are refused naming
 * both shapes.
 */
class SoftCutBadInputProperties {

    @Provide
    Arbitrary<Double> badScores() {
        return Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY);
    }

    @Provide
    Arbitrary<Double> badWeights() {
        return Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -1e-3, -5.0);
    }

    private static int[] unravel(int flat, int[] dims) {
        int[] index = new int[dims.length];
        for (int a = dims.length - 1; a >= 0; a--) {
            index[a] = flat % dims[a];
            flat /= dims[a];
        }
        return index;
    }

    private static Tensor[] grid(int h, int w) {
        return new Tensor[] {Tensor.zeros(DType.FLOAT64, 2, 1, h, w), Tensor.ones(DType.FLOAT64, 2, 1, h - 1, w),
            Tensor.ones(DType.FLOAT64, 2, 1, h, w - 1)};
    }

    @Property(tries = 30)
    void aBadScoreAnywhereIsNamedByEverySolver(@ForAll @IntRange(min = 2, max = 6) int h,
            @ForAll @IntRange(min = 2, max = 6) int w, @ForAll @IntRange(min = 0, max = 1000) int at,
            @ForAll("badScores") double bad) {
        Tensor[] in = grid(h, w);
        int flat = at % in[0].size();
        in[0].flatSet(flat, bad);
        String index = Arrays.toString(unravel(flat, in[0].dims()));
        for (Solver solver : Solver.values()) {
            String m = assertThrows(IllegalArgumentException.class,
                    () -> SoftCut.solve(in[0], List.of(in[1], in[2]), solver)).getMessage();
            assertTrue(m.contains("score") && m.contains(index) && m.contains(String.valueOf(bad)), solver + ": " + m);
        }
    }

    @Property(tries = 30)
    void aBadWeightAnywhereIsNamedByEverySolverAndTheHardCut(@ForAll @IntRange(min = 2, max = 6) int h,
            @ForAll @IntRange(min = 2, max = 6) int w, @ForAll @IntRange(min = 0, max = 1) int axis,
            @ForAll @IntRange(min = 0, max = 1000) int at, @ForAll("badWeights") double bad) {
        Tensor[] in = grid(h, w);
        Tensor weights = in[1 + axis];
        int flat = at % weights.size();
        weights.flatSet(flat, bad);
        String index = Arrays.toString(unravel(flat, weights.dims()));
        for (Solver solver : Solver.values()) {
            String m = assertThrows(IllegalArgumentException.class,
                    () -> SoftCut.solve(in[0], List.of(in[1], in[2]), solver)).getMessage();
            assertTrue(m.contains("axis " + axis) && m.contains(index) && m.contains(String.valueOf(bad)),
                    solver + ": " + m);
        }
        String m = assertThrows(IllegalArgumentException.class,
                () -> SoftCut.hardCut(in[0], List.of(in[1], in[2]))).getMessage();
        assertTrue(m.contains(index) && m.contains(String.valueOf(bad)), "hardCut: " + m);
    }

    @Property(tries = 20)
    void weightsOfTheWrongSizeAreRefusedNamingBothShapes(@ForAll @IntRange(min = 2, max = 6) int h,
            @ForAll @IntRange(min = 2, max = 6) int w, @ForAll @IntRange(min = -1, max = 2) int offset) {
        if (offset == 0) {
            return;
        }
        Tensor scores = Tensor.zeros(DType.FLOAT64, 1, 1, h, w);
        Tensor vertical = Tensor.ones(DType.FLOAT64, 1, 1, h - 1 + offset, w);
        Tensor horizontal = Tensor.ones(DType.FLOAT64, 1, 1, h, w - 1);
        for (Solver solver : Solver.values()) {
            String m = assertThrows(IllegalArgumentException.class,
                    () -> SoftCut.solve(scores, vertical, horizontal, solver)).getMessage();
            assertTrue(m.contains(scores.shape().toString()) && m.contains(vertical.shape().toString()),
                    solver + ": " + m);
        }
    }
}
