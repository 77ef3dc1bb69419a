package org.unet4j.autodiff.cpu;

import java.lang.reflect.Array;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.unet4j.autodiff.DType;

/**
 * The array operations the convolution kernels need, once per element type, so that {@link LoweredConvolution},
 * {@link DirectConvolution}, {@link Im2col} and {@link ShiftedLayout} are written once for float32 and float64.
 * Arrays travel as {@code Object} (a {@code float[]} or a {@code double[]}, matching the lane).
 */
enum ConvolutionLane {
    FLOAT32 {
        @Override
        Object allocate(int length) {
            return new float[length];
        }

        @Override
        void gemm(boolean transA, boolean transB, int m, int n, int k, Object a, int offA, int lda, Object b,
                int offB, int ldb, Object c, int offC, int ldc, boolean accumulate) {
            Gemm.sgemm(transA, transB, m, n, k, (float[]) a, offA, lda, (float[]) b, offB, ldb, (float[]) c, offC, ldc,
                    accumulate);
        }

        @Override
        int tile() {
            return ShiftedProducts.FLOAT_LANES;
        }

        @Override
        int registerTile() {
            return ShiftedProducts.FLOAT_TILE;
        }

        @Override
        int accumulatorLanes() {
            return ShiftedProducts.FLOAT_LANES;
        }

        @Override
        void mix(int rows, Object band, int bandAt, int[] off, int pairs, Object w, int wAt, Object bias,
                int biasAt, Object out, int outAt, int outStride, int positions) {
            ShiftedProducts.mix(rows, (float[]) band, bandAt, off, pairs, (float[]) w, wAt, (float[]) bias, biasAt,
                    (float[]) out, outAt, outStride, positions);
        }

        @Override
        void correlate(int rows, Object g, int gAt, int gStride, int gRowStride, Object band, int bandRowStride,
                int[] off, int j0, Object acc, int accAt, int count, int length) {
            ShiftedProducts.correlate(rows, (float[]) g, gAt, gStride, gRowStride, (float[]) band, bandRowStride, off,
                    j0, (float[]) acc, accAt, count, length);
        }

        @Override
        void zero(Object values, int from, int to) {
            Arrays.fill((float[]) values, from, to, 0f);
        }

        @Override
        void interleave(Object src, int srcOff, int srcStride, int count, Object dst, int dstOff, int length) {
            float[] s = (float[]) src;
            float[] d = (float[]) dst;
            if (count == 1) {
                System.arraycopy(s, srcOff, d, dstOff, length);
            } else {
                for (int i = 0; i < length; i++) {
                    for (int k = 0; k < count; k++) {
                        d[dstOff + i * count + k] = s[srcOff + k * srcStride + i];
                    }
                }
            }
        }

        @Override
        void gather(Object src, int[] index, Object dst) {
            float[] s = (float[]) src;
            float[] d = (float[]) dst;
            for (int i = 0; i < index.length; i++) {
                d[i] = index[i] < 0 ? 0f : s[index[i]];
            }
        }

        @Override
        void gatherRow(Object x, int in, int stride, Object col, int at, int lo, int hi, int width) {
            float[] s = (float[]) x;
            float[] d = (float[]) col;
            Arrays.fill(d, at, at + lo, 0f);
            if (stride == 1 && hi > lo) {
                System.arraycopy(s, in + lo, d, at + lo, hi - lo);
            } else {
                for (int q = lo; q < hi; q++) {
                    d[at + q] = s[in + q * stride];
                }
            }
            Arrays.fill(d, at + hi, at + width, 0f);
        }

        @Override
        void addRow(Object col, int at, Object dx, int in, int stride, int lo, int hi) {
            float[] s = (float[]) col;
            float[] d = (float[]) dx;
            int q = lo;
            if (stride == 1) {
                for (; q <= hi - L; q += L) {
                    FloatVector.fromArray(F, d, in + q).add(FloatVector.fromArray(F, s, at + q)).intoArray(d, in + q);
                }
            }
            for (; q < hi; q++) {
                d[in + q * stride] += s[at + q];
            }
        }

        @Override
        void fillRows(Object values, int valuesOff, int count, Object dst, int dstOff, int ld, int length) {
            float[] v = (float[]) values;
            float[] d = (float[]) dst;
            for (int i = 0; i < count; i++) {
                Arrays.fill(d, dstOff + i * ld, dstOff + i * ld + length, v[valuesOff + i]);
            }
        }

        @Override
        void add(Object src, int srcOff, Object dst, int dstOff, int length) {
            float[] s = (float[]) src;
            float[] d = (float[]) dst;
            for (int i = 0; i < length; i++) {
                d[dstOff + i] += s[srcOff + i];
            }
        }

        @Override
        void transpose(Object src, int srcOff, int rows, int cols, Object dst, int dstOff, int rowFrom, int rowTo) {
            float[] s = (float[]) src;
            float[] d = (float[]) dst;
            for (int i0 = rowFrom; i0 < rowTo; i0 += TRANSPOSE_TILE) {
                int i1 = Math.min(rowTo, i0 + TRANSPOSE_TILE);
                for (int j0 = 0; j0 < cols; j0 += TRANSPOSE_TILE) {
                    int j1 = Math.min(cols, j0 + TRANSPOSE_TILE);
                    for (int j = j0; j < j1; j++) {
                        for (int i = i0; i < i1; i++) {
                            d[dstOff + j * rows + i] = s[srcOff + i * cols + j];
                        }
                    }
                }
            }
        }

        @Override
        double sum(Object values, int from, int to) {
            float[] v = (float[]) values;
            double s = 0;
            int i = from;
            int vectorEnd = from + F.loopBound(to - from);
            while (i < vectorEnd) {
                int blockEnd = Math.min(vectorEnd, i + SUM_BLOCK * L);
                FloatVector a = FloatVector.zero(F);
                for (; i < blockEnd; i += L) {
                    a = a.add(FloatVector.fromArray(F, v, i));
                }
                s += a.reduceLanes(VectorOperators.ADD);
            }
            for (; i < to; i++) {
                s += v[i];
            }
            return s;
        }

        @Override
        void set(Object values, int index, double value) {
            ((float[]) values)[index] = (float) value;
        }
    },

