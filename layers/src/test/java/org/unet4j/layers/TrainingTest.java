package org.unet4j.layers;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.unet4j.autodiff.Autograd;
import org.unet4j.autodiff.NoGrad;
import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.nn.Conv2d;
import org.unet4j.layers.nn.ReLU;
import org.unet4j.layers.optim.Adam;

/** End to end: a small convolutional network learns a fixed target with Adam. */
class TrainingTest {

    private static Sequential twoLayerNet(SplittableRandom rng) {
        return Sequential.of(
                Conv2d.builder(1, 8, 3).padding(1).build(rng),
                new ReLU(),
                Conv2d.builder(8, 1, 3).padding(1).build(rng));
    }

    private static Tensor meanSquaredError(Tensor y, Tensor target) {
        Tensor d = y.sub(target);
        return d.mul(d).mean();
    }

    @Test
    void aTwoLayerConvNetReducesItsLossFiveFoldWithin100AdamSteps() {
        SplittableRandom rng = new SplittableRandom(2024);
        Tensor images = Tensor.randn(rng, 8, 1, 16, 16);
        Tensor target;
        try (NoGrad scope = Autograd.noGrad()) {
            target = twoLayerNet(new SplittableRandom(7)).forward(images);
        }
        Sequential net = twoLayerNet(rng);
        Adam adam = new Adam(net.parameters(), 1e-2);
        double first = Double.NaN;
        double last = Double.NaN;
        for (int step = 0; step < 100; step++) {
            adam.zeroGrad();
            Tensor loss = meanSquaredError(net.forward(images), target);
            loss.backward();
            adam.step();
            last = loss.item();
            if (step == 0) {
                first = last;
            }
        }
        assertTrue(last < first / 5, "loss went from " + first + " to " + last);
    }
}
