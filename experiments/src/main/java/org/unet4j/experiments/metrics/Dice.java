package org.unet4j.experiments.metrics;

import java.util.Arrays;

import org.unet4j.autodiff.Tensor;

/**
 * The Dice coefficient of binary segmentations, 2|P and G| / (|P| + |G|), computed per sample and averaged over the
 * batch (axis 0). Empty-mask policy: a sample whose prediction and ground truth are both empty scores 1 (a perfect
 * answer to "there is nothing here").
 */
public final class Dice {
    private Dice() {
    }

    /**
     * Mean Dice of the predictions {@code logits > 0} (probability above 1/2) against {@code masks} (foreground where
     * above 1/2). Both tensors have the same shape, batch first.
     */
    public static double ofLogits(Tensor logits, Tensor masks) {
        if (!logits.shape().equals(masks.shape())) {
            throw new IllegalArgumentException("Dice: logits shape " + logits.shape() + " differs from masks shape "
                    + masks.shape() + "; predict one logit per mask pixel");
        }
        double[] prediction = logits.toDoubleArray();
        double[] truth = masks.toDoubleArray();
        int samples = logits.dim(0);
        int perSample = samples == 0 ? 0 : prediction.length / samples;
        double[] scores = new double[samples];
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
            scores[s] = predicted + actual == 0 ? 1 : 2.0 * both / (predicted + actual);
        }
        return Arrays.stream(scores).average().orElse(Double.NaN);
    }
}
