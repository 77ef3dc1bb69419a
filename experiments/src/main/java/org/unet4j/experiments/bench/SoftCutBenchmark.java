package org.unet4j.experiments.bench;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.unet4j.autodiff.DType;
import org.unet4j.autodiff.Tensor;
import org.unet4j.autodiff.parallel.Parallel;
import org.unet4j.layers.softcut.SoftCut;
import org.unet4j.layers.softcut.SoftCut.Solver;
import org.unet4j.solvers.linear.StoppingRule;

/**
 * Forward and backward of the {@link SoftCut} layer, single channel, as SciPy's yardstick in
 * {@code bench/reference.py} poses the system: edge weights uniform in {@code [0, 5]}, scores
 * {@code p ~ N(0, 1)}, float64. The backward pass is seeded with an {@code N(0, 1)} gradient and costs one adjoint
 * solve per system. {@code ./unet4j bench softcut --reference} prints the record's table beside SciPy's twin; this
 * class's {@code main} prints the detailed exploration below, the iterative solvers on the layer's default (the
 * thesis's) stopping rule.
 *
 * <p>Cases: one 256x256 image with each solver; a batch of 16 at 256x256 on 1 and on 2 threads
 * ({@link Parallel#setThreads}), the systems being independent; one 512x512 image and one 64^3 volume with each
 * solver. Each figure is the median over the timed runs after warm-up: wall time of forward, backward and both,
 * and the thread CPU time of forward plus backward summed over the live threads of the JVM (the calling thread and
 * the {@link Parallel} workers, JIT and GC threads included; on a machine shared with other work the wall time grows
 * with the load, the CPU time much less).
 *
 * <pre>
 *   java --add-modules jdk.incubator.vector -cp ... org.unet4j.experiments.bench.SoftCutBenchmark
 * </pre>
 */
public final class SoftCutBenchmark {
    private static final double MAX_WEIGHT = 5;
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private SoftCutBenchmark() {
    }

    /** One measured configuration: grid sizes, batch size, solver, worker threads, warm-up and timed runs. */
    record Case(int[] sizes, int batch, Solver solver, int threads, int warmUp, int runs) {
        String grid() {
            String grid = String.join("x", Arrays.stream(sizes).mapToObj(Integer::toString).toList());
            return batch == 1 ? grid : batch + " x " + grid;
        }
    }

    /** Median seconds of one case: forward, backward, forward + backward (wall) and forward + backward (CPU). */
    record Figure(double forward, double backward, double total, double cpu) {
    }

    /**
     * The record's SoftCut table: forward + backward of one image with each solver, and of one 32^3 and one 64^3
     * volume with EXACT, beside SciPy's twin (the same system assembled, solved and solved again for the adjoint,
     * then the weight gradient), the iterative solvers on SciPy's stopping rule {@code ||r|| <= 1e-6 ||b||}.
     */
    static RecordTable record(Reference reference, String command) {
        RecordTable table = new RecordTable("SoftCut layer: forward + backward, one 1-channel image, float64", command,
                "SciPy");
        int threads = Parallel.threads();
        for (int n : new int[] {256, 512}) {
            for (Solver solver : Solver.values()) {
                int runs = n == 256 ? 5 : 3;
                Case c = new Case(new int[] {n, n}, 1, solver, threads, 2, runs);
                SoftCut layer = SoftCut.builder().solver(solver).stoppingRule(StoppingRule.relative(1e-6)).build();
                Figure f = measure(c, layer);
                Reference.Answer twin = switch (solver) {
                    case CG -> reference.measure(Map.of("figure", "softcut", "n", n, "solver", "cg", "runs", runs,
                            "warmup", 1));
                    case EXACT -> reference.measure(Map.of("figure", "softcut", "n", n, "solver", "spsolve",
                            "runs", n == 256 ? 3 : 1, "warmup", n == 256 ? 1 : 0));
                    default -> Reference.Answer.none("no multigrid in SciPy");
                };
                table.row(c.grid() + ", " + solver, f.total(), twin, String.format(Locale.ROOT,
                        "forward %s, backward %s", RecordTable.time(f.forward()), RecordTable.time(f.backward())));
            }
        }
        for (int n : new int[] {32, 64}) {
            Case volume = new Case(new int[] {n, n, n}, 1, Solver.EXACT, threads, 0, 1);
            Figure f = measure(volume, SoftCut.builder().solver(Solver.EXACT).build());
            Reference.Answer twin = n == 32 ? reference.measure(Map.of("figure", "softcut", "n", n, "dims", 3,
                    "solver", "spsolve", "runs", 1, "warmup", 0))
                    : Reference.Answer.none("spsolve not run at 64^3: SuperLU had not finished after 40 minutes");
            table.row(volume.grid() + ", EXACT", f.total(), twin, String.format(Locale.ROOT,
                    "forward %s, backward %s", RecordTable.time(f.forward()), RecordTable.time(f.backward())));
        }
        return table.line("Weights U[0, 5], scores and the backward seed N(0, 1). Median of 5 runs (256x256) or 3"
                + " (512x512) after 2 warm-up runs, one cold run at 32^3 and 64^3; SciPy's spsolve (SuperLU, COLAMD"
                + " ordering) gets 3 runs after 1 at 256x256 and one run at 512x512 and 32^3. EXACT is our nested"
                + " dissection and multifrontal Cholesky, factored once for both solves.");
    }

