package org.unet4j.experiments.thesis;

import java.util.Locale;

import org.unet4j.autodiff.Autograd;
import org.unet4j.autodiff.NoGrad;
import org.unet4j.autodiff.Tensor;
import org.unet4j.experiments.metrics.BinaryMask;
import org.unet4j.experiments.metrics.ConnectedComponents;
import org.unet4j.experiments.metrics.IoU;
import org.unet4j.experiments.softcut.MulticlassSoftCutExperiment;
import org.unet4j.experiments.training.LossFunction;
import org.unet4j.layers.softcut.MulticlassCut;

/**
 * The scores of the SoftCut thesis's tables, each computed per test image and reported as the mean over the images
 * with its standard error {@code sd / sqrt(n)} (sample standard deviation): the size of the thesis's parenthesised
 * figures (e.g. Table 2: 0.0243 for the mIoU of 98 test images, Table 4: 0.0074 for 2344) fits the standard error of
 * the mean over the test images, not their spread.
 * <ul>
 *   <li>{@code mIoU}: binary, the foreground IoU of the image; multiclass, the IoU of each class averaged over the
 *       classes, the background included (Experiment 10: "the average between all the values of each class,
 *       including the background");</li>
 *   <li>{@code loss}: the training loss of the image;</li>
 *   <li>{@code figures}: the number of distinct figures, the 8-connected components of the predicted mask (summed
 *       over the foreground classes when multiclass).</li>
 * </ul>
 *
 * @param miou    mIoU
 * @param loss    loss
 * @param figures distinct figures
 */
public record ThesisScores(Summary miou, Summary loss, Summary figures) {
    /**
     * A mean over the test images and its standard error.
     *
     * @param mean          the mean
     * @param standardError {@code sd / sqrt(n)}, 0 for one image
     */
    public record Summary(double mean, double standardError) {
        static Summary of(double[] values) {
            int n = values.length;
            double mean = 0;
            for (double v : values) {
                mean += v / n;
            }
            double squares = 0;
            for (double v : values) {
                squares += (v - mean) * (v - mean);
            }
            return new Summary(mean, n < 2 ? 0 : Math.sqrt(squares / (n - 1) / n));
        }

        /** As the thesis prints it: {@code 0.4720 (0.0243)}. */
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%.4f (%.4f)", mean, standardError);
        }
    }

    /** The scores of binary logits ({@code N x 1 x H x W}) against masks, with {@code loss} per image. */
    public static ThesisScores binary(Tensor logits, Tensor masks, LossFunction loss) {
        int n = logits.dim(0);
        double[] miou = new double[n];
        double[] losses = new double[n];
        double[] figures = new double[n];
        for (int s = 0; s < n; s++) {
            BinaryMask p = BinaryMask.fromLogits(logits, s);
            miou[s] = IoU.foreground(p, BinaryMask.fromMask(masks, s));
            figures[s] = ConnectedComponents.count(p);
            losses[s] = lossOf(loss, logits.slice(0, s, s + 1), masks.slice(0, s, s + 1));
        }
        return new ThesisScores(Summary.of(miou), Summary.of(losses), Summary.of(figures));
    }

    /**
     * The scores of class logits ({@code N x K x H x W}) against class-index masks ({@code N x 1 x H x W}), the loss
     * the summed Dice loss of the classes ({@link MulticlassSoftCutExperiment#summedDice}).
     */
    public static ThesisScores multiclass(Tensor logits, Tensor labels) {
        int n = logits.dim(0);
        int classes = logits.dim(1);
        double[] miou = new double[n];
        double[] losses = new double[n];
        double[] figures = new double[n];
        for (int s = 0; s < n; s++) {
            Tensor one = logits.slice(0, s, s + 1);
            Tensor truth = labels.slice(0, s, s + 1);
            miou[s] = MulticlassSoftCutExperiment.scores(one, truth).get("miou");
            losses[s] = lossOf(MulticlassSoftCutExperiment::summedDice, one, truth);
            Tensor predicted = MulticlassCut.labels(one);
            for (int k = 1; k < classes; k++) {
                figures[s] += ConnectedComponents.count(BinaryMask.fromMask(predicted.eq(k).to(logits.dtype()), 0));
            }
        }
        return new ThesisScores(Summary.of(miou), Summary.of(losses), Summary.of(figures));
    }

    private static double lossOf(LossFunction loss, Tensor logits, Tensor masks) {
        try (NoGrad scope = Autograd.noGrad()) {
            return loss.apply(logits, masks).item();
        }
    }
}
