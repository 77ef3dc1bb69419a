package org.unet4j.layers.unet;

/** How an encoder level passes to the next, coarser one: by a factor f along each axis. */
public enum DownsamplingMode {
    /** Max pooling over f x f windows, stride f. */
    MAX_POOL,
    /** Average pooling over f x f windows, stride f. */
    AVG_POOL,
    /** A learnt f x f convolution with stride f, keeping the channel count. */
    STRIDED_CONV
}
