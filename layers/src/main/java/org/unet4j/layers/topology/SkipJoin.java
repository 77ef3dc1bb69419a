package org.unet4j.layers.topology;

import java.util.function.UnaryOperator;
import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.Module;

/**
 * How a decoder level joins the up-sampled features u with the skip s of the same level and runs its decoder
 * block: {@code concat} y = block([s, u]), {@code add} y = block(s + u), or any rule with learned parameters of its
 * own (a multigrid correction y = a block(u) + b s, an attention gate y = block([gate(s, u) s, u])). The skip is
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

    /** y = block(s + u); s and u need the same channels. */
    static SkipJoin add() {
        return (skip, up, own, block, space) -> block.apply(space.cropTo(skip, up).add(up));
    }
}
