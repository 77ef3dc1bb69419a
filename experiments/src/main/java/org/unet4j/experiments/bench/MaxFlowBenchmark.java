package org.unet4j.experiments.bench;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.SplittableRandom;
import org.unet4j.autodiff.parallel.Parallel;
import org.unet4j.solvers.graphcut.BoykovKolmogorovMaxFlow;
import org.unet4j.solvers.graphcut.FlowNetwork;
import org.unet4j.solvers.graphcut.GridGraphBuilder;
import org.unet4j.solvers.graphcut.MinCut;
import org.unet4j.solvers.graphcut.Neighbourhood;
import org.unet4j.solvers.graphcut.PseudoflowMaxFlow;

/**
 * Minimum cuts on SoftCut-like grid graphs, as {@code SoftCut.hardCut} builds them at inference, by the two
 * max-flow solvers: Boykov-Kolmogorov augmenting paths ({@link BoykovKolmogorovMaxFlow}) and Hochbaum's pseudoflow
 * ({@link PseudoflowMaxFlow}). A pixel score p gives the terminal capacities {@code c(s, i) = max(p, 0)},
 * {@code c(i, t) = max(-p, 0)}, and the n-links are edge weights drawn uniformly in [0, 5]. The score maps:
 * <ul>
 *   <li><b>ellipse + noise:</b> {@code p = +1} inside an ellipse and {@code -1} outside, plus Gaussian noise of
 *       standard deviation sigma: the structured maps a trained scoring network produces;</li>
 *   <li><b>white noise:</b> {@code p ~ N(0, 1)} independently per pixel, or {@code p = 2q - 1} with
 *       {@code q ~ U(0, 1)}: no structure at all, the hard case for augmenting paths (the n-links outweigh the
 *       terminal capacities several-fold, so flow must travel across the whole grid).</li>
 * </ul>
 * The capacities of each case are drawn once per seed (2024, then 2025, ... for more seeds: white-noise times
 * depend on the draw); each run builds the graph from them ({@link GridGraphBuilder}, the build time) and solves
 * it four times, one after the other: by each solver as one region (its sequential algorithm) and with the default
 * regions (one per thread of the CPU pool, parallel regional phases then a merge). All four must give the same flow
 * value. After warm-up runs the table gives the median wall time of each, the minimum wall time of pseudoflow
 * with the default regions, then the median build time, the flow value and the size of the source side
 * (Boykov-Kolmogorov's minimal one; pseudoflow's cut has the same capacity). The header gives the system load
 * average (one minute) before and after the runs.
 *
 * <pre>
 *   java -cp ... org.unet4j.experiments.bench.MaxFlowBenchmark [runs [seeds [case]]]
 * </pre>
 * {@code runs} timed runs after 5 warm-up runs (default 15), {@code seeds} draws of every case (default 1, seed
 * 2024), and only the cases whose name contains {@code case} (default all), e.g. {@code "4-nbr, white"}.
 * {@code ./unet4j bench maxflow --reference} prints the record's shorter table beside SciPy's Dinic.
 */
public final class MaxFlowBenchmark {
    private static final int WARM_UP_RUNS = 5;
    private static final double MAX_WEIGHT = 5;
    private static final long FIRST_SEED = 2024;

    private MaxFlowBenchmark() {
    }

    /** One benchmark case: a grid, a neighbourhood and a score map {@code p(coordinates, rng)}. */
    private record Case(String name, Neighbourhood neighbourhood, int[] dims, ScoreMap scores) {
    }

    @FunctionalInterface
    private interface ScoreMap {
        double score(double[] relative, SplittableRandom rng);
    }

    /** A solver as the benchmark times it: a name for the table and the call. */
    private record Solver(String name, Function<FlowNetwork, MinCut> solve) {
    }

    /** The four timed solves, in the order of the table's columns. */
    private static final List<Solver> SOLVERS = List.of(
            new Solver("BK, 1 region", network -> BoykovKolmogorovMaxFlow.solve(network, 1)),
            new Solver("BK, regions", BoykovKolmogorovMaxFlow::solve),
            new Solver("pseudoflow, 1 region", network -> PseudoflowMaxFlow.solve(network, 1)),
            new Solver("pseudoflow, regions", PseudoflowMaxFlow::solve));

