package org.unet4j.experiments.datasets.files;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How an image of any size becomes {@code size x size} training samples: {@code RESIZE} (bilinear for the image,
 * nearest for the labels), {@code CROP} (the centre window; a smaller side is zero-padded first), {@code PAD}
 * (zero padding at the bottom and right; a larger image is an error) or {@code TILE} (windows covering the whole
 * image, the last row and column of windows aligned to the far edge so that nothing is dropped; a smaller image is
 * padded to one window).
 *
 * @param mode the policy
 * @param size the side of the samples in pixels
 */
public record SizePolicy(Mode mode, int size) {
    /** The policies. */
    public enum Mode { RESIZE, CROP, PAD, TILE }

    /** The {@code --fit} names. */
    public static final List<String> CHOICES = List.of("resize", "crop", "pad", "tile");

    /** Checks the size. */
    public SizePolicy {
        if (size < 1) {
            throw new IllegalArgumentException("the sample size must be at least 1 pixel, got " + size);
        }
    }

    /** The policy named {@code name} ({@link #CHOICES}). */
    public static SizePolicy of(String name, int size) {
        return new SizePolicy(Mode.valueOf(name.toUpperCase(Locale.ROOT)), size);
    }

    /**
     * One window of an image.
     *
     * @param image  channel-planar pixels, {@code channels x size x size}
     * @param labels row-major labels, {@code size x size}
     * @param top    the window's first row in the source image (0 unless tiled)
     * @param left   the window's first column in the source image (0 unless tiled)
     */
    public record Piece(float[] image, int[] labels, int top, int left) {
    }

    /** The samples made from one {@code h x w} image of {@code channels} planes with its labels. */
    public List<Piece> apply(float[] image, int channels, int[] labels, int h, int w, String name) {
        return switch (mode) {
            case RESIZE -> List.of(new Piece(bilinear(image, channels, h, w, size, size),
                    nearest(labels, h, w, size, size), 0, 0));
            case CROP -> {
                int ph = Math.max(h, size);
                int pw = Math.max(w, size);
                float[] padded = pad(image, channels, h, w, ph, pw);
                int[] paddedLabels = pad(labels, h, w, ph, pw);
                int top = (ph - size) / 2;
                int left = (pw - size) / 2;
                yield List.of(new Piece(cut(padded, channels, ph, pw, top, left), cut(paddedLabels, ph, pw, top, left),
                        top, left));
            }
            case PAD -> {
                if (h > size || w > size) {
                    throw new IllegalArgumentException(name + " is " + w + "x" + h + ", larger than the padded size "
                            + size + "; use --fit resize, crop or tile, or a larger --size");
                }
                yield List.of(new Piece(pad(image, channels, h, w, size, size), pad(labels, h, w, size, size), 0, 0));
            }
            case TILE -> tiles(image, channels, labels, h, w);
        };
    }

    private List<Piece> tiles(float[] image, int channels, int[] labels, int h, int w) {
        int ph = Math.max(h, size);
        int pw = Math.max(w, size);
        float[] padded = pad(image, channels, h, w, ph, pw);
        int[] paddedLabels = pad(labels, h, w, ph, pw);
        List<Piece> out = new ArrayList<>();
        for (int top : starts(ph)) {
            for (int left : starts(pw)) {
                out.add(new Piece(cut(padded, channels, ph, pw, top, left), cut(paddedLabels, ph, pw, top, left),
                        top, left));
            }
        }
        return out;
    }

    /** Window starts 0, size, 2 size, ... and, when that leaves a remainder, {@code extent - size}. */
    private int[] starts(int extent) {
        int full = extent / size;
        boolean rest = extent % size != 0;
        int[] out = new int[full + (rest ? 1 : 0)];
        for (int i = 0; i < full; i++) {
            out[i] = i * size;
        }
        if (rest) {
            out[full] = extent - size;
        }
        return out;
    }

    /**
     * The samples made from one decoded image with its labels: as {@link #apply(float[], int, int[], int, int,
     * String)} on {@link ImageFiles#planes}, but a resize reads only the source rows it needs
     * ({@link ImageFiles#resized}) instead of converting the whole image to float planes first. Same values.
     */
    public List<Piece> apply(java.awt.image.BufferedImage image, boolean rgb, int[] labels, String name) {
        int h = image.getHeight();
        int w = image.getWidth();
        if (mode == Mode.RESIZE) {
            return List.of(new Piece(ImageFiles.resized(image, rgb, size, size), nearest(labels, h, w, size, size),
                    0, 0));
        }
        return apply(ImageFiles.planes(image, rgb), rgb ? 3 : 1, labels, h, w, name);
    }

