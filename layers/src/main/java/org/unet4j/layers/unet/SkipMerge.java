package org.unet4j.layers.unet;

import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.topology.SkipJoin;

/**
 * How a decoder level merges the upsampled features u with the encoder's skip connection s of the same level.
 * Under {@link ConvPadding#VALID} the skip is larger than what it meets and is centre-cropped to its size first.
 */
public enum SkipMerge {
    /** Before the block, concatenate along the channels: y = block([s, u]). */
    CONCAT,
    /** Before the block, add elementwise: y = block(s + u); u and s need the same channels. */
    ADD,
    /**
     * After the block, a weighted sum with learned scalars a and b ({@link SkipCorrection}):
     * y = a block(u) + b s, the coarse-grid correction of a multigrid V-cycle (Tai, Liu, Chan, Li 2024).
     */
    CORRECTION;

    /** The topology's join for this merge; CORRECTION's own module is the level's {@link SkipCorrection}. */
    public SkipJoin join() {
        return switch (this) {
            case CONCAT -> SkipJoin.concat();
            case ADD -> SkipJoin.add();
            case CORRECTION -> (skip, up, own, block, space) -> {
                Tensor y = block.apply(up);
                return ((SkipCorrection) own).combine(y, space.cropTo(skip, y));
            };
        };
    }
}
