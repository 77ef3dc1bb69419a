package org.unet4j.autodiff;

import org.unet4j.autodiff.NormalizationKernels.Gradients;
import org.unet4j.autodiff.NormalizationKernels.Grouping;
import org.unet4j.autodiff.NormalizationKernels.Moments;

/**
 * Batch, instance and group normalisation of {@code [N, C, spatial...]} tensors (NCHW for images), each forward
 * beside its backward rule. All three compute, for the elements {@code x_i} of a group {@code q} of {@code M}
 * elements with mean {@code mu_q} and biased variance {@code var_q},
 * <pre>
 *   xhat_i = (x_i - mu_q) rstd_q,   rstd_q = 1 / sqrt(var_q + eps),   y_i = gamma_c xhat_i + beta_c
 * </pre>
 * with {@code c} the channel of {@code x_i}; they differ in the groups: batch norm pools each channel over the
 * batch and space, instance norm each sample's channel over space, group norm runs of {@code C / groups} channels
 * of a sample. A null gamma means 1, a null beta 0 (no affine transform).
 *
 * <p>The forward pass is fused (one pass for the statistics, one to normalise and scale), and so is the backward
 * pass: with {@code h_i = gamma_c g_i},
 * <pre>
 *   dx_i = rstd_q (h_i - (1/M) sum_q h - xhat_i (1/M) sum_q h xhat),   dgamma_c = sum_c g xhat,   dbeta_c = sum_c g
 * </pre>
 * (for batch and instance norm, where gamma is constant over a group, this is
 * {@code (gamma rstd / M) (M g - sum g - xhat sum g xhat)}). With fixed running statistics (evaluation)
 * {@code dx_i = rstd_c gamma_c g_i}.
 */
public final class Normalization {
    private Normalization() {
    }

    /**
     * Batch normalisation over the batch and spatial axes, per channel. In training (or whenever no running
     * statistics are given) it normalises with the batch mean and the biased batch variance over {@code M = N H W}
     * elements and updates the running statistics in place, as PyTorch does:
     * {@code running = (1 - momentum) running + momentum stat}, with the unbiased variance
     * {@code var M / (M - 1)}. In evaluation it normalises with the running statistics.
     *
     * @param gamma       per-channel scale, or null
     * @param beta        per-channel shift, or null
     * @param runningMean per-channel running mean, updated in place in training; null together with runningVar
     * @param runningVar  per-channel running (unbiased) variance, updated in place in training
     * @param momentum    weight of the new batch statistics in the running update, in [0, 1]
     * @param eps         added to the variance, &gt;= 0
     */
    public static Tensor batchNorm(Tensor x, Tensor gamma, Tensor beta, Tensor runningMean, Tensor runningVar,
            boolean training, double momentum, double eps) {
        String op = "batchNorm";
        checkPerChannel(op, x, 2, gamma, beta, runningMean, runningVar, momentum, eps);
        int channels = x.dim(1);
        Grouping grouping = Grouping.perChannel(channels);
        int m = grouping.elements(x.shape());
        if (training && m < 2) {
            throw new ShapeException(op + ": training needs more than one value per channel, but x " + x.shape()
                    + " has N x spatial = " + m + "; use a larger batch or evaluation mode");
        }
        NormalizationKernels kernels = x.device().backend().normalization();
        boolean batchStatistics = training || runningMean == null;
        Moments moments;
        if (batchStatistics) {
            moments = kernels.moments(x, grouping);
            if (training && runningMean != null) {
                kernels.updateRunning(runningMean, runningVar, moments, grouping, momentum, (double) m / (m - 1));
            }
        } else {
            moments = new Moments(runningMean, runningVar);
        }
        return normalize("batch_norm", x, grouping, gamma, beta, moments, eps, batchStatistics);
    }

    /** Instance normalisation: each sample's channel normalised over its spatial axes with its own statistics. */
    public static Tensor instanceNorm(Tensor x, Tensor gamma, Tensor beta, double eps) {
        return instanceNorm(x, gamma, beta, null, null, true, 0.1, eps);
    }

