package org.unet4j.experiments.equivariance;

import java.util.List;
import java.util.Locale;
import org.unet4j.autodiff.Autograd;
import org.unet4j.autodiff.DType;
import org.unet4j.autodiff.NoGrad;
import org.unet4j.autodiff.Tensor;
import org.unet4j.experiments.api.ExperimentContext;
import org.unet4j.experiments.output.ResultTable;
import org.unet4j.layers.equivariance.Tiler;
import org.unet4j.layers.topology.Activation;
import org.unet4j.layers.topology.ConvPadding;
import org.unet4j.layers.topology.Norm;
import org.unet4j.layers.unet.UNet;

/**
 * Rumberger et al. (ICCV 2021), Corollary 4 measured: the largest absolute difference between tile-and-stitch and
 * whole-image outputs of a random float64 U-Net (leaky ReLU, no normalisation) with l down-samplings by 2 on a random
 * image, for valid padding with output tiles n 2^l (0 by the corollary), valid padding with tiles off the period
 * lattice, and SAME padding with tiles n 2^l.
 */
final class ExactStitching {
    private static final int TILES = 3;

    private ExactStitching() {
    }

    /**
     * The table for a U-Net of {@code levels} levels and {@code filters} finest filters; the whole image's output
     * spans about {@value #TILES} of the largest tiles. Reports "difference-PADDING-TILE" for each row.
     */
    static ResultTable table(ExperimentContext context, int levels, int filters) {
        int period = 1 << (levels - 1);
        ResultTable table = new ResultTable("Tile-and-stitch against whole-image inference (random network)",
                "Random float64 U-Net, f = 2, f^l = " + period + "; 0 means identical outputs.", "Padding / tile",
                List.of(ResultTable.Column.lower("max abs difference", 6), ResultTable.Column.lower("tiles", 0)));
        UNet valid = network(context, levels, filters, ConvPadding.VALID);
        int side = valid.geometry().inputSize(TILES * 3 + 1);
        Tensor image = Tensor.randn(context.random(), DType.FLOAT64, 1, 1, side, side);
        Tensor whole = whole(valid, image);
        for (int n = 1; n <= 3; n++) {
            addRow(context, table, "valid / " + n * period + " (n f^l)", valid, image, whole, n * period);
        }
        for (int n = 1; n <= 3; n++) {
            addRow(context, table, "valid / " + (n * period + 1), valid, image, whole, n * period + 1);
        }
        UNet same = network(context, levels, filters, ConvPadding.SAME);
        int sameSide = period * 3 * TILES;
        Tensor sameImage = image.crop(new int[] {0, 0, 0, 0}, new int[] {1, 1, sameSide, sameSide});
        addRow(context, table, "same / " + 2 * period + " (n f^l)", same, sameImage, whole(same, sameImage),
                2 * period);
        return table;
    }

    private static void addRow(ExperimentContext context, ResultTable table, String label, UNet net, Tensor image,
            Tensor whole, int tile) {
        double difference = Tiler.of(net, tile).apply(image).sub(whole).abs().max().item();
        int perAxis = (whole.dim(2) + tile - 1) / tile;
        table.addRow(label, difference, perAxis * perAxis);
        context.report("difference-" + label.replace(" ", "").replace("/", "-").replace("(nf^l)", ""), difference);
        context.info(String.format(Locale.ROOT, "%s: max difference %.3g", label, difference));
    }

    private static UNet network(ExperimentContext context, int levels, int filters, ConvPadding padding) {
        int[] perLevel = new int[levels];
        for (int i = 0; i < levels; i++) {
            perLevel[i] = filters << i;
        }
        UNet net = UNet.builder().inChannels(1).outChannels(2).levels(levels).filters(perLevel).padding(padding)
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
