package org.unet4j.solvers.graphcut;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.Arrays;
import java.util.function.BiFunction;
import java.util.function.Function;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * What every max-flow solver of this package must satisfy, checked against JGraphT's push-relabel max-flow as the
 * oracle: the flow value, a returned segmentation that is a minimum cut (its capacity equals the flow), the same
 * value from every region count, and a clear error for a region count out of range. Each solver's test class
 * extends this with its {@link #solve} and adds what is particular to its algorithm.
 */
abstract class MaxFlowSolverContract {
    static final int[][] FOUR = {{1, 0}, {0, 1}};
    static final int[][] EIGHT = {{1, 0}, {0, 1}, {1, -1}, {1, 1}};
    static final int[][] SIX = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}};

    private static final Duration TIME_LIMIT = Duration.ofSeconds(60);

    private final BiFunction<FlowNetwork, Integer, MinCut> regional;
    private final Function<FlowNetwork, MinCut> byDefault;

    /**
     * @param regional the solver under test in a given number of regions
     * @param byDefault the solver under test with its default regions
     */
    MaxFlowSolverContract(BiFunction<FlowNetwork, Integer, MinCut> regional, Function<FlowNetwork, MinCut> byDefault) {
        this.regional = regional;
        this.byDefault = byDefault;
    }

    /**
     * The solver under test in {@code regions} regions, stopped and failed after {@link #TIME_LIMIT}: these networks
     * take milliseconds, so a solver caught in a loop fails the test instead of hanging the build.
     */
    MinCut solve(FlowNetwork network, int regions) {
        return assertTimeoutPreemptively(TIME_LIMIT, () -> regional.apply(network, regions),
                () -> "no result after " + TIME_LIMIT + " in " + regions + " regions on " + network);
    }

    /** The solver under test with its default regions, with the same time limit. */
    MinCut solve(FlowNetwork network) {
        return assertTimeoutPreemptively(TIME_LIMIT, () -> byDefault.apply(network),
                () -> "no result after " + TIME_LIMIT + " on " + network);
    }

    @Property(tries = 40, edgeCases = EdgeCasesMode.NONE)
    void fourNeighbourhoodMatchesJGraphT(@ForAll @IntRange(min = 1, max = 8) int rows,
            @ForAll @IntRange(min = 1, max = 8) int cols, @ForAll boolean integral, @ForAll long seed) {
        checkAgainstJGraphT(GridCase.random(new int[] {rows, cols}, FOUR, false, integral, seed), Neighbourhood.FOUR);
    }

    @Property(tries = 40, edgeCases = EdgeCasesMode.NONE)
    void eightNeighbourhoodMatchesJGraphT(@ForAll @IntRange(min = 1, max = 7) int rows,
            @ForAll @IntRange(min = 1, max = 7) int cols, @ForAll boolean integral, @ForAll long seed) {
        checkAgainstJGraphT(GridCase.random(new int[] {rows, cols}, EIGHT, false, integral, seed),
                Neighbourhood.EIGHT);
    }

    @Property(tries = 40, edgeCases = EdgeCasesMode.NONE)
    void sixNeighbourhoodMatchesJGraphT(@ForAll @IntRange(min = 1, max = 5) int depth,
            @ForAll @IntRange(min = 1, max = 5) int rows, @ForAll @IntRange(min = 1, max = 5) int cols,
            @ForAll boolean integral, @ForAll long seed) {
        checkAgainstJGraphT(GridCase.random(new int[] {depth, rows, cols}, SIX, false, integral, seed),
                Neighbourhood.SIX);
    }

    @Property(tries = 40, edgeCases = EdgeCasesMode.NONE)
    void directedPairsMatchJGraphT(@ForAll @IntRange(min = 1, max = 7) int rows,
            @ForAll @IntRange(min = 1, max = 7) int cols, @ForAll boolean integral, @ForAll long seed) {
        checkAgainstJGraphT(GridCase.random(new int[] {rows, cols}, EIGHT, true, integral, seed),
                Neighbourhood.EIGHT);
    }

    @Test
    void largerGridMatchesJGraphT() {
        checkAgainstJGraphT(GridCase.random(new int[] {40, 50}, FOUR, false, false, 2024), Neighbourhood.FOUR);
        checkAgainstJGraphT(GridCase.random(new int[] {12, 12, 12}, SIX, true, false, 7), Neighbourhood.SIX);
    }

    @Test
    void whiteNoiseScoresMatchJGraphT() {
        checkAgainstJGraphT(GridCase.whiteNoise(new int[] {48, 48}, FOUR, 5), Neighbourhood.FOUR);
        checkAgainstJGraphT(GridCase.whiteNoise(new int[] {32, 32}, EIGHT, 6), Neighbourhood.EIGHT);
        checkAgainstJGraphT(GridCase.whiteNoise(new int[] {10, 10, 10}, SIX, 7), Neighbourhood.SIX);
    }

    @Property(tries = 40, edgeCases = EdgeCasesMode.NONE)
    void regionalSearchesThenMergeMatchJGraphTAndTheSequentialCut(@ForAll @IntRange(min = 1, max = 9) int rows,
            @ForAll @IntRange(min = 1, max = 9) int cols, @ForAll @IntRange(min = 2, max = 5) int regions,
            @ForAll boolean eight, @ForAll boolean whiteNoise, @ForAll long seed) {
        int[][] offsets = eight ? EIGHT : FOUR;
        GridCase grid = whiteNoise ? GridCase.whiteNoise(new int[] {rows, cols}, offsets, seed)
                : GridCase.random(new int[] {rows, cols}, offsets, false, true, seed);
        FlowNetwork network = grid.network(eight ? Neighbourhood.EIGHT : Neighbourhood.FOUR);
        int clamped = Math.min(regions, network.nodeCount());
        MinCut regional = solve(network, clamped);
        MinCut sequential = solve(network, 1);
        double expected = grid.jgraphtFlow();
        double tolerance = 1e-9 * Math.max(1, expected);
        assertEquals(expected, regional.flowValue(), tolerance, () -> clamped + " regions on " + grid);
        assertEquals(regional.flowValue(), network.cutCapacity(regional.sourceSide()), tolerance,
                () -> "the segmentation of " + clamped + " regions is not a minimum cut on " + grid);
        assertEquals(expected, sequential.flowValue(), tolerance, () -> "one region on " + grid);
    }

    @Test
    void regionalSearchesOnLargeGridsMatchJGraphTAndRepeatExactly() {
        checkRegionalSearches(GridCase.whiteNoise(new int[] {96, 80}, FOUR, 12), Neighbourhood.FOUR);
        checkRegionalSearches(GridCase.random(new int[] {64, 70}, EIGHT, true, false, 13), Neighbourhood.EIGHT);
    }

    private void checkRegionalSearches(GridCase grid, Neighbourhood neighbourhood) {
        FlowNetwork network = grid.network(neighbourhood);
        double expected = grid.jgraphtFlow();
        for (int regions = 2; regions <= 4; regions++) {
            MinCut first = solve(network, regions);
            MinCut again = solve(network, regions);
            assertEquals(expected, first.flowValue(), 1e-9 * expected, regions + " regions on " + grid);
            assertEquals(first.flowValue(), again.flowValue(), regions + " regions, solved twice");
            assertArrayEquals(first.sourceSide(), again.sourceSide(), regions + " regions, solved twice");
        }
    }

    @Test
    void aRegionCountOutsideOneToTheNodeCountIsRejectedWithTheRange() {
        FlowNetwork network = GridCase.random(new int[] {3, 3}, FOUR, false, false, 1).network(Neighbourhood.FOUR);
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class,
                () -> solve(network, 0));
        assertEquals("regions is 0 but must lie in [1, 9] for a network of 9 nodes; use 1 for the sequential search",
                zero.getMessage());
        assertThrows(IllegalArgumentException.class, () -> solve(network, 10));
    }

    private void checkAgainstJGraphT(GridCase grid, Neighbourhood neighbourhood) {
        FlowNetwork network = grid.network(neighbourhood);
        MinCut cut = solve(network);
        double expected = grid.jgraphtFlow();
        double tolerance = 1e-9 * Math.max(1, expected);
        assertEquals(expected, cut.flowValue(), tolerance, () -> "flow value on " + grid);
        assertEquals(cut.flowValue(), network.cutCapacity(cut.sourceSide()), tolerance,
                () -> "the returned segmentation is not a minimum cut on " + grid);
    }

    @Test
    void nodesPreferringTheSourceEverywhereAllLieOnTheSourceSide() {
        GridCase grid = GridCase.random(new int[] {6, 7}, FOUR, false, false, 3);
        double[] source = new double[grid.nodeCount()];
        for (int i = 0; i < source.length; i++) {
            source[i] = grid.sink[i] + 0.5;
        }
        MinCut cut = solveFour(grid, source, grid.sink);
        assertEquals(grid.nodeCount(), cut.sourceCount());
        assertEquals(Arrays.stream(grid.sink).sum(), cut.flowValue(), 1e-12);
    }

    @Test
    void nodesPreferringTheSinkEverywhereAllLieOnTheSinkSide() {
        GridCase grid = GridCase.random(new int[] {6, 7}, FOUR, false, false, 4);
        double[] sink = new double[grid.nodeCount()];
        for (int i = 0; i < sink.length; i++) {
            sink[i] = grid.source[i] + 0.5;
        }
        MinCut cut = solveFour(grid, grid.source, sink);
        assertEquals(0, cut.sourceCount());
        assertEquals(Arrays.stream(grid.source).sum(), cut.flowValue(), 1e-12);
    }

    @Test
    void disconnectedNodesAreCutIndependently() {
        double[] source = {3, 0, 2, 1, 0, 4};
        double[] sink = {1, 2, 1, 0, 1, 5};
        double[] none = new double[6];
        FlowNetwork network = new GridGraphBuilder(Neighbourhood.FOUR, 2, 3).terminals(source, sink)
                .edges(0, none).edges(1, none).build();
        MinCut cut = solve(network);
        assertEquals(1 + 0 + 1 + 0 + 0 + 4, cut.flowValue());
        assertArrayEquals(new boolean[] {true, false, true, true, false, false}, cut.sourceSide());
        assertArrayEquals(new byte[] {1, 0, 1, 1, 0, 0}, cut.labels());
        assertEquals(0, cut.augmentations(), "without n-links nothing is pushed along a path");
    }

    @Test
    void anEmptyNetworkHasZeroFlowAndASingleNodeChoosesItsCheaperTerminal() {
        FlowNetwork empty = FlowNetwork.fromEdges(new double[0], new double[0], new int[0], new int[0],
                new double[0], new double[0]);
        assertEquals(0, solve(empty, 1).flowValue());
        assertEquals(0, solve(empty).sourceCount());
        FlowNetwork single = FlowNetwork.fromEdges(new double[] {2}, new double[] {0.5}, new int[0], new int[0],
                new double[0], new double[0]);
        MinCut cut = solve(single);
        assertEquals(0.5, cut.flowValue());
        assertArrayEquals(new boolean[] {true}, cut.sourceSide());
    }

    @Test
    void twoPixelsAreSeparatedExactlyWhenTheEdgeIsWeakerThanTheirPreferences() {
        double[] source = {5, 0};
        double[] sink = {0, 4};
        MinCut weak = solveChain(source, sink, 3);
        assertEquals(3, weak.flowValue());
        assertArrayEquals(new boolean[] {true, false}, weak.sourceSide());
        MinCut strong = solveChain(source, sink, 10);
        assertEquals(4, strong.flowValue());
        assertArrayEquals(new boolean[] {true, true}, strong.sourceSide());
    }

    @Test
    void chainFlowIsItsBottleneck() {
        MinCut cut = solve(chain());
        assertEquals(2.5, cut.flowValue());
        assertArrayEquals(new boolean[] {true, true, false, false, false}, cut.sourceSide());
    }

    /** A chain of five nodes: source capacity 7 at the first, sink capacity 6 at the last, bottleneck 2.5. */
    static FlowNetwork chain() {
        return new GridGraphBuilder(Neighbourhood.axes(1), 5).terminals(new double[] {7, 0, 0, 0, 0},
                new double[] {0, 0, 0, 0, 6}).axisEdges(0, new double[] {4, 2.5, 9, 3}).build();
    }

    @Test
    void allZeroCapacitiesGiveZeroFlowAndAnEmptySourceSide() {
        MinCut cut = solveChain(new double[2], new double[2], 0);
        assertEquals(0, cut.flowValue());
        assertEquals(0, cut.sourceCount());
    }

    @Test
    void solvingDoesNotChangeTheNetwork() {
        GridCase grid = GridCase.random(new int[] {9, 9}, FOUR, false, false, 11);
        FlowNetwork network = grid.network(Neighbourhood.FOUR);
        MinCut first = solve(network);
        MinCut second = solve(network);
        assertEquals(first.flowValue(), second.flowValue());
        assertArrayEquals(first.sourceSide(), second.sourceSide());
    }

    MinCut solveFour(GridCase grid, double[] source, double[] sink) {
        GridGraphBuilder builder = new GridGraphBuilder(Neighbourhood.FOUR, grid.dims).terminals(source, sink);
        return solve(builder.edges(0, grid.forward[0]).edges(1, grid.forward[1]).build());
    }

    MinCut solveChain(double[] source, double[] sink, double weight) {
        FlowNetwork network = new GridGraphBuilder(Neighbourhood.FOUR, 1, 2).terminals(source, sink)
                .edges(0, new double[2]).axisEdges(1, new double[] {weight}).build();
        return solve(network);
    }
}
