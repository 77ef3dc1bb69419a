package org.unet4j.experiments.metrics;

/**
 * Intersection over union (Jaccard index) |P and G| / |P or G|.
 *
 * <p>Empty-mask policy: both empty scores 1, only one empty scores 0 (as {@link Dice}). {@link #mean} is the mIoU
 * over the two classes, background and foreground, each with that policy.
 */
public final class IoU {
    private IoU() {
    }

    /** The foreground IoU. */
    public static double foreground(BinaryMask prediction, BinaryMask truth) {
        int both = prediction.intersection(truth);
        int union = prediction.count() + truth.count() - both;
        return union == 0 ? 1 : (double) both / union;
    }

    /** The mean IoU of the background and the foreground class. */
    public static double mean(BinaryMask prediction, BinaryMask truth) {
        return (foreground(prediction, truth) + foreground(prediction.inverted(), truth.inverted())) / 2;
    }
}
