package org.unet4j.layers.softcut;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.unet4j.autodiff.DType;
import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.softcut.SoftCut.Solver;

class SoftCutTest {

    /** Random scores in [-3, 3] and weights in [0, scale), with some exact zeros (cut edges). */
    static Tensor[] randomInputs(SplittableRandom rng, double scale, int... dims) {
        int d = dims.length - 2;
        Tensor[] t = new Tensor[d + 1];
        t[0] = Tensor.uniform(rng, DType.FLOAT64, -3, 3, dims);
        for (int k = 0; k < d; k++) {
            int[] wd = dims.clone();
            wd[2 + k]--;
            Tensor w = Tensor.uniform(rng, DType.FLOAT64, 0, scale, wd);
            for (int i = 0; i < w.size(); i += 5) {
                w.flatSet(i, 0);
            }
            t[k + 1] = w;
        }
        return t;
    }

    static List<Tensor> weights(Tensor[] inputs) {
        return new ArrayList<>(List.of(inputs).subList(1, inputs.length));
    }

    private static void assertMatchesDense(Tensor[] in, Tensor x, double tolerance) {
        int[] dims = in[0].dims();
        int[] sizes = java.util.Arrays.copyOfRange(dims, 2, dims.length);
        SoftCutGeometry g = SoftCutGeometry.of(in[0], weights(in));
        double[][] all = new double[sizes.length][];
        for (int k = 0; k < sizes.length; k++) {
            all[k] = in[k + 1].toDoubleArray();
        }
        double[] xs = x.toDoubleArray();
        for (int s = 0; s < g.systems(); s++) {
            double[] expected = DenseSoftCut.solve(sizes, g.systemWeights(all, s), g.systemPoints(in[0].toDoubleArray(), s));
            assertArrayEquals(expected, g.systemPoints(xs, s), tolerance, "system " + s);
        }
    }

    @Test
    void everySolverMatchesADenseSolveIn1d2dAnd3d() {
        SplittableRandom rng = new SplittableRandom(1);
        for (int[] dims : new int[][] {{2, 1, 9}, {2, 2, 5, 6}, {1, 2, 3, 4, 5}}) {
            Tensor[] in = randomInputs(rng, 5, dims);
            assertMatchesDense(in, SoftCut.solve(in[0], weights(in), Solver.EXACT), 1e-10);
            SoftCut tight = SoftCut.builder().solver(Solver.CG).tolerance(1e-12).build();
            assertMatchesDense(in, tight.apply(in[0], weights(in)), 1e-9);
            SoftCut mg = SoftCut.builder().solver(Solver.MGPCG).tolerance(1e-12).build();
            assertMatchesDense(in, mg.apply(in[0], weights(in)), 1e-9);
        }
    }

    @Test
    void theThesisToleranceGivesAMeanAbsoluteResidualBelowOneMillionth() {
        Tensor[] in = randomInputs(new SplittableRandom(2), 20, 1, 1, 16, 16);
        Tensor exact = SoftCut.solve(in[0], weights(in), Solver.EXACT);
        for (Solver solver : List.of(Solver.CG, Solver.MGPCG)) {
            Tensor x = SoftCut.solve(in[0], weights(in), solver);
            double meanError = x.sub(exact).abs().mean().item();
            assertEquals(0, meanError, 1e-4, solver + " mean error " + meanError);
        }
    }

    @Test
    void twoPixelsWithConductanceGFollowEquation24() {
        double p1 = 1.5;
        double p2 = -0.5;
        for (double conductance : new double[] {0, 0.3, 1, 7, 1e6}) {
            Tensor scores = Tensor.of(new double[] {p1, p2}, 1, 1, 1, 2);
            Tensor vertical = Tensor.zeros(DType.FLOAT64, 1, 1, 0, 2);
            Tensor horizontal = Tensor.of(new double[] {conductance}, 1, 1, 1, 1);
            double x1 = (conductance * (p1 + p2) + p1) / (2 * conductance + 1);
            double x2 = (conductance * (p1 + p2) + p2) / (2 * conductance + 1);
            for (Solver solver : Solver.values()) {
                Tensor x = SoftCut.solve(scores, vertical, horizontal, solver);
                assertArrayEquals(new double[] {x1, x2}, x.toDoubleArray(), 1e-6, solver + " at G = " + conductance);
            }
        }
    }

    @Test
    void samplesAndChannelsAreIndependentSystems() {
        Tensor[] in = randomInputs(new SplittableRandom(3), 4, 3, 2, 4, 5);
        Tensor batch = SoftCut.solve(in[0], weights(in), Solver.EXACT);
        for (int n = 0; n < 3; n++) {
            for (int c = 0; c < 2; c++) {
                final int sample = n;
                final int channel = c;
                List<Tensor> pick = new ArrayList<>();
                for (Tensor t : in) {
                    pick.add(t.slice(0, sample, sample + 1).slice(1, channel, channel + 1));
                }
                Tensor alone = SoftCut.solve(pick.get(0), pick.subList(1, pick.size()), Solver.EXACT);
                Tensor fromBatch = batch.slice(0, sample, sample + 1).slice(1, channel, channel + 1);
                assertArrayEquals(alone.toDoubleArray(), fromBatch.toDoubleArray(), 1e-12);
            }
        }
    }

    @Test
    void float32InputsGiveFloat32OutputsAndFromLogitsAppliesSoftplus() {
        Tensor[] in = randomInputs(new SplittableRandom(4), 3, 1, 1, 4, 4);
        Tensor logits0 = Tensor.uniform(new SplittableRandom(5), DType.FLOAT64, -4, 4, 1, 1, 3, 4);
        Tensor logits1 = Tensor.uniform(new SplittableRandom(6), DType.FLOAT64, -4, 4, 1, 1, 4, 3);
        Tensor viaLogits = SoftCut.fromLogits(in[0], List.of(logits0, logits1), Solver.EXACT);
        Tensor direct = SoftCut.solve(in[0], List.of(logits0.softplus(), logits1.softplus()), Solver.EXACT);
        assertArrayEquals(direct.toDoubleArray(), viaLogits.toDoubleArray(), 1e-12);

        Tensor x32 = SoftCut.solve(in[0].toFloat32(), List.of(in[1].toFloat32(), in[2].toFloat32()), Solver.EXACT);
        assertEquals(DType.FLOAT32, x32.dtype());
        assertArrayEquals(SoftCut.solve(in[0], weights(in), Solver.EXACT).toDoubleArray(), x32.toDoubleArray(), 1e-5);
    }
}
