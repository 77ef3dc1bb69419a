package org.unet4j.autodiff;

import java.util.Arrays;

/**
 * The dimensions of a row-major tensor, immutable. {@code Shape.of(4, 1, 96, 96)} prints as {@code [4, 1, 96, 96]}.
 *
 * <p>Broadcasting follows NumPy: shapes are aligned at their last axis; two sizes are compatible when equal or when
 * one of them is 1, and the result takes the size that is not 1 (so 0 against 1 gives 0).
 */
public final class Shape {
    private static final Shape SCALAR = new Shape(new int[0]);
    private final int[] dims;
    private final long size;

    private Shape(int[] dims) {
        long n = 1;
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] < 0) {
                throw new IllegalArgumentException("Shape " + Arrays.toString(dims) + " has a negative size at axis " + i
                        + "; every size must be >= 0");
            }
            n *= dims[i];
        }
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("Shape " + Arrays.toString(dims) + " holds " + n
                    + " elements, more than a Java array can (" + Integer.MAX_VALUE + "); split the tensor");
        }
        this.dims = dims;
        this.size = n;
    }

    /** A shape with the given sizes; {@code Shape.of()} is the scalar shape. */
    public static Shape of(int... dims) {
        return dims.length == 0 ? SCALAR : new Shape(dims.clone());
    }

    /** The shape of a scalar (rank 0, one element). */
    public static Shape scalar() {
        return SCALAR;
    }

    /** Number of axes. */
    public int rank() {
        return dims.length;
    }

    /** Size along {@code axis}; negative axes count from the end. */
    public int dim(int axis) {
        return dims[axis(axis)];
    }

    /** A copy of the sizes. */
    public int[] dims() {
        return dims.clone();
    }

    /** Number of elements. */
    public int size() {
        return (int) size;
    }

    /** Row-major strides (in elements). */
    public int[] strides() {
        int[] s = new int[dims.length];
        int acc = 1;
        for (int i = dims.length - 1; i >= 0; i--) {
            s[i] = acc;
            acc *= dims[i];
        }
        return s;
    }

    /** Normalises a possibly negative axis, failing with the valid range when it is out of bounds. */
    public int axis(int axis) {
        return axis(null, axis);
    }

    /** {@link #axis(int)} for the op named {@code op}, which the message names first (none when null). */
    public int axis(String op, int axis) {
        int a = axis < 0 ? axis + dims.length : axis;
        if (a < 0 || a >= dims.length) {
            throw new IllegalArgumentException((op == null ? "" : op + ": ") + "axis " + axis + " is out of range "
                    + "for shape " + this + " (valid: " + -dims.length + ".." + (dims.length - 1) + ")");
        }
        return a;
    }

    /** The same shape with {@code axis} replaced by {@code size}. */
    public Shape with(int axis, int size) {
        int[] d = dims.clone();
        d[axis(axis)] = size;
        return new Shape(d);
    }

    /** Product of the sizes in [from, to). */
    public int product(int from, int to) {
        int p = 1;
        for (int i = from; i < to; i++) {
            p *= dims[i];
        }
        return p;
    }

    /** The NumPy broadcast of two shapes; {@code op} names the operation in the error message. */
    public static Shape broadcast(String op, Shape a, Shape b) {
        if (a.equals(b)) {
            return a;
        }
        int rank = Math.max(a.rank(), b.rank());
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            int da = i < rank - a.rank() ? 1 : a.dims[i - (rank - a.rank())];
            int db = i < rank - b.rank() ? 1 : b.dims[i - (rank - b.rank())];
            if (da != db && da != 1 && db != 1) {
                throw new ShapeException(op + ": shapes " + a + " and " + b + " cannot be broadcast: axis " + (i - rank)
                        + " has sizes " + da + " and " + db + " (sizes must be equal or one of them 1)");
            }
            out[i] = da == 1 ? db : da;
        }
        return new Shape(out);
    }

    /**
     * Strides of this shape read as {@code target} under broadcasting: 0 on axes this shape broadcasts along.
     */
    public int[] broadcastStrides(Shape target) {
        int offset = target.rank() - rank();
        int[] own = strides();
        int[] s = new int[target.rank()];
        for (int i = 0; i < rank(); i++) {
            s[i + offset] = dims[i] == 1 && target.dims[i + offset] != 1 ? 0 : own[i];
        }
        return s;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Shape s && Arrays.equals(dims, s.dims);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dims);
    }

    @Override
    public String toString() {
        return Arrays.toString(dims);
    }
}
