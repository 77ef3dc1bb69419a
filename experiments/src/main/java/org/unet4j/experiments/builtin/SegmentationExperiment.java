package org.unet4j.experiments.builtin;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

import org.unet4j.autodiff.Tensor;
import org.unet4j.experiments.api.Experiment;
import org.unet4j.experiments.api.ExperimentContext;
import org.unet4j.experiments.api.Param;
import org.unet4j.experiments.api.ParamException;
import org.unet4j.experiments.api.ParamValues;
import org.unet4j.experiments.datasets.SegmentationDataset;
import org.unet4j.experiments.datasets.files.DataParams;
import org.unet4j.experiments.datasets.files.FolderDataset;
import org.unet4j.experiments.datasets.files.TargetKind;
import org.unet4j.experiments.datasets.augment.Augmentation;
import org.unet4j.experiments.datasets.augment.Flip;
import org.unet4j.experiments.datasets.augment.GaussianNoise;
import org.unet4j.experiments.datasets.augment.IntensityJitter;
import org.unet4j.experiments.datasets.augment.Rotate90;
import org.unet4j.experiments.metrics.BinaryMask;
import org.unet4j.experiments.metrics.ClassScores;
import org.unet4j.experiments.metrics.ObjectScores;
import org.unet4j.experiments.metrics.SegmentationScores;
import org.unet4j.experiments.output.Plots;
import org.unet4j.experiments.predict.ModelRecipe;
import org.unet4j.experiments.predict.PredictorConfig;
import org.unet4j.experiments.output.PredictionOverlay;
import org.unet4j.experiments.output.ResultTable;
import org.unet4j.experiments.training.EpochRecord;
import org.unet4j.experiments.training.Trainer;
import org.unet4j.experiments.training.TrainingResult;
import org.unet4j.layers.Module;
import org.unet4j.layers.optim.Adam;
import org.unet4j.layers.optim.LrSchedule;
import org.unet4j.layers.optim.ScheduleUnit;
import org.unet4j.layers.topology.ConvPadding;
import org.unet4j.layers.unet.UNet;

/**
 * {@code segmentation}: trains one network (a plain U-Net or a small convolutional network) on a generated dataset
 * with the shared {@link Trainer} and reports its test scores (Dice, IoU, accuracy, AHD, HD95, distinct figures),
 * optionally on test images corrupted by Gaussian noise. It exercises every part of the framework and is the
 * template for the paper reproductions.
 *
 * <p>With {@code --data}, what the masks hold decides the task ({@link TargetKind}): a multi-class label map
 * (K &gt; 2 classes) trains a K-channel head with cross-entropy and reports per-class Dice and IoU
 * ({@link ClassScores}); a field of view (DRIVE) leaves the pixels outside out of every score and, unless
 * {@code --fov-loss whole}, out of the loss ({@link TargetKind#configure}); instance ids (GlaS, DS Bowl) add
 * the object scores of the test part ({@link ObjectScores}). Binary masks train exactly as generated data.
 */
public final class SegmentationExperiment implements Experiment {
    static final Param<String> DATASET = Param.choice("dataset", "cells", SyntheticData.NAMES,
            "the generated dataset");
    static final Param<String> MODEL = Param.choice("model", "unet", List.of("unet", "conv-net"),
            "a plain U-Net (PLN blocks, batch norm) or a 3-layer convolutional network");
    static final Param<Integer> EPOCHS = Param.integer("epochs", 6, 1, 100_000, "passes over the training images");
    static final Param<Integer> BATCH = Param.integer("batch", 8, 1, 4096, "images per optimisation step");
    static final Param<Double> LR = Param.real("lr", 5e-3, 1e-7, 1, "Adam's initial learning rate");
    static final Param<Double> LR_DECAY = Param.real("lr-decay", 1, 0.5, 1,
            "the learning rate is multiplied by this after every epoch");
    static final Param<Integer> TRAIN = Param.integer("train", 96, 1, 1_000_000, "training images");
    static final Param<Integer> VAL = Param.integer("val", 24, 1, 1_000_000, "validation images (best model, early"
            + " stopping)");
    static final Param<Integer> TEST = Param.integer("test", 24, 1, 1_000_000, "test images for the results table");
    static final Param<Integer> SIZE = Param.integer("size", 32, 16, 1024, "image height and width in pixels (a"
            + " multiple of 2^(levels-1) for the U-Net)");
    static final Param<Integer> FILTERS = Param.integer("filters", 8, 1, 512, "filters of the first level (doubled"
            + " per level) or of the conv-net's hidden layers");
    static final Param<Integer> LEVELS = Param.integer("levels", 3, 2, 7, "U-Net levels, the bottleneck included");
    static final Param<Double> CLIP = Param.real("clip", 1, 0, 1e6, "largest global gradient norm (0: no clipping)");
    static final Param<Integer> PATIENCE = Param.integer("patience", 0, 0, 100_000,
            "stop after this many epochs without a better validation Dice (0: never)");
    static final Param<Boolean> AUGMENT = Param.flag("augment", false,
            "augment training batches: flips, 90-degree rotations, intensity jitter");
    static final Param<Double> TEST_NOISE = Param.real("test-noise", 0, 0, 10,
            "sigma of the Gaussian noise added to the test images (unclipped)");
    static final Param<Integer> DIMS = Param.integer("dims", 2, 2, 3, "2: images; 3: a 3-D U-Net on volumes, "
            + "generated (spheres, ellipsoids, tubes with noise and bias) or patches of size^3 voxels from an MSD "
            + "task given by --data, scored voxel-wise");