    FLOAT64 {
        @Override
        Object allocate(int length) {
            return new double[length];
        }

        @Override
        void gemm(boolean transA, boolean transB, int m, int n, int k, Object a, int offA, int lda, Object b,
                int offB, int ldb, Object c, int offC, int ldc, boolean accumulate) {
            Gemm.dgemm(transA, transB, m, n, k, (double[]) a, offA, lda, (double[]) b, offB, ldb, (double[]) c, offC,
                    ldc, accumulate);
        }

        @Override
        int tile() {
            return 1;
        }

        @Override
        int registerTile() {
            return 1;
        }

        @Override
        int accumulatorLanes() {
            return 1;
        }

        @Override
        void mix(int rows, Object band, int bandAt, int[] off, int pairs, Object w, int wAt, Object bias,
                int biasAt, Object out, int outAt, int outStride, int positions) {
            ShiftedProducts.mix(rows, (double[]) band, bandAt, off, pairs, (double[]) w, wAt, (double[]) bias, biasAt,
                    (double[]) out, outAt, outStride, positions);
        }

        @Override
        void correlate(int rows, Object g, int gAt, int gStride, int gRowStride, Object band, int bandRowStride,
                int[] off, int j0, Object acc, int accAt, int count, int length) {
            ShiftedProducts.correlate(rows, (double[]) g, gAt, gStride, gRowStride, (double[]) band, bandRowStride, off,
                    j0, (double[]) acc, accAt, count, length);
        }

        @Override
        void zero(Object values, int from, int to) {
            Arrays.fill((double[]) values, from, to, 0.0);
        }

        @Override
        void interleave(Object src, int srcOff, int srcStride, int count, Object dst, int dstOff, int length) {
            double[] s = (double[]) src;
            double[] d = (double[]) dst;
            for (int i = 0; i < length; i++) {
                for (int k = 0; k < count; k++) {
                    d[dstOff + i * count + k] = s[srcOff + k * srcStride + i];
                }
            }
        }

        @Override
        void gather(Object src, int[] index, Object dst) {
            double[] s = (double[]) src;
            double[] d = (double[]) dst;
            for (int i = 0; i < index.length; i++) {
                d[i] = index[i] < 0 ? 0.0 : s[index[i]];
            }
        }

        @Override
        void gatherRow(Object x, int in, int stride, Object col, int at, int lo, int hi, int width) {
            double[] s = (double[]) x;
            double[] d = (double[]) col;
            Arrays.fill(d, at, at + lo, 0.0);
            if (stride == 1 && hi > lo) {
                System.arraycopy(s, in + lo, d, at + lo, hi - lo);
            } else {
                for (int q = lo; q < hi; q++) {
                    d[at + q] = s[in + q * stride];
                }
            }
            Arrays.fill(d, at + hi, at + width, 0.0);
        }

        @Override
        void addRow(Object col, int at, Object dx, int in, int stride, int lo, int hi) {
            double[] s = (double[]) col;
            double[] d = (double[]) dx;
            for (int q = lo; q < hi; q++) {
                d[in + q * stride] += s[at + q];
            }
        }

        @Override
        void fillRows(Object values, int valuesOff, int count, Object dst, int dstOff, int ld, int length) {
            double[] v = (double[]) values;
            double[] d = (double[]) dst;
            for (int i = 0; i < count; i++) {
                Arrays.fill(d, dstOff + i * ld, dstOff + i * ld + length, v[valuesOff + i]);
            }
        }

        @Override
        void add(Object src, int srcOff, Object dst, int dstOff, int length) {
            double[] s = (double[]) src;
            double[] d = (double[]) dst;
            for (int i = 0; i < length; i++) {
                d[dstOff + i] += s[srcOff + i];
            }
        }

        @Override
        void transpose(Object src, int srcOff, int rows, int cols, Object dst, int dstOff, int rowFrom, int rowTo) {
            double[] s = (double[]) src;
            double[] d = (double[]) dst;
            for (int i0 = rowFrom; i0 < rowTo; i0 += TRANSPOSE_TILE) {
                int i1 = Math.min(rowTo, i0 + TRANSPOSE_TILE);
                for (int j0 = 0; j0 < cols; j0 += TRANSPOSE_TILE) {
                    int j1 = Math.min(cols, j0 + TRANSPOSE_TILE);
                    for (int j = j0; j < j1; j++) {
                        for (int i = i0; i < i1; i++) {
                            d[dstOff + j * rows + i] = s[srcOff + i * cols + j];
                        }
                    }
                }
            }
        }

        @Override
        double sum(Object values, int from, int to) {
            double[] v = (double[]) values;
            double s = 0;
            for (int i = from; i < to; i++) {
                s += v[i];
            }
            return s;
        }

        @Override
        void set(Object values, int index, double value) {
            ((double[]) values)[index] = value;
        }
    };

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final int L = F.length();
    /** Vectors a float32 sum adds in float before adding their total in double. */
    private static final int SUM_BLOCK = 64;
    /** Side of the square tiles a transpose is copied in. */
    private static final int TRANSPOSE_TILE = 32;

