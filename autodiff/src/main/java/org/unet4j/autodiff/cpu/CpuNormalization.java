package org.unet4j.autodiff.cpu;

import org.unet4j.autodiff.DType;
import org.unet4j.autodiff.NormalizationKernels;
import org.unet4j.autodiff.NormalizationPlanes;
import org.unet4j.autodiff.NormalizationPlanes.BackwardTerms;
import org.unet4j.autodiff.Tensor;
import org.unet4j.autodiff.parallel.Parallel;

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

    /** How many planes one parallel task takes: about 32K elements. */
    private static int grain(NormalizationPlanes planes) {
        return Math.max(1, (1 << 15) / Math.max(1, planes.size()));
    }

    @Override
    public Moments moments(Tensor x, Grouping grouping) {
        NormalizationPlanes planes = NormalizationPlanes.of(x, grouping);
        int groups = grouping.count(x.shape());
        double[] shift = new double[groups];
        boolean[] seen = new boolean[groups];
        for (int p = 0; p < planes.count(); p++) {
            int q = planes.group()[p];
            if (!seen[q]) {
                seen[q] = true;
                shift[q] = x.flatGet(p * planes.size());
            }
        }
        double[] s1 = new double[planes.count()];
        double[] s2 = new double[planes.count()];
        int size = planes.size();
        if (x.dtype() == DType.FLOAT32) {
            float[] data = x.floats();
            Parallel.forRange(planes.count(), grain(planes), (from, to) -> {
                double[] sums = new double[2];
                for (int p = from; p < to; p++) {
                    NormalizationLoops.shiftedSums(data, p * size, size, (float) shift[planes.group()[p]], sums);
                    s1[p] = sums[0];
                    s2[p] = sums[1];
                }
            });
        } else {
            double[] data = x.doubles();
            Parallel.forRange(planes.count(), grain(planes), (from, to) -> {
                double[] sums = new double[2];
                for (int p = from; p < to; p++) {
                    NormalizationLoops.shiftedSums(data, p * size, size, shift[planes.group()[p]], sums);
                    s1[p] = sums[0];
                    s2[p] = sums[1];
                }
            });
        }
        return planes.moments(groups, grouping.elements(x.shape()), shift, s1, s2);
    }

    @Override
    public Tensor normalize(Tensor x, Grouping grouping, double[] mean, double[] rstd, double[] gamma,
            double[] beta) {
        NormalizationPlanes planes = NormalizationPlanes.of(x, grouping);
        int size = planes.size();
        Tensor y = CpuBackend.allocate(x.shape(), x.dtype());
        double[] scale = new double[planes.count()];
        double[] shift = new double[planes.count()];
        for (int p = 0; p < planes.count(); p++) {
            int c = p % planes.channels();
            scale[p] = rstd[planes.group()[p]] * (gamma == null ? 1 : gamma[c]);
            shift[p] = beta == null ? 0 : beta[c];
        }
        if (x.dtype() == DType.FLOAT32) {
            float[] in = x.floats();
            float[] out = y.floats();
            Parallel.forRange(planes.count(), grain(planes), (from, to) -> {
                for (int p = from; p < to; p++) {
                    NormalizationLoops.scaleShift(in, p * size, size, (float) mean[planes.group()[p]], (float) scale[p],
                            (float) shift[p], out);
                }
            });
        } else {
            double[] in = x.doubles();
            double[] out = y.doubles();
            Parallel.forRange(planes.count(), grain(planes), (from, to) -> {
                for (int p = from; p < to; p++) {
                    NormalizationLoops.scaleShift(in, p * size, size, mean[planes.group()[p]], scale[p], shift[p], out);
                }
            });
        }
        return y;
    }

    @Override
    public Gradients normalizeBackward(Tensor grad, Tensor x, Grouping grouping, double[] mean, double[] rstd,
            double[] gamma, boolean throughStatistics, boolean inputGradient, boolean affineGradients) {
        NormalizationPlanes planes = NormalizationPlanes.of(x, grouping);
        int groups = grouping.count(x.shape());
        double m = grouping.elements(x.shape());
        double[] sumG = new double[planes.count()];
        double[] sumGX = new double[planes.count()];
        if (affineGradients || (inputGradient && throughStatistics)) {
            planeGradientSums(grad, x, planes, mean, sumG, sumGX);
        }
        BackwardTerms terms = planes.backwardTerms(rstd, gamma, sumG, sumGX, affineGradients);
        if (!inputGradient) {
            return new Gradients(null, terms.gamma(), terms.beta());
        }
        // dx = a g + b (x - mu_q) + c per plane, with a = gamma_c rstd_q and, through the statistics,
        // b = -rstd_q^2 (1/M) sum_q h xhat and c = -rstd_q (1/M) sum_q h, where a plane contributes
        // gamma_c sumG to sum h and gamma_c rstd_q sumGX to sum h xhat.
        double[] a = terms.a();
        double[] b = new double[planes.count()];
        double[] c = new double[planes.count()];
        if (throughStatistics) {
            double[] sumH = planes.perGroup(groups, sumG, terms.gammaOfPlane());
            double[] sumHXhat = planes.perGroup(groups, sumGX, a);
            for (int p = 0; p < planes.count(); p++) {
                int q = planes.group()[p];
                b[p] = -rstd[q] * rstd[q] * sumHXhat[q] / m;
                c[p] = -rstd[q] * sumH[q] / m;
            }
        }
        return new Gradients(combine(grad, x, planes, mean, a, b, c), terms.gamma(), terms.beta());
    }

    /** Per plane {@code sumG = sum g} and {@code sumGX = sum g (x - mu_q)}. */
    private static void planeGradientSums(Tensor grad, Tensor x, NormalizationPlanes planes, double[] mean,
            double[] sumG, double[] sumGX) {
        int size = planes.size();
        if (x.dtype() == DType.FLOAT32) {
            float[] g = grad.floats();
            float[] in = x.floats();
            Parallel.forRange(planes.count(), grain(planes), (from, to) -> {
                double[] sums = new double[2];
                for (int p = from; p < to; p++) {
                    NormalizationLoops.gradientSums(g, in, p * size, size, (float) mean[planes.group()[p]], sums);
                    sumG[p] = sums[0];
                    sumGX[p] = sums[1];
                }
            });
        } else {
            double[] g = grad.doubles();
            double[] in = x.doubles();
            Parallel.forRange(planes.count(), grain(planes), (from, to) -> {
                double[] sums = new double[2];
                for (int p = from; p < to; p++) {
                    NormalizationLoops.gradientSums(g, in, p * size, size, mean[planes.group()[p]], sums);
                    sumG[p] = sums[0];
                    sumGX[p] = sums[1];
                }
            });
        }
    }

    /** Per plane {@code dx = a g + b (x - mu_q) + c}. */
    private static Tensor combine(Tensor grad, Tensor x, NormalizationPlanes planes, double[] mean, double[] a,
            double[] b, double[] c) {
        int size = planes.size();
        Tensor dx = CpuBackend.allocate(x.shape(), x.dtype());
        if (x.dtype() == DType.FLOAT32) {
            float[] g = grad.floats();
            float[] in = x.floats();
            float[] out = dx.floats();
            Parallel.forRange(planes.count(), grain(planes), (from, to) -> {
                for (int p = from; p < to; p++) {
                    NormalizationLoops.combine(g, in, p * size, size, (float) a[p], (float) b[p],
                            (float) mean[planes.group()[p]], (float) c[p], out);
                }
            });
        } else {
            double[] g = grad.doubles();
            double[] in = x.doubles();
            double[] out = dx.doubles();
            Parallel.forRange(planes.count(), grain(planes), (from, to) -> {
                for (int p = from; p < to; p++) {
                    NormalizationLoops.combine(g, in, p * size, size, a[p], b[p], mean[planes.group()[p]], c[p], out);
                }
            });
        }
        return dx;
    }
}
