package org.unet4j.experiments.thesis;

import java.util.List;
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
 * @param miou    mIoU of each test image
 * @param loss    loss of each test image
 * @param figures distinct figures of each test image
 */
public record ThesisScores(double[] miou, double[] loss, double[] figures) {
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

    /** Copies the values; one of each per image. */
    public ThesisScores {
        if (miou.length != loss.length || miou.length != figures.length) {
            throw new IllegalArgumentException("one mIoU, loss and figure count per image, got " + miou.length + ", "
                    + loss.length + " and " + figures.length);
        }
        miou = miou.clone();
        loss = loss.clone();
        figures = figures.clone();
    }

    /** The mIoU over the images. */
    public Summary miouSummary() {
        return Summary.of(miou);
    }

    /** The loss over the images. */
    public Summary lossSummary() {
        return Summary.of(loss);
    }

    /** The distinct figures over the images. */
    public Summary figuresSummary() {
        return Summary.of(figures);
    }

    /** The images of {@code parts}, in order: the scores of a test set scored a chunk at a time. */
    public static ThesisScores concat(List<ThesisScores> parts) {
        return new ThesisScores(join(parts, ThesisScores::miou), join(parts, ThesisScores::loss),
                join(parts, ThesisScores::figures));
    }

    private static double[] join(List<ThesisScores> parts, java.util.function.Function<ThesisScores, double[]> f) {
        return parts.stream().flatMapToDouble(p -> java.util.Arrays.stream(f.apply(p))).toArray();
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
        return new ThesisScores(miou, losses, figures);
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
        return new ThesisScores(miou, losses, figures);
    }

    private static double lossOf(LossFunction loss, Tensor logits, Tensor masks) {
        try (NoGrad scope = Autograd.noGrad()) {
            return loss.apply(logits, masks).item();
        }
    }
}
