package org.unet4j.experiments.datasets.files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.IOException;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each mask encoding of the public datasets, written to a file and read back through the decoder. */
class MaskDecoderTest {
    @TempDir
    Path dir;

    private DecodedMask roundTrip(BufferedImage mask, String format, boolean instances) throws IOException {
        Path file = dir.resolve("m." + format);
        DatasetFixtures.write(mask, format, file);
        return MaskDecoder.decode(ImageFiles.read(file), file, instances);
    }

    private static BufferedImage grey(int... values) {
        BufferedImage image = new BufferedImage(values.length, 1, BufferedImage.TYPE_BYTE_GRAY);
        for (int x = 0; x < values.length; x++) {
            image.getRaster().setSample(x, 0, 0, values[x]);
        }
        return image;
    }

    @Test
    void aColouredPalettePngGivesItsIndicesAsClasses() throws IOException {
        byte[] r = {0, (byte) 200, 0};
        byte[] g = {0, 0, (byte) 180};
        byte[] b = {0, 0, 0};
        BufferedImage mask = new BufferedImage(4, 1, BufferedImage.TYPE_BYTE_INDEXED, new IndexColorModel(2, 3, r, g,
                b));
        int[] indices = {0, 1, 2, 1};
        for (int x = 0; x < 4; x++) {
            mask.getRaster().setSample(x, 0, 0, indices[x]);
        }
        DecodedMask decoded = roundTrip(mask, "png", false);
        assertEquals(MaskEncoding.PALETTE, decoded.encoding());
        assertArrayEquals(indices, decoded.labels());
        assertEquals(2, decoded.classes());
    }

    @Test
    void rgbMasksGiveOneClassPerColourWithBlackAsBackground() throws IOException {
        BufferedImage mask = new BufferedImage(4, 1, BufferedImage.TYPE_INT_RGB);
        int[] rgb = {0, 0xff0000, 0x00ff00, 0xff0000};
        for (int x = 0; x < 4; x++) {
            mask.setRGB(x, 0, rgb[x]);
        }
        DecodedMask decoded = roundTrip(mask, "png", false);
        assertEquals(MaskEncoding.RGB, decoded.encoding());
        assertEquals(2, decoded.classes());
        assertEquals(0, decoded.labels()[0]);
        assertEquals(decoded.labels()[1], decoded.labels()[3]);
        assertTrue(decoded.labels()[1] != decoded.labels()[2] && decoded.labels()[2] > 0);
    }

    @Test
    void greyLabelsZeroToKAreClassesOrObjectsAsTheLayoutSays() throws IOException {
        DecodedMask classes = roundTrip(grey(0, 1, 2, 3, 0), "png", false);
        assertEquals(MaskEncoding.MULTI_CLASS, classes.encoding());
        assertEquals(3, classes.classes());
        DecodedMask objects = roundTrip(grey(0, 1, 2, 3, 0), "png", true);
        assertEquals(MaskEncoding.INSTANCES, objects.encoding());
        assertArrayEquals(new int[] {0, 1, 2, 3, 0}, objects.labels());
    }

    @Test
    void aMaskOfOneLabelKeepsItsValueSoThatALabelMapImageWithOnlyClassTwoStaysClassTwo() throws IOException {
        DecodedMask onlyClassTwo = roundTrip(grey(0, 2, 2, 0), "png", false);
        assertEquals(MaskEncoding.LABELS_01, onlyClassTwo.encoding());
        assertArrayEquals(new int[] {0, 2, 2, 0}, onlyClassTwo.labels());
        assertEquals(2, onlyClassTwo.foreground());
    }

    @Test
    void sixteenBitBinaryMasksAreZeroAndFullRange() throws IOException {
        BufferedImage mask = new BufferedImage(3, 1, BufferedImage.TYPE_USHORT_GRAY);
        mask.getRaster().setSample(1, 0, 0, 65535);
        DecodedMask decoded = roundTrip(mask, "png", false);
        assertEquals(MaskEncoding.BINARY_MAX, decoded.encoding());
        assertArrayEquals(new int[] {0, 1, 0}, decoded.labels());
    }

    @Test
    void sixteenBitTiffImagesAndMasksReadThroughTheJdk() throws IOException {
        BufferedImage image = new BufferedImage(2, 1, BufferedImage.TYPE_USHORT_GRAY);
        image.getRaster().setSample(1, 0, 0, 65535);
        DecodedMask decoded = roundTrip(image, "tiff", false);
        assertEquals(MaskEncoding.BINARY_MAX, decoded.encoding());
        float[] planes = ImageFiles.planes(ImageFiles.read(dir.resolve("m.tiff")), false);
        assertEquals(0f, planes[0], 1e-6f);
        assertEquals(1f, planes[1], 1e-2f);
    }

    @Test
    void antiAliasedGreyLevelsAreAmbiguousNotThresholded() {
        IOException e = assertThrows(MaskDecoder.AmbiguousMaskException.class, () -> roundTrip(grey(0, 64, 128, 255),
                "png", false));
        assertTrue(e.getMessage().contains("m.png") && e.getMessage().contains("{0, 64, 128, 255}"), e.getMessage());
    }

    private static BufferedImage disk(int inside) {
        BufferedImage image = new BufferedImage(32, 32, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 32; x++) {
                image.getRaster().setSample(x, y, 0, (y - 16) * (y - 16) + (x - 16) * (x - 16) <= 64 ? inside : 0);
            }
        }
        return image;
    }

    @Test
    void jpegMasksAreThresholdedAtHalfTheirRangeOrAtHalfForZeroOneLabels() throws IOException {
        DecodedMask binary = roundTrip(disk(255), "jpg", false);
        assertEquals(MaskEncoding.BINARY_LOSSY, binary.encoding());
        assertEquals(1, binary.classes());
        assertEquals(1, binary.largest());
        assertEquals(1, binary.labels()[16 * 32 + 16]);
        assertEquals(0, binary.labels()[0]);
        DecodedMask labels = roundTrip(disk(1), "jpg", false);
        assertEquals(MaskEncoding.LABELS_01, labels.encoding());
        assertEquals(1, labels.labels()[16 * 32 + 16]);
        DecodedMask empty = roundTrip(disk(0), "jpg", false);
        assertEquals(0, empty.classes());
        assertEquals(0, empty.largest());
        assertEquals(0, empty.foreground());
    }
}
