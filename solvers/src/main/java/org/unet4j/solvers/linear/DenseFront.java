package org.unet4j.solvers.linear;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;
import org.unet4j.autodiff.parallel.Parallel;

/**
 * The dense kernel of the multifrontal method: the partial Cholesky factorisation of a frontal matrix, on the
 * Vector API. The {@code m x m} front {@code F} is held column-major in one array ({@code F[r, c]} at
 * {@code c m + r}); only its lower triangle is read and written. Factoring its first {@code k} columns,
 * <pre>
 *   F = [F11 F21^T; F21 F22],   F11 = L11 L11^T,   L21 = F21 L11^-T,   U = F22 - L21 L21^T,
 * </pre>
 * leaves {@code [L11; L21]} in the first {@code k} columns and {@code U} in the trailing block.
 *
 * <p>Blocked right-looking in panels of {@value #PANEL} columns. A panel is factored column by column
 * (left-looking inside the panel: each column minus the panel's earlier columns, then pivoted and scaled, which is
 * the panel's Cholesky and triangular solve). Then every later column is updated by the whole panel,
 * {@code F[c:, c] -= P[c:, :] P[c, :]^T} with {@code P} the panel's rows below it: a symmetric rank-{@value #PANEL}
 * update (SYRK), the {@code O(m^2 k)} bulk of the work. It subtracts up to eight panel columns per pass over a target
 * column (Vector API fused multiply-adds), sweeps the rows in cache-sized chunks, and splits the target columns over
 * {@link Parallel}'s pool. Each entry of {@code F} is summed over the same panel columns in the same order whichever
 * thread computes it, so the factor does not depend on the number of threads.
 */
final class DenseFront {
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    private static final int L = D.length();
    /** Columns per panel. */
    static final int PANEL = 64;
    /** Rows a task sweeps before moving on: the panel's {@code ROW_CHUNK x PANEL} block stays in the L2 cache. */
    static final int ROW_CHUNK = 512;
    /** Up to this many multiply-adds a trailing update runs on the calling thread. */
    private static final long SERIAL_WORK = 1L << 21;

    private DenseFront() {
    }

    /**
     * Factors the first {@code k} columns of the {@code m x m} front {@code f} in place and leaves the update
     * matrix {@code F22 - L21 L21^T} in its trailing block.
     *
     * @param pivotColumn the column of the whole matrix that the front's first column is, for the error message
     * @param size        the size of the whole matrix, for the error message
     * @throws NotPositiveDefiniteException if a pivot is not positive
     */
    static void partialCholesky(double[] f, int m, int k, int pivotColumn, int size) {
        for (int j0 = 0; j0 < k; j0 += PANEL) {
            int j1 = Math.min(k, j0 + PANEL);
            for (int j = j0; j < j1; j++) {
                subtractColumns(f, m, j, j, m, j0, j);
                int at = j * m + j;
                double pivot = f[at];
                if (!(pivot > 0)) {
                    throw new NotPositiveDefiniteException("sparse Cholesky met the pivot " + pivot + " in column "
                            + (pivotColumn + j) + " of the reordered matrix: the " + size + " x " + size
                            + " matrix is not symmetric positive definite");
                }
                double diagonal = Math.sqrt(pivot);
                f[at] = diagonal;
                scale(f, at + 1, j * m + m, 1 / diagonal);
            }
            updateTrailing(f, m, j0, j1);
        }
    }

    /**
     * {@code F[r, c] -= sum_(p in [p0, p1)) F[c, p] F[r, p]} for every trailing column {@code c >= p1}, the columns
     * split over {@link Parallel}'s pool. Each task sweeps the rows in chunks of {@value #ROW_CHUNK}, so that the
     * panel's rows of a chunk stay in the cache while all its columns are updated.
     */
    private static void updateTrailing(double[] f, int m, int p0, int p1) {
        int trailing = m - p1;
        long work = (long) trailing * trailing * (p1 - p0) / 2;
        int grain = work <= SERIAL_WORK ? Math.max(1, trailing) : 1;
        Parallel.forRange(trailing, grain, (from, to) -> {
            int[] mine = new int[to - from];
            for (int q = from; q < to; q++) {
                mine[q - from] = p1 + pairedColumn(q, trailing);
            }
            java.util.Arrays.sort(mine);
            for (int r0 = p1; r0 < m; r0 += ROW_CHUNK) {
                int r1 = Math.min(m, r0 + ROW_CHUNK);
                for (int c : mine) {
                    if (c >= r1) {
                        break;
                    }
                    subtractColumns(f, m, c, Math.max(r0, c), r1, p0, p1);
                }
            }
        });
    }

    /**
     * The trailing column handled at position {@code q}: columns alternate from both ends (0, last, 1, last - 1,
     * ...), so any run of consecutive positions carries about as many entries of the lower triangle as another.
     */
    private static int pairedColumn(int q, int columns) {
        return q % 2 == 0 ? q / 2 : columns - 1 - q / 2;
    }

