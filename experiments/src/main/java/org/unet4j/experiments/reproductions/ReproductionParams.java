package org.unet4j.experiments.reproductions;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.unet4j.experiments.api.ExperimentContext;
import org.unet4j.experiments.api.Param;
import org.unet4j.experiments.builtin.SyntheticData;
import org.unet4j.experiments.datasets.files.DataParams;

/**
 * The parameters the paper reproductions share, and what they resolve to. By default each reproduction trains small
 * networks on small generated stand-ins for the paper's datasets, sized for a few minutes on two cores; with
 * {@code --full true} it uses the paper's training settings and architecture (Table 10: 500 epochs, batch 16, Adam
 * lr 1e-4 decayed by 0.999 per epoch, 4 levels with filters 3, 6, 12, 24), overriding {@code epochs}, {@code batch},
 * {@code lr}, {@code lr-decay}, {@code levels} and {@code filters}; the data parameters still apply.
 */
public final class ReproductionParams {
    /** Use the paper's settings. */
    public final Param<Boolean> full = Param.flag("full", false, "the paper's settings (Table 10): 500 epochs,"
            + " batch 16, lr 1e-4 x 0.999/epoch, 4 levels of 3, 6, 12, 24 filters; overrides epochs, batch, lr,"
            + " lr-decay, levels and filters");
    /** Passes over the training images. */
    public final Param<Integer> epochs;
    /** Images per step. */
    public final Param<Integer> batch = Param.integer("batch", 8, 1, 4096, "images per optimisation step");
    /** Initial learning rate. */
    public final Param<Double> lr = Param.real("lr", 5e-3, 1e-7, 1, "Adam's initial learning rate");
    /** Per-epoch decay. */
    public final Param<Double> lrDecay = Param.real("lr-decay", 0.999, 0.5, 1,
            "the learning rate is multiplied by this after every epoch");
    /** Training images per dataset. */
    public final Param<Integer> train = Param.integer("train", 48, 1, 1_000_000,
            "training images per dataset");
    /** Validation images per dataset. */
    public final Param<Integer> val = Param.integer("val", 16, 1, 1_000_000,
            "validation images per dataset (best epoch, learning curves)");
    /** Test images per dataset. */
    public final Param<Integer> test = Param.integer("test", 24, 1, 1_000_000,
            "test images per dataset (result tables)");
    /** Image size. */
    public final Param<Integer> size = Param.integer("size", 32, 8, 1024,
            "image height and width in pixels, a multiple of 2^(levels-1)");
    /** Filters of the finest level. */
    public final Param<Integer> filters = Param.integer("filters", 4, 1, 512,
            "filters of the finest level, doubled per level");
    /** Levels. */
    public final Param<Integer> levels = Param.integer("levels", 3, 2, 7, "levels, the bottleneck included");
    /** ODE steps. */
    public final Param<Integer> steps = Param.integer("steps", 2, 1, 1000,
            "fixed solver steps of each FO and DB block on [0, 1]");

    /** The stand-in datasets to choose from: one name, or several joined by '+'. */
    public static final List<String> DATASET_CHOICES = datasetChoices();

    static final int[] PAPER_FILTERS = {3, 6, 12, 24};

    /** The shared parameters, with {@code epochs} defaulting to {@code defaultEpochs}. */
    public ReproductionParams(int defaultEpochs) {
        this.epochs = Param.integer("epochs", defaultEpochs, 1, 100_000, "passes over the training images");
    }

    /** A {@code datasets} parameter with the given default, e.g. "cells+lesions". */
    public static Param<String> datasets(String defaultValue) {
        return Param.choice("datasets", defaultValue, DATASET_CHOICES, "the generated stand-in datasets, joined by"
                + " '+' (cells ~ DS Bowl, vessels ~ STARE, lesions ~ ISIC/BUSI)");
    }

    /** The training parameters, the data sizes and the {@code --data} parameters, in {@code describe} order. */
    public List<Param<?>> training() {
        return DataParams.with(List.of(full, epochs, batch, lr, lrDecay, train, val, test, size, filters, levels,
                steps));
    }

    /** The dataset names of a {@code datasets} value. */
    public static List<String> datasetNames(String value) {
        return List.of(value.split("\\+"));
    }

    /** The datasets to train on: the {@code --data} folder when given, else the stand-ins {@code datasets} names. */
    public static List<String> datasetNames(ExperimentContext context, Param<String> datasets) {
        return DataParams.given(context) ? List.of("data") : datasetNames(context.get(datasets));
    }

    /** The training settings: the paper's with {@code full}, else the parameters'. */
    public TrainingSettings settings(ExperimentContext context) {
        return context.get(full) ? TrainingSettings.PAPER : new TrainingSettings(context.get(epochs),
                context.get(batch), context.get(lr), context.get(lrDecay));
    }

    /** The architecture: Table 10's with {@code full}, else the parameters'; checked against the image size. */
    public Architecture architecture(ExperimentContext context) {
        Architecture a = context.get(full) ? new Architecture(PAPER_FILTERS, context.get(steps))
                : Architecture.doubling(context.get(levels), context.get(filters), context.get(steps));
        a.requireValidSize(context.get(size));
        return a.withInChannels(DataParams.channels(context));
    }

    /** The {@code --data} dataset, or else the named stand-in, split as the parameters say, from {@code seed}. */
    public DataSplit split(ExperimentContext context, String dataset, long seed) throws java.io.IOException {
        return DataSplit.forRun(context, dataset, context.get(train), context.get(val), context.get(test),
                context.get(size), seed);
    }

    /** Every parameter list: {@code first} followed by {@link #training()}. */
    public List<Param<?>> with(Param<?>... first) {
        List<Param<?>> all = new ArrayList<>(Arrays.asList(first));
        all.addAll(training());
        return all;
    }

    private static List<String> datasetChoices() {
        List<String> choices = new ArrayList<>(SyntheticData.NAMES);
        choices.addAll(List.of("cells+lesions", "cells+vessels", "vessels+lesions", "cells+vessels+lesions"));
        return List.copyOf(choices);
    }
}
