package org.unet4j.layers.topology;

import org.unet4j.autodiff.Padding;

/** How the k x k convolutions of a U-Net's blocks pad: not at all, or to keep the size. */
public enum ConvPadding {
    /** No padding: each k x k convolution removes k - 1 pixels per axis; shift-equivariant (DESIGN.md). */
    VALID,
    /** Zero padding to keep the size; any input divisible by f^(levels - 1) works, shift equivariance is lost. */
    SAME;

    /** The convolution padding rule. */
    public Padding padding() {
        return this == VALID ? Padding.VALID : Padding.SAME;
    }
}
