package org.unet4j.experiments.equivariance;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.unet4j.autodiff.Tensor;
import org.unet4j.experiments.api.Experiment;
import org.unet4j.experiments.api.ExperimentContext;
import org.unet4j.experiments.api.Param;
import org.unet4j.experiments.datasets.PeriodicDisksDataset;
import org.unet4j.experiments.datasets.TensorDataset;
import org.unet4j.experiments.output.ResultTable;
import org.unet4j.layers.equivariance.MeanShift;
import org.unet4j.layers.equivariance.Tiler;
import org.unet4j.layers.topology.UNetGeometry;
import org.unet4j.layers.unet.UNet;

/**
 * Rumberger et al. (ICCV 2021), Sec. 3.2 and Figure 3: valid U-Nets trained with the discriminative loss on output
 * tiles smaller than, equal to and larger than f^l, then run tile-and-stitch with output crops n f^l on a disk image
 * and clustered by mean shift. A discontinuity is a label change between neighbouring pixels of one true disk across
 * a stitching line; the paper predicts them for training tiles &lt;= f^l (untrained output functions, or functions
 * never trained as neighbours) and none for training tiles &gt; f^l with crops n f^l (Figure 3c). Figure 3b, the
 * same network stitched from crops n f^l + 1, is a fourth row. A second table measures Corollary 4 exactly on a
 * random network ({@link ExactStitching}).
 */
public final class TileAndStitchExperiment implements Experiment {
    static final Param<Integer> LEVELS = Param.integer("levels", 3, 2, 6, "resolution levels, bottleneck included"
            + " (l = levels - 1, f = 2)");
    static final Param<Integer> FILTERS = Param.integer("filters", 4, 1, 64, "filters of the finest level (doubling)");
    static final Param<Integer> STEPS = Param.integer("steps", 1000, 1, 100000, "training steps per regime (batch 1)");
    static final Param<Double> LR = Param.real("lr", 3e-3, 1e-6, 1, "Adam learning rate");
    static final Param<Integer> CROP = Param.integer("crop", 2, 1, 16, "n: inference output crops of n f^l");
    static final Param<Integer> TILES = Param.integer("tiles", 6, 1, 64, "test output side in inference crops");
    static final Param<Double> BANDWIDTH = Param.real("bandwidth", 1.5, 1e-3, 100, "mean-shift bandwidth");
    static final Param<Integer> SPACING = Param.integer("spacing", 15, 11, 200, "disk lattice spacing (radius 5)");
    static final Param<Boolean> FULL = Param.flag("full", false,
            "paper-like settings: l = 3 (levels 4), 16 filters, 3000 steps, 8 crops (overrides those)");

    @Override
    public String name() {
        return "tile-and-stitch";
    }

    @Override
    public String description() {
        return "Discontinuities at stitching lines for training tiles <, = and > f^l (Figure 3), and max"
                + " |tile-and-stitch - whole image| for tiles that are multiples of f^l or not, and SAME padding"
                + " (Rumberger et al. 2021, Corollary 4)";
    }

    @Override
    public List<Param<?>> params() {
        return List.of(LEVELS, FILTERS, STEPS, LR, CROP, TILES, BANDWIDTH, SPACING, FULL);
    }

