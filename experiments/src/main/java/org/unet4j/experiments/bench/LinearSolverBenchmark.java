package org.unet4j.experiments.bench;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.IntSupplier;
import org.unet4j.solvers.linear.ConjugateGradient;
import org.unet4j.solvers.linear.GridLaplacianSystem;
import org.unet4j.solvers.linear.GridMultigrid;
import org.unet4j.solvers.linear.IterativeSolveResult;
import org.unet4j.solvers.linear.NestedDissection;
import org.unet4j.solvers.linear.Permutation;
import org.unet4j.solvers.linear.RandomGridSystems;
import org.unet4j.solvers.linear.SparseCholesky;
import org.unet4j.solvers.linear.StoppingRule;

/**
 * The SoftCut system {@code (I + L_w) x = p} on {@code n x n} grids, solved by every SPD solver of
 * {@code org.unet4j.solvers.linear}, as SciPy's yardstick in {@code bench/reference.py} does: edge
 * weights uniform in {@code [0, 5]}, {@code p ~ N(0, 1)}, CG from {@code x_0 = p} to {@code ||r|| <= 1e-6 ||p||}.
 *
 * <p>Rows: the exact solve by nested dissection and our multifrontal Cholesky (first factorisation with its
 * symbolic analysis, then refactorisations reusing it, then one solve) and by nested dissection and EJML's
 * up-looking Cholesky; conjugate gradient with SciPy's rule and with the thesis's rule
 * ({@code sum |r| < 1e-6 n}); multigrid-preconditioned CG (hierarchy set-up and solve); and, with weights uniform
 * in {@code [0, 1000]} and on a high-contrast system of 12 regions ({@link RandomGridSystems#voronoi}), MG-PCG with
 * the default V(2,2)-cycle and with the W(3,3)-cycle, and plain CG. Each figure is the median over the timed runs
 * after warm-up, as wall time and as CPU time of the running thread (the load-robust figure on a shared machine).
 * {@code ./unet4j bench solvers --reference} prints the record's shorter table beside SciPy's twins.
 *
 * <pre>
 *   java -cp ... org.unet4j.experiments.bench.LinearSolverBenchmark [runs]     (default 7 timed runs, 2 warm-up)
 * </pre>
 */
public final class LinearSolverBenchmark {
    private static final int WARM_UP_RUNS = 2;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private LinearSolverBenchmark() {
    }

    /** Median wall and thread-CPU seconds of a timed action, and the last count it returned. */
    record Timing(double wallSeconds, double cpuSeconds, int count) {
    }

    /**
     * The record's solver table on 256x256 and 512x512: the exact solve (ordering, factorisation, solve) beside
     * SciPy's {@code spsolve}, CG beside SciPy's {@code cg} with the same rule, and MG-PCG, which has no SciPy twin.
     */
    static RecordTable record(Reference reference, String command) {
        RecordTable table = new RecordTable("SPD solvers: the SoftCut system (I + L_w) x = p", command, "SciPy");
        for (int n : new int[] {256, 512}) {
            int runs = n == 256 ? 5 : 3;
            int warmUp = n == 256 ? 2 : 1;
            String grid = n + "x" + n + ", ";
            GridLaplacianSystem system = RandomGridSystems.uniform(new int[] {n, n}, 5, 1);
            double[] p = gaussian(n * n, 2);
            double[] x = new double[p.length];
            double exact = WallClock.medianSeconds(warmUp, runs, () -> {
                SparseCholesky cholesky = SparseCholesky.multifrontal(NestedDissection.order(n, n));
                cholesky.factor(system);
                cholesky.solve(p, x);
            });
            table.row(grid + "exact: nested dissection + multifrontal Cholesky + solve", exact,
                    reference.measure(Map.of("figure", "linear", "n", n, "solver", "spsolve", "runs",
                            n == 256 ? 3 : 1, "warmup", n == 256 ? 1 : 0)), "SciPy: spsolve (SuperLU, COLAMD)");
            ConjugateGradient cg = new ConjugateGradient(StoppingRule.relative(1e-6));
            int[] iterations = new int[1];
            double cgSeconds = WallClock.medianSeconds(warmUp, runs, () -> {
                System.arraycopy(p, 0, x, 0, p.length);
                iterations[0] = cg.solve(system, p, x).iterations();
            });
            table.row(grid + "CG, x0 = p, ||r|| <= 1e-6 ||p||", cgSeconds, reference.measure(Map.of("figure",
                    "linear", "n", n, "solver", "cg", "runs", runs, "warmup", warmUp)),
                    iterations[0] + " iterations");
            double mgpcg = WallClock.medianSeconds(warmUp, runs, () -> {
                System.arraycopy(p, 0, x, 0, p.length);
                iterations[0] = cg.solve(system, p, x, GridMultigrid.of(system)).iterations();
            });
            table.row(grid + "MG-PCG V(2,2), set-up + solve, same rule", mgpcg,
                    Reference.Answer.none("no multigrid in SciPy"), iterations[0] + " iterations");
        }
        return table.line("Weights U[0, 5], p ~ N(0, 1), float64. Median of 5 runs after 2 warm-up runs (256x256)"
                + " or 3 after 1 (512x512); spsolve gets 3 runs after 1 at 256x256 and one run at 512x512.");
    }

