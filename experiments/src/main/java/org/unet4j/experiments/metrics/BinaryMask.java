package org.unet4j.experiments.metrics;

import org.unet4j.autodiff.Tensor;

/**
 * A two-dimensional binary mask, row-major: pixel (x, y) is {@code pixels[y * width + x]}. Metrics compare one
 * predicted mask with one ground-truth mask of the same size.
 *
 * @param height rows
 * @param width  columns
 * @param pixels foreground flags, {@code height * width} of them
 */
public record BinaryMask(int height, int width, boolean[] pixels) {
    /** Validates the size. */
    public BinaryMask {
        if (height < 1 || width < 1 || pixels.length != height * width) {
            throw new IllegalArgumentException("a " + height + "x" + width + " mask needs " + height * width
                    + " pixels, got " + pixels.length);
        }
    }

    /** Sample {@code sample} of {@code logits} (N x 1 x H x W) as a prediction: foreground where the logit is > 0. */
    public static BinaryMask fromLogits(Tensor logits, int sample) {
        return threshold(logits, sample, 0);
    }

    /** Sample {@code sample} of {@code masks} (N x 1 x H x W): foreground where the value is > 1/2. */
    public static BinaryMask fromMask(Tensor masks, int sample) {
        return threshold(masks, sample, 0.5);
    }

    /** Sample {@code sample} of {@code t} (N x 1 x H x W): foreground where the value is > {@code level}. */
    static BinaryMask threshold(Tensor t, int sample, double level) {
        if (t.rank() != 4 || t.dim(1) != 1) {
            throw new IllegalArgumentException("expected masks or logits of shape [N, 1, H, W], got " + t.shape());
        }
        int h = t.dim(2);
        int w = t.dim(3);
        float[] values = t.toFloatArray();
        boolean[] pixels = new boolean[h * w];
        for (int p = 0; p < pixels.length; p++) {
            pixels[p] = values[sample * h * w + p] > level;
        }
        return new BinaryMask(h, w, pixels);
    }

    /** A mask from rows of '#' (foreground) and '.' (background), for tests and examples. */
    public static BinaryMask parse(String... rows) {
        boolean[] pixels = new boolean[rows.length * rows[0].length()];
        for (int y = 0; y < rows.length; y++) {
            if (rows[y].length() != rows[0].length()) {
                throw new IllegalArgumentException("row " + y + " has " + rows[y].length() + " characters, row 0 has "
                        + rows[0].length());
            }
            for (int x = 0; x < rows[y].length(); x++) {
                pixels[y * rows[0].length() + x] = rows[y].charAt(x) == '#';
            }
        }
        return new BinaryMask(rows.length, rows[0].length(), pixels);
    }

    /** Whether (x, y) is foreground. */
    public boolean get(int x, int y) {
        return pixels[y * width + x];
    }

    /** The number of foreground pixels. */
    public int count() {
        int n = 0;
        for (boolean p : pixels) {
            n += p ? 1 : 0;
        }
        return n;
    }

    /** Whether no pixel is foreground. */
    public boolean isEmpty() {
        return count() == 0;
    }

    /** The mask with foreground and background swapped. */
    public BinaryMask inverted() {
        boolean[] out = new boolean[pixels.length];
        for (int p = 0; p < out.length; p++) {
            out[p] = !pixels[p];
        }
        return new BinaryMask(height, width, out);
    }

    /**
     * The boundary: foreground pixels with a background 4-neighbour or on the image border, as (x, y) pairs
     * {@code [x0, y0, x1, y1, ...]}.
     */
    public int[] boundary() {
        int[] points = new int[2 * pixels.length];
        int n = 0;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                if (get(x, y) && (x == 0 || y == 0 || x == width - 1 || y == height - 1 || !get(x - 1, y)
                        || !get(x + 1, y) || !get(x, y - 1) || !get(x, y + 1))) {
                    points[n++] = x;
                    points[n++] = y;
                }
            }
        }
        return java.util.Arrays.copyOf(points, n);
    }

    /** Fails unless {@code other} has this mask's size. */
    void requireSameSize(BinaryMask other) {
        if (other.height != height || other.width != width) {
            throw new IllegalArgumentException("masks differ in size: " + height + "x" + width + " and "
                    + other.height + "x" + other.width);
        }
    }

    /** The number of pixels foreground in both masks. */
    int intersection(BinaryMask other) {
        requireSameSize(other);
        int n = 0;
        for (int p = 0; p < pixels.length; p++) {
            n += pixels[p] && other.pixels[p] ? 1 : 0;
        }
        return n;
    }

    /** The size and the number of foreground pixels. */
    @Override
    public String toString() {
        return "BinaryMask[" + height + "x" + width + ", " + count() + " foreground pixels]";
    }
}
