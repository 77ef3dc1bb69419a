package org.unet4j.experiments.datasets;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import org.unet4j.autodiff.Tensor;

/**
 * A segmentation dataset read from image files and mask files matched by name, in the layouts of the public sets:
 * {@link Layout#kvasirSeg} ({@code images/x.jpg} with {@code masks/x.jpg}), {@link Layout#isic}
 * ({@code x.jpg} with {@code x_segmentation.png} in another folder) and {@link Layout#glas} ({@code x.bmp} with
 * {@code x_anno.bmp} in the same folder). PNG, JPEG and BMP are read with {@link ImageIO}.
 *
 * <p>Images become floats in [0, 1], one channel (luma) or three (RGB); a mask pixel is foreground when its grey
 * level exceeds half the range. Images are used as they are (all must then have one size), resized to a fixed size
 * (bilinear for images, nearest for masks), or cut into non-overlapping square tiles (the remainder is dropped).
 *
 * <p>A corrupt image, an image without a mask or an image whose mask differs in size stops loading with an error
 * naming the file, unless {@code skipInvalid} is set, in which case the sample is left out with a warning.
 *
 * <pre>{@code
 * var folder = ImageMaskFolder.load(ImageMaskFolder.Layout.kvasirSeg(Path.of("Kvasir-SEG")),
 *         new ImageMaskFolder.Options(ImageMaskFolder.Color.RGB, ImageMaskFolder.Sizing.resize(128), false));
 * var split = folder.split(0.8, 0.1, 7);   // train / val / test by seed
 * }</pre>
 */
public final class ImageMaskFolder implements SegmentationDataset {
    private static final List<String> IMAGE_EXTENSIONS = List.of("png", "jpg", "jpeg", "bmp");

    /** Where the images and masks are and how their names correspond. */
    public record Layout(Path images, Path masks, String maskSuffix) {
        /** Kvasir-SEG: {@code root/images/NAME.jpg} and {@code root/masks/NAME.jpg}. */
        public static Layout kvasirSeg(Path root) {
            return new Layout(root.resolve("images"), root.resolve("masks"), "");
        }

        /** ISIC: {@code images/NAME.jpg} and {@code masks/NAME_segmentation.png}. */
        public static Layout isic(Path images, Path masks) {
            return new Layout(images, masks, "_segmentation");
        }

        /** GlaS: {@code folder/NAME.bmp} and {@code folder/NAME_anno.bmp}. */
        public static Layout glas(Path folder) {
            return new Layout(folder, folder, "_anno");
        }
    }

    /** The channels images are read into. */
    public enum Color {
        /** One channel, the luma 0.299 R + 0.587 G + 0.114 B. */
        GRAYSCALE,
        /** Three channels, R, G and B. */
        RGB
    }

    /**
     * How images of different sizes become one tensor: {@code AS_IS} (sizes must agree), {@code RESIZE} to
     * {@code height x width}, or {@code TILE} into {@code height x width} tiles.
     */
    public record Sizing(Mode mode, int height, int width) {
        /** The sizing modes. */
        public enum Mode { AS_IS, RESIZE, TILE }

        /** Validates the size. */
        public Sizing {
            if (mode != Mode.AS_IS && (height < 1 || width < 1)) {
                throw new IllegalArgumentException("a " + mode.name().toLowerCase(Locale.ROOT) + " size must be at"
                        + " least 1x1, got " + height + "x" + width);
            }
        }

        /** Every image must already have the same size. */
        public static Sizing asIs() {
            return new Sizing(Mode.AS_IS, 0, 0);
        }

        /** Resize to {@code size x size}. */
        public static Sizing resize(int size) {
            return new Sizing(Mode.RESIZE, size, size);
        }

        /** Cut into {@code size x size} tiles. */
        public static Sizing tile(int size) {
            return new Sizing(Mode.TILE, size, size);
        }
    }

    /**
     * Reading options.
     *
     * @param color       grayscale or RGB
     * @param sizing      as is, resized or tiled
     * @param skipInvalid leave out corrupt or unmatched samples with a warning instead of failing
     */
    public record Options(Color color, Sizing sizing, boolean skipInvalid) {
    }