    /** The lane for {@code dtype}. */
    static ConvolutionLane of(DType dtype) {
        return dtype == DType.FLOAT32 ? FLOAT32 : FLOAT64;
    }

    /** Scratch arrays each thread keeps: the most one pass holds at once. */
    static final int SCRATCH_SLOTS = 3;

    private final ThreadLocal<Object[]> scratch = ThreadLocal.withInitial(() -> new Object[SCRATCH_SLOTS]);

    /** This thread's scratch array of at least {@code length} elements (contents undefined), reused across calls. */
    Object scratch(int length) {
        return scratch(0, length);
    }

    /**
     * This thread's scratch array number {@code slot} (below {@link #SCRATCH_SLOTS}) of at least {@code length}
     * elements, contents undefined; arrays of different slots are distinct.
     */
    Object scratch(int slot, int length) {
        Object[] slots = scratch.get();
        if (slots[slot] == null || Array.getLength(slots[slot]) < length) {
            slots[slot] = allocate(length);
        }
        return slots[slot];
    }

    /** A new zeroed array. */
    abstract Object allocate(int length);

    /** The multiple {@link #mix} and {@link #correlate} need their position counts to be: the vector length. */
    abstract int tile();

    /** The positions {@link #mix} computes at once (a multiple of {@link #tile}). */
    abstract int registerTile();

