package org.unet4j.experiments;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

import org.unet4j.experiments.api.Experiment;
import org.unet4j.experiments.api.ExperimentContext;
import org.unet4j.experiments.api.Param;
import org.unet4j.experiments.api.ParamException;
import org.unet4j.experiments.api.ParamValues;
import org.unet4j.experiments.builtin.SyntheticData;
import org.unet4j.experiments.datasets.files.DataParams;
import org.unet4j.experiments.output.PredictionOverlay;
import org.unet4j.experiments.output.ResultTable;
import org.unet4j.experiments.reproductions.Architecture;
import org.unet4j.experiments.reproductions.Contender;
import org.unet4j.experiments.reproductions.DataSplit;
import org.unet4j.experiments.reproductions.LearningCurves;
import org.unet4j.experiments.reproductions.TrainedModel;
import org.unet4j.experiments.reproductions.TrainingSettings;

/**
 * The quickstart: a plain U-Net (PLN blocks) and a DB-U-Net (the Continuous U-Net with second-order dynamic blocks,
 * paper 001) are trained side by side on the same generated images with the shared trainer, then compared on
 * held-out test images in one table (Dice, IoU, pixel accuracy, average Hausdorff distance, training time).
 * Writes {@code results.md}, {@code plots/} (learning curves, the table as a bar chart, prediction overlays of each
 * model) and, per model, {@code metrics.csv} and checkpoints in {@code plain-unet/} and {@code db-unet/}.
 *
 * <pre>{@code
 * Experiments.run(new Quickstart(), Map.of("epochs", 4), RunOptions.defaults());
 * }</pre>
 */
public final class Quickstart implements Experiment {
    static final Param<String> DATASET = Param.choice("dataset", "cells", SyntheticData.NAMES,
            "the generated dataset");
    static final Param<Integer> EPOCHS = Param.integer("epochs", 10, 1, 100_000, "passes over the training images");
    static final Param<Integer> TRAIN = Param.integer("train", 64, 1, 1_000_000, "training images");
    static final Param<Integer> VAL = Param.integer("val", 16, 1, 1_000_000, "validation images (best epoch)");
    static final Param<Integer> TEST = Param.integer("test", 32, 1, 1_000_000, "test images for the table");
    static final Param<Integer> SIZE = Param.integer("size", 32, 8, 1024,
            "image height and width in pixels, a multiple of 2^(levels-1)");
    static final Param<Integer> BATCH = Param.integer("batch", 8, 1, 4096, "images per optimisation step");
    static final Param<Double> LR = Param.real("lr", 5e-3, 1e-7, 1, "Adam's learning rate");
    static final Param<Integer> FILTERS = Param.integer("filters", 8, 1, 512,
            "filters of the finest level, doubled per level");
    static final Param<Integer> LEVELS = Param.integer("levels", 3, 2, 7, "levels, the bottleneck included");
    static final Param<Integer> STEPS = Param.integer("steps", 2, 1, 1000, "RK4 steps of each dynamic block");

    private static final String[] PARTS = {"plain-unet", "db-unet"};
    private static final int OVERLAY_SAMPLES = 6;

    @Override
    public String name() {
        return "quickstart";
    }

    @Override
    public String description() {
        return "Train a plain U-Net and a DB-U-Net (Continuous U-Net, second-order dynamic blocks) on generated"
                + " images and compare them side by side: Dice, IoU, accuracy, AHD, training time.";
    }

    @Override
    public List<Param<?>> params() {
        return DataParams.with(List.of(DATASET, EPOCHS, TRAIN, VAL, TEST, SIZE, BATCH, LR, FILTERS, LEVELS, STEPS));
    }

    /** The image size must suit the U-Nets' depth: checked before any work, naming the nearest valid sizes. */
    @Override
    public void validate(ParamValues values) {
        try {
            Architecture.doubling(values.get(LEVELS), values.get(FILTERS), values.get(STEPS))
                    .requireValidSize(values.get(SIZE));
        } catch (IllegalArgumentException e) {
            throw new ParamException("invalid value '" + values.get(SIZE) + "' for parameter 'size': "
                    + e.getMessage() + " (or change --levels)");
        }
    }

    @Override
    public void run(ExperimentContext context) throws Exception {
        int size = context.get(SIZE);
        int steps = context.get(STEPS);
        Architecture architecture = Architecture.doubling(context.get(LEVELS), context.get(FILTERS), steps)
                .withInChannels(DataParams.channels(context));
        SplittableRandom random = context.random();
        DataSplit data = DataSplit.forRun(context, context.get(DATASET), context.get(TRAIN), context.get(VAL),
                context.get(TEST), size, random.nextLong());
        TrainingSettings settings = new TrainingSettings(context.get(EPOCHS), context.get(BATCH), context.get(LR), 1);
        List<Contender> contenders = List.of(
                architecture.block("PLN", size).withLabel("U-Net (PLN)"),
                architecture.block("DB", size).withLabel("DB-U-Net (RK4, " + steps + " steps)"));
        long modelSeed = random.nextLong();
        List<TrainedModel> models = new ArrayList<>();
        for (int i = 0; i < contenders.size(); i++) {
            models.add(TrainedModel.fit(context, PARTS[i], contenders.get(i), data, settings, modelSeed));
        }
        ResultTable table = new ResultTable("Quickstart", String.format(Locale.ROOT,
                "Test scores on %d '%s' samples of %dx%d pixels after %s; filters %s. Train s: wall-clock"
                        + " seconds of training and validation.", data.test().count(), data.name(), size, size,
                settings.describe(), Arrays.toString(architecture.filters())),
                "Model", List.of(ResultTable.Column.higher("Dice", 3), ResultTable.Column.higher("IoU", 3),
                        ResultTable.Column.higher("Acc", 3), ResultTable.Column.lower("AHD", 2),
                        ResultTable.Column.lower("Train s", 1)));
        for (int i = 0; i < models.size(); i++) {
            TrainedModel m = models.get(i);
            Map<String, Double> scores = m.scores(data.test().images(), data.test().masks(), settings.batchSize());
            table.addRow(m.label() + " (" + String.format(Locale.ROOT, "%,d", m.model().parameterCount())
                    + " params)", scores.get("dice"), scores.get("iou"), scores.get("accuracy"), scores.get("ahd"),
                    m.trainSeconds());
            context.report(PARTS[i] + "-dice", scores.get("dice"));
            PredictionOverlay.write(context.plotsDirectory().resolve("predictions-" + PARTS[i] + ".png"),
                    data.test().images(), data.test().masks(), m.predict(data.test().images(), settings.batchSize()),
                    OVERLAY_SAMPLES);
        }
        LearningCurves.losses(context.plotsDirectory().resolve("loss.png"), "Loss", models);
        LearningCurves.validationDice(context.plotsDirectory().resolve("validation-dice.png"), "Validation Dice",
                models);
        context.writeResults(List.of(table));
    }
}
