package org.unet4j.autodiff;

/**
 * Normalisation primitives a backend provides: per-group statistics, the fused normalise-and-scale pass and the
 * fused backward pass. One set of kernels serves batch, instance and group norm, which differ only in which
 * elements share a mean and variance ({@link Grouping}).
 *
 * <p>{@code x} is laid out {@code [N, C, spatial...]} with any number of spatial axes (none for a batch of
 * feature vectors). Per-channel and per-group vectors (statistics, gamma, beta, their gradients and the running
 * statistics) are tensors on x's device too, so that a training step on a device moves none of them through the
 * host. A group {@code q} holds {@code M} elements, has mean {@code mu_q} and reciprocal standard deviation
 * {@code rstd_q = 1 / sqrt(var_q + eps)}, and the normalised value of element {@code i} of channel {@code c} is
 * {@code xhat_i = (x_i - mu_q) rstd_q}.
 */
public interface NormalizationKernels {

    /**
     * Which elements of an {@code [N, C, spatial...]} tensor share one mean and variance. Across the batch: one
     * group per channel over samples and space (batch norm). Per sample: each sample's channels split into
     * {@code groups} consecutive runs of {@code C / groups} channels (group norm; instance norm when
     * {@code groups = C}).
     */
    record Grouping(boolean acrossBatch, int groups) {
        /** Batch norm's grouping: one group per channel, pooled over the batch and space. */
        public static Grouping perChannel(int channels) {
            return new Grouping(true, channels);
        }

        /** Group norm's grouping: {@code groups} groups of consecutive channels in every sample. */
        public static Grouping perSample(int groups) {
            return new Grouping(false, groups);
        }

        /** Number of groups, hence of statistics, for an input of shape {@code x}. */
        public int count(Shape x) {
            return acrossBatch ? groups : x.dim(0) * groups;
        }

        /** Number of elements {@code M} in each group. */
        public int elements(Shape x) {
            int spatial = x.product(2, x.rank());
            return acrossBatch ? x.dim(0) * spatial : x.dim(1) / groups * spatial;
        }

        /** The group that channel {@code c} of sample {@code n} belongs to, given {@code channels} channels. */
        public int of(int n, int c, int channels) {
            return acrossBatch ? c : n * groups + c / (channels / groups);
        }
    }

    /**
     * Per-group mean and biased variance {@code (1/M) sum (x - mu)^2}, vectors on x's device in a type the backend
     * chooses (it may keep more precision than x's); as arguments, the running statistics in evaluation.
     */
    record Moments(Tensor mean, Tensor variance) {
    }

    /**
     * Gradients of a normalisation: {@code input} (null when not asked for), and per channel
     * {@code gamma = sum g xhat} and {@code beta = sum g} over the batch and space (null when not asked for), on x's
     * device in a type the backend chooses.
     */
    record Gradients(Tensor input, Tensor gamma, Tensor beta) {
    }

    /** Mean and biased variance of every group. */
    Moments moments(Tensor x, Grouping grouping);

    /**
     * {@code y_i = xhat_i gamma_c + beta_c} with {@code xhat_i = (x_i - mean_q) rstd_q},
     * {@code rstd_q = 1 / sqrt(variance_q + eps)}; a null gamma means 1, a null beta 0.
     */
    Tensor normalize(Tensor x, Grouping grouping, Moments statistics, double eps, Tensor gamma, Tensor beta);

    /**
     * The fused backward of {@link #normalize}. With {@code h_i = gamma_c g_i}: when the statistics were computed
     * from {@code x} ({@code throughStatistics}),
     * {@code dx_i = rstd_q (h_i - (1/M) sum_q h - xhat_i (1/M) sum_q h xhat)}, the sums running over group q;
     * otherwise (fixed running statistics) {@code dx_i = rstd_q h_i}. {@code dgamma_c = sum g xhat} and
     * {@code dbeta_c = sum g} over the channel. Only the requested gradients are computed.
     */
    Gradients normalizeBackward(Tensor grad, Tensor x, Grouping grouping, Moments statistics, double eps,
            Tensor gamma, boolean throughStatistics, boolean inputGradient, boolean affineGradients);

    /**
     * Updates the per-channel running statistics in place from the {@code batch} moments of a per-channel grouping,
     * or of a per-sample grouping with one group per channel (instance norm), whose moments are first averaged over
     * the samples: {@code running = (1 - momentum) running + momentum stat}, the variance times {@code unbias}
     * ({@code M / (M - 1)}, making it unbiased).
     */
    void updateRunning(Tensor runningMean, Tensor runningVar, Moments batch, Grouping grouping, double momentum,
            double unbias);
}
