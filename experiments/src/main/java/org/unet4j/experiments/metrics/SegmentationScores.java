package org.unet4j.experiments.metrics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.unet4j.autodiff.Tensor;

/**
 * The standard scores of a batch of binary segmentations, each the mean over the samples of the per-sample metric
 * (with that metric's empty-mask policy):
 * {@code dice} ({@link Dice#foreground}), {@code dice-macro} ({@link Dice#macro}), {@code iou}
 * ({@link IoU#foreground}), {@code miou} ({@link IoU#mean}), {@code accuracy} ({@link PixelAccuracy}), {@code ahd}
 * and {@code hd95} ({@link HausdorffDistance}), {@code figures} (predicted 8-connected components,
 * {@link ConnectedComponents}), {@code figures-true}, {@code splits} and {@code merges} ({@link InstanceErrors}).
 *
 * <p>Field of view: a negative mask value marks a pixel outside the field of view (DRIVE's FOV masks). Such a pixel
 * counts in no score: it is neither TP, FP, FN nor TN for the pixel scores (Dice, IoU, their macro means, accuracy,
 * all computed on the pixels inside only), and the prediction is cut to the field of view before the boundary and
 * component scores. A sample without any pixel inside is left out of the means.
 */
public final class SegmentationScores {
    /** The names of the scores, in the order {@link #of} returns them. */
    public static final List<String> NAMES = List.of("dice", "dice-macro", "iou", "miou", "accuracy", "ahd", "hd95",
            "figures", "figures-true", "splits", "merges");

    private SegmentationScores() {
    }

    /** The mean scores of {@code logits > 0} against {@code masks > 1/2}, both N x 1 x H x W, by name. */
    public static Map<String, Double> of(Tensor logits, Tensor masks) {
        if (!logits.shape().equals(masks.shape())) {
            throw new IllegalArgumentException("logits " + logits.shape() + " and masks " + masks.shape()
                    + " differ in shape; predict one logit per mask pixel");
        }
        int n = logits.dim(0);
        double[] sums = new double[NAMES.size()];
        int counted = 0;
        for (int s = 0; s < n; s++) {
            BinaryMask p = BinaryMask.fromLogits(logits, s);
            BinaryMask t = BinaryMask.fromMask(masks, s);
            BinaryMask inside = BinaryMask.threshold(masks, s, -0.5);
            if (inside.isEmpty()) {
                continue;
            }
            counted++;
            if (inside.count() < inside.pixels().length) {
                add(sums, restrictedScores(p, t, inside));
                continue;
            }
            InstanceErrors errors = InstanceErrors.of(p, t);
            add(sums, new double[] {Dice.foreground(p, t), Dice.macro(p, t), IoU.foreground(p, t), IoU.mean(p, t),
                PixelAccuracy.of(p, t), HausdorffDistance.average(p, t), HausdorffDistance.percentile95(p, t),
                ConnectedComponents.count(p), ConnectedComponents.count(t), errors.falseSplits(),
                errors.falseMerges()});
        }
        Map<String, Double> out = new LinkedHashMap<>();
        for (int i = 0; i < sums.length; i++) {
            out.put(NAMES.get(i), counted == 0 ? Double.NaN : sums[i] / counted);
        }
        return out;
    }

    /**
     * The scores of one sample on the pixels {@code inside} only: the pixel scores on the inside pixels gathered
     * into one row (they do not depend on where a pixel lies), the others on the masks cut to the inside.
     */
    private static double[] restrictedScores(BinaryMask prediction, BinaryMask truth, BinaryMask inside) {
        int m = inside.count();
        boolean[] p = new boolean[m];
        boolean[] t = new boolean[m];
        boolean[] pCut = new boolean[inside.pixels().length];
        boolean[] tCut = new boolean[pCut.length];
        for (int i = 0, k = 0; i < pCut.length; i++) {
            if (inside.pixels()[i]) {
                p[k] = prediction.pixels()[i];
                t[k++] = truth.pixels()[i];
                pCut[i] = prediction.pixels()[i];
                tCut[i] = truth.pixels()[i];
            }
        }
        BinaryMask pRow = new BinaryMask(1, m, p);
        BinaryMask tRow = new BinaryMask(1, m, t);
        BinaryMask pIn = new BinaryMask(inside.height(), inside.width(), pCut);
        BinaryMask tIn = new BinaryMask(inside.height(), inside.width(), tCut);
        InstanceErrors errors = InstanceErrors.of(pIn, tIn);
        return new double[] {Dice.foreground(pRow, tRow), Dice.macro(pRow, tRow), IoU.foreground(pRow, tRow),
            IoU.mean(pRow, tRow), PixelAccuracy.of(pRow, tRow), HausdorffDistance.average(pIn, tIn),
            HausdorffDistance.percentile95(pIn, tIn), ConnectedComponents.count(pIn), ConnectedComponents.count(tIn),
            errors.falseSplits(), errors.falseMerges()};
    }

    private static void add(double[] sums, double[] scores) {
        for (int i = 0; i < sums.length; i++) {
            sums[i] += scores[i];
        }
    }
}
