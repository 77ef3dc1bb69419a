package org.unet4j.solvers.graphcut;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class BoykovKolmogorovMaxFlowTest extends MaxFlowSolverContract {
    BoykovKolmogorovMaxFlowTest() {
        super(BoykovKolmogorovMaxFlow::solve, BoykovKolmogorovMaxFlow::solve);
    }

    @Property(tries = 40, edgeCases = EdgeCasesMode.NONE)
    void everyRegionCountEndsAtTheMinimalSourceSideOnIntegralCapacities(
            @ForAll @IntRange(min = 1, max = 9) int rows, @ForAll @IntRange(min = 1, max = 9) int cols,
            @ForAll @IntRange(min = 2, max = 5) int regions, @ForAll boolean eight, @ForAll long seed) {
        GridCase grid = GridCase.random(new int[] {rows, cols}, eight ? EIGHT : FOUR, false, true, seed);
        FlowNetwork network = grid.network(eight ? Neighbourhood.EIGHT : Neighbourhood.FOUR);
        int clamped = Math.min(regions, network.nodeCount());
        assertArrayEquals(solve(network, 1).sourceSide(), solve(network, clamped).sourceSide(),
                () -> "integral capacities, " + clamped + " regions: both searches end at the minimal source side on "
                        + grid);
    }

    @Test
    void aNodeWithEqualTerminalCapacitiesLiesOnTheSinkSide() {
        FlowNetwork network = new GridGraphBuilder(Neighbourhood.FOUR, 1, 3).terminals(new double[] {3, 2, 0},
                new double[] {1, 2, 4}).edges(0, new double[3]).edges(1, new double[3]).build();
        MinCut cut = solve(network);
        assertEquals(1 + 2 + 0, cut.flowValue());
        assertArrayEquals(new boolean[] {true, false, false}, cut.sourceSide(),
                "the tie goes to the sink side: the minimal source side");
    }

    @Test
    void theNetworkAndTheCutPrintTheirSizesAndTotals() {
        FlowNetwork network = chain();
        assertEquals("FlowNetwork[5 nodes, 8 arcs, sum c(s, i) = 7.0, sum c(i, t) = 6.0]", network.toString());
        assertEquals("MinCut[flow 2.5, source side 2 of 5 nodes, sink side 3, 1 augmentation]",
                solve(network).toString());
    }
}
