package org.unet4j.experiments.datasets.files;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

import javax.imageio.ImageIO;

/**
 * Writes tiny datasets in the public layouts for tests: each image a bright disk on a dark noisy background, its
 * mask the disk, in the formats and mask encodings the real datasets use.
 */
public final class DatasetFixtures {
    private DatasetFixtures() {
    }

    /** A disk of radius {@code r} at ({@code cy}, {@code cx}): true inside. */
    static boolean inside(int y, int x, int cy, int cx, int r) {
        return (y - cy) * (y - cy) + (x - cx) * (x - cx) <= r * r;
    }

    /** An RGB image of size {@code w x h} with a reddish disk at the given centre on a noisy dark background. */
    public static BufferedImage image(int w, int h, int cy, int cx, int r, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int base = inside(y, x, cy, cx, r) ? 200 : 40;
                int v = Math.max(0, Math.min(255, base + rng.nextInt(-20, 21)));
                image.setRGB(x, y, v << 16 | (v * 3 / 4) << 8 | v / 2);
            }
        }
        return image;
    }

    /** A grey mask of the disk with the values {@code background} and {@code foreground}. */
    public static BufferedImage mask(int w, int h, int cy, int cx, int r, int background, int foreground) {
        BufferedImage mask = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                mask.getRaster().setSample(x, y, 0, inside(y, x, cy, cx, r) ? foreground : background);
            }
        }
        return mask;
    }

    /** Writes {@code image} in {@code format} (ImageIO's name), creating folders. */
    public static void write(BufferedImage image, String format, Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        if (!ImageIO.write(image, format, file.toFile())) {
            throw new IOException("no ImageIO writer for " + format);
        }
    }

    /** Writes {@code image} as a binary PPM (P6). */
    public static void writePpm(BufferedImage image, Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(("P6\n# fixture\n" + image.getWidth() + " " + image.getHeight() + "\n255\n").getBytes());
            for (int y = 0; y < image.getHeight(); y++) {
                for (int x = 0; x < image.getWidth(); x++) {
                    int rgb = image.getRGB(x, y);
                    out.write(rgb >> 16 & 0xff);
                    out.write(rgb >> 8 & 0xff);
                    out.write(rgb & 0xff);
                }
            }
        }
    }

    private static int radius(int i, int size) {
        return size / 5 + i % 3;
    }

    /** Kvasir-SEG: images/ and masks/ of JPEGs, masks 0/255 ({@code labels01}: 0/1 PNG masks instead). */
    public static Path kvasir(Path root, int count, int size, boolean labels01) throws IOException {
        for (int i = 0; i < count; i++) {
            int cy = size / 2 + i % 5 - 2;
            int cx = size / 2 - i % 4 + 1;
            int r = radius(i, size);
            write(image(size, size, cy, cx, r, i), "jpg", root.resolve("images/s" + i + ".jpg"));
            if (labels01) {
                write(mask(size, size, cy, cx, r, 0, 1), "png", root.resolve("masks/s" + i + ".png"));
            } else {
                write(mask(size, size, cy, cx, r, 0, 255), "jpg", root.resolve("masks/s" + i + ".jpg"));
            }
        }
        return root;
    }

    /** ISIC 2018: Training and Validation input/ground-truth folders. */
    public static Path isic(Path root, int train, int validation, int size) throws IOException {
        for (int i = 0; i < train + validation; i++) {
            String part = i < train ? "Training" : "Validation";
            String id = String.format("ISIC_%07d", i);
            write(image(size, size, size / 2, size / 2, radius(i, size), i), "jpg",
                    root.resolve("ISIC2018_Task1-2_" + part + "_Input/" + id + ".jpg"));
            write(mask(size, size, size / 2, size / 2, radius(i, size), 0, 255), "png",
                    root.resolve("ISIC2018_Task1_" + part + "_GroundTruth/" + id + "_segmentation.png"));
        }
        return root;
    }

    /** GlaS: BMP images and instance maps (two glands, ids 1 and 2), train and testA/testB. */
    public static Path glas(Path root, int perPart, int w, int h) throws IOException {
        for (String part : new String[] {"train", "testA", "testB"}) {
            for (int i = 1; i <= perPart; i++) {
                BufferedImage image = image(w, h, h / 3, w / 3, h / 5, i);
                BufferedImage anno = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        int id = inside(y, x, h / 3, w / 3, h / 5) ? 1 : inside(y, x, 2 * h / 3, 2 * w / 3, h / 6) ? 2
                                : 0;
                        anno.getRaster().setSample(x, y, 0, id);
                    }
                }
                write(image, "bmp", root.resolve(part + "_" + i + ".bmp"));
                write(anno, "bmp", root.resolve(part + "_" + i + "_anno.bmp"));
            }
        }
        Files.writeString(root.resolve("Grade.csv"), "name,patient,grade\n");
        return root;
    }

    /** DRIVE: TIFF images, GIF manual masks (0/255), training and test. */
    public static Path drive(Path root, int perPart, int size) throws IOException {
        int n = 1;
        for (String part : new String[] {"training", "test"}) {
            for (int i = 0; i < perPart; i++, n++) {
                String id = String.format("%02d", n);
                write(image(size, size, size / 2, size / 2, radius(n, size), n), "tiff",
                        root.resolve(part + "/images/" + id + "_" + part + ".tif"));
                write(mask(size, size, size / 2, size / 2, radius(n, size), 0, 255), "gif",
                        root.resolve(part + "/1st_manual/" + id + "_manual1.gif"));
            }
        }
        return root;
    }

    /**
     * DRIVE's field-of-view masks for a {@link #drive} fixture: {@code mask/NN_part_mask.gif}, 255 inside the disk of
     * radius {@code size * 2 / 5} at the centre (which holds the vessel disk), 0 outside.
     */
    public static Path driveFieldOfView(Path root, int perPart, int size) throws IOException {
        int n = 1;
        for (String part : new String[] {"training", "test"}) {
            for (int i = 0; i < perPart; i++, n++) {
                write(mask(size, size, size / 2, size / 2, size * 2 / 5, 0, 255), "gif",
                        root.resolve(part + "/mask/" + String.format("%02d", n) + "_" + part + "_mask.gif"));
            }
        }
        return root;
    }

    /**
     * A generic {@code images/} + {@code masks/} folder of three-class label maps (PNG grey 0, 1, 2): class 1 a
     * bright disk, class 2 a mid-grey square, on a dark noisy background; every mask holds both classes.
     */
    public static Path threeClasses(Path root, int count, int size) throws IOException {
        for (int i = 0; i < count; i++) {
            SplittableRandom rng = new SplittableRandom(i);
            int cy = size / 3 + i % 3;
            int cx = size / 3 + i % 2;
            int r = size / 6 + i % 2;
            int top = size / 2 + i % 3;
            int left = size / 2 + 1;
            int side = size / 3;
            BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_BYTE_GRAY);
            BufferedImage mask = new BufferedImage(size, size, BufferedImage.TYPE_BYTE_GRAY);
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    int label = inside(y, x, cy, cx, r) ? 1 : y >= top && y < top + side && x >= left
                            && x < left + side ? 2 : 0;
                    int base = label == 1 ? 220 : label == 2 ? 130 : 30;
                    image.getRaster().setSample(x, y, 0, Math.max(0, Math.min(255, base + rng.nextInt(-15, 16))));
                    mask.getRaster().setSample(x, y, 0, label);
                }
            }
            write(image, "png", root.resolve("images/c" + i + ".png"));
            write(mask, "png", root.resolve("masks/c" + i + ".png"));
        }
        return root;
    }

    /** STARE: PPM images with two annotators' PPM labels (vk's disk one pixel larger). */
    public static Path stare(Path root, int count, int size) throws IOException {
        for (int i = 1; i <= count; i++) {
            String id = String.format("im%04d", i);
            int r = radius(i, size);
            writePpm(image(size, size, size / 2, size / 2, r, i), root.resolve("stare-images/" + id + ".ppm"));
            writePpm(rgb(mask(size, size, size / 2, size / 2, r, 0, 255)), root.resolve("labels-ah/" + id + ".ah.ppm"));
            writePpm(rgb(mask(size, size, size / 2, size / 2, r + 1, 0, 255)),
                    root.resolve("labels-vk/" + id + ".vk.ppm"));
        }
        return root;
    }

    private static BufferedImage rgb(BufferedImage grey) {
        BufferedImage out = new BufferedImage(grey.getWidth(), grey.getHeight(), BufferedImage.TYPE_INT_RGB);
        out.getGraphics().drawImage(grey, 0, 0, null);
        return out;
    }

    /** DS Bowl 2018: one folder per image, masks/ with one 0/255 PNG per nucleus (two nuclei). */
    public static Path dsb(Path root, int count, int size) throws IOException {
        for (int i = 0; i < count; i++) {
            String id = "img" + i;
            Path folder = root.resolve(id);
            write(image(size, size, size / 3, size / 3, size / 6, i), "png", folder.resolve("images/" + id + ".png"));
            write(mask(size, size, size / 3, size / 3, size / 6, 0, 255), "png", folder.resolve("masks/n1.png"));
            write(mask(size, size, 3 * size / 4, 3 * size / 4, size / 8, 0, 255), "png",
                    folder.resolve("masks/n2.png"));
        }
        return root;
    }

    /** BUSI: benign/ and malignant/ with NAME_mask.png, the first benign image with a second NAME_mask_1.png. */
    public static Path busi(Path root, int perClass, int size) throws IOException {
        for (String kind : new String[] {"benign", "malignant"}) {
            for (int i = 1; i <= perClass; i++) {
                String name = kind + " (" + i + ")";
                write(image(size, size, size / 3, size / 3, size / 6, i), "png", root.resolve(kind + "/" + name
                        + ".png"));
                write(mask(size, size, size / 3, size / 3, size / 6, 0, 255), "png", root.resolve(kind + "/" + name
                        + "_mask.png"));
                if (kind.equals("benign") && i == 1) {
                    write(mask(size, size, 3 * size / 4, 3 * size / 4, size / 8, 0, 255), "png",
                            root.resolve(kind + "/" + name + "_mask_1.png"));
                }
            }
        }
        return root;
    }

    /** A manifest.csv over Kvasir-style files, with the first two samples marked test. */
    public static Path manifest(Path root, int count, int size) throws IOException {
        kvasir(root.resolve("files"), count, size, true);
        StringBuilder csv = new StringBuilder("image,mask,split\n");
        for (int i = 0; i < count; i++) {
            csv.append("files/images/s").append(i).append(".jpg,files/masks/s").append(i).append(".png,")
                    .append(i < 2 ? "test" : "").append('\n');
        }
        Files.writeString(root.resolve("manifest.csv"), csv.toString());
        return root;
    }
}
