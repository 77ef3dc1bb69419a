package org.unet4j.autodiff;

import org.unet4j.autodiff.NormalizationKernels.Grouping;
import org.unet4j.autodiff.NormalizationKernels.Moments;

/**
 * The host-side arithmetic of {@link NormalizationKernels} for a backend whose storage is the host's (the CPU's). The
 * input {@code [N, C, spatial...]} is read as {@code count = N C} planes {@code p = n C + c} of {@code size} elements
 * (the spatial volume); {@code group[p]} is the group of plane p. The backend reduces each plane, and the few
 * per-plane sums are combined here in double precision, always in plane order, so that the result does not depend
 * on how the planes were shared out.
 *
 * <p>For backend implementations; {@code group} is shared, not copied, and must not be modified.
 *
 * @param count the number of planes, {@code N C}
 * @param size the elements per plane
 * @param channels the channel count {@code C}
 * @param group the group of each plane
 */
public record NormalizationPlanes(int count, int size, int channels, int[] group) {

    /** The planes of {@code x} under {@code grouping}. */
    public static NormalizationPlanes of(Tensor x, Grouping grouping) {
        int n = x.dim(0);
        int c = x.dim(1);
        int[] group = new int[n * c];
        for (int s = 0; s < n; s++) {
            for (int ch = 0; ch < c; ch++) {
                group[s * c + ch] = grouping.of(s, ch, c);
            }
        }
        return new NormalizationPlanes(n * c, x.shape().product(2, x.rank()), c, group);
    }

    /**
     * {@code total[q] = sum over planes p of group q of weight[p] perPlane[p]}, in plane order; a null weight
     * means 1.
     */
    public double[] perGroup(int groups, double[] perPlane, double[] weight) {
        double[] total = new double[groups];
        for (int p = 0; p < count; p++) {
            total[group[p]] += weight == null ? perPlane[p] : weight[p] * perPlane[p];
        }
        return total;
    }

    /**
     * Moments from shifted per-plane sums: with {@code s1[p] = sum (x - K_q)} and {@code s2[p] = sum (x - K_q)^2}
     * over plane p, where {@code K_q = shift[q]} is one element of the plane's group q, and {@code m} elements per
     * group, {@code mu = K + sum(x - K) / M} and {@code var = max(0, sum(x - K)^2 / M - (sum(x - K) / M)^2)}, as
     * float64 vectors on the host.
     */
    public Moments moments(int groups, double m, double[] shift, double[] s1, double[] s2) {
        double[] sum1 = perGroup(groups, s1, null);
        double[] sum2 = perGroup(groups, s2, null);
        double[] mean = new double[groups];
        double[] variance = new double[groups];
        for (int q = 0; q < groups; q++) {
            double d = sum1[q] / m;
            mean[q] = shift[q] + d;
            variance[q] = Math.max(0, sum2[q] / m - d * d);
        }
        return new Moments(Tensor.wrap(mean, groups), Tensor.wrap(variance, groups));
    }

    /**
     * The per-plane terms of the fused normalisation backward that do not depend on the input gradient's form:
     * from {@code sumG[p] = sum g} and {@code sumGX[p] = sum g (x - mu_q)} over each plane, the per-channel affine
     * gradients when {@code affineGradients} ({@code dgamma_c = sum rstd_q sumGX}, {@code dbeta_c = sum sumG}),
     * and per plane {@code gamma_c} and {@code a = gamma_c rstd_q}; a null gamma means 1.
     */
    public BackwardTerms backwardTerms(double[] rstd, double[] gamma, double[] sumG, double[] sumGX,
            boolean affineGradients) {
        double[] gammaOfPlane = new double[count];
        double[] rstdOfPlane = new double[count];
        for (int p = 0; p < count; p++) {
            gammaOfPlane[p] = gamma == null ? 1 : gamma[p % channels];
            rstdOfPlane[p] = rstd[group[p]];
        }
        double[] dGamma = null;
        double[] dBeta = null;
        if (affineGradients) {
            dGamma = new double[channels];
            dBeta = new double[channels];
            for (int p = 0; p < count; p++) {
                dBeta[p % channels] += sumG[p];
                dGamma[p % channels] += rstdOfPlane[p] * sumGX[p];
            }
        }
        double[] a = new double[count];
        for (int p = 0; p < count; p++) {
            a[p] = gammaOfPlane[p] * rstdOfPlane[p];
        }
        return new BackwardTerms(gammaOfPlane, a, dGamma, dBeta);
    }

    /**
     * See {@link #backwardTerms}.
     *
     * @param gammaOfPlane {@code gamma_c} of each plane
     * @param a {@code gamma_c rstd_q} of each plane
     * @param gamma the gradient of gamma per channel, or null when not asked for
     * @param beta the gradient of beta per channel, or null when not asked for
     */
    public record BackwardTerms(double[] gammaOfPlane, double[] a, double[] gamma, double[] beta) {
    }
}
