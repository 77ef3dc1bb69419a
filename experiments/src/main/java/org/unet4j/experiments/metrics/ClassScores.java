package org.unet4j.experiments.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.unet4j.autodiff.Tensor;

/**
 * Per-class scores of a multi-class segmentation: the predicted class of a pixel is the argmax of its K logits, the
 * true class its id 0..K-1 (0 the background); a negative id marks a pixel outside the field of view, which counts
 * in no score. For class c and one sample, with TP, FP, FN counted on that class against all others:
 * <pre>
 *   Dice_c = 2 TP / (2 TP + FP + FN),   IoU_c = TP / (TP + FP + FN).
 * </pre>
 * Conventions: a class absent from both the prediction and the truth of a sample has no score for that sample (it
 * is skipped, not counted as 1); a class's score is the mean over the samples where it has one ({@code NaN} if it
 * never appears); {@code dice} and {@code iou} are the means over the foreground classes 1..K-1 that have a score
 * (the background class 0 is reported as {@code dice-c0} and {@code iou-c0} but is not in the mean);
 * {@code accuracy} is the fraction of pixels inside the field of view whose class is right, per sample, averaged.
 */
public final class ClassScores {
    private ClassScores() {
    }

    /** The names {@link #of} returns for {@code classes} classes, in order. */
    public static List<String> names(int classes) {
        List<String> names = new ArrayList<>(List.of("dice", "iou", "accuracy"));
        for (int c = 0; c < classes; c++) {
            names.add("dice-c" + c);
        }
        for (int c = 0; c < classes; c++) {
            names.add("iou-c" + c);
        }
        return List.copyOf(names);
    }

    /**
     * The scores of {@code logits} (N x K x H x W) against the class ids {@code classIds} (N x 1 x H x W), by
     * {@link #names} name.
     */
    public static Map<String, Double> of(Tensor logits, Tensor classIds) {
        if (logits.rank() != 4 || classIds.rank() != 4 || classIds.dim(1) != 1 || logits.dim(0) != classIds.dim(0)
                || logits.dim(2) != classIds.dim(2) || logits.dim(3) != classIds.dim(3) || logits.dim(1) < 2) {
            throw new IllegalArgumentException("class scores need logits [N, K, H, W] with K >= 2 and class ids"
                    + " [N, 1, H, W] of the same N, H, W; got " + logits.shape() + " and " + classIds.shape());
        }
        int n = logits.dim(0);
        int k = logits.dim(1);
        int plane = logits.dim(2) * logits.dim(3);
        float[] x = logits.toFloatArray();
        float[] ids = classIds.toFloatArray();
        double[] diceSum = new double[k];
        double[] iouSum = new double[k];
        int[] scored = new int[k];
        double accuracySum = 0;
        int samples = 0;
        for (int s = 0; s < n; s++) {
            long[] tp = new long[k];
            long[] fp = new long[k];
            long[] fn = new long[k];
            long inside = 0;
            long correct = 0;
            for (int p = 0; p < plane; p++) {
                float id = ids[s * plane + p];
                if (id < 0) {
                    continue;
                }
                int truth = Math.round(id);
                if (truth >= k || truth != id) {
                    throw new IllegalArgumentException("class id " + id + " of sample " + s + " is not one of the "
                            + k + " classes 0.." + (k - 1) + " the logits have");
                }
                int predicted = argmax(x, s * k * plane + p, k, plane);
                inside++;
                if (predicted == truth) {
                    correct++;
                    tp[truth]++;
                } else {
                    fp[predicted]++;
                    fn[truth]++;
                }
            }
            if (inside == 0) {
                continue;
            }
            samples++;
            accuracySum += (double) correct / inside;
            for (int c = 0; c < k; c++) {
                long wrong = fp[c] + fn[c];
                if (tp[c] + wrong > 0) {
                    diceSum[c] += 2.0 * tp[c] / (2 * tp[c] + wrong);
                    iouSum[c] += (double) tp[c] / (tp[c] + wrong);
                    scored[c]++;
                }
            }
        }
        double[] dice = new double[k];
        double[] iou = new double[k];
        for (int c = 0; c < k; c++) {
            dice[c] = scored[c] == 0 ? Double.NaN : diceSum[c] / scored[c];
            iou[c] = scored[c] == 0 ? Double.NaN : iouSum[c] / scored[c];
        }
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("dice", foregroundMean(dice));
        out.put("iou", foregroundMean(iou));
        out.put("accuracy", samples == 0 ? Double.NaN : accuracySum / samples);
        for (int c = 0; c < k; c++) {
            out.put("dice-c" + c, dice[c]);
        }
        for (int c = 0; c < k; c++) {
            out.put("iou-c" + c, iou[c]);
        }
        return out;
    }

    /** The class of largest logit at {@code offset} (class 0), stepping {@code stride} per class; ties: lowest. */
    private static int argmax(float[] x, int offset, int classes, int stride) {
        int best = 0;
        for (int c = 1; c < classes; c++) {
            if (x[offset + c * stride] > x[offset + best * stride]) {
                best = c;
            }
        }
        return best;
    }

    /** The mean of {@code perClass[1..]} over the classes with a score; NaN if none has. */
    private static double foregroundMean(double[] perClass) {
        double sum = 0;
        int count = 0;
        for (int c = 1; c < perClass.length; c++) {
            if (!Double.isNaN(perClass[c])) {
                sum += perClass[c];
                count++;
            }
        }
        return count == 0 ? Double.NaN : sum / count;
    }

    /**
     * One channel of foreground logits for a binary view of a multi-class prediction (overlays, foreground
     * figures): +1 where the argmax class is not the background, -1 where it is.
     */
    public static Tensor foregroundLogits(Tensor logits) {
        int n = logits.dim(0);
        int k = logits.dim(1);
        int plane = logits.dim(2) * logits.dim(3);
        float[] x = logits.toFloatArray();
        float[] out = new float[n * plane];
        for (int s = 0; s < n; s++) {
            for (int p = 0; p < plane; p++) {
                out[s * plane + p] = argmax(x, s * k * plane + p, k, plane) > 0 ? 1 : -1;
            }
        }
        return Tensor.wrap(out, n, 1, logits.dim(2), logits.dim(3));
    }
}
