package org.unet4j.experiments.metrics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.unet4j.autodiff.Tensor;

/**
 * Voxel-wise scores of binary volume segmentations, logits {@code [N, 1, D, H, W]} against 0/1 masks of the same
 * shape, averaged over the N volumes: with P the voxels whose logit is positive and T the mask's voxels,
 * Dice = 2 |P n T| / (|P| + |T|), IoU = |P n T| / |P u T| (both 1 when P and T are empty) and accuracy, the
 * fraction of voxels where P and T agree. The distance and instance scores of {@link SegmentationScores} are
 * defined on 2-D images and are not computed here.
 */
public final class VolumeScores {
    /** The score names, in the order of {@link #of}'s map. */
    public static final List<String> NAMES = List.of("dice", "iou", "accuracy");

    private VolumeScores() {
    }

    /** Dice, IoU and accuracy of {@code logits} against {@code masks}, each the mean over the volumes. */
    public static Map<String, Double> of(Tensor logits, Tensor masks) {
        if (!logits.shape().equals(masks.shape()) || logits.rank() != 5 || logits.dim(1) != 1) {
            throw new IllegalArgumentException("volume scores need logits and masks of one shape [N, 1, D, H, W], "
                    + "got " + logits.shape() + " and " + masks.shape());
        }
        double[] p = logits.toDoubleArray();
        double[] t = masks.toDoubleArray();
        int n = logits.dim(0);
        int voxels = p.length / n;
        double dice = 0;
        double iou = 0;
        double accuracy = 0;
        for (int s = 0; s < n; s++) {
            long both = 0;
            long predicted = 0;
            long truth = 0;
            for (int i = s * voxels; i < (s + 1) * voxels; i++) {
                boolean inP = p[i] > 0;
                boolean inT = t[i] > 0.5;
                both += inP && inT ? 1 : 0;
                predicted += inP ? 1 : 0;
                truth += inT ? 1 : 0;
            }
            long union = predicted + truth - both;
            dice += predicted + truth == 0 ? 1 : 2.0 * both / (predicted + truth);
            iou += union == 0 ? 1 : (double) both / union;
            accuracy += (double) (voxels - union + both) / voxels;
        }
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("dice", dice / n);
        out.put("iou", iou / n);
        out.put("accuracy", accuracy / n);
        return out;
    }
}