    public static void main(String[] args) {
        PrintStream out = System.out;
        int defaultThreads = Parallel.threads();
        out.printf(Locale.ROOT, "SoftCut forward + backward, 1 channel, weights U[0, %.0f], p ~ N(0, 1), float64; "
                + "%d processors, load average %.2f at start%n", MAX_WEIGHT, Runtime.getRuntime().availableProcessors(),
                OS.getSystemLoadAverage());
        out.println("| input | solver | threads | runs | forward (s) | backward (s) | fwd+bwd (s) "
                + "| fwd+bwd thread CPU (s) |");
        out.println("|---|---|---:|---:|---:|---:|---:|---:|");
        for (Case c : cases(defaultThreads)) {
            Parallel.setThreads(c.threads());
            Figure f = measure(c, SoftCut.builder().solver(c.solver()).build());
            out.printf(Locale.ROOT, "| %s | %s | %d | %d | %.4f | %.4f | %.4f | %.4f |%n", c.grid(), c.solver(),
                    c.threads(), c.runs(), f.forward(), f.backward(), f.total(), f.cpu());
        }
        Parallel.setThreads(defaultThreads);
        out.printf(Locale.ROOT, "load average %.2f at end%n", OS.getSystemLoadAverage());
    }

    private static List<Case> cases(int threads) {
        List<Case> cases = new ArrayList<>();
        for (Solver s : Solver.values()) {
            cases.add(new Case(new int[] {256, 256}, 1, s, threads, 3, 9));
        }
        for (Solver s : new Solver[] {Solver.CG, Solver.EXACT}) {
            cases.add(new Case(new int[] {256, 256}, 16, s, 1, 1, 5));
            cases.add(new Case(new int[] {256, 256}, 16, s, 2, 1, 5));
        }
        for (Solver s : Solver.values()) {
            cases.add(new Case(new int[] {512, 512}, 1, s, threads, 2, 5));
        }
        cases.add(new Case(new int[] {64, 64, 64}, 1, Solver.CG, threads, 1, 3));
        cases.add(new Case(new int[] {64, 64, 64}, 1, Solver.MGPCG, threads, 1, 3));
        // the exact 3-D factorisation (a 4096-point top separator) takes tens of seconds and gigabytes: one run
        cases.add(new Case(new int[] {64, 64, 64}, 1, Solver.EXACT, threads, 0, 1));
        return cases;
    }

    private static Figure measure(Case c, SoftCut layer) {
        SplittableRandom rng = new SplittableRandom(2024);
        int[] dims = new int[c.sizes().length + 2];
        dims[0] = c.batch();
        dims[1] = 1;
        System.arraycopy(c.sizes(), 0, dims, 2, c.sizes().length);
        Tensor scores = Tensor.randn(rng, DType.FLOAT64, dims).requiresGrad(true);
        List<Tensor> weights = new ArrayList<>();
        for (int k = 0; k < c.sizes().length; k++) {
            int[] axisDims = dims.clone();
            axisDims[k + 2]--;
            weights.add(Tensor.uniform(rng, DType.FLOAT64, 0, MAX_WEIGHT, axisDims).requiresGrad(true));
        }
        Tensor seed = Tensor.randn(rng, DType.FLOAT64, dims);
        double[] forward = new double[c.runs()];
        double[] backward = new double[c.runs()];
        double[] total = new double[c.runs()];
        double[] cpu = new double[c.runs()];
        for (int run = -c.warmUp(); run < c.runs(); run++) {
            scores.zeroGrad();
            weights.forEach(Tensor::zeroGrad);
            long cpu0 = threadCpuNanos();
            long t0 = System.nanoTime();
            Tensor x = layer.apply(scores, weights);
            long t1 = System.nanoTime();
            x.backward(seed);
            long t2 = System.nanoTime();
            long cpu1 = threadCpuNanos();
            if (run >= 0) {
                forward[run] = (t1 - t0) * 1e-9;
                backward[run] = (t2 - t1) * 1e-9;
                total[run] = (t2 - t0) * 1e-9;
                cpu[run] = (cpu1 - cpu0) * 1e-9;
            }
        }
        return new Figure(median(forward), median(backward), median(total), median(cpu));
    }

    /** CPU nanoseconds used so far by the JVM's live threads. */
    private static long threadCpuNanos() {
        long sum = 0;
        for (long id : THREADS.getAllThreadIds()) {
            sum += Math.max(0, THREADS.getThreadCpuTime(id));
        }
        return sum;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
