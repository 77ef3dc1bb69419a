package org.unet4j.experiments.softcut;

import java.util.SplittableRandom;
import org.unet4j.autodiff.Tensor;
import org.unet4j.experiments.datasets.SegmentationDataset;
import org.unet4j.experiments.datasets.TensorDataset;

/**
 * The "revealed pixels" protocol of Djolonga and Krause (2017) that Experiment 1 of the SoftCut thesis follows:
 * every training image keeps the label of a random fraction of its pixels (0.1 % there) and hides the others, and
 * the loss is the binary cross-entropy over the revealed pixels only,
 * <pre>
 *   L = (1 / |R|) sum_(i in R) softplus(x_i) - x_i y_i,     R = the revealed pixels of the batch,
 * </pre>
 * while validation and test score every pixel (their masks hide nothing, so there it is the ordinary BCE). Hidden
 * pixels are marked {@value #HIDDEN} in the training masks.
 */
public final class RevealedPixels {
    /** The mask value of a hidden pixel. */
    public static final double HIDDEN = -1;

    private RevealedPixels() {
    }

    /**
     * The training set with all but {@code max(1, round(fraction H W))} random pixels of each mask hidden.
     *
     * @throws IllegalArgumentException if the fraction is not in {@code (0, 1]}
     */
    public static TensorDataset reveal(SegmentationDataset train, double fraction, SplittableRandom rng) {
        if (!(fraction > 0 && fraction <= 1)) {
            throw new IllegalArgumentException("the revealed fraction of pixels must be in (0, 1], got " + fraction
                    + " (the thesis reveals 0.001)");
        }
        Tensor masks = train.masks();
        double[] labels = masks.toDoubleArray();
        int pixels = masks.dim(2) * masks.dim(3);
        int revealed = Math.max(1, (int) Math.round(fraction * pixels));
        double[] out = new double[labels.length];
        int[] order = new int[pixels];
        for (int n = 0; n < masks.dim(0); n++) {
            for (int i = 0; i < pixels; i++) {
                order[i] = i;
                out[n * pixels + i] = HIDDEN;
            }
            for (int k = 0; k < revealed; k++) {   // a partial Fisher-Yates shuffle picks distinct pixels
                int j = k + rng.nextInt(pixels - k);
                int t = order[k];
                order[k] = order[j];
                order[j] = t;
                out[n * pixels + order[k]] = labels[n * pixels + order[k]];
            }
        }
        return new TensorDataset(train.images(), Tensor.wrap(out, masks.dims()).to(masks.dtype()));
    }

    /**
     * Binary cross-entropy on logits over the pixels whose mask is not {@value #HIDDEN}.
     *
     * @throws IllegalArgumentException if every pixel of the batch is hidden
     */
    public static Tensor bceWithLogits(Tensor logits, Tensor masks) {
        Tensor revealed = masks.ge(0).to(logits.dtype());
        double count = revealed.sum().item();
        if (count == 0) {
            throw new IllegalArgumentException("revealed-pixel BCE: every pixel of the batch of shape "
                    + masks.shape() + " is hidden; reveal at least one pixel per image");
        }
        Tensor targets = Tensor.where(masks.ge(0), masks, 0).to(logits.dtype());
        return logits.softplus().sub(logits.mul(targets)).mul(revealed).sum().div(count);
    }
}
