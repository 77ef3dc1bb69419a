package org.unet4j.experiments.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.unet4j.autodiff.Autograd;
import org.unet4j.autodiff.DType;
import org.unet4j.autodiff.Losses;
import org.unet4j.autodiff.NoGrad;
import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.Module;
import org.unet4j.layers.optim.Adam;
import org.unet4j.layers.unet.Block;
import org.unet4j.layers.unet.ContinuousUNet;
import org.unet4j.layers.unet.UNet;

/**
 * Training steps and inference of the U-Nets of issue 4, each beside its PyTorch twin in {@code bench/reference.py}.
 * One training step = forward, BCE with logits against a random mask, backward, Adam (lr 1e-3); inference = forward
 * in eval mode without a tape.
 * <ul>
 * <li>the plain 4-level U-Net of the reference (conv-BN-ReLU x 2 per level, SAME padding, max-pool, transposed
 * convolution up, concatenated skips, 1x1 head) on 16 x 1 x 128 x 128 with filters 3-6-12-24 and 16-32-64-128,
 * and on 4 x 1 x 128 x 128 with 64-128-256-512;</li>
 * <li>the Continuous U-Net of DB blocks (filters 3-6-12-24, group norm, bilinear up, RK4 with backprop) on
 * 16 x 1 x 128 x 128 at 1 and 2 RK4 steps per block. The PyTorch twin is the same network (the script's
 * {@code ContinuousUNet}); {@link #checkDbTwin} loads our float64 weights into it and compares outputs.</li>
 * </ul>
 * The JVM compiles its kernels during the first steps, so unet4j gets more warm-up runs than PyTorch (4 against 1;
 * 3 for the largest net); both report the median of 3 timed runs.
 */
public final class UNetBenchmark {
    private static final List<Integer> TINY = List.of(3, 6, 12, 24);
    private static final List<Integer> SMALL = List.of(16, 32, 64, 128);
    private static final List<Integer> STANDARD = List.of(64, 128, 256, 512);
    private static final int RUNS = 3;
    private static final int REFERENCE_WARM_UP = 1;

    private UNetBenchmark() {
    }

    /** A network of the table: its kind ("plain" or "db"), filters, RK4 steps (db), batch and warm-up runs. */
    private record Net(String kind, List<Integer> filters, int steps, int batch, int warmUp) {
        String label() {
            String f = filters.stream().map(String::valueOf).collect(Collectors.joining("-"));
            return (kind.equals("plain") ? "U-Net " + f : "DB-U-Net " + f + ", RK4 x" + steps) + ", b" + batch
                    + "x1x128x128";
        }

        Module build() {
            int[] perLevel = filters.stream().mapToInt(Integer::intValue).toArray();
            return kind.equals("plain") ? plainUNet(perLevel)
                    : ContinuousUNet.builder().filters(perLevel).block(Block.dynamic("rk4", steps)).build();
        }

        Map<String, Object> request(String figure) {
            return Map.of("figure", figure, "net", kind, "filters", filters, "steps", steps, "batch", batch,
                    "size", 128, "runs", RUNS, "warmup", REFERENCE_WARM_UP);
        }
    }

    /** The record's U-Net table: training step and inference of every net, each beside PyTorch's. */
    static RecordTable record(Reference reference, String command) {
        RecordTable table = new RecordTable("U-Nets: training step and inference", command, "PyTorch");
        List<Net> nets = List.of(new Net("plain", TINY, 0, 16, 4), new Net("plain", SMALL, 0, 16, 4),
                new Net("plain", STANDARD, 0, 4, 3), new Net("db", TINY, 1, 16, 4), new Net("db", TINY, 2, 16, 4));
        for (Net net : nets) {
            Module model = net.build();
            String parameters = String.format(Locale.ROOT, "%,d parameters", model.parameterCount());
            double train = trainStep(model, net.warmUp(), RUNS, net.batch(), 1, 128, 128);
            table.row(net.label() + ": train step", train, reference.measure(net.request("train")), parameters);
            double infer = inference(model, net.warmUp(), RUNS, net.batch(), 1, 128, 128);
            table.row(net.label() + ": inference", infer, reference.measure(net.request("inference")), parameters);
        }
        table.line("Median of " + RUNS + " runs after 3-4 warm-up runs (unet4j) and " + REFERENCE_WARM_UP
                + " (PyTorch). A train step is forward, BCE with logits, backward and Adam; inference is a forward"
                + " pass in eval mode without a tape.");
        if (reference.present()) {
            for (int steps : new int[] {1, 2}) {
                table.line("");
                table.line(checkDbTwin(reference, steps));
            }
        }
        return table;
    }

