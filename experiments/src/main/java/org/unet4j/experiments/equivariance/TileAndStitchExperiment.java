package org.unet4j.experiments.equivariance;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import org.unet4j.autodiff.Autograd;
import org.unet4j.autodiff.Device;
import org.unet4j.autodiff.NoGrad;
import org.unet4j.autodiff.Tensor;
import org.unet4j.experiments.api.Experiment;
import org.unet4j.experiments.api.ExperimentContext;
import org.unet4j.experiments.api.Param;
import org.unet4j.experiments.datasets.PeriodicDisksDataset;
import org.unet4j.experiments.datasets.TensorDataset;
import org.unet4j.experiments.output.Claim;
import org.unet4j.experiments.output.ResultTable;
import org.unet4j.experiments.output.TableCheck;
import org.unet4j.layers.equivariance.MeanShift;
import org.unet4j.layers.equivariance.Tiler;
import org.unet4j.layers.topology.UNetGeometry;
import org.unet4j.layers.unet.UNet;

/**
 * Rumberger et al. (ICCV 2021), Sec. 3.2 and Figure 3: valid U-Nets trained with the discriminative loss on output
 * tiles smaller than, equal to and larger than f^l, then run tile-and-stitch with output crops n f^l on a disk image
 * and clustered by mean shift; Figure 3b is the network trained on the larger tiles stitched from crops n f^l + 1. A
 * discontinuity is a label change between 4-neighbours of one true disk across a stitching line. Each row also counts
 * the changes at the same lines of the whole-image output (one forward pass), the control: by Corollary 4 crops of
 * n f^l give exactly the whole-image output, so whatever they count is the network's own inconsistency, not
 * stitching. A second table measures Corollary 4 on a random network ({@link ExactStitching}).
 *
 * <p>The mechanism behind 3b: a crop of n f^l + 1 starts each tile one pixel further off the f^l lattice, so the
 * stitched output of tile k is the network's output on the image shifted by k mod f^l. A disk cut by a stitching line
 * then gets, on its two sides, the embeddings of disks at two different phases mod f^l, and those differ exactly when
 * the network has learnt to tell same-looking disks apart (Corollary 2), which the push term trains it to do for
 * neighbouring disks (spacing 15 = -1 mod f^l) seen in one training tile. The former defaults (l = 2, 4 filters,
 * training tiles 2 f^l) taught no network to tell disks apart (1 or 2 of 15 or 16 disks, seeds 1, 2 and 7), so there
 * was nothing for 3b to break; the 3 changes of 3c against 0 of 3b (seed 7) were changes inside disks of the
 * unconverged network, present in the whole-image output too (0 and 0, then 0 and 4 with 6 in the control, for
 * seeds 1 and 2). The set-up itself matched the paper. With the present defaults (l = 3, 8 filters, training tiles
 * 4 f^l = 32, 1000 steps) 3b adds tens of discontinuities to the control and 3c adds none, as Figure 3 argues: 3b
 * 49, 87, 86 against the control's 1, 0, 0, and 3c 1, 0, 0 equal to the control, for seeds 7, 1 and 2. The training
 * tiles &lt;= f^l, which the paper expects to be inconsistent at f^l-grid boundaries, learn one embedding for nearly
 * all disks (1 or 2 told apart) and so show at most the control's few changes here (0 to 4).
 */
public final class TileAndStitchExperiment implements Experiment {
    static final Param<Integer> LEVELS = Param.integer("levels", 4, 2, 6, "resolution levels, bottleneck included"
            + " (l = levels - 1, f = 2)");
    static final Param<Integer> FILTERS = Param.integer("filters", 8, 1, 64, "filters of the finest level (doubling)");
    static final Param<Integer> STEPS = Param.integer("steps", 1000, 1, 100000, "training steps per regime (batch 1)");
    static final Param<Double> LR = Param.real("lr", 3e-3, 1e-6, 1, "Adam learning rate");
    static final Param<Integer> LARGER = Param.integer("larger", 4, 2, 16,
            "training tile of the > f^l regimes (3b, 3c) in multiples of f^l");
    static final Param<Integer> CROP = Param.integer("crop", 2, 1, 16, "n: inference output crops of n f^l");
    static final Param<Integer> TILES = Param.integer("tiles", 3, 1, 64, "test output side in inference crops");
    static final Param<Double> BANDWIDTH = Param.real("bandwidth", 1.5, 1e-3, 100, "mean-shift bandwidth");
    static final Param<Integer> SPACING = Param.integer("spacing", 15, 3, 200, "disk lattice spacing (> 2 radius)");
    static final Param<Double> RADIUS = Param.real("radius", 5, 1, 100, "disk radius");
    static final Param<Boolean> FULL = Param.flag("full", false,
            "paper-like settings: l = 3 (levels 4), 16 filters, 3000 steps, 8 crops (overrides those)");

