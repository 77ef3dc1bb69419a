package org.unet4j.autodiff.cpu;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.unet4j.autodiff.parallel.Parallel;

/**
 * General matrix multiply on row-major arrays: {@code C = op(A) op(B)}, or {@code C += op(A) op(B)} when
 * accumulating, with op(A) of size m x k and op(B) of size k x n. A transposed A is stored k x m, a transposed B
 * n x k. The strided overloads take leading dimensions (the distance between consecutive stored rows), so a block of
 * a larger matrix can be read or written in place.
 *
 * <p><b>float32</b> follows the BLIS layering on the Vector API. The columns of C are walked in panels of
 * {@link #NC} and k in equal slices of at most {@value #KC}. For each (panel, slice), op(B) is packed once into
 * strips of {@link #NR} columns, row after row ({@code NR} consecutive floats per row of a strip), the strips split
 * over the pool; a transposed B is packed with vector gathers (one per {@code L} stored rows and packed row), as
 * the transposition otherwise dominates products with few rows, such as weight gradients. Then the panel is cut into
 * tasks of {@value #MC} rows by {@link #TASK_COLUMNS} columns; a task
 * packs its rows of op(A) into strips of {@value #MR} rows, column after column, and runs the micro-kernel over its
 * strip pairs. Transposes are absorbed by the packing; nothing is transposed in full.
 *
 * <p>The micro-kernel keeps an {@code MR x NR} block of C in vector registers and, for each p of the slice,
 * broadcasts {@code A[i][p]} and fuses it with the vector {@code B[p][j..j+NR)}:
 * {@code C[i][j..] += A[i][p] * B[p][j..]}. The first slice of a product that does not accumulate writes C, the
 * others add to it, so C is never cleared separately. Ragged edges are packed with zeros, computed into a small tile
 * and copied or added back element by element.
 *
 * <p>Every element of C is summed over the same k-slices in the same order whichever task computes it, so results
 * do not depend on the number of threads.
 *
 * <p><b>float64</b> is the verification path: a scalar loop with rows split over the pool.
 */
public final class Gemm {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final int L = F.length();
    /** Rows of C held in registers by the micro-kernel. */
    static final int MR = 8;
    /** Columns of C held in registers by the micro-kernel: two vectors. */
    static final int NR = 2 * L;
    /** Depth of one packed slice of k: a strip of B ({@code KC x NR}) stays in the L1 cache. */
    static final int KC = 256;
    /** Rows of C per task (a multiple of MR): the packed block of A ({@code MC x KC}) stays in the L2 cache. */
    static final int MC = 12 * MR;
    /** Columns of C per task (a multiple of NR). */
    static final int TASK_COLUMNS = 8 * NR;
    /** Columns of C per packed panel of B (a multiple of TASK_COLUMNS). */
    static final int NC = 4 * TASK_COLUMNS;
    /** Strips of B one packing task handles. */
    private static final int STRIPS_PER_PACK = 4;
    /** Up to this many multiply-adds a product runs on the calling thread. */
    private static final long SERIAL_WORK = 1L << 20;

    /** An MR x NR tile of zeros: the base the micro-kernel adds to when it overwrites C. */
    private static final float[] ZERO_TILE = new float[MR * NR];

    private static final ThreadLocal<Workspace> WORKSPACE = ThreadLocal.withInitial(Workspace::new);

    private Gemm() {
    }

    /** float32 product of contiguous matrices (leading dimensions equal to their row lengths). */
    public static void sgemm(boolean transA, boolean transB, int m, int n, int k, float[] a, int offA, float[] b,
            int offB, float[] c, int offC, boolean accumulate) {
        sgemm(transA, transB, m, n, k, a, offA, transA ? m : k, b, offB, transB ? k : n, c, offC, n, accumulate);
    }