    /**
     * The measured figures of one case, times in milliseconds: {@code medianMs} per solver of {@link #SOLVERS},
     * {@code pseudoflowMinMs} the minimum of pseudoflow with the default regions (the last).
     */
    public record Figure(String name, long seed, int nodes, int regions, double[] medianMs, double pseudoflowMinMs,
            double medianBuildMs, double flow, int sourceNodes) {
    }

    /** The record's cases and their SciPy twins (the script's {@code maxflow} figure): grid, neighbourhood, scores. */
    private static final Map<String, Map<String, Object>> TWINS = Map.of(
            "256^2 4-nbr, ellipse + noise sigma 1", twin(List.of(256, 256), "4", "ellipse"),
            "256^2 4-nbr, white noise N(0, 1)", twin(List.of(256, 256), "4", "white"),
            "256^2 8-nbr, ellipse + noise sigma 1", twin(List.of(256, 256), "8", "ellipse"),
            "512^2 4-nbr, ellipse + noise sigma 1", twin(List.of(512, 512), "4", "ellipse"),
            "64^3 6-nbr, ellipsoid + noise sigma 1", twin(List.of(64, 64, 64), "6", "ellipse"));

    private static Map<String, Object> twin(List<Integer> dims, String neighbourhood, String scores) {
        return Map.of("figure", "maxflow", "dims", dims, "neighbourhood", neighbourhood, "scores", scores, "sigma", 1,
                "runs", 3, "warmup", 1);
    }

    /**
     * The record's max-flow table: graph build + minimum cut by Boykov-Kolmogorov and by pseudoflow (default regions)
     * beside SciPy's Dinic on the same kind of graph, for the cases of {@link #TWINS} (seed 2024).
     */
    static RecordTable record(Reference reference, String command) {
        RecordTable table = new RecordTable("Max-flow: minimum cuts on grid graphs", command, "SciPy");
        List<Solver> solvers = List.of(SOLVERS.get(1), SOLVERS.get(3));
        for (Case c : cases()) {
            if (!TWINS.containsKey(c.name())) {
                continue;
            }
            Capacities capacities = capacities(c, new SplittableRandom(FIRST_SEED));
            double[] seconds = new double[solvers.size()];
            MinCut[] cuts = new MinCut[solvers.size()];
            for (int k = 0; k < solvers.size(); k++) {
                Solver solver = solvers.get(k);
                int index = k;
                seconds[k] = WallClock.medianSeconds(3, 7,
                        () -> cuts[index] = solver.solve().apply(build(c, capacities)));
                requireSameFlow(c, cuts[0], solver, cuts[k]);
            }
            Reference.Answer dinic = reference.measure(TWINS.get(c.name()));
            for (int k = 0; k < solvers.size(); k++) {
                table.row(c.name() + ": " + solvers.get(k).name(), seconds[k], dinic,
                        String.format(Locale.ROOT, "flow %.1f", cuts[k].flowValue()));
            }
        }
        return table.line("Build and solve timed together on both sides; median of 7 runs after 3 warm-up runs"
                + " (unet4j), 3 after 1 (SciPy). Regions: one per thread of the CPU pool. SciPy's maximum_flow (Dinic)"
                + " takes integer capacities: it gets the same kind of graph with capacities scaled by 1000 and"
                + " rounded, drawn from NumPy's generator, so its flow is close to ours but not equal, and on white"
                + " noise its draw is a different instance.");
    }

    public static void main(String[] args) {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        int seeds = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        String only = args.length > 2 ? args[2] : "";
        if (runs < 1 || seeds < 1) {
            throw new IllegalArgumentException("runs and seeds must be >= 1, got runs " + runs + ", seeds " + seeds);
        }
        double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        List<Figure> figures = run(runs, seeds, only);
        double loadAfter = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        System.out.printf(Locale.ROOT, "load average (1 min): %.2f before, %.2f after%n", loadBefore, loadAfter);
        print(figures, runs, System.out);
    }

