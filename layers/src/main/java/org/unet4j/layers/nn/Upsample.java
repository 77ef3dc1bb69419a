package org.unet4j.layers.nn;

import org.unet4j.autodiff.Tensor;
import org.unet4j.autodiff.Upsampling;
import org.unet4j.layers.Module;

/**
 * Upsampling of an NCHW batch by an integer factor, or resizing to a fixed size, by nearest-neighbour or bilinear
 * interpolation with PyTorch's semantics (see {@link Upsampling}). Has no parameters.
 *
 * <pre>{@code
 * var up = Upsample.nearest(2);                  // [N, C, H, W] -> [N, C, 2H, 2W]
 * var up = Upsample.bilinear(2, false);
 * var fit = Upsample.bilinearToSize(96, 96, true);
 * }</pre>
 */
public final class Upsample extends Module {
    /** The interpolation. */
    public enum Mode {
        /** Each output copies the input pixel it falls in. */
        NEAREST,
        /** Each output interpolates the four nearest input pixels. */
        BILINEAR
    }

    private final Mode mode;
    private final int scale;
    private final int height;
    private final int width;
    private final boolean alignCorners;

    private Upsample(Mode mode, int scale, int height, int width, boolean alignCorners) {
        this.mode = mode;
        this.scale = scale;
        this.height = height;
        this.width = width;
        this.alignCorners = alignCorners;
    }

    /** Nearest-neighbour upsampling by {@code scale >= 1}. */
    public static Upsample nearest(int scale) {
        return new Upsample(Mode.NEAREST, checkedScale(scale), 0, 0, false);
    }

    /** Bilinear upsampling by {@code scale >= 1}. */
    public static Upsample bilinear(int scale, boolean alignCorners) {
        return new Upsample(Mode.BILINEAR, checkedScale(scale), 0, 0, alignCorners);
    }

    /** Nearest-neighbour resizing to {@code height x width}. */
    public static Upsample nearestToSize(int height, int width) {
        checkSize(height, width);
        return new Upsample(Mode.NEAREST, 0, height, width, false);
    }

    /** Bilinear resizing to {@code height x width}. */
    public static Upsample bilinearToSize(int height, int width, boolean alignCorners) {
        checkSize(height, width);
        return new Upsample(Mode.BILINEAR, 0, height, width, alignCorners);
    }

    private static int checkedScale(int scale) {
        if (scale < 1) {
            throw new IllegalArgumentException("Upsample: the scale factor must be >= 1, got " + scale);
        }
        return scale;
    }

    private static void checkSize(int height, int width) {
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException("Upsample: the output size must be at least 1x1, got " + height + "x"
                    + width);
        }
    }

    @Override
    public Tensor forward(Tensor input) {
        if (mode == Mode.NEAREST) {
            return scale > 0 ? Upsampling.nearest(input, scale) : Upsampling.nearestToSize(input, height, width);
        }
        return scale > 0 ? Upsampling.bilinear(input, scale, alignCorners)
                : Upsampling.bilinear(input, height, width, alignCorners);
    }

    @Override
    protected String describe() {
        String how = mode == Mode.NEAREST ? "nearest" : "bilinear";
        String size = scale > 0 ? "scale " + scale : "size " + height + "x" + width;
        return how + ", " + size + (alignCorners ? ", align corners" : "");
    }
}
