package org.unet4j.experiments.softcut;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.unet4j.autodiff.Autograd;
import org.unet4j.autodiff.DType;
import org.unet4j.autodiff.Losses;
import org.unet4j.autodiff.Tensor;
import org.unet4j.experiments.datasets.TensorDataset;

class RevealedPixelsTest {
    private final Tensor masks = Tensor.uniform(new SplittableRandom(1), DType.FLOAT32, 0, 1, 3, 1, 10, 20).gt(0.5);
    private final TensorDataset data = new TensorDataset(masks.mul(0.8), masks);

    @Test
    void eachTrainingMaskKeepsExactlyTheRevealedShareOfItsLabelsAndHidesTheRest() {
        TensorDataset revealed = RevealedPixels.reveal(data, 0.05, new SplittableRandom(2));
        double[] original = masks.toDoubleArray();
        double[] kept = revealed.masks().toDoubleArray();
        for (int n = 0; n < 3; n++) {
            int shown = 0;
            for (int i = n * 200; i < (n + 1) * 200; i++) {
                if (kept[i] != RevealedPixels.HIDDEN) {
                    assertEquals(original[i], kept[i], "a revealed pixel keeps its label");
                    shown++;
                }
            }
            assertEquals(10, shown, "5 % of 200 pixels in image " + n);
        }
        assertEquals(3, countRevealed(RevealedPixels.reveal(data, 1e-6, new SplittableRandom(3))),
                "at least one pixel per image");
    }

    @Test
    void theLossCountsExactlyTheRevealedPixels() {
        TensorDataset revealed = RevealedPixels.reveal(data, 0.05, new SplittableRandom(4));
        Tensor hiddenMasks = revealed.masks();
        Tensor logits = Tensor.randn(new SplittableRandom(5), DType.FLOAT64, 3, 1, 10, 20).requiresGrad(true);
        double[] x = logits.toDoubleArray();
        double[] y = hiddenMasks.toDoubleArray();
        double sum = 0;
        int count = 0;
        for (int i = 0; i < x.length; i++) {
            if (y[i] != RevealedPixels.HIDDEN) {
                sum += Math.log1p(Math.exp(x[i])) - x[i] * y[i];
                count++;
            }
        }
        Tensor loss = RevealedPixels.bceWithLogits(logits, hiddenMasks);
        assertEquals(sum / count, loss.item(), 1e-12);
        double[] g = Autograd.grad(loss, List.of(logits), loss.fullLike(1))[0].toDoubleArray();
        for (int i = 0; i < x.length; i++) {
            if (y[i] == RevealedPixels.HIDDEN) {
                assertEquals(0, g[i], 0, "a hidden pixel gets no gradient");
            } else {
                assertEquals((1 / (1 + Math.exp(-x[i])) - y[i]) / count, g[i], 1e-12);
            }
        }
    }

    @Test
    void onFullMasksItIsTheOrdinaryBinaryCrossEntropy() {
        Tensor logits = Tensor.randn(new SplittableRandom(6), DType.FLOAT64, 3, 1, 10, 20);
        Tensor full = masks.toFloat64();
        assertEquals(Losses.bceWithLogits(logits, full).item(), RevealedPixels.bceWithLogits(logits, full).item(),
                1e-12);
    }

    @Test
    void aFractionOutsideZeroToOneAndABatchWithNothingRevealedAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> RevealedPixels.reveal(data, 0, new SplittableRandom(7)));
        assertThrows(IllegalArgumentException.class, () -> RevealedPixels.reveal(data, 1.5, new SplittableRandom(7)));
        Tensor hidden = masks.mul(0).sub(1);
        assertThrows(IllegalArgumentException.class, () -> RevealedPixels.bceWithLogits(masks, hidden));
        assertArrayEquals(new int[] {3, 1, 10, 20}, RevealedPixels.reveal(data, 0.5, new SplittableRandom(8))
                .masks().dims());
    }

    private static int countRevealed(TensorDataset d) {
        int count = 0;
        for (double v : d.masks().toDoubleArray()) {
            count += v == RevealedPixels.HIDDEN ? 0 : 1;
        }
        return count;
    }
}
