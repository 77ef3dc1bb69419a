package org.unet4j.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.unet4j.autodiff.LoopReference.assertValues;

import java.util.function.BinaryOperator;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import java.util.function.UnaryOperator;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.unet4j.autodiff.TensorArbitraries.BroadcastPairs;
import org.unet4j.autodiff.TensorArbitraries.BroadcastTriples;
import org.unet4j.autodiff.TensorArbitraries.ShapePair;
import org.unet4j.autodiff.TensorArbitraries.ShapeTriple;
import org.unet4j.autodiff.TensorArbitraries.SmallShapes;

/**
 * Every elementwise op of {@link Tensor}: forward against its scalar formula evaluated in a plain loop (float32 and
 * float64, broadcasting included), backward against finite differences in float64. Inputs are drawn from each op's
 * domain and kept away from points where it is not differentiable.
 */
class ElementwiseProperties {

    /** Where an op's inputs are drawn from. */
    private enum Domain {
        ANY(-2, 2, false),
        POSITIVE(0.3, 2, false),
        AWAY_FROM_ZERO(0.1, 2, true),
        /** [-2, 2) at fractional parts in [0.1, 0.4): 0.1 or more from clamp's kinks -0.5 and 0.75. */
        LOWER_FRACTIONS(0.1, 0.4, false),
        /** [-2, 2) at fractional parts in [0.6, 0.9): 0.2 or more from every LOWER_FRACTIONS value (maximum's kink). */
        UPPER_FRACTIONS(0.6, 0.9, false);

        private final double low;
        private final double high;
        private final boolean signed;

        Domain(double low, double high, boolean signed) {
            this.low = low;
            this.high = high;
            this.signed = signed;
        }

        Tensor sample(long seed, DType dtype, int[] dims) {
            if (this == LOWER_FRACTIONS || this == UPPER_FRACTIONS) {
                return TensorArbitraries.withFractions(seed, dtype, -2, 2, low, high, dims);
            }
            return signed ? TensorArbitraries.awayFromZero(seed, dtype, low, high, dims)
                    : TensorArbitraries.uniform(seed, dtype, low, high, dims);
        }
    }

    private enum BinaryOp {
        ADD(Tensor::add, (x, y) -> x + y, Domain.ANY, Domain.ANY),
        SUB(Tensor::sub, (x, y) -> x - y, Domain.ANY, Domain.ANY),
        MUL(Tensor::mul, (x, y) -> x * y, Domain.ANY, Domain.ANY),
        DIV(Tensor::div, (x, y) -> x / y, Domain.ANY, Domain.AWAY_FROM_ZERO),
        POW(Tensor::pow, Math::pow, Domain.POSITIVE, Domain.ANY),
        MAXIMUM(Tensor::maximum, Math::max, Domain.LOWER_FRACTIONS, Domain.UPPER_FRACTIONS),
        MINIMUM(Tensor::minimum, Math::min, Domain.LOWER_FRACTIONS, Domain.UPPER_FRACTIONS);

        final BinaryOperator<Tensor> op;
        final DoubleBinaryOperator reference;
        final Domain left;
        final Domain right;

        BinaryOp(BinaryOperator<Tensor> op, DoubleBinaryOperator reference, Domain left, Domain right) {
            this.op = op;
            this.reference = reference;
            this.left = left;
            this.right = right;
        }
    }

