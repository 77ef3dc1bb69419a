package org.unet4j.experiments.equivariance;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * PNG pictures of stitched instance labellings: one colour per label (a fixed hash of the label), with the first
 * row and column of every output tile (the pixels just after a stitching line) drawn at half brightness.
 */
final class LabelImages {
    private LabelImages() {
    }

    /** Writes the {@code side} x {@code side} row-major {@code labels}, stitched from tiles of side {@code tile}. */
    static void write(Path file, int[] labels, int side, int tile) throws IOException {
        BufferedImage image = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                int rgb = colour(labels[y * side + x]);
                if ((x > 0 && x % tile == 0) || (y > 0 && y % tile == 0)) {
                    rgb = (rgb >> 1) & 0x7f7f7f;
                }
                image.setRGB(x, y, rgb);
            }
        }
        Files.createDirectories(file.getParent());
        ImageIO.write(image, "png", file.toFile());
    }

    /** A bright colour for {@code label}, the same for the same label. */
    private static int colour(int label) {
        int h = label * 0x9E3779B1;
        h ^= h >>> 15;
        return (h & 0xffffff) | 0x404040;
    }
}
