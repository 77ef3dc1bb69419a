package org.unet4j.autodiff.badinput;

import static org.unet4j.autodiff.badinput.BadInput.assertNoNaN;
import static org.unet4j.autodiff.badinput.BadInput.assertRefused;

import java.util.List;
import java.util.function.BinaryOperator;
import java.util.function.UnaryOperator;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.unet4j.autodiff.DType;
import org.unet4j.autodiff.Tensor;

/** Elementwise ops and comparisons: shapes that do not broadcast, mixed devices, bad options, extreme values. */
class ElementwiseBadInputProperties {

    private static final List<BinaryOperator<Tensor>> BINARY = List.of(Tensor::add, Tensor::sub, Tensor::mul,
            Tensor::div, Tensor::pow, Tensor::maximum, Tensor::minimum, Tensor::gt, Tensor::ge, Tensor::lt,
            Tensor::le, Tensor::eq, Tensor::ne, Tensor::logicalAnd, Tensor::logicalOr,
            (a, b) -> Tensor.where(a, a, b), (a, b) -> Tensor.where(b, a, b));

    /** Activations and other ops defined on the whole real line. */
    private static final List<UnaryOperator<Tensor>> TOTAL = List.of(Tensor::neg, Tensor::abs, Tensor::exp,
            Tensor::relu, x -> x.leakyRelu(0.1), Tensor::sigmoid, Tensor::tanh, Tensor::softplus, Tensor::silu,
            x -> x.clamp(-1, 1), x -> x.pow(2), x -> x.mul(0.5).add(3));

    @Property(tries = 30)
    void shapesThatDoNotBroadcastAreAShapeErrorNamingBoth(@ForAll @IntRange(min = 2, max = 5) int n,
            @ForAll @IntRange(min = 1, max = 3) int extra, @ForAll DType dtype) {
        Tensor a = BadInput.zeros(dtype, 2, n);
        Tensor b = BadInput.zeros(dtype, n + extra);
        for (BinaryOperator<Tensor> op : BINARY) {
            assertRefused("binary op on [2, " + n + "] and [" + (n + extra) + "]", () -> op.apply(a, b),
                    "[2, " + n + "]", "[" + (n + extra) + "]");
        }
    }

    @Property(tries = 10)
    void operandsOnTwoDevicesAreRefused(@ForAll @IntRange(min = 1, max = 4) int n, @ForAll DType dtype) {
        Tensor a = BadInput.zeros(dtype, n);
        Tensor b = BadInput.onOther(dtype, n);
        for (BinaryOperator<Tensor> op : BINARY) {
            assertRefused("binary op across devices", () -> op.apply(a, b), "different devices");
            assertRefused("binary op across devices", () -> op.apply(b, a), "different devices");
        }
    }

    @Property(tries = 20)
    void clampWithMinAboveMaxIsRefused(@ForAll("ordered") double[] bounds) {
        Tensor x = BadInput.zeros(DType.FLOAT64, 3);
        assertRefused("clamp(" + bounds[1] + ", " + bounds[0] + ")", () -> x.clamp(bounds[1], bounds[0]), "clamp");
    }

    @Property(tries = 10)
    void nonFiniteOptionsAreRefused(@ForAll("nonFinite") double bad) {
        Tensor x = BadInput.zeros(DType.FLOAT32, 3);
        if (Double.isNaN(bad)) {
            assertRefused("clamp(NaN, 1)", () -> x.clamp(bad, 1), "clamp", "NaN");
            assertRefused("clamp(-1, NaN)", () -> x.clamp(-1, bad), "clamp", "NaN");
        }
        assertRefused("leakyRelu(" + bad + ")", () -> x.leakyRelu(bad), "leakyRelu", String.valueOf(bad));
    }

    @Provide
    Arbitrary<Double> nonFinite() {
        return BadInput.nonFinite();
    }

    @Provide
    Arbitrary<double[]> ordered() {
        return net.jqwik.api.Arbitraries.doubles().between(-10, 10).array(double[].class).ofSize(2)
                .filter(p -> p[0] < p[1]);
    }

    @Property(tries = 40)
    void finiteInputOfAnyMagnitudeGivesNoNaN(@ForAll("magnitudes") double scale, @ForAll long seed,
            @ForAll DType dtype) {
        Tensor x = BadInput.uniform(seed, dtype, scale, 3, 4);
        for (UnaryOperator<Tensor> op : TOTAL) {
            assertNoNaN("an elementwise op at scale " + scale, op.apply(x));
        }
    }

    @Provide
    Arbitrary<Double> magnitudes() {
        return BadInput.extremeMagnitudes();
    }
}
