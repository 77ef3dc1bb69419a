package org.unet4j.experiments.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageMaskFolderTest {
    private static final ImageMaskFolder.Options GRAY_AS_IS = new ImageMaskFolder.Options(
            ImageMaskFolder.Color.GRAYSCALE, ImageMaskFolder.Sizing.asIs(), false);

    /** Writes an image whose pixel (x, y) has grey level 10 x + y and a mask of its left half. */
    private static void writePair(Path images, Path masks, String name, String maskName, int w, int h)
            throws IOException {
        Files.createDirectories(images);
        Files.createDirectories(masks);
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        BufferedImage mask = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int g = 10 * x + y;
                image.setRGB(x, y, g << 16 | g << 8 | g);
                mask.setRGB(x, y, x < w / 2 ? 0xffffff : 0);
            }
        }
        ImageIO.write(image, "png", images.resolve(name + ".png").toFile());
        ImageIO.write(mask, "png", masks.resolve(maskName + ".png").toFile());
    }

    @Test
    void readsKvasirLayoutMatchedByName(@TempDir Path root) throws IOException {
        for (String name : List.of("b", "a", "c")) {
            writePair(root.resolve("images"), root.resolve("masks"), name, name, 6, 4);
        }
        ImageMaskFolder folder = ImageMaskFolder.load(ImageMaskFolder.Layout.kvasirSeg(root), GRAY_AS_IS);
        assertEquals(List.of("a", "b", "c"), folder.names());
        assertArrayEquals(new int[] {3, 1, 4, 6}, folder.images().dims());
        assertEquals((10 * 2 + 3) / 255.0, folder.images().get(0, 0, 3, 2), 1e-6);
        assertEquals(1, folder.masks().get(0, 0, 0, 2), 0);
        assertEquals(0, folder.masks().get(0, 0, 0, 3), 0);
        ImageMaskFolder.Split split = folder.split(0.34, 0.33, 5);
        assertEquals(3, split.train().count() + split.validation().count() + split.test().count());
    }

    @Test
    void readsIsicAndGlasNamesResizesAndTiles(@TempDir Path root) throws IOException {
        writePair(root.resolve("isic"), root.resolve("isic-masks"), "ISIC_1", "ISIC_1_segmentation", 8, 8);
        var isic = ImageMaskFolder.load(ImageMaskFolder.Layout.isic(root.resolve("isic"), root.resolve("isic-masks")),
                new ImageMaskFolder.Options(ImageMaskFolder.Color.RGB, ImageMaskFolder.Sizing.resize(4), false));
        assertArrayEquals(new int[] {1, 3, 4, 4}, isic.images().dims());
        writePair(root.resolve("glas"), root.resolve("glas"), "testA_1", "testA_1_anno", 9, 8);
        var glas = ImageMaskFolder.load(ImageMaskFolder.Layout.glas(root.resolve("glas")),
                new ImageMaskFolder.Options(ImageMaskFolder.Color.GRAYSCALE, ImageMaskFolder.Sizing.tile(4), false));
        assertEquals(List.of("testA_1@0,0", "testA_1@0,4", "testA_1@4,0", "testA_1@4,4"), glas.names());
    }

    @Test
    void missingMasksCorruptImagesAndSizeMismatchesNameTheFile(@TempDir Path root) throws IOException {
        Path images = root.resolve("images");
        Path masks = root.resolve("masks");
        writePair(images, masks, "good", "good", 4, 4);
        writePair(images, root.resolve("elsewhere"), "lonely", "lonely", 4, 4);
        IOException error = assertThrows(IOException.class,
                () -> ImageMaskFolder.load(ImageMaskFolder.Layout.kvasirSeg(root), GRAY_AS_IS));
        assertTrue(error.getMessage().contains("no mask for") && error.getMessage().contains("lonely.png"),
                error.getMessage());
        Files.delete(images.resolve("lonely.png"));

        Files.writeString(images.resolve("broken.png"), "not a png");
        writePair(root.resolve("scratch"), masks, "x", "broken", 4, 4);
        error = assertThrows(IOException.class,
                () -> ImageMaskFolder.load(ImageMaskFolder.Layout.kvasirSeg(root), GRAY_AS_IS));
        assertTrue(error.getMessage().contains("cannot decode") && error.getMessage().contains("broken.png"),
                error.getMessage());
        Files.delete(images.resolve("broken.png"));

        writePair(images, root.resolve("scratch"), "wide", "wide", 6, 4);
        writePair(root.resolve("scratch"), masks, "x", "wide", 4, 4);
        error = assertThrows(IOException.class,
                () -> ImageMaskFolder.load(ImageMaskFolder.Layout.kvasirSeg(root), GRAY_AS_IS));
        assertTrue(error.getMessage().contains("size mismatch") && error.getMessage().contains("wide.png"),
                error.getMessage());

        List<String> warnings = new ArrayList<>();
        var skipping = ImageMaskFolder.load(ImageMaskFolder.Layout.kvasirSeg(root), new ImageMaskFolder.Options(
                ImageMaskFolder.Color.GRAYSCALE, ImageMaskFolder.Sizing.asIs(), true), warnings::add);
        assertEquals(List.of("good"), skipping.names());
        assertEquals(1, warnings.size());
        assertTrue(warnings.get(0).contains("wide.png"), warnings.toString());
    }
}
