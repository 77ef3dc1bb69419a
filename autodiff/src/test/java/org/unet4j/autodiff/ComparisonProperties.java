package org.unet4j.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.unet4j.autodiff.LoopReference.assertValues;

import java.util.SplittableRandom;
import java.util.function.BinaryOperator;
import java.util.function.DoublePredicate;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.unet4j.autodiff.TensorArbitraries.BroadcastPairs;
import org.unet4j.autodiff.TensorArbitraries.ShapePair;

/**
 * The comparisons {@code gt ge lt le eq ne} and the logical ops on masks against Java's own comparison operators in
 * a plain loop, under broadcasting, in both dtypes, with ties and NaN among the inputs (values drawn from
 * {@code {-1, 0, 1, NaN}}): a mask is exact 0/1 in the promoted dtype, NaN compares false except under {@code ne},
 * and a condition reads any non-zero value (NaN included) as true, as in PyTorch.
 */
class ComparisonProperties {

    private interface Relation {
        boolean test(double x, double y);
    }

    private enum Comparison {
        GT(Tensor::gt, (x, y) -> x > y),
        GE(Tensor::ge, (x, y) -> x >= y),
        LT(Tensor::lt, (x, y) -> x < y),
        LE(Tensor::le, (x, y) -> x <= y),
        EQ(Tensor::eq, (x, y) -> x == y),
        NE(Tensor::ne, (x, y) -> x != y);

        final BinaryOperator<Tensor> op;
        final Relation reference;

        Comparison(BinaryOperator<Tensor> op, Relation reference) {
            this.op = op;
            this.reference = reference;
        }

        Tensor scalar(Tensor x, double c) {
            return switch (this) {
                case GT -> x.gt(c);
                case GE -> x.ge(c);
                case LT -> x.lt(c);
                case LE -> x.le(c);
                case EQ -> x.eq(c);
                case NE -> x.ne(c);
            };
        }
    }

    private static final double[] VALUES = {-1, 0, 1, Double.NaN};

    /** Values from {-1, 0, 1, NaN}: ties are common, NaN appears. */
    private static Tensor draw(long seed, DType dtype, int[] dims) {
        SplittableRandom rng = new SplittableRandom(seed);
        Tensor t = TensorArbitraries.onHost(() -> Tensor.zeros(dtype, dims));
        for (int i = 0; i < t.size(); i++) {
            t.flatSet(i, VALUES[rng.nextInt(VALUES.length)]);
        }
        return TensorArbitraries.placed(t);
    }

    private static double[] reference(Tensor a, Tensor b, Relation r) {
        return LoopReference.binary(a, b, (x, y) -> r.test(x, y) ? 1 : 0);
    }

    @Property(tries = 40)
    void comparisonsAreExactMasksUnderBroadcasting(@ForAll(supplier = BroadcastPairs.class) ShapePair shapes,
            @ForAll long seed, @ForAll DType dtype) {
        Tensor a = draw(seed, dtype, shapes.left());
        Tensor b = draw(seed + 1, dtype, shapes.right());
        for (Comparison c : Comparison.values()) {
            Tensor mask = c.op.apply(a, b);
            assertEquals(dtype, mask.dtype(), c + ": dtype");
            assertValues(reference(a, b, c.reference), mask, 0, c + " of " + shapes);
        }
    }

    @Property(tries = 20)
    void scalarFormsCompareWithTheScalarInTheTensorsDtype(@ForAll(supplier = BroadcastPairs.class) ShapePair shapes,
            @ForAll long seed, @ForAll DType dtype) {
        Tensor a = draw(seed, dtype, shapes.left());
        for (double c : new double[] {-1, 0, 0.5, Double.NaN}) {
            Tensor s = TensorArbitraries.placed(TensorArbitraries.onHost(() -> Tensor.scalar(c, dtype)));
            for (Comparison op : Comparison.values()) {
                Tensor mask = op.scalar(a, c);
                assertArrayEquals(a.dims(), mask.dims(), op + " " + c + ": shape");
                assertValues(reference(a, s, op.reference), mask, 0, op + " " + c);
            }
        }
    }

    @Property(tries = 40)
    void logicalOpsReadNonZeroAsTrue(@ForAll(supplier = BroadcastPairs.class) ShapePair shapes, @ForAll long seed,
            @ForAll DType dtype) {
        Tensor a = draw(seed, dtype, shapes.left());
        Tensor b = draw(seed + 1, dtype, shapes.right());
        DoublePredicate truth = v -> v != 0;
        assertValues(reference(a, b, (x, y) -> truth.test(x) && truth.test(y)), a.logicalAnd(b), 0, "logicalAnd");
        assertValues(reference(a, b, (x, y) -> truth.test(x) || truth.test(y)), a.logicalOr(b), 0, "logicalOr");
        assertValues(reference(a, a, (x, y) -> !truth.test(x)), a.logicalNot(), 0, "logicalNot");
    }

    @Example
    void comparisonsHaveNoGradient() {
        Tensor x = Tensor.wrap(new double[] {-1, 0, 2}, 3).requiresGrad(true);
        for (Comparison c : Comparison.values()) {
            assertFalse(c.op.apply(x, x.mul(2)).requiresGrad(), c + " of a tensor that requires grad");
        }
        assertFalse(x.logicalAnd(x).logicalOr(x).logicalNot().requiresGrad(), "logical ops");
    }

    @Example
    void comparisonsNameTheOpAndBothShapesOnAMismatch() {
        ShapeException e = assertThrows(ShapeException.class, () -> Tensor.zeros(2, 3).ge(Tensor.zeros(4)));
        assertTrue(e.getMessage().contains("ge") && e.getMessage().contains("[2, 3]")
                && e.getMessage().contains("[4]"), e.getMessage());
        ShapeException and = assertThrows(ShapeException.class,
                () -> Tensor.zeros(3).logicalAnd(Tensor.zeros(2)));
        assertTrue(and.getMessage().contains("logicalAnd"), and.getMessage());
    }
}
