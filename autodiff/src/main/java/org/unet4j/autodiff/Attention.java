package org.unet4j.autodiff;

import java.util.SplittableRandom;

/**
 * Scaled dot-product attention (Vaswani et al. 2017):
 * {@code Attention(Q, K, V) = dropout(softmax(Q K^T / sqrt(d) + M)) V} for {@code Q [..., L, d]},
 * {@code K [..., S, d]}, {@code V [..., S, dv]} and an optional additive mask {@code M} broadcast to
 * {@code [..., L, S]}, which is {@code -infinity} where a query must not see a key. Composed of differentiable
 * matrix products, softmax and dropout, so its backward is theirs and it runs on every device; the
 * {@link FlopCounter} sees its two matrix products, {@code 4 L S d} FLOPs per batch element and head when
 * {@code dv = d}.
 */
public final class Attention {
    private Attention() {
    }

    /** Attention without a mask or dropout. */
    public static Tensor scaledDotProduct(Tensor query, Tensor key, Tensor value) {
        return scaledDotProduct(query, key, value, null, 0, false, null);
    }

    /**
     * Attention with an additive mask (or null) and dropout with probability {@code dropoutP} on the attention
     * weights when {@code training} (masks from {@code rng}, as {@link Regularization#dropout}).
     */
    public static Tensor scaledDotProduct(Tensor query, Tensor key, Tensor value, Tensor additiveMask,
            double dropoutP, boolean training, SplittableRandom rng) {
        String op = "scaledDotProduct(query " + query.shape() + ", key " + key.shape() + ", value " + value.shape()
                + (additiveMask == null ? "" : ", mask " + additiveMask.shape()) + ")";
        if (query.rank() < 2 || key.rank() < 2 || value.rank() < 2) {
            throw new ShapeException(op + ": query, key and value need rank >= 2 ([..., length, features])");
        }
        if (query.dim(-1) != key.dim(-1)) {
            throw new ShapeException(op + ": query and key must have the same feature size (last axis)");
        }
        if (key.dim(-2) != value.dim(-2)) {
            throw new ShapeException(op + ": key and value must have the same length (axis -2)");
        }
        Tensor scores = query.mul(1 / Math.sqrt(query.dim(-1))).matmul(key.transpose(-2, -1));
        if (additiveMask != null) {
            requireSomeKeyVisible(op, additiveMask);
            scores = scores.add(additiveMask);
        }
        Tensor weights = Regularization.dropout(scores.softmax(-1), dropoutP, training, rng);
        return weights.matmul(value);
    }

    /**
     * The additive mask for a mask of disallowed positions (PyTorch's boolean {@code attn_mask}, True = may not
     * attend): {@code -infinity} where {@code disallowed} is non-zero, 0 elsewhere; dtype {@code dtype}, on
     * {@code disallowed}'s device.
     */
    public static Tensor additiveMask(Tensor disallowed, DType dtype) {
        double[] flags = disallowed.toDoubleArray();
        double[] additive = new double[flags.length];
        for (int i = 0; i < flags.length; i++) {
            additive[i] = flags[i] != 0 ? Double.NEGATIVE_INFINITY : 0;
        }
        return Tensor.wrap(additive, disallowed.shape()).to(dtype).to(disallowed.device());
    }

    /** Softmax over a row whose every score is -infinity is 0/0; refuse such a mask up front. */
    private static void requireSomeKeyVisible(String op, Tensor mask) {
        if (mask.rank() < 1) {
            throw new ShapeException(op + ": the mask needs a key axis (its last axis), got a rank-0 tensor");
        }
        double[] values = mask.toDoubleArray();
        int s = mask.dim(-1);
        for (int row = 0; row < values.length / Math.max(s, 1); row++) {
            boolean visible = false;
            for (int j = 0; j < s && !visible; j++) {
                visible = values[row * s + j] != Double.NEGATIVE_INFINITY;
            }
            if (!visible) {
                throw new IllegalArgumentException(op + ": row " + row + " of the mask hides every key, so its softmax"
                        + " is 0/0; let every query attend to at least one key");
            }
        }
    }
}