    /**
     * float32 product with explicit leading dimensions: stored row r of A starts at {@code offA + r * lda}, and
     * likewise for B and C.
     */
    public static void sgemm(boolean transA, boolean transB, int m, int n, int k, float[] a, int offA, int lda,
            float[] b, int offB, int ldb, float[] c, int offC, int ldc, boolean accumulate) {
        if (m <= 0 || n <= 0) {
            return;
        }
        if (k <= 0) {
            if (!accumulate) {
                for (int i = 0; i < m; i++) {
                    Arrays.fill(c, offC + i * ldc, offC + i * ldc + n, 0f);
                }
            }
            return;
        }
        Operands op = new Operands(transA, transB, a, offA, lda, b, offB, ldb, c, offC, ldc);
        boolean serial = (long) m * n * k <= SERIAL_WORK;
        float[] packedB = WORKSPACE.get().packedB;
        int rowBlocks = (m + MC - 1) / MC;
        int slices = (k + KC - 1) / KC;
        int sliceDepth = (k + slices - 1) / slices;
        for (int j0 = 0; j0 < n; j0 += NC) {
            int nc = Math.min(NC, n - j0);
            int strips = (nc + NR - 1) / NR;
            int colGroups = (nc + TASK_COLUMNS - 1) / TASK_COLUMNS;
            int tasks = rowBlocks * colGroups;
            for (int p0 = 0; p0 < k; p0 += sliceDepth) {
                Slice slice = new Slice(j0, nc, p0, Math.min(sliceDepth, k - p0), p0 == 0 && !accumulate);
                Parallel.forRange(strips, serial ? strips : STRIPS_PER_PACK,
                        (from, to) -> packB(op, packedB, slice, from, to));
                Parallel.forRange(tasks, serial ? tasks : 1, (from, to) -> {
                    Workspace ws = WORKSPACE.get();
                    int packedRows = -1;
                    for (int t = from; t < to; t++) {
                        int i0 = (t / colGroups) * MC;
                        int mc = Math.min(MC, m - i0);
                        if (i0 != packedRows) {
                            packA(op, ws.packedA, i0, mc, slice);
                            packedRows = i0;
                        }
                        int jr0 = (t % colGroups) * TASK_COLUMNS;
                        multiplyBlock(op, ws, packedB, slice, i0, mc, jr0, Math.min(TASK_COLUMNS, nc - jr0));
                    }
                });
            }
        }
    }

    /** The operands of one float32 product. */
    private record Operands(boolean transA, boolean transB, float[] a, int offA, int lda, float[] b, int offB, int ldb,
            float[] c, int offC, int ldc) {
    }

    /**
     * Columns [j0, j0+nc) of C and the slice [p0, p0+kc) of k; {@code overwrite} when this is the first slice of a
     * product that does not accumulate into C, which then writes C instead of adding to it.
     */
    private record Slice(int j0, int nc, int p0, int kc, boolean overwrite) {
    }

    /** Per-thread packing buffers and the edge tile, reused across calls. */
    private static final class Workspace {
        final float[] packedA = new float[MC * KC];
        final float[] packedB = new float[KC * NC];
        final float[] edge = new float[MR * NR];
    }

    /**
     * C[i0 : i0+mc, j0+jr0 : j0+jr0+width) += packed A block times the packed B strips of those columns; on the
     * slice that starts a non-accumulating product the block is written instead of added to.
     */
    private static void multiplyBlock(Operands op, Workspace ws, float[] packedB, Slice s, int i0, int mc, int jr0,
            int width) {
        float[] c = op.c;
        int ldc = op.ldc;
        int corner = op.offC + i0 * ldc + s.j0 + jr0;
        int kc = s.kc;
        for (int jr = 0; jr < width; jr += NR) {
            int nr = Math.min(NR, width - jr);
            int bAt = ((jr0 + jr) / NR) * kc * NR;
            for (int ir = 0; ir < mc; ir += MR) {
                int mr = Math.min(MR, mc - ir);
                int aAt = (ir / MR) * kc * MR;
                int cAt = corner + ir * ldc + jr;
                if (mr == MR && nr == NR) {
                    if (s.overwrite) {
                        microKernel(kc, ws.packedA, aAt, packedB, bAt, ZERO_TILE, 0, NR, c, cAt, ldc);
                    } else {
                        microKernel(kc, ws.packedA, aAt, packedB, bAt, c, cAt, ldc, c, cAt, ldc);
                    }
                } else {
                    microKernel(kc, ws.packedA, aAt, packedB, bAt, ZERO_TILE, 0, NR, ws.edge, 0, NR);
                    writeEdge(ws.edge, c, cAt, ldc, mr, nr, s.overwrite);
                }
            }
        }
    }

