package org.unet4j.autodiff.badinput;

import static org.unet4j.autodiff.badinput.BadInput.assertRefused;

import java.util.SplittableRandom;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.unet4j.autodiff.DType;
import org.unet4j.autodiff.Regularization;
import org.unet4j.autodiff.Tensor;

/** Dropout: probabilities outside [0, 1), NaN among them, and training without a random generator. */
class RegularizationBadInputProperties {

    @Property(tries = 20)
    void aProbabilityOutsideTheUnitIntervalIsRefused(@ForAll("badProbabilities") double p, @ForAll boolean training) {
        Tensor x = BadInput.zeros(DType.FLOAT32, 2, 3);
        assertRefused("dropout p = " + p, () -> Regularization.dropout(x, p, training, new SplittableRandom(1)),
                "dropout", String.valueOf(p));
    }

    @Provide
    Arbitrary<Double> badProbabilities() {
        return Arbitraries.of(-0.5, 1.0, 2.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY);
    }

    @Property(tries = 5)
    void trainingWithoutARandomGeneratorIsRefused(@ForAll DType dtype) {
        Tensor x = BadInput.zeros(dtype, 2, 3);
        assertRefused("dropout without rng", () -> Regularization.dropout(x, 0.5, true, null), "dropout", "rng");
    }
}
