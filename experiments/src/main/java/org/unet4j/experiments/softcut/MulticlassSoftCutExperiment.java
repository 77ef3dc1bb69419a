package org.unet4j.experiments.softcut;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.unet4j.autodiff.Tensor;
import org.unet4j.experiments.api.Experiment;
import org.unet4j.experiments.api.ExperimentContext;
import org.unet4j.experiments.api.Param;
import org.unet4j.experiments.datasets.SegmentationDataset;
import org.unet4j.experiments.datasets.ShapeClassesDataset;
import org.unet4j.experiments.datasets.TensorDataset;
import org.unet4j.experiments.datasets.files.DataConfig;
import org.unet4j.experiments.output.ResultTable;
import org.unet4j.experiments.predict.ModelRecipe;
import org.unet4j.experiments.predict.PredictorConfig;
import org.unet4j.experiments.training.Trainer;
import org.unet4j.layers.optim.Adam;
import org.unet4j.layers.softcut.MulticlassCut;
import org.unet4j.layers.softcut.SoftCutUNet;
import org.unet4j.layers.topology.ConvPadding;

/**
 * {@code softcut-multiclass}: the layout of Experiment 10 of Bonfiglio's SoftCut thesis (2022, Table 17) at toy
 * scale, on generated shapes of three classes ({@link ShapeClassesDataset}: background, rectangles, disks) instead
 * of the thesis's Cityscapes selection (traffic signs, cars). The small SoftCut U-Net with {@code classes(3)} is
 * trained alone (base U-Net), with SoftCut (conjugate gradient, the thesis's tolerance) and with the "Submodular
 * (+ isotonic)" baseline, the cut repeated per class with one shared pair of edge-weight maps and a softmax over
 * the classes ({@link MulticlassCut}); the loss is the Dice loss of each class summed over the classes, as the
 * thesis trains it. Reported per row: test mIoU (the IoU of each class over the test set, averaged over the classes,
 * background included), pixel accuracy and training time. Each network saves {@code predictor.json} in its
 * directory (base, softcut, submodular-isotonic) with its class count, so {@code unet4j predict} writes its label
 * maps.
 */
public final class MulticlassSoftCutExperiment implements Experiment {
    static final Param<Integer> EPOCHS = Param.integer("epochs", 3, 1, 100_000, "passes over the training images");
    static final Param<Integer> BATCH = Param.integer("batch", 4, 1, 4096, "images per optimisation step");
    static final Param<Double> LR = Param.real("lr", 1e-2, 1e-7, 1, "Adam's learning rate (the thesis: 1e-3)");
    static final Param<Integer> TRAIN = Param.integer("train", 24, 1, 1_000_000, "training images");
    static final Param<Integer> VAL = Param.integer("val", 8, 1, 1_000_000, "validation images (best model)");
    static final Param<Integer> TEST = Param.integer("test", 8, 1, 1_000_000, "test images for the results table");
    static final Param<Integer> SIZE = Param.integer("size", 32, 16, 1024, "image height and width, a multiple of 2");
    static final Param<Integer> FILTERS = Param.integer("filters", 8, 1, 512, "filters of the U-Net's finer level "
            + "(the coarser has twice as many)");
    static final Param<Double> NOISE = Param.real("noise", 0.2, 0, 10, "noise sigma of the generated images");
    private static final int CLASSES = ShapeClassesDataset.CLASSES;

    @Override
    public String name() {
        return "softcut-multiclass";
    }

    @Override
    public String description() {
        return "Multiclass U-Net alone vs with SoftCut (CG) vs with the Submodular (+ isotonic) TV baseline, a cut per "
                + "class with shared edge weights and a softmax, on three-class generated shapes: mIoU, pixel "
                + "accuracy, train time (thesis Experiment 10, Table 17).";
    }

    @Override
    public List<Param<?>> params() {
        return List.of(EPOCHS, BATCH, LR, TRAIN, VAL, TEST, SIZE, FILTERS, NOISE);
    }