    /** Lanes of one {@link #correlate} accumulator, summed by the caller at the end. */
    abstract int accumulatorLanes();

    /** {@link ShiftedProducts#mix} in this lane's precision. */
    abstract void mix(int rows, Object band, int bandAt, int[] off, int pairs, Object w, int wAt, Object bias,
            int biasAt, Object out, int outAt, int outStride, int positions);

    /** {@link ShiftedProducts#correlate} in this lane's precision. */
    abstract void correlate(int rows, Object g, int gAt, int gStride, int gRowStride, Object band, int bandRowStride,
            int[] off, int j0, Object acc, int accAt, int count, int length);

    /** {@code values[from, to) = 0}. */
    abstract void zero(Object values, int from, int to);

    /**
     * Interleaves {@code count} rows of {@code src} ({@code srcStride} apart) into one run of {@code dst}:
     * {@code dst[dstOff + i count + k] = src[srcOff + k srcStride + i]} for i below {@code length}, k below
     * {@code count}; one row is a copy.
     */
    abstract void interleave(Object src, int srcOff, int srcStride, int count, Object dst, int dstOff, int length);

    /** {@code dst[i] = src[index[i]]}, or 0 where {@code index[i]} is negative, for every i of {@code index}. */
    abstract void gather(Object src, int[] index, Object dst);

    /** {@link Gemm} in this lane's precision, with leading dimensions. */
    abstract void gemm(boolean transA, boolean transB, int m, int n, int k, Object a, int offA, int lda, Object b,
            int offB, int ldb, Object c, int offC, int ldc, boolean accumulate);

    /**
     * One row of an {@link Im2col} patch matrix: {@code col[at + q] = x[in + q stride]} for q in [lo, hi) and 0 for
     * the other q below {@code width}.
     */
    abstract void gatherRow(Object x, int in, int stride, Object col, int at, int lo, int hi, int width);

    /** The adjoint of {@link #gatherRow} inside [lo, hi): {@code dx[in + q stride] += col[at + q]}. */
    abstract void addRow(Object col, int at, Object dx, int in, int stride, int lo, int hi);

    /** {@code dst[dstOff + i * ld + j] = values[valuesOff + i]} for i below {@code count}, j below {@code length}. */
    abstract void fillRows(Object values, int valuesOff, int count, Object dst, int dstOff, int ld, int length);

    /** {@code dst[dstOff + i] += src[srcOff + i]} for i below {@code length}. */
    abstract void add(Object src, int srcOff, Object dst, int dstOff, int length);

    /**
     * Writes rows [rowFrom, rowTo) of the transpose of the {@code rows x cols} row-major matrix at {@code srcOff} to
     * {@code dst} at {@code dstOff}: {@code dst[dstOff + j rows + i] = src[srcOff + i cols + j]} for those i, in
     * square tiles of {@value #TRANSPOSE_TILE} so that both sides stay in the cache.
     */
    abstract void transpose(Object src, int srcOff, int rows, int cols, Object dst, int dstOff, int rowFrom,
            int rowTo);

    /**
     * {@code values[from] + ... + values[to - 1]}: float64 in index order; float32 with each lane of a vector summing
     * blocks of {@value #SUM_BLOCK} vectors in float, the block totals added in double.
     */
    abstract double sum(Object values, int from, int to);

    /** {@code values[index] = value}, rounded to the lane's precision. */
    abstract void set(Object values, int index, double value);
}