    /** Median seconds of a training step of {@code net} on a random batch of the given shape (2-D or 3-D). */
    public static double trainStep(Module net, int warmUp, int runs, int... batchShape) {
        SplittableRandom rng = new SplittableRandom(0);
        Tensor x = Tensor.randn(rng, batchShape);
        int[] maskShape = batchShape.clone();
        maskShape[1] = 1;
        Tensor y = Tensor.zeros(maskShape);
        for (int i = 0; i < y.size(); i++) {
            y.flatSet(i, rng.nextDouble() > 0.5 ? 1 : 0);
        }
        net.train();
        Adam adam = new Adam(net.parameters(), 1e-3);
        return WallClock.medianSeconds(warmUp, runs, () -> {
            net.zeroGrad();
            Losses.bceWithLogits(net.forward(x), y).backward();
            adam.step();
        });
    }

    /** Median seconds of a forward pass of {@code net} in eval mode without a tape. */
    public static double inference(Module net, int warmUp, int runs, int... batchShape) {
        Tensor x = Tensor.randn(new SplittableRandom(1), batchShape);
        net.eval();
        try (NoGrad off = Autograd.noGrad()) {
            return WallClock.medianSeconds(warmUp, runs, () -> net.forward(x));
        } finally {
            net.train();
        }
    }

    /** The reference's plain U-Net with these filters. */
    public static UNet plainUNet(int... filters) {
        return UNet.builder().levels(filters.length).filters(filters).block(Block.plain()).seed(0).build();
    }

    /**
     * Checks that the PyTorch DB-U-Net is our network: writes our float64 weights, an input and our output to a
     * file, has the script load them into its model and compare, and returns the sentence for the record.
     */
    static String checkDbTwin(Reference reference, int steps) {
        Module net = ContinuousUNet.builder().block(Block.dynamic("rk4", steps)).build().to(DType.FLOAT64);
        Tensor x = Tensor.randn(new SplittableRandom(3), DType.FLOAT64, 2, 1, 32, 32);
        Tensor y;
        try (NoGrad off = Autograd.noGrad()) {
            y = net.forward(x);
        }
        Path file;
        try {
            file = Files.createTempFile("unet4j-db-unet", ".txt");
            try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                for (Map.Entry<String, Tensor> e : net.stateDict().entrySet()) {
                    write(out, e.getKey(), e.getValue());
                }
                write(out, "#input", x);
                write(out, "#output", y);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the DB-U-Net's weights for the PyTorch check", e);
        }
        try {
            Reference.Answer answer = reference.measure(Map.of("figure", "db-check", "file", file.toString(),
                    "filters", TINY, "steps", steps));
            String ours = String.format(Locale.ROOT, "%,d parameters", net.parameterCount());
            if (!answer.measured()) {
                return "DB-U-Net RK4 x" + steps + ": the PyTorch twin could not be checked: " + answer.error();
            }
            double difference = answer.seconds();
            String count = answer.note().equals(ours) ? ours + ", as ours" : answer.note() + " against our " + ours
                    + " - NOT THE SAME NETWORK";
            return String.format(Locale.ROOT, "DB-U-Net RK4 x%d: the PyTorch twin (%s), loaded with our float64"
                    + " weights, gives our output on a 2x1x32x32 input to max |difference| %.1e%s.", steps, count,
                    difference, difference <= 1e-10 ? "" : " - NOT THE SAME NETWORK");
        } finally {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                System.err.println("could not delete " + file + ": " + e.getMessage());
            }
        }
    }

    /** One line: the name, the dimensions joined by commas, then every value in Java's round-trip text. */
    private static void write(Writer out, String name, Tensor t) throws IOException {
        out.write(name);
        out.write(' ');
        out.write(Arrays.stream(t.dims()).mapToObj(String::valueOf).collect(Collectors.joining(",")));
        for (double v : t.toDoubleArray()) {
            out.write(' ');
            out.write(Double.toString(v));
        }
        out.write('\n');
    }
}
