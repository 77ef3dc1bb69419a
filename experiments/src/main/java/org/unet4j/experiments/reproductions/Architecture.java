package org.unet4j.experiments.reproductions;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import org.unet4j.experiments.predict.ModelRecipe;
import org.unet4j.layers.topology.ConvPadding;
import org.unet4j.layers.unet.ContinuousUNet;
import org.unet4j.layers.unet.UNet;

/**
 * The shared shape of the networks a reproduction compares, and the block zoo of Table 3 built on it: PLN, RSE,
 * DSE, INC, PSP and FO blocks in a {@link UNet}, and DB, the paper's Continuous U-Net ({@link ContinuousUNet} with
 * second-order dynamic blocks). ODE blocks integrate over [0, 1] with {@code odeSteps} fixed steps of RK4.
 *
 * @param filters    filters per level, finest first, bottleneck last (Table 10: 3, 6, 12, 24)
 * @param odeSteps   fixed solver steps of each FO and DB block
 * @param inChannels image channels the networks take (1 grey, 3 RGB)
 */
public record Architecture(int[] filters, int odeSteps, int inChannels) {
    /** The block codes of Table 3, in its row order. */
    public static final List<String> BLOCKS = List.of("PLN", "RSE", "DSE", "INC", "PSP", "FO", "DB");

    /**
     * The DB variants beyond the released code's: DB-time reads t (x'' = f(x, x', t), the paper's eq. 1), DB-signed
     * ends f and g in tanh instead of ReLU, so acceleration and initial velocity can be negative.
     */
    public static final List<String> DB_VARIANTS = List.of("DB-time", "DB-signed");

    /** Copies the filters and checks them. */
    public Architecture {
        if (filters.length < 2 || Arrays.stream(filters).anyMatch(f -> f < 1)) {
            throw new IllegalArgumentException("an architecture needs at least 2 levels of positive filters, got "
                    + Arrays.toString(filters));
        }
        if (odeSteps < 1) {
            throw new IllegalArgumentException("the ODE blocks need at least 1 solver step, got " + odeSteps);
        }
        if (inChannels < 1) {
            throw new IllegalArgumentException("the networks need at least 1 input channel, got " + inChannels);
        }
        filters = filters.clone();
    }

    /** Networks of one input channel. */
    public Architecture(int[] filters, int odeSteps) {
        this(filters, odeSteps, 1);
    }

    /** The same architecture taking {@code channels} input channels. */
    public Architecture withInChannels(int channels) {
        return new Architecture(filters, odeSteps, channels);
    }

    /** {@code levels} levels with {@code first} filters at the finest, doubled per level. */
    public static Architecture doubling(int levels, int first, int odeSteps) {
        int[] perLevel = new int[levels];
        for (int i = 0; i < levels; i++) {
            perLevel[i] = first << i;
        }
        return new Architecture(perLevel, odeSteps);
    }

    @Override
    public int[] filters() {
        return filters.clone();
    }

    /** The number of levels, bottleneck included. */
    public int levels() {
        return filters.length;
    }

    /** Fails, naming the nearest valid sizes, unless {@code size} is a multiple of 2^(levels - 1). */
    public void requireValidSize(int size) {
        int multiple = 1 << (levels() - 1);
        if (size % multiple != 0) {
            int below = size / multiple * multiple;
            throw new IllegalArgumentException(String.format(Locale.ROOT, "image size %d does not suit %d levels: it"
                    + " must be a multiple of %d (nearest: %d or %d)", size, levels(), multiple, below,
                    below + multiple));
        }
    }

    /**
     * The contender of the named block of Table 3 ({@link #BLOCKS}) for images of {@code size} pixels, built by its
     * {@link ModelRecipe} (SAME padding).
     */
    public Contender block(String code, int size) {
        if (!BLOCKS.contains(code)) {
            throw new IllegalArgumentException("unknown block '" + code + "'; the blocks are "
                    + String.join(", ", BLOCKS));
        }
        ModelRecipe recipe = new ModelRecipe(code, filters, odeSteps, inChannels, ConvPadding.SAME, size);
        return new Contender(code, recipe::build, recipe);
    }

    /**
     * The Continuous U-Net of the named {@link #DB_VARIANTS DB variant} for images of {@code size} pixels, its blocks
     * integrated as DB's, built by its {@link ModelRecipe}.
     */
    public Contender dynamicVariant(String label, int size) {
        if (!DB_VARIANTS.contains(label)) {
            throw new IllegalArgumentException("unknown DB variant '" + label + "'; the variants are "
                    + String.join(", ", DB_VARIANTS));
        }
        ModelRecipe recipe = new ModelRecipe(label, filters, odeSteps, inChannels, ConvPadding.SAME, size);
        return new Contender(label, recipe::build, recipe);
    }

    /**
     * A Continuous U-Net with DB blocks solved by the ODE method {@code method} for images of {@code size} pixels:
     * {@code odeSteps} fixed steps, or, when {@code tolerance > 0}, adaptive steps at rtol = atol = tolerance;
     * built by its {@link ModelRecipe}.
     */
    public Contender continuous(String label, String method, double tolerance, int size) {
        ModelRecipe recipe = new ModelRecipe("DB", filters, odeSteps, inChannels, ConvPadding.SAME, size)
                .withSolver(method, tolerance);
        return new Contender(label, recipe::build, recipe);
    }

    /** The filters per level and the ODE steps, e.g. {@code Architecture[filters 3-6-12-24, 1 ODE step]}. */
    @Override
    public String toString() {
        return "Architecture[filters " + Arrays.stream(filters).mapToObj(Integer::toString)
                .collect(Collectors.joining("-")) + ", " + odeSteps + " ODE step"
                + (odeSteps == 1 ? "" : "s") + "]";
    }
}
