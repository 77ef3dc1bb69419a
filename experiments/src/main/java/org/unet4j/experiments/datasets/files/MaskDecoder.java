package org.unet4j.experiments.datasets.files;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Decodes a mask file into labels, recognising the encoding from the values it holds (see {@link MaskEncoding}):
 * grey {0, max} is binary, {0, 1} are 0/1 labels, a palette image gives its indices (unless its used colours are
 * grey, then their grey levels count), colour images give one class per colour with black as background, grey
 * values 0..K below the maximum are object ids where the layout says masks are instance maps and class ids
 * otherwise; a grey mask of one label {0, v} keeps v (its binary target is {@code v > 0} all the same, and in a
 * dataset of label maps it is class v: {@link DatasetCard} decides). JPEG masks are thresholded at half their
 * range. A mask that mixes the full-range maximum with other
 * grey levels (e.g. {0, 1, 255}, or anti-aliased edges) is ambiguous: {@link AmbiguousMaskException} names the file
 * and the values.
 */
public final class MaskDecoder {
    private static final int SHOWN_VALUES = 12;

    private MaskDecoder() {
    }

    /** Thrown for a mask whose values fit no encoding; the message names the file, the values and the fix. */
    public static final class AmbiguousMaskException extends IOException {
        private static final long serialVersionUID = 1L;

        AmbiguousMaskException(String message) {
            super(message);
        }
    }

    /** Decodes {@code image}, read from {@code file}; {@code instances} says grey label maps hold object ids. */
    public static DecodedMask decode(BufferedImage image, Path file, boolean instances) throws IOException {
        int h = image.getHeight();
        int w = image.getWidth();
        Raster raster = image.getRaster();
        if (image.getColorModel() instanceof IndexColorModel palette) {
            return decodePalette(raster, palette, file, instances);
        }
        int bands = raster.getNumBands();
        int[] values = new int[h * w];
        if (bands >= 3) {
            boolean grey = true;
            int[] pixels = new int[bands * w];
            for (int y = 0; y < h; y++) {
                raster.getPixels(0, y, w, 1, pixels);
                image.getRGB(0, y, w, 1, values, y * w, w);
                for (int x = 0; x < w; x++) {
                    int p = x * bands;
                    grey &= pixels[p] == pixels[p + 1] && pixels[p + 1] == pixels[p + 2];
                    values[y * w + x] &= 0xffffff;
                }
            }
            if (!grey) {
                return decodeColours(values, h, w, file, instances);
            }
            for (int p = 0; p < values.length; p++) {
                values[p] &= 0xff;
            }
            return decodeGrey(values, h, w, 255, file, instances);
        }
        raster.getSamples(0, 0, w, h, 0, values);
        int bits = image.getColorModel().getComponentSize(0);
        return decodeGrey(values, h, w, (1 << bits) - 1, file, instances);
    }

    private static DecodedMask decodePalette(Raster raster, IndexColorModel palette, Path file, boolean instances)
            throws IOException {
        int h = raster.getHeight();
        int w = raster.getWidth();
        int[] indices = raster.getSamples(0, 0, w, h, 0, new int[h * w]);
        boolean grey = true;
        for (int index : distinct(indices)) {
            int rgb = palette.getRGB(index);
            grey &= (rgb >> 16 & 0xff) == (rgb >> 8 & 0xff) && (rgb >> 8 & 0xff) == (rgb & 0xff);
        }
        if (grey) {
            for (int p = 0; p < indices.length; p++) {
                indices[p] = palette.getRGB(indices[p]) & 0xff;
            }
            return decodeGrey(indices, h, w, 255, file, instances);
        }
        return withEncoding(indices, h, w, MaskEncoding.PALETTE);
    }

