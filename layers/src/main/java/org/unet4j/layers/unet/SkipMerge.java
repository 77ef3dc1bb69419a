package org.unet4j.layers.unet;

/**
 * How a decoder level merges the upsampled features with the encoder's skip connection of the same level. Under
 * {@link ConvPadding#VALID} the skip is larger than the upsampled features and is centre-cropped to their size
 * first.
 */
public enum SkipMerge {
    /** Concatenate along the channels: the decoder block sees twice the level's filters. */
    CONCAT,
    /** Add elementwise: the decoder block sees the level's filters. */
    ADD
}