    /**
     * Packs rows [i0, i0+mc) of op(A) over the slice into strips of MR rows:
     * {@code packed[s*kc*MR + p*MR + r] = op(A)[i0 + s*MR + r][p0 + p]}, zero past the last row.
     */
    private static void packA(Operands op, float[] packed, int i0, int mc, Slice slice) {
        float[] a = op.a;
        int lda = op.lda;
        int p0 = slice.p0;
        int kc = slice.kc;
        for (int s = 0; s * MR < mc; s++) {
            int base = s * kc * MR;
            int rows = Math.min(MR, mc - s * MR);
            int row0 = i0 + s * MR;
            if (op.transA) {
                for (int p = 0; p < kc; p++) {
                    int src = op.offA + (p0 + p) * lda + row0;
                    int dst = base + p * MR;
                    System.arraycopy(a, src, packed, dst, rows);
                    Arrays.fill(packed, dst + rows, dst + MR, 0f);
                }
            } else if (rows == MR) {
                int r0 = op.offA + row0 * lda + p0;
                for (int p = 0; p < kc; p++) {
                    int dst = base + p * MR;
                    packed[dst] = a[r0 + p];
                    packed[dst + 1] = a[r0 + lda + p];
                    packed[dst + 2] = a[r0 + 2 * lda + p];
                    packed[dst + 3] = a[r0 + 3 * lda + p];
                    packed[dst + 4] = a[r0 + 4 * lda + p];
                    packed[dst + 5] = a[r0 + 5 * lda + p];
                    packed[dst + 6] = a[r0 + 6 * lda + p];
                    packed[dst + 7] = a[r0 + 7 * lda + p];
                }
            } else {
                for (int p = 0; p < kc; p++) {
                    int dst = base + p * MR;
                    for (int r = 0; r < MR; r++) {
                        packed[dst + r] = r < rows ? a[op.offA + (row0 + r) * lda + p0 + p] : 0f;
                    }
                }
            }
        }
    }

    /**
     * Packs strips [from, to) of op(B) over the slice, each NR columns wide:
     * {@code packed[t*kc*NR + p*NR + j] = op(B)[p0 + p][j0 + t*NR + j]}, zero past the last column.
     */
    private static void packB(Operands op, float[] packed, Slice slice, int from, int to) {
        float[] b = op.b;
        int ldb = op.ldb;
        int p0 = slice.p0;
        int kc = slice.kc;
        int[] rowStarts = op.transB ? gatherOffsets(ldb) : null;
        for (int t = from; t < to; t++) {
            int base = t * kc * NR;
            int cols = Math.min(NR, slice.nc - t * NR);
            int col0 = slice.j0 + t * NR;
            if (op.transB) {
                int j = 0;
                for (; j + L <= cols; j += L) {
                    int src = op.offB + (col0 + j) * ldb + p0;
                    for (int p = 0; p < kc; p++) {
                        FloatVector.fromArray(F, b, src + p, rowStarts, 0).intoArray(packed, base + p * NR + j);
                    }
                }
                for (; j < cols; j++) {
                    int src = op.offB + (col0 + j) * ldb + p0;
                    for (int p = 0; p < kc; p++) {
                        packed[base + p * NR + j] = b[src + p];
                    }
                }
                if (cols < NR) {
                    for (int p = 0; p < kc; p++) {
                        Arrays.fill(packed, base + p * NR + cols, base + (p + 1) * NR, 0f);
                    }
                }
            } else if (cols == NR) {
                for (int p = 0; p < kc; p++) {
                    int src = op.offB + (p0 + p) * ldb + col0;
                    int dst = base + p * NR;
                    FloatVector.fromArray(F, b, src).intoArray(packed, dst);
                    FloatVector.fromArray(F, b, src + L).intoArray(packed, dst + L);
                }
            } else {
                for (int p = 0; p < kc; p++) {
                    int dst = base + p * NR;
                    System.arraycopy(b, op.offB + (p0 + p) * ldb + col0, packed, dst, cols);
                    Arrays.fill(packed, dst + cols, dst + NR, 0f);
                }
            }
        }
    }

