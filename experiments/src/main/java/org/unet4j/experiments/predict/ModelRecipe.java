package org.unet4j.experiments.predict;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import org.unet4j.autodiff.Padding;
import org.unet4j.layers.Module;
import org.unet4j.layers.Sequential;
import org.unet4j.layers.nn.Conv2d;
import org.unet4j.layers.nn.ReLU;
import org.unet4j.layers.unet.Block;
import org.unet4j.layers.unet.ContinuousUNet;
import org.unet4j.layers.topology.ConvPadding;
import org.unet4j.layers.unet.UNet;
import org.unet4j.solvers.ode.OdeOptions;

/**
 * How to build one of the experiments' networks again: the block of Table 3 (PLN, RSE, DSE, INC, PSP and FO in a
 * {@link UNet}; DB, the Continuous U-Net with second-order dynamic blocks) or the 3-layer {@code conv-net}, its
 * filters, ODE steps, input channels, convolution padding and the training image size (PSP's pooling bins depend on
 * it). Saved with a trained model in {@code predictor.json}, so that {@code unet4j predict} rebuilds the network and
 * loads its weights without the training flags.
 *
 * @param block      PLN, RSE, DSE, INC, PSP, FO, DB or conv-net
 * @param filters    filters per level, finest first (conv-net: its hidden width first)
 * @param odeSteps   fixed RK4 steps of each FO and DB block
 * @param inChannels image channels
 * @param padding    SAME or VALID convolutions (VALID only for the U-Net blocks)
 * @param size       the side of the training images
 */
public record ModelRecipe(String block, int[] filters, int odeSteps, int inChannels, ConvPadding padding, int size) {
    /** The blocks, in Table 3's row order, then the conv-net. */
    public static final List<String> BLOCKS = List.of("PLN", "RSE", "DSE", "INC", "PSP", "FO", "DB", "conv-net");

    private static final int[] PSP_BINS = {1, 2, 3, 6};

    /** Copies and checks the settings. */
    public ModelRecipe {
        if (!BLOCKS.contains(block)) {
            throw new IllegalArgumentException("unknown block '" + block + "'; the blocks are "
                    + String.join(", ", BLOCKS));
        }
        if (filters.length < 1 || Arrays.stream(filters).anyMatch(f -> f < 1) || odeSteps < 1 || inChannels < 1
                || size < 1) {
            throw new IllegalArgumentException("invalid model recipe: filters " + Arrays.toString(filters)
                    + ", ODE steps " + odeSteps + ", channels " + inChannels + ", size " + size);
        }
        if (padding == ConvPadding.VALID && (block.equals("DB") || block.equals("conv-net"))) {
            throw new IllegalArgumentException("VALID padding is offered for the U-Net blocks only, not " + block);
        }
        filters = filters.clone();
    }

    @Override
    public int[] filters() {
        return filters.clone();
    }

    /** A fresh network with its initial weights drawn from {@code seed}. */
    public Module build(long seed) {
        return switch (block) {
            case "PLN" -> unet(Block.plain(), seed);
            case "RSE" -> unet(Block.residual(), seed);
            case "DSE" -> unet(Block.dense(), seed);
            case "INC" -> unet(Block.inception(), seed);
            case "PSP" -> unet(Block.pyramidPooling(pyramidBins()), seed);
            case "FO" -> unet(Block.firstOrder("rk4", odeSteps), seed);
            case "DB" -> ContinuousUNet.builder().inChannels(inChannels).filters(filters)
                    .block(Block.dynamic(OdeOptions.method("rk4").steps(odeSteps))).seed(seed).build();
            default -> convNet(seed);
        };
    }

    private UNet unet(Block b, long seed) {
        return UNet.builder().inChannels(inChannels).levels(filters.length).filters(filters).block(b).padding(padding)
                .seed(seed).build();
    }

    private Module convNet(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int hidden = filters[0];
        return Sequential.of(
                Conv2d.builder(inChannels, hidden, 3).padding(Padding.SAME).build(rng), new ReLU(),
                Conv2d.builder(hidden, hidden, 3).padding(Padding.SAME).build(rng), new ReLU(),
                Conv2d.builder(hidden, 1, 1).build(rng));
    }

    /** The bins of PSP's default 1, 2, 3, 6 that fit the bottleneck's feature maps. */
    private int[] pyramidBins() {
        int bottom = size >> (filters.length - 1);
        return Arrays.stream(PSP_BINS).filter(b -> b <= bottom).toArray();
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "ModelRecipe[%s, filters %s, %d ODE steps, %d channels, %s, size %d]",
                block, Arrays.toString(filters), odeSteps, inChannels, padding, size);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ModelRecipe r && block.equals(r.block) && Arrays.equals(filters, r.filters)
                && odeSteps == r.odeSteps && inChannels == r.inChannels && padding == r.padding && size == r.size;
    }

    @Override
    public int hashCode() {
        return block.hashCode() * 31 + Arrays.hashCode(filters);
    }
}
