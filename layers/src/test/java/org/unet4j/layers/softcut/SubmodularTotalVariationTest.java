package org.unet4j.layers.softcut;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
import org.unet4j.layers.softcut.SubmodularTotalVariation.Averaging;
import org.unet4j.solvers.tv.IsotonicRegression;
import org.unet4j.solvers.tv.ProxNotConvergedException;

class SubmodularTotalVariationTest {
    private static final SubmodularTotalVariation LAYER = SubmodularTotalVariation.create();

    @Test
    void forwardIsTheGlobalMinimiserFoundByEnumeratingEveryOrderOfTheGridPoints() {
        SplittableRandom rng = new SplittableRandom(1);
        for (int[] dims : List.of(new int[] {1, 1, 7}, new int[] {1, 1, 2, 3}, new int[] {1, 1, 3, 2},
                new int[] {1, 1, 3, 3})) {
            for (int trial = 0; trial < 4; trial++) {
                Tensor[] in = SoftCutTest.randomInputs(rng, 2, dims);
                double[] expected = TotalVariationByEnumeration.prox(in);
                double[] actual = LAYER.apply(in[0], weights(in)).toDoubleArray();
                assertArrayEquals(expected, actual, 1e-9, Arrays.toString(dims) + " trial " + trial);
            }
        }
    }

    @Test
    void everySystemOfABatchIsSolvedOnItsOwn() {
        Tensor[] in = SoftCutTest.randomInputs(new SplittableRandom(2), 2, 2, 3, 2, 3);
        double[] x = LAYER.apply(in[0], weights(in)).toDoubleArray();
        for (int n = 0; n < 2; n++) {
            for (int c = 0; c < 3; c++) {
                Tensor[] one = slice(in, n, c);
                double[] expected = TotalVariationByEnumeration.prox(one);
                assertArrayEquals(expected, Arrays.copyOfRange(x, (n * 3 + c) * 6, (n * 3 + c + 1) * 6), 1e-9);
            }
        }
    }

    @Test
    void withoutRefinementTheOutputIsWithinTheCertifiedToleranceButNotExact() {
        double tolerance = 1e-3;
        var plain = SubmodularTotalVariation.builder().isotonicRefinement(false).tolerance(tolerance).build();
        int inexact = 0;
        for (int seed = 3; seed < 13; seed++) {
            Tensor[] in = SoftCutTest.randomInputs(new SplittableRandom(seed), 2, 1, 1, 3, 3);
            double[] x = plain.apply(in[0], weights(in)).toDoubleArray();
            double[] exact = TotalVariationByEnumeration.prox(in);
            double squared = 0;
            for (int i = 0; i < x.length; i++) {
                squared += (x[i] - exact[i]) * (x[i] - exact[i]);
            }
            assertTrue(Math.sqrt(squared / x.length) <= tolerance, "RMS distance " + Math.sqrt(squared / x.length));
            inexact += squared > 1e-20 ? 1 : 0;
        }
        assertTrue(inexact > 0, "loose unrefined solves should not all land exactly on the solution");
    }

    @Test
    void gradientsMatchFiniteDifferencesWhereTheLevelSetsAreLocallyStable() {
        SplittableRandom rng = new SplittableRandom(4);
        gradCheck(LAYER, SoftCutTest.randomInputs(rng, 1.5, 2, 1, 9));
        gradCheck(LAYER, SoftCutTest.randomInputs(rng, 1.5, 1, 2, 3, 4));
        gradCheck(SubmodularTotalVariation.builder().tolerance(1e-7).build(),
                SoftCutTest.randomInputs(rng, 1.5, 1, 1, 4, 4));
    }

    @Test
    void theScoreGradientAveragesOverConnectedBlocksNotOverEveryPointOfTheSameValue() {
        // x = [2.5, 2.5, -1, 2.5, 2.5]: two separate blocks share the value 2.5; only the connected one moves with p_0
        Tensor p = Tensor.wrap(new double[] {3, 3, -3, 3, 3}, 1, 1, 5);
        Tensor w = Tensor.wrap(new double[] {1, 1, 1, 1}, 1, 1, 4);
        assertArrayEquals(new double[] {2.5, 2.5, -1, 2.5, 2.5}, LAYER.apply(p, List.of(w)).toDoubleArray(), 0);
        Tensor seed = Tensor.wrap(new double[] {1, 0, 0, 0, 0}, 1, 1, 5);
        assertArrayEquals(new double[] {0.5, 0.5, 0, 0, 0}, scoreGradient(LAYER, p, w, seed), 1e-15);
        var paper = SubmodularTotalVariation.builder().averaging(Averaging.EQUAL_VALUES).build();
        assertArrayEquals(new double[] {0.25, 0.25, 0, 0.25, 0.25}, scoreGradient(paper, p, w, seed), 1e-15);
        GradCheck.withDefaults().verify(in -> LAYER.apply(in[0], List.of(in[1])), p, w);
        assertTrue(!GradCheck.withDefaults().check(in -> paper.apply(in[0], List.of(in[1])), p, w).passed());
    }

