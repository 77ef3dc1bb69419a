package org.unet4j.experiments.bench;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.unet4j.autodiff.Losses;
import org.unet4j.autodiff.Tensor;
import org.unet4j.autodiff.parallel.Parallel;
import org.unet4j.layers.Module;
import org.unet4j.layers.optim.Adam;
import org.unet4j.layers.unet.Block;
import org.unet4j.layers.unet.ContinuousUNet;
import org.unet4j.layers.unet.UNet;

/**
 * Training-step times of the U-Nets of issue 4 beside {@code shared/bench/torch_reference.py}: one step = forward,
 * BCE with logits against a random mask, backward, Adam (lr 1e-3).
 * <ul>
 * <li>the plain 4-level U-Net of the reference (conv-BN-ReLU x 2 per level, SAME padding, max-pool, transposed
 * convolution up, concatenated skips, 1x1 head) on 16 x 1 x 128 x 128 with filters 3-6-12-24 and 16-32-64-128,
 * and on 4 x 1 x 128 x 128 with 64-128-256-512;</li>
 * <li>the Continuous U-Net of dynamic blocks (filters 3-6-12-24, RK4, backprop) on 16 x 1 x 128 x 128 at 1 and 2
 * RK4 steps per block: the difference is the cost of one RK4 step in all seven blocks.</li>
 * </ul>
 * Each figure is the median wall time of the timed runs after the warm-up runs, with the median process CPU time per
 * run beside it. The reference's protocol is 3 runs after 1 warm-up; the JVM compiles its kernels during the first
 * ten or so steps (on two cores the compiler threads share them with the workers), so its steady state needs more
 * warm-up runs.
 *
 * <pre>
 *   java --add-modules jdk.incubator.vector -cp ... org.unet4j.experiments.bench.UNetBenchmark \
 *        [threads] [runs] [nets] [warm-up runs]
 * </pre>
 * {@code nets} is a comma-separated selection of {@code tiny}, {@code small}, {@code standard} and {@code db}
 * (default: all four); the defaults are 2 threads, 3 runs, 1 warm-up run.
 */
public final class UNetBenchmark {
    private UNetBenchmark() {
    }

    /** Median wall and CPU seconds of a training step. */
    public record Figure(String name, double wallSeconds, double cpuSeconds) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%-44s %8.4f s wall  %8.4f s cpu", name, wallSeconds, cpuSeconds);
        }
    }

    /**
     * Times {@code runs} training steps of {@code net} on a random batch of the given shape, after {@code warmups}
     * untimed ones.
     */
    public static Figure trainStep(String name, Module net, int warmups, int runs, int... batchShape) {
        SplittableRandom rng = new SplittableRandom(0);
        Tensor x = Tensor.randn(rng, batchShape);
        Tensor y = Tensor.zeros(batchShape[0], 1, batchShape[2], batchShape[3]);
        for (int i = 0; i < y.size(); i++) {
            y.flatSet(i, rng.nextDouble() > 0.5 ? 1 : 0);
        }
        Adam adam = new Adam(net.parameters(), 1e-3);
        Runnable step = () -> {
            net.zeroGrad();
            Tensor loss = Losses.bceWithLogits(net.forward(x), y);
            loss.backward();
            adam.step();
        };
        for (int w = 0; w < warmups; w++) {
            step.run();
        }
        double[] wall = new double[runs];
        double[] cpu = new double[runs];
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        for (int r = 0; r < runs; r++) {
            long c0 = os.getProcessCpuTime();
            long t0 = System.nanoTime();
            step.run();
            wall[r] = (System.nanoTime() - t0) * 1e-9;
            cpu[r] = (os.getProcessCpuTime() - c0) * 1e-9;
        }
        return new Figure(name, median(wall), median(cpu));
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    /** The reference's plain U-Net with these filters. */
    public static UNet plainUNet(int... filters) {
        return UNet.builder().levels(filters.length).filters(filters).block(Block.plain()).seed(0).build();
    }

    /** Runs the selected figures and prints one line each. */
    public static void main(String[] args) {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        List<String> nets = Arrays.asList((args.length > 2 ? args[2] : "tiny,small,standard,db").split(","));
        int warmups = args.length > 3 ? Integer.parseInt(args[3]) : 1;
        for (String net : nets) {
            if (!List.of("tiny", "small", "standard", "db").contains(net)) {
                throw new IllegalArgumentException("unknown net '" + net + "'; choose from tiny, small, standard, db");
            }
        }
        Parallel.setThreads(threads);
        System.out.println("threads " + threads + ", median of " + runs + " runs after " + warmups + " warm-up runs");
        if (nets.contains("tiny")) {
            System.out.println(trainStep("unet_tiny_(3,6,12,24)_b16x128_trainstep", plainUNet(3, 6, 12, 24), warmups,
                    runs, 16, 1, 128, 128));
        }
        if (nets.contains("small")) {
            System.out.println(trainStep("unet_small_(16,32,64,128)_b16x128_trainstep", plainUNet(16, 32, 64, 128),
                    warmups, runs, 16, 1, 128, 128));
        }
        if (nets.contains("standard")) {
            System.out.println(trainStep("unet_standard_(64,128,256,512)_b4x128_trainstep",
                    plainUNet(64, 128, 256, 512), warmups, runs, 4, 1, 128, 128));
        }
        if (nets.contains("db")) {
            dynamicBlockFigures(warmups, runs);
        }
    }

    /** The DB-U-Net at 1 and 2 RK4 steps per block, and their difference. */
    private static void dynamicBlockFigures(int warmups, int runs) {
        Figure one = trainStep("db_unet_(3,6,12,24)_rk4x1_b16x128_trainstep",
                ContinuousUNet.builder().block(Block.dynamic("rk4", 1)).build(), warmups, runs, 16, 1, 128, 128);
        Figure two = trainStep("db_unet_(3,6,12,24)_rk4x2_b16x128_trainstep",
                ContinuousUNet.builder().block(Block.dynamic("rk4", 2)).build(), warmups, runs, 16, 1, 128, 128);
        System.out.println(one);
        System.out.println(two);
        System.out.println(new Figure("db_unet_per_rk4_step (x2 - x1)", two.wallSeconds() - one.wallSeconds(),
                two.cpuSeconds() - one.cpuSeconds()));
    }
}
