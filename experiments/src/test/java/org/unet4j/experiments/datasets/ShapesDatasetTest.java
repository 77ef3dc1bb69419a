package org.unet4j.experiments.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** Examples and properties of the generator; jqwik runs both ({@code @Example} is its {@code @Test}). */
class ShapesDatasetTest {

    @Property(tries = 20)
    void theSameSeedGivesTheSameSamples(@ForAll long seed, @ForAll @IntRange(min = 8, max = 40) int size) {
        var spec = new ShapesDataset.Spec(3, size, 3, 0.1, seed);
        var first = ShapesDataset.generate(spec);
        var second = ShapesDataset.generate(spec);
        assertArrayEquals(first.images().floats(), second.images().floats());
        assertArrayEquals(first.masks().floats(), second.masks().floats());
    }

    @Example
    void anotherSeedGivesOtherSamples() {
        var a = ShapesDataset.generate(new ShapesDataset.Spec(2, 32, 3, 0.1, 1));
        var b = ShapesDataset.generate(new ShapesDataset.Spec(2, 32, 3, 0.1, 2));
        assertFalse(Arrays.equals(a.masks().floats(), b.masks().floats()));
    }

    @Example
    void aSmallerDatasetIsAPrefixOfALargerOne() {
        var small = ShapesDataset.generate(new ShapesDataset.Spec(2, 24, 3, 0.1, 5));
        var large = ShapesDataset.generate(new ShapesDataset.Spec(5, 24, 3, 0.1, 5));
        assertArrayEquals(small.images().floats(), large.images(0, 2).toFloatArray());
        assertArrayEquals(small.masks().floats(), large.masks(0, 2).toFloatArray());
    }

    /** Without noise, mask 0 pixels all hold the image's background level and mask 1 pixels are brighter. */
    @Property(tries = 20)
    void masksMarkExactlyTheShapes(@ForAll long seed) {
        int size = 32;
        var data = ShapesDataset.generate(new ShapesDataset.Spec(4, size, 4, 0, seed));
        float[] image = data.images().floats();
        float[] mask = data.masks().floats();
        for (int n = 0; n < data.count(); n++) {
            int offset = n * size * size;
            float background = Float.NaN;
            int foreground = 0;
            for (int p = offset; p < offset + size * size; p++) {
                assertTrue(mask[p] == 0 || mask[p] == 1, "mask values are 0 or 1");
                if (mask[p] == 0) {
                    if (Float.isNaN(background)) {
                        background = image[p];
                    }
                    assertEquals(background, image[p], "background pixel " + (p - offset) + " of sample " + n);
                } else {
                    foreground++;
                }
            }
            assertTrue(foreground > 0, "sample " + n + " holds at least one shape");
            for (int p = offset; p < offset + size * size; p++) {
                if (mask[p] == 1) {
                    assertTrue(image[p] >= background + 0.3f - 1e-6f, "shape pixels are at least 0.3 brighter");
                }
            }
        }
    }

    @Example
    void noiseHasTheRequestedStandardDeviation() {
        var clean = ShapesDataset.generate(new ShapesDataset.Spec(8, 32, 3, 0, 11)).images().floats();
        var noisy = ShapesDataset.generate(new ShapesDataset.Spec(8, 32, 3, 0.2, 11)).images().floats();
        double sumSquares = 0;
        for (int i = 0; i < clean.length; i++) {
            sumSquares += (noisy[i] - clean[i]) * (noisy[i] - clean[i]);
        }
        assertEquals(0.2, Math.sqrt(sumSquares / clean.length), 0.01);
    }

    @Example
    void shapesAreBatchChannelHeightWidth() {
        var data = ShapesDataset.generate(new ShapesDataset.Spec(3, 16, 2, 0.1, 0));
        assertArrayEquals(new int[] {3, 1, 16, 16}, data.images().dims());
        assertArrayEquals(new int[] {3, 1, 16, 16}, data.masks().dims());
    }

    @Example
    void invalidSpecsNameTheField() {
        var error = assertThrows(IllegalArgumentException.class, () -> new ShapesDataset.Spec(0, 32, 3, 0.1, 0));
        assertTrue(error.getMessage().contains("count"), error.getMessage());
        error = assertThrows(IllegalArgumentException.class, () -> new ShapesDataset.Spec(1, 4, 3, 0.1, 0));
        assertTrue(error.getMessage().contains("size"), error.getMessage());
        error = assertThrows(IllegalArgumentException.class, () -> new ShapesDataset.Spec(1, 32, 3, -1, 0));
        assertTrue(error.getMessage().contains("noise"), error.getMessage());
    }

    @Example
    void toStringNamesTheSpec() {
        var data = ShapesDataset.generate(new ShapesDataset.Spec(2, 16, 3, 0.1, 7));
        assertEquals("ShapesDataset[2 images 16x16, 1 to 3 shapes, noise 0.1, seed 7]", data.toString());
    }
}