    /**
     * Measures every case whose name contains {@code only} on {@code seeds} draws (seeds 2024, 2025, ...) with
     * {@code runs} timed runs after warm-up.
     *
     * @throws IllegalArgumentException when no case name contains {@code only}
     */
    public static List<Figure> run(int runs, int seeds, String only) {
        List<Figure> figures = new ArrayList<>();
        for (Case c : cases()) {
            if (c.name().contains(only)) {
                for (long seed = FIRST_SEED; seed < FIRST_SEED + seeds; seed++) {
                    figures.add(measure(c, seed, runs));
                }
            }
        }
        if (figures.isEmpty()) {
            throw new IllegalArgumentException("no case name contains '" + only + "'; the cases are "
                    + cases().stream().map(Case::name).toList());
        }
        return figures;
    }

    private static List<Case> cases() {
        ScoreMap gaussian = (x, rng) -> rng.nextGaussian();
        ScoreMap uniform = (x, rng) -> 2 * rng.nextDouble() - 1;
        return List.of(
                new Case("256^2 4-nbr, ellipse + noise sigma 1", Neighbourhood.FOUR, new int[] {256, 256},
                        ellipse(1)),
                new Case("256^2 4-nbr, ellipse + noise sigma 2", Neighbourhood.FOUR, new int[] {256, 256},
                        ellipse(2)),
                new Case("256^2 4-nbr, white noise N(0, 1)", Neighbourhood.FOUR, new int[] {256, 256}, gaussian),
                new Case("256^2 4-nbr, white noise U(-1, 1)", Neighbourhood.FOUR, new int[] {256, 256}, uniform),
                new Case("256^2 8-nbr, ellipse + noise sigma 1", Neighbourhood.EIGHT, new int[] {256, 256},
                        ellipse(1)),
                new Case("256^2 8-nbr, white noise N(0, 1)", Neighbourhood.EIGHT, new int[] {256, 256}, gaussian),
                new Case("256^2 8-nbr, white noise U(-1, 1)", Neighbourhood.EIGHT, new int[] {256, 256}, uniform),
                new Case("512^2 4-nbr, ellipse + noise sigma 1", Neighbourhood.FOUR, new int[] {512, 512},
                        ellipse(1)),
                new Case("64^3 6-nbr, ellipsoid + noise sigma 1", Neighbourhood.SIX, new int[] {64, 64, 64},
                        ellipse(1)));
    }

    /** +1 inside the ellipse(oid) with semi-axes 0.3 and 0.2 (of the grid size) centred in the grid, -1 outside. */
    private static ScoreMap ellipse(double sigma) {
        return (x, rng) -> {
            double r = 0;
            for (int axis = 0; axis < x.length; axis++) {
                double semiAxis = axis % 2 == 0 ? 0.3 : 0.2;
                double d = (x[axis] - 0.5) / semiAxis;
                r += d * d;
            }
            return (r < 1 ? 1 : -1) + sigma * rng.nextGaussian();
        };
    }

    /** The capacities of one case: terminal capacities and one weight array per direction (node layout). */
    private record Capacities(double[] source, double[] sink, double[][] weights) {
    }

    private static Figure measure(Case c, long seed, int runs) {
        Capacities capacities = capacities(c, new SplittableRandom(seed));
        double[][] solveMs = new double[SOLVERS.size()][runs];
        double[] buildMs = new double[runs];
        MinCut reference = null;
        for (int run = -WARM_UP_RUNS; run < runs; run++) {
            long start = System.nanoTime();
            FlowNetwork network = build(c, capacities);
            long built = System.nanoTime();
            for (int k = 0; k < SOLVERS.size(); k++) {
                long solveStart = System.nanoTime();
                MinCut cut = SOLVERS.get(k).solve().apply(network);
                long solved = System.nanoTime();
                if (run >= 0) {
                    solveMs[k][run] = (solved - solveStart) / 1e6;
                }
                reference = k == 0 ? cut : reference;
                requireSameFlow(c, reference, SOLVERS.get(k), cut);
            }
            if (run >= 0) {
                buildMs[run] = (built - start) / 1e6;
            }
        }
        double[] medianMs = Arrays.stream(solveMs).mapToDouble(MaxFlowBenchmark::median).toArray();
        double pseudoflowMinMs = Arrays.stream(solveMs[SOLVERS.size() - 1]).min().orElseThrow();
        int nodes = capacities.source().length;
        return new Figure(c.name(), seed, nodes, BoykovKolmogorovMaxFlow.defaultRegions(nodes), medianMs,
                pseudoflowMinMs, median(buildMs), reference.flowValue(), reference.sourceCount());
    }

