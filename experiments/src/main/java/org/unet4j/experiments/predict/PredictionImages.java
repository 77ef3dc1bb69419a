package org.unet4j.experiments.predict;

import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;

/**
 * The images {@code unet4j predict} writes for one input, all at the input's size: the binary mask (0 and 255),
 * the probabilities as 16-bit grey (p x 65535, rounded) and an overlay of the mask on the input (foreground tinted
 * red, alpha 0.45). For a model of K &gt; 2 classes: the label map as 8-bit grey of class ids 0..K-1 and an overlay
 * tinting each class c &gt; 0 by the fixed colour {@link #colour}{@code (c)} at the same alpha.
 */
public final class PredictionImages {
    private static final double ALPHA = 0.45;

    /** The overlay colours of classes 1, 2, ...: red, green, blue, yellow, magenta, cyan, orange, purple (RGB). */
    private static final int[] PALETTE = {0xff0000, 0x00c000, 0x0060ff, 0xffd700, 0xff00ff, 0x00ffff, 0xff8000,
        0x8000ff};

    private PredictionImages() {
    }

    /** The overlay colour (RGB) of class {@code c >= 1}: {@link #PALETTE}, repeating after 8 classes. */
    public static int colour(int c) {
        if (c < 1) {
            throw new IllegalArgumentException("class 0 is the background and has no colour, got " + c);
        }
        return PALETTE[(c - 1) % PALETTE.length];
    }

    /** The class ids (0..255) as 8-bit grey, one sample per pixel. */
    public static BufferedImage labels(int[] ids, int h, int w) {
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        WritableRaster raster = out.getRaster();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int id = ids[y * w + x];
                if (id < 0 || id > 255) {
                    throw new IllegalArgumentException("class id " + id + " does not fit an 8-bit label map");
                }
                raster.setSample(x, y, 0, id);
            }
        }
        return out;
    }

    /** {@code image} with each pixel of class c &gt; 0 tinted by {@link #colour}{@code (c)}. */
    public static BufferedImage overlay(BufferedImage image, int[] ids) {
        int h = image.getHeight();
        int w = image.getWidth();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = image.getRGB(x, y);
                int id = ids[y * w + x];
                if (id > 0) {
                    int tint = colour(id);
                    int r = (int) Math.round((1 - ALPHA) * (rgb >> 16 & 0xff) + ALPHA * (tint >> 16 & 0xff));
                    int g = (int) Math.round((1 - ALPHA) * (rgb >> 8 & 0xff) + ALPHA * (tint >> 8 & 0xff));
                    int b = (int) Math.round((1 - ALPHA) * (rgb & 0xff) + ALPHA * (tint & 0xff));
                    rgb = r << 16 | g << 8 | b;
                }
                out.setRGB(x, y, rgb & 0xffffff);
            }
        }
        return out;
    }

    /** The mask {@code p >= threshold} as 8-bit grey, 255 for foreground. */
    public static BufferedImage mask(float[] probabilities, int h, int w, double threshold) {
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        WritableRaster raster = out.getRaster();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                raster.setSample(x, y, 0, probabilities[y * w + x] >= threshold ? 255 : 0);
            }
        }
        return out;
    }

    /** The probabilities as 16-bit grey, {@code round(p * 65535)}. */
    public static BufferedImage probabilities(float[] probabilities, int h, int w) {
        return probabilities(probabilities, 0, h, w);
    }

    /** The {@code h x w} probabilities from {@code offset} (one class's map) as 16-bit grey. */
    public static BufferedImage probabilities(float[] probabilities, int offset, int h, int w) {
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_USHORT_GRAY);
        WritableRaster raster = out.getRaster();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double p = Math.max(0, Math.min(1, probabilities[offset + y * w + x]));
                raster.setSample(x, y, 0, (int) Math.round(p * 65535));
            }
        }
        return out;
    }

    /** {@code image} with the foreground of {@code p >= threshold} tinted red. */
    public static BufferedImage overlay(BufferedImage image, float[] probabilities, double threshold) {
        int h = image.getHeight();
        int w = image.getWidth();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = image.getRGB(x, y);
                if (probabilities[y * w + x] >= threshold) {
                    int r = (int) Math.round((1 - ALPHA) * (rgb >> 16 & 0xff) + ALPHA * 255);
                    int g = (int) Math.round((1 - ALPHA) * (rgb >> 8 & 0xff));
                    int b = (int) Math.round((1 - ALPHA) * (rgb & 0xff));
                    rgb = r << 16 | g << 8 | b;
                }
                out.setRGB(x, y, rgb & 0xffffff);
            }
        }
        return out;
    }
}
