package org.unet4j.experiments.datasets.files;

import java.awt.image.BufferedImage;
import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.awt.image.Raster;
import java.awt.image.SinglePixelPackedSampleModel;
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

    /**
     * Channel-planar floats in [0, 1]: R, G, B or the luma 0.299 R + 0.587 G + 0.114 B, of the sRGB colours
     * {@link BufferedImage#getRGB} gives. The common decoded layouts (8-bit BGR, ABGR, packed RGB/ARGB ints, 8-bit
     * grey or palette) are read from the raster's data arrays in bulk, with the same values as {@code getRGB}; other
     * layouts go through {@code getRGB} row by row.
     */
    public static float[] planes(BufferedImage image, boolean rgb) {
        int h = image.getHeight();
        int w = image.getWidth();
        float[] out = new float[(rgb ? 3 : 1) * h * w];
        int[] row = new int[w];
        PackedRows rows = PackedRows.of(image);
        for (int y = 0; y < h; y++) {
            read(image, rows, y, row);
            store(row, out, y * w, h * w, rgb);
        }
        return out;
    }

    /**
     * {@link SizePolicy#bilinear} of {@link #planes}, {@code outH x outW}, with the same values, converting only the
     * source rows the resize reads, each once, and holding two of them at a time instead of the whole image.
     */
    public static float[] resized(BufferedImage image, boolean rgb, int outH, int outW) {
        int h = image.getHeight();
        int w = image.getWidth();
        int channels = rgb ? 3 : 1;
        SizePolicy.Axis xs = SizePolicy.Axis.of(w, outW);
        SizePolicy.Axis ys = SizePolicy.Axis.of(h, outH);
        float[] out = new float[channels * outH * outW];
        PackedRows rows = PackedRows.of(image);
        int[] packed = new int[w];
        float[] lo = new float[channels * w];
        float[] hi = new float[channels * w];
        int loRow = -1;
        int hiRow = -1;
        for (int y = 0; y < outH; y++) {
            int y0 = ys.lo()[y];
            int y1 = ys.hi()[y];
            if (y0 != loRow) {
                if (y0 == hiRow) {
                    float[] swap = lo;
                    lo = hi;
                    hi = swap;
                    hiRow = -1;
                } else {
                    read(image, rows, y0, packed);
                    store(packed, lo, 0, w, rgb);
                }
                loRow = y0;
            }
            if (y1 != hiRow) {
                read(image, rows, y1, packed);
                store(packed, hi, 0, w, rgb);
                hiRow = y1;
            }
            for (int c = 0; c < channels; c++) {
                SizePolicy.bilinearRow(lo, c * w, hi, c * w, xs, ys, y, out, (c * outH + y) * outW);
            }
        }
        return out;
    }

    private static void read(BufferedImage image, PackedRows rows, int y, int[] row) {
        if (rows != null) {
            rows.read(y, row);
        } else {
            image.getRGB(0, y, row.length, 1, row, 0, row.length);
        }
    }

    /** {@code v / 255f} for each byte value v. */
    private static final float[] UNIT = new float[256];

    static {
        for (int v = 0; v < 256; v++) {
            UNIT[v] = v / 255f;
        }
    }

    private static void store(int[] row, float[] out, int at, int plane, boolean rgb) {
        for (int x = 0; x < row.length; x++) {
            float r = UNIT[row[x] >> 16 & 0xff];
            float g = UNIT[row[x] >> 8 & 0xff];
            float b = UNIT[row[x] & 0xff];
            if (rgb) {
                out[at + x] = r;
                out[plane + at + x] = g;
                out[2 * plane + at + x] = b;
            } else {
                out[at + x] = 0.299f * r + 0.587f * g + 0.114f * b;
            }
        }
    }

    /**
     * Rows of {@code 0xRRGGBB} read straight from a raster's data array, for the image types whose {@code getRGB}
     * is a copy of the stored bytes (interleaved 8-bit BGR/ABGR, packed int RGB/ARGB) or a lookup of one byte
     * (8-bit grey, whose linear grey {@code getRGB} maps to sRGB, and palettes): the table holds {@code getRGB} of
     * each byte value, so the result is the same.
     */
    private record PackedRows(Object data, int offset, int scanline, int pixelStride, int[] bandOffsets,
            int[] table, int width) {
        static PackedRows of(BufferedImage image) {
            Raster raster = image.getRaster();
            int type = image.getType();
            boolean known = type == BufferedImage.TYPE_3BYTE_BGR || type == BufferedImage.TYPE_4BYTE_ABGR
                    || type == BufferedImage.TYPE_INT_RGB || type == BufferedImage.TYPE_INT_ARGB
                    || type == BufferedImage.TYPE_BYTE_GRAY || type == BufferedImage.TYPE_BYTE_INDEXED;
            if (!known || raster.getParent() != null || raster.getMinX() != 0 || raster.getMinY() != 0
                    || raster.getDataBuffer().getNumBanks() != 1) {
                return null;
            }
            DataBuffer buffer = raster.getDataBuffer();
            if (raster.getSampleModel() instanceof SinglePixelPackedSampleModel packed
                    && buffer instanceof DataBufferInt ints) {
                return new PackedRows(ints.getData(), ints.getOffset(), packed.getScanlineStride(), 1, null, null,
                        raster.getWidth());
            }
            if (raster.getSampleModel() instanceof ComponentSampleModel component
                    && buffer instanceof DataBufferByte bytes) {
                int[] table = null;
                if (component.getNumBands() == 1) {
                    table = new int[256];
                    byte[] one = new byte[1];
                    for (int v = 0; v < 256; v++) {
                        one[0] = (byte) v;
                        table[v] = image.getColorModel().getRGB(one);
                    }
                } else if (component.getNumBands() < 3) {
                    return null;
                }
                return new PackedRows(bytes.getData(), bytes.getOffset(), component.getScanlineStride(),
                        component.getPixelStride(), component.getBandOffsets(), table, raster.getWidth());
            }
            return null;
        }

        void read(int y, int[] row) {
            if (data instanceof int[] ints) {
                System.arraycopy(ints, offset + y * scanline, row, 0, width);
                return;
            }
            byte[] bytes = (byte[]) data;
            int at = offset + y * scanline;
            if (table != null) {
                int band = at + bandOffsets[0];
                for (int x = 0; x < width; x++) {
                    row[x] = table[bytes[band + x * pixelStride] & 0xff];
                }
                return;
            }
            int r = at + bandOffsets[0];
            int g = at + bandOffsets[1];
            int b = at + bandOffsets[2];
            for (int x = 0; x < width; x++) {
                int p = x * pixelStride;
                row[x] = (bytes[r + p] & 0xff) << 16 | (bytes[g + p] & 0xff) << 8 | bytes[b + p] & 0xff;
            }
        }
    }
}
