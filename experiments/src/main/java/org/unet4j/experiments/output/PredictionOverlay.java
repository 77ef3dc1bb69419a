package org.unet4j.experiments.output;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;

import org.unet4j.autodiff.Tensor;

/**
 * Qualitative results: a strip of tiles, one per sample, each showing the image in grey, the predicted foreground
 * tinted red and the ground-truth boundary in green. Images are min-max scaled per sample for display (the first
 * channel of multi-channel images); small images are enlarged by an integer factor.
 */
public final class PredictionOverlay {
    private static final int MIN_TILE = 128;
    private static final int GAP = 4;
    private static final double TINT = 0.45;

    private PredictionOverlay() {
    }

    /**
     * Writes the first {@code count} samples of {@code images} (N x C x H x W), {@code masks} and {@code logits}
     * (N x 1 x H x W; a pixel is predicted foreground when its logit is above 0) to a PNG.
     */
    public static void write(Path file, Tensor images, Tensor masks, Tensor logits, int count) throws IOException {
        AtomicFiles.writePng(file, render(images, masks, logits, count));
    }

    /** The overlay strip as an image. */
    public static BufferedImage render(Tensor images, Tensor masks, Tensor logits, int count) {
        int n = Math.min(count, images.dim(0));
        int channels = images.dim(1);
        int h = images.dim(2);
        int w = images.dim(3);
        if (n < 1 || !masks.shape().equals(logits.shape()) || masks.dim(2) != h || masks.dim(3) != w) {
            throw new IllegalArgumentException("overlay needs at least one sample and masks and logits of shape [N, 1, "
                    + h + ", " + w + "]; got masks " + masks.shape() + ", logits " + logits.shape());
        }
        int scale = Math.max(1, (MIN_TILE + Math.max(h, w) - 1) / Math.max(h, w));
        BufferedImage out = new BufferedImage(n * (w * scale + GAP) - GAP, h * scale, BufferedImage.TYPE_INT_RGB);
        float[] image = images.toFloatArray();
        float[] mask = masks.toFloatArray();
        float[] logit = logits.toFloatArray();
        int plane = h * w;
        for (int s = 0; s < n; s++) {
            int imageOffset = s * channels * plane;
            float min = Float.POSITIVE_INFINITY;
            float max = Float.NEGATIVE_INFINITY;
            for (int p = 0; p < plane; p++) {
                min = Math.min(min, image[imageOffset + p]);
                max = Math.max(max, image[imageOffset + p]);
            }
            float range = max > min ? max - min : 1;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int p = y * w + x;
                    double grey = (image[imageOffset + p] - min) / range;
                    double r = grey;
                    double g = grey;
                    double b = grey;
                    if (logit[s * plane + p] > 0) {
                        r = (1 - TINT) * r + TINT;
                        g = (1 - TINT) * g;
                        b = (1 - TINT) * b;
                    }
                    if (isBoundary(mask, s * plane, w, h, x, y)) {
                        r = 0;
                        g = 1;
                        b = 0;
                    }
                    int rgb = (int) Math.round(r * 255) << 16 | (int) Math.round(g * 255) << 8
                            | (int) Math.round(b * 255);
                    for (int dy = 0; dy < scale; dy++) {
                        for (int dx = 0; dx < scale; dx++) {
                            out.setRGB(s * (w * scale + GAP) + x * scale + dx, y * scale + dy, rgb);
                        }
                    }
                }
            }
        }
        return out;
    }

    /** A foreground pixel with a 4-neighbour that is background or outside the image. */
    private static boolean isBoundary(float[] mask, int offset, int w, int h, int x, int y) {
        if (mask[offset + y * w + x] <= 0.5f) {
            return false;
        }
        return x == 0 || y == 0 || x == w - 1 || y == h - 1 || mask[offset + y * w + x - 1] <= 0.5f
                || mask[offset + y * w + x + 1] <= 0.5f || mask[offset + (y - 1) * w + x] <= 0.5f
                || mask[offset + (y + 1) * w + x] <= 0.5f;
    }
}
