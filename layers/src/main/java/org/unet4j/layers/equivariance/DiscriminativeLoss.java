package org.unet4j.layers.equivariance;

import java.util.Map;
import java.util.TreeMap;
import org.unet4j.autodiff.Tensor;

/**
 * The discriminative loss of De Brabandere, Neven and Van Gool ("Semantic Instance Segmentation with a
 * Discriminative Loss Function", 2017) for per-pixel embeddings, built from differentiable engine operations. For
 * one image with instances c = 1..C (the background is an instance like any other), pixel sets S_c, embeddings
 * x_i in R^D and means mu_c = mean_{i in S_c} x_i:
 * <pre>
 *   L_var  = 1/C sum_c 1/|S_c| sum_{i in S_c} [ ||mu_c - x_i|| - delta_v ]_+^2          (pull)
 *   L_dist = 1/(C (C - 1)) sum_{a != b} [ 2 delta_d - ||mu_a - mu_b|| ]_+^2             (push; 0 when C = 1)
 *   L_reg  = 1/C sum_c ||mu_c||
 *   L      = alpha L_var + beta L_dist + gamma L_reg
 * </pre>
 * averaged over the images of the batch. Norms are sqrt(|.|^2 + 1e-12) so the gradient is finite at 0. The
 * settings of Rumberger et al. (ICCV 2021, Sec. 5) are {@link #paper()}: delta_v = 0, delta_d = 3, alpha = beta = 1,
 * gamma = 1e-4, embedding dimension 3.
 *
 * @param deltaV pull margin delta_v &gt;= 0
 * @param deltaD push margin delta_d &gt; 0 (means are pushed 2 delta_d apart)
 * @param alpha  weight of L_var
 * @param beta   weight of L_dist
 * @param gamma  weight of L_reg
 */
public record DiscriminativeLoss(double deltaV, double deltaD, double alpha, double beta, double gamma) {
    /** The embedding dimension of the paper's experiments. */
    public static final int PAPER_EMBEDDING_DIMENSION = 3;
    private static final double NORM_EPS = 1e-12;

    /** Validates the settings. */
    public DiscriminativeLoss {
        if (!(deltaV >= 0) || !(deltaD > 0)) {
            throw new IllegalArgumentException("need delta_v >= 0 and delta_d > 0, got delta_v " + deltaV
                    + ", delta_d " + deltaD);
        }
        if (!(alpha >= 0) || !(beta >= 0) || !(gamma >= 0)) {
            throw new IllegalArgumentException("the weights alpha, beta, gamma must be >= 0, got " + alpha + ", "
                    + beta + ", " + gamma);
        }
    }

    /** delta_v = 0, delta_d = 3, alpha = beta = 1, gamma = 1e-4 (Rumberger et al. 2021). */
    public static DiscriminativeLoss paper() {
        return new DiscriminativeLoss(0, 3, 1, 1, 1e-4);
    }

    /**
     * The loss of {@code embeddings} [N, D, H, W] for the instance {@code labels} [N, 1, H, W] or [N, H, W] (integer
     * values, any labelling; the background is one more instance); a scalar of the embeddings' dtype.
     */
    public Tensor compute(Tensor embeddings, Tensor labels) {
        if (embeddings.rank() != 4) {
            throw new IllegalArgumentException("embeddings must be [N, D, H, W], got " + embeddings.shape());
        }
        int n = embeddings.dim(0);
        int d = embeddings.dim(1);
        int pixels = embeddings.dim(2) * embeddings.dim(3);
        if (labels.size() != n * pixels || labels.dim(0) != n) {
            throw new IllegalArgumentException("labels " + labels.shape() + " do not match embeddings "
                    + embeddings.shape() + ": need [N, 1, H, W] or [N, H, W]");
        }
        double[] all = labels.toDoubleArray();
        Tensor total = null;
        for (int b = 0; b < n; b++) {
            Tensor x = embeddings.slice(0, b, b + 1).reshape(d, pixels);
            Tensor loss = single(x, all, b * pixels, pixels);
            total = total == null ? loss : total.add(loss);
        }
        return total.div(n);
    }

    private Tensor single(Tensor x, double[] labels, int offset, int pixels) {
        Map<Integer, Integer> ids = new TreeMap<>();
        int[] instance = new int[pixels];
        for (int i = 0; i < pixels; i++) {
            int label = (int) Math.round(labels[offset + i]);
            Integer id = ids.get(label);
            if (id == null) {
                id = ids.size();
                ids.put(label, id);
            }
            instance[i] = id;
        }
        int c = ids.size();
        double[] counts = new double[c];
        for (int id : instance) {
            counts[id]++;
        }
        double[] oneHot = new double[c * pixels];
        double[] pullWeight = new double[pixels];
        for (int i = 0; i < pixels; i++) {
            oneHot[instance[i] * pixels + i] = 1;
            pullWeight[i] = 1 / (c * counts[instance[i]]);
        }
        Tensor membership = constant(x, oneHot, c, pixels);
        Tensor means = x.matmul(membership.transpose(0, 1)).div(constant(x, counts, 1, c));
        Tensor distanceToMean = norm(x.sub(means.matmul(membership)), 0);
        Tensor pull = distanceToMean.sub(deltaV).relu().pow(2).mul(constant(x, pullWeight, 1, pixels)).sum();
        Tensor reg = norm(means, 0).mean();
        Tensor loss = pull.mul(alpha).add(reg.mul(gamma));
        if (c > 1) {
            Tensor pairwise = norm(means.unsqueeze(2).sub(means.unsqueeze(1)), 0);
            double[] offDiagonal = new double[c * c];
            for (int i = 0; i < c * c; i++) {
                offDiagonal[i] = i / c == i % c ? 0 : 1;
            }
            Tensor push = pairwise.rsub(2 * deltaD).relu().pow(2).mul(constant(x, offDiagonal, c, c)).sum()
                    .div((double) c * (c - 1));
            loss = loss.add(push.mul(beta));
        }
        return loss;
    }

    /** sqrt(sum over {@code axis} of v^2 + eps), the axis kept with size 1. */
    private static Tensor norm(Tensor v, int axis) {
        return v.pow(2).sum(axis, true).add(NORM_EPS).sqrt();
    }

    private static Tensor constant(Tensor like, double[] values, int... dims) {
        return Tensor.wrap(values, dims).to(like.dtype()).to(like.device());
    }
}
