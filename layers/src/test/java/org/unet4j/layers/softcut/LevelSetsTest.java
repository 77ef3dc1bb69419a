package org.unet4j.layers.softcut;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LevelSetsTest {
    // 3 x 3 grid:  1 1 2
    //              2 1 2
    //              2 3 2     equal neighbours along rows or columns form 4 connected blocks; 3 distinct values
    private static final double[] GRID = {1, 1, 2, 2, 1, 2, 2, 3, 2};

    @Test
    void connectedBlocksJoinEqualNeighboursAlongEitherAxisOnly() {
        LevelSets blocks = LevelSets.connected(GRID, new int[] {3, 3});
        assertEquals(4, blocks.count());
        double[] g = {1, 2, 3, 4, 6, 5, 8, 9, 7};
        assertArrayEquals(new double[] {3, 3, 5, 6, 3, 5, 6, 9, 5}, blocks.blockMeans(g), 1e-15);
    }

    @Test
    void equalValueBlocksJoinEveryPointOfOneValueWhereverItLies() {
        LevelSets blocks = LevelSets.equalValues(GRID);
        assertEquals(3, blocks.count());
        double[] g = {1, 2, 3, 4, 6, 5, 8, 9, 7};
        assertArrayEquals(new double[] {3, 3, 5.4, 5.4, 3, 5.4, 5.4, 9, 5.4}, blocks.blockMeans(g), 1e-15);
    }

    @Test
    void diagonalNeighboursAreNotJoined() {
        assertEquals(4, LevelSets.connected(new double[] {1, 0, 0, 1}, new int[] {2, 2}).count());
        assertEquals(2, LevelSets.connected(new double[] {1, 1, 0, 0}, new int[] {4}).count());
    }
}
