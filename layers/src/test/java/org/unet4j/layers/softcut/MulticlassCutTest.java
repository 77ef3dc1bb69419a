package org.unet4j.layers.softcut;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.unet4j.autodiff.Autograd;
import org.unet4j.autodiff.DType;
import org.unet4j.autodiff.GradCheck;
import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.softcut.SoftCut.Solver;
import org.unet4j.solvers.linear.NotConvergedException;

class MulticlassCutTest {
    private static final SoftCut EXACT = SoftCut.builder().solver(Solver.EXACT).build();
    private static final MulticlassCut SOFT_CUT = MulticlassCut.of(EXACT);
    private static final MulticlassCut SUBMODULAR = MulticlassCut.of(SubmodularTotalVariation.create());

    @Test
    void sharedWeightsGiveEveryClassTheBinaryCutWithThoseWeights() {
        SplittableRandom rng = new SplittableRandom(1);
        Tensor scores = Tensor.uniform(rng, DType.FLOAT64, -3, 3, 2, 3, 4, 5);
        List<Tensor> shared = List.of(Tensor.uniform(rng, DType.FLOAT64, 0, 2, 2, 1, 3, 5),
                Tensor.uniform(rng, DType.FLOAT64, 0, 2, 2, 1, 4, 4));
        for (MulticlassCut cut : List.of(SOFT_CUT, SUBMODULAR)) {
            double[] x = cut.apply(scores, shared).toDoubleArray();
            for (int n = 0; n < 2; n++) {
                for (int k = 0; k < 3; k++) {
                    Tensor pk = channel(scores, n, k);
                    List<Tensor> wn = List.of(channel(shared.get(0), n, 0), channel(shared.get(1), n, 0));
                    double[] binary = (cut == SOFT_CUT ? EXACT.apply(pk, wn)
                            : SubmodularTotalVariation.create().apply(pk, wn)).toDoubleArray();
                    assertArrayEquals(binary, Arrays.copyOfRange(x, (n * 3 + k) * 20, (n * 3 + k + 1) * 20), 1e-12,
                            cut + " sample " + n + " class " + k);
                }
            }
        }
    }

    @Test
    void oneFactorisationPerSampleGivesTheValuesAndGradientsOfASolvePerClass() {
        SplittableRandom rng = new SplittableRandom(8);
        Tensor scores = Tensor.uniform(rng, DType.FLOAT64, -3, 3, 2, 3, 5, 4).requiresGrad(true);
        Tensor vertical = Tensor.uniform(rng, DType.FLOAT64, 0, 2, 2, 1, 4, 4).requiresGrad(true);
        Tensor horizontal = Tensor.uniform(rng, DType.FLOAT64, 0, 2, 2, 1, 5, 3).requiresGrad(true);
        Tensor seed = Tensor.randn(rng, DType.FLOAT64, 2, 3, 5, 4);
        for (SoftCut layer : List.of(EXACT, SoftCut.builder().solver(Solver.CG).tolerance(1e-13).build(),
                SoftCut.builder().solver(Solver.MGPCG).tolerance(1e-13).build())) {
            Tensor shared = MulticlassCut.of(layer).apply(scores, List.of(vertical, horizontal));
            Tensor perClass = layer.apply(scores, List.of(vertical.expand(2, 3, 4, 4), horizontal.expand(2, 3, 5, 3)));
            assertArrayEquals(perClass.toDoubleArray(), shared.toDoubleArray(), 1e-11, layer.toString());
            List<Tensor> leaves = List.of(scores, vertical, horizontal);
            Tensor[] a = Autograd.grad(shared, leaves, seed);
            Tensor[] b = Autograd.grad(perClass, leaves, seed);
            for (int i = 0; i < 3; i++) {
                assertArrayEquals(b[i].toDoubleArray(), a[i].toDoubleArray(), 1e-10, layer + " input " + i);
            }
        }
    }

    @Test
    void aClassWhoseSolveDoesNotConvergeIsNamedAndWarnIfNotConvergedLetsItThrough() {
        SplittableRandom rng = new SplittableRandom(5);
        double[] p = Tensor.uniform(rng, DType.FLOAT64, -3, 3, 1, 3, 8, 8).toDoubleArray();
        Arrays.fill(p, 0, 64, 0.5);   // class 0 constant: A 1 = 1, so its warm start is already its solution
        Tensor scores = Tensor.wrap(p, 1, 3, 8, 8);
        List<Tensor> shared = List.of(Tensor.uniform(rng, DType.FLOAT64, 1, 2, 1, 1, 7, 8),
                Tensor.uniform(rng, DType.FLOAT64, 1, 2, 1, 1, 8, 7));
        SoftCut.Builder capped = SoftCut.builder().solver(Solver.CG).tolerance(1e-12).maxIterations(2);
        String message = assertThrows(NotConvergedException.class,
                () -> MulticlassCut.of(capped.build()).apply(scores, shared)).getMessage();
        assertTrue(message.contains("CG (right-hand side 1 of 3)"), message);
        double[] x = MulticlassCut.of(capped.warnIfNotConverged().build()).apply(scores, shared).toDoubleArray();
        assertArrayEquals(Arrays.copyOf(p, 64), Arrays.copyOf(x, 64), 0.0);
    }

    @Test
    void perClassWeightsAreTakenAsGiven() {
        Tensor[] in = SoftCutTest.randomInputs(new SplittableRandom(2), 2, 1, 3, 4, 4);
        List<Tensor> w = List.of(in[1], in[2]);
        assertArrayEquals(EXACT.apply(in[0], w).toDoubleArray(), SOFT_CUT.apply(in[0], w).toDoubleArray(), 0);
    }

