package org.unet4j.proofs.softcut;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.unet4j.autodiff.DType;
import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.softcut.SoftCut;
import org.unet4j.layers.softcut.SoftCut.Solver;

/**
 * SoftCut (A. Bonfiglio, <i>SoftCut</i>, MSc thesis, Politecnico di Milano, 2022), Section 2.1, the electric circuit
 * reading: each pixel is a node fed by a current source {@code I = p} and grounded by a unit resistor {@code R_0},
 * neighbours are joined by conductances {@code G = w}, and the node voltages are SoftCut's output. Statements:
 * <ul>
 *   <li>one pixel: {@code V = R_0 I = p};</li>
 *   <li>two pixels with conductance {@code G} (eq. 24a-c): {@code V_1 = (G(I_1 + I_2) + I_1) / (2G + 1)}, and
 *       symmetrically {@code V_2}, going monotonically from {@code I_1, I_2} ({@code G = 0}) to their mean
 *       ({@code G -> infinity});</li>
 *   <li>N pixels joined by zero resistance and cut off from the rest all carry the mean of their scores
 *       ({@code R_eq = 1/N}, Figure 10);</li>
 *   <li>system (14) is Kirchhoff's current law at every node (eq. 25): {@code I_ij = V_ij / R_0 + sum_neighbours
 *       G (V_ij - V_neighbour)}.</li>
 * </ul>
 * Reproduction with every solver; the current law is checked node by node from the circuit, on a random 3-D grid.
 */
class SoftCutElectricCircuitTest {

    @Test
    void aSinglePixelOutputsItsScore() {
        Tensor p = Tensor.of(new double[] {-2.5, 0.75}, 2, 1, 1, 1);
        Tensor noVertical = Tensor.zeros(DType.FLOAT64, 2, 1, 0, 1);
        Tensor noHorizontal = Tensor.zeros(DType.FLOAT64, 2, 1, 1, 0);
        for (Solver solver : Solver.values()) {
            assertArrayEquals(p.toDoubleArray(), SoftCut.solve(p, noVertical, noHorizontal, solver).toDoubleArray(),
                    1e-12);
        }
    }

    @Test
    void twoPixelsFollowEquation24AndMoveMonotonicallyToTheirMean() {
        double i1 = 2;
        double i2 = -1;
        Tensor p = Tensor.of(new double[] {i1, i2}, 1, 1, 2);
        double previous = i1;
        for (double g : new double[] {0, 0.1, 0.5, 1, 3, 10, 100, 1e4}) {
            double v1 = (g * (i1 + i2) + i1) / (2 * g + 1);
            double v2 = (g * (i1 + i2) + i2) / (2 * g + 1);
            for (Solver solver : Solver.values()) {
                double[] v = SoftCut.builder().solver(solver).tolerance(1e-12).build()
                        .apply(p, List.of(Tensor.of(new double[] {g}, 1, 1, 1))).toDoubleArray();
                assertArrayEquals(new double[] {v1, v2}, v, 1e-9, solver + " at G = " + g);
            }
            assertTrue(v1 <= previous && v1 >= (i1 + i2) / 2, "V_1 moves monotonically to the mean");
            previous = v1;
        }
        assertEquals((i1 + i2) / 2, previous, 1e-3);
    }

    @Test
    void pixelsJoinedByZeroResistanceAndCutOffCarryTheirMeanScore() {
        // 5 x 6 grid; rows 0-1 form one component, rows 2-4 another: vertical edges between rows 1 and 2 are cut
        SplittableRandom rng = new SplittableRandom(3);
        Tensor p = Tensor.uniform(rng, DType.FLOAT64, -3, 3, 1, 1, 5, 6);
        Tensor vertical = Tensor.full(DType.FLOAT64, 1e8, 1, 1, 4, 6);
        Tensor horizontal = Tensor.full(DType.FLOAT64, 1e8, 1, 1, 5, 5);
        for (int c = 0; c < 6; c++) {
            vertical.set(0, 0, 0, 1, c);
        }
        double top = p.slice(2, 0, 2).mean().item();
        double bottom = p.slice(2, 2, 5).mean().item();
        for (Solver solver : List.of(Solver.EXACT, Solver.MGPCG)) {
            Tensor v = SoftCut.solve(p, vertical, horizontal, solver);
            for (int r = 0; r < 5; r++) {
                for (int c = 0; c < 6; c++) {
                    assertEquals(r < 2 ? top : bottom, v.get(0, 0, r, c), 1e-5, solver + " at " + r + "," + c);
                }
            }
        }
    }

    @Test
    void everyNodeSatisfiesKirchhoffsCurrentLaw() {
        SplittableRandom rng = new SplittableRandom(4);
        int[] n = {4, 5, 3};
        Tensor p = Tensor.uniform(rng, DType.FLOAT64, -2, 2, 1, 1, n[0], n[1], n[2]);
        Tensor[] g = {
            Tensor.uniform(rng, DType.FLOAT64, 0, 8, 1, 1, n[0] - 1, n[1], n[2]),
            Tensor.uniform(rng, DType.FLOAT64, 0, 8, 1, 1, n[0], n[1] - 1, n[2]),
            Tensor.uniform(rng, DType.FLOAT64, 0, 8, 1, 1, n[0], n[1], n[2] - 1)};
        for (Solver solver : Solver.values()) {
            Tensor v = SoftCut.builder().solver(solver).tolerance(1e-13).build().apply(p, List.of(g));
            for (int a = 0; a < n[0]; a++) {
                for (int b = 0; b < n[1]; b++) {
                    for (int c = 0; c < n[2]; c++) {
                        int[] at = {a, b, c};
                        double vi = v.get(0, 0, a, b, c);
                        double outflow = vi;
                        for (int k = 0; k < 3; k++) {
                            for (int step : new int[] {-1, 1}) {
                                int[] nb = at.clone();
                                nb[k] += step;
                                if (nb[k] < 0 || nb[k] >= n[k]) {
                                    continue;
                                }
                                int[] edge = at.clone();
                                edge[k] = Math.min(at[k], nb[k]);
                                double conductance = g[k].get(0, 0, edge[0], edge[1], edge[2]);
                                outflow += conductance * (vi - v.get(0, 0, nb[0], nb[1], nb[2]));
                            }
                        }
                        assertEquals(p.get(0, 0, a, b, c), outflow, 1e-9, solver + " at node " + a + b + c);
                    }
                }
            }
        }
    }
}
