package org.unet4j.experiments.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.unet4j.autodiff.Tensor;

/** Pixels outside the field of view (mask value -1) are neither TP, FP, FN nor TN in {@link SegmentationScores}. */
class FieldOfViewScoresTest {
    /** Row-major mask values of a 4x4 image: -1 is outside the field of view, 1 foreground, 0 background. */
    private static final float[] TARGETS = {
        -1, 0, 0, -1,
        0, 1, 1, 0,
        0, 1, 1, 0,
        -1, 0, 0, -1};

    private static Tensor logits(float... predicted) {
        float[] logits = new float[predicted.length];
        for (int p = 0; p < logits.length; p++) {
            logits[p] = predicted[p] > 0 ? 3 : -3;
        }
        return Tensor.wrap(logits, 1, 1, 4, 4);
    }

    @Test
    void aPredictionWrongOnlyOutsideTheFieldOfViewScoresDiceOne() {
        Tensor wrongOutside = logits(
                1, 0, 0, 1,
                0, 1, 1, 0,
                0, 1, 1, 0,
                1, 0, 0, 1);
        Map<String, Double> scores = SegmentationScores.of(wrongOutside, Tensor.wrap(TARGETS, 1, 1, 4, 4));
        assertEquals(1, scores.get("dice"), 0);
        assertEquals(1, scores.get("dice-macro"), 0);
        assertEquals(1, scores.get("iou"), 0);
        assertEquals(1, scores.get("miou"), 0);
        assertEquals(1, scores.get("accuracy"), 0);
        assertEquals(0, scores.get("ahd"), 0);
        assertEquals(1, scores.get("figures"), 0);
    }

    @Test
    void pixelsInsideCountAsAlwaysAndTheOutsideOnesNotInTheDenominators() {
        Tensor oneFalsePositiveInside = logits(
                0, 1, 0, 0,
                0, 1, 1, 0,
                0, 1, 1, 0,
                0, 0, 0, 0);
        Map<String, Double> scores = SegmentationScores.of(oneFalsePositiveInside, Tensor.wrap(TARGETS, 1, 1, 4, 4));
        assertEquals(2.0 * 4 / (5 + 4), scores.get("dice"), 1e-12);
        assertEquals(4.0 / 5, scores.get("iou"), 1e-12);
        assertEquals(11.0 / 12, scores.get("accuracy"), 1e-12, "12 pixels inside, one wrong");
        // background inside: 8 true, 7 predicted, overlap 7
        assertEquals((8.0 / 9 + 2.0 * 7 / 15) / 2, scores.get("dice-macro"), 1e-12);
    }

    @Test
    void masksWithoutNegativeValuesScoreAsBefore() {
        float[] binary = TARGETS.clone();
        for (int p = 0; p < binary.length; p++) {
            binary[p] = Math.max(binary[p], 0);
        }
        Tensor prediction = logits(
                1, 0, 0, 0,
                0, 1, 1, 0,
                0, 1, 0, 0,
                0, 0, 0, 0);
        BinaryMask p = BinaryMask.fromLogits(prediction, 0);
        BinaryMask t = BinaryMask.fromMask(Tensor.wrap(binary, 1, 1, 4, 4), 0);
        Map<String, Double> scores = SegmentationScores.of(prediction, Tensor.wrap(binary, 1, 1, 4, 4));
        assertEquals(Dice.foreground(p, t), scores.get("dice"), 0);
        assertEquals(PixelAccuracy.of(p, t), scores.get("accuracy"), 0);
        assertEquals(HausdorffDistance.average(p, t), scores.get("ahd"), 0);
    }
}