    private enum UnaryOp {
        NEG(Tensor::neg, x -> -x, Domain.ANY),
        EXP(Tensor::exp, Math::exp, Domain.ANY),
        LOG(Tensor::log, Math::log, Domain.POSITIVE),
        SQRT(Tensor::sqrt, Math::sqrt, Domain.POSITIVE),
        ABS(Tensor::abs, Math::abs, Domain.AWAY_FROM_ZERO),
        CLAMP(x -> x.clamp(-0.5, 0.75), x -> x < -0.5 ? -0.5 : x > 0.75 ? 0.75 : x, Domain.LOWER_FRACTIONS),
        POW_SQUARE(x -> x.pow(2), x -> x * x, Domain.ANY),
        POW_FRACTIONAL(x -> x.pow(2.5), x -> Math.pow(x, 2.5), Domain.POSITIVE),
        POW_NEGATIVE(x -> x.pow(-1.5), x -> 1 / Math.pow(x, 1.5), Domain.POSITIVE),
        RELU(Tensor::relu, x -> x > 0 ? x : 0, Domain.AWAY_FROM_ZERO),
        LEAKY_RELU(x -> x.leakyRelu(0.1), x -> x > 0 ? x : 0.1 * x, Domain.AWAY_FROM_ZERO),
        SIGMOID(Tensor::sigmoid, x -> 1 / (1 + Math.exp(-x)), Domain.ANY),
        TANH(Tensor::tanh, x -> (Math.exp(2 * x) - 1) / (Math.exp(2 * x) + 1), Domain.ANY),
        SOFTPLUS(Tensor::softplus, x -> Math.log(1 + Math.exp(x)), Domain.ANY),
        SILU(Tensor::silu, x -> x / (1 + Math.exp(-x)), Domain.ANY),
        ADD_SCALAR(x -> x.add(1.5), x -> x + 1.5, Domain.ANY),
        SUB_SCALAR(x -> x.sub(0.25), x -> x - 0.25, Domain.ANY),
        MUL_SCALAR(x -> x.mul(-3), x -> -3 * x, Domain.ANY),
        DIV_SCALAR(x -> x.div(3), x -> x / 3, Domain.ANY),
        RSUB_SCALAR(x -> x.rsub(2), x -> 2 - x, Domain.ANY);

        final UnaryOperator<Tensor> op;
        final DoubleUnaryOperator reference;
        final Domain domain;

        UnaryOp(UnaryOperator<Tensor> op, DoubleUnaryOperator reference, Domain domain) {
            this.op = op;
            this.reference = reference;
            this.domain = domain;
        }
    }

    @Property(tries = 40)
    void binaryOpsOnBroadcastPairsMatchLoopReference(@ForAll(supplier = BroadcastPairs.class) ShapePair shapes,
            @ForAll long seed, @ForAll DType dtype) {
        for (BinaryOp op : BinaryOp.values()) {
            Tensor a = op.left.sample(seed, dtype, shapes.left());
            Tensor b = op.right.sample(seed + 1, dtype, shapes.right());
            Tensor out = op.op.apply(a, b);
            assertEquals(dtype, out.dtype(), op + ": dtype");
            assertValues(LoopReference.broadcast(a.dims(), b.dims()), LoopReference.binary(a, b, op.reference), out,
                    op + " of " + shapes);
        }
    }

    @Property(tries = 25)
    void binaryOpGradientsOnBroadcastPairsMatchFiniteDifferences(
            @ForAll(supplier = BroadcastPairs.class) ShapePair shapes, @ForAll long seed) {
        for (BinaryOp op : BinaryOp.values()) {
            Tensor a = op.left.sample(seed, DType.FLOAT64, shapes.left());
            Tensor b = op.right.sample(seed + 1, DType.FLOAT64, shapes.right());
            GradCheck.assertGradients(in -> op.op.apply(in[0], in[1]), a, b);
        }
    }

    @Property(tries = 40)
    void unaryOpsMatchTheirScalarFormulaElementwise(@ForAll(supplier = SmallShapes.class) int[] dims,
            @ForAll long seed, @ForAll DType dtype) {
        for (UnaryOp op : UnaryOp.values()) {
            Tensor x = op.domain.sample(seed, dtype, dims);
            double[] values = x.toDoubleArray();
            double[] expected = new double[x.size()];
            for (int i = 0; i < expected.length; i++) {
                expected[i] = op.reference.applyAsDouble(values[i]);
            }
            Tensor out = op.op.apply(x);
            assertEquals(dtype, out.dtype(), op + ": dtype");
            assertValues(dims, expected, out, op.toString());
        }
    }

    @Property(tries = 25)
    void unaryOpGradientsMatchFiniteDifferences(@ForAll(supplier = SmallShapes.class) int[] dims, @ForAll long seed) {
        for (UnaryOp op : UnaryOp.values()) {
            Tensor x = op.domain.sample(seed, DType.FLOAT64, dims);
            GradCheck.assertGradients(in -> op.op.apply(in[0]), x);
        }
    }

