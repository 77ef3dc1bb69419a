package org.unet4j.solvers.graphcut;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class GridGraphBuilderTest {

    @Test
    void neighbourhoodsListAxisDirectionsFirst() {
        assertEquals(2, Neighbourhood.FOUR.directionCount());
        assertEquals(4, Neighbourhood.EIGHT.directionCount());
        assertEquals(3, Neighbourhood.SIX.directionCount());
        assertEquals(13, Neighbourhood.full(3).directionCount());
        assertArrayEquals(new int[] {1, 0}, Neighbourhood.EIGHT.offset(0));
        assertArrayEquals(new int[] {0, 1}, Neighbourhood.EIGHT.offset(1));
        assertArrayEquals(new int[] {1, -1}, Neighbourhood.EIGHT.offset(2));
        assertArrayEquals(new int[] {1, 1}, Neighbourhood.EIGHT.offset(3));
        assertArrayEquals(new int[] {0, 0, 1}, Neighbourhood.SIX.offset(2));
        assertEquals("8-neighbourhood in 2D", Neighbourhood.EIGHT.toString());
    }

    @Test
    void interiorAndBoundaryEdgesAreCounted() {
        double[] ones = filled(12, 1);
        FlowNetwork four = new GridGraphBuilder(Neighbourhood.FOUR, 3, 4).terminals(ones, ones)
                .edges(0, ones).edges(1, ones).build();
        assertEquals(2 * (2 * 4 + 3 * 3), four.arcCount());
        FlowNetwork eight = new GridGraphBuilder(Neighbourhood.EIGHT, 3, 4).terminals(ones, ones)
                .edges(0, ones).edges(1, ones).edges(2, ones).edges(3, ones).build();
        assertEquals(2 * (2 * 4 + 3 * 3 + 2 * 2 * 3), eight.arcCount());
    }

    @Test
    void zeroCapacityEdgesCreateNoArcs() {
        double[] ones = filled(6, 1);
        FlowNetwork network = new GridGraphBuilder(Neighbourhood.FOUR, 2, 3).terminals(ones, ones)
                .edges(0, new double[6]).axisEdges(1, new double[] {0, 2, 0, 0}).build();
        assertEquals(2, network.arcCount());
        assertEquals(1, network.arcHead(network.arcStart(2)));
        assertEquals(2, network.arcCapacity(network.arcStart(1)));
    }

    @Test
    void compactAxisLayoutEqualsNodeLayout() {
        double[] ones = filled(6, 1);
        double[] rows = {1, 2, 3};
        double[] cols = {4, 5, 6, 7};
        FlowNetwork compact = new GridGraphBuilder(Neighbourhood.FOUR, 2, 3).terminals(ones, ones)
                .axisEdges(0, rows).axisEdges(1, cols).build();
        FlowNetwork nodes = new GridGraphBuilder(Neighbourhood.FOUR, 2, 3).terminals(ones, ones)
                .edges(0, new double[] {1, 2, 3, 0, 0, 0}).edges(1, new double[] {4, 5, 0, 6, 7, 0}).build();
        assertEquals(nodes.arcCount(), compact.arcCount());
        for (int a = 0; a < nodes.arcCount(); a++) {
            assertEquals(nodes.arcHead(a), compact.arcHead(a));
            assertEquals(nodes.arcCapacity(a), compact.arcCapacity(a));
        }
    }

    @Test
    void directedPairsKeepTheirDirection() {
        double[] zero = new double[2];
        FlowNetwork network = new GridGraphBuilder(Neighbourhood.FOUR, 1, 2).terminals(new double[] {9, 0},
                new double[] {0, 9}).edges(0, zero).edges(1, new double[] {2, 0}, new double[] {5, 0}).build();
        assertEquals(2, BoykovKolmogorovMaxFlow.solve(network).flowValue());
        FlowNetwork reversed = new GridGraphBuilder(Neighbourhood.FOUR, 1, 2).terminals(new double[] {0, 9},
                new double[] {9, 0}).edges(0, zero).edges(1, new double[] {2, 0}, new double[] {5, 0}).build();
        assertEquals(5, BoykovKolmogorovMaxFlow.solve(reversed).flowValue());
    }

    @Test
    void cutCapacityCountsTerminalAndCrossingArcs() {
        FlowNetwork network = FlowNetwork.fromEdges(new double[] {4, 1, 0}, new double[] {0, 2, 6},
                new int[] {0, 1}, new int[] {1, 2}, new double[] {3, 5}, new double[] {1, 7});
        assertEquals(0 + 2 + 5 + 0, network.cutCapacity(new boolean[] {true, true, false}));
        assertEquals(4 + 1 + 0, network.cutCapacity(new boolean[] {false, false, false}));
        assertEquals(0 + 3 + 1 + 0, network.cutCapacity(new boolean[] {true, false, false}));
        assertEquals(network.cutCapacity(new boolean[] {true, false, false}),
                BoykovKolmogorovMaxFlow.solve(network).flowValue());
    }

    @Test
    void negativeTerminalCapacityNamesTheNodeAndValue() {
        double[] source = filled(6, 1);
        source[4] = -0.25;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new GridGraphBuilder(Neighbourhood.FOUR, 2, 3).terminals(source, filled(6, 1)));
        assertEquals("source capacity at node 4 [1, 1] is -0.25; capacities must be finite and >= 0", e.getMessage());
    }

    @Test
    void nanEdgeCapacityNamesTheEdgeAndValue() {
        double[] cols = {1, 1, Double.NaN, 1};
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new GridGraphBuilder(Neighbourhood.FOUR, 2, 3).axisEdges(1, cols));
        assertEquals("edge capacity along axis 1 at compact index 2 (between nodes 3 [1, 0] and 4 [1, 1]) is NaN;"
                + " capacities must be finite and >= 0", e.getMessage());
        double[] nodeLayout = filled(6, 1);
        nodeLayout[1] = Double.POSITIVE_INFINITY;
        IllegalArgumentException infinite = assertThrows(IllegalArgumentException.class,
                () -> new GridGraphBuilder(Neighbourhood.FOUR, 2, 3).edges(0, nodeLayout));
        assertTrue(infinite.getMessage().contains("direction 0 at node 1 [0, 1] is Infinity"), infinite.getMessage());
    }

    @Test
    void entriesPointingOutsideTheGridAreIgnored() {
        double[] nodeLayout = filled(6, 1);
        nodeLayout[5] = -1;
        FlowNetwork network = new GridGraphBuilder(Neighbourhood.FOUR, 2, 3).terminals(filled(6, 1), filled(6, 1))
                .edges(0, filled(6, 1)).edges(1, nodeLayout).build();
        assertEquals(2 * (3 + 4), network.arcCount());
    }

    @Test
    void sizeMismatchesAreReported() {
        GridGraphBuilder builder = new GridGraphBuilder(Neighbourhood.FOUR, 2, 3);
        IllegalArgumentException terminals = assertThrows(IllegalArgumentException.class,
                () -> builder.terminals(new double[5], new double[6]));
        assertEquals("source capacities have length 5 but the grid [2, 3] has 6 nodes", terminals.getMessage());
        IllegalArgumentException compact = assertThrows(IllegalArgumentException.class,
                () -> builder.axisEdges(0, new double[6]));
        assertEquals("edge capacities along axis 0 have length 6 but the grid [2, 3] has [1, 3] = 3 such edges",
                compact.getMessage());
        IllegalArgumentException dims = assertThrows(IllegalArgumentException.class,
                () -> new GridGraphBuilder(Neighbourhood.SIX, 2, 3));
        assertEquals("the 6-neighbourhood in 3D needs 3 grid sizes, got [2, 3]", dims.getMessage());
        assertThrows(IllegalArgumentException.class, () -> FlowNetwork.fromEdges(new double[2], new double[3],
                new int[0], new int[0], new double[0], new double[0]));
    }

    @Test
    void missingOrRepeatedDirectionsAreReported() {
        double[] ones = filled(6, 1);
        GridGraphBuilder builder = new GridGraphBuilder(Neighbourhood.EIGHT, 2, 3).terminals(ones, ones)
                .edges(0, ones).edges(1, ones).edges(3, ones);
        IllegalStateException missing = assertThrows(IllegalStateException.class, builder::build);
        assertEquals("edge capacities of direction 2 (offset [1, -1]) of the 8-neighbourhood in 2D were not given",
                missing.getMessage());
        assertThrows(IllegalStateException.class, () -> builder.edges(1, ones));
        assertThrows(IndexOutOfBoundsException.class, () -> builder.edges(4, ones));
        assertThrows(IllegalStateException.class,
                () -> new GridGraphBuilder(Neighbourhood.FOUR, 2, 3).edges(0, ones).edges(1, ones).build());
    }

    @Test
    void invalidEdgeListsAreReported() {
        double[] two = {1, 1};
        double[] one = {1};
        IllegalArgumentException range = assertThrows(IllegalArgumentException.class,
                () -> FlowNetwork.fromEdges(two, two, new int[] {0}, new int[] {2}, one, one));
        assertEquals("head of edge 0 is node 2, outside [0, 2)", range.getMessage());
        IllegalArgumentException loop = assertThrows(IllegalArgumentException.class,
                () -> FlowNetwork.fromEdges(two, two, new int[] {1}, new int[] {1}, one, one));
        assertEquals("edge 0 is a self-loop at node 1", loop.getMessage());
        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
                () -> FlowNetwork.fromEdges(two, two, new int[] {0}, new int[] {1}, one, new double[] {-2}));
        assertEquals("reverse capacity of edge 0 (1 -> 0) is -2.0; capacities must be finite and >= 0",
                negative.getMessage());
    }

    private static double[] filled(int n, double value) {
        double[] values = new double[n];
        Arrays.fill(values, value);
        return values;
    }
}
