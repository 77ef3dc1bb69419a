package org.unet4j.experiments.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.unet4j.autodiff.Tensor;

class ClassScoresTest {
    /** Logits [N, K, H, W] whose argmax is {@code classes} (row-major, one H x W map per sample). */
    private static Tensor logitsOf(int k, int h, int w, int[]... classes) {
        float[] x = new float[classes.length * k * h * w];
        for (int s = 0; s < classes.length; s++) {
            for (int p = 0; p < h * w; p++) {
                for (int c = 0; c < k; c++) {
                    x[(s * k + c) * h * w + p] = c == classes[s][p] ? 2 : -1;
                }
            }
        }
        return Tensor.wrap(x, classes.length, k, h, w);
    }

    private static Tensor idsOf(int h, int w, float[]... ids) {
        float[] out = new float[ids.length * h * w];
        for (int s = 0; s < ids.length; s++) {
            System.arraycopy(ids[s], 0, out, s * h * w, h * w);
        }
        return Tensor.wrap(out, ids.length, 1, h, w);
    }

    @Test
    void perClassDiceAndIouMatchHandCountsAndTheMeanIsOverTheForegroundClasses() {
        // truth 2x4: class 1 on 3 pixels, class 2 on 2; prediction gets one class-1 pixel as class 2
        float[] truth = {0, 1, 1, 1, 0, 0, 2, 2};
        int[] predicted = {0, 1, 1, 2, 0, 0, 2, 2};
        Map<String, Double> s = ClassScores.of(logitsOf(3, 2, 4, predicted), idsOf(2, 4, truth));
        assertEquals(2.0 * 2 / (2 * 2 + 1), s.get("dice-c1"), 1e-12);   // TP 2, FN 1
        assertEquals(2.0 / 3, s.get("iou-c1"), 1e-12);
        assertEquals(2.0 * 2 / (2 * 2 + 1), s.get("dice-c2"), 1e-12);   // TP 2, FP 1
        assertEquals(2.0 / 3, s.get("iou-c2"), 1e-12);
        assertEquals(1, s.get("dice-c0"), 0);
        assertEquals(0.8, s.get("dice"), 1e-12, "mean of classes 1 and 2 only");
        assertEquals(2.0 / 3, s.get("iou"), 1e-12);
        assertEquals(7.0 / 8, s.get("accuracy"), 1e-12);
        assertEquals(ClassScores.names(3), List.copyOf(s.keySet()));
    }

    @Test
    void aClassAbsentFromPredictionAndTruthOfASampleIsSkippedNotCountedAsOne() {
        float[] onlyClass1 = {0, 1, 1, 0};
        float[] both = {2, 1, 0, 0};
        int[] rightFirst = {0, 1, 1, 0};
        int[] wrongClass2 = {0, 1, 0, 0};
        Map<String, Double> s = ClassScores.of(logitsOf(3, 2, 2, rightFirst, wrongClass2),
                idsOf(2, 2, onlyClass1, both));
        assertEquals(0, s.get("dice-c2"), 0, "class 2 is scored in the second sample only, where it is missed");
        assertEquals(1, s.get("dice-c1"), 0);
        assertEquals(0.5, s.get("dice"), 0);
    }

    @Test
    void negativeIdsAreOutsideTheFieldOfViewAndCountNowhere() {
        float[] truth = {-1, 1, 2, -1};
        int[] predicted = {2, 1, 2, 1};
        Map<String, Double> s = ClassScores.of(logitsOf(3, 2, 2, predicted), idsOf(2, 2, truth));
        assertEquals(1, s.get("dice"), 0);
        assertEquals(1, s.get("accuracy"), 0);
        assertTrue(Double.isNaN(s.get("dice-c0")), "class 0 appears nowhere inside");
    }

    @Test
    void anIdOutsideTheClassesIsAnErrorNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ClassScores.of(logitsOf(3, 1, 2, new int[] {0, 1}), idsOf(1, 2, new float[] {0, 3})));
        assertTrue(e.getMessage().contains("class id 3.0"), e.getMessage());
    }

    @Test
    void theForegroundViewIsPositiveWhereTheArgmaxIsNotTheBackground() {
        float[] fg = ClassScores.foregroundLogits(logitsOf(3, 1, 3, new int[] {0, 1, 2})).toFloatArray();
        assertEquals(List.of(-1f, 1f, 1f), List.of(fg[0], fg[1], fg[2]));
    }
}
