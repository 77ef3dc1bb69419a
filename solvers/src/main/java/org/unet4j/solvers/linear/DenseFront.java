package org.unet4j.solvers.linear;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;
import org.unet4j.autodiff.parallel.Parallel;

/**
 * The dense kernel of the multifrontal method: the partial Cholesky factorisation of a frontal matrix, on the
 * Vector API. The {@code m x m} front {@code F} is held column-major in one array ({@code F[r, c]} at
 * {@code c m + r}); only its lower triangle is read, and the kernel may overwrite the strict upper triangle of the
 * trailing block with scratch. Factoring its first {@code k} columns,
 * <pre>
 *   F = [F11 F21^T; F21 F22],   F11 = L11 L11^T,   L21 = F21 L11^-T,   U = F22 - L21 L21^T,
 * </pre>
 * leaves {@code [L11; L21]} in the first {@code k} columns and {@code U} in the trailing block.
 *
 * <p>Blocked right-looking in panels of {@value #PANEL} columns. A panel is factored column by column
 * (left-looking inside the panel: each column minus the panel's earlier columns, then pivoted and scaled, which is
 * the panel's Cholesky and triangular solve). Then every later column is updated by the whole panel,
 * {@code F[c:, c] -= P[c:, :] P[c, :]^T} with {@code P} the panel's rows below it: a symmetric rank-{@value #PANEL}
 * update (SYRK), the {@code O(m^2 k)} bulk of the work. It runs on packed copies of the panel through a
 * register-tiled micro-kernel ({@code MR x NR} block of {@code F} in vector registers, one fused multiply-add per
 * panel column and register), the column blocks split over {@link Parallel}'s pool. Each entry of {@code F} is
 * summed over the same panel columns in the same order whichever thread computes it, so the factor does not depend
 * on the number of threads.
 */
final class DenseFront {
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    private static final int L = D.length();
    /** Columns per panel. */
    static final int PANEL = 64;
    /** Rows of the register tile: two vectors. */
    private static final int MR = 2 * L;
    /** Columns of the register tile. */
    private static final int NR = 6;
    /** Rows of the packed panel a task sweeps before moving on: {@code ROW_CHUNK x PANEL} stays in the L2 cache. */
    private static final int ROW_CHUNK = 32 * MR;
    /** Trailing blocks with fewer rows are updated column by column. */
    private static final int SMALLEST_TILED = 2 * MR;
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
                subtractColumns(f, m, j, j0, j);
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

    /** {@code F[r, c] -= sum_(p in [p0, p1)) F[c, p] F[r, p]} for every trailing column {@code c >= p1}. */
    private static void updateTrailing(double[] f, int m, int p0, int p1) {
        int trailing = m - p1;
        if (trailing < SMALLEST_TILED) {
            for (int c = p1; c < m; c++) {
                subtractColumns(f, m, c, p0, p1);
            }
            return;
        }
        int width = p1 - p0;
        int strips = (trailing + MR - 1) / MR;
        double[] packedRows = new double[strips * MR * width];
        int blocks = (trailing + NR - 1) / NR;
        double[] packedColumns = new double[blocks * NR * width];
        pack(f, m, p0, width, p1, trailing, packedRows, packedColumns);
        long work = (long) trailing * trailing * width / 2;
        int grain = work <= SERIAL_WORK ? blocks : 1;
        Parallel.forRange(blocks, grain, (from, to) -> {
            int[] mine = new int[to - from];
            for (int q = from; q < to; q++) {
                mine[q - from] = pairedBlock(q, blocks);
            }
            java.util.Arrays.sort(mine);
            for (int r0 = 0; r0 < trailing; r0 += ROW_CHUNK) {
                int r1 = Math.min(trailing, r0 + ROW_CHUNK);
                for (int b : mine) {
                    int c0 = b * NR;
                    if (c0 >= r1) {
                        break;
                    }
                    updateBlock(f, m, p1, trailing, width, packedRows, packedColumns, b, Math.max(r0, c0), r1);
                }
            }
        });
    }

    /**
     * The column block handled at position {@code q}: blocks alternate from both ends (0, last, 1, last - 1,
     * ...), so any run of consecutive positions carries about as many entries of the lower triangle as another.
     */
    private static int pairedBlock(int q, int blocks) {
        return q % 2 == 0 ? q / 2 : blocks - 1 - q / 2;
    }