    private static final int OVERLAY_SAMPLES = 6;

    @Override
    public String name() {
        return "segmentation";
    }

    @Override
    public String description() {
        return "Train a U-Net or a small conv net on a generated dataset and report test Dice, IoU, accuracy, AHD,"
                + " HD95 and distinct figures, with learning curves and prediction overlays.";
    }

    @Override
    public List<Param<?>> params() {
        return DataParams.with(List.of(DATASET, MODEL, EPOCHS, BATCH, LR, LR_DECAY, TRAIN, VAL, TEST, SIZE, FILTERS,
                LEVELS, CLIP, PATIENCE, AUGMENT, TEST_NOISE, DIMS));
    }

    /**
     * The U-Net takes only some image sizes (a multiple of 2^(levels-1) with SAME padding): an invalid one fails
     * here, naming the nearest valid sizes, rather than at the first forward pass after the data is made.
     */
    @Override
    public void validate(ParamValues values) {
        if (values.get(DIMS) == 3) {
            validateVolumes(values);
        }
        if (!values.get(MODEL).equals("unet")) {
            return;
        }
        int size = values.get(SIZE);
        int levels = values.get(LEVELS);
        int[] oneFilter = new int[levels];
        Arrays.fill(oneFilter, 1);
        UNet shape = UNet.builder().inChannels(1).outChannels(1).levels(levels).filters(oneFilter).build();
        List<Integer> nearest = shape.nearestValidInputSizes(size);
        if (nearest.size() != 1 || nearest.get(0) != size) {
            throw new ParamException("invalid value '" + size + "' for parameter 'size': a U-Net of " + levels
                    + " levels takes images of " + shape.validInputSizes(1, 4 * size).stream().limit(4)
                            .map(String::valueOf).collect(Collectors.joining(", "))
                    + ", ... pixels; the nearest valid sizes are "
                    + nearest.stream().map(String::valueOf).collect(Collectors.joining(" and "))
                    + " (or change --levels)");
        }
    }

    /** What {@code --dims 3} does not offer fails here, naming the option. */
    private static void validateVolumes(ParamValues values) {
        if (!values.get(MODEL).equals("unet")) {
            throw new ParamException("--dims 3 trains a 3-D U-Net; --model " + values.get(MODEL) + " is 2-D only");
        }
        if (values.get(AUGMENT) || values.get(TEST_NOISE) > 0) {
            throw new ParamException("--augment and --test-noise act on 2-D images; drop them with --dims 3");
        }
        String layout = values.get(DataParams.LAYOUT);
        if (!values.get(DataParams.DATA).isEmpty() && !layout.equals("auto") && !layout.equals("msd")) {
            throw new ParamException("--dims 3 reads volumes in the layout msd (imagesTr/, labelsTr/, dataset.json),"
                    + " not --layout " + layout);
        }
    }

