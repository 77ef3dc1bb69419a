package org.unet4j.experiments.splitting;

import java.io.IOException;
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
import org.unet4j.experiments.builtin.SyntheticData;
import org.unet4j.experiments.datasets.files.DataParams;
import org.unet4j.experiments.datasets.files.FolderDataset;
import org.unet4j.experiments.datasets.SegmentationDataset;
import org.unet4j.experiments.datasets.augment.GaussianNoise;
import org.unet4j.experiments.metrics.SegmentationScores;
import org.unet4j.experiments.output.Plots;
import org.unet4j.experiments.output.Claim;
import org.unet4j.experiments.output.ResultTable;
import org.unet4j.experiments.output.TableCheck;
import org.unet4j.experiments.predict.ModelRecipe;
import org.unet4j.experiments.predict.PredictorConfig;
import org.unet4j.experiments.training.Trainer;
import org.unet4j.layers.Module;
import org.unet4j.layers.optim.Adam;
import org.unet4j.layers.splitting.HybridSplittingNet;
import org.unet4j.layers.topology.ConvPadding;
import org.unet4j.layers.unet.UNet;

/**
 * {@code splitting-vs-unet}: the PottsMGNet protocol (Tai, Liu, Chan 2024; Tai, Liu, Chan, Li, "A Mathematical
 * Explanation of UNet", 2024) on a generated dataset. Three networks of the same widths (c, 2c, 4c over three
 * levels) are trained on clean images: the {@link HybridSplittingNet} (PottsMGNet, N = 2 time steps), a plain
 * {@link UNet} and the DB-U-Net ({@code UNet} with dynamic RK4 blocks); each is tested on the test images with
 * zero-mean Gaussian noise of sigma 0, 0.3, 0.5, 0.8 and 1.0 added (unclipped, the same noise for every model).
 * Outputs: Table 1 (test Dice and pixel accuracy per model and sigma), {@code plots/dice-vs-noise.png}, and the
 * measured convergence order of the hybrid splitting scheme itself ({@link SplittingConvergence}): Table 2 and the
 * log-log plot {@code plots/splitting-order.png} of the error at T = 1 against dt, with a slope-1 guide. The
 * models write their checkpoints and {@code predictor.json} to {@code model0/} (PottsMGNet), {@code model1/}
 * (U-Net) and {@code model2/} (DB-U-Net).
 *
 * <p>The defaults are tiny (about a minute on two cores); {@code --full true} uses 64x64 images, 400/64/100
 * train/validation/test images, 8 base filters and 30 epochs, and N up to 1024 for the order plot.
 */
public final class SplittingVsUNetExperiment implements Experiment {
    /** The test-time noise levels of the PottsMGNet protocol. */
    public static final double[] SIGMAS = {0, 0.3, 0.5, 0.8, 1.0};

    static final Param<String> DATASET = Param.choice("dataset", "cells", SyntheticData.NAMES,
            "the generated dataset");
    static final Param<Boolean> FULL = Param.flag("full", false,
            "the full configuration (64 px, 400/64/100 images, 8 filters, 30 epochs) instead of the sizes below");
    static final Param<Integer> EPOCHS = Param.integer("epochs", 4, 1, 100_000, "passes over the training images");
    static final Param<Integer> TRAIN = Param.integer("train", 48, 1, 1_000_000, "training images");
    static final Param<Integer> VAL = Param.integer("val", 8, 1, 1_000_000, "validation images");
    static final Param<Integer> TEST = Param.integer("test", 16, 1, 1_000_000, "test images");
    static final Param<Integer> SIZE = Param.integer("size", 32, 16, 1024, "image size, a multiple of 4");
    static final Param<Integer> FILTERS = Param.integer("filters", 4, 1, 512, "channels of the finest level");
    static final Param<Integer> BATCH = Param.integer("batch", 8, 1, 4096, "images per optimisation step");
    static final Param<Double> LR = Param.real("lr", 5e-3, 1e-7, 1, "Adam's learning rate");
    static final Param<Integer> ORDER_MAX_STEPS = Param.integer("order-max-steps", 256, 8, 1 << 16,
            "largest N = 1/dt of the convergence-order plot (N = 4, 8, ..., this)");