    @Test
    void edgeWeightGradientIsMinusTheJumpSignTimesTheDifferenceOfBlockMeans() {
        // x = [2, 2, -1]: block {0, 1} and block {2}; dL/dw_12 = -sign(2 - (-1)) (gbar_A - gbar_B) = -(2 - 5)
        Tensor p = Tensor.wrap(new double[] {2, 3, -2}, 1, 1, 3);
        Tensor w = Tensor.wrap(new double[] {2, 1}, 1, 1, 2);
        assertArrayEquals(new double[] {2, 2, -1}, LAYER.apply(p, List.of(w)).toDoubleArray(), 1e-15);
        Tensor pl = p.detach().requiresGrad(true);
        Tensor wl = w.detach().requiresGrad(true);
        Tensor seed = Tensor.wrap(new double[] {1, 3, 5}, 1, 1, 3);
        Tensor[] g = Autograd.grad(LAYER.apply(pl, List.of(wl)), List.of(pl, wl), seed);
        assertArrayEquals(new double[] {2, 2, 5}, g[0].toDoubleArray(), 1e-15);
        assertArrayEquals(new double[] {0, -(2 - 5)}, g[1].toDoubleArray(), 1e-15);
    }

    @Test
    void theZeroLevelSetIsTheMaxFlowCutOfTheSameScoresAndWeights() {
        Tensor[] in = SoftCutTest.randomInputs(new SplittableRandom(5), 3, 2, 2, 6, 7);
        double[] x = LAYER.apply(in[0], weights(in)).toDoubleArray();
        double[] cut = SoftCut.hardCut(in[0], weights(in)).toDoubleArray();
        int foreground = 0;
        for (int i = 0; i < x.length; i++) {
            assertEquals(x[i] > 0 ? 1.0 : 0.0, cut[i], "point " + i + " with x = " + x[i]);
            foreground += x[i] > 0 ? 1 : 0;
        }
        assertTrue(foreground > 0 && foreground < x.length, "both labels occur: " + foreground);
    }

    @Test
    void float32InputsGiveFloat32OutputsAndGradients() {
        Tensor[] in = SoftCutTest.randomInputs(new SplittableRandom(6), 2, 1, 1, 3, 4);
        Tensor p = in[0].to(DType.FLOAT32).requiresGrad(true);
        Tensor v = in[1].to(DType.FLOAT32).requiresGrad(true);
        Tensor h = in[2].to(DType.FLOAT32).requiresGrad(true);
        Tensor x = LAYER.apply(p, List.of(v, h));
        assertEquals(DType.FLOAT32, x.dtype());
        Tensor[] g = Autograd.grad(x, List.of(p, v, h), x.fullLike(1));
        assertEquals(DType.FLOAT32, g[0].dtype());
        assertEquals(DType.FLOAT32, g[2].dtype());
    }