    @Override
    public void run(ExperimentContext context) throws Exception {
        if (context.get(SIZE) % 2 != 0) {
            throw new IllegalArgumentException("softcut-multiclass: size must be a multiple of 2 (the U-Net pools "
                    + "once), got " + context.get(SIZE));
        }
        SplittableRandom random = context.random();
        int train = context.get(TRAIN);
        int val = context.get(VAL);
        int test = context.get(TEST);
        TensorDataset all = ShapeClassesDataset.generate(new ShapeClassesDataset.Spec(train + val + test,
                context.get(SIZE), 3, context.get(NOISE), random.nextLong()));
        SegmentationDataset trainSet = all.range(0, train);
        SegmentationDataset valSet = all.range(train, train + val);
        SegmentationDataset testSet = all.range(train + val, train + val + test);
        ResultTable table = new ResultTable("Table 1", String.format(Locale.ROOT,
                "Test scores on %d generated three-class shape images of %dx%d pixels after %d epochs (best "
                        + "validation mIoU).", test, context.get(SIZE), context.get(SIZE), context.get(EPOCHS)),
                "Model", List.of(ResultTable.Column.higher("mIoU", 3), ResultTable.Column.higher("Accuracy", 3),
                        ResultTable.Column.lower("Train s", 1)));
        long seed = random.nextLong();
        int filters = context.get(FILTERS);
        for (Variant variant : Variant.values()) {
            ModelRecipe recipe = new ModelRecipe("SoftCutUNet-" + variant.variant.recipeBlock().replace("SoftCut-", ""),
                    new int[] {filters, 2 * filters}, 1, 1, ConvPadding.SAME, context.get(SIZE)).withClasses(CLASSES);
            SoftCutUNet net = (SoftCutUNet) recipe.build(seed);
            String key = variant.name().toLowerCase(Locale.ROOT).replace('_', '-');
            double seconds = CutTraining.train(context, variant.label, key, net,
                    variant.variant.device(context.device()), settings(context.get(EPOCHS), context.get(BATCH),
                            context.get(LR)), trainSet, valSet);
            new PredictorConfig(recipe, DataConfig.generated(context.get(SIZE)), 0.5).write(context.directory()
                    .resolve(key));
            Map<String, Double> s = scores(Trainer.predict(net, testSet.images(), context.get(BATCH)),
                    testSet.masks());
            table.addRow(variant.label, s.get("miou"), s.get("accuracy"), seconds);
            context.report(key + "-miou", s.get("miou"));
            context.report(key + "-accuracy", s.get("accuracy"));
        }
        context.writeResults(List.of(table));
    }

    /**
     * How the multiclass networks train: Adam with learning rate {@code lr}, the {@link #summedDice} loss, the best
     * epoch by validation mIoU ({@link #scores}).
     */
    public static CutTraining.Settings settings(int epochs, int batch, double lr) {
        return new CutTraining.Settings(epochs, batch, p -> new Adam(p, lr), MulticlassSoftCutExperiment::summedDice,
                MulticlassSoftCutExperiment::scores, "miou", true);
    }

    /**
     * The Dice loss of every class, summed over the classes: {@code sum_k 1 - 2 sum(q_k t_k) / (sum q_k + sum t_k)}
     * with {@code q = softmax(logits)} over the classes and {@code t} the one-hot masks (sums over the batch and the
     * pixels).
     */
    public static Tensor summedDice(Tensor logits, Tensor masks) {
        Tensor q = logits.softmax(1);
        Tensor t = oneHot(masks, logits.dim(1)).to(logits.dtype()).to(logits.device());
        int[] reduce = {0, 2, 3};
        Tensor overlap = q.mul(t).sum(reduce, false);
        Tensor total = q.sum(reduce, false).add(t.sum(reduce, false));
        return overlap.mul(-2).div(total.add(1e-6)).add(1).sum();
    }

    /** {@code N x K x H x W} indicators of class indices {@code N x 1 x H x W}. */
    public static Tensor oneHot(Tensor masks, int classes) {
        List<Tensor> planes = new ArrayList<>(classes);
        for (int k = 0; k < classes; k++) {
            planes.add(masks.eq(k));
        }
        return Tensor.concat(planes, 1);
    }

    /**
     * mIoU and pixel accuracy of the argmax labels of {@code logits} ({@code N x K x H x W}) against class-index
     * masks: the IoU of each class over all pixels of the set, averaged over the classes that occur in the
     * prediction or the masks.
     */
    public static Map<String, Double> scores(Tensor logits, Tensor masks) {
        double[] predicted = MulticlassCut.labels(logits).toDoubleArray();
        double[] truth = masks.toDoubleArray();
        int classes = logits.dim(1);
        long[] intersection = new long[classes];
        long[] union = new long[classes];
        long correct = 0;
        for (int i = 0; i < truth.length; i++) {
            int p = (int) predicted[i];
            int t = (int) truth[i];
            if (p == t) {
                correct++;
                intersection[p]++;
                union[p]++;
            } else {
                union[p]++;
                union[t]++;
            }
        }
        double sum = 0;
        int present = 0;
        for (int k = 0; k < classes; k++) {
            if (union[k] > 0) {
                sum += (double) intersection[k] / union[k];
                present++;
            }
        }
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("miou", sum / present);
        out.put("accuracy", (double) correct / truth.length);
        return out;
    }

    /** The rows of Table 17. */
    private enum Variant {
        BASE("base U-Net", CutVariant.BASE),
        SOFTCUT("SoftCut (CG)", CutVariant.CG),
        SUBMODULAR_ISOTONIC("Submodular (+ isotonic)", CutVariant.SUBMODULAR_ISOTONIC);

        private final String label;
        private final CutVariant variant;

        Variant(String label, CutVariant variant) {
            this.label = label;
            this.variant = variant;
        }
    }
}