    private static DecodedMask decodeColours(int[] rgb, int h, int w, Path file, boolean instances) {
        TreeSet<Integer> colours = new TreeSet<>();
        for (int c : rgb) {
            colours.add(c);
        }
        colours.remove(0);
        Map<Integer, Integer> ids = new TreeMap<>();
        for (int c : colours) {
            ids.put(c, ids.size() + 1);
        }
        int[] labels = new int[rgb.length];
        for (int p = 0; p < rgb.length; p++) {
            labels[p] = rgb[p] == 0 ? 0 : ids.get(rgb[p]);
        }
        return new DecodedMask(labels, h, w, instances ? MaskEncoding.INSTANCES : MaskEncoding.RGB, ids.size());
    }

    private static DecodedMask decodeGrey(int[] values, int h, int w, int max, Path file, boolean instances)
            throws IOException {
        if (ImageFiles.isLossy(file)) {
            int top = 0;
            for (int v : values) {
                top = Math.max(top, v);
            }
            int[] labels = new int[values.length];
            double threshold = top < 16 ? 0.5 : max / 2.0;
            int foreground = 0;
            for (int p = 0; p < values.length; p++) {
                labels[p] = values[p] > threshold ? 1 : 0;
                foreground |= labels[p];
            }
            return new DecodedMask(labels, h, w, top < 16 ? MaskEncoding.LABELS_01 : MaskEncoding.BINARY_LOSSY,
                    foreground, foreground);
        }
        TreeSet<Integer> distinct = distinct(values);
        TreeSet<Integer> nonZero = new TreeSet<>(distinct);
        nonZero.remove(0);
        if (nonZero.isEmpty() || nonZero.equals(java.util.Set.of(max))) {
            return withEncoding(binary(values), h, w, MaskEncoding.BINARY_MAX);
        }
        if (nonZero.contains(max)) {
            throw new AmbiguousMaskException("ambiguous mask " + file + ": it holds the grey levels "
                    + shown(distinct) + ", which mix the full-range value " + max + " with other labels, so neither"
                    + " 0/" + max + " binary nor a label map reads it unambiguously; re-save it with only 0 and "
                    + max + " (binary), or with labels 0..K below " + max + " (label map)");
        }
        if (nonZero.equals(java.util.Set.of(1)) && !instances) {
            return withEncoding(values.clone(), h, w, MaskEncoding.LABELS_01);
        }
        return withEncoding(values.clone(), h, w, instances ? MaskEncoding.INSTANCES
                : nonZero.size() == 1 ? MaskEncoding.LABELS_01 : MaskEncoding.MULTI_CLASS);
    }

    private static int[] binary(int[] values) {
        int[] labels = new int[values.length];
        for (int p = 0; p < values.length; p++) {
            labels[p] = values[p] > 0 ? 1 : 0;
        }
        return labels;
    }

    private static DecodedMask withEncoding(int[] labels, int h, int w, MaskEncoding encoding) {
        TreeSet<Integer> nonZero = distinct(labels);
        nonZero.remove(0);
        return new DecodedMask(labels, h, w, encoding, nonZero.size());
    }

    /**
     * The distinct values of {@code values} (raster samples or labels, never negative), marked in a table up to
     * 2^24 (8- and 16-bit masks), else gathered in a set.
     */
    private static TreeSet<Integer> distinct(int[] values) {
        int largest = 0;
        for (int v : values) {
            largest = Math.max(largest, v);
        }
        if (largest >= 1 << 24) {
            TreeSet<Integer> out = new TreeSet<>();
            for (int v : values) {
                out.add(v);
            }
            return out;
        }
        boolean[] seen = new boolean[largest + 1];
        for (int v : values) {
            seen[v] = true;
        }
        TreeSet<Integer> out = new TreeSet<>();
        for (int v = 0; v <= largest; v++) {
            if (seen[v]) {
                out.add(v);
            }
        }
        return out;
    }

    private static String shown(TreeSet<Integer> values) {
        String list = values.stream().limit(SHOWN_VALUES).map(String::valueOf).collect(Collectors.joining(", "));
        return "{" + list + (values.size() > SHOWN_VALUES ? ", ... (" + values.size() + " values)" : "") + "}";
    }
}
