package org.unet4j.experiments.metrics;

/** The fraction of pixels whose predicted class equals the true one; defined for empty masks like any other. */
public final class PixelAccuracy {
    private PixelAccuracy() {
    }

    /** Correct pixels over all pixels. */
    public static double of(BinaryMask prediction, BinaryMask truth) {
        prediction.requireSameSize(truth);
        boolean[] p = prediction.pixels();
        boolean[] t = truth.pixels();
        int correct = 0;
        for (int i = 0; i < p.length; i++) {
            correct += p[i] == t[i] ? 1 : 0;
        }
        return (double) correct / p.length;
    }
}
