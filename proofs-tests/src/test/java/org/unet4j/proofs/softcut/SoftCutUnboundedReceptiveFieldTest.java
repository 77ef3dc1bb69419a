package org.unet4j.proofs.softcut;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.unet4j.autodiff.Autograd;
import org.unet4j.autodiff.DType;
import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.softcut.SoftCut;
import org.unet4j.layers.softcut.SoftCut.Solver;

/**
 * SoftCut (A. Bonfiglio, <i>SoftCut</i>, MSc thesis, Politecnico di Milano, 2022), Theorem A.1 and the remark after
 * its proof: the receptive field of a pixel after a graph cut is not limited by any distance {@code k} smaller than
 * the image; for SoftCut, a change of the score {@code p_q} changes {@code x_p} whenever a path of edges with
 * weights {@code > 0} joins {@code p} and {@code q}.
 *
 * <p>Reproduction, both directions: {@code dx_p / dp_q = (A^-1)_pq} (by the tape, one adjoint solve) is non-zero for
 * every {@code q} joined to {@code p} by positive weights however far, and exactly zero for every other {@code q}
 * ({@code A} is block diagonal over the components of the positive-weight graph). Checked on a long chain cut by one
 * zero edge, and on random 2-D grids with many zero edges against the components found by breadth-first search, for
 * all three solvers. And the theorem for the exact cut itself, following its proof: in a region of equal scores
 * joined by large weights, lowering one far score flips the max-flow label of the region's other end.
 */
class SoftCutUnboundedReceptiveFieldTest {

    private static double[] jacobianRow(Tensor scores, List<Tensor> weights, Solver solver, int[] at) {
        Tensor p = scores.detach().requiresGrad(true);
        SoftCut layer = SoftCut.builder().solver(solver).tolerance(1e-13).build();
        Tensor x = layer.apply(p, weights);
        Tensor seed = x.zerosLike();
        seed.set(1, at);
        return Autograd.grad(x, List.of(p), seed)[0].toDoubleArray();
    }

    @Test
    void onAChainEveryScoreBeforeTheCutInfluencesTheFirstPixelAndNoneAfterIt() {
        int length = 60;
        int cutAfter = 44;
        Tensor scores = Tensor.uniform(new SplittableRandom(1), DType.FLOAT64, -1, 1, 1, 1, length);
        Tensor weights = Tensor.full(DType.FLOAT64, 40, 1, 1, length - 1);
        weights.set(0, 0, 0, cutAfter);
        for (Solver solver : Solver.values()) {
            double[] row = jacobianRow(scores, List.of(weights), solver, new int[] {0, 0, 0});
            for (int q = 0; q <= cutAfter; q++) {
                assertTrue(row[q] > 0, solver + ": dx_0/dp_" + q + " = " + row[q] + " should be > 0");
            }
            for (int q = cutAfter + 1; q < length; q++) {
                assertEquals(0.0, row[q], 0.0, solver + ": dx_0/dp_" + q + " across the cut");
            }
        }
    }

    @Test
    void onRandomGridsTheInfluenceIsExactlyTheConnectedComponent() {
        SplittableRandom rng = new SplittableRandom(2);
        int h = 9;
        int w = 10;
        for (int trial = 0; trial < 4; trial++) {
            Tensor scores = Tensor.uniform(rng, DType.FLOAT64, -1, 1, 1, 1, h, w);
            Tensor vertical = Tensor.uniform(rng, DType.FLOAT64, 5, 50, 1, 1, h - 1, w);
            Tensor horizontal = Tensor.uniform(rng, DType.FLOAT64, 5, 50, 1, 1, h, w - 1);
            for (Tensor t : List.of(vertical, horizontal)) {
                for (int i = 0; i < t.size(); i++) {
                    if (rng.nextDouble() < 0.45) {
                        t.flatSet(i, 0);
                    }
                }
            }
            int pr = rng.nextInt(h);
            int pc = rng.nextInt(w);
            boolean[] component = component(vertical, horizontal, h, w, pr * w + pc);
            for (Solver solver : Solver.values()) {
                double[] row = jacobianRow(scores, List.of(vertical, horizontal), solver, new int[] {0, 0, pr, pc});
                for (int q = 0; q < h * w; q++) {
                    if (component[q]) {
                        assertTrue(row[q] > 0, solver + " trial " + trial + ": pixel " + q + " is connected");
                    } else {
                        assertEquals(0.0, row[q], 0.0, solver + " trial " + trial + ": pixel " + q + " is cut off");
                    }
                }
            }
        }
    }

    private static boolean[] component(Tensor vertical, Tensor horizontal, int h, int w, int start) {
        boolean[] seen = new boolean[h * w];
        ArrayDeque<Integer> queue = new ArrayDeque<>(List.of(start));
        seen[start] = true;
        while (!queue.isEmpty()) {
            int i = queue.poll();
            int r = i / w;
            int c = i % w;
            visit(seen, queue, r > 0 && vertical.get(0, 0, r - 1, c) > 0, i - w);
            visit(seen, queue, r < h - 1 && vertical.get(0, 0, r, c) > 0, i + w);
            visit(seen, queue, c > 0 && horizontal.get(0, 0, r, c - 1) > 0, i - 1);
            visit(seen, queue, c < w - 1 && horizontal.get(0, 0, r, c) > 0, i + 1);
        }
        return seen;
    }

    private static void visit(boolean[] seen, ArrayDeque<Integer> queue, boolean edge, int j) {
        if (edge && !seen[j]) {
            seen[j] = true;
            queue.add(j);
        }
    }

    @Test
    void theExactCutOfAStronglyJoinedRegionFlipsWhenAFarScoreChanges() {
        int length = 30;
        Tensor scores = Tensor.full(DType.FLOAT64, 0.1, 1, 1, length);
        Tensor weights = Tensor.full(DType.FLOAT64, 1e3, 1, 1, length - 1);
        double before = SoftCut.hardCut(scores, List.of(weights)).get(0, 0, 0);
        scores.set(-(length - 1) * 0.1 - 0.5, 0, 0, length - 1);
        double after = SoftCut.hardCut(scores, List.of(weights)).get(0, 0, 0);
        assertEquals(1.0, before, "region of positive scores is foreground");
        assertEquals(0.0, after, "one far score pulled the whole region, pixel 0 included, to the background");
    }
}