    public static void main(String[] args) {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        if (runs < 1) {
            throw new IllegalArgumentException("runs must be >= 1, got " + runs);
        }
        PrintStream out = System.out;
        out.printf(Locale.ROOT, "SoftCut system (I + L_w) x = p, weights U[0, 5] unless stated, p ~ N(0, 1); "
                + "median of %d runs after %d warm-up; %d processors, load average %.1f%n", runs, WARM_UP_RUNS,
                Runtime.getRuntime().availableProcessors(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        out.println("| grid | solver | wall (s) | thread CPU (s) | iterations / note |");
        out.println("|---|---|---:|---:|---|");
        for (int n : new int[] {256, 512}) {
            measure(n, runs, out);
        }
    }

    private static void measure(int n, int runs, PrintStream out) {
        String grid = n + "x" + n;
        GridLaplacianSystem system = RandomGridSystems.uniform(new int[] {n, n}, 5, 1);
        double[] p = gaussian(n * n, 2);
        double[] x = new double[p.length];

        Permutation ordering = NestedDissection.order(n, n);
        SparseCholesky multifrontal = SparseCholesky.multifrontal(ordering);
        Timing analyse = time(1, 0, () -> {
            multifrontal.factor(system);
            return 0;
        });
        Timing refactor = time(runs, WARM_UP_RUNS, () -> {
            multifrontal.factor(system);
            return multifrontal.symbolicReused() ? 1 : 0;
        });
        Timing solve = time(runs, WARM_UP_RUNS, () -> {
            multifrontal.solve(p, x);
            return 0;
        });
        row(out, grid, "exact: ND + multifrontal Cholesky, first factor (with symbolic)", analyse,
                "nnz(L) = " + multifrontal.factorNonZeros());
        row(out, grid, "exact: ND + multifrontal Cholesky, refactor (same pattern)", refactor,
                refactor.count() == 1 ? "symbolic factorisation reused" : "symbolic factorisation redone");
        row(out, grid, "exact: ND + multifrontal Cholesky, solve", solve, "");
        row(out, grid, "exact: ND + multifrontal Cholesky, factor + solve", sum(refactor, solve), "");

        SparseCholesky ejml = SparseCholesky.upLooking(ordering);
        int ejmlRuns = Math.max(1, runs / 3);
        Timing ejmlFactor = time(ejmlRuns, 1, () -> {
            ejml.factor(system);
            return 0;
        });
        Timing ejmlSolve = time(ejmlRuns, 1, () -> {
            ejml.solve(p, x);
            return 0;
        });
        row(out, grid, "exact: ND + EJML up-looking Cholesky, factor (symbolic reused)", ejmlFactor,
                ejmlRuns + " runs, nnz(L) = " + ejml.factorNonZeros());
        row(out, grid, "exact: ND + EJML up-looking Cholesky, solve", ejmlSolve, "");

        ConjugateGradient scipyRule = new ConjugateGradient(StoppingRule.relative(1e-6));
        Timing cg = time(runs, WARM_UP_RUNS, () -> {
            System.arraycopy(p, 0, x, 0, p.length);
            return scipyRule.solve(system, p, x).iterations();
        });
        row(out, grid, "CG, x0 = p, ||r|| <= 1e-6 ||p||", cg, cg.count() + " iterations");
        ConjugateGradient thesisRule = new ConjugateGradient(StoppingRule.softCutThesis());
        Timing thesis = time(runs, WARM_UP_RUNS, () -> {
            System.arraycopy(p, 0, x, 0, p.length);
            return thesisRule.solve(system, p, x).iterations();
        });
        row(out, grid, "CG, x0 = p, thesis rule sum |r| < 1e-6 n", thesis, thesis.count() + " iterations");

        GridMultigrid[] multigrid = new GridMultigrid[1];
        Timing setUp = time(runs, WARM_UP_RUNS, () -> {
            multigrid[0] = GridMultigrid.of(system);
            return multigrid[0].levelCount();
        });
        Timing pcg = time(runs, WARM_UP_RUNS, () -> {
            System.arraycopy(p, 0, x, 0, p.length);
            return scipyRule.solve(system, p, x, multigrid[0]).iterations();
        });
        row(out, grid, "MG-PCG set-up (hierarchy, Galerkin products)", setUp, setUp.count() + " levels");
        row(out, grid, "MG-PCG, x0 = p, ||r|| <= 1e-6 ||p||", pcg, pcg.count() + " iterations");
        row(out, grid, "MG-PCG, set-up + solve", sum(setUp, pcg), "");

        GridLaplacianSystem heavy = RandomGridSystems.uniform(new int[] {n, n}, 1000, 3);
        GridLaplacianSystem regions = RandomGridSystems.voronoi(new int[] {n, n}, 12, 1000, 1e-3, 4);
        int fewRuns = Math.max(1, runs / 2);
        for (GridMultigrid.Cycle cycle : GridMultigrid.Cycle.values()) {
            int sweeps = cycle == GridMultigrid.Cycle.V ? GridMultigrid.DEFAULT_SWEEPS : 3;
            String name = "MG-PCG " + cycle + "(" + sweeps + "," + sweeps + "), ";
            pcgRow(out, grid, name + "weights U[0, 1000]", scipyRule, GridMultigrid.of(heavy, sweeps, cycle), heavy,
                    p, fewRuns);
            pcgRow(out, grid, name + "12 regions: U[0, 1000] inside, U[0, 1e-3] across", scipyRule,
                    GridMultigrid.of(regions, sweeps, cycle), regions, p, fewRuns);
        }
        Timing heavyCg = time(fewRuns, 1, () -> scipyRule.solve(heavy, p, p.clone()).iterations());
        row(out, grid, "CG, weights U[0, 1000]", heavyCg, heavyCg.count() + " iterations");
    }

    /** One row: conjugate gradient {@code rule} from {@code x0 = p}, preconditioned by {@code multigrid}. */
    private static void pcgRow(PrintStream out, String grid, String name, ConjugateGradient rule,
            GridMultigrid multigrid, GridLaplacianSystem system, double[] p, int runs) {
        IterativeSolveResult result = rule.solve(system, p, p.clone(), multigrid);
        Timing timing = time(runs, 1, () -> rule.solve(system, p, p.clone(), multigrid).iterations());
        row(out, grid, name, timing, result.iterations() + " iterations ("
                + (result.converged() ? "converged" : "NOT converged") + ")");
    }

    private static Timing time(int runs, int warmUp, IntSupplier action) {
        for (int i = 0; i < warmUp; i++) {
            action.getAsInt();
        }
        double[] wall = new double[runs];
        double[] cpu = new double[runs];
        int count = 0;
        for (int i = 0; i < runs; i++) {
            long cpuStart = THREADS.getCurrentThreadCpuTime();
            long start = System.nanoTime();
            count = action.getAsInt();
            wall[i] = (System.nanoTime() - start) / 1e9;
            cpu[i] = (THREADS.getCurrentThreadCpuTime() - cpuStart) / 1e9;
        }
        return new Timing(median(wall), median(cpu), count);
    }

    private static Timing sum(Timing a, Timing b) {
        return new Timing(a.wallSeconds() + b.wallSeconds(), a.cpuSeconds() + b.cpuSeconds(), 0);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int m = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
    }

    private static void row(PrintStream out, String grid, String solver, Timing timing, String note) {
        out.printf(Locale.ROOT, "| %s | %s | %.4f | %.4f | %s |%n", grid, solver, timing.wallSeconds(),
                timing.cpuSeconds(), note);
    }

    private static double[] gaussian(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = random.nextGaussian();
        }
        return v;
    }
}
