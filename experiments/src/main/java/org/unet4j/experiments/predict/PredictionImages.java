package org.unet4j.experiments.predict;

import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;

/**
 * The images {@code unet4j predict} writes for one input, all at the input's size: the binary mask (0 and 255),
 * the probabilities as 16-bit grey (p x 65535, rounded) and an overlay of the mask on the input (foreground tinted
 * red, alpha 0.45).
 */
public final class PredictionImages {
    private static final double ALPHA = 0.45;

    private PredictionImages() {
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
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_USHORT_GRAY);
        WritableRaster raster = out.getRaster();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double p = Math.max(0, Math.min(1, probabilities[y * w + x]));
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
