package org.unet4j.autodiff.badinput;

import static org.unet4j.autodiff.badinput.BadInput.assertNoNaN;
import static org.unet4j.autodiff.badinput.BadInput.assertRefused;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.unet4j.autodiff.DType;
import org.unet4j.autodiff.Normalization;
import org.unet4j.autodiff.Tensor;

/** Normalisation: per-channel parameters of the wrong size, bad groups and options, constant and extreme input. */
class NormalizationBadInputProperties {

    @Property(tries = 20)
    void perChannelParametersOfTheWrongSizeAreRefused(@ForAll @IntRange(min = 1, max = 4) int channels,
            @ForAll @IntRange(min = 1, max = 2) int extra) {
        Tensor x = BadInput.zeros(DType.FLOAT64, 2, channels, 3, 3);
        Tensor wrong = BadInput.zeros(DType.FLOAT64, channels + extra);
        Tensor right = BadInput.zeros(DType.FLOAT64, channels);
        assertRefused("batchNorm gamma", () -> Normalization.batchNorm(x, wrong, right, null, null, true, 0.1, 1e-5),
                "batchNorm");
        assertRefused("instanceNorm beta", () -> Normalization.instanceNorm(x, right, wrong, 1e-5), "instanceNorm");
        assertRefused("groupNorm gamma", () -> Normalization.groupNorm(x, 1, wrong, right, 1e-5), "groupNorm");
    }

    @Property(tries = 20)
    void groupsThatDoNotDivideTheChannelsAreRefused(@ForAll @IntRange(min = -1, max = 7) int groups) {
        Tensor x = BadInput.zeros(DType.FLOAT32, 1, 6, 2, 2);
        if (groups < 1 || 6 % groups != 0) {
            assertRefused("groupNorm with " + groups + " groups", () -> Normalization.groupNorm(x, groups, null, null,
                    1e-5), "groupNorm", String.valueOf(groups));
        }
    }

    @Property(tries = 20)
    void optionsOutOfRangeAreRefused(@ForAll("badMomenta") double momentum, @ForAll("badEps") double eps) {
        Tensor x = BadInput.zeros(DType.FLOAT64, 2, 1, 2, 2);
        Tensor mean = BadInput.zeros(DType.FLOAT64, 1);
        Tensor var = BadInput.zeros(DType.FLOAT64, 1).add(1);
        assertRefused("batchNorm momentum " + momentum, () -> Normalization.batchNorm(x, null, null, mean, var, true,
                momentum, 1e-5), "momentum");
        assertRefused("batchNorm eps " + eps, () -> Normalization.batchNorm(x, null, null, null, null, true, 0.1, eps),
                "eps");
    }

    @Property(tries = 5)
    void runningStatisticsComeInPairs(@ForAll boolean training, @ForAll DType dtype) {
        Tensor x = BadInput.zeros(dtype, 2, 3, 2, 2);
        Tensor stats = BadInput.zeros(dtype, 3);
        assertRefused("batchNorm with a running mean only", () -> Normalization.batchNorm(x, null, null, stats, null,
                training, 0.1, 1e-5), "batchNorm");
        assertRefused("batchNorm with a running variance only", () -> Normalization.batchNorm(x, null, null, null,
                stats, training, 0.1, 1e-5), "batchNorm");
        assertRefused("instanceNorm with a running mean only", () -> Normalization.instanceNorm(x, null, null, stats,
                null, training, 0.1, 1e-5), "instanceNorm");
    }

    @Provide
    Arbitrary<Double> badMomenta() {
        return net.jqwik.api.Arbitraries.of(-0.1, 1.5, Double.NaN, Double.POSITIVE_INFINITY);
    }

    @Provide
    Arbitrary<Double> badEps() {
        return net.jqwik.api.Arbitraries.of(-1e-5, Double.NaN, Double.POSITIVE_INFINITY);
    }

    @Property(tries = 30)
    void constantAndExtremeInputGivesNoNaN(@ForAll("magnitudes") double scale, @ForAll long seed,
            @ForAll DType dtype, @ForAll boolean constant) {
        Tensor x = constant ? BadInput.zeros(dtype, 2, 2, 3, 3).add(scale) : BadInput.uniform(seed, dtype, scale, 2,
                2, 3, 3);
        assertNoNaN("batchNorm at scale " + scale, Normalization.batchNorm(x, null, null, null, null, true, 0.1,
                1e-5));
        assertNoNaN("instanceNorm at scale " + scale, Normalization.instanceNorm(x, null, null, 1e-5));
        assertNoNaN("groupNorm at scale " + scale, Normalization.groupNorm(x, 1, null, null, 1e-5));
    }

    @Provide
    Arbitrary<Double> magnitudes() {
        return BadInput.extremeMagnitudes();
    }
}
