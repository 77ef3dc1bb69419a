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
import org.unet4j.experiments.datasets.augment.Augmentation;
import org.unet4j.experiments.datasets.augment.Flip;
import org.unet4j.experiments.datasets.augment.GaussianNoise;
import org.unet4j.experiments.datasets.augment.IntensityJitter;
import org.unet4j.experiments.datasets.augment.Rotate90;
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
                LEVELS, CLIP, PATIENCE, AUGMENT, TEST_NOISE));
    }

    /**
     * The U-Net takes only some image sizes (a multiple of 2^(levels-1) with SAME padding): an invalid one fails
     * here, naming the nearest valid sizes, rather than at the first forward pass after the data is made.
     */
    @Override
    public void validate(ParamValues values) {
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

    @Override
    public void run(ExperimentContext context) throws Exception {
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
        java.util.Optional<FolderDataset.Loaded> real = DataParams.load(context, context.get(SIZE));
        if (real.isPresent()) {
            trainSet = real.get().train();
            valSet = real.get().validation();
            testSet = real.get().test();
            dataName = "'" + DataParams.name(context, real.get()) + "'";
        }
        ModelRecipe recipe = recipe(context);
        Module model = recipe.build(random.nextLong());
        context.info(model.toString());

        Trainer trainer = Trainer.builder(model, new Adam(model.parameters(), context.get(LR)))
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
        Map<String, Double> scores = SegmentationScores.of(logits, testSet.masks());
        double trainSeconds = result.history().stream().mapToDouble(EpochRecord::seconds).sum();
        scores.forEach(context::report);
        context.report("best-epoch", result.bestEpoch());

        ResultTable table = new ResultTable("Table 1", String.format(java.util.Locale.ROOT,
                "Test scores on %d %s samples of %dx%d pixels (test noise sigma %s), best of %d epochs"
                        + " (epoch %d).", testSet.count(), dataName, context.get(SIZE), context.get(SIZE),
                TEST_NOISE.format(context.get(TEST_NOISE)), result.history().size(), result.bestEpoch()),
                "Model", List.of(ResultTable.Column.higher("Dice", 3), ResultTable.Column.higher("IoU", 3),
                        ResultTable.Column.higher("Acc", 3), ResultTable.Column.lower("AHD", 2),
                        ResultTable.Column.lower("HD95", 2), ResultTable.Column.lower("Figures", 2),
                        ResultTable.Column.lower("Train s", 1)));
        table.addRow(context.get(MODEL) + " (" + model.parameterCount() + " params)", scores.get("dice"),
                scores.get("iou"), scores.get("accuracy"), scores.get("ahd"), scores.get("hd95"),
                scores.get("figures"), trainSeconds);
        context.writeResults(List.of(table));
        writePlots(context, result, testImages, testSet.masks(), logits);
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

    private static void writePlots(ExperimentContext context, TrainingResult result, Tensor images, Tensor masks,
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
