package org.unet4j.autodiff.cpu;

import org.unet4j.autodiff.DType;
import org.unet4j.autodiff.NormalizationKernels;
import org.unet4j.autodiff.Tensor;

/**
 * The CPU backend's normalisation kernels. The input is read as planes {@code p = n C + c} of {@code S} elements
 * (the spatial volume); every pass first works per plane in parallel, writing only that plane's sums or outputs,
 * and per-group totals are then combined in a fixed order, so the result does not depend on the thread count.
 *
 * <p>Moments use sums shifted by one element {@code K_q} of each group, {@code mu = K + sum(x - K) / M} and
 * {@code var = sum(x - K)^2 / M - (sum(x - K) / M)^2}, which avoids the cancellation of the plain
 * {@code E[x^2] - E[x]^2} in one pass.
 */
final class CpuNormalization implements NormalizationKernels {
    static final CpuNormalization INSTANCE = new CpuNormalization();

    private CpuNormalization() {
    }

    /** Planes of one sample and channel: their number, their size, and the group of each. */
    private record Planes(int count, int size, int channels, int[] group) {
        static Planes of(Tensor x, Grouping grouping) {
            int n = x.dim(0);
            int c = x.dim(1);
            int[] group = new int[n * c];
            for (int s = 0; s < n; s++) {
                for (int ch = 0; ch < c; ch++) {
                    group[s * c + ch] = grouping.of(s, ch, c);
                }
            }
            return new Planes(n * c, x.shape().product(2, x.rank()), c, group);
        }

        int grain() {
            return Math.max(1, (1 << 15) / Math.max(1, size));
        }
    }

    @Override
    public Moments moments(Tensor x, Grouping grouping) {
        Planes planes = Planes.of(x, grouping);
        int groups = grouping.count(x.shape());
        double[] shift = new double[groups];
        boolean[] seen = new boolean[groups];
        for (int p = 0; p < planes.count; p++) {
            int q = planes.group[p];
            if (!seen[q]) {
                seen[q] = true;
                shift[q] = x.flatGet(p * planes.size);
            }
        }
        double[] s1 = new double[planes.count];
        double[] s2 = new double[planes.count];
        int size = planes.size;
        if (x.dtype() == DType.FLOAT32) {
            float[] data = x.floats();
            Parallel.forRange(planes.count, planes.grain(), (from, to) -> {
                double[] sums = new double[2];
                for (int p = from; p < to; p++) {
                    NormalizationLoops.shiftedSums(data, p * size, size, (float) shift[planes.group[p]], sums);
                    s1[p] = sums[0];
                    s2[p] = sums[1];
                }
            });
        } else {
            double[] data = x.doubles();
            Parallel.forRange(planes.count, planes.grain(), (from, to) -> {
                double[] sums = new double[2];
                for (int p = from; p < to; p++) {
                    NormalizationLoops.shiftedSums(data, p * size, size, shift[planes.group[p]], sums);
                    s1[p] = sums[0];
                    s2[p] = sums[1];
                }
            });
        }
        double[] sum1 = perGroup(planes, groups, s1, null);
        double[] sum2 = perGroup(planes, groups, s2, null);
        double m = grouping.elements(x.shape());
        double[] mean = new double[groups];
        double[] variance = new double[groups];
        for (int q = 0; q < groups; q++) {
            double d = sum1[q] / m;
            mean[q] = shift[q] + d;
            variance[q] = Math.max(0, sum2[q] / m - d * d);
        }
        return new Moments(mean, variance);
    }

    /** {@code total[q] = sum over planes p of group q of weight[p] perPlane[p]}, in plane order. */
    private static double[] perGroup(Planes planes, int groups, double[] perPlane, double[] weight) {
        double[] total = new double[groups];
        for (int p = 0; p < planes.count; p++) {
            total[planes.group[p]] += weight == null ? perPlane[p] : weight[p] * perPlane[p];
        }
        return total;
    }

    @Override
    public Tensor normalize(Tensor x, Grouping grouping, double[] mean, double[] rstd, double[] gamma,
            double[] beta) {
        Planes planes = Planes.of(x, grouping);
        int size = planes.size;
        Tensor y = CpuBackend.allocate(x.shape(), x.dtype());
        double[] scale = new double[planes.count];
        double[] shift = new double[planes.count];
        for (int p = 0; p < planes.count; p++) {
            int c = p % planes.channels;
            scale[p] = rstd[planes.group[p]] * (gamma == null ? 1 : gamma[c]);
            shift[p] = beta == null ? 0 : beta[c];
        }
        if (x.dtype() == DType.FLOAT32) {
            float[] in = x.floats();
            float[] out = y.floats();
            Parallel.forRange(planes.count, planes.grain(), (from, to) -> {
                for (int p = from; p < to; p++) {
                    NormalizationLoops.scaleShift(in, p * size, size, (float) mean[planes.group[p]], (float) scale[p],
                            (float) shift[p], out);
                }
            });
        } else {
            double[] in = x.doubles();
            double[] out = y.doubles();
            Parallel.forRange(planes.count, planes.grain(), (from, to) -> {
                for (int p = from; p < to; p++) {
                    NormalizationLoops.scaleShift(in, p * size, size, mean[planes.group[p]], scale[p], shift[p], out);
                }
            });
        }
        return y;
    }

