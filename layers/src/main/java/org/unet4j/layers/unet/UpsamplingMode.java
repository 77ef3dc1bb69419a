package org.unet4j.layers.unet;

/**
 * How a decoder level returns to the finer one, by a factor f along each axis, mapping the coarse level's
 * channels to the fine level's: a transposed convolution does both; the fixed interpolations are followed by a
 * 1x1 convolution for the channels. With {@code UNet.Builder.upsamplingKeepsChannels(true)} the channels stay the
 * coarse level's: the fixed interpolations come alone and the transposed convolution keeps the count.
 */
public enum UpsamplingMode {
    /** Nearest-neighbour upsampling by f, then a 1x1 convolution. */
    NEAREST,
    /** Bilinear upsampling by f (corners not aligned), then a 1x1 convolution. */
    BILINEAR,
    /** A transposed convolution with kernel = stride = f. */
    TRANSPOSED
}
