package org.unet4j.experiments.metrics;

import org.unet4j.autodiff.Tensor;

/**
 * The Dice coefficient 2|P and G| / (|P| + |G|) of a predicted mask P and a ground truth G.
 *
 * <p>Empty-mask policy: when P and G are both empty the score is 1 (a perfect answer to "there is nothing here");
 * when only one is empty it is 0.
 *
 * <ul>
 *   <li>{@link #foreground}: the Dice of the foreground class, the usual score.</li>
 *   <li>{@link #macro}: the mean of the foreground Dice and the background Dice (the Dice of the inverted masks), the
 *       macro average the reference implementations of the U-Net-block papers report; it is higher than the
 *       foreground Dice on images that are mostly background.</li>
 * </ul>
 */
public final class Dice {
    private Dice() {
    }

    /** The foreground Dice of {@code prediction} against {@code truth}. */
    public static double foreground(BinaryMask prediction, BinaryMask truth) {
        int both = prediction.intersection(truth);
        int sum = prediction.count() + truth.count();
        return sum == 0 ? 1 : 2.0 * both / sum;
    }

    /** The mean of the foreground and the background Dice. */
    public static double macro(BinaryMask prediction, BinaryMask truth) {
        return (foreground(prediction, truth) + foreground(prediction.inverted(), truth.inverted())) / 2;
    }

    /**
     * The mean foreground Dice over the batch (axis 0) of the predictions {@code logits > 0} against
     * {@code masks > 1/2}; both tensors have the same shape, batch first, any rank.
     */
    public static double ofLogits(Tensor logits, Tensor masks) {
        if (!logits.shape().equals(masks.shape())) {
            throw new IllegalArgumentException("Dice: logits shape " + logits.shape() + " differs from masks shape "
                    + masks.shape() + "; predict one logit per mask pixel");
        }
        float[] prediction = logits.toFloatArray();
        float[] truth = masks.toFloatArray();
        int samples = logits.dim(0);
        if (samples == 0) {
            return Double.NaN;
        }
        int perSample = prediction.length / samples;
        double sum = 0;
        for (int s = 0; s < samples; s++) {
            long both = 0;
            long predicted = 0;
            long actual = 0;
            for (int i = s * perSample; i < (s + 1) * perSample; i++) {
                boolean p = prediction[i] > 0;
                boolean t = truth[i] > 0.5;
                predicted += p ? 1 : 0;
                actual += t ? 1 : 0;
                both += p && t ? 1 : 0;
            }
            sum += predicted + actual == 0 ? 1 : 2.0 * both / (predicted + actual);
        }
        return sum / samples;
    }
}