    /** The offsets {@code j * ldb} of L consecutive stored rows: the index map that gathers a column of them. */
    private static int[] gatherOffsets(int ldb) {
        int[] offsets = new int[L];
        for (int j = 0; j < L; j++) {
            offsets[j] = j * ldb;
        }
        return offsets;
    }

    /**
     * The register block: {@code C[r][0..NR) = base[r][0..NR) + sum_p A[r][p] * B[p][0..NR)} for the MR x NR block
     * at {@code cAt} (row stride {@code ldc}), reading one packed strip of A and one of B. The base is C itself
     * when adding to it and a tile of zeros when overwriting, so there is one store path (which keeps the kernel
     * small enough for the JIT to compile every vector operation to its instruction).
     */
    private static void microKernel(int kc, float[] pa, int aAt, float[] pb, int bAt, float[] base, int baseAt,
            int ldBase, float[] c, int cAt, int ldc) {
        FloatVector c00 = FloatVector.zero(F);
        FloatVector c01 = FloatVector.zero(F);
        FloatVector c10 = FloatVector.zero(F);
        FloatVector c11 = FloatVector.zero(F);
        FloatVector c20 = FloatVector.zero(F);
        FloatVector c21 = FloatVector.zero(F);
        FloatVector c30 = FloatVector.zero(F);
        FloatVector c31 = FloatVector.zero(F);
        FloatVector c40 = FloatVector.zero(F);
        FloatVector c41 = FloatVector.zero(F);
        FloatVector c50 = FloatVector.zero(F);
        FloatVector c51 = FloatVector.zero(F);
        FloatVector c60 = FloatVector.zero(F);
        FloatVector c61 = FloatVector.zero(F);
        FloatVector c70 = FloatVector.zero(F);
        FloatVector c71 = FloatVector.zero(F);
        for (int p = 0; p < kc; p++) {
            int ia = aAt + p * MR;
            int ib = bAt + p * NR;
            FloatVector b0 = FloatVector.fromArray(F, pb, ib);
            FloatVector b1 = FloatVector.fromArray(F, pb, ib + L);
            FloatVector a = FloatVector.broadcast(F, pa[ia]);
            c00 = a.fma(b0, c00);
            c01 = a.fma(b1, c01);
            a = FloatVector.broadcast(F, pa[ia + 1]);
            c10 = a.fma(b0, c10);
            c11 = a.fma(b1, c11);
            a = FloatVector.broadcast(F, pa[ia + 2]);
            c20 = a.fma(b0, c20);
            c21 = a.fma(b1, c21);
            a = FloatVector.broadcast(F, pa[ia + 3]);
            c30 = a.fma(b0, c30);
            c31 = a.fma(b1, c31);
            a = FloatVector.broadcast(F, pa[ia + 4]);
            c40 = a.fma(b0, c40);
            c41 = a.fma(b1, c41);
            a = FloatVector.broadcast(F, pa[ia + 5]);
            c50 = a.fma(b0, c50);
            c51 = a.fma(b1, c51);
            a = FloatVector.broadcast(F, pa[ia + 6]);
            c60 = a.fma(b0, c60);
            c61 = a.fma(b1, c61);
            a = FloatVector.broadcast(F, pa[ia + 7]);
            c70 = a.fma(b0, c70);
            c71 = a.fma(b1, c71);
        }
        c00.add(FloatVector.fromArray(F, base, baseAt)).intoArray(c, cAt);
        c01.add(FloatVector.fromArray(F, base, baseAt + L)).intoArray(c, cAt + L);
        c10.add(FloatVector.fromArray(F, base, baseAt + ldBase)).intoArray(c, cAt + ldc);
        c11.add(FloatVector.fromArray(F, base, baseAt + ldBase + L)).intoArray(c, cAt + ldc + L);
        c20.add(FloatVector.fromArray(F, base, baseAt + 2 * ldBase)).intoArray(c, cAt + 2 * ldc);
        c21.add(FloatVector.fromArray(F, base, baseAt + 2 * ldBase + L)).intoArray(c, cAt + 2 * ldc + L);
        c30.add(FloatVector.fromArray(F, base, baseAt + 3 * ldBase)).intoArray(c, cAt + 3 * ldc);
        c31.add(FloatVector.fromArray(F, base, baseAt + 3 * ldBase + L)).intoArray(c, cAt + 3 * ldc + L);
        c40.add(FloatVector.fromArray(F, base, baseAt + 4 * ldBase)).intoArray(c, cAt + 4 * ldc);
        c41.add(FloatVector.fromArray(F, base, baseAt + 4 * ldBase + L)).intoArray(c, cAt + 4 * ldc + L);
        c50.add(FloatVector.fromArray(F, base, baseAt + 5 * ldBase)).intoArray(c, cAt + 5 * ldc);
        c51.add(FloatVector.fromArray(F, base, baseAt + 5 * ldBase + L)).intoArray(c, cAt + 5 * ldc + L);
        c60.add(FloatVector.fromArray(F, base, baseAt + 6 * ldBase)).intoArray(c, cAt + 6 * ldc);
        c61.add(FloatVector.fromArray(F, base, baseAt + 6 * ldBase + L)).intoArray(c, cAt + 6 * ldc + L);
        c70.add(FloatVector.fromArray(F, base, baseAt + 7 * ldBase)).intoArray(c, cAt + 7 * ldc);
        c71.add(FloatVector.fromArray(F, base, baseAt + 7 * ldBase + L)).intoArray(c, cAt + 7 * ldc + L);
    }

