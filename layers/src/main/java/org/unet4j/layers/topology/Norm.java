package org.unet4j.layers.topology;

import org.unet4j.layers.Module;
import org.unet4j.layers.nn.BatchNorm2d;
import org.unet4j.layers.nn.GroupNorm;
import org.unet4j.layers.nn.Identity;
import org.unet4j.layers.nn.InstanceNorm2d;

/**
 * The normalisation a block applies after a convolution. {@link #GROUP} splits c channels into the largest divisor
 * of c not above {@value #MAX_GROUPS} groups (3 channels: 3 groups; 12: 6; 24: 8), so any filter list works.
 */
public enum Norm {
    /** No normalisation. */
    NONE,
    /** Batch norm with running statistics ({@link BatchNorm2d}). */
    BATCH,
    /** Instance norm with a learnt scale and shift ({@link InstanceNorm2d}, affine). */
    INSTANCE,
    /** Group norm ({@link GroupNorm}), see {@link #groupsFor(int)}. */
    GROUP;

    /** The largest group count {@link #GROUP} uses. */
    public static final int MAX_GROUPS = 8;

    /** A new layer normalising {@code channels} channels (the identity for {@link #NONE}). */
    public Module create(int channels) {
        return switch (this) {
            case NONE -> new Identity();
            case BATCH -> new BatchNorm2d(channels);
            case INSTANCE -> InstanceNorm2d.builder(channels).affine(true).build();
            case GROUP -> new GroupNorm(groupsFor(channels), channels);
        };
    }

    /** The number of groups {@link #GROUP} uses for {@code channels} channels. */
    public static int groupsFor(int channels) {
        for (int g = Math.min(MAX_GROUPS, channels); g > 1; g--) {
            if (channels % g == 0) {
                return g;
            }
        }
        return 1;
    }
}