    @Override
    public void run(ExperimentContext context) throws Exception {
        boolean full = context.get(FULL);
        TileTraining training = new TileTraining(full ? 4 : context.get(LEVELS), full ? 16 : context.get(FILTERS),
                full ? 3000 : context.get(STEPS), context.get(LR), context.get(SPACING));
        int tiles = full ? 8 : context.get(TILES);
        UNetGeometry geometry = training.network(context).geometry();
        int period = geometry.period();
        int crop = context.get(CROP) * period;
        TestImage test = testImage(context, geometry, tiles * crop, training.spacing());
        LabelImages.write(context.plotsDirectory().resolve("stitched-truth.png"), test.truth(), test.side(), crop);
        ResultTable table = new ResultTable("Discontinuities at stitching lines (Figure 3)",
                String.format(Locale.ROOT, "Valid U-Net, f^l = %d, trained %d steps per regime with the"
                        + " discriminative loss; %d x %d test output stitched from crops, mean-shift labels;"
                        + " changes counted between 4-neighbours inside one true disk;"
                        + " clusters = mean-shift clusters on the whole output (1: embeddings not separated).",
                        period, training.steps(), test.side(), test.side()),
                "Regime", List.of(ResultTable.Column.lower("train tile", 0),
                        ResultTable.Column.lower("crop", 0), ResultTable.Column.lower("discontinuities", 0),
                        ResultTable.Column.lower("pairs across lines", 0),
                        ResultTable.Column.lower("change rate across", 4),
                        ResultTable.Column.lower("change rate elsewhere", 4),
                        ResultTable.Column.higher("clusters", 0)));
        Regime[] regimes = {new Regime("train < f^l", "smaller", Math.max(1, period / 2)),
            new Regime("train = f^l (3a)", "equal", period), new Regime("train > f^l (3c)", "larger", 2 * period)};
        for (Regime regime : regimes) {
            UNet net = training.train(context, regime.trainTile(), regime.label());
            addRow(context, table, regime, net, test, crop);
            if (regime.trainTile() > period) {
                addRow(context, table, new Regime("train > f^l, crop + 1 (3b)", "larger-off", regime.trainTile()),
                        net, test, crop + 1);
            }
        }
        context.writeResults(List.of(table, ExactStitching.table(context, training.levels(), training.filters())));
    }

    /** One training regime: the table label, the key of its reports and plots, the training output tile. */
    private record Regime(String label, String key, int trainTile) {
    }

    /** A disk test image of a valid size, its output side and the true instance labels of the output pixels. */
    private record TestImage(Tensor image, int side, int[] truth) {
    }

    private static TestImage testImage(ExperimentContext context, UNetGeometry geometry, int minOutput,
            int spacing) {
        int b = 1;
        while (geometry.outputSize(geometry.inputSize(b)).orElse(0) < minOutput) {
            b++;
        }
        int size = geometry.inputSize(b);
        int side = geometry.outputSize(size).getAsInt();
        TensorDataset data = PeriodicDisksDataset.generate(new PeriodicDisksDataset.Spec(1, size, spacing,
                TileTraining.RADIUS, true, 0, context.seed() + 1000));
        return new TestImage(data.images(), side,
                InstanceLabels.toInts(InstanceLabels.centreCropped(data.masks(), side)));
    }

    private static void addRow(ExperimentContext context, ResultTable table, Regime regime, UNet net,
            TestImage test, int crop) throws Exception {
        Tensor embeddings = Tiler.of(net, crop).apply(test.image().to(net.device()));
        int[] labels = MeanShift.withBandwidth(context.get(BANDWIDTH)).seed(context.seed()).labels(embeddings);
        Discontinuities d = Discontinuities.of(labels, test.truth(), test.side(), crop);
        long clusters = Arrays.stream(labels).distinct().count();
        table.addRow(regime.label(), regime.trainTile(), crop, d.across(), d.acrossPairs(), d.acrossRate(),
                d.elsewhereRate(), clusters);
        context.report("discontinuities-" + regime.key(), d.across());
        context.info(String.format(Locale.ROOT, "%s: %d discontinuities in %d pairs across lines (rate %.4f;"
                + " elsewhere %.4f; %d clusters)", regime.label(), d.across(), d.acrossPairs(), d.acrossRate(),
                d.elsewhereRate(), clusters));
        String prefix = "stitched-" + regime.key();
        EmbeddingImages.write(context.plotsDirectory().resolve(prefix + "-embeddings.png"), embeddings);
        LabelImages.write(context.plotsDirectory().resolve(prefix + "-labels.png"), labels, test.side(), crop);
    }
}
