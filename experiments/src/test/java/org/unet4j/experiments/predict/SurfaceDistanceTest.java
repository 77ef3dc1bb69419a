package org.unet4j.experiments.predict;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class SurfaceDistanceTest {
    private static final int[] GRID = {5, 6, 7};
    private static final double[] SPACING = {2.5, 0.8, 0.6};

    private static int index(int z, int y, int x) {
        return (z * GRID[1] + y) * GRID[2] + x;
    }

    @Test
    void twoSingleVoxelsAreTheirSpacedDistanceApart() {
        boolean[] a = new boolean[GRID[0] * GRID[1] * GRID[2]];
        boolean[] b = a.clone();
        a[index(1, 2, 3)] = true;
        b[index(3, 1, 3)] = true;
        assertEquals(Math.hypot(2 * 2.5, 0.8), SurfaceDistance.hd95(a, b, GRID, SPACING), 1e-12);
    }

    @Test
    void bothEmptyIsZeroAndOneEmptyIsTheGridDiagonal() {
        boolean[] empty = new boolean[GRID[0] * GRID[1] * GRID[2]];
        boolean[] one = empty.clone();
        one[7] = true;
        assertEquals(0, SurfaceDistance.hd95(empty, empty, GRID, SPACING));
        double diagonal = Math.sqrt(Math.pow(5 * 2.5, 2) + Math.pow(6 * 0.8, 2) + Math.pow(7 * 0.6, 2));
        assertEquals(diagonal, SurfaceDistance.hd95(one, empty, GRID, SPACING), 1e-12);
    }

    @Test
    void theDistanceTransformEqualsTheNearestSurfaceVoxelFoundByBruteForce() {
        SplittableRandom rng = new SplittableRandom(3);
        for (int trial = 0; trial < 20; trial++) {
            boolean[] mask = new boolean[GRID[0] * GRID[1] * GRID[2]];
            for (int i = 0; i < mask.length; i++) {
                mask[i] = rng.nextDouble() < 0.08;
            }
            double[] fast = SurfaceDistance.squaredDistanceTo(mask, GRID, SPACING);
            for (int z = 0; z < GRID[0]; z++) {
                for (int y = 0; y < GRID[1]; y++) {
                    for (int x = 0; x < GRID[2]; x++) {
                        assertEquals(bruteForce(mask, z, y, x), fast[index(z, y, x)], 1e-9);
                    }
                }
            }
        }
    }

    private static double bruteForce(boolean[] mask, int z, int y, int x) {
        double best = Double.POSITIVE_INFINITY;
        for (int k = 0; k < GRID[0]; k++) {
            for (int j = 0; j < GRID[1]; j++) {
                for (int i = 0; i < GRID[2]; i++) {
                    if (mask[index(k, j, i)]) {
                        double dz = (k - z) * SPACING[0];
                        double dy = (j - y) * SPACING[1];
                        double dx = (i - x) * SPACING[2];
                        best = Math.min(best, dz * dz + dy * dy + dx * dx);
                    }
                }
            }
        }
        return best;
    }

    @Test
    void theSurfaceOfABlockIsItsShellAndItsGridBorder() {
        boolean[] block = new boolean[GRID[0] * GRID[1] * GRID[2]];
        Arrays.fill(block, true);
        boolean[] surface = SurfaceDistance.surface(block, GRID);
        int inner = (GRID[0] - 2) * (GRID[1] - 2) * (GRID[2] - 2);
        int count = 0;
        for (boolean s : surface) {
            count += s ? 1 : 0;
        }
        assertEquals(block.length - inner, count);
    }
}