    /**
     * Instance normalisation with optional running statistics (PyTorch's {@code track_running_stats}). In
     * training, or without running statistics, each sample's channel is normalised over its {@code S} spatial
     * elements with its own mean and biased variance, and the running statistics are updated in place with the
     * batch averages: {@code running = (1 - momentum) running + momentum mean_n(stat_nc)}, the variance unbiased
     * ({@code var S / (S - 1)}). In evaluation with running statistics every sample is normalised with them.
     */
    public static Tensor instanceNorm(Tensor x, Tensor gamma, Tensor beta, Tensor runningMean, Tensor runningVar,
            boolean training, double momentum, double eps) {
        String op = "instanceNorm";
        checkPerChannel(op, x, 3, gamma, beta, runningMean, runningVar, momentum, eps);
        int channels = x.dim(1);
        int spatial = x.shape().product(2, x.rank());
        boolean instanceStatistics = training || runningMean == null;
        if (instanceStatistics && spatial < 2) {
            throw new ShapeException(op + ": normalising with instance statistics needs more than one spatial "
                    + "element per channel, but x " + x.shape() + " has " + spatial);
        }
        if (!instanceStatistics) {
            return normalize("instance_norm", x, Grouping.perChannel(channels), gamma, beta,
                    new Moments(runningMean, runningVar), eps, false);
        }
        Grouping grouping = Grouping.perSample(channels);
        NormalizationKernels kernels = x.device().backend().normalization();
        Moments moments = kernels.moments(x, grouping);
        if (training && runningMean != null) {
            kernels.updateRunning(runningMean, runningVar, moments, grouping, momentum,
                    (double) spatial / (spatial - 1));
        }
        return normalize("instance_norm", x, grouping, gamma, beta, moments, eps, true);
    }

    /**
     * Group normalisation: the {@code C} channels of each sample split into {@code groups} consecutive runs, each
     * run normalised over its channels and spatial axes ({@code M = (C / groups) H W} elements) with its own mean
     * and biased variance; gamma and beta stay per channel. {@code groups = C} is instance norm, {@code groups = 1}
     * layer norm over (C, H, W).
     */
    public static Tensor groupNorm(Tensor x, int groups, Tensor gamma, Tensor beta, double eps) {
        String op = "groupNorm";
        ImageLayout.requireChannelsFirst(op, x, 2);
        int channels = x.dim(1);
        if (groups < 1 || channels % groups != 0) {
            throw new ShapeException(op + ": x " + x.shape() + " has " + channels + " channels, which cannot be split"
                    + " into " + groups + " groups; groups must be >= 1 and divide the channel count");
        }
        checkAffine(op, x, gamma, beta);
        checkEps(op, eps);
        Grouping grouping = Grouping.perSample(groups);
        Moments moments = x.device().backend().normalization().moments(x, grouping);
        return normalize("group_norm", x, grouping, gamma, beta, moments, eps, true);
    }

    /** The fused normalise-and-scale forward, recorded with the fused backward rule. */
    private static Tensor normalize(String op, Tensor x, Grouping grouping, Tensor gamma, Tensor beta,
            Moments statistics, double eps, boolean throughStatistics) {
        NormalizationKernels kernels = x.device().backend().normalization();
        Tensor out = kernels.normalize(x, grouping, statistics, eps, gamma, beta);
        return Autograd.record(op, out, g -> {
            boolean gammaGrad = gamma != null && gamma.requiresGrad();
            boolean betaGrad = beta != null && beta.requiresGrad();
            Gradients grads = kernels.normalizeBackward(g.to(x.dtype()), x, grouping, statistics, eps, gamma,
                    throughStatistics, x.requiresGrad(), gammaGrad || betaGrad);
            return new Tensor[] {grads.input(), gammaGrad ? grads.gamma().to(gamma.dtype()) : null,
                    betaGrad ? grads.beta().to(beta.dtype()) : null};
        }, x, gamma, beta);
    }

    /** The checks batch and instance norm share: layout, affine parameters, running statistics and eps. */
    private static void checkPerChannel(String op, Tensor x, int minRank, Tensor gamma, Tensor beta,
            Tensor runningMean, Tensor runningVar, double momentum, double eps) {
        ImageLayout.requireChannelsFirst(op, x, minRank);
        checkAffine(op, x, gamma, beta);
        checkRunning(op, x, runningMean, runningVar, momentum);
        checkEps(op, eps);
    }

    private static void checkAffine(String op, Tensor x, Tensor gamma, Tensor beta) {
        ImageLayout.requirePerChannel(op, "gamma", gamma, x);
        ImageLayout.requirePerChannel(op, "beta", beta, x);
    }

    private static void checkRunning(String op, Tensor x, Tensor runningMean, Tensor runningVar, double momentum) {
        if ((runningMean == null) != (runningVar == null)) {
            throw new IllegalArgumentException(op + ": runningMean is " + (runningMean == null ? "null" : "given")
                    + " but runningVar is " + (runningVar == null ? "null" : "given") + "; pass both or neither");
        }
        ImageLayout.requirePerChannel(op, "runningMean", runningMean, x);
        ImageLayout.requirePerChannel(op, "runningVar", runningVar, x);
        if (!(momentum >= 0 && momentum <= 1)) {
            throw new IllegalArgumentException(op + ": momentum " + momentum + " is outside [0, 1]; it is the weight "
                    + "of the new statistics in the running average");
        }
    }

    private static void checkEps(String op, double eps) {
        if (!(eps >= 0) || Double.isInfinite(eps)) {
            throw new IllegalArgumentException(op + ": eps " + eps + " is invalid; it must be finite and >= 0");
        }
    }
}
