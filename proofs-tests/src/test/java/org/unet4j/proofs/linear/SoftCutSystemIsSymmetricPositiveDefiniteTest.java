package org.unet4j.proofs.linear;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.ejml.data.DMatrixRMaj;
import org.ejml.data.DMatrixSparseCSC;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;
import org.ejml.ops.DConvertMatrixStruct;
import org.unet4j.solvers.linear.ConjugateGradient;
import org.unet4j.solvers.linear.GridLaplacianSystem;
import org.unet4j.solvers.linear.IterativeSolveResult;
import org.unet4j.solvers.linear.SparseCholesky;
import org.unet4j.solvers.linear.StoppingRule;

/**
 * SoftCut (A. Bonfiglio, <i>SoftCut: a novel fully differentiable relaxed graph cut approach for image segmentation
 * in deep learning</i>, MSc thesis, Politecnico di Milano, 2022), Theorems 2.1 and 2.2: the matrix {@code A} of
 * system (14), defined entrywise by (15) in 2-D and by (22)-(23) on a d-dimensional grid,
 * <pre>
 *   A_kk = 1 + sum of the weights of the edges at k,   A_kl = -w_kl for grid neighbours k, l,   0 otherwise,
 * </pre>
 * with non-negative edge weights, is symmetric (Theorem 2.1) and positive definite (Theorem 2.2, proved there by
 * strict diagonal dominance: {@code |A_kk| - sum_(l != k) |A_kl| = 1 > 0}). Hence Cholesky exists and conjugate
 * gradient converges, the two solvers SoftCut uses.
 *
 * <p>Reproduction: for random grids of one to three dimensions and random non-negative weights drawn by jqwik
 * (exact zeros, i.e. cut edges, included, and scales from 1e-3 to 1e6), the assembled {@code A} is exactly
 * symmetric, every row is strictly diagonally dominant with margin 1, {@code x^T A x >= x^T x} for random
 * {@code x} (the quadratic form behind Theorem 2.2: {@code x^T A x = |x|^2 + sum w_kl (x_k - x_l)^2}), EJML's
 * dense Cholesky and our nested-dissection sparse Cholesky both succeed, and conjugate gradient converges.
 */
class SoftCutSystemIsSymmetricPositiveDefiniteTest {

    /** A grid and its non-negative weights. */
    record Weighted(int[] sizes, double[][] weights) {
        GridLaplacianSystem system() {
            return new GridLaplacianSystem(sizes, weights);
        }

        @Override
        public String toString() {
            return "grid " + Arrays.toString(sizes) + ", weights " + Arrays.deepToString(weights);
        }
    }

    @Provide
    Arbitrary<Weighted> systems() {
        Arbitrary<int[]> sizes = Arbitraries.integers().between(1, 3).flatMap(d -> Arbitraries.integers()
                .between(1, d == 1 ? 30 : d == 2 ? 9 : 5).array(int[].class).ofSize(d));
        Arbitrary<Double> scale = Arbitraries.of(1e-3, 1.0, 5.0, 1e3, 1e6);
        Arbitrary<Double> zeroFraction = Arbitraries.of(0.0, 0.2, 0.9);
        return Combinators.combine(sizes, scale, zeroFraction, Arbitraries.longs()).as((s, w, z, seed) -> {
            SplittableRandom random = new SplittableRandom(seed);
            int n = Arrays.stream(s).reduce(1, (a, b) -> a * b);
            double[][] weights = new double[s.length][];
            for (int k = 0; k < s.length; k++) {
                weights[k] = new double[n / s[k] * (s[k] - 1)];
                for (int e = 0; e < weights[k].length; e++) {
                    weights[k][e] = random.nextDouble() < z ? 0 : w * random.nextDouble();
                }
            }
            return new Weighted(s, weights);
        });
    }

    @Property(tries = 80)
    void theorem21AIsSymmetric(@ForAll("systems") Weighted weighted) {
        DMatrixRMaj a = dense(weighted.system().assemble());
        for (int k = 0; k < a.numRows; k++) {
            for (int l = 0; l < k; l++) {
                assertEquals(a.get(k, l), a.get(l, k), 0.0, "A(" + k + ", " + l + ") vs A(" + l + ", " + k + ")");
            }
        }
    }

    @Property(tries = 80)
    void theorem22AIsStrictlyDiagonallyDominantAndPositiveDefinite(@ForAll("systems") Weighted weighted) {
        GridLaplacianSystem system = weighted.system();
        DMatrixRMaj a = dense(system.assemble());
        for (int k = 0; k < a.numRows; k++) {
            double offDiagonal = 0;
            for (int l = 0; l < a.numCols; l++) {
                offDiagonal += l == k ? 0 : Math.abs(a.get(k, l));
            }
            double margin = a.get(k, k) - offDiagonal;
            assertEquals(1.0, margin, 1e-12 * Math.max(1, a.get(k, k)), "row " + k);
        }
        SplittableRandom random = new SplittableRandom(Arrays.hashCode(weighted.sizes()));
        double[] x = new double[system.size()];
        double[] ax = new double[x.length];
        for (int trial = 0; trial < 5; trial++) {
            double xx = 0;
            double xAx = 0;
            for (int i = 0; i < x.length; i++) {
                x[i] = random.nextGaussian();
            }
            system.apply(x, ax);
            for (int i = 0; i < x.length; i++) {
                xx += x[i] * x[i];
                xAx += x[i] * ax[i];
            }
            assertTrue(xAx >= xx * (1 - 1e-12), "x^T A x = " + xAx + " < x^T x = " + xx);
        }
        LinearSolverDense<DMatrixRMaj> cholesky = LinearSolverFactory_DDRM.chol(a.numRows);
        assertTrue(cholesky.setA(a), "dense Cholesky failed");
    }

    @Property(tries = 80)
    void choleskyExistsAndConjugateGradientConverges(@ForAll("systems") Weighted weighted) {
        GridLaplacianSystem system = weighted.system();
        int n = system.size();
        double[] b = new double[n];
        SplittableRandom random = new SplittableRandom(n);
        for (int i = 0; i < n; i++) {
            b[i] = random.nextGaussian();
        }
        double[] exact = new double[n];
        SparseCholesky.forGrid(weighted.sizes()).factor(system).solve(b, exact);

        double[] x = b.clone();
        IterativeSolveResult result = new ConjugateGradient(StoppingRule.relative(1e-10).withMaxIterations(10 * n))
                .solve(system, b, x);
        assertTrue(result.converged(), result::toString);
        double scale = Arrays.stream(exact).map(Math::abs).max().orElse(0) + 1e-300;
        for (int i = 0; i < n; i++) {
            assertEquals(exact[i], x[i], 1e-3 * scale, "CG and Cholesky at " + i);
        }
    }

    private static DMatrixRMaj dense(DMatrixSparseCSC a) {
        return DConvertMatrixStruct.convert(a, (DMatrixRMaj) null);
    }
}
