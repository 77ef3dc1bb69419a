package org.unet4j.autodiff;

/**
 * The channels-first layout of image batches, {@code [N, C, spatial...]} (NCHW for images), and the checks ops
 * make on it before doing any work. Messages name the op, the shape and the rule.
 */
final class ImageLayout {
    private ImageLayout() {
    }

    /** Fails unless {@code x} is a non-empty 4-D NCHW tensor. */
    static void requireNchw(String op, Tensor x) {
        if (x.rank() != 4) {
            throw new ShapeException(op + " expects a 4-D NCHW tensor (batch, channels, height, width), got shape "
                    + x.shape() + " of rank " + x.rank());
        }
        requireNonEmpty(op, x, "an NCHW");
    }

    /** Fails unless {@code x} is a non-empty 5-D NCDHW tensor. */
    static void requireNcdhw(String op, Tensor x) {
        if (x.rank() != 5) {
            throw new ShapeException(op + " expects a 5-D NCDHW tensor (batch, channels, depth, height, width), got"
                    + " shape " + x.shape() + " of rank " + x.rank());
        }
        requireNonEmpty(op, x, "an NCDHW");
    }

    /** Fails unless {@code x} is a non-empty {@code [N, C, spatial...]} tensor with at least {@code minRank} axes. */
    static void requireChannelsFirst(String op, Tensor x, int minRank) {
        if (x.rank() < minRank) {
            throw new ShapeException(op + " expects a channels-first tensor [N, C, spatial...] (NCHW for images) with"
                    + " at least " + minRank + " axes, got shape " + x.shape() + " of rank " + x.rank());
        }
        requireNonEmpty(op, x, "a channels-first");
    }

    private static void requireNonEmpty(String op, Tensor x, String layout) {
        for (int a = 0; a < x.rank(); a++) {
            if (x.dim(a) == 0) {
                throw new ShapeException(op + ": input shape " + x.shape() + " has an empty axis " + a + "; every axis"
                        + " of " + layout + " tensor must have size >= 1");
            }
        }
    }

    /** Fails unless {@code v} is null or a vector of {@code channels} entries on {@code x}'s device. */
    static void requirePerChannel(String op, String name, Tensor v, Tensor x) {
        if (v == null) {
            return;
        }
        int channels = x.dim(1);
        if (v.rank() != 1 || v.dim(0) != channels) {
            throw new ShapeException(op + ": " + name + " has shape " + v.shape() + " but x " + x.shape() + " has "
                    + channels + " channels; " + name + " must have shape [" + channels + "] (one entry per channel)");
        }
        if (v.device() != x.device()) {
            throw new IllegalArgumentException(op + ": " + name + " lives on " + v.device() + " but x on " + x.device()
                    + "; move it with to(device)");
        }
    }

    /** Fails unless {@code value >= min}; {@code what} names the argument. */
    static void requireAtLeast(String op, String what, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(op + ": " + what + " is " + value + "; it must be >= " + min);
        }
    }
}
