package org.unet4j.experiments.equivariance;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.unet4j.autodiff.Tensor;

/** PNG pictures of embeddings: the first three embedding channels as red, green and blue, each scaled to [0, 255]. */
final class EmbeddingImages {
    private EmbeddingImages() {
    }

    /** Writes sample 0 of {@code embeddings} [N, D, H, W] to {@code file}. */
    static void write(Path file, Tensor embeddings) throws IOException {
        int d = embeddings.dim(1);
        int h = embeddings.dim(2);
        int w = embeddings.dim(3);
        double[] v = embeddings.slice(0, 0, 1).toDoubleArray();
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int[] rgb = new int[h * w];
        for (int c = 0; c < Math.min(3, d); c++) {
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < h * w; i++) {
                min = Math.min(min, v[c * h * w + i]);
                max = Math.max(max, v[c * h * w + i]);
            }
            double range = max > min ? max - min : 1;
            for (int i = 0; i < h * w; i++) {
                int level = (int) Math.round(255 * (v[c * h * w + i] - min) / range);
                rgb[i] |= level << (16 - 8 * c);
            }
        }
        image.setRGB(0, 0, w, h, rgb, 0, w);
        Files.createDirectories(file.getParent());
        ImageIO.write(image, "png", file.toFile());
    }
}
