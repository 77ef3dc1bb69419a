package org.unet4j.experiments.bench;

import com.sun.management.OperatingSystemMXBean;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.unet4j.autodiff.Conv2dOptions;
import org.unet4j.autodiff.Convolution;
import org.unet4j.autodiff.Tensor;
import org.unet4j.autodiff.cpu.Gemm;
import org.unet4j.autodiff.parallel.Parallel;

/**
 * The engine's two yardstick figures, the same ones {@code shared/bench/torch_reference.py} measures for PyTorch:
 * <ul>
 * <li>SGEMM: a float32 1024 x 1024 by 1024 x 1024 product, {@code 2 * 1024^3} flops;</li>
 * <li>conv: a 3x3 convolution with bias, 64 to 64 channels, padding 1, on a float32 batch of 16 at 128 x 128,
 * forward and backward (input, weight and bias gradients) seeded with ones, as {@code conv(x).sum().backward()};
 * {@code 3 * 2 * 16 * 64 * 64 * 9 * 128^2} flops (forward, input gradient, weight gradient).</li>
 * </ul>
 * Each figure is the median wall time of several runs after warm-up runs. Gradients are reset between runs. Beside
 * it the table gives the median CPU time the whole process used per run: on a machine shared with other work the wall
 * time grows with the load while the CPU time does not, and {@code cpu / threads} is what the wall time would be
 * with every thread on a core of its own.
 *
 * <pre>
 *   java --add-modules jdk.incubator.vector -cp ... org.unet4j.experiments.bench.EngineBenchmark [threads] [runs]
 * </pre>
 */
public final class EngineBenchmark {
    private static final int GEMM_SIZE = 1024;

    private EngineBenchmark() {
    }

    /**
     * One measured figure: the median wall time of the runs in seconds, the throughput it implies, the median CPU
     * seconds the process used per run, and every run's wall time.
     */
    public record Figure(String name, double medianSeconds, double gflops, double medianCpuSeconds,
            double[] runSeconds) {
        public Figure {
            runSeconds = runSeconds.clone();
        }

        @Override
        public double[] runSeconds() {
            return runSeconds.clone();
        }
    }

    /** Wall and process CPU seconds of each run. */
    private record Timings(double[] wall, double[] cpu) {
    }

    /**
     * Measures both figures on {@code threads} worker threads, taking the median of {@code runs} runs (the SGEMM
     * gets ten times as many, being short), and restores the previous thread count.
     */
    public static List<Figure> run(int threads, int runs) {
        if (threads < 1 || runs < 1) {
            throw new IllegalArgumentException("EngineBenchmark.run: threads and runs must be >= 1, got " + threads
                    + " and " + runs);
        }
        int before = Parallel.threads();
        Parallel.setThreads(threads);
        try {
            List<Figure> figures = new ArrayList<>();
            figures.add(sgemm(10 * runs));
            figures.add(conv3x3(runs));
            return figures;
        } finally {
            Parallel.setThreads(before);
        }
    }

    /** The SGEMM figure: C = A B for 1024 x 1024 float32 matrices. */
    static Figure sgemm(int runs) {
        int n = GEMM_SIZE;
        SplittableRandom rng = new SplittableRandom(1);
        float[] a = new float[n * n];
        float[] b = new float[n * n];
        float[] c = new float[n * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) rng.nextDouble(-1, 1);
            b[i] = (float) rng.nextDouble(-1, 1);
        }
        Timings t = time(Math.max(5, runs / 2), runs,
                () -> Gemm.sgemm(false, false, n, n, n, a, 0, b, 0, c, 0, false));
        return figure("sgemm 1024^3 float32", t, 2.0 * n * n * n);
    }

    /** The convolution figure: forward and backward of a 3x3, 64 -> 64 channel conv on 16 x 64 x 128 x 128. */
    static Figure conv3x3(int runs) {
        SplittableRandom rng = new SplittableRandom(2);
        Tensor x = Tensor.randn(rng, 16, 64, 128, 128).requiresGrad(true);
        Tensor w = Tensor.randn(rng, 64, 64, 3, 3).mul(1.0 / 24).requiresGrad(true);
        Tensor bias = Tensor.zeros(64).requiresGrad(true);
        Conv2dOptions options = Conv2dOptions.defaults().padding(1);
        Tensor seed = Tensor.ones(16, 64, 128, 128);
        Timings t = time(1, runs, () -> {
            x.zeroGrad();
            w.zeroGrad();
            bias.zeroGrad();
            Convolution.conv2d(x, w, bias, options).backward(seed);
        });
        return figure("conv3x3 64->64 b16 128x128 fwd+bwd", t, 3 * 2.0 * 16 * 64 * 64 * 9 * 128 * 128);
    }

    private static Timings time(int warmups, int runs, Runnable body) {
        for (int i = 0; i < warmups; i++) {
            body.run();
        }
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        double[] wall = new double[runs];
        double[] cpu = new double[runs];
        for (int i = 0; i < runs; i++) {
            long cpuStart = os.getProcessCpuTime();
            long start = System.nanoTime();
            body.run();
            wall[i] = (System.nanoTime() - start) / 1e9;
            cpu[i] = (os.getProcessCpuTime() - cpuStart) / 1e9;
        }
        return new Timings(wall, cpu);
    }

    private static Figure figure(String name, Timings t, double flops) {
        double median = median(t.wall());
        return new Figure(name, median, flops / median / 1e9, median(t.cpu()), t.wall());
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** Prints the figures as a table, one line each, with the fastest and slowest run and the CPU time. */
    public static void print(List<Figure> figures, int threads, PrintStream out) {
        out.printf(Locale.ROOT, "unet4j engine benchmark, %d thread(s), %s %s%n", threads,
                System.getProperty("java.vm.name"), System.getProperty("java.version"));
        out.printf(Locale.ROOT, "%-36s %10s %9s %10s %10s %10s%n", "figure", "median s", "GFLOP/s", "fastest s",
                "slowest s", "cpu s");
        for (Figure f : figures) {
            double[] sorted = f.runSeconds();
            Arrays.sort(sorted);
            out.printf(Locale.ROOT, "%-36s %10.4f %9.1f %10.4f %10.4f %10.4f%n", f.name(), f.medianSeconds(),
                    f.gflops(), sorted[0], sorted[sorted.length - 1], f.medianCpuSeconds());
        }
    }

    /** {@code EngineBenchmark [threads (default: all processors)] [runs (default 5)]}. */
    public static void main(String[] args) {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : Runtime.getRuntime().availableProcessors();
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        print(run(threads, runs), threads, System.out);
    }
}