    @Property(tries = 40)
    void whereSelectsExactlyOneBranchUnderBroadcasting(@ForAll(supplier = BroadcastTriples.class) ShapeTriple shapes,
            @ForAll long seed, @ForAll DType dtype) {
        Tensor cond = TensorArbitraries.uniform(seed, dtype, -1, 1, shapes.first()).relu();
        Tensor a = TensorArbitraries.uniform(seed + 1, dtype, -1e-3, 1e-3, shapes.second());
        Tensor b = TensorArbitraries.uniform(seed + 2, dtype, -1e3, 1e3, shapes.third());
        int[] dims = LoopReference.broadcast(LoopReference.broadcast(cond.dims(), a.dims()), b.dims());
        double[] c = cond.toDoubleArray();
        double[] x = a.toDoubleArray();
        double[] y = b.toDoubleArray();
        double[] expected = new double[LoopReference.size(dims)];
        for (int i = 0; i < expected.length; i++) {
            int[] index = LoopReference.unravel(i, dims);
            expected[i] = c[LoopReference.source(index, cond.dims())] != 0 ? x[LoopReference.source(index, a.dims())]
                    : y[LoopReference.source(index, b.dims())];
        }
        assertValues(dims, expected, Tensor.where(cond, a, b), "where of " + shapes);
        assertValues(expected, Tensor.where(cond, a, b), 0, "where of " + shapes + " (exactly)");
    }

    @Property(tries = 25)
    void whereGradientsMatchFiniteDifferences(@ForAll(supplier = BroadcastTriples.class) ShapeTriple shapes,
            @ForAll long seed) {
        Tensor cond = TensorArbitraries.uniform(seed, DType.FLOAT64, -1, 1, shapes.first()).relu();
        Tensor a = TensorArbitraries.uniform(seed + 1, DType.FLOAT64, -2, 2, shapes.second());
        Tensor b = TensorArbitraries.uniform(seed + 2, DType.FLOAT64, -2, 2, shapes.third());
        GradCheck.assertGradients(in -> Tensor.where(cond, in[0], in[1]), a, b);
    }

    @Example
    void whereSendsTheGradientOnlyToTheSelectedBranch() {
        Tensor cond = Tensor.wrap(new double[] {1, 0, -2}, 3);
        Tensor a = Tensor.wrap(new double[] {1, 2, 3}, 3).requiresGrad(true);
        Tensor b = Tensor.wrap(new double[] {4, 5, 6}, 3).requiresGrad(true);
        Tensor.where(cond, a, b).sum().backward();
        assertArrayEquals(new double[] {1, 0, 1}, a.grad().toDoubleArray());
        assertArrayEquals(new double[] {0, 1, 0}, b.grad().toDoubleArray());
    }

