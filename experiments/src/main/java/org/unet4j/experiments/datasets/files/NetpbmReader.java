package org.unet4j.experiments.datasets.files;

import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads the Netpbm formats (PBM, PGM, PPM; plain P1-P3 and binary P4-P6, maxval up to 65535), which the JDK's
 * ImageIO cannot: STARE is distributed as PPM. Grey images become {@code TYPE_BYTE_GRAY} or {@code TYPE_USHORT_GRAY}
 * (by maxval), colour images {@code TYPE_INT_RGB} (16-bit samples keep their top 8 bits); samples are rescaled from
 * {@code [0, maxval]} to the full range of the target type, PBM's 1 = black becomes 0. A {@code .gz} file (as STARE
 * ships them) is decompressed on the way.
 */
final class NetpbmReader {
    private NetpbmReader() {
    }

    /** The image in {@code file}; an {@link IOException} names the file and what is wrong with it. */
    static BufferedImage read(Path file) throws IOException {
        InputStream raw = Files.newInputStream(file);
        if (file.getFileName().toString().endsWith(".gz")) {
            raw = new java.util.zip.GZIPInputStream(raw);
        }
        try (InputStream in = new BufferedInputStream(raw)) {
            return read(in, file.toString());
        }
    }

    private static BufferedImage read(InputStream in, String name) throws IOException {
        if (in.read() != 'P') {
            throw new IOException(name + " is not a Netpbm image: it does not start with 'P1'..'P6'");
        }
        int kind = in.read() - '0';
        if (kind < 1 || kind > 6) {
            throw new IOException(name + " is not a Netpbm image: magic 'P" + (char) (kind + '0') + "'");
        }
        int width = headerNumber(in, name);
        int height = headerNumber(in, name);
        int maxval = kind == 1 || kind == 4 ? 1 : headerNumber(in, name);
        if (width < 1 || height < 1 || maxval < 1 || maxval > 65535) {
            throw new IOException(name + ": invalid Netpbm header " + width + "x" + height + " maxval " + maxval);
        }
        boolean color = kind == 3 || kind == 6;
        boolean wide = maxval > 255;
        BufferedImage image = new BufferedImage(width, height, color ? BufferedImage.TYPE_INT_RGB
                : wide ? BufferedImage.TYPE_USHORT_GRAY : BufferedImage.TYPE_BYTE_GRAY);
        WritableRaster raster = image.getRaster();
        int full = wide ? 65535 : 255;
        for (int y = 0; y < height; y++) {
            int bits = 0;
            int bitsLeft = 0;
            for (int x = 0; x < width; x++) {
                if (kind == 4) {
                    if (bitsLeft == 0) {
                        bits = next(in, name);
                        bitsLeft = 8;
                    }
                    bitsLeft--;
                    raster.setSample(x, y, 0, (bits >> bitsLeft & 1) == 1 ? 0 : 255);
                } else if (kind == 1) {
                    raster.setSample(x, y, 0, headerNumber(in, name) == 1 ? 0 : 255);
                } else if (color) {
                    int r = scale(sample(in, kind == 3, wide, name), maxval, 255);
                    int g = scale(sample(in, kind == 3, wide, name), maxval, 255);
                    int b = scale(sample(in, kind == 3, wide, name), maxval, 255);
                    image.setRGB(x, y, r << 16 | g << 8 | b);
                } else {
                    raster.setSample(x, y, 0, scale(sample(in, kind == 2, wide, name), maxval, full));
                }
            }
        }
        return image;
    }

    private static int scale(int value, int maxval, int full) {
        if (value > maxval) {
            throw new IllegalStateException("sample " + value + " above maxval " + maxval);
        }
        return maxval == full ? value : (int) Math.round((double) value * full / maxval);
    }

    private static int sample(InputStream in, boolean plain, boolean wide, String name) throws IOException {
        if (plain) {
            return headerNumber(in, name);
        }
        int high = next(in, name);
        return wide ? high << 8 | next(in, name) : high;
    }

    private static int next(InputStream in, String name) throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new IOException(name + ": the Netpbm pixel data ends early (truncated file)");
        }
        return b;
    }

    /** The next decimal number, skipping white space and {@code #} comments; consumes one following space. */
    private static int headerNumber(InputStream in, String name) throws IOException {
        int c = next(in, name);
        while (Character.isWhitespace(c) || c == '#') {
            if (c == '#') {
                while (c != '\n' && c != '\r') {
                    c = next(in, name);
                }
            }
            c = next(in, name);
        }
        if (c < '0' || c > '9') {
            throw new IOException(name + ": expected a number in the Netpbm data, found '" + (char) c + "'");
        }
        long value = 0;
        while (c >= '0' && c <= '9') {
            value = value * 10 + (c - '0');
            if (value > Integer.MAX_VALUE) {
                throw new IOException(name + ": number too large in the Netpbm data");
            }
            c = in.read();
        }
        return (int) value;
    }
}