    @Test
    void badInputIsRejectedWithTheProblemNamed() {
        Tensor p = Tensor.zeros(DType.FLOAT64, 1, 1, 2, 2, 2);
        List<Tensor> w3 = List.of(Tensor.zeros(DType.FLOAT64, 1, 1, 1, 2, 2), Tensor.zeros(DType.FLOAT64, 1, 1, 2, 1, 2),
                Tensor.zeros(DType.FLOAT64, 1, 1, 2, 2, 1));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> LAYER.apply(p, w3)).getMessage()
                .contains("1-D and 2-D"));
        Tensor q = Tensor.wrap(new double[] {0, 1, 2}, 1, 1, 3);
        Tensor negative = Tensor.wrap(new double[] {1, -0.5}, 1, 1, 2);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> LAYER.apply(q, List.of(negative)))
                .getMessage().contains("-0.5"));
        Tensor nan = Tensor.wrap(new double[] {0, Double.NaN, 2}, 1, 1, 3);
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> LAYER.apply(nan, List.of(Tensor.zeros(DType.FLOAT64, 1, 1, 2)))).getMessage().contains("NaN"));
    }

    @Test
    void aTwoDimensionalSolveThatReachesItsCapThrowsInsteadOfPassingAnIterateOff() {
        Tensor[] in = SoftCutTest.randomInputs(new SplittableRandom(8), 2, 1, 1, 6, 6);
        var capped = SubmodularTotalVariation.builder().tolerance(1e-7).maxIterations(2).build();
        var failure = assertThrows(ProxNotConvergedException.class, () -> capped.apply(in[0], weights(in)));
        assertEquals(2, failure.iterations());
        assertTrue(failure.distanceBound() > 1e-7);
    }

    @Test
    void softplusOfTheLogitsIsTheWeight() {
        Tensor[] in = SoftCutTest.randomInputs(new SplittableRandom(7), 2, 1, 1, 3, 3);
        List<Tensor> logits = List.of(in[1].sub(1), in[2].sub(1));
        assertArrayEquals(LAYER.apply(in[0], logits.stream().map(Tensor::softplus).toList()).toDoubleArray(),
                LAYER.applyLogits(in[0], logits).toDoubleArray(), 0);
    }

    /** Checks at weights moved to [0.1, ...): a finite-difference step must not cross zero. */
    /**
     * Checks at weights moved to [0.1, ...) (a finite-difference step must not cross zero), on solutions that merge
     * points into blocks, so that the averaging is exercised.
     */
    private static void gradCheck(SubmodularTotalVariation layer, Tensor[] inputs) {
        for (int k = 1; k < inputs.length; k++) {
            inputs[k] = inputs[k].add(0.1);
        }
        List<Tensor> weights = Arrays.asList(inputs).subList(1, inputs.length);
        double[] x = layer.apply(inputs[0], weights).toDoubleArray();
        int[] dims = inputs[0].dims();
        int[] sizes = Arrays.copyOfRange(dims, 2, dims.length);
        int points = x.length / (dims[0] * dims[1]);
        int blocks = 0;
        for (int s = 0; s < dims[0] * dims[1]; s++) {
            blocks += LevelSets.connected(Arrays.copyOfRange(x, s * points, (s + 1) * points), sizes).count();
        }
        assertTrue(blocks < x.length, "every point is its own block: nothing is averaged");
        GradCheck.withDefaults().verify(in -> layer.apply(in[0], Arrays.asList(in).subList(1, in.length)), inputs);
    }

    private static double[] scoreGradient(SubmodularTotalVariation layer, Tensor p, Tensor w, Tensor seed) {
        Tensor pl = p.detach().requiresGrad(true);
        return Autograd.grad(layer.apply(pl, List.of(w)), List.of(pl), seed)[0].toDoubleArray();
    }

    /**
     * The level-set property of the TV prox (Djolonga and Krause 2017, Section 3): {x > 0} minimises
     * {@code sum_(i in S) -p_i + w(cut S)}, the max-flow cut of the same scores and weights, so thresholding this
     * layer's output at 0 is the max-flow cut (the Submodular rows of the thesis's Table 13 cannot differ), while
     * SoftCut's relaxed output is not (its rows can).
     */
    @Test
    void thresholdingTheOutputAtZeroIsTheMaxFlowCutUnlikeSoftCut() {
        int softCutDiffers = 0;
        for (int seed = 0; seed < 10; seed++) {
            Tensor[] in = SoftCutTest.randomInputs(new SplittableRandom(seed), 3, 1, 1, 8, 8);
            double[] hard = SoftCut.hardCut(in[0], weights(in)).toDoubleArray();
            double[] tv = LAYER.apply(in[0], weights(in)).toDoubleArray();
            double[] soft = SoftCut.create().apply(in[0], weights(in)).toDoubleArray();
            for (int i = 0; i < hard.length; i++) {
                if (Math.abs(tv[i]) > 1e-9) {
                    assertEquals(hard[i] > 0.5, tv[i] > 0, "seed " + seed + ", pixel " + i);
                }
                softCutDiffers += (hard[i] > 0.5) != (soft[i] > 0) ? 1 : 0;
            }
        }
        assertTrue(softCutDiffers > 0, "SoftCut's relaxed output thresholded at 0 is not the max-flow cut");
    }

    private static List<Tensor> weights(Tensor[] in) {
        return Arrays.asList(in).subList(1, in.length);
    }

    private static Tensor[] slice(Tensor[] in, int n, int c) {
        Tensor[] out = new Tensor[in.length];
        for (int k = 0; k < in.length; k++) {
            int[] dims = in[k].dims();
            int per = in[k].size() / (dims[0] * dims[1]);
            int s = n * dims[1] + c;
            dims[0] = 1;
            dims[1] = 1;
            out[k] = Tensor.wrap(Arrays.copyOfRange(in[k].toDoubleArray(), s * per, (s + 1) * per), dims);
        }
        return out;
    }

    /**
     * A direct global minimisation for tiny grids: every total order of the points spans a cone on which the
     * weighted TV is linear, {@code sum_ij w_ij |z_i - z_j| = <c, z>}, so the prox restricted to that cone is the
     * isotonic regression of {@code p - c} along the order; the cones cover the space, hence the best of these
     * restricted minimisers over all {@code n!} orders is the prox.
     */
    private static final class TotalVariationByEnumeration {
        /** Scores {@code 1 x 1 x spatial} and one weight tensor per axis. */
        static double[] prox(Tensor[] in) {
            int[] sizes = Arrays.copyOfRange(in[0].dims(), 2, in[0].dims().length);
            double[] p = in[0].toDoubleArray();
            int n = p.length;
            int edges = 0;
            for (int k = 1; k < in.length; k++) {
                edges += in[k].size();
            }
            int[] from = new int[edges];
            int[] to = new int[edges];
            double[] w = new double[edges];
            int e = 0;
            int stride = 1;
            for (int k = sizes.length - 1; k >= 0; k--) {
                double[] wk = in[k + 1].toDoubleArray();
                int ek = 0;
                for (int i = 0; i < n; i++) {
                    if ((i / stride) % sizes[k] + 1 < sizes[k]) {
                        from[e] = i;
                        to[e] = i + stride;
                        w[e++] = wk[ek++];
                    }
                }
                stride *= sizes[k];
            }
            int[] order = new int[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            double[] best = null;
            double bestObjective = Double.POSITIVE_INFINITY;
            do {
                double[] z = coneMinimiser(p, from, to, w, order);
                double objective = objective(z, p, from, to, w);
                if (objective < bestObjective) {
                    bestObjective = objective;
                    best = z;
                }
            } while (nextPermutation(order));
            return best;
        }

        private static double[] coneMinimiser(double[] p, int[] from, int[] to, double[] w, int[] order) {
            int n = p.length;
            int[] rank = new int[n];
            for (int k = 0; k < n; k++) {
                rank[order[k]] = k;
            }
            double[] c = new double[n];
            for (int e = 0; e < w.length; e++) {
                double s = Math.signum(rank[from[e]] - rank[to[e]]);
                c[from[e]] += w[e] * s;
                c[to[e]] -= w[e] * s;
            }
            double[] sorted = new double[n];
            for (int k = 0; k < n; k++) {
                sorted[k] = p[order[k]] - c[order[k]];
            }
            double[] fit = IsotonicRegression.fit(sorted);
            double[] z = new double[n];
            for (int k = 0; k < n; k++) {
                z[order[k]] = fit[k];
            }
            return z;
        }

        private static double objective(double[] z, double[] p, int[] from, int[] to, double[] w) {
            double sum = 0;
            for (int i = 0; i < z.length; i++) {
                sum += 0.5 * (z[i] - p[i]) * (z[i] - p[i]);
            }
            for (int e = 0; e < w.length; e++) {
                sum += w[e] * Math.abs(z[from[e]] - z[to[e]]);
            }
            return sum;
        }

        /** Lexicographic successor; false after the last order. */
        private static boolean nextPermutation(int[] a) {
            int i = a.length - 2;
            while (i >= 0 && a[i] >= a[i + 1]) {
                i--;
            }
            if (i < 0) {
                return false;
            }
            int j = a.length - 1;
            while (a[j] <= a[i]) {
                j--;
            }
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
            for (int l = i + 1, r = a.length - 1; l < r; l++, r--) {
                t = a[l];
                a[l] = a[r];
                a[r] = t;
            }
            return true;
        }
    }
}
