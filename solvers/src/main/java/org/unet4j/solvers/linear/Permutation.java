package org.unet4j.solvers.linear;

import java.util.Arrays;

/**
 * A permutation of {@code {0, ..., n-1}}, stored both ways: {@code order[new] = old} and {@code inverse[old] = new}.
 * As a matrix, {@code P} with {@code (P x)_new = x_order[new]}, so a symmetric {@code A} reordered is
 * {@code P A P^T}. EJML's {@code CommonOps_DSCC.permuteSymmetric} takes the {@link #inverse} array.
 */
public final class Permutation {
    private final int[] order;
    private final int[] inverse;

    /**
     * @param order {@code order[new] = old}, copied
     * @throws IllegalArgumentException if {@code order} is not a permutation (names the offending entry)
     */
    public Permutation(int[] order) {
        this.order = order.clone();
        this.inverse = new int[order.length];
        Arrays.fill(inverse, -1);
        for (int i = 0; i < order.length; i++) {
            int old = order[i];
            if (old < 0 || old >= order.length) {
                throw new IllegalArgumentException("not a permutation of 0.." + (order.length - 1) + ": entry " + i
                        + " is " + old);
            }
            if (inverse[old] >= 0) {
                throw new IllegalArgumentException("not a permutation: " + old + " appears at " + inverse[old]
                        + " and at " + i);
            }
            inverse[old] = i;
        }
    }

    /** The identity permutation of size {@code n} (natural ordering). */
    public static Permutation identity(int n) {
        int[] order = new int[n];
        Arrays.setAll(order, i -> i);
        return new Permutation(order);
    }

    /** {@code n}. */
    public int size() {
        return order.length;
    }

    /** {@code order[new]}: which original index goes to position {@code newIndex}. */
    public int oldIndex(int newIndex) {
        return order[newIndex];
    }

    /** {@code inverse[old]}: where original index {@code oldIndex} goes. */
    public int newIndex(int oldIndex) {
        return inverse[oldIndex];
    }

    /** A copy of {@code order} ({@code new -> old}). */
    public int[] order() {
        return order.clone();
    }

    /** A copy of {@code inverse} ({@code old -> new}). */
    public int[] inverse() {
        return inverse.clone();
    }

    /** Writes {@code y = P x}: {@code y[new] = x[order[new]]}. */
    public void apply(double[] x, double[] y) {
        for (int i = 0; i < order.length; i++) {
            y[i] = x[order[i]];
        }
    }

    /** Writes {@code y = P^T x}: {@code y[order[new]] = x[new]}. */
    public void applyTransposed(double[] x, double[] y) {
        for (int i = 0; i < order.length; i++) {
            y[order[i]] = x[i];
        }
    }

    int[] inverseArray() {
        return inverse;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Permutation && Arrays.equals(order, ((Permutation) other).order);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(order);
    }

    @Override
    public String toString() {
        return order.length <= 16 ? "Permutation" + Arrays.toString(order) : "Permutation of " + order.length;
    }
}
