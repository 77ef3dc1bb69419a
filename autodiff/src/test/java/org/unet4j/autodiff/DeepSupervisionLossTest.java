package org.unet4j.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class DeepSupervisionLossTest {
    /** The mean squared error, a base loss whose values are easy to count by hand. */
    private static Tensor mse(Tensor output, Tensor target) {
        Tensor d = output.sub(target);
        return d.mul(d).mean();
    }

    private static final DeepSupervisionLoss LOSS = new DeepSupervisionLoss(DeepSupervisionLossTest::mse);

    @Test
    void theWeightsHalveAndSumToOne() {
        assertArrayEquals(new double[] {1}, DeepSupervisionLoss.weights(1));
        assertArrayEquals(new double[] {2 / 3.0, 1 / 3.0}, DeepSupervisionLoss.weights(2), 1e-15);
        assertArrayEquals(new double[] {4 / 7.0, 2 / 7.0, 1 / 7.0}, DeepSupervisionLoss.weights(3), 1e-15);
        assertThrows(IllegalArgumentException.class, () -> DeepSupervisionLoss.weights(0));
    }

    @Test
    void aCoarseSideOutputIsUpSampledToTheTargetAndWeightedByAThird() {
        Tensor target = Tensor.of(new double[] {1, 0, 0, 1}, 1, 1, 2, 2);
        Tensor head = Tensor.of(new double[] {1, 0, 0, 0}, 1, 1, 2, 2);          // MSE 1/4
        Tensor side = Tensor.of(new double[] {1}, 1, 1, 1, 1).requiresGrad(true); // up: all 1, MSE 2/4
        Tensor loss = LOSS.apply(List.of(head, side), target);
        assertEquals(2 / 3.0 * 0.25 + 1 / 3.0 * 0.5, loss.item(), 1e-12);
        loss.backward();
        // d/ds of (1/3) mean((s - y)^2) over the four copies of s: (1/3) * 2 (0 + 1 + 1 + 0) / 4
        assertEquals(1 / 3.0, side.grad().item(), 1e-12);
    }

    @Test
    void stackedOutputsAreTakenApartAlongAxisOneAndASingleOutputIsTheBaseLoss() {
        Tensor target = Tensor.of(new double[] {1, 0, 0, 1}, 1, 1, 2, 2);
        Tensor a = Tensor.of(new double[] {1, 0, 0, 0}, 1, 1, 2, 2);
        Tensor b = Tensor.of(new double[] {0, 0, 0, 0}, 1, 1, 2, 2);
        Tensor c = Tensor.of(new double[] {1, 1, 1, 1}, 1, 1, 2, 2);
        Tensor stacked = Tensor.stack(List.of(a, b, c), 1);
        assertEquals(4 / 7.0 * 0.25 + 2 / 7.0 * 0.5 + 1 / 7.0 * 0.5, LOSS.apply(stacked, target).item(), 1e-12);
        assertEquals(0.25, LOSS.apply(a, target).item(), 1e-12);
    }

    @Test
    void volumesAndSignalsAreUpSampledAlongEveryAxis() {
        Tensor volumeTarget = Tensor.zeros(DType.FLOAT64, 1, 1, 2, 2, 2);
        Tensor volumeSide = Tensor.of(new double[] {2}, 1, 1, 1, 1, 1);
        assertEquals(1 / 3.0 * 4, LOSS.apply(List.of(volumeTarget, volumeSide), volumeTarget).item(), 1e-12);
        Tensor signalTarget = Tensor.of(new double[] {0, 0, 1, 1}, 1, 1, 4);
        Tensor signalSide = Tensor.of(new double[] {0, 1}, 1, 1, 2);
        assertEquals(0, LOSS.apply(List.of(signalTarget, signalSide), signalTarget).item(), 1e-12);
    }

    @Test
    void outputsLargerThanTheTargetOrOfAnotherRankAreRejected() {
        Tensor target = Tensor.zeros(DType.FLOAT64, 1, 1, 2, 2);
        assertThrows(IllegalArgumentException.class,
                () -> LOSS.apply(List.of(target, Tensor.zeros(DType.FLOAT64, 1, 1, 4, 4)), target));
        assertThrows(IllegalArgumentException.class,
                () -> LOSS.apply(Tensor.zeros(DType.FLOAT64, 1, 2, 1, 1, 2, 2), target));
        assertThrows(IllegalArgumentException.class, () -> new DeepSupervisionLoss(null));
    }
}
