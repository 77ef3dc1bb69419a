package org.unet4j.layers.unet;

/**
 * How a decoder level returns to the finer one, by a factor f along each axis, mapping the coarse level's
 * channels to the fine level's: a transposed convolution does both; the fixed interpolations are followed by a
 * 1x1 convolution for the channels.
 */
public enum UpsamplingMode {
    /** Nearest-neighbour upsampling by f, then a 1x1 convolution. */
    NEAREST,
    /** Bilinear upsampling by f (corners not aligned), then a 1x1 convolution. */
    BILINEAR,
    /** A transposed convolution with kernel = stride = f. */
    TRANSPOSED
}
