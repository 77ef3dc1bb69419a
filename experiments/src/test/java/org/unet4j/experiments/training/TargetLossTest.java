package org.unet4j.experiments.training;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.unet4j.autodiff.Losses;
import org.unet4j.autodiff.Tensor;

class TargetLossTest {
    @Test
    void binaryTargetsWithoutOutsidePixelsGiveExactlyBinaryCrossEntropy() {
        Tensor logits = Tensor.wrap(new float[] {0.3f, -1.2f, 2f, 0.1f}, 1, 1, 2, 2);
        Tensor targets = Tensor.wrap(new float[] {1, 0, 1, 0}, 1, 1, 2, 2);
        assertEquals(Losses.bceWithLogits(logits, targets).item(), new TargetLoss(2, true).apply(logits, targets)
                .item(), 0);
    }

    @Test
    void theRestrictedLossIsTheMeanOverThePixelsInsideOnly() {
        Tensor logits = Tensor.wrap(new float[] {0.3f, -1.2f, 2f, 5f}, 1, 1, 2, 2);
        Tensor targets = Tensor.wrap(new float[] {1, 0, -1, -1}, 1, 1, 2, 2);
        double inside = Losses.bceWithLogits(Tensor.wrap(new float[] {0.3f, -1.2f}, 1, 1, 1, 2),
                Tensor.wrap(new float[] {1, 0}, 1, 1, 1, 2)).item();
        assertEquals(inside, new TargetLoss(2, true).apply(logits, targets).item(), 1e-6);
        double whole = Losses.bceWithLogits(logits, Tensor.wrap(new float[] {1, 0, 0, 0}, 1, 1, 2, 2)).item();
        assertEquals(whole, new TargetLoss(2, false).apply(logits, targets).item(), 1e-6);
    }

    @Test
    void outsidePixelsReceiveNoGradientFromTheRestrictedLoss() {
        Tensor logits = Tensor.wrap(new float[] {0.3f, -1.2f, 2f, 5f}, 1, 1, 2, 2).requiresGrad(true);
        new TargetLoss(2, true).apply(logits, Tensor.wrap(new float[] {1, 0, -1, -1}, 1, 1, 2, 2)).backward();
        float[] grad = logits.grad().toFloatArray();
        assertEquals(0, grad[2], 0);
        assertEquals(0, grad[3], 0);
        assertEquals((1 / (1 + Math.exp(-0.3)) - 1) / 2, grad[0], 1e-6);
    }

    @Test
    void classIdsGiveCrossEntropyAndOutsidePixelsAreLeftOut() {
        float[] x = {0.5f, -1f, 2f, 0f, 1f, 0.2f, -0.3f, 0.7f, 1.5f, 0f, 0f, -2f};
        Tensor logits = Tensor.wrap(x, 1, 3, 2, 2);
        Tensor ids = Tensor.wrap(new float[] {0, 2, 1, 1}, 1, 1, 2, 2);
        assertEquals(Losses.crossEntropy(logits, ids.squeeze(1)).item(), new TargetLoss(3, true).apply(logits, ids)
                .item(), 0);
        Tensor withOutside = Tensor.wrap(new float[] {0, 2, -1, -1}, 1, 1, 2, 2);
        Tensor firstRow = Tensor.wrap(new float[] {0.5f, -1f, 1f, 0.2f, 1.5f, 0f}, 1, 3, 1, 2);
        double inside = Losses.crossEntropy(firstRow, Tensor.wrap(new float[] {0, 2}, 1, 1, 2)).item();
        assertEquals(inside, new TargetLoss(3, true).apply(logits, withOutside).item(), 1e-6);
    }
}
