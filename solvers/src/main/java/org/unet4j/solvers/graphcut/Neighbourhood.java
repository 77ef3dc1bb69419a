package org.unet4j.solvers.graphcut;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The neighbour offsets of a d-dimensional grid graph, listed once per undirected edge: each offset {@code o} is a
 * "forward" direction (its first non-zero component is positive) and stands for the edge between the node at
 * coordinates {@code c} and the node at {@code c + o}.
 *
 * <p>Directions are numbered: the first d are the axis directions {@code e_0, ..., e_{d-1}} (axis 0 is the slowest
 * varying axis of the row-major node numbering), then, for {@link #full(int)}, the diagonal offsets in
 * lexicographic order. So direction {@code k < d} means "along axis k" in every neighbourhood.
 * <ul>
 *   <li>{@link #FOUR}: 2D, offsets (1,0), (0,1);</li>
 *   <li>{@link #EIGHT}: 2D, offsets (1,0), (0,1), (1,-1), (1,1);</li>
 *   <li>{@link #SIX}: 3D, offsets (1,0,0), (0,1,0), (0,0,1).</li>
 * </ul>
 */
public final class Neighbourhood {
    /** The 4-neighbourhood of a 2D grid. */
    public static final Neighbourhood FOUR = axes(2);
    /** The 8-neighbourhood of a 2D grid (axes and diagonals). */
    public static final Neighbourhood EIGHT = full(2);
    /** The 6-neighbourhood of a 3D grid. */
    public static final Neighbourhood SIX = axes(3);

    private final int dimension;
    private final int[][] offsets;

    private Neighbourhood(int dimension, int[][] offsets) {
        this.dimension = dimension;
        this.offsets = offsets;
    }

    /** The 2d axis neighbours in d dimensions (4 in 2D, 6 in 3D). */
    public static Neighbourhood axes(int dimension) {
        requireDimension(dimension);
        int[][] offsets = new int[dimension][dimension];
        for (int axis = 0; axis < dimension; axis++) {
            offsets[axis][axis] = 1;
        }
        return new Neighbourhood(dimension, offsets);
    }

    /** All 3^d - 1 neighbours at Chebyshev distance 1 (8 in 2D, 26 in 3D). */
    public static Neighbourhood full(int dimension) {
        requireDimension(dimension);
        List<int[]> offsets = new ArrayList<>(Arrays.asList(axes(dimension).offsets));
        int[] offset = new int[dimension];
        Arrays.fill(offset, -1);
        int total = (int) Math.pow(3, dimension);
        for (int code = 0; code < total; code++) {
            if (isForward(offset) && nonZeroCount(offset) > 1) {
                offsets.add(offset.clone());
            }
            for (int axis = dimension - 1; axis >= 0 && ++offset[axis] > 1; axis--) {
                offset[axis] = -1;
            }
        }
        return new Neighbourhood(dimension, offsets.toArray(new int[0][]));
    }

    /** The number of grid axes d. */
    public int dimension() {
        return dimension;
    }

    /** The number of forward directions, i.e. half the number of neighbours of an interior node. */
    public int directionCount() {
        return offsets.length;
    }

    /** The offset of direction {@code k}, as d coordinates. */
    public int[] offset(int direction) {
        if (direction < 0 || direction >= offsets.length) {
            throw new IndexOutOfBoundsException("direction " + direction + " is not in [0, " + offsets.length
                    + ") for the " + this);
        }
        return offsets[direction].clone();
    }

    @Override
    public String toString() {
        return 2 * offsets.length + "-neighbourhood in " + dimension + "D";
    }

    private static boolean isForward(int[] offset) {
        for (int component : offset) {
            if (component != 0) {
                return component > 0;
            }
        }
        return false;
    }

    private static int nonZeroCount(int[] offset) {
        int count = 0;
        for (int component : offset) {
            count += component != 0 ? 1 : 0;
        }
        return count;
    }

    private static void requireDimension(int dimension) {
        if (dimension < 1) {
            throw new IllegalArgumentException("a grid needs at least one axis, got dimension " + dimension);
        }
    }
}