    /**
     * {@code F[r, c] -= sum_(p in [p0, p1)) F[c, p] F[r, p]} for {@code r in [r0, r1)}: column {@code c} minus a
     * block of factored columns, eight (then four) at a time, so each pass over the rows does eight multiply-adds per
     * load and store of the column.
     */
    private static void subtractColumns(double[] f, int m, int c, int r0, int r1, int p0, int p1) {
        int target = c * m;
        int p = p0;
        for (; p + 7 < p1; p += 8) {
            int s0 = p * m;
            DoubleVector g0 = DoubleVector.broadcast(D, -f[s0 + c]);
            DoubleVector g1 = DoubleVector.broadcast(D, -f[s0 + m + c]);
            DoubleVector g2 = DoubleVector.broadcast(D, -f[s0 + 2 * m + c]);
            DoubleVector g3 = DoubleVector.broadcast(D, -f[s0 + 3 * m + c]);
            DoubleVector g4 = DoubleVector.broadcast(D, -f[s0 + 4 * m + c]);
            DoubleVector g5 = DoubleVector.broadcast(D, -f[s0 + 5 * m + c]);
            DoubleVector g6 = DoubleVector.broadcast(D, -f[s0 + 6 * m + c]);
            DoubleVector g7 = DoubleVector.broadcast(D, -f[s0 + 7 * m + c]);
            int r = r0;
            for (int end = r1 - L; r <= end; r += L) {
                DoubleVector t = DoubleVector.fromArray(D, f, target + r);
                DoubleVector u = DoubleVector.fromArray(D, f, s0 + r).mul(g0);
                t = DoubleVector.fromArray(D, f, s0 + m + r).fma(g1, t);
                u = DoubleVector.fromArray(D, f, s0 + 2 * m + r).fma(g2, u);
                t = DoubleVector.fromArray(D, f, s0 + 3 * m + r).fma(g3, t);
                u = DoubleVector.fromArray(D, f, s0 + 4 * m + r).fma(g4, u);
                t = DoubleVector.fromArray(D, f, s0 + 5 * m + r).fma(g5, t);
                u = DoubleVector.fromArray(D, f, s0 + 6 * m + r).fma(g6, u);
                t = DoubleVector.fromArray(D, f, s0 + 7 * m + r).fma(g7, t);
                t.add(u).intoArray(f, target + r);
            }
            for (; r < r1; r++) {
                double sum = 0;
                for (int q = 0; q < 8; q++) {
                    sum += f[s0 + q * m + c] * f[s0 + q * m + r];
                }
                f[target + r] -= sum;
            }
        }
        for (; p + 3 < p1; p += 4) {
            int s0 = p * m;
            DoubleVector g0 = DoubleVector.broadcast(D, -f[s0 + c]);
            DoubleVector g1 = DoubleVector.broadcast(D, -f[s0 + m + c]);
            DoubleVector g2 = DoubleVector.broadcast(D, -f[s0 + 2 * m + c]);
            DoubleVector g3 = DoubleVector.broadcast(D, -f[s0 + 3 * m + c]);
            int r = r0;
            for (int end = r1 - L; r <= end; r += L) {
                DoubleVector t = DoubleVector.fromArray(D, f, target + r);
                t = DoubleVector.fromArray(D, f, s0 + r).fma(g0, t);
                t = DoubleVector.fromArray(D, f, s0 + m + r).fma(g1, t);
                t = DoubleVector.fromArray(D, f, s0 + 2 * m + r).fma(g2, t);
                t = DoubleVector.fromArray(D, f, s0 + 3 * m + r).fma(g3, t);
                t.intoArray(f, target + r);
            }
            for (; r < r1; r++) {
                f[target + r] -= f[s0 + c] * f[s0 + r] + f[s0 + m + c] * f[s0 + m + r]
                        + f[s0 + 2 * m + c] * f[s0 + 2 * m + r] + f[s0 + 3 * m + c] * f[s0 + 3 * m + r];
            }
        }
        for (; p < p1; p++) {
            int s0 = p * m;
            double f0 = f[s0 + c];
            DoubleVector g0 = DoubleVector.broadcast(D, -f0);
            int r = r0;
            for (int end = r1 - L; r <= end; r += L) {
                DoubleVector.fromArray(D, f, s0 + r).fma(g0, DoubleVector.fromArray(D, f, target + r))
                        .intoArray(f, target + r);
            }
            for (; r < r1; r++) {
                f[target + r] -= f0 * f[s0 + r];
            }
        }
    }

    /** {@code f[from .. to) *= factor}. */
    private static void scale(double[] f, int from, int to, double factor) {
        int r = from;
        for (int end = to - L; r <= end; r += L) {
            DoubleVector.fromArray(D, f, r).mul(factor).intoArray(f, r);
        }
        for (; r < to; r++) {
            f[r] *= factor;
        }
    }
}