    /**
     * A train / validation / test split.
     *
     * @param train      training samples
     * @param validation validation samples
     * @param test       test samples
     */
    public record Split(SegmentationDataset train, SegmentationDataset validation, SegmentationDataset test) {
    }

    private final Tensor images;
    private final Tensor masks;
    private final List<String> names;

    private ImageMaskFolder(Tensor images, Tensor masks, List<String> names) {
        this.images = images;
        this.masks = masks;
        this.names = List.copyOf(names);
    }

    /** Reads every image of {@code layout} with its mask; warnings (skipped samples) go to standard error. */
    public static ImageMaskFolder load(Layout layout, Options options) throws IOException {
        return load(layout, options, System.err::println);
    }

    /** Reads every image of {@code layout} with its mask, sending warnings to {@code warnings}. */
    public static ImageMaskFolder load(Layout layout, Options options, Consumer<String> warnings)
            throws IOException {
        Map<String, Path> maskFiles = filesByStem(layout.masks());
        List<float[]> imagePlanes = new ArrayList<>();
        List<float[]> maskPlanes = new ArrayList<>();
        List<String> names = new ArrayList<>();
        int channels = options.color() == Color.RGB ? 3 : 1;
        int[] size = null;
        for (Map.Entry<String, Path> entry : filesByStem(layout.images()).entrySet()) {
            String stem = entry.getKey();
            if (!layout.maskSuffix().isEmpty() && stem.endsWith(layout.maskSuffix())
                    && layout.images().equals(layout.masks())) {
                continue;
            }
            Path imageFile = entry.getValue();
            Path maskFile = maskFiles.get(stem + layout.maskSuffix());
            try {
                if (maskFile == null) {
                    throw new IOException("no mask for " + imageFile + ": expected " + layout.masks().resolve(stem
                            + layout.maskSuffix() + ".<png|jpg|bmp>"));
                }
                BufferedImage image = read(imageFile);
                BufferedImage mask = read(maskFile);
                if (image.getWidth() != mask.getWidth() || image.getHeight() != mask.getHeight()) {
                    throw new IOException("size mismatch: " + imageFile + " is " + image.getWidth() + "x"
                            + image.getHeight() + " but its mask " + maskFile + " is " + mask.getWidth() + "x"
                            + mask.getHeight());
                }
                float[] pixels = pixels(image, options.color());
                float[] maskPixels = maskPixels(mask);
                int h = image.getHeight();
                int w = image.getWidth();
                switch (options.sizing().mode()) {
                    case AS_IS -> {
                        if (size == null) {
                            size = new int[] {h, w};
                        } else if (size[0] != h || size[1] != w) {
                            throw new IOException(imageFile + " is " + w + "x" + h + " but earlier images are "
                                    + size[1] + "x" + size[0] + "; resize or tile them (Sizing.resize/tile)");
                        }
                        imagePlanes.add(pixels);
                        maskPlanes.add(maskPixels);
                        names.add(stem);
                    }
                    case RESIZE -> {
                        size = new int[] {options.sizing().height(), options.sizing().width()};
                        imagePlanes.add(Resampling.bilinear(pixels, channels, h, w, size[0], size[1]));
                        maskPlanes.add(Resampling.nearest(maskPixels, h, w, size[0], size[1]));
                        names.add(stem);
                    }
                    case TILE -> {
                        size = new int[] {options.sizing().height(), options.sizing().width()};
                        int tiles = 0;
                        for (int ty = 0; ty + size[0] <= h; ty += size[0]) {
                            for (int tx = 0; tx + size[1] <= w; tx += size[1]) {
                                imagePlanes.add(Resampling.cut(pixels, channels, h, w, ty, tx, size[0], size[1]));
                                maskPlanes.add(Resampling.cut(maskPixels, 1, h, w, ty, tx, size[0], size[1]));
                                names.add(stem + "@" + ty + "," + tx);
                                tiles++;
                            }
                        }
                        if (tiles == 0) {
                            throw new IOException(imageFile + " (" + w + "x" + h + ") is smaller than one "
                                    + size[1] + "x" + size[0] + " tile");
                        }
                    }
                    default -> throw new IllegalStateException(options.sizing().mode().toString());
                }
            } catch (IOException e) {
                if (!options.skipInvalid()) {
                    throw e;
                }
                warnings.accept("skipped: " + e.getMessage());
            }
        }
        if (names.isEmpty()) {
            throw new IOException("no usable image with a mask in " + layout.images() + " (masks in "
                    + layout.masks() + ", mask names ending '" + layout.maskSuffix() + "')");
        }
        int plane = size[0] * size[1];
        float[] imageData = new float[names.size() * channels * plane];
        float[] maskData = new float[names.size() * plane];
        for (int i = 0; i < names.size(); i++) {
            System.arraycopy(imagePlanes.get(i), 0, imageData, i * channels * plane, channels * plane);
            System.arraycopy(maskPlanes.get(i), 0, maskData, i * plane, plane);
        }
        return new ImageMaskFolder(Tensor.wrap(imageData, names.size(), channels, size[0], size[1]),
                Tensor.wrap(maskData, names.size(), 1, size[0], size[1]), names);
    }

