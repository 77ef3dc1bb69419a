package org.unet4j.experiments.training;

import org.unet4j.autodiff.Losses;
import org.unet4j.autodiff.Tensor;

/**
 * The training loss of a {@link org.unet4j.experiments.datasets.files.TargetKind}'s targets (N x 1 x H x W), with
 * pixels whose target is negative (outside a field of view) left out: binary cross-entropy on one logit channel,
 * or cross-entropy on K channels with the softmax over axis 1, each averaged over the pixels it counts:
 * <pre>
 *   L = -(1 / |V|) sum_{i in V} log softmax(x_i)_{c_i}        (BCE: softplus(x_i) - x_i y_i in place of the log)
 * </pre>
 * with V the pixels of non-negative target (PyTorch's {@code ignore_index} with mean reduction), or every pixel,
 * those outside counted as background 0, when {@code restricted} is false. Targets without a negative value give
 * exactly {@link Losses#bceWithLogits} and {@link Losses#crossEntropy}.
 *
 * @param classes    K: 2 for one logit channel and binary targets, else the K channels of class ids 0..K-1
 * @param restricted whether pixels with a negative target are left out (else they count as background)
 */
public record TargetLoss(int classes, boolean restricted) implements LossFunction {
    /** Checks the class count. */
    public TargetLoss {
        if (classes < 2) {
            throw new IllegalArgumentException("a segmentation loss needs at least 2 classes, got " + classes);
        }
    }

    @Override
    public Tensor apply(Tensor logits, Tensor targets) {
        int expected = classes > 2 ? classes : 1;
        if (logits.rank() != 4 || logits.dim(1) != expected || targets.rank() != 4 || targets.dim(1) != 1
                || logits.dim(0) != targets.dim(0) || logits.dim(2) != targets.dim(2)
                || logits.dim(3) != targets.dim(3)) {
            throw new IllegalArgumentException("TargetLoss of " + classes + " classes: expected logits [N, "
                    + expected + ", H, W] and targets [N, 1, H, W], got " + logits.shape() + " and "
                    + targets.shape());
        }
        float[] t = targets.toFloatArray();
        int counted = 0;
        for (float v : t) {
            counted += v >= 0 ? 1 : 0;
        }
        boolean ignores = counted < t.length;
        if (classes == 2) {
            if (!ignores) {
                return Losses.bceWithLogits(logits, targets);
            }
            float[] inside = new float[t.length];
            float[] positive = new float[t.length];
            for (int i = 0; i < t.length; i++) {
                inside[i] = t[i] >= 0 || !restricted ? 1 : 0;
                positive[i] = t[i] > 0 ? t[i] : 0;
            }
            Tensor y = like(positive, logits);
            Tensor perPixel = logits.softplus().sub(logits.mul(y));
            return perPixel.mul(like(inside, logits)).sum().div(restricted ? Math.max(counted, 1) : t.length);
        }
        if (!ignores) {
            return Losses.crossEntropy(logits, targets.squeeze(1));
        }
        int n = logits.dim(0);
        int plane = logits.dim(2) * logits.dim(3);
        float[] oneHot = new float[n * classes * plane];
        for (int s = 0; s < n; s++) {
            for (int p = 0; p < plane; p++) {
                float c = t[s * plane + p];
                if (c < 0 && restricted) {
                    continue;
                }
                int k = c < 0 ? 0 : Math.round(c);
                if (k >= classes || k != c && c >= 0) {
                    throw new IllegalArgumentException("TargetLoss: target " + c + " of sample " + s + " is not a"
                            + " class id in 0.." + (classes - 1));
                }
                oneHot[(s * classes + k) * plane + p] = 1;
            }
        }
        Tensor picked = logits.logSoftmax(1).mul(like(oneHot, logits)).sum();
        return picked.div(restricted ? Math.max(counted, 1) : t.length).neg();
    }

    private static Tensor like(float[] values, Tensor logits) {
        return Tensor.wrap(values, logits.dims()[0], values.length / (logits.dims()[0] * logits.dim(2)
                * logits.dim(3)), logits.dim(2), logits.dim(3)).to(logits.dtype()).to(logits.device());
    }
}
