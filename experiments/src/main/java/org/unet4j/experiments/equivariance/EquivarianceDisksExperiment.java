package org.unet4j.experiments.equivariance;

import java.util.List;
import java.util.Locale;
import org.unet4j.autodiff.Autograd;
import org.unet4j.autodiff.Device;
import org.unet4j.autodiff.NoGrad;
import org.unet4j.autodiff.Shape;
import org.unet4j.autodiff.Tensor;
import org.unet4j.experiments.api.Experiment;
import org.unet4j.experiments.api.ExperimentContext;
import org.unet4j.experiments.api.Param;
import org.unet4j.experiments.datasets.PeriodicDisksDataset;
import org.unet4j.experiments.datasets.TensorDataset;
import org.unet4j.experiments.output.ResultTable;
import org.unet4j.layers.equivariance.DiscriminativeLoss;
import org.unet4j.layers.equivariance.MeanShift;
import org.unet4j.layers.optim.Adam;
import org.unet4j.layers.topology.ConvPadding;
import org.unet4j.layers.topology.Norm;
import org.unet4j.layers.unet.UNet;
import org.unet4j.layers.unet.UpsamplingMode;

/**
 * Rumberger et al. (ICCV 2021), Sec. 5, the periodic-disk experiment: valid-padding U-Nets with l = 3, f = 2 learn
 * 3-D embeddings with the discriminative loss (delta_v = 0, delta_d = 3, weights 1, 1, 1e-4) on disks of radius 5 on
 * a lattice of spacing 16 (a multiple of f^l = 8) or 15, and mean-shift clusters them. With spacing 16 all disks look
 * the same at offsets in 8 Z^2, so by Corollary 3 they get the same embeddings and merge; with spacing 15 the disks
 * sit at distinct phases mod 8 and can be separated, up to f^(dl) = 64 of them (Corollary 2).
 *
 * <p>The networks train on the run's device, the images moved there; the test embeddings are read back to the host
 * for mean shift.
 */
public final class EquivarianceDisksExperiment implements Experiment {
    static final Param<Integer> SIZE = Param.integer("size", 124, 92, 1024,
            "image side, a valid input size 8 b + 60 (the paper: 220)");
    static final Param<Integer> FILTERS = Param.integer("filters", 4, 1, 128, "filters of the finest level (doubling)");
    static final Param<Integer> ITERATIONS = Param.integer("iterations", 400, 1, 100000, "training steps (batch 1)");
    static final Param<Integer> TRAIN = Param.integer("train", 8, 1, 10000, "training images (random lattice offsets)");
    static final Param<Double> LR = Param.real("lr", 3e-3, 1e-6, 1, "Adam learning rate");
    static final Param<Double> BANDWIDTH = Param.real("bandwidth", 1.5, 1e-3, 100, "mean-shift bandwidth");
    static final Param<String> UPSAMPLING = Param.choice("upsampling", "both", List.of("both", "transposed",
            "nearest"), "learnt (transposed) or fixed (nearest) up-sampling, or both");
    static final Param<Boolean> FULL = Param.flag("full", false,
            "the paper's settings: image 220, 16 filters, 3000 steps, 50 training images (overrides the others)");

    @Override
    public String name() {
        return "equivariance-disks";
    }

    @Override
    public String description() {
        return "Same-looking disks at spacing 16 (a multiple of f^l = 8) vs 15: how many a valid U-Net trained with"
                + " the discriminative loss tells apart by mean shift (Rumberger et al. 2021, Corollaries 2 and 3)";
    }

    @Override
    public List<Param<?>> params() {
        return List.of(SIZE, FILTERS, ITERATIONS, TRAIN, LR, BANDWIDTH, UPSAMPLING, FULL);
    }

