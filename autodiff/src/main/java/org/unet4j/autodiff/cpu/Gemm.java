package org.unet4j.autodiff.cpu;

/**
 * General matrix multiply on row-major arrays: {@code C = op(A) op(B)} (or {@code C += ...} when accumulating),
 * with op(A) of size m x k and op(B) of size k x n; A is stored k x m when transposed, B n x k.
 */
public final class Gemm {
    private Gemm() {
    }

    /** float32 product. */
    public static void sgemm(boolean transA, boolean transB, int m, int n, int k, float[] a, int offA, float[] b,
            int offB, float[] c, int offC, boolean accumulate) {
        float[] ap = transA ? transposeF(a, offA, k, m) : a;
        int oa = transA ? 0 : offA;
        float[] bp = transB ? transposeF(b, offB, n, k) : b;
        int ob = transB ? 0 : offB;
        Parallel.forRange(m, Math.max(1, (1 << 16) / Math.max(1, n * k)), (from, to) -> {
            for (int i = from; i < to; i++) {
                int ci = offC + i * n;
                if (!accumulate) {
                    java.util.Arrays.fill(c, ci, ci + n, 0f);
                }
                for (int p = 0; p < k; p++) {
                    float aip = ap[oa + i * k + p];
                    int bp0 = ob + p * n;
                    for (int j = 0; j < n; j++) {
                        c[ci + j] += aip * bp[bp0 + j];
                    }
                }
            }
        });
    }

    /** float64 product. */
    public static void dgemm(boolean transA, boolean transB, int m, int n, int k, double[] a, int offA, double[] b,
            int offB, double[] c, int offC, boolean accumulate) {
        double[] ap = transA ? transposeD(a, offA, k, m) : a;
        int oa = transA ? 0 : offA;
        double[] bp = transB ? transposeD(b, offB, n, k) : b;
        int ob = transB ? 0 : offB;
        Parallel.forRange(m, Math.max(1, (1 << 16) / Math.max(1, n * k)), (from, to) -> {
            for (int i = from; i < to; i++) {
                int ci = offC + i * n;
                if (!accumulate) {
                    java.util.Arrays.fill(c, ci, ci + n, 0.0);
                }
                for (int p = 0; p < k; p++) {
                    double aip = ap[oa + i * k + p];
                    int bp0 = ob + p * n;
                    for (int j = 0; j < n; j++) {
                        c[ci + j] += aip * bp[bp0 + j];
                    }
                }
            }
        });
    }

    /** The transpose of the rows x cols matrix at {@code off}, as a new cols x rows array. */
    private static float[] transposeF(float[] x, int off, int rows, int cols) {
        float[] t = new float[rows * cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                t[c * rows + r] = x[off + r * cols + c];
            }
        }
        return t;
    }

    private static double[] transposeD(double[] x, int off, int rows, int cols) {
        double[] t = new double[rows * cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                t[c * rows + r] = x[off + r * cols + c];
            }
        }
        return t;
    }
}
