package org.unet4j.autodiff.badinput;

import static org.unet4j.autodiff.badinput.BadInput.assertNoNaN;
import static org.unet4j.autodiff.badinput.BadInput.assertRefused;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.unet4j.autodiff.DType;
import org.unet4j.autodiff.Losses;
import org.unet4j.autodiff.Tensor;

/** Losses: targets of the wrong shape, class indices that are not classes, bad options, extreme logits. */
class LossesBadInputProperties {

    @Property(tries = 20)
    void targetsOfAnotherShapeAreRefusedNamingBoth(@ForAll @IntRange(min = 1, max = 4) int n,
            @ForAll @IntRange(min = 1, max = 2) int extra) {
        Tensor x = BadInput.zeros(DType.FLOAT32, n, 1, 3, 3);
        Tensor y = BadInput.zeros(DType.FLOAT32, n + extra, 1, 3, 3);
        assertRefused("bceWithLogits", () -> Losses.bceWithLogits(x, y), "bceWithLogits");
        assertRefused("dice", () -> Losses.dice(x, y), "dice");
        assertRefused("focalDice", () -> Losses.focalDice(x, y), "focalDice");
        assertRefused("softCrossEntropy", () -> Losses.softCrossEntropy(x, y), "softCrossEntropy");
        assertRefused("crossEntropy", () -> Losses.crossEntropy(x, BadInput.zeros(DType.FLOAT32, n + extra, 3, 3)),
                "crossEntropy");
    }

    @Property(tries = 20)
    void classIndicesThatAreNotClassesAreRefused(@ForAll("notClasses") double index) {
        Tensor logits = BadInput.zeros(DType.FLOAT32, 2, 3, 2);
        Tensor classes = BadInput.zeros(DType.FLOAT32, 2, 2);
        classes.set(index, 1, 1);
        assertRefused("crossEntropy with class index " + index, () -> Losses.crossEntropy(logits, classes),
                "crossEntropy");
    }

    @Provide
    Arbitrary<Double> notClasses() {
        return net.jqwik.api.Arbitraries.of(-1.0, 3.0, 1.5, Double.NaN, Double.POSITIVE_INFINITY, 1e10);
    }

    @Property(tries = 10)
    void optionsOutOfRangeAreRefused(@ForAll("badWeights") double bad) {
        Tensor x = BadInput.zeros(DType.FLOAT64, 2, 1, 2, 2);
        assertRefused("bceWithLogits posWeight " + bad, () -> Losses.bceWithLogits(x, x, bad), "posWeight");
        assertRefused("dice eps " + bad, () -> Losses.dice(x, x, bad), "eps");
    }

    @Provide
    Arbitrary<Double> badWeights() {
        return net.jqwik.api.Arbitraries.of(-1.0, Double.NaN, Double.POSITIVE_INFINITY);
    }

    @Property(tries = 30)
    void finiteLogitsOfAnyMagnitudeGiveAFiniteLoss(@ForAll("magnitudes") double scale, @ForAll long seed,
            @ForAll DType dtype) {
        Tensor logits = BadInput.uniform(seed, dtype, scale, 2, 3, 2, 2);
        Tensor binary = BadInput.uniform(seed + 1, dtype, 1, 2, 3, 2, 2).gt(0);
        assertNoNaN("bceWithLogits at scale " + scale, Losses.bceWithLogits(logits, binary));
        assertNoNaN("dice of sigmoid at scale " + scale, Losses.dice(logits.sigmoid(), binary));
        assertNoNaN("focalDice of sigmoid at scale " + scale, Losses.focalDice(logits.sigmoid(), binary));
        assertNoNaN("softCrossEntropy at scale " + scale, Losses.softCrossEntropy(logits, logits.softmax(1)));
        assertNoNaN("crossEntropy at scale " + scale, Losses.crossEntropy(logits, BadInput.zeros(dtype, 2, 2, 2)));
    }

    @Provide
    Arbitrary<Double> magnitudes() {
        return BadInput.extremeMagnitudes();
    }
}