    /** Theorem D.1's claim, checked on the order table of this run. */
    public static final List<Claim> CLAIMS = List.of(new Claim("the hybrid splitting scheme converges with order 1"
            + " in dt (fitted order within 0.15 of 1)", "PottsMGNet (Tai, Liu, Chan 2024), Theorem D.1",
            TableCheck.logLogSlope("max error", 0.85, 1.15)));

    private static final int ORDER_DIMENSION = 12;
    private static final List<String> MODELS = List.of("PottsMGNet (hybrid splitting)", "U-Net", "DB-U-Net (RK4)");

    @Override
    public String name() {
        return "splitting-vs-unet";
    }

    @Override
    public String description() {
        return "PottsMGNet (hybrid splitting) against a plain U-Net and the DB-U-Net, trained clean, tested at"
                + " Gaussian noise sigma 0 to 1 (Dice, accuracy), plus the splitting scheme's convergence order.";
    }

    @Override
    public List<Param<?>> params() {
        return DataParams.with(List.of(DATASET, FULL, EPOCHS, TRAIN, VAL, TEST, SIZE, FILTERS, BATCH, LR,
                ORDER_MAX_STEPS));
    }

    @Override
    public void run(ExperimentContext context) throws Exception {
        boolean full = context.get(FULL);
        int train = full ? 400 : context.get(TRAIN);
        int val = full ? 64 : context.get(VAL);
        int test = full ? 100 : context.get(TEST);
        int size = full ? 64 : context.get(SIZE);
        int filters = full ? 8 : context.get(FILTERS);
        int epochs = full ? 30 : context.get(EPOCHS);
        int batch = context.get(BATCH);
        SplittableRandom random = context.random();
        SegmentationDataset all = SyntheticData.generate(context.get(DATASET), train + val + test, size,
                random.nextLong());
        SegmentationDataset trainSet = all.range(0, train);
        SegmentationDataset valSet = all.range(train, train + val);
        SegmentationDataset testSet = all.range(train + val, train + val + test);
        java.util.Optional<FolderDataset.Loaded> real = DataParams.load(context, size);
        if (real.isPresent()) {
            trainSet = real.get().train();
            valSet = real.get().validation();
            testSet = real.get().test();
            test = testSet.count();
        }
        List<ModelRecipe> recipes = recipes(filters, DataParams.channels(context), size);
        long seed = random.nextLong();
        List<Module> models = new ArrayList<>();
        for (int m = 0; m < recipes.size(); m++) {
            Module model = recipes.get(m).build(seed);
            context.info(MODELS.get(m) + ": " + model.parameterCount() + " parameters");
            Trainer.builder(model, new Adam(model.parameters(), context.get(LR))).epochs(epochs).batchSize(batch)
                    .build().fit(trainSet, valSet, context.trainingSession("model" + m));
            PredictorConfig.save(context, "model" + m, recipes.get(m));
            models.add(model);
        }
        double[][] dice = new double[models.size()][SIGMAS.length];
        double[][] accuracy = new double[models.size()][SIGMAS.length];
        SplittableRandom noise = random.split();
        for (int s = 0; s < SIGMAS.length; s++) {
            Tensor images = SIGMAS[s] == 0 ? testSet.images()
                    : GaussianNoise.addTo(testSet.images(), SIGMAS[s], noise.split());
            for (int m = 0; m < models.size(); m++) {
                Map<String, Double> scores = SegmentationScores.of(Trainer.predict(models.get(m), images, batch),
                        testSet.masks());
                dice[m][s] = scores.get("dice");
                accuracy[m][s] = scores.get("accuracy");
                context.report(String.format(Locale.ROOT, "dice-model%d-%.1f", m, SIGMAS[s]), dice[m][s]);
            }
        }
        SplittingConvergence order = SplittingConvergence.measure(ORDER_DIMENSION,
                steps(full ? 1024 : context.get(ORDER_MAX_STEPS)), random.split());
        context.report("splitting-order", order.slope());
        context.writeResults(List.of(noiseTable(dice, accuracy, test, size, epochs),
                orderTable(order).addClaims(CLAIMS)));
        plotNoise(context, dice);
        plotOrder(context, order);
    }