    private static void requireSameFlow(Case c, MinCut reference, Solver solver, MinCut cut) {
        double tolerance = 1e-9 * Math.max(1, reference.flowValue());
        if (Math.abs(reference.flowValue() - cut.flowValue()) > tolerance) {
            throw new IllegalStateException(c.name() + ": " + solver.name() + " found flow " + cut.flowValue()
                    + ", " + SOLVERS.get(0).name() + " " + reference.flowValue());
        }
    }

    private static Capacities capacities(Case c, SplittableRandom rng) {
        int[] dims = c.dims();
        int n = Arrays.stream(dims).reduce(1, (a, b) -> a * b);
        double[] source = new double[n];
        double[] sink = new double[n];
        int[] coords = new int[dims.length];
        double[] relative = new double[dims.length];
        for (int i = 0; i < n; i++) {
            for (int axis = 0; axis < dims.length; axis++) {
                relative[axis] = (coords[axis] + 0.5) / dims[axis];
            }
            double p = c.scores().score(relative, rng);
            source[i] = Math.max(p, 0);
            sink[i] = Math.max(-p, 0);
            for (int axis = dims.length - 1; axis >= 0 && ++coords[axis] == dims[axis]; axis--) {
                coords[axis] = 0;
            }
        }
        double[][] weights = new double[c.neighbourhood().directionCount()][n];
        for (double[] direction : weights) {
            for (int i = 0; i < n; i++) {
                direction[i] = MAX_WEIGHT * rng.nextDouble();
            }
        }
        return new Capacities(source, sink, weights);
    }

    private static FlowNetwork build(Case c, Capacities capacities) {
        GridGraphBuilder builder = new GridGraphBuilder(c.neighbourhood(), c.dims())
                .terminals(capacities.source(), capacities.sink());
        for (int k = 0; k < capacities.weights().length; k++) {
            builder.edges(k, capacities.weights()[k]);
        }
        return builder.build();
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int m = sorted.length;
        return m % 2 == 1 ? sorted[m / 2] : 0.5 * (sorted[m / 2 - 1] + sorted[m / 2]);
    }

    /** Prints the figures as a Markdown table. */
    public static void print(List<Figure> figures, int runs, PrintStream out) {
        out.printf(Locale.ROOT, "Max-flow, %d timed runs after %d warm-up, n-link weights U[0, %.0f]"
                + ", CPU pool threads %d%n%n", runs, WARM_UP_RUNS, MAX_WEIGHT, Parallel.threads());
        StringBuilder header = new StringBuilder("| case | seed | nodes | regions |");
        for (Solver solver : SOLVERS) {
            header.append(' ').append(solver.name()).append(": wall median (ms) |");
        }
        out.println(header + " " + SOLVERS.get(SOLVERS.size() - 1).name()
                + ": wall min (ms) | build median (ms) | flow | source side |");
        out.println("|---|---:|---:|---:|" + "---:|".repeat(SOLVERS.size() + 4));
        for (Figure f : figures) {
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "| %s | %d | %d | %d |", f.name(),
                    f.seed(), f.nodes(), f.regions()));
            for (double ms : f.medianMs()) {
                row.append(String.format(Locale.ROOT, " %.1f |", ms));
            }
            out.println(row + String.format(Locale.ROOT, " %.1f | %.1f | %.1f | %d |", f.pseudoflowMinMs(),
                    f.medianBuildMs(), f.flow(), f.sourceNodes()));
        }
    }
}
