package org.unet4j.experiments.bench;

import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.unet4j.autodiff.Conv2dOptions;
import org.unet4j.autodiff.Convolution;
import org.unet4j.autodiff.Tensor;
import org.unet4j.autodiff.cpu.Gemm;

/**
 * The engine's two yardstick figures, each beside its PyTorch twin in {@code bench/reference.py}:
 * <ul>
 * <li>SGEMM: a float32 1024 x 1024 by 1024 x 1024 product, {@code 2 * 1024^3} flops;</li>
 * <li>conv: a 3x3 convolution with bias, 64 to 64 channels, padding 1, on a float32 batch of 16 at 128 x 128,
 * forward and backward (input, weight and bias gradients) seeded with ones, as {@code conv(x).sum().backward()};
 * {@code 3 * 2 * 16 * 64 * 64 * 9 * 128^2} flops (forward, input gradient, weight gradient).</li>
 * </ul>
 * Each figure is the median wall time of the timed runs after warm-up runs, on the CPU pool's threads; gradients are
 * reset between runs. {@code ./unet4j bench engine --reference} prints the table.
 */
public final class EngineBenchmark {
    private static final int GEMM_SIZE = 1024;
    private static final double GEMM_FLOPS = 2.0 * GEMM_SIZE * GEMM_SIZE * GEMM_SIZE;
    private static final double CONV_FLOPS = 3 * 2.0 * 16 * 64 * 64 * 9 * 128 * 128;

    private EngineBenchmark() {
    }

    /** The record's engine table: each figure beside PyTorch's twin, measured right after it. */
    static RecordTable record(Reference reference, String command) {
        RecordTable table = new RecordTable("Engine: SGEMM and convolution", command, "PyTorch");
        double gemm = sgemm(10, 20);
        Reference.Answer torchGemm = reference.measure(Map.of("figure", "sgemm", "n", GEMM_SIZE, "runs", 20,
                "warmup", 10));
        table.row("sgemm 1024^3 float32", gemm, torchGemm, gflops(GEMM_FLOPS, gemm, torchGemm));
        double conv = conv3x3(1, 3);
        Reference.Answer torchConv = reference.measure(Map.of("figure", "conv", "batch", 16, "channels", 64,
                "size", 128, "runs", 3, "warmup", 1));
        table.row("conv3x3 64->64 b16 128x128 fwd+bwd", conv, torchConv, gflops(CONV_FLOPS, conv, torchConv));
        return table.line("SGEMM: median of 20 runs after 10 warm-up runs; convolution: median of 3 after 1; the"
                + " same on both sides.");
    }

    /** "93 GFLOP/s, PyTorch 108": the throughput of both sides. */
    private static String gflops(double flops, double seconds, Reference.Answer reference) {
        String text = String.format(Locale.ROOT, "%.0f GFLOP/s", flops / seconds / 1e9);
        return reference.measured()
                ? text + String.format(Locale.ROOT, ", PyTorch %.0f", flops / reference.seconds() / 1e9) : text;
    }

    /** Median seconds of C = A B for 1024 x 1024 float32 matrices. */
    static double sgemm(int warmUp, int runs) {
        int n = GEMM_SIZE;
        SplittableRandom rng = new SplittableRandom(1);
        float[] a = new float[n * n];
        float[] b = new float[n * n];
        float[] c = new float[n * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) rng.nextDouble(-1, 1);
            b[i] = (float) rng.nextDouble(-1, 1);
        }
        return WallClock.medianSeconds(warmUp, runs, () -> Gemm.sgemm(false, false, n, n, n, a, 0, b, 0, c, 0, false));
    }

    /** Median seconds of forward and backward of a 3x3, 64 -> 64 channel conv on 16 x 64 x 128 x 128. */
    static double conv3x3(int warmUp, int runs) {
        SplittableRandom rng = new SplittableRandom(2);
        Tensor x = Tensor.randn(rng, 16, 64, 128, 128).requiresGrad(true);
        Tensor w = Tensor.randn(rng, 64, 64, 3, 3).mul(1.0 / 24).requiresGrad(true);
        Tensor bias = Tensor.zeros(64).requiresGrad(true);
        Conv2dOptions options = Conv2dOptions.defaults().padding(1);
        Tensor seed = Tensor.ones(16, 64, 128, 128);
        return WallClock.medianSeconds(warmUp, runs, () -> {
            x.zeroGrad();
            w.zeroGrad();
            bias.zeroGrad();
            Convolution.conv2d(x, w, bias, options).backward(seed);
        });
    }
}
