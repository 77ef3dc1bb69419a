package org.unet4j.solvers.graphcut;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PseudoflowMaxFlowTest extends MaxFlowSolverContract {
    PseudoflowMaxFlowTest() {
        super(PseudoflowMaxFlow::solve, PseudoflowMaxFlow::solve);
    }

    @Test
    void moreSupplyThanDemandAndMoreDemandThanSupplyGiveTheSameCutsAsBoykovKolmogorov() {
        for (double shift : new double[] {-0.2, 0.2}) {
            GridCase grid = GridCase.whiteNoise(new int[] {40, 36}, FOUR, 21);
            double[] source = new double[grid.nodeCount()];
            double[] sink = new double[grid.nodeCount()];
            for (int i = 0; i < source.length; i++) {
                double p = grid.source[i] - grid.sink[i] + shift;
                source[i] = Math.max(p, 0);
                sink[i] = Math.max(-p, 0);
            }
            FlowNetwork network = new GridGraphBuilder(Neighbourhood.FOUR, grid.dims).terminals(source, sink)
                    .edges(0, grid.forward[0]).edges(1, grid.forward[1]).build();
            MinCut expected = BoykovKolmogorovMaxFlow.solve(network, 1);
            for (int regions = 1; regions <= 3; regions++) {
                MinCut cut = solve(network, regions);
                assertEquals(expected.flowValue(), cut.flowValue(), 1e-9 * expected.flowValue(),
                        "shift " + shift + ", " + regions + " regions");
                assertArrayEquals(expected.sourceSide(), cut.sourceSide(), "shift " + shift + ", " + regions
                        + " regions: real-valued capacities have a single minimum cut");
            }
        }
    }

    @Test
    void theCutPrintsItsMergersAsAugmentations() {
        assertEquals("MinCut[flow 2.5, source side 2 of 5 nodes, sink side 3, 4 augmentations]",
                solve(chain()).toString());
    }
}
