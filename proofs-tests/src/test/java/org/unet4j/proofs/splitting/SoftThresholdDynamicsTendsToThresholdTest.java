package org.unet4j.proofs.splitting;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.unet4j.autodiff.DType;
import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.splitting.PottsControlProblem;
import org.unet4j.layers.splitting.SoftThresholdDynamicsStep;

/**
 * Tai, Liu, Chan, Li, "A Mathematical Explanation of UNet" (2024) and PottsMGNet: the soft-threshold-dynamics step
 * {@code v = sigmoid(-c / eps)}, {@code c = (u - x)/tau + lambda G * (1 - 2u)}, keeps the state in the open interval
 * (0, 1) for every eps > 0 (checked where {@code |c| / eps < 30}, beyond which float64 rounds the sigmoid to
 * 0 or 1), and as {@code eps -> 0} it tends to the hard threshold {@code 1[c < 0]} of threshold
 * dynamics: the largest distance to the threshold, over pixels with {@code |c| >= 0.05}, is at most
 * {@code exp(-0.05 / eps)}, and decreases with eps.
 */
class SoftThresholdDynamicsTendsToThresholdTest {
    @Test
    void outputIsInTheOpenIntervalAndTendsToTheHardThreshold() {
        SplittableRandom rng = new SplittableRandom(11);
        Tensor u = Tensor.uniform(rng, DType.FLOAT64, 0.01, 0.99, 1, 1, 8, 8);
        Tensor x = Tensor.uniform(rng, DType.FLOAT64, -1, 2, 1, 1, 8, 8);
        double previous = Double.POSITIVE_INFINITY;
        for (double eps : new double[] {1, 0.1, 0.03, 0.01}) {
            SoftThresholdDynamicsStep step = new SoftThresholdDynamicsStep(new PottsControlProblem(0.5, eps, 1, 1, 1));
            step.to(DType.FLOAT64);
            Tensor v = step.forward(Tensor.concat(1, u, x));
            Tensor c = step.linearCost(u, x);
            double worst = 0;
            for (int i = 0; i < v.size(); i++) {
                double value = v.flatGet(i);
                if (Math.abs(c.flatGet(i)) / eps < 30) {
                    assertTrue(value > 0 && value < 1, "eps " + eps + ": " + value + " not in (0, 1)");
                }
                if (Math.abs(c.flatGet(i)) >= 0.05) {
                    worst = Math.max(worst, Math.abs(value - (c.flatGet(i) < 0 ? 1 : 0)));
                }
            }
            assertTrue(worst <= Math.exp(-0.05 / eps), "eps " + eps + ": distance " + worst);
            assertTrue(worst < previous, "eps " + eps + ": distance " + worst + " did not decrease");
            previous = worst;
        }
    }
}
