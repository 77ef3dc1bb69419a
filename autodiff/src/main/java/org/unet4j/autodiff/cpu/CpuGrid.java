package org.unet4j.autodiff.cpu;

import java.util.List;
import org.unet4j.autodiff.DType;
import org.unet4j.autodiff.GridKernels;
import org.unet4j.autodiff.Tensor;

/**
 * The grid CG primitives on the host, in the tensors' type with float64 sums: the same loops and index arithmetic
 * as the OpenCL kernel, run one system after another. Node i of a grid axis of size {@code n} and stride {@code s}
 * (block {@code n s}) has the forward edge {@code (i / (n s)) (n s - s) + i mod (n s)} in that axis's weights.
 */
final class CpuGrid implements GridKernels {
    static final CpuGrid INSTANCE = new CpuGrid();

    private CpuGrid() {
    }

    @Override
    public void apply(Tensor x, List<Tensor> weights, Tensor out) {
        int rank = weights.size();
        int[] dims = x.dims();
        int[] sizes = new int[rank];
        int[] strides = new int[rank];
        int stride = 1;
        for (int k = rank - 1; k >= 0; k--) {
            sizes[k] = dims[dims.length - rank + k];
            strides[k] = stride;
            stride *= sizes[k];
        }
        int n = x.size();
        if (x.dtype() == DType.FLOAT32) {
            float[] in = x.floats();
            float[] o = out.floats();
            float[][] w = new float[rank][];
            for (int k = 0; k < rank; k++) {
                w[k] = weights.get(k).floats();
            }
            for (int i = 0; i < n; i++) {
                float xi = in[i];
                float y = xi;
                for (int k = 0; k < rank; k++) {
                    int block = sizes[k] * strides[k];
                    int c = (i / strides[k]) % sizes[k];
                    if (c < sizes[k] - 1) {
                        y += w[k][(i / block) * (block - strides[k]) + i % block] * (xi - in[i + strides[k]]);
                    }
                    if (c > 0) {
                        int j = i - strides[k];
                        y += w[k][(j / block) * (block - strides[k]) + j % block] * (xi - in[j]);
                    }
                }
                o[i] = y;
            }
        } else {
            double[] in = x.doubles();
            double[] o = out.doubles();
            double[][] w = new double[rank][];
            for (int k = 0; k < rank; k++) {
                w[k] = weights.get(k).doubles();
            }
            for (int i = 0; i < n; i++) {
                double xi = in[i];
                double y = xi;
                for (int k = 0; k < rank; k++) {
                    int block = sizes[k] * strides[k];
                    int c = (i / strides[k]) % sizes[k];
                    if (c < sizes[k] - 1) {
                        y += w[k][(i / block) * (block - strides[k]) + i % block] * (xi - in[i + strides[k]]);
                    }
                    if (c > 0) {
                        int j = i - strides[k];
                        y += w[k][(j / block) * (block - strides[k]) + j % block] * (xi - in[j]);
                    }
                }
                o[i] = y;
            }
        }
    }

    @Override
    public void axpy(Tensor x, double[] alphas, Tensor y, Tensor out) {
        int n = out.size();
        if (n == 0) {
            return;
        }
        int inner = n / alphas.length;
        if (out.dtype() == DType.FLOAT32) {
            float[] a = x.floats();
            float[] b = y.floats();
            float[] o = out.floats();
            for (int i = 0; i < n; i++) {
                o[i] = a[i] + (float) alphas[i / inner] * b[i];
            }
        } else {
            double[] a = x.doubles();
            double[] b = y.doubles();
            double[] o = out.doubles();
            for (int i = 0; i < n; i++) {
                o[i] = a[i] + alphas[i / inner] * b[i];
            }
        }
    }

    @Override
    public double[] dots(Tensor x, Tensor y, int segment) {
        return sums(x, y, segment);
    }

    @Override
    public double[] absoluteSums(Tensor x, int segment) {
        return sums(x, null, segment);
    }

    /** Per segment, {@code sum x_i y_i}, or {@code sum |x_i|} when y is null. */
    private static double[] sums(Tensor x, Tensor y, int segment) {
        int segments = segment == 0 ? 0 : x.size() / segment;
        double[] out = new double[segments];
        double[] a = x.dtype() == DType.FLOAT32 ? null : x.doubles();
        float[] af = a == null ? x.floats() : null;
        double[] b = y == null || y.dtype() == DType.FLOAT32 ? null : y.doubles();
        float[] bf = y != null && b == null ? y.floats() : null;
        for (int s = 0; s < segments; s++) {
            double sum = 0;
            for (int i = s * segment; i < (s + 1) * segment; i++) {
                double xi = a == null ? af[i] : a[i];
                sum += y == null ? Math.abs(xi) : xi * (b == null ? bf[i] : b[i]);
            }
            out[s] = sum;
        }
        return out;
    }
}