    @Override
    public void run(ExperimentContext context) throws Exception {
        boolean full = context.get(FULL);
        Settings s = new Settings(full ? 220 : context.get(SIZE), full ? 16 : context.get(FILTERS),
                full ? 3000 : context.get(ITERATIONS), full ? 50 : context.get(TRAIN), context.get(LR),
                context.get(BANDWIDTH));
        List<UpsamplingMode> modes = switch (context.get(UPSAMPLING)) {
            case "transposed" -> List.of(UpsamplingMode.TRANSPOSED);
            case "nearest" -> List.of(UpsamplingMode.NEAREST);
            default -> List.of(UpsamplingMode.TRANSPOSED, UpsamplingMode.NEAREST);
        };
        ResultTable table = new ResultTable("Disks told apart by a valid U-Net (l = 3, f = 2)",
                "Mean-shift clusters of the embeddings on a test image; bound f^(dl) = 64 distinct functions.",
                "Spacing / up-sampling", List.of(ResultTable.Column.lower("final loss", 4),
                        ResultTable.Column.higher("disks", 0), ResultTable.Column.higher("distinct", 0),
                        ResultTable.Column.higher("bound f^(dl)", 0),
                        ResultTable.Column.lower("false merges", 0), ResultTable.Column.lower("false splits", 0)));
        for (int spacing : new int[] {16, 15}) {
            for (UpsamplingMode mode : modes) {
                String label = String.format(Locale.ROOT, "%d / %s", spacing, mode.name().toLowerCase(Locale.ROOT));
                Outcome o = trainAndCount(context, s, spacing, mode, label);
                table.addRow(label, o.loss(), o.counts().objects(), o.counts().distinct(), o.bound(),
                        o.counts().falseMerges(), o.counts().falseSplits());
                String key = spacing + "-" + mode.name().toLowerCase(Locale.ROOT);
                context.report("distinct-" + key, o.counts().distinct());
                context.report("merges-" + key, o.counts().falseMerges());
                context.report("bound-" + key, o.bound());
            }
        }
        context.writeResults(List.of(table));
    }

    /** The resolved sizes. */
    private record Settings(int size, int filters, int iterations, int train, double lr, double bandwidth) {
    }

    /** The final training loss, the counts on the test image and the capacity bound f^(dl) of the network. */
    private record Outcome(double loss, InstanceCounts counts, int bound) {
    }

    private Outcome trainAndCount(ExperimentContext context, Settings s, int spacing, UpsamplingMode mode,
            String label) throws Exception {
        UNet net = UNet.builder().inChannels(1).outChannels(DiscriminativeLoss.PAPER_EMBEDDING_DIMENSION).levels(4)
                .factor(2).filters(s.filters(), 2 * s.filters(), 4 * s.filters(), 8 * s.filters())
                .padding(ConvPadding.VALID).norm(Norm.NONE).upsampling(mode).seed(context.seed()).build();
        net.geometry().requireValid(Shape.of(1, 1, s.size(), s.size()));
        TensorDataset train = PeriodicDisksDataset.generate(new PeriodicDisksDataset.Spec(s.train(), s.size(),
                spacing, 5, true, 0, context.seed()));
        Tensor trainLabels = InstanceLabels.centreCropped(train.masks(),
                net.outputShape(1, 1, s.size(), s.size()).dim(2));
        Tensor images = train.images().to(net.device());
        DiscriminativeLoss lossFn = DiscriminativeLoss.paper();
        Adam adam = new Adam(net.parameters(), s.lr());
        double last = Double.NaN;
        for (int it = 0; it < s.iterations(); it++) {
            int i = it % s.train();
            adam.zeroGrad();
            Tensor loss = lossFn.compute(net.forward(images.slice(0, i, i + 1)),
                    trainLabels.slice(0, i, i + 1));
            loss.backward();
            adam.step();
            last = loss.item();
            if ((it + 1) % Math.max(1, s.iterations() / 5) == 0) {
                context.info(String.format(Locale.ROOT, "%s: step %d/%d, loss %.4f", label, it + 1, s.iterations(),
                        last));
            }
        }
        TensorDataset test = PeriodicDisksDataset.generate(new PeriodicDisksDataset.Spec(1, s.size(), spacing, 5,
                true, 0, context.seed() + 1000));
        Tensor embeddings;
        try (NoGrad scope = Autograd.noGrad()) {
            embeddings = net.forward(test.images().to(net.device())).to(Device.CPU);
        }
        int out = embeddings.dim(2);
        int[] truth = InstanceLabels.toInts(InstanceLabels.centreCropped(test.masks(), out));
        int[] predicted = MeanShift.withBandwidth(s.bandwidth()).seed(context.seed()).labels(embeddings);
        EmbeddingImages.write(context.plotsDirectory().resolve("embeddings-" + spacing + "-"
                + mode.name().toLowerCase(Locale.ROOT) + ".png"), embeddings);
        int period = net.geometry().period();
        return new Outcome(last, InstanceCounts.of(predicted, truth), period * period);
    }
}
