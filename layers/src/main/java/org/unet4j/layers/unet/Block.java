package org.unet4j.layers.unet;

import org.unet4j.layers.Module;
import org.unet4j.layers.topology.BlockSettings;
import org.unet4j.layers.unet.blocks.DenseBlock;
import org.unet4j.layers.unet.blocks.ImageFedBlock;
import org.unet4j.layers.unet.blocks.InceptionBlock;
import org.unet4j.layers.unet.blocks.PlainBlock;
import org.unet4j.layers.unet.blocks.PyramidPoolingBlock;
import org.unet4j.layers.unet.blocks.ResidualBlock;
import org.unet4j.solvers.ode.Gradients;
import org.unet4j.solvers.ode.OdeOptions;

/**
 * A kind of U-Net block, the block zoo of the Continuous U-Net paper (001, Table 3): a factory that builds the
 * block for a position of a U-Net from its channel counts and the network's {@link BlockSettings}, and tells the
 * network how many pixels per axis the block removes, for the size rules. Every block has a 1-D form
 * ({@code spatialDims(1)}): its k x k convolutions become 1 x k, its poolings 1 x k.
 *
 * <pre>{@code
 * Block.plain()                       // PLN: [conv k x k, norm, act] x convsPerLevel
 * Block.imageFed()                    // IMG: [conv k x k of [x, image at the level], norm, act] x convsPerLevel
 * Block.residual()                    // RSE
 * Block.dense(4, 8, true)             // DSE: 4 layers, growth 8, input concatenated
 * Block.inception()                   // INC
 * Block.pyramidPooling(1, 2, 3, 6)    // PSP
 * Block.firstOrder("rk4", 4)          // FO: x' = f(t, x), 4 RK4 steps
 * Block.dynamic("rk4", 4)             // DB: x'' = f(x, x'), 4 RK4 steps
 * Block.dynamic("rk4", 4).timeDependent(true)   // DB: x'' = f(x, x', t), the paper's eq. (1)
 * Block.dynamic("rk4", 4).signedField(Activation.TANH)   // DB whose x'' and x'(0) can be negative
 * Block.dynamic(OdeOptions.method("dopri5").rtol(1e-3).atol(1e-3)).gradients(Gradients.ADJOINT)
 * Block.referenceDynamic("rk4", 1)    // the released code's augmented first-order variant
 * }</pre>
 */
public interface Block {
    /** The paper's three-letter name ("PLN", "DB"). */
    String code();

    /** A new block from {@code in} to {@code out} channels; the caller has checked {@link #check}. */
    Module create(int in, int out, BlockSettings settings);

    /** Pixels per axis the block removes under the settings' padding (0 under SAME). */
    int shrink(BlockSettings settings);

    /** Fails with a message naming the block and the setting when the block cannot be built with the settings. */
    void check(BlockSettings settings);

    /** The same block with gradients through its ODE solves flowing as {@code mode}; other blocks ignore it. */
    default Block withGradients(Gradients mode) {
        return this;
    }

    /** PLN, see {@link PlainBlock}; VALID or SAME padding. */
    static Block plain() {
        return new ConvolutionalBlock("PLN", true, false, PlainBlock::new);
    }

    /**
     * IMG, see {@link ImageFedBlock}: PottsMGNet's layers, each convolution reading the features and the image at
     * the block's level; VALID or SAME padding; needs the network's {@code imagePyramid(true)}.
     */
    static Block imageFed() {
        return new ConvolutionalBlock("IMG", true, true, ImageFedBlock::new);
    }

    /** RSE, see {@link ResidualBlock}; VALID or SAME padding. */
    static Block residual() {
        return new ConvolutionalBlock("RSE", true, false, ResidualBlock::new);
    }

    /** DSE with 4 layers, growth max(1, out / 2) and the input concatenated, see {@link DenseBlock}. */
    static Block dense() {
        return new ConvolutionalBlock("DSE", false, false,
                (in, out, s) -> new DenseBlock(in, out, 4, Math.max(1, out / 2), true, s));
    }

    /** DSE with the given number of layers, growth and input concatenation, see {@link DenseBlock}. */
    static Block dense(int layers, int growth, boolean concatInput) {
        return new ConvolutionalBlock("DSE", false, false,
                (in, out, s) -> new DenseBlock(in, out, layers, growth, concatInput, s));
    }

    /** INC, see {@link InceptionBlock}. */
    static Block inception() {
        return new ConvolutionalBlock("INC", false, false, InceptionBlock::new);
    }

    /** PSP with bins 1, 2, 3 and 6, see {@link PyramidPoolingBlock}. */
    static Block pyramidPooling() {
        return pyramidPooling(1, 2, 3, 6);
    }

    /** PSP with the given bin sizes, see {@link PyramidPoolingBlock}. */
    static Block pyramidPooling(int... bins) {
        int[] copy = bins.clone();
        return new ConvolutionalBlock("PSP", false, false, (in, out, s) -> new PyramidPoolingBlock(in, out, copy, s));
    }

    /** FO with {@code steps} fixed steps of the named method over [0, 1], backprop gradients. */
    static OdeBlock firstOrder(String method, int steps) {
        return firstOrder(OdeOptions.method(method).steps(steps));
    }

    /** FO with the given solver options over [0, 1]. */
    static OdeBlock firstOrder(OdeOptions options) {
        return new OdeBlock(OdeBlock.Kind.FIRST_ORDER, options, 1);
    }

    /** DB with {@code steps} fixed steps of the named method over [0, 1], backprop gradients. */
    static OdeBlock dynamic(String method, int steps) {
        return dynamic(OdeOptions.method(method).steps(steps));
    }

    /** DB with the given solver options over [0, 1]. */
    static OdeBlock dynamic(OdeOptions options) {
        return new OdeBlock(OdeBlock.Kind.SECOND_ORDER, options, 1);
    }

    /** DB with Dormand-Prince 5 at rtol = atol = 1e-3 (the paper's tolerance, Table 10) over [0, 1]. */
    static OdeBlock dynamicAdaptive() {
        return dynamic(OdeOptions.method("dopri5").rtol(1e-3).atol(1e-3));
    }

    /** The reference code's augmented first-order dynamic block with {@code steps} steps of the named method. */
    static OdeBlock referenceDynamic(String method, int steps) {
        return new OdeBlock(OdeBlock.Kind.REFERENCE_AUGMENTED, OdeOptions.method(method).steps(steps), 1);
    }
}