    /**
     * Packs the panel's rows below it, {@code P[i, p] = F[p1 + i, p0 + p]}: in strips of {@link #MR} rows
     * ({@code rows[s MR width + p MR + i]}) for the vector side and in blocks of {@link #NR} rows
     * ({@code columns[b NR width + p NR + q]}) for the broadcast side, zero past the last row.
     */
    private static void pack(double[] f, int m, int p0, int width, int p1, int trailing, double[] rows,
            double[] columns) {
        for (int p = 0; p < width; p++) {
            int from = (p0 + p) * m + p1;
            for (int i = 0; i < trailing; i++) {
                double v = f[from + i];
                rows[(i / MR) * MR * width + p * MR + i % MR] = v;
                columns[(i / NR) * NR * width + p * NR + i % NR] = v;
            }
        }
    }

    /**
     * Updates the rows {@code [r0, r1)} (relative to the trailing block) of the {@link #NR} columns of block
     * {@code b} by the packed panel, in whole strips of {@link #MR} rows: a strip reaching above the diagonal writes
     * scratch into the strict upper triangle.
     */
    private static void updateBlock(double[] f, int m, int p1, int trailing, int width, double[] rows,
            double[] columns, int b, int r0, int r1) {
        int c0 = b * NR;
        int columnsHere = Math.min(NR, trailing - c0);
        int bAt = b * NR * width;
        for (int s0 = (r0 / MR) * MR; s0 < r1; s0 += MR) {
            int aAt = (s0 / MR) * MR * width;
            int row = p1 + s0;
            if (columnsHere == NR) {
                tile(f, m, row, p1 + c0, width, rows, aAt, columns, bAt);
            } else {
                for (int q = 0; q < columnsHere; q++) {
                    column(f, m, row, p1 + c0 + q, width, rows, aAt, columns, bAt + q);
                }
            }
        }
    }

    /**
     * The micro-kernel: {@code F[row .. row + MR, col .. col + NR) -= A B^T} with {@code A} the packed strip
     * ({@code MR x width}) and {@code B} the packed block ({@code NR x width}); rows past {@code m} are dropped.
     */
    private static void tile(double[] f, int m, int row, int col, int width, double[] a, int aAt, double[] b,
            int bAt) {
        DoubleVector c00 = DoubleVector.zero(D);
        DoubleVector c01 = c00;
        DoubleVector c02 = c00;
        DoubleVector c03 = c00;
        DoubleVector c04 = c00;
        DoubleVector c05 = c00;
        DoubleVector c10 = c00;
        DoubleVector c11 = c00;
        DoubleVector c12 = c00;
        DoubleVector c13 = c00;
        DoubleVector c14 = c00;
        DoubleVector c15 = c00;
        for (int p = 0; p < width; p++) {
            int at = aAt + p * MR;
            DoubleVector a0 = DoubleVector.fromArray(D, a, at);
            DoubleVector a1 = DoubleVector.fromArray(D, a, at + L);
            int bp = bAt + p * NR;
            DoubleVector b0 = DoubleVector.broadcast(D, b[bp]);
            c00 = a0.fma(b0, c00);
            c10 = a1.fma(b0, c10);
            DoubleVector b1 = DoubleVector.broadcast(D, b[bp + 1]);
            c01 = a0.fma(b1, c01);
            c11 = a1.fma(b1, c11);
            DoubleVector b2 = DoubleVector.broadcast(D, b[bp + 2]);
            c02 = a0.fma(b2, c02);
            c12 = a1.fma(b2, c12);
            DoubleVector b3 = DoubleVector.broadcast(D, b[bp + 3]);
            c03 = a0.fma(b3, c03);
            c13 = a1.fma(b3, c13);
            DoubleVector b4 = DoubleVector.broadcast(D, b[bp + 4]);
            c04 = a0.fma(b4, c04);
            c14 = a1.fma(b4, c14);
            DoubleVector b5 = DoubleVector.broadcast(D, b[bp + 5]);
            c05 = a0.fma(b5, c05);
            c15 = a1.fma(b5, c15);
        }
        if (row + MR <= m) {
            subtract(f, col * m + row, c00, c10);
            subtract(f, (col + 1) * m + row, c01, c11);
            subtract(f, (col + 2) * m + row, c02, c12);
            subtract(f, (col + 3) * m + row, c03, c13);
            subtract(f, (col + 4) * m + row, c04, c14);
            subtract(f, (col + 5) * m + row, c05, c15);
        } else {
            int rows = m - row;
            double[] edge = new double[MR];
            subtractEdge(f, col * m + row, c00, c10, rows, edge);
            subtractEdge(f, (col + 1) * m + row, c01, c11, rows, edge);
            subtractEdge(f, (col + 2) * m + row, c02, c12, rows, edge);
            subtractEdge(f, (col + 3) * m + row, c03, c13, rows, edge);
            subtractEdge(f, (col + 4) * m + row, c04, c14, rows, edge);
            subtractEdge(f, (col + 5) * m + row, c05, c15, rows, edge);
        }
    }

