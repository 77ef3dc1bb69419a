package org.unet4j.experiments.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ShapeClassesDatasetTest {

    @Test
    void masksHoldTheThreeClassesAndObjectsAreBrighterThanTheBackground() {
        TensorDataset data = ShapeClassesDataset.generate(new ShapeClassesDataset.Spec(12, 24, 3, 0, 5));
        assertArrayEquals(new int[] {12, 1, 24, 24}, data.masks().dims());
        double[] image = data.images().toDoubleArray();
        double[] mask = data.masks().toDoubleArray();
        int[] count = new int[ShapeClassesDataset.CLASSES];
        for (int i = 0; i < mask.length; i++) {
            int k = (int) mask[i];
            assertEquals(k, mask[i], 0, "class indices are integers");
            count[k]++;
            assertTrue(k == 0 ? image[i] <= 0.35 : image[i] >= 0.7, "pixel " + i + " of class " + k + " is " + image[i]);
        }
        for (int k = 0; k < count.length; k++) {
            assertTrue(count[k] > 0, "class " + k + " occurs");
        }
    }

    @Test
    void theSameSeedGivesTheSameSamples() {
        var spec = new ShapeClassesDataset.Spec(3, 16, 2, 0.2, 9);
        assertArrayEquals(ShapeClassesDataset.generate(spec).images().toDoubleArray(),
                ShapeClassesDataset.generate(spec).images().toDoubleArray(), 0);
    }
}
