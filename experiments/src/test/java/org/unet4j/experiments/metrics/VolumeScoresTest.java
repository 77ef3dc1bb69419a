package org.unet4j.experiments.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.unet4j.autodiff.Tensor;

class VolumeScoresTest {

    @Test
    void diceIouAndAccuracyCountVoxelsAndAverageOverVolumes() {
        // volume 0: predicted {0, 1}, truth {1, 2} of 8 voxels; volume 1: both empty
        float[] logits = {3, 1, -2, -1, -1, -1, -1, -1, -5, -5, -5, -5, -5, -5, -5, -5};
        float[] masks = {0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
        Map<String, Double> s = VolumeScores.of(Tensor.wrap(logits, 2, 1, 2, 2, 2), Tensor.wrap(masks, 2, 1, 2, 2, 2));
        assertEquals((2.0 * 1 / 4 + 1) / 2, s.get("dice"), 1e-12);
        assertEquals((1.0 / 3 + 1) / 2, s.get("iou"), 1e-12);
        assertEquals((6.0 / 8 + 1) / 2, s.get("accuracy"), 1e-12);
    }

    @Test
    void imagesAreNotVolumes() {
        Tensor image = Tensor.zeros(1, 1, 4, 4);
        assertThrows(IllegalArgumentException.class, () -> VolumeScores.of(image, image));
    }
}