    @Test
    void probabilitiesAreTheSoftmaxOverClassesOfTheRelaxedOutputs() {
        Tensor[] in = SoftCutTest.randomInputs(new SplittableRandom(3), 2, 2, 4, 3, 3);
        List<Tensor> w = List.of(in[1], in[2]);
        double[] x = SOFT_CUT.apply(in[0], w).toDoubleArray();
        double[] q = SOFT_CUT.probabilities(in[0], w).toDoubleArray();
        for (int n = 0; n < 2; n++) {
            for (int i = 0; i < 9; i++) {
                double z = 0;
                for (int k = 0; k < 4; k++) {
                    z += Math.exp(x[(n * 4 + k) * 9 + i]);
                }
                for (int k = 0; k < 4; k++) {
                    int at = (n * 4 + k) * 9 + i;
                    assertEquals(Math.exp(x[at]) / z, q[at], 1e-14);
                }
            }
        }
    }

    @Test
    void gradientsReachScoresAndSharedWeightsThroughEveryClass() {
        SplittableRandom rng = new SplittableRandom(4);
        Tensor scores = Tensor.uniform(rng, DType.FLOAT64, -3, 3, 1, 3, 3, 4);
        Tensor vertical = Tensor.uniform(rng, DType.FLOAT64, 0.1, 1.5, 1, 1, 2, 4);
        Tensor horizontal = Tensor.uniform(rng, DType.FLOAT64, 0.1, 1.5, 1, 1, 3, 3);
        for (MulticlassCut cut : List.of(SOFT_CUT, SUBMODULAR)) {
            GradCheck.withDefaults().verify(in -> cut.probabilities(in[0], List.of(in[1], in[2])),
                    scores, vertical, horizontal);
        }
    }

    @Test
    void strongWeightsInsideRegionsAndNoneAcrossThemRepairNoisyScoresThatArgmaxAloneGetsWrong() {
        // 4 x 6 image: background (class 0) in columns 0-1, class 1 in columns 2-3, class 2 in columns 4-5
        int h = 4;
        int w = 6;
        int[] truth = new int[h * w];
        double[] p = new double[3 * h * w];
        SplittableRandom rng = new SplittableRandom(5);
        for (int i = 0; i < h * w; i++) {
            truth[i] = (i % w) / 2;
            for (int k = 0; k < 3; k++) {
                p[k * h * w + i] = (k == truth[i] ? 1 : 0) + 2 * (rng.nextDouble() - 0.5);
            }
        }
        Tensor scores = Tensor.wrap(p, 1, 3, h, w);
        double[] vertical = new double[(h - 1) * w];
        Arrays.fill(vertical, 20);
        double[] horizontal = new double[h * (w - 1)];
        for (int i = 0; i < horizontal.length; i++) {
            horizontal[i] = i % (w - 1) % 2 == 0 ? 20 : 0;   // edges (0,1), (2,3), (4,5) inside a region
        }
        List<Tensor> weights = List.of(Tensor.wrap(vertical, 1, 1, h - 1, w), Tensor.wrap(horizontal, 1, 1, h, w - 1));
        double[] raw = MulticlassCut.labels(scores).toDoubleArray();
        assertTrue(Arrays.stream(indices(h * w)).anyMatch(i -> raw[i] != truth[i]), "the noise must fool argmax");
        for (MulticlassCut cut : List.of(SOFT_CUT, SUBMODULAR)) {
            double[] labels = MulticlassCut.labels(cut.apply(scores, weights)).toDoubleArray();
            for (int i = 0; i < h * w; i++) {
                assertEquals(truth[i], labels[i], cut + " at point " + i);
            }
        }
    }

    @Test
    void labelsAreTheFirstLargestClassPerPoint() {
        Tensor x = Tensor.wrap(new double[] {0, 5, 2, 3, 2, 5, 2, 0}, 2, 2, 2);   // sample 1, point 0: a tie
        assertArrayEquals(new double[] {1, 0, 0, 0}, MulticlassCut.labels(x).toDoubleArray(), 0);
        assertArrayEquals(new int[] {2, 1, 2}, MulticlassCut.labels(x).dims());
    }

    @Test
    void oneClassOrWeightsOfAnotherChannelSizeAreRejected() {
        Tensor one = Tensor.zeros(DType.FLOAT64, 1, 1, 4);
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> SOFT_CUT.apply(one, List.of(Tensor.zeros(DType.FLOAT64, 1, 1, 3)))).getMessage()
                .contains("K >= 2"));
        Tensor three = Tensor.zeros(DType.FLOAT64, 1, 3, 4);
        String message = assertThrows(IllegalArgumentException.class,
                () -> SOFT_CUT.apply(three, List.of(Tensor.zeros(DType.FLOAT64, 1, 2, 3)))).getMessage();
        assertTrue(message.contains("1 (shared by the classes) or the number of classes 3"), message);
        assertNotEquals(SOFT_CUT.toString(), SUBMODULAR.toString());
    }

    private static int[] indices(int n) {
        int[] out = new int[n];
        Arrays.setAll(out, i -> i);
        return out;
    }

    private static Tensor channel(Tensor t, int n, int c) {
        int[] dims = t.dims();
        int per = t.size() / (dims[0] * dims[1]);
        int s = n * dims[1] + c;
        dims[0] = 1;
        dims[1] = 1;
        return Tensor.wrap(Arrays.copyOfRange(t.toDoubleArray(), s * per, (s + 1) * per), dims);
    }
}
