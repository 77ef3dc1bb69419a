package org.unet4j.experiments.datasets.files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.util.SplittableRandom;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link ImageFiles#planes} reads the common decoded layouts from the raster's data arrays; each gives exactly the
 * floats of the {@code getRGB} route, which a sub-image (a raster with a parent) takes.
 */
class ImageFilesTest {
    private static BufferedImage random(int type, int h, int w) {
        BufferedImage image;
        if (type == BufferedImage.TYPE_BYTE_INDEXED) {
            byte[] r = {0, (byte) 200, 17, (byte) 255};
            byte[] g = {0, 3, (byte) 180, (byte) 255};
            byte[] b = {0, 90, 0, (byte) 128};
            image = new BufferedImage(w, h, type, new IndexColorModel(2, 4, r, g, b));
        } else {
            image = new BufferedImage(w, h, type);
        }
        SplittableRandom rng = new SplittableRandom(type);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                image.setRGB(x, y, rng.nextInt() | 0xff000000);
            }
        }
        return image;
    }

    @ParameterizedTest
    @ValueSource(ints = {BufferedImage.TYPE_3BYTE_BGR, BufferedImage.TYPE_4BYTE_ABGR, BufferedImage.TYPE_INT_RGB,
            BufferedImage.TYPE_INT_ARGB, BufferedImage.TYPE_BYTE_GRAY, BufferedImage.TYPE_BYTE_INDEXED,
            BufferedImage.TYPE_USHORT_GRAY, BufferedImage.TYPE_INT_BGR})
    void theRasterRouteGivesTheFloatsOfGetRgb(int type) {
        BufferedImage image = random(type, 7, 11);
        BufferedImage viaGetRgb = image.getSubimage(0, 0, 11, 7);
        for (boolean rgb : new boolean[] {true, false}) {
            assertArrayEquals(ImageFiles.planes(viaGetRgb, rgb), ImageFiles.planes(image, rgb),
                    "type " + type + (rgb ? " RGB" : " luma"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"16x16 -> 8x8", "7x11 -> 3x5", "7x11 -> 20x9", "1x9 -> 4x4", "9x9 -> 9x9"})
    void resizingFromTheRowsGivesTheFloatsOfBilinearOnThePlanes(String shapes) {
        String[] sides = shapes.split(" -> ");
        int h = Integer.parseInt(sides[0].split("x")[0]);
        int w = Integer.parseInt(sides[0].split("x")[1]);
        int outH = Integer.parseInt(sides[1].split("x")[0]);
        int outW = Integer.parseInt(sides[1].split("x")[1]);
        for (int type : new int[] {BufferedImage.TYPE_3BYTE_BGR, BufferedImage.TYPE_BYTE_GRAY,
                BufferedImage.TYPE_USHORT_GRAY}) {
            BufferedImage image = random(type, h, w);
            for (boolean rgb : new boolean[] {true, false}) {
                assertArrayEquals(SizePolicy.bilinear(ImageFiles.planes(image, rgb), rgb ? 3 : 1, h, w, outH, outW),
                        ImageFiles.resized(image, rgb, outH, outW), shapes + ", type " + type + (rgb ? " RGB"
                                : " luma"));
            }
        }
    }
}
