package org.unet4j.experiments.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.unet4j.autodiff.Tensor;

class DiceTest {

    @Test
    void handComputedCase() {
        // sample 0: predicted {0, 1}, truth {1, 2}: 2*1/(2+2) = 0.5; sample 1: predicted {3}, truth {3}: 1
        Tensor logits = Tensor.of(new float[] {2, 1, -1, -3, -1, -2, -5, 4}, 2, 4);
        Tensor masks = Tensor.of(new float[] {0, 1, 1, 0, 0, 0, 0, 1}, 2, 4);
        assertEquals(0.75, Dice.ofLogits(logits, masks), 1e-12);
    }

    @Test
    void emptyPredictionOnEmptyMaskScoresOne() {
        Tensor logits = Tensor.of(new float[] {-1, -2, -3}, 1, 3);
        Tensor masks = Tensor.zeros(1, 3);
        assertEquals(1, Dice.ofLogits(logits, masks), 0);
    }

    @Test
    void emptyPredictionOnAShapeScoresZero() {
        Tensor logits = Tensor.of(new float[] {-1, -2, -3}, 1, 3);
        Tensor masks = Tensor.of(new float[] {0, 1, 0}, 1, 3);
        assertEquals(0, Dice.ofLogits(logits, masks), 0);
    }

    @Test
    void shapesMustAgree() {
        assertThrows(IllegalArgumentException.class, () -> Dice.ofLogits(Tensor.zeros(2, 3), Tensor.zeros(3, 2)));
    }
}