    /** One column of the micro-kernel, for the last block when the trailing size is no multiple of NR. */
    private static void column(double[] f, int m, int row, int col, int width, double[] a, int aAt, double[] b,
            int bAt) {
        DoubleVector c0 = DoubleVector.zero(D);
        DoubleVector c1 = c0;
        for (int p = 0; p < width; p++) {
            int at = aAt + p * MR;
            DoubleVector bq = DoubleVector.broadcast(D, b[bAt + p * NR]);
            c0 = DoubleVector.fromArray(D, a, at).fma(bq, c0);
            c1 = DoubleVector.fromArray(D, a, at + L).fma(bq, c1);
        }
        if (row + MR <= m) {
            subtract(f, col * m + row, c0, c1);
        } else {
            subtractEdge(f, col * m + row, c0, c1, m - row, new double[MR]);
        }
    }

    private static void subtract(double[] f, int at, DoubleVector low, DoubleVector high) {
        DoubleVector.fromArray(D, f, at).sub(low).intoArray(f, at);
        DoubleVector.fromArray(D, f, at + L).sub(high).intoArray(f, at + L);
    }

    /**
     * The last strip: only its first {@code rows < MR} rows lie in the front. Masked vector stores are not
     * intrinsics on every JDK, so the tile goes through {@code edge} and back element by element.
     */
    private static void subtractEdge(double[] f, int at, DoubleVector low, DoubleVector high, int rows,
            double[] edge) {
        low.intoArray(edge, 0);
        high.intoArray(edge, L);
        for (int i = 0; i < rows; i++) {
            f[at + i] -= edge[i];
        }
    }

    /**
     * {@code F[r, c] -= sum_(p in [p0, p1)) F[c, p] F[r, p]} for {@code r >= c}: column {@code c} minus a block of
     * factored columns, four at a time, so each pass over the column does four multiply-adds per load and store.
     */
    private static void subtractColumns(double[] f, int m, int c, int p0, int p1) {
        int target = c * m;
        int p = p0;
        for (; p + 3 < p1; p += 4) {
            int s0 = p * m;
            int s1 = s0 + m;
            int s2 = s1 + m;
            int s3 = s2 + m;
            double f0 = f[s0 + c];
            double f1 = f[s1 + c];
            double f2 = f[s2 + c];
            double f3 = f[s3 + c];
            DoubleVector g0 = DoubleVector.broadcast(D, -f0);
            DoubleVector g1 = DoubleVector.broadcast(D, -f1);
            DoubleVector g2 = DoubleVector.broadcast(D, -f2);
            DoubleVector g3 = DoubleVector.broadcast(D, -f3);
            int r = c;
            for (int end = m - L; r <= end; r += L) {
                DoubleVector t = DoubleVector.fromArray(D, f, target + r);
                t = DoubleVector.fromArray(D, f, s0 + r).fma(g0, t);
                t = DoubleVector.fromArray(D, f, s1 + r).fma(g1, t);
                t = DoubleVector.fromArray(D, f, s2 + r).fma(g2, t);
                t = DoubleVector.fromArray(D, f, s3 + r).fma(g3, t);
                t.intoArray(f, target + r);
            }
            for (; r < m; r++) {
                f[target + r] -= f0 * f[s0 + r] + f1 * f[s1 + r] + f2 * f[s2 + r] + f3 * f[s3 + r];
            }
        }
        for (; p < p1; p++) {
            int s0 = p * m;
            double f0 = f[s0 + c];
            DoubleVector g0 = DoubleVector.broadcast(D, -f0);
            int r = c;
            for (int end = m - L; r <= end; r += L) {
                DoubleVector.fromArray(D, f, s0 + r).fma(g0, DoubleVector.fromArray(D, f, target + r))
                        .intoArray(f, target + r);
            }
            for (; r < m; r++) {
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
