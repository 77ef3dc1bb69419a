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
        for (int s = 0; s < n; s++) {
            BinaryMask p = BinaryMask.fromLogits(logits, s);
            BinaryMask t = BinaryMask.fromMask(masks, s);
            InstanceErrors errors = InstanceErrors.of(p, t);
            double[] scores = {Dice.foreground(p, t), Dice.macro(p, t), IoU.foreground(p, t), IoU.mean(p, t),
                PixelAccuracy.of(p, t), HausdorffDistance.average(p, t), HausdorffDistance.percentile95(p, t),
                ConnectedComponents.count(p), ConnectedComponents.count(t), errors.falseSplits(),
                errors.falseMerges()};
            for (int i = 0; i < sums.length; i++) {
                sums[i] += scores[i];
            }
        }
        Map<String, Double> out = new LinkedHashMap<>();
        for (int i = 0; i < sums.length; i++) {
            out.put(NAMES.get(i), n == 0 ? Double.NaN : sums[i] / n);
        }
        return out;
    }
}
