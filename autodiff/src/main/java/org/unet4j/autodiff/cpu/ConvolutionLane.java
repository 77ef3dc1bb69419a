package org.unet4j.autodiff.cpu;

import java.util.Arrays;
import org.unet4j.autodiff.DType;

/**
 * The array operations a convolution plan needs, once per element type, so that {@link CpuConvolution} is written
 * once for float32 and float64. Arrays travel as {@code Object} (a {@code float[]} or a {@code double[]}, matching
 * the lane).
 */
enum ConvolutionLane {
    FLOAT32 {
        private final ThreadLocal<float[]> scratch = ThreadLocal.withInitial(() -> new float[0]);

        @Override
        Object scratch(int length) {
            float[] s = scratch.get();
            if (s.length < length) {
                s = new float[length];
                scratch.set(s);
            }
            return s;
        }

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
        void gather(Im2col lowering, Object x, int xOff, Object col) {
            lowering.gather((float[]) x, xOff, (float[]) col);
        }

        @Override
        void scatterAdd(Im2col lowering, Object col, Object dx, int dxOff) {
            lowering.scatterAdd((float[]) col, (float[]) dx, dxOff);
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
        private final ThreadLocal<double[]> scratch = ThreadLocal.withInitial(() -> new double[0]);

        @Override
        Object scratch(int length) {
            double[] s = scratch.get();
            if (s.length < length) {
                s = new double[length];
                scratch.set(s);
            }
            return s;
        }

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
        void gather(Im2col lowering, Object x, int xOff, Object col) {
            lowering.gather((double[]) x, xOff, (double[]) col);
        }

        @Override
        void scatterAdd(Im2col lowering, Object col, Object dx, int dxOff) {
            lowering.scatterAdd((double[]) col, (double[]) dx, dxOff);
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

    /** The lane for {@code dtype}. */
    static ConvolutionLane of(DType dtype) {
        return dtype == DType.FLOAT32 ? FLOAT32 : FLOAT64;
    }

    /** This thread's scratch array of at least {@code length} elements (contents undefined), reused across calls. */
    abstract Object scratch(int length);

    /** A new zeroed array. */
    abstract Object allocate(int length);

    /** {@link Gemm} in this lane's precision, with leading dimensions. */
    abstract void gemm(boolean transA, boolean transB, int m, int n, int k, Object a, int offA, int lda, Object b,
            int offB, int ldb, Object c, int offC, int ldc, boolean accumulate);

    /** {@link Im2col#gather} in this lane's precision. */
    abstract void gather(Im2col lowering, Object x, int xOff, Object col);

    /** {@link Im2col#scatterAdd} in this lane's precision. */
    abstract void scatterAdd(Im2col lowering, Object col, Object dx, int dxOff);

    /** {@code dst[dstOff + i * ld + j] = values[valuesOff + i]} for i below {@code count}, j below {@code length}. */
    abstract void fillRows(Object values, int valuesOff, int count, Object dst, int dstOff, int ld, int length);

    /** {@code dst[dstOff + i] += src[srcOff + i]} for i below {@code length}. */
    abstract void add(Object src, int srcOff, Object dst, int dstOff, int length);

    /** {@code values[from] + ... + values[to - 1]}, accumulated in double in index order. */
    abstract double sum(Object values, int from, int to);

    /** {@code values[index] = value}, rounded to the lane's precision. */
    abstract void set(Object values, int index, double value);
}