    /**
     * One axis of a pixel-centre aligned bilinear resize from {@code in} to {@code out} pixels: output pixel o
     * samples the source at {@code s = (o + 0.5) * in / out - 0.5}, clamped to [0, in - 1], from its neighbours
     * {@code lo = floor(s)} and {@code hi = min(lo + 1, in - 1)} weighted {@code 1 - f} and {@code f = s - lo}.
     */
    record Axis(int[] lo, int[] hi, double[] f, double[] g) {
        static Axis of(int in, int out) {
            int[] lo = new int[out];
            int[] hi = new int[out];
            double[] f = new double[out];
            double[] g = new double[out];
            for (int o = 0; o < out; o++) {
                double s = Math.max(0, Math.min(in - 1, (o + 0.5) * in / out - 0.5));
                lo[o] = (int) s;
                hi[o] = Math.min(in - 1, lo[o] + 1);
                f[o] = s - lo[o];
                g[o] = 1 - f[o];
            }
            return new Axis(lo, hi, f, g);
        }
    }

    /**
     * Output row {@code y} of a bilinear resize from the source rows {@code lo} (at {@code loAt}) and {@code hi}
     * (at {@code hiAt}): each row interpolated along x, then the two rows mixed, in double.
     */
    static void bilinearRow(float[] lo, int loAt, float[] hi, int hiAt, Axis xs, Axis ys, int y, float[] out,
            int at) {
        double fy = ys.f()[y];
        double gy = ys.g()[y];
        int[] x0 = xs.lo();
        int[] x1 = xs.hi();
        double[] fx = xs.f();
        double[] gx = xs.g();
        for (int x = 0; x < x0.length; x++) {
            double top = gx[x] * lo[loAt + x0[x]] + fx[x] * lo[loAt + x1[x]];
            double bottom = gx[x] * hi[hiAt + x0[x]] + fx[x] * hi[hiAt + x1[x]];
            out[at + x] = (float) (gy * top + fy * bottom);
        }
    }

    /** Bilinear resize of {@code channels} planes (pixel-centre aligned, {@link Axis}). */
    public static float[] bilinear(float[] in, int channels, int h, int w, int outH, int outW) {
        float[] out = new float[channels * outH * outW];
        Axis xs = Axis.of(w, outW);
        Axis ys = Axis.of(h, outH);
        for (int c = 0; c < channels; c++) {
            int base = c * h * w;
            for (int y = 0; y < outH; y++) {
                bilinearRow(in, base + ys.lo()[y] * w, in, base + ys.hi()[y] * w, xs, ys, y, out,
                        (c * outH + y) * outW);
            }
        }
        return out;
    }

    /** Nearest-neighbour resize of a label plane. */
    static int[] nearest(int[] in, int h, int w, int outH, int outW) {
        int[] out = new int[outH * outW];
        for (int y = 0; y < outH; y++) {
            int sy = Math.min(h - 1, (int) ((y + 0.5) * h / outH));
            for (int x = 0; x < outW; x++) {
                out[y * outW + x] = in[sy * w + Math.min(w - 1, (int) ((x + 0.5) * w / outW))];
            }
        }
        return out;
    }

    private static float[] pad(float[] in, int channels, int h, int w, int ph, int pw) {
        if (ph == h && pw == w) {
            return in;
        }
        float[] out = new float[channels * ph * pw];
        for (int c = 0; c < channels; c++) {
            for (int y = 0; y < h; y++) {
                System.arraycopy(in, (c * h + y) * w, out, (c * ph + y) * pw, w);
            }
        }
        return out;
    }

    private static int[] pad(int[] in, int h, int w, int ph, int pw) {
        if (ph == h && pw == w) {
            return in;
        }
        int[] out = new int[ph * pw];
        for (int y = 0; y < h; y++) {
            System.arraycopy(in, y * w, out, y * pw, w);
        }
        return out;
    }

    private float[] cut(float[] in, int channels, int h, int w, int top, int left) {
        float[] out = new float[channels * size * size];
        for (int c = 0; c < channels; c++) {
            for (int y = 0; y < size; y++) {
                System.arraycopy(in, (c * h + top + y) * w + left, out, (c * size + y) * size, size);
            }
        }
        return out;
    }

    private int[] cut(int[] in, int h, int w, int top, int left) {
        int[] out = new int[size * size];
        for (int y = 0; y < size; y++) {
            System.arraycopy(in, (top + y) * w + left, out, y * size, size);
        }
        return out;
    }

    /** {@code resize to 256x256}, {@code tile 256x256}, ... */
    @Override
    public String toString() {
        return mode.name().toLowerCase(Locale.ROOT) + " to " + size + "x" + size;
    }
}
