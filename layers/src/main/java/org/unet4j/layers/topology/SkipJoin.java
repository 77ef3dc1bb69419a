package org.unet4j.layers.topology;

import java.util.function.UnaryOperator;
import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.Module;

/**
 * How a decoder level joins the up-sampled features u with the skip s of the same level and runs its decoder
 * block: {@code concat} y = block([s, u]), {@code concatUpFirst} y = block([u, s]), {@code add} y = block(s + u),
 * {@code upOnly} y = block(u), or any rule with learned parameters of its own (a multigrid correction y = a block(u) + b s, an attention gate y = block([gate(s, u) s, u])). The skip is
 * centre-cropped to what it meets under VALID padding ({@link SpatialLayers#cropTo}).
 */
@FunctionalInterface
public interface SkipJoin {
    /**
     * The decoder level's output from the skip, the up-sampled features, the join's own module (null when its
     * level has none) and the decoder block.
     */
    Tensor join(Tensor skip, Tensor up, Module own, UnaryOperator<Tensor> block, SpatialLayers space);

    /** y = block([s, u]), channels concatenated, skip first. */
    static SkipJoin concat() {
        return (skip, up, own, block, space) -> block.apply(Tensor.concat(1, space.cropTo(skip, up), up));
    }

    /**
     * y = block([u, s]), the up-sampled features first: the order of MONAI's DynUNet and of
     * segmentation_models_pytorch's U-Net decoder.
     */
    static SkipJoin concatUpFirst() {
        return (skip, up, own, block, space) -> block.apply(Tensor.concat(1, up, space.cropTo(skip, up)));
    }

    /** y = block(u): the level's skip is not used (the finest decoder block of TransUNet and of smp's U-Net). */
    static SkipJoin upOnly() {
        return (skip, up, own, block, space) -> block.apply(up);
    }

    /** y = block(s + u); s and u need the same channels. */
    static SkipJoin add() {
        return (skip, up, own, block, space) -> block.apply(space.cropTo(skip, up).add(up));
    }
}
