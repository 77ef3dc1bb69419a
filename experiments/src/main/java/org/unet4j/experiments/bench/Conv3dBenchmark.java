package org.unet4j.experiments.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import org.unet4j.autodiff.Autograd;
import org.unet4j.autodiff.Conv3dOptions;
import org.unet4j.autodiff.Convolution;
import org.unet4j.autodiff.NoGrad;
import org.unet4j.autodiff.Padding;
import org.unet4j.autodiff.Tensor;
import org.unet4j.autodiff.parallel.Parallel;

/**
 * conv3d and convTranspose3d times on the layers of a 3-D U-Net with filters 8-16-32-64 on a float32 batch of
 * 2 x 1 x 64^3 (issue 21's network): 3x3x3 SAME convolutions with bias at every level, and the stride-2, 2x2x2
 * transposed convolution up from 32^3. Each layer is timed forward alone (no tape) and forward plus backward (input,
 * weight and bias gradients, seeded with ones, as PyTorch's {@code conv3d(x, w, b, padding=1).sum().backward()}).
 * Each figure is the median wall time of the timed runs after warm-up runs. The PyTorch yardstick runs the same
 * layers with {@code torch.nn.functional.conv3d} and {@code conv_transpose3d} in the same session; the ratio is
 * what to read.
 *
 * <pre>
 *   java --add-modules jdk.incubator.vector -cp ... org.unet4j.experiments.bench.Conv3dBenchmark [threads] [runs]
 * </pre>
 */
public final class Conv3dBenchmark {
    private Conv3dBenchmark() {
    }

    /** One layer: channels, cubic input size, and whether it is the transposed stride-2 convolution. */
    public record Layer(int in, int out, int size, boolean transposed) {
        /** {@code conv3d 8->8 @64^3}. */
        @Override
        public String toString() {
            return (transposed ? "convT3d k2 s2 " : "conv3d k3 same ") + in + "->" + out + " @" + size + "^3";
        }
    }

    /** Median forward and forward-plus-backward seconds of a layer. */
    public record Figure(Layer layer, double forwardSeconds, double trainSeconds) {
    }

    /** The layers of the 8-16-32-64 network at batch 2, 64^3. */
    public static List<Layer> unetLayers() {
        return List.of(new Layer(1, 8, 64, false), new Layer(8, 8, 64, false), new Layer(16, 16, 32, false),
                new Layer(32, 32, 16, false), new Layer(64, 64, 8, false), new Layer(16, 8, 32, true));
    }

    /** Times each layer on {@code threads} worker threads ({@code runs} timed runs after two warm-ups). */
    public static List<Figure> run(List<Layer> layers, int threads, int runs) {
        int before = Parallel.threads();
        Parallel.setThreads(threads);
        try {
            List<Figure> figures = new ArrayList<>();
            for (Layer layer : layers) {
                figures.add(time(layer, runs));
            }
            return figures;
        } finally {
            Parallel.setThreads(before);
        }
    }

    private static Figure time(Layer layer, int runs) {
        SplittableRandom rng = new SplittableRandom(3);
        int s = layer.size();
        Tensor x = Tensor.randn(rng, 2, layer.in(), s, s, s).requiresGrad(true);
        int k = layer.transposed() ? 2 : 3;
        Tensor w = (layer.transposed() ? Tensor.randn(rng, layer.in(), layer.out(), k, k, k)
                : Tensor.randn(rng, layer.out(), layer.in(), k, k, k)).mul(0.1).requiresGrad(true);
        Tensor b = Tensor.zeros(layer.out()).requiresGrad(true);
        Conv3dOptions options = layer.transposed() ? Conv3dOptions.defaults().stride(2)
                : Conv3dOptions.defaults().padding(Padding.SAME);
        Runnable forward = () -> {
            try (NoGrad scope = Autograd.noGrad()) {
                apply(layer, x, w, b, options);
            }
        };
        Runnable train = () -> {
            x.zeroGrad();
            w.zeroGrad();
            b.zeroGrad();
            Tensor y = apply(layer, x, w, b, options);
            y.backward(Tensor.ones(y.dims()));
        };
        return new Figure(layer, median(forward, runs), median(train, runs));
    }

    private static Tensor apply(Layer layer, Tensor x, Tensor w, Tensor b, Conv3dOptions options) {
        return layer.transposed() ? Convolution.convTranspose3d(x, w, b, options)
                : Convolution.conv3d(x, w, b, options);
    }

    private static double median(Runnable body, int runs) {
        for (int i = 0; i < 2; i++) {
            body.run();
        }
        double[] wall = new double[runs];
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            body.run();
            wall[i] = (System.nanoTime() - start) / 1e9;
        }
        Arrays.sort(wall);
        return runs % 2 == 1 ? wall[runs / 2] : (wall[runs / 2 - 1] + wall[runs / 2]) / 2;
    }

    /** Prints one line per layer: median forward and forward-plus-backward milliseconds. */
    public static void print(List<Figure> figures, int threads, PrintStream out) {
        out.printf(Locale.ROOT, "unet4j conv3d benchmark, batch 2, %d thread(s)%n", threads);
        out.printf(Locale.ROOT, "%-34s %12s %14s%n", "layer", "forward ms", "fwd+bwd ms");
        for (Figure f : figures) {
            out.printf(Locale.ROOT, "%-34s %12.2f %14.2f%n", f.layer(), 1e3 * f.forwardSeconds(),
                    1e3 * f.trainSeconds());
        }
    }

    /** {@code Conv3dBenchmark [threads (default 2)] [runs (default 5)]}. */
    public static void main(String[] args) {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        print(run(unetLayers(), threads, runs), threads, System.out);
    }
}
