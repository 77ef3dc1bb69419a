package org.unet4j.experiments.reproductions;

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
import org.unet4j.experiments.datasets.augment.GaussianNoise;
import org.unet4j.experiments.metrics.SegmentationScores;
import org.unet4j.experiments.output.Plots;
import org.unet4j.experiments.output.Claim;
import org.unet4j.experiments.output.ResultTable;
import org.unet4j.experiments.output.TableCheck;

/**
 * {@code noise}: Table 4 of the Continuous U-Net paper (001) on generated stand-ins. Every block type is trained on
 * clean images, then tested on the test images with zero-mean Gaussian noise of standard deviation 0, 0.2, 0.4 and
 * 0.5 added to the [0, 1]-scaled pixels, unclipped (the same noise for every model). The table gives the test Dice
 * per block (rows) and dataset and noise level (columns); {@code plots/noise-<dataset>.png} plots Dice against sigma.
 *
 * <p>No quick stand-in has shown Table 4's claim (one seed, seed 7): at the defaults (4 epochs, 48 training images of
 * 32 x 32) DB has the best Dice on cells at sigma 0, 0.2 and 0.5 but trails DSE at 0.4, and PLN or RSE beat it on
 * lesions under noise; with 8 epochs it is further off, best only on lesions at sigma 0 (0.934), while PLN leads on
 * lesions at every sigma &gt; 0 (0.869, 0.697, 0.622 against DB's 0.801, 0.600, 0.524) and RSE on cells at 0.4 and 0.5.
 * Which block degrades least under noise is decided here by training noise between seven small models, not by the
 * block; the verdict at the defaults is "not supported".
 */
public final class NoiseExperiment implements Experiment {
    /** The noise levels of Table 4. */
    public static final double[] SIGMAS = {0, 0.2, 0.4, 0.5};

    /** Table 4's claim, checked on the table of this run. */
    public static final List<Claim> CLAIMS = List.of(new Claim("the Continuous U-Net (DB) has the highest Dice at"
            + " every noise level on every dataset",
            "Continuous U-Net (Cheng et al., TMLR 2024), Table 4 and Section 5",
            TableCheck.best("DB", ".*", List.of())));

    static final ReproductionParams PARAMS = new ReproductionParams(4);
    static final Param<String> DATASETS = ReproductionParams.datasets("cells+lesions");

    @Override
    public String name() {
        return "noise";
    }

    @Override
    public String description() {
        return "Table 4 of the Continuous U-Net paper: every block type trained on clean images, test Dice at"
                + " Gaussian noise of sigma 0, 0.2, 0.4 and 0.5 (the quick stand-ins do not show the paper's claim:"
                + " not supported at the defaults).";
    }

    @Override
    public List<Param<?>> params() {
        return PARAMS.with(DATASETS);
    }

    @Override
    public void run(ExperimentContext context) throws Exception {
        List<BlockComparison> comparisons = BlockComparison.train(context, PARAMS,
                ReproductionParams.datasetNames(context, DATASETS));
        int batch = PARAMS.settings(context).batchSize();
        List<ResultTable.Column> columns = new ArrayList<>();
        for (BlockComparison c : comparisons) {
            for (double sigma : SIGMAS) {
                columns.add(ResultTable.Column.higher(String.format(Locale.ROOT, "%s %.1f", c.dataset().name(), sigma),
                        4));
            }
        }
        double[][] dice = new double[Architecture.BLOCKS.size()][columns.size()];
        SplittableRandom noise = context.random().split();
        for (int d = 0; d < comparisons.size(); d++) {
            BlockComparison c = comparisons.get(d);
            double[][] curves = new double[Architecture.BLOCKS.size()][SIGMAS.length];
            for (int s = 0; s < SIGMAS.length; s++) {
                Tensor images = SIGMAS[s] == 0 ? c.dataset().test().images()
                        : GaussianNoise.addTo(c.dataset().test().images(), SIGMAS[s], noise.split());
                for (int b = 0; b < Architecture.BLOCKS.size(); b++) {
                    TrainedModel m = c.models().get(b);
                    double value = SegmentationScores.of(m.predict(images, batch), c.dataset().test().masks())
                            .get("dice");
                    dice[b][d * SIGMAS.length + s] = value;
                    curves[b][s] = value;
                    context.report(String.format(Locale.ROOT, "%s-%s-%.1f", c.dataset().name(), m.label(),
                            SIGMAS[s]), value);
                }
            }
            plot(context, c, curves);
        }
        ResultTable table = new ResultTable("Table 4", String.format(Locale.ROOT, "Performance comparison, in terms"
                + " of Dice score, on a range of noise levels (Gaussian, sigma 0.0 to 0.5, added to [0, 1] images"
                + " without clipping; models trained on clean images); %d test images per generated dataset; %s.",
                context.get(PARAMS.test), PARAMS.settings(context).describe()), "Block Type", columns);
        for (int b = 0; b < Architecture.BLOCKS.size(); b++) {
            table.addRow(Architecture.BLOCKS.get(b), dice[b]);
        }
        context.writeResults(List.of(table.addClaims(CLAIMS)));
    }

    private static void plot(ExperimentContext context, BlockComparison c, double[][] curves) throws IOException {
        Map<String, double[]> series = new LinkedHashMap<>();
        for (int b = 0; b < curves.length; b++) {
            series.put(Architecture.BLOCKS.get(b), curves[b]);
        }
        Plots.lineChart(context.plotsDirectory().resolve("noise-" + c.dataset().name() + ".png"),
                "Test Dice against noise on " + c.dataset().name(), "noise sigma", "Dice", SIGMAS, series);
    }
}
