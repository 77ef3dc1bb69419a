package org.unet4j.solvers.linear;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** The random test systems: weights within their ranges, one system per seed, and clear errors. */
class RandomGridSystemsTest {

    @Property(tries = 30)
    void uniformWeightsLieInTheirRangeAndDependOnlyOnTheSeed(@ForAll @IntRange(min = 1, max = 9) int rows,
            @ForAll @IntRange(min = 1, max = 9) int columns, @ForAll @IntRange(min = 1, max = 4) int depth,
            @ForAll long seed) {
        int[] sizes = {rows, columns, depth};
        GridLaplacianSystem system = RandomGridSystems.uniform(sizes, 7, seed);
        GridLaplacianSystem again = RandomGridSystems.uniform(sizes, 7, seed);
        for (int k = 0; k < sizes.length; k++) {
            assertArrayEquals(again.weights(k), system.weights(k));
            for (double w : system.weights(k)) {
                assertTrue(w >= 0 && w <= 7, "weight " + w + " outside [0, 7]");
            }
        }
    }

    @Property(tries = 30)
    void voronoiWeightsAreLargeInsideACellAndSmallAcrossCells(@ForAll @IntRange(min = 2, max = 30) int n,
            @ForAll @IntRange(min = 1, max = 6) int cells, @ForAll long seed) {
        int[] sizes = {n, n};
        GridLaplacianSystem system = RandomGridSystems.voronoi(sizes, cells, 1000, 1e-3, seed);
        for (int k = 0; k < 2; k++) {
            for (double w : system.weights(k)) {
                assertTrue(w >= 0 && w <= 1000, "weight " + w + " outside [0, 1000]");
            }
        }
        assertArrayEquals(RandomGridSystems.voronoi(sizes, cells, 1000, 1e-3, seed).weights(0), system.weights(0));
    }

    @Test
    void oneCellMakesEveryEdgeAnInsideEdgeAndTwoCellsCutSomeEdges() {
        int[] sizes = {40, 40};
        GridLaplacianSystem single = RandomGridSystems.voronoi(sizes, 1, 1, 0, 3);
        assertEquals(0, countZeros(single), "one cell: no edge crosses a border");
        GridLaplacianSystem split = RandomGridSystems.voronoi(sizes, 2, 1, 0, 3);
        int across = countZeros(split);
        assertTrue(across >= 1 && across < 2 * 40 * 39, "two cells: " + across + " edges across");
    }

    @Test
    void badScalesAndCellCountsAreNamed() {
        int[] sizes = {4, 4};
        IllegalArgumentException maxWeight = assertThrows(IllegalArgumentException.class,
                () -> RandomGridSystems.uniform(sizes, -1, 0));
        assertTrue(maxWeight.getMessage().contains("maxWeight is -1.0"), maxWeight.getMessage());
        IllegalArgumentException cells = assertThrows(IllegalArgumentException.class,
                () -> RandomGridSystems.voronoi(sizes, 0, 1, 1, 0));
        assertTrue(cells.getMessage().contains("cells is 0"), cells.getMessage());
        IllegalArgumentException across = assertThrows(IllegalArgumentException.class,
                () -> RandomGridSystems.voronoi(sizes, 3, 1, Double.NaN, 0));
        assertTrue(across.getMessage().contains("across is NaN"), across.getMessage());
        IllegalArgumentException size = assertThrows(IllegalArgumentException.class,
                () -> RandomGridSystems.uniform(new int[] {4, 0}, 1, 0));
        assertTrue(size.getMessage().contains("axis 1 must be >= 1"), size.getMessage());
    }

    private static int countZeros(GridLaplacianSystem system) {
        int zeros = 0;
        for (int k = 0; k < system.dimensions(); k++) {
            zeros += (int) Arrays.stream(system.weights(k)).filter(w -> w == 0).count();
        }
        return zeros;
    }
}