    /** Writes (or adds) the valid mr x nr corner of an MR x NR tile into C. */
    private static void writeEdge(float[] tile, float[] c, int cAt, int ldc, int mr, int nr, boolean overwrite) {
        for (int r = 0; r < mr; r++) {
            int row = cAt + r * ldc;
            if (overwrite) {
                System.arraycopy(tile, r * NR, c, row, nr);
            } else {
                for (int j = 0; j < nr; j++) {
                    c[row + j] += tile[r * NR + j];
                }
            }
        }
    }

    /** float64 product of contiguous matrices (leading dimensions equal to their row lengths). */
    public static void dgemm(boolean transA, boolean transB, int m, int n, int k, double[] a, int offA, double[] b,
            int offB, double[] c, int offC, boolean accumulate) {
        dgemm(transA, transB, m, n, k, a, offA, transA ? m : k, b, offB, transB ? k : n, c, offC, n, accumulate);
    }

    /**
     * float64 product with explicit leading dimensions. Row i of C is {@code sum_p op(A)[i][p] * op(B)[p][.]},
     * summed in p order; rows are split over the pool.
     */
    public static void dgemm(boolean transA, boolean transB, int m, int n, int k, double[] a, int offA, int lda,
            double[] b, int offB, int ldb, double[] c, int offC, int ldc, boolean accumulate) {
        if (m <= 0 || n <= 0) {
            return;
        }
        int grain = (int) Math.max(1, Math.min(m, SERIAL_WORK / Math.max(1L, (long) n * k)));
        Parallel.forRange(m, grain, (from, to) -> {
            double[] aRow = new double[k];
            for (int i = from; i < to; i++) {
                for (int p = 0; p < k; p++) {
                    aRow[p] = transA ? a[offA + p * lda + i] : a[offA + i * lda + p];
                }
                int ci = offC + i * ldc;
                if (transB) {
                    for (int j = 0; j < n; j++) {
                        int bj = offB + j * ldb;
                        double s = 0;
                        for (int p = 0; p < k; p++) {
                            s += aRow[p] * b[bj + p];
                        }
                        c[ci + j] = accumulate ? c[ci + j] + s : s;
                    }
                } else {
                    if (!accumulate) {
                        Arrays.fill(c, ci, ci + n, 0.0);
                    }
                    for (int p = 0; p < k; p++) {
                        double aip = aRow[p];
                        int bp = offB + p * ldb;
                        for (int j = 0; j < n; j++) {
                            c[ci + j] += aip * b[bp + j];
                        }
                    }
                }
            }
        });
    }
}
