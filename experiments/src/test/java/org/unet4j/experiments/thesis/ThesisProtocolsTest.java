package org.unet4j.experiments.thesis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.unet4j.autodiff.Tensor;
import org.unet4j.experiments.datasets.TensorDataset;
import org.unet4j.experiments.metrics.BinaryMask;
import org.unet4j.experiments.metrics.ConnectedComponents;
import org.unet4j.layers.nn.Conv2d;

/** The SoftCut thesis's training protocols on tiny generated data (issue [thesis]). */
class ThesisProtocolsTest {
    /** Two images: one with three objects (two squares and a diagonal line), one without any. */
    private static TensorDataset threeObjects() {
        String[] rows = {
            "##......",
            "##....#.",
            ".......#",
            "........",
            "....###.",
            "....###.",
            "#.......",
            "........"};
        float[] masks = new float[2 * 64];
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 8; x++) {
                masks[y * 8 + x] = rows[y].charAt(x) == '#' ? 1 : 0;
            }
        }
        float[] images = new float[2 * 3 * 64];
        for (int i = 0; i < images.length; i++) {
            images[i] = i % 7 / 7f;
        }
        return new TensorDataset(Tensor.wrap(images, 2, 3, 8, 8), Tensor.wrap(masks, 2, 1, 8, 8));
    }

    @Test
    void theObjectChannelSelectsOneObjectAndTheTargetIsThatObjectOnly() {
        TensorDataset data = threeObjects();
        BinaryMask all = BinaryMask.fromMask(data.masks(), 0);
        ConnectedComponents objects = ConnectedComponents.of(all, ConnectedComponents.Connectivity.EIGHT);
        assertEquals(4, objects.count());
        for (long seed = 0; seed < 20; seed++) {
            TensorDataset selected = SpecificObject.select(data, new SplittableRandom(seed));
            assertEquals(4, selected.images().dim(1), "the object channel comes after the three image channels");
            assertArrayEquals(data.images().toFloatArray(), selected.images().slice(1, 0, 3).toFloatArray());
            float[] channel = selected.images().slice(1, 3, 4).slice(0, 0, 1).toFloatArray();
            float[] target = selected.masks().slice(0, 0, 1).toFloatArray();
            int marked = -1;
            for (int p = 0; p < 64; p++) {
                assertTrue(channel[p] == 0 || channel[p] == 1);
                if (channel[p] == 1) {
                    assertEquals(-1, marked, "a single 1 in the object channel");
                    marked = p;
                }
            }
            int id = objects.labels()[marked];
            assertTrue(id > 0, "the 1 lies on an object");
            for (int p = 0; p < 64; p++) {
                assertEquals(objects.labels()[p] == id ? 1f : 0f, target[p], "pixel " + p + ": the target is "
                        + "exactly the marked object");
            }
        }
    }

    @Test
    void theObjectChannelMarksTheCentreOfTheObject() {
        TensorDataset data = threeObjects();
        for (long seed = 0; seed < 20; seed++) {
            TensorDataset selected = SpecificObject.select(data, new SplittableRandom(seed));
            float[] channel = selected.images().slice(1, 3, 4).slice(0, 0, 1).toFloatArray();
            float[] target = selected.masks().slice(0, 0, 1).toFloatArray();
            int count = 0;
            for (float t : target) {
                count += (int) t;
            }
            if (count == 6) {   // the 2 x 3 block at rows 4-5, columns 4-6: centroid (4.5, 5), nearest (4, 5)
                assertEquals(1f, channel[4 * 8 + 5]);
            }
        }
    }

    @Test
    void anImageWithoutObjectsKeepsAZeroChannelAndAnEmptyTarget() {
        TensorDataset selected = SpecificObject.select(threeObjects(), new SplittableRandom(1));
        assertEquals(0.0, selected.images().slice(1, 3, 4).slice(0, 1, 2).sum().item());
        assertEquals(0.0, selected.masks().slice(0, 1, 2).sum().item());
    }

    @Test
    void overlappingTileRecombinationEqualsWholeImageInferenceWithinTheReceptiveField() {
        SplittableRandom rng = new SplittableRandom(3);
        Conv2d first = Conv2d.builder(2, 4, 3).padding(1).build(rng);
        Conv2d second = Conv2d.builder(4, 3, 5).padding(2).build(rng);
        java.util.function.UnaryOperator<Tensor> net = x -> second.forward(first.forward(x).relu());   // reach 3
        Tensor images = Tensor.randn(rng, 2, 2, 21, 30);
        OverlappingTiles tiles = new OverlappingTiles(8, 6);
        assertEquals(3 * 4, tiles.count(21, 30));
        Tensor whole = net.apply(images);
        Tensor stitched = tiles.apply(net, images);
        assertEquals(whole.shape(), stitched.shape());
        float[] a = whole.toFloatArray();
        float[] b = stitched.toFloatArray();
        for (int i = 0; i < a.length; i++) {
            assertEquals(a[i], b[i], 1e-5, "element " + i);
        }
    }

    @Test
    void tooLittleOverlapForTheReceptiveFieldChangesTheOutput() {
        SplittableRandom rng = new SplittableRandom(3);
        Conv2d first = Conv2d.builder(2, 4, 3).padding(1).build(rng);
        Conv2d second = Conv2d.builder(4, 3, 5).padding(2).build(rng);
        java.util.function.UnaryOperator<Tensor> net = x -> second.forward(first.forward(x).relu());
        Tensor images = Tensor.randn(rng, 1, 2, 21, 30);
        Tensor difference = net.apply(images).sub(new OverlappingTiles(8, 2).apply(net, images)).abs();
        assertTrue(difference.max().item() > 1e-3, "a reach of 3 pixels with 1 pixel of context per side differs");
    }

    @Test
    void windowsCutTheMasksLikeTheImagesForTrainingOnTheOverlap() {
        OverlappingTiles tiles = new OverlappingTiles(16, 8);
        Tensor masks = Tensor.rand(new SplittableRandom(5), 3, 1, 40, 50);
        Tensor windows = tiles.cut(masks);
        assertEquals(3 * tiles.count(40, 50), windows.dim(0));
        assertEquals(24, windows.dim(2));
        assertEquals(masks.shape(), tiles.stitch(windows, 3, 40, 50).shape());
        assertArrayEquals(masks.toFloatArray(), tiles.stitch(windows, 3, 40, 50).toFloatArray());
    }

    @Test
    void imagesSmallerThanAWindowAndOddOverlapsAreRejectedWithTheFix() {
        var tooSmall = assertThrows(IllegalArgumentException.class,
                () -> new OverlappingTiles(16, 8).cut(Tensor.zeros(1, 1, 20, 40)));
        assertTrue(tooSmall.getMessage().contains("smaller than the window of 24"), tooSmall.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new OverlappingTiles(16, 3));
    }
}