    @Override
    public void run(ExperimentContext context) throws Exception {
        if (context.get(DIMS) == 3) {
            VolumeSegmentation.run(context);
            return;
        }
        SplittableRandom random = context.random();
        int train = context.get(TRAIN);
        int val = context.get(VAL);
        int test = context.get(TEST);
        SegmentationDataset all = SyntheticData.generate(context.get(DATASET), train + val + test,
                context.get(SIZE), random.nextLong());
        SegmentationDataset trainSet = all.range(0, train);
        SegmentationDataset valSet = all.range(train, train + val);
        SegmentationDataset testSet = all.range(train + val, train + val + test);
        String dataName = "generated '" + context.get(DATASET) + "'";
        TargetKind targets = TargetKind.binary();
        Tensor testLabels = null;
        java.util.Optional<FolderDataset.Loaded> real = DataParams.load(context, context.get(SIZE));
        if (real.isPresent()) {
            targets = real.get().card().targets();
            trainSet = targets.targets(real.get().train());
            valSet = targets.targets(real.get().validation());
            testSet = targets.targets(real.get().test());
            testLabels = real.get().test().labels();
            dataName = "'" + DataParams.name(context, real.get()) + "'";
        }
        ModelRecipe recipe = recipe(context).withClasses(targets.classes());
        Module model = recipe.build(random.nextLong());
        context.info(model.toString());

        boolean restrictedLoss = context.get(DataParams.FOV_LOSS).equals("restricted");
        if (targets.multiClass() || targets.fieldOfView()) {
            context.info("targets: " + targets.describe() + (targets.fieldOfView() ? "; training loss "
                    + (restrictedLoss ? "inside the field of view" : "over every pixel") : ""));
        }
        Trainer trainer = targets.configure(Trainer.builder(model, new Adam(model.parameters(), context.get(LR))),
                        restrictedLoss)
                .epochs(context.get(EPOCHS))
                .batchSize(context.get(BATCH))
                .schedule(LrSchedule.exponential(context.get(LR), context.get(LR_DECAY), ScheduleUnit.EPOCH))
                .clipGradientNorm(context.get(CLIP))
                .earlyStopping(context.get(PATIENCE))
                .augmentation(context.get(AUGMENT)
                        ? Augmentation.of(new Flip(), new Rotate90(), new IntensityJitter(0.1, 0.05)) : null)
                .build();
        TrainingResult result = trainer.fit(trainSet, valSet, context.trainingSession(""));
        PredictorConfig.save(context, "", recipe);

        Tensor testImages = context.get(TEST_NOISE) > 0
                ? GaussianNoise.addTo(testSet.images(), context.get(TEST_NOISE), random.split())
                : testSet.images();
        Tensor logits = Trainer.predict(model, testImages, context.get(BATCH));
        Map<String, Double> scores = targets.multiClass() ? ClassScores.of(logits, testSet.masks())
                : SegmentationScores.of(logits, testSet.masks());
        double trainSeconds = result.history().stream().mapToDouble(EpochRecord::seconds).sum();
        scores.forEach(context::report);
        context.report("best-epoch", result.bestEpoch());

        String caption = String.format(java.util.Locale.ROOT,
                "Test scores on %d %s samples of %dx%d pixels (test noise sigma %s), best of %d epochs"
                        + " (epoch %d).", testSet.count(), dataName, context.get(SIZE), context.get(SIZE),
                TEST_NOISE.format(context.get(TEST_NOISE)), result.history().size(), result.bestEpoch())
                + (targets.fieldOfView() ? " Pixels outside the field of view count in no score (neither TP, FP, FN"
                        + " nor TN); the training loss " + (restrictedLoss ? "left them out too."
                        : "counted them as background (--fov-loss whole).") : "");
        String modelName = context.get(MODEL) + " (" + model.parameterCount() + " params)";
        List<ResultTable> tables = new java.util.ArrayList<>();
        if (targets.multiClass()) {
            tables.add(classTable(caption, modelName, targets.classes(), scores, trainSeconds));
        } else {
            ResultTable table = new ResultTable("Table 1", caption, "Model", List.of(
                    ResultTable.Column.higher("Dice", 3), ResultTable.Column.higher("IoU", 3),
                    ResultTable.Column.higher("Acc", 3), ResultTable.Column.lower("AHD", 2),
                    ResultTable.Column.lower("HD95", 2), ResultTable.Column.lower("Figures", 2),
                    ResultTable.Column.lower("Train s", 1)));
            table.addRow(modelName, scores.get("dice"), scores.get("iou"), scores.get("accuracy"),
                    scores.get("ahd"), scores.get("hd95"), scores.get("figures"), trainSeconds);
            tables.add(table);
        }
        if (targets.instances() && testLabels != null && testSet.count() > 0) {
            tables.add(objectTable(context, modelName, logits, testLabels));
        }
        context.writeResults(tables);
        if (targets.multiClass()) {
            writePlots(context, result, testImages, TargetKind.binary().targets(testSet.masks()),
                    ClassScores.foregroundLogits(logits));
        } else {
            writePlots(context, result, testImages, testSet.masks(), logits);
        }
    }

