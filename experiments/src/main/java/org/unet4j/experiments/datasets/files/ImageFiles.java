package org.unet4j.experiments.datasets.files;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import javax.imageio.ImageIO;

/**
 * Reads image files: PNG, JPEG, BMP, GIF and TIFF through the JDK's ImageIO, PPM/PGM/PBM through
 * {@link NetpbmReader} (also gzipped, {@code .ppm.gz}). Every failure names the file.
 */
public final class ImageFiles {
    /** The file extensions read, lower case. */
    public static final List<String> EXTENSIONS = List.of("png", "jpg", "jpeg", "bmp", "gif", "tif", "tiff", "ppm",
            "pgm", "pbm");

    private ImageFiles() {
    }

    /** The lower-case extension of {@code file}, or "" when it has none. */
    public static String extension(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(dot + 1).toLowerCase(Locale.ROOT) : "";
    }

    /** The file name without its extension. */
    public static String stem(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    /** Whether {@code file} has an extension {@link #read} decodes. */
    public static boolean isImage(Path file) {
        return EXTENSIONS.contains(extension(file));
    }

    /** Whether the format loses information (JPEG): its masks hold grey levels near, not at, 0 and 255. */
    public static boolean isLossy(Path file) {
        return extension(file).equals("jpg") || extension(file).equals("jpeg");
    }

    /** The decoded image. */
    public static BufferedImage read(Path file) throws IOException {
        String extension = extension(file);
        if (extension.equals("ppm") || extension.equals("pgm") || extension.equals("pbm") || extension.equals("gz")) {
            return NetpbmReader.read(file);
        }
        BufferedImage image;
        try {
            image = ImageIO.read(file.toFile());
        } catch (IOException | RuntimeException e) {
            throw new IOException("cannot decode " + file + ": corrupt or not a " + extension.toUpperCase(Locale.ROOT)
                    + " image (" + e.getMessage() + ")", e);
        }
        if (image == null) {
            throw new IOException("cannot decode " + file + ": no ImageIO reader accepts it (corrupt, or a "
                    + extension.toUpperCase(Locale.ROOT) + " variant the JDK cannot read)");
        }
        return image;
    }

    /** Channel-planar floats in [0, 1]: R, G, B or the luma 0.299 R + 0.587 G + 0.114 B. */
    public static float[] planes(BufferedImage image, boolean rgb) {
        int h = image.getHeight();
        int w = image.getWidth();
        int plane = h * w;
        float[] out = new float[(rgb ? 3 : 1) * plane];
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            image.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0; x < w; x++) {
                float r = (row[x] >> 16 & 0xff) / 255f;
                float g = (row[x] >> 8 & 0xff) / 255f;
                float b = (row[x] & 0xff) / 255f;
                if (rgb) {
                    out[y * w + x] = r;
                    out[plane + y * w + x] = g;
                    out[2 * plane + y * w + x] = b;
                } else {
                    out[y * w + x] = 0.299f * r + 0.587f * g + 0.114f * b;
                }
            }
        }
        return out;
    }
}
