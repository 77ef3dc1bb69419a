package org.unet4j.proofs.linear;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import org.junit.jupiter.api.Test;
import org.unet4j.solvers.linear.GridLaplacianSystem;
import org.unet4j.solvers.linear.GridMultigrid;
import org.unet4j.solvers.linear.RandomGridSystems;

/**
 * Multigrid convergence (Hackbusch, <i>Multi-Grid Methods and Applications</i>, Springer 1985, ch. 7;
 * Trottenberg, Oosterlee and Schueller, <i>Multigrid</i>, Academic Press 2001, ch. 3 and 7), as used by issue 3 for
 * the SoftCut system {@code A = I + L_w} (Bonfiglio, SoftCut thesis 2022, eq. 22-23): with Galerkin coarse
 * operators {@code A_H = P^T A_h P}, an interpolation that reproduces constants and linear functions, and
 * Gauss-Seidel smoothing, the V-cycle's error propagation {@code E = I - B A} contracts in the energy norm by a
 * factor {@code ||E||_A <= rho < 1} bounded independently of the mesh size {@code h} (and of the number of levels).
 *
 * <p>Reproduction for {@link GridMultigrid} (V(2,2), symmetric): {@code ||E||_A} is estimated by 25 steps of the
 * power method on {@code e <- E e} (the V-cycle for {@code A x = 0}), for 2-D grids from 32^2 to 256^2 and 3-D grids
 * from 8^3 to 32^3, with edge weights uniform in {@code [W/10, W]} for {@code W} up to 1e3 drawn by jqwik, and for
 * constant weights. Every estimate stays below the fixed bound 0.6, whatever the size. (The power method
 * approaches {@code ||E||_A} from below; 25 steps reach its first two digits here.) The weights keep a contrast of
 * at most 10 between any two edges: the theorem's mesh-independent bound is for coefficients of bounded
 * contrast, on which the largest estimate we measured over 60 draws per grid was 0.22, on every grid size alike.
 *
 * <p>Weights uniform in {@code [0, W]}, down to 0, are outside that hypothesis. A draw's contraction is then set by
 * its worst local cluster (points joined by a weight near {@code W} and to the rest by weights near 0, which the
 * geometric interpolation cannot represent), so it varies from draw to draw, and larger grids hold more clusters:
 * with weights in {@code [0, 1000]} the median over 100 draws creeps from 0.23 on 32^2 to 0.30 on 128^2, and one
 * draw of 256^2 (W = 1000, seed -2661161142: two points of the last row coupled by a weight near 1000 and to
 * their other neighbours by weights near 0) reaches 0.63. For these draws the property checks what holds for every
 * SPD {@code A}: the symmetric V-cycle with Galerkin coarse operators and Gauss-Seidel smoothing converges,
 * {@code ||E||_A < 1}.
 */
class MultigridContractionIsGridIndependentTest {
    static final double BOUND = 0.6;
    /** The largest ratio of two edge weights in the bounded-contrast draws. */
    private static final double CONTRAST = 10;
    /** Grids with two to five levels (smaller ones are solved exactly on a single level). */
    private static final int[][] GRIDS = {{32, 32}, {64, 64}, {128, 128}, {256, 256},
        {8, 8, 8}, {16, 16, 16}, {32, 32, 32}};

    @Property(tries = 4)
    void contractionStaysBelowTheBoundOnEveryGridForRandomWeightsOfBoundedContrast(
            @ForAll @DoubleRange(min = 1, max = 1000) double maxWeight, @ForAll long seed) {
        for (int[] sizes : GRIDS) {
            double rho = contraction(boundedContrast(sizes, maxWeight, seed));
            assertTrue(rho < BOUND, "contraction " + rho + " on " + Arrays.toString(sizes) + " with weights in ["
                    + maxWeight / CONTRAST + ", " + maxWeight + "]");
        }
    }

    @Property(tries = 4)
    void theVCycleContractsOnEveryGridForRandomWeightsDownToZero(
            @ForAll @DoubleRange(min = 1, max = 1000) double maxWeight, @ForAll long seed) {
        for (int[] sizes : GRIDS) {
            double rho = contraction(RandomGridSystems.uniform(sizes, maxWeight, seed));
            assertTrue(rho < 1, "contraction " + rho + " on " + Arrays.toString(sizes) + " with weights in [0, "
                    + maxWeight + "]");
        }
    }

    @Test
    void contractionStaysBelowTheBoundForLargeConstantWeights() {
        for (int[] sizes : GRIDS) {
            double rho = contraction(constantWeights(sizes, 1000));
            assertTrue(rho < BOUND, "contraction " + rho + " on " + Arrays.toString(sizes));
        }
    }

    @Test
    void theGridsReallyHaveSeveralLevels() {
        for (int[] sizes : GRIDS) {
            int levels = GridMultigrid.of(constantWeights(sizes, 1)).levelCount();
            assertTrue(levels >= 2, Arrays.toString(sizes) + " has " + levels + " level");
        }
        assertEquals(5, GridMultigrid.of(constantWeights(new int[] {256, 256}, 1)).levelCount());
    }

    /** {@code ||E||_A} by the power method: {@code e <- V-cycle(A x = 0) from e}, ratio of energy norms. */
    static double contraction(GridLaplacianSystem system) {
        GridMultigrid multigrid = GridMultigrid.of(system);
        int n = system.size();
        double[] e = new double[n];
        double[] zero = new double[n];
        double[] ae = new double[n];
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < n; i++) {
            e[i] = random.nextGaussian();
        }
        double before = energy(system, e, ae);
        double rho = 0;
        for (int step = 0; step < 25; step++) {
            multigrid.cycle(zero, e);
            double after = energy(system, e, ae);
            rho = after / before;
            if (after == 0) {
                return 0;
            }
            for (int i = 0; i < n; i++) {
                e[i] /= after;
            }
            before = 1;
        }
        return rho;
    }

    private static double energy(GridLaplacianSystem system, double[] e, double[] ae) {
        system.apply(e, ae);
        double sum = 0;
        for (int i = 0; i < e.length; i++) {
            sum += e[i] * ae[i];
        }
        return Math.sqrt(sum);
    }

    /** Every edge weight uniform in {@code [maxWeight / CONTRAST, maxWeight]}, independently. */
    private static GridLaplacianSystem boundedContrast(int[] sizes, double maxWeight, long seed) {
        GridLaplacianSystem unit = RandomGridSystems.uniform(sizes, 1, seed);
        double[][] weights = new double[sizes.length][];
        for (int k = 0; k < sizes.length; k++) {
            weights[k] = unit.weights(k).clone();
            for (int e = 0; e < weights[k].length; e++) {
                weights[k][e] = maxWeight * (1 / CONTRAST + (1 - 1 / CONTRAST) * weights[k][e]);
            }
        }
        return new GridLaplacianSystem(sizes, weights);
    }

    private static GridLaplacianSystem constantWeights(int[] sizes, double weight) {
        int n = Arrays.stream(sizes).reduce(1, (a, b) -> a * b);
        double[][] weights = new double[sizes.length][];
        for (int k = 0; k < sizes.length; k++) {
            weights[k] = new double[n / sizes[k] * (sizes[k] - 1)];
            Arrays.fill(weights[k], weight);
        }
        return new GridLaplacianSystem(sizes, weights);
    }
}
