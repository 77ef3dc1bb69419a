package org.unet4j.autodiff.cpu;

import java.lang.reflect.Array;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.unet4j.autodiff.DType;

/**
 * The array operations a convolution plan needs, once per element type, so that {@link CpuConvolution} is written
 * once for float32 and float64, and {@link Im2col} once for both. Arrays travel as {@code Object} (a {@code float[]} or a {@code double[]}, matching
 * the lane).
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
        void transpose(Object src, int srcOff, int rows, int cols, Object dst, int dstOff) {
            float[] s = (float[]) src;
            float[] d = (float[]) dst;
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    d[dstOff + j * rows + i] = s[srcOff + i * cols + j];
                }
            }
        }

        @Override
        double sum(Object values, int from, int to) {
            float[] v = (float[]) values;
            double s = 0;
            for (int i = from; i < to; i++) {
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
        void transpose(Object src, int srcOff, int rows, int cols, Object dst, int dstOff) {
            double[] s = (double[]) src;
            double[] d = (double[]) dst;
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    d[dstOff + j * rows + i] = s[srcOff + i * cols + j];
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

    /** The lane for {@code dtype}. */
    static ConvolutionLane of(DType dtype) {
        return dtype == DType.FLOAT32 ? FLOAT32 : FLOAT64;
    }

    private final ThreadLocal<Object> scratch = ThreadLocal.withInitial(() -> allocate(0));

    /** This thread's scratch array of at least {@code length} elements (contents undefined), reused across calls. */
    Object scratch(int length) {
        Object s = scratch.get();
        if (Array.getLength(s) < length) {
            s = allocate(length);
            scratch.set(s);
        }
        return s;
    }

    /** A new zeroed array. */
    abstract Object allocate(int length);

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
     * Writes the transpose of the {@code rows x cols} row-major matrix at {@code srcOff} to {@code dst} at
     * {@code dstOff}: {@code dst[dstOff + j rows + i] = src[srcOff + i cols + j]}.
     */
    abstract void transpose(Object src, int srcOff, int rows, int cols, Object dst, int dstOff);

    /** {@code values[from] + ... + values[to - 1]}, accumulated in double in index order. */
    abstract double sum(Object values, int from, int to);

    /** {@code values[index] = value}, rounded to the lane's precision. */
    abstract void set(Object values, int index, double value);
}