    @Property(tries = 20)
    void whereNeverReadsTheBranchNotTaken(@ForAll(supplier = SmallShapes.class) int[] dims, @ForAll long seed,
            @ForAll DType dtype) {
        Tensor cond = TensorArbitraries.uniform(seed, dtype, -1, 1, dims).relu();
        Tensor finite = TensorArbitraries.uniform(seed + 1, dtype, -2, 2, dims);
        double[] c = cond.toDoubleArray();
        double[] f = finite.toDoubleArray();
        for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            Tensor poisoned = finite.fullLike(bad);
            double[] keepA = new double[c.length];
            double[] keepB = new double[c.length];
            for (int i = 0; i < c.length; i++) {
                keepA[i] = c[i] != 0 ? f[i] : bad;
                keepB[i] = c[i] != 0 ? bad : f[i];
            }
            assertValues(keepA, Tensor.where(cond, finite, poisoned), 0, "where(cond, finite, " + bad + ")");
            assertValues(keepB, Tensor.where(cond, poisoned, finite), 0, "where(cond, " + bad + ", finite)");
        }
    }

    @Example
    void whereOfALogarithmIsZeroWhereTheLogarithmIsNotTaken() {
        Tensor x = Tensor.wrap(new double[] {0, -1, 1, Math.E}, 4);
        assertArrayEquals(new double[] {0, 0, 0, 1}, Tensor.where(x.gt(0), x.log(), 0).toDoubleArray());
        assertArrayEquals(new double[] {0, 0, 0, 1}, Tensor.where(x.le(0), 0, x.log()).toDoubleArray());
    }

    @Example
    void whereOfALogarithmWithAGuardedArgumentHasAFiniteGradientEverywhere() {
        Tensor x = Tensor.wrap(new double[] {0, -1, 1, Math.E}, 4).requiresGrad(true);
        Tensor positive = x.gt(0);
        Tensor.where(positive, Tensor.where(positive, x, 1).log(), 0).sum().backward();
        assertArrayEquals(new double[] {0, 0, 1, 1 / Math.E}, x.grad().toDoubleArray(), 1e-15);
    }

    @Example
    void whereReturnsTheSelectedValueBitForBit() {
        Tensor cond = Tensor.wrap(new double[] {1, 0, Double.NaN}, 3);
        Tensor a = Tensor.wrap(new double[] {-0.0, Double.POSITIVE_INFINITY, -0.0}, 3);
        Tensor b = Tensor.wrap(new double[] {7, -0.0, 7}, 3);
        double[] out = Tensor.where(cond, a, b).toDoubleArray();
        for (int i = 0; i < 3; i++) {
            assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(out[i]),
                    "element " + i + " (NaN reads as true) is " + out[i] + ", not -0.0");
        }
    }

    @Example
    void whereGivesTheBranchNotTakenAZeroGradientEvenWhenItIsInfinite() {
        Tensor x = Tensor.wrap(new double[] {-2, 0, 3}, 3).requiresGrad(true);
        Tensor y = Tensor.wrap(new double[] {1, 1, 1}, 3).requiresGrad(true);
        // the unselected branch x / 0 is infinite at every point; its gradient must be 0, not NaN
        Tensor.where(x.gt(0), x.mul(x), y.div(y.sub(1))).sum().backward();
        assertArrayEquals(new double[] {0, 0, 6}, x.grad().toDoubleArray(), 0);
    }

    @Example
    void maximumSplitsTheGradientEquallyOnTies() {
        Tensor a = Tensor.wrap(new double[] {1, 2, 3}, 3).requiresGrad(true);
        Tensor b = Tensor.wrap(new double[] {2, 2, 2}, 3).requiresGrad(true);
        a.maximum(b).sum().backward();
        assertArrayEquals(new double[] {0, 0.5, 1}, a.grad().toDoubleArray());
        assertArrayEquals(new double[] {1, 0.5, 0}, b.grad().toDoubleArray());
    }

    @Example
    void sigmoidSoftplusAndSiluStayFiniteAtExtremeInputs() {
        Tensor x = Tensor.wrap(new double[] {-1000, -100, 100, 1000}, 4).requiresGrad(true);
        assertArrayEquals(new double[] {0, 0, 1, 1}, x.sigmoid().toDoubleArray(), 1e-40);
        assertArrayEquals(new double[] {0, 0, 100, 1000}, x.softplus().toDoubleArray(), 1e-40);
        Tensor y = x.softplus().add(x.silu()).add(x.tanh()).sum();
        y.backward();
        for (double g : x.grad().toDoubleArray()) {
            assertTrue(Double.isFinite(g), "gradient " + g + " is not finite");
        }
    }

    @Property(tries = 20)
    void mixingFloat32AndFloat64ComputesInFloat64(@ForAll(supplier = BroadcastPairs.class) ShapePair shapes,
            @ForAll long seed) {
        // mixed dtypes meet on the host, the only device that holds float64
        Tensor a = TensorArbitraries.uniform(seed, DType.FLOAT32, -2, 2, shapes.left()).to(Device.CPU);
        Tensor b = TensorArbitraries.uniform(seed + 1, DType.FLOAT64, -2, 2, shapes.right());
        Tensor out = a.mul(b);
        assertEquals(DType.FLOAT64, out.dtype());
        assertValues(LoopReference.broadcast(a.dims(), b.dims()), LoopReference.binary(a, b, (x, y) -> x * y), out,
                "float32 * float64");
    }
}