    /** Table 1 of a multi-class run: the mean and the per-class Dice and IoU. */
    private static ResultTable classTable(String caption, String modelName, int classes, Map<String, Double> scores,
            double trainSeconds) {
        List<ResultTable.Column> columns = new java.util.ArrayList<>(List.of(ResultTable.Column.higher("Dice", 3),
                ResultTable.Column.higher("IoU", 3), ResultTable.Column.higher("Acc", 3)));
        double[] row = new double[3 + 2 * (classes - 1) + 1];
        row[0] = scores.get("dice");
        row[1] = scores.get("iou");
        row[2] = scores.get("accuracy");
        for (int c = 1; c < classes; c++) {
            columns.add(ResultTable.Column.higher("Dice c" + c, 3));
            row[2 + c] = scores.get("dice-c" + c);
        }
        for (int c = 1; c < classes; c++) {
            columns.add(ResultTable.Column.higher("IoU c" + c, 3));
            row[1 + classes + c] = scores.get("iou-c" + c);
        }
        columns.add(ResultTable.Column.lower("Train s", 1));
        row[row.length - 1] = trainSeconds;
        ResultTable table = new ResultTable("Table 1", caption + " " + classes + " classes, the predicted class the"
                + " argmax of the " + classes + " logits. Dice and IoU are the means over the foreground classes"
                + " 1.." + (classes - 1) + " (the background class 0 is not in the mean; its scores are in the"
                + " metrics); per sample, a class absent from both prediction and truth has no score and is skipped,"
                + " and a class's score is its mean over the samples where it has one.", "Model", columns);
        table.addRow(modelName, row);
        return table;
    }

    /** Table 2 of a dataset with instance ids: per-object AHD, splits and merges on the test part. */
    private static ResultTable objectTable(ExperimentContext context, String modelName, Tensor logits,
            Tensor testLabels) {
        int n = testLabels.dim(0);
        int plane = testLabels.dim(2) * testLabels.dim(3);
        float[] ids = testLabels.toFloatArray();
        ObjectScores total = ObjectScores.NONE;
        for (int s = 0; s < n; s++) {
            int[] sample = new int[plane];
            for (int p = 0; p < plane; p++) {
                sample[p] = Math.round(ids[s * plane + p]);
            }
            total = total.plus(ObjectScores.of(BinaryMask.fromLogits(logits, s), sample));
        }
        context.report("object-ahd", total.meanObjectAhd());
        context.report("object-splits", total.splits());
        context.report("object-merges", total.merges());
        context.report("objects", total.objects());
        context.report("objects-unmatched", total.unmatched());
        ResultTable table = new ResultTable("Table 2", "Object scores on the test part against its instance ids"
                + " (predicted objects: 8-connected components of the prediction). A predicted component overlapping"
                + " k >= 2 true instances counts k - 1 merges; a true instance covered by k >= 2 components counts"
                + " k - 1 splits. Object AHD: the mean over matched instances (each matched to the component"
                + " overlapping it most) of the pair's average Hausdorff distance, in pixels; unmatched instances"
                + " are counted, not averaged.", "Model", List.of(ResultTable.Column.lower("Object AHD", 2),
                        ResultTable.Column.lower("Splits", 0), ResultTable.Column.lower("Merges", 0),
                        ResultTable.Column.higher("Objects", 0), ResultTable.Column.lower("Unmatched", 0)));
        table.addRow(modelName, total.meanObjectAhd(), total.splits(), total.merges(), total.objects(),
                total.unmatched());
        return table;
    }

    /** A plain U-Net (PLN blocks, filters doubled per level) or the 3-layer conv-net. */
    private static ModelRecipe recipe(ExperimentContext context) {
        int filters = context.get(FILTERS);
        boolean convNet = context.get(MODEL).equals("conv-net");
        int levels = convNet ? 1 : context.get(LEVELS);
        int[] perLevel = new int[levels];
        for (int i = 0; i < levels; i++) {
            perLevel[i] = filters << i;
        }
        return new ModelRecipe(convNet ? "conv-net" : "PLN", perLevel, 1, DataParams.channels(context),
                ConvPadding.SAME, context.get(SIZE));
    }

    static void writePlots(ExperimentContext context, TrainingResult result, Tensor images, Tensor masks,
            Tensor logits) throws java.io.IOException {
        List<EpochRecord> history = result.history();
        double[] epochs = history.stream().mapToDouble(EpochRecord::epoch).toArray();
        Map<String, double[]> losses = new LinkedHashMap<>();
        losses.put("train loss", history.stream().mapToDouble(EpochRecord::trainLoss).toArray());
        losses.put("val loss", history.stream().mapToDouble(e -> e.score("loss")).toArray());
        Plots.lineChart(context.plotsDirectory().resolve("loss.png"), "Loss", "epoch", "loss", epochs, losses);
        Map<String, double[]> dice = new LinkedHashMap<>();
        dice.put("val Dice", history.stream().mapToDouble(e -> e.score("dice")).toArray());
        dice.put("val IoU", history.stream().mapToDouble(e -> e.score("iou")).toArray());
        Plots.lineChart(context.plotsDirectory().resolve("validation.png"), "Validation scores", "epoch", "score",
                epochs, dice);
        PredictionOverlay.write(context.plotsDirectory().resolve("predictions.png"), images, masks, logits,
                OVERLAY_SAMPLES);
    }
}
