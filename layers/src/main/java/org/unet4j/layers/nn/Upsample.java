package org.unet4j.layers.nn;

import org.unet4j.autodiff.Tensor;
import org.unet4j.autodiff.Upsampling;
import org.unet4j.layers.Module;

/**
 * Upsampling of an NCHW or NCDHW batch by integer factors, or resizing to a fixed size, by nearest-neighbour,
 * bilinear (images) or trilinear (volumes) interpolation with PyTorch's semantics (see {@link Upsampling}). Has no
 * parameters. {@link #nearest(int)} serves both images and volumes (the factor on every spatial axis), so a network
 * built with it works in 2-D and 3-D alike.
 *
 * <pre>{@code
 * var up = Upsample.nearest(2);                  // [N, C, H, W] -> [N, C, 2H, 2W], [N, C, D, H, W] -> [.., 2D, 2H, 2W]
 * var up = Upsample.bilinear(2, false);
 * var fit = Upsample.bilinearToSize(96, 96, true);
 * var up3 = Upsample.trilinear(1, 2, 2, false);  // thick slices: [N, C, D, H, W] -> [N, C, D, 2H, 2W]
 * }</pre>
 */
public final class Upsample extends Module {
    /** The interpolation. */
    public enum Mode {
        /** Each output copies the input element it falls in. */
        NEAREST,
        /** Each output interpolates the four nearest input pixels (images). */
        BILINEAR,
        /** Each output interpolates the eight nearest input voxels (volumes). */
        TRILINEAR
    }

    private final Mode mode;
    /** Per-axis factors (one entry: every axis of an image or a volume), or null when resizing to {@link #size}. */
    private final int[] scale;
    /** Per-axis output size, or null when scaling. */
    private final int[] size;
    private final boolean alignCorners;

    private Upsample(Mode mode, int[] scale, int[] size, boolean alignCorners) {
        this.mode = mode;
        this.scale = scale;
        this.size = size;
        this.alignCorners = alignCorners;
    }

    /** Nearest-neighbour upsampling by {@code scale >= 1} along every spatial axis, of images or volumes. */
    public static Upsample nearest(int scale) {
        return new Upsample(Mode.NEAREST, checked("scale factor", scale), null, false);
    }

    /** Bilinear upsampling of images by {@code scale >= 1}. */
    public static Upsample bilinear(int scale, boolean alignCorners) {
        return new Upsample(Mode.BILINEAR, checked("scale factor", scale), null, alignCorners);
    }

    /** Nearest-neighbour resizing of images to {@code height x width}. */
    public static Upsample nearestToSize(int height, int width) {
        return new Upsample(Mode.NEAREST, null, checked("output size", height, width), false);
    }

    /** Bilinear resizing of images to {@code height x width}. */
    public static Upsample bilinearToSize(int height, int width, boolean alignCorners) {
        return new Upsample(Mode.BILINEAR, null, checked("output size", height, width), alignCorners);
    }

    /** Nearest-neighbour upsampling of volumes by per-axis factors (depth, height, width). */
    public static Upsample nearest3d(int scaleD, int scaleH, int scaleW) {
        return new Upsample(Mode.NEAREST, checked("scale factor", scaleD, scaleH, scaleW), null, false);
    }

    /** Nearest-neighbour resizing of volumes to {@code depth x height x width}. */
    public static Upsample nearest3dToSize(int depth, int height, int width) {
        return new Upsample(Mode.NEAREST, null, checked("output size", depth, height, width), false);
    }

    /** Trilinear upsampling of volumes by {@code scale >= 1} along every axis. */
    public static Upsample trilinear(int scale, boolean alignCorners) {
        return trilinear(scale, scale, scale, alignCorners);
    }

    /** Trilinear upsampling of volumes by per-axis factors (depth, height, width). */
    public static Upsample trilinear(int scaleD, int scaleH, int scaleW, boolean alignCorners) {
        return new Upsample(Mode.TRILINEAR, checked("scale factor", scaleD, scaleH, scaleW), null, alignCorners);
    }

    /** Trilinear resizing of volumes to {@code depth x height x width}. */
    public static Upsample trilinearToSize(int depth, int height, int width, boolean alignCorners) {
        return new Upsample(Mode.TRILINEAR, null, checked("output size", depth, height, width), alignCorners);
    }

    private static int[] checked(String what, int... values) {
        for (int v : values) {
            if (v < 1) {
                throw new IllegalArgumentException("Upsample: every " + what + " must be >= 1, got "
                        + join(values));
            }
        }
        return values.clone();
    }

    /** The interpolation. */
    public Mode mode() {
        return mode;
    }

    @Override
    public Tensor forward(Tensor input) {
        if (scale != null && scale.length == 1) {
            int s = scale[0];
            if (mode == Mode.BILINEAR) {
                return Upsampling.bilinear(input, s, alignCorners);
            }
            return input.rank() == 5 ? Upsampling.nearest3d(input, s, s, s) : Upsampling.nearest(input, s);
        }
        if (mode == Mode.BILINEAR) {
            return Upsampling.bilinear(input, size[0], size[1], alignCorners);
        }
        if (mode == Mode.TRILINEAR) {
            return scale != null ? Upsampling.trilinear(input, scale[0], scale[1], scale[2], alignCorners)
                    : Upsampling.trilinearToSize(input, size[0], size[1], size[2], alignCorners);
        }
        if (scale != null) {
            return Upsampling.nearest3d(input, scale[0], scale[1], scale[2]);
        }
        return size.length == 2 ? Upsampling.nearestToSize(input, size[0], size[1])
                : Upsampling.nearest3dToSize(input, size[0], size[1], size[2]);
    }

    /** {@code nearest, scale 2}, {@code trilinear, scale 1x2x2, align corners}, {@code bilinear, size 96x96}. */
    @Override
    protected String describe() {
        String how = mode.name().toLowerCase(java.util.Locale.ROOT);
        String what = scale != null ? "scale " + join(scale) : "size " + join(size);
        return how + ", " + what + (alignCorners ? ", align corners" : "");
    }

    private static String join(int[] values) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < values.length; i++) {
            s.append(i == 0 ? "" : "x").append(values[i]);
        }
        return s.toString();
    }
}