    /** Image files of {@code folder} by name without extension, sorted by name. */
    private static Map<String, Path> filesByStem(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            throw new IOException("no such folder: " + folder);
        }
        Map<String, Path> out = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.sorted().toList()) {
                String name = file.getFileName().toString();
                int dot = name.lastIndexOf('.');
                if (dot > 0 && IMAGE_EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT))) {
                    out.putIfAbsent(name.substring(0, dot), file);
                }
            }
        }
        return out;
    }

    private static BufferedImage read(Path file) throws IOException {
        BufferedImage image;
        try {
            image = ImageIO.read(file.toFile());
        } catch (IOException | RuntimeException e) {
            throw new IOException("cannot decode " + file + ": corrupt or not a PNG/JPEG/BMP image (" + e.getMessage()
                    + ")", e);
        }
        if (image == null) {
            throw new IOException("cannot decode " + file + ": corrupt or not a PNG/JPEG/BMP image");
        }
        return image;
    }

    private static float[] pixels(BufferedImage image, Color color) {
        int h = image.getHeight();
        int w = image.getWidth();
        int plane = h * w;
        float[] out = new float[(color == Color.RGB ? 3 : 1) * plane];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = image.getRGB(x, y);
                float r = (rgb >> 16 & 0xff) / 255f;
                float g = (rgb >> 8 & 0xff) / 255f;
                float b = (rgb & 0xff) / 255f;
                if (color == Color.RGB) {
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

    private static float[] maskPixels(BufferedImage mask) {
        float[] grey = pixels(mask, Color.GRAYSCALE);
        for (int p = 0; p < grey.length; p++) {
            grey[p] = grey[p] > 0.5f ? 1 : 0;
        }
        return grey;
    }

    @Override
    public Tensor images() {
        return images;
    }

    @Override
    public Tensor masks() {
        return masks;
    }

    /** The sample names (file names without extension; tiles add {@code @row,column}), in sample order. */
    public List<String> names() {
        return names;
    }

    /**
     * A random split into {@code trainFraction}, {@code validationFraction} and the rest for testing, each part
     * keeping at least one sample; the same seed gives the same split.
     */
    public Split split(double trainFraction, double validationFraction, long seed) {
        if (!(trainFraction > 0 && validationFraction >= 0 && trainFraction + validationFraction < 1)) {
            throw new IllegalArgumentException("split fractions must satisfy train > 0, validation >= 0 and train +"
                    + " validation < 1, got " + trainFraction + " and " + validationFraction);
        }
        int n = count();
        if (n < 3) {
            throw new IllegalArgumentException("cannot split " + n + " samples three ways; add images");
        }
        int[] order = Batch.order(n, new SplittableRandom(seed));
        int train = Math.max(1, Math.min(n - 2, (int) Math.round(trainFraction * n)));
        int validation = Math.max(1, Math.min(n - train - 1, (int) Math.round(validationFraction * n)));
        return new Split(select(java.util.Arrays.copyOfRange(order, 0, train)),
                select(java.util.Arrays.copyOfRange(order, train, train + validation)),
                select(java.util.Arrays.copyOfRange(order, train + validation, n)));
    }

    @Override
    public String toString() {
        return "ImageMaskFolder[" + count() + " samples, images " + images.shape() + "]";
    }
}