    /**
     * The three networks, channels {@code c, 2c, 4c} over three levels: PottsMGNet with 2 blocks, a plain U-Net and
     * a U-Net of DB blocks (2 RK4 steps).
     */
    private static List<ModelRecipe> recipes(int c, int inChannels, int size) {
        int[] widths = {c, 2 * c, 4 * c};
        return List.of(new ModelRecipe("PottsMGNet", widths, 2, inChannels, ConvPadding.SAME, size),
                new ModelRecipe("PLN", widths, 1, inChannels, ConvPadding.SAME, size),
                new ModelRecipe("UNet-DB", widths, 2, inChannels, ConvPadding.SAME, size));
    }

    private static int[] steps(int max) {
        List<Integer> n = new ArrayList<>();
        for (int s = 4; s <= max; s *= 2) {
            n.add(s);
        }
        return n.stream().mapToInt(Integer::intValue).toArray();
    }

    private static ResultTable noiseTable(double[][] dice, double[][] accuracy, int test, int size, int epochs) {
        List<ResultTable.Column> columns = new ArrayList<>();
        for (double sigma : SIGMAS) {
            columns.add(ResultTable.Column.higher(String.format(Locale.ROOT, "Dice %.1f", sigma), 3));
        }
        for (double sigma : SIGMAS) {
            columns.add(ResultTable.Column.higher(String.format(Locale.ROOT, "Acc %.1f", sigma), 3));
        }
        ResultTable table = new ResultTable("Table 1", String.format(Locale.ROOT, "Test Dice and pixel accuracy on"
                + " %d generated %dx%d images with Gaussian noise of sigma 0 to 1 added (unclipped); trained on clean"
                + " images for %d epochs.", test, size, size, epochs), "Model", columns);
        for (int m = 0; m < dice.length; m++) {
            double[] row = new double[2 * SIGMAS.length];
            System.arraycopy(dice[m], 0, row, 0, SIGMAS.length);
            System.arraycopy(accuracy[m], 0, row, SIGMAS.length, SIGMAS.length);
            table.addRow(MODELS.get(m), row);
        }
        return table;
    }

    private static ResultTable orderTable(SplittingConvergence order) {
        ResultTable table = new ResultTable("Table 2", String.format(Locale.ROOT, "Hybrid splitting (2 groups of 2"
                + " SPD operators, backward-Euler sub-steps) against the matrix-exponential solution at T = 1;"
                + " fitted order %.3f (Theorem D.1: 1).", order.slope()), "dt",
                List.of(ResultTable.Column.lower("max error", 6)));
        for (int i = 0; i < order.dt().length; i++) {
            table.addRow(String.format(Locale.ROOT, "1/%d", Math.round(1 / order.dt()[i])), order.errors()[i]);
        }
        return table;
    }

    private static void plotNoise(ExperimentContext context, double[][] dice) throws IOException {
        Map<String, double[]> series = new LinkedHashMap<>();
        for (int m = 0; m < dice.length; m++) {
            series.put(MODELS.get(m), dice[m]);
        }
        Plots.lineChart(context.plotsDirectory().resolve("dice-vs-noise.png"), "Test Dice against noise",
                "noise sigma", "Dice", SIGMAS, series);
    }

    /** log10 error against log10 dt, with the line of slope 1 through the first point. */
    private static void plotOrder(ExperimentContext context, SplittingConvergence order) throws IOException {
        int n = order.dt().length;
        double[] x = new double[n];
        double[] error = new double[n];
        double[] guide = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = Math.log10(order.dt()[i]);
            error[i] = Math.log10(order.errors()[i]);
            guide[i] = error[0] + (x[i] - x[0]);
        }
        Map<String, double[]> series = new LinkedHashMap<>();
        series.put(String.format(Locale.ROOT, "hybrid splitting (slope %.2f)", order.slope()), error);
        series.put("slope 1", guide);
        Plots.lineChart(context.plotsDirectory().resolve("splitting-order.png"),
                "Convergence of the hybrid splitting", "log10 dt", "log10 max error at T = 1", x, series);
    }
}