    private static final String SOURCE = "Rumberger et al. (ICCV 2021), ";

    /**
     * Figure 3's claims on the trained networks: crops of n f^l stitch to the whole-image output, so stitching adds
     * no discontinuity whatever the training tile (Corollary 4); and the network trained on tiles &gt; f^l has no more
     * discontinuities at stitching lines with crops of n f^l (3c) than with crops of n f^l + 1 (3b).
     */
    static final List<Claim> STITCHING_CLAIMS = List.of(
            new Claim("stitching output crops of n f^l adds no discontinuity to the whole-image output, whatever the"
                    + " training tile", SOURCE + "Corollary 4",
                    TableCheck.within("train < f\\^l|train = f\\^l \\(3a\\)|train > f\\^l \\(3c\\)",
                            "added by stitching", 0, 0)),
            new Claim("trained on tiles > f^l, stitching crops of n f^l (3c) gives no more discontinuities at"
                    + " stitching lines than crops of n f^l + 1 (3b)", SOURCE + "Section 3.2 and Figure 3b, 3c",
                    TableCheck.best("train > f^l (3c)", "discontinuities", List.of("train > f^l, crop + 1 (3b)"))));

    /** Corollary 4 on a random network: valid padding and output tiles of n f^l give exactly the whole-image output. */
    static final List<Claim> EXACT_CLAIMS = List.of(new Claim("with valid padding and output tiles of n f^l,"
            + " tile-and-stitch equals processing the whole image at once", SOURCE + "Corollary 4",
            TableCheck.within("valid / \\d+ \\(n f\\^l\\)", "max abs difference", 0, 0)));

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
        return List.of(LEVELS, FILTERS, STEPS, LR, LARGER, CROP, TILES, BANDWIDTH, SPACING, RADIUS, FULL);
    }

    @Override
    public void run(ExperimentContext context) throws Exception {
        boolean full = context.get(FULL);
        double radius = context.get(RADIUS);
        int spacing = context.get(SPACING);
        if (spacing <= 2 * radius) {
            throw new IllegalArgumentException("spacing " + spacing + " must exceed the disk diameter 2 * radius = "
                    + 2 * radius + " so that the disks are separate objects; raise --spacing or lower --radius");
        }
        TileTraining training = new TileTraining(full ? 4 : context.get(LEVELS), full ? 16 : context.get(FILTERS),
                full ? 3000 : context.get(STEPS), context.get(LR), spacing, radius);
        int tiles = full ? 8 : context.get(TILES);
        UNetGeometry geometry = training.network(context).geometry();
        int period = geometry.period();
        int crop = context.get(CROP) * period;
        TestImage test = testImage(context, geometry, tiles * crop, training);
        LabelImages.write(context.plotsDirectory().resolve("stitched-truth.png"), test.truth(), test.side(), crop);
        int larger = context.get(LARGER) * period;
        Regime[] regimes = {new Regime("train < f^l", "smaller", Math.max(1, period / 2)),
            new Regime("train = f^l (3a)", "equal", period), new Regime("train > f^l (3c)", "larger", larger)};
        Map<String, Measured> rows = new LinkedHashMap<>();
        for (Regime regime : regimes) {
            UNet net = training.train(context, regime.trainTile(), regime.label());
            int[] whole = wholeImageLabels(context, net, test);
            rows.put(regime.key(), measure(context, regime, net, test, crop, whole));
            if (regime.trainTile() > period) {
                Regime off = new Regime("train > f^l, crop + 1 (3b)", "larger-off", regime.trainTile());
                rows.put(off.key(), measure(context, off, net, test, crop + 1, whole));
            }
        }
        ResultTable table = new ResultTable("Discontinuities at stitching lines (Figure 3)",
                String.format(Locale.ROOT, "Valid U-Net, f^l = %d, trained %d steps per regime with the"
                        + " discriminative loss; %d x %d test output of disks (radius %s, spacing %d) stitched from"
                        + " crops, mean-shift labels; label changes counted between 4-neighbours inside one true"
                        + " disk across stitching lines, in the stitched output and, as the control, at the same"
                        + " lines of the whole-image output (equal when the crop is a multiple of f^l, Corollary 4);"
                        + " disks told apart = distinct majority labels over the disks. What to see: stitching"
                        + " crops of n f^l + 1 (3b) adds discontinuities to the whole-image control, crops of n f^l"
                        + " (3c) add none, so 3c has no more than 3b; %s", period, training.steps(), test.side(),
                        test.side(), radius, spacing, verdict(rows.get("larger"), rows.get("larger-off"))),
                "Regime", List.of(ResultTable.Column.lower("train tile", 0),
                        ResultTable.Column.lower("crop", 0), ResultTable.Column.lower("discontinuities", 0),
                        ResultTable.Column.lower("whole image", 0),
                        ResultTable.Column.lower("added by stitching", 0),
                        ResultTable.Column.lower("pairs across lines", 0),
                        ResultTable.Column.lower("change rate elsewhere", 4),
                        ResultTable.Column.higher("disks told apart", 0), ResultTable.Column.higher("disks", 0)));
        for (Measured m : rows.values()) {
            table.addRow(m.regime().label(), m.regime().trainTile(), m.crop(), m.stitched().across(),
                    m.control().across(), m.stitched().across() - m.control().across(), m.stitched().acrossPairs(),
                    m.stitched().elsewhereRate(), m.told().distinct(), m.told().objects());
        }
        context.writeResults(List.of(table.addClaims(STITCHING_CLAIMS), ExactStitching.table(context,
                training.levels(), training.filters()).addClaims(EXACT_CLAIMS)));
    }

    /** One training regime: the table label, the key of its reports and plots, the training output tile. */
    private record Regime(String label, String key, int trainTile) {
    }

    /** A disk test image of a valid size, its output side and the true instance labels of the output pixels. */
    private record TestImage(Tensor image, int side, int[] truth) {
    }

    private static TestImage testImage(ExperimentContext context, UNetGeometry geometry, int minOutput,
            TileTraining training) {
        int b = 1;
        while (geometry.outputSize(geometry.inputSize(b)).orElse(0) < minOutput) {
            b++;
        }
        int size = geometry.inputSize(b);
        int side = geometry.outputSize(size).getAsInt();
        TensorDataset data = PeriodicDisksDataset.generate(new PeriodicDisksDataset.Spec(1, size, training.spacing(),
                training.radius(), true, 0, context.seed() + 1000));
        return new TestImage(data.images(), side,
                InstanceLabels.toInts(InstanceLabels.centreCropped(data.masks(), side)));
    }

    /** Mean-shift labels of the network's output on the whole test image, computed in one pass. */
    private static int[] wholeImageLabels(ExperimentContext context, UNet net, TestImage test) {
        Tensor embeddings;
        try (NoGrad scope = Autograd.noGrad()) {
            embeddings = net.forward(test.image().to(net.device())).to(Device.CPU);
        }
        return MeanShift.withBandwidth(context.get(BANDWIDTH)).seed(context.seed()).labels(embeddings);
    }

    /**
     * Whether this run shows Figure 3's ordering: stitching crops of n f^l + 1 adds discontinuities to the whole-image
     * control (3b) and crops of n f^l add none (3c), so that 3c has no more than 3b.
     */
    private static String verdict(Measured c, Measured b) {
        int addedB = b.stitched().across() - b.control().across();
        int addedC = c.stitched().across() - c.control().across();
        boolean shows = addedB > 0 && addedC == 0 && c.stitched().across() <= b.stitched().across();
        return String.format(Locale.ROOT, "this run %s (3b: %d, of which stitching added %d; 3c: %d, of which"
                + " stitching added %d).", shows ? "shows it" : "does not show it", b.stitched().across(), addedB,
                c.stitched().across(), addedC);
    }

    /** One row: the regime, the inference crop, the counts stitched and on the whole image, the disks told apart. */
    private record Measured(Regime regime, int crop, Discontinuities stitched, Discontinuities control,
            InstanceCounts told) {
    }

    private static Measured measure(ExperimentContext context, Regime regime, UNet net, TestImage test, int crop,
            int[] whole) throws Exception {
        Tensor embeddings = Tiler.of(net, crop).apply(test.image().to(net.device()));
        int[] labels = MeanShift.withBandwidth(context.get(BANDWIDTH)).seed(context.seed()).labels(embeddings);
        Discontinuities d = Discontinuities.of(labels, test.truth(), test.side(), crop);
        Discontinuities control = Discontinuities.of(whole, test.truth(), test.side(), crop);
        InstanceCounts told = InstanceCounts.of(whole, test.truth());
        context.report("discontinuities-" + regime.key(), d.across());
        context.report("whole-image-" + regime.key(), control.across());
        context.report("told-apart-" + regime.key(), told.distinct());
        context.info(String.format(Locale.ROOT, "%s: %d discontinuities in %d pairs across lines (whole image %d;"
                + " change rate elsewhere %.4f; %d of %d disks told apart)", regime.label(), d.across(),
                d.acrossPairs(), control.across(), d.elsewhereRate(), told.distinct(), told.objects()));
        String prefix = "stitched-" + regime.key();
        EmbeddingImages.write(context.plotsDirectory().resolve(prefix + "-embeddings.png"), embeddings);
        LabelImages.write(context.plotsDirectory().resolve(prefix + "-labels.png"), labels, test.side(), crop);
        return new Measured(regime, crop, d, control, told);
    }
}