    @Override
    public Gradients normalizeBackward(Tensor grad, Tensor x, Grouping grouping, double[] mean, double[] rstd,
            double[] gamma, boolean throughStatistics, boolean inputGradient, boolean affineGradients) {
        Planes planes = Planes.of(x, grouping);
        int groups = grouping.count(x.shape());
        double m = grouping.elements(x.shape());
        double[] gammaOfPlane = new double[planes.count];
        double[] rstdOfPlane = new double[planes.count];
        for (int p = 0; p < planes.count; p++) {
            gammaOfPlane[p] = gamma == null ? 1 : gamma[p % planes.channels];
            rstdOfPlane[p] = rstd[planes.group[p]];
        }
        double[] sumG = new double[planes.count];
        double[] sumGX = new double[planes.count];
        if (affineGradients || (inputGradient && throughStatistics)) {
            planeGradientSums(grad, x, planes, mean, sumG, sumGX);
        }
        double[] dGamma = null;
        double[] dBeta = null;
        if (affineGradients) {
            dGamma = new double[planes.channels];
            dBeta = new double[planes.channels];
            for (int p = 0; p < planes.count; p++) {
                dBeta[p % planes.channels] += sumG[p];
                dGamma[p % planes.channels] += rstdOfPlane[p] * sumGX[p];
            }
        }
        if (!inputGradient) {
            return new Gradients(null, dGamma, dBeta);
        }
        // dx = a g + b (x - mu_q) + c per plane, with a = gamma_c rstd_q and, through the statistics,
        // b = -rstd_q^2 (1/M) sum_q h xhat and c = -rstd_q (1/M) sum_q h, where a plane contributes
        // gamma_c sumG to sum h and gamma_c rstd_q sumGX to sum h xhat.
        double[] a = new double[planes.count];
        for (int p = 0; p < planes.count; p++) {
            a[p] = gammaOfPlane[p] * rstdOfPlane[p];
        }
        double[] b = new double[planes.count];
        double[] c = new double[planes.count];
        if (throughStatistics) {
            double[] sumH = perGroup(planes, groups, sumG, gammaOfPlane);
            double[] sumHXhat = perGroup(planes, groups, sumGX, a);
            for (int p = 0; p < planes.count; p++) {
                int q = planes.group[p];
                b[p] = -rstd[q] * rstd[q] * sumHXhat[q] / m;
                c[p] = -rstd[q] * sumH[q] / m;
            }
        }
        return new Gradients(combine(grad, x, planes, mean, a, b, c), dGamma, dBeta);
    }

    /** Per plane {@code sumG = sum g} and {@code sumGX = sum g (x - mu_q)}. */
    private static void planeGradientSums(Tensor grad, Tensor x, Planes planes, double[] mean, double[] sumG,
            double[] sumGX) {
        int size = planes.size;
        if (x.dtype() == DType.FLOAT32) {
            float[] g = grad.floats();
            float[] in = x.floats();
            Parallel.forRange(planes.count, planes.grain(), (from, to) -> {
                double[] sums = new double[2];
                for (int p = from; p < to; p++) {
                    NormalizationLoops.gradientSums(g, in, p * size, size, (float) mean[planes.group[p]], sums);
                    sumG[p] = sums[0];
                    sumGX[p] = sums[1];
                }
            });
        } else {
            double[] g = grad.doubles();
            double[] in = x.doubles();
            Parallel.forRange(planes.count, planes.grain(), (from, to) -> {
                double[] sums = new double[2];
                for (int p = from; p < to; p++) {
                    NormalizationLoops.gradientSums(g, in, p * size, size, mean[planes.group[p]], sums);
                    sumG[p] = sums[0];
                    sumGX[p] = sums[1];
                }
            });
        }
    }

    /** Per plane {@code dx = a g + b (x - mu_q) + c}. */
    private static Tensor combine(Tensor grad, Tensor x, Planes planes, double[] mean, double[] a, double[] b,
            double[] c) {
        int size = planes.size;
        Tensor dx = CpuBackend.allocate(x.shape(), x.dtype());
        if (x.dtype() == DType.FLOAT32) {
            float[] g = grad.floats();
            float[] in = x.floats();
            float[] out = dx.floats();
            Parallel.forRange(planes.count, planes.grain(), (from, to) -> {
                for (int p = from; p < to; p++) {
                    NormalizationLoops.combine(g, in, p * size, size, (float) a[p], (float) b[p],
                            (float) mean[planes.group[p]], (float) c[p], out);
                }
            });
        } else {
            double[] g = grad.doubles();
            double[] in = x.doubles();
            double[] out = dx.doubles();
            Parallel.forRange(planes.count, planes.grain(), (from, to) -> {
                for (int p = from; p < to; p++) {
                    NormalizationLoops.combine(g, in, p * size, size, a[p], b[p], mean[planes.group[p]], c[p], out);
                }
            });
        }
        return dx;
    }
}
