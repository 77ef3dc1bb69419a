package org.unet4j.experiments.equivariance;

import java.util.List;
import java.util.Locale;
import org.unet4j.autodiff.Autograd;
import org.unet4j.autodiff.DType;
import org.unet4j.autodiff.NoGrad;
import org.unet4j.autodiff.Tensor;
import org.unet4j.experiments.api.Experiment;
import org.unet4j.experiments.api.ExperimentContext;
import org.unet4j.experiments.api.Param;
import org.unet4j.experiments.output.ResultTable;
import org.unet4j.layers.equivariance.Tiler;
import org.unet4j.layers.unet.Activation;
import org.unet4j.layers.unet.ConvPadding;
import org.unet4j.layers.unet.Norm;
import org.unet4j.layers.unet.UNet;

/**
 * Rumberger et al. (ICCV 2021), Corollary 4 measured: the largest absolute difference between tile-and-stitch and
 * whole-image outputs of a random U-Net (leaky ReLU, no normalisation) with l down-samplings by 2 on a random
 * image, for valid padding with output tiles
 * n 2^l (0 by the corollary), valid padding with tiles off the period lattice, and SAME padding with tiles n 2^l.
 */
public final class TileAndStitchExperiment implements Experiment {
    static final Param<Integer> LEVELS = Param.integer("levels", 4, 2, 6, "resolution levels, bottleneck included"
            + " (l = levels - 1)");
    static final Param<Integer> FILTERS = Param.integer("filters", 4, 1, 64, "filters of the finest level (doubling)");
    static final Param<Integer> TILES = Param.integer("tiles", 3, 2, 32, "whole-image output side in units of the"
            + " largest tile");

    @Override
    public String name() {
        return "tile-and-stitch";
    }

    @Override
    public String description() {
        return "Max |tile-and-stitch - whole image| for output tiles that are multiples of f^l or not, and for SAME"
                + " padding (Rumberger et al. 2021, Corollary 4)";
    }

    @Override
    public List<Param<?>> params() {
        return List.of(LEVELS, FILTERS, TILES);
    }

    @Override
    public void run(ExperimentContext context) throws Exception {
        int levels = context.get(LEVELS);
        int period = 1 << (levels - 1);
        int[] validTiles = {period, 2 * period, 3 * period};
        int[] offTiles = {period + 1, 2 * period + 1, 3 * period + 1};
        ResultTable table = new ResultTable("Tile-and-stitch against whole-image inference",
                "Random float64 U-Net, f = 2, f^l = " + period + "; 0 means identical outputs.", "Padding / tile",
                List.of(ResultTable.Column.lower("max abs difference", 6), ResultTable.Column.lower("tiles", 0)));
        UNet valid = network(context, levels, ConvPadding.VALID);
        int side = valid.geometry().inputSize(context.get(TILES) * 3 + 1);
        Tensor image = Tensor.randn(context.random(), DType.FLOAT64, 1, 1, side, side);
        Tensor whole = whole(valid, image);
        for (int tile : validTiles) {
            addRow(context, table, "valid / " + tile + " (n f^l)", valid, image, whole, tile);
        }
        for (int tile : offTiles) {
            addRow(context, table, "valid / " + tile, valid, image, whole, tile);
        }
        UNet same = network(context, levels, ConvPadding.SAME);
        int sameSide = period * 3 * context.get(TILES);
        Tensor sameImage = image.crop(new int[] {0, 0, 0, 0}, new int[] {1, 1, sameSide, sameSide});
        addRow(context, table, "same / " + 2 * period + " (n f^l)", same, sameImage, whole(same, sameImage),
                2 * period);
        context.writeResults(List.of(table));
    }

    private static void addRow(ExperimentContext context, ResultTable table, String label, UNet net, Tensor image,
            Tensor whole, int tile) {
        Tiler tiler = Tiler.of(net, tile);
        double difference = tiler.apply(image).sub(whole).abs().max().item();
        int perAxis = (whole.dim(2) + tile - 1) / tile;
        table.addRow(label, difference, perAxis * perAxis);
        context.report("difference-" + label.replace(" ", "").replace("/", "-").replace("(nf^l)", ""), difference);
        context.info(String.format(Locale.ROOT, "%s: max difference %.3g", label, difference));
    }

    private static UNet network(ExperimentContext context, int levels, ConvPadding padding) {
        int[] filters = new int[levels];
        for (int i = 0; i < levels; i++) {
            filters[i] = context.get(FILTERS) << i;
        }
        UNet net = UNet.builder().inChannels(1).outChannels(2).levels(levels).filters(filters).padding(padding)
                .norm(Norm.NONE).activation(Activation.LEAKY_RELU).seed(context.seed()).build();
        net.to(DType.FLOAT64);
        return net;
    }

    private static Tensor whole(UNet net, Tensor image) {
        try (NoGrad scope = Autograd.noGrad()) {
            return net.forward(image);
        }
    }
}
