package org.unet4j.autodiff;

/**
 * Comparisons and logic on masks, PyTorch's {@code gt ge lt le eq ne} and {@code logical_and logical_or
 * logical_not}. The engine has no boolean dtype, so a <b>mask</b> is a tensor of exact {@code 1} (true) and {@code 0}
 * (false) in the operands' promoted dtype; read as a condition (by the logical ops and {@link Tensor#where}) any
 * non-zero value, NaN included, is true, as PyTorch reads a number as a bool. Comparisons follow IEEE 754: every
 * comparison with NaN is false except {@code ne}, which is true. All operands broadcast; none of these ops has a
 * gradient (they are piecewise constant), so their results never require one. All are composed of existing backend
 * primitives ({@link BinaryFn#GREATER}, {@link BinaryFn#EQUAL}, {@link BinaryFn#MUL}, {@link BinaryFn#MAXIMUM},
 * {@link BinaryFn#ADD} and the affine {@code 1 - m}), so every device evaluates them without kernels of their own.
 */
final class Comparisons {
    private Comparisons() {
    }

    /** 1 where a &gt; b. */
    static Tensor gt(Tensor a, Tensor b) {
        return primitive("gt", BinaryFn.GREATER, a, b);
    }

    /** 1 where a &lt; b, i.e. b &gt; a. */
    static Tensor lt(Tensor a, Tensor b) {
        return primitive("lt", BinaryFn.GREATER, b, a);
    }

    /** 1 where a == b. */
    static Tensor eq(Tensor a, Tensor b) {
        return primitive("eq", BinaryFn.EQUAL, a, b);
    }

    /** 1 where a != b: 1 - (a == b), so NaN against anything is 1. */
    static Tensor ne(Tensor a, Tensor b) {
        return complement(eq(a, b));
    }

    /** 1 where a &gt;= b: (a &gt; b) + (a == b), two disjoint masks, so NaN gives 0 (not 1 - (b &gt; a)). */
    static Tensor ge(Tensor a, Tensor b) {
        requireCompatible("ge", a, b);
        Tensor greater = gt(a, b);
        return greater.device().backend().binary(BinaryFn.ADD, greater, eq(a, b));
    }

    /** 1 where a &lt;= b: (b &gt; a) + (a == b). */
    static Tensor le(Tensor a, Tensor b) {
        requireCompatible("le", a, b);
        Tensor less = lt(a, b);
        return less.device().backend().binary(BinaryFn.ADD, less, eq(a, b));
    }

    /** 1 where x is read as false (x == 0). */
    static Tensor logicalNot(Tensor x) {
        return x.device().backend().binary(BinaryFn.EQUAL, x, zeroLike(x));
    }

    /** 1 where both are read as true: (x != 0)(y != 0). */
    static Tensor logicalAnd(Tensor x, Tensor y) {
        requireCompatible("logicalAnd", x, y);
        return x.device().backend().binary(BinaryFn.MUL, truth(x), truth(y));
    }

    /** 1 where either is read as true: max(x != 0, y != 0). */
    static Tensor logicalOr(Tensor x, Tensor y) {
        requireCompatible("logicalOr", x, y);
        return x.device().backend().binary(BinaryFn.MAXIMUM, truth(x), truth(y));
    }

    /** The mask of x read as a condition: 1 where x != 0 (NaN included), in x's dtype. */
    static Tensor truth(Tensor x) {
        return complement(logicalNot(x));
    }

    /** A rank-0 tensor of {@code value} with x's dtype and device, for the scalar forms. */
    static Tensor scalarLike(Tensor x, double value) {
        Tensor s = x.device().backend().zeros(Shape.of(), x.dtype());
        if (value != 0) {
            s.fill(value);
        }
        return s;
    }

    private static Tensor zeroLike(Tensor x) {
        return scalarLike(x, 0);
    }

    private static Tensor complement(Tensor mask) {
        return mask.device().backend().unary(UnaryFn.AFFINE, mask, -1, 1);
    }

    private static Tensor primitive(String op, BinaryFn fn, Tensor x, Tensor y) {
        requireCompatible(op, x, y);
        return x.device().backend().binary(fn, x, y);
    }

    private static void requireCompatible(String op, Tensor x, Tensor y) {
        Broadcasting.sameDevice(op, x, y);
        Shape.broadcast(op, x.shape(), y.shape());
    }
}
