package org.unet4j.experiments.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.unet4j.autodiff.Tensor;

class SegmentationMetricsTest {
    // prediction: 2x2 square at (1..2, 1..2); truth: 2x3 block at (1..3, 1..2): 4 vs 6 pixels, overlap 4
    private static final BinaryMask PREDICTION = BinaryMask.parse(
            ".....",
            ".##..",
            ".##..",
            ".....");
    private static final BinaryMask TRUTH = BinaryMask.parse(
            ".....",
            ".###.",
            ".###.",
            ".....");
    private static final BinaryMask EMPTY = BinaryMask.parse(".....", ".....", ".....", ".....");

    @Test
    void diceIouAndAccuracyMatchHandComputedValues() {
        assertEquals(2.0 * 4 / (4 + 6), Dice.foreground(PREDICTION, TRUTH), 1e-12);
        // background: 16 vs 14 pixels, overlap 14 -> 28/30
        assertEquals((0.8 + 28.0 / 30) / 2, Dice.macro(PREDICTION, TRUTH), 1e-12);
        assertEquals(4.0 / 6, IoU.foreground(PREDICTION, TRUTH), 1e-12);
        assertEquals((4.0 / 6 + 14.0 / 16) / 2, IoU.mean(PREDICTION, TRUTH), 1e-12);
        assertEquals(18.0 / 20, PixelAccuracy.of(PREDICTION, TRUTH), 1e-12);
    }

    @Test
    void hausdorffDistancesMatchHandComputedValues() {
        // every predicted pixel is a boundary pixel and lies on the truth's boundary: d(a, B) = 0 for all 4;
        // truth boundary = all 6 pixels, the two at x = 3 are 1 away from the prediction: mean 2/6
        assertEquals((0 + 2.0 / 6) / 2, HausdorffDistance.average(PREDICTION, TRUTH), 1e-12);
        // 10 distances: eight 0s and two 1s; the 95th percentile (nearest rank 10) is 1
        assertEquals(1, HausdorffDistance.percentile95(PREDICTION, TRUTH), 1e-12);
        assertEquals(0, HausdorffDistance.average(TRUTH, TRUTH), 0);
    }

    @Test
    void emptyMaskPoliciesAreTheDocumentedOnes() {
        assertEquals(1, Dice.foreground(EMPTY, EMPTY), 0);
        assertEquals(0, Dice.foreground(EMPTY, TRUTH), 0);
        assertEquals(1, IoU.foreground(EMPTY, EMPTY), 0);
        assertEquals(0, IoU.foreground(PREDICTION, EMPTY), 0);
        assertEquals(1, PixelAccuracy.of(EMPTY, EMPTY), 0);
        assertEquals(0, HausdorffDistance.average(EMPTY, EMPTY), 0);
        assertEquals(Math.hypot(4, 5), HausdorffDistance.average(EMPTY, TRUTH), 1e-12);
        assertEquals(Math.hypot(4, 5), HausdorffDistance.percentile95(PREDICTION, EMPTY), 1e-12);
        assertEquals(new InstanceErrors(0, 0), InstanceErrors.of(EMPTY, EMPTY));
        assertEquals(0, ConnectedComponents.count(EMPTY));
    }

    @Test
    void componentsCountDistinctFiguresWithTheChosenConnectivity() {
        BinaryMask diagonal = BinaryMask.parse(
                "#...#",
                ".#...",
                ".....",
                "##..#");
        assertEquals(4, ConnectedComponents.count(diagonal));
        assertEquals(5, ConnectedComponents.of(diagonal, ConnectedComponents.Connectivity.FOUR).count());
    }

    @Test
    void masksAndComponentsPrintTheirSizeAndCounts() {
        assertEquals("BinaryMask[4x5, 6 foreground pixels]", TRUTH.toString());
        assertEquals("ConnectedComponents[1 component over 20 pixels]",
                ConnectedComponents.of(TRUTH, ConnectedComponents.Connectivity.FOUR).toString());
    }

    @Test
    void splitsAndMergesAreCountedPerExtraPiece() {
        BinaryMask truth = BinaryMask.parse(
                "#####.#.#",
                ".........");
        BinaryMask prediction = BinaryMask.parse(
                "##.##.###",
                ".........");
        // the long true object is cut in two (1 split); the predicted right piece covers two true objects (1 merge)
        assertEquals(new InstanceErrors(1, 1), InstanceErrors.of(prediction, truth));
    }

    @Test
    void batchScoresAverageThePerSampleMetrics() {
        float[] logits = new float[2 * 4 * 5];
        float[] masks = new float[2 * 4 * 5];
        for (int p = 0; p < 20; p++) {
            logits[p] = PREDICTION.pixels()[p] ? 1 : -1;
            masks[p] = TRUTH.pixels()[p] ? 1 : 0;
            logits[20 + p] = -1;
        }
        Map<String, Double> scores = SegmentationScores.of(Tensor.wrap(logits, 2, 1, 4, 5),
                Tensor.wrap(masks, 2, 1, 4, 5));
        assertEquals((0.8 + 1) / 2, scores.get("dice"), 1e-12);
        assertEquals((18.0 / 20 + 1) / 2, scores.get("accuracy"), 1e-12);
        assertEquals(0.5, scores.get("figures"), 1e-12);
        assertEquals(SegmentationScores.NAMES, scores.keySet().stream().toList());
    }
}
