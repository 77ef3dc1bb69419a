package org.unet4j.experiments.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

import org.unet4j.autodiff.Losses;
import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.Module;
import org.unet4j.layers.optim.Adam;
import org.unet4j.layers.unet.Block;
import org.unet4j.layers.unet.UNet;

/**
 * Training step and inference of issue 21's volumetric U-Net beside its PyTorch twin in {@code bench/reference.py}
 * (the script's {@code PlainUNet} with {@code dims} 3): filters 8-16-32-64, 4 levels, conv-BN-ReLU x 2 per level
 * (3x3x3, SAME), max-pool by 2, transposed convolution (2x2x2, stride 2) up, concatenated skips and a 1x1x1 head,
 * on a float32 batch of 2 x 1 x 64^3. One training step = forward, BCE with logits against a random mask, backward,
 * Adam (lr 1e-3); inference = forward in eval mode without a tape.
 *
 * <p>Memory, one training step after the timed ones, on each side:
 * <ul>
 * <li>unet4j: the peak heap in use. After a full collection the peaks of the JVM's heap memory pools are reset, one
 * step runs, and the pools' peak usages are added. Garbage not yet collected counts, so the figure is the heap the
 * step needed at the collector's sizing, an upper bound of the live data at any moment; it leaves out the JVM's
 * own memory (code, metaspace, thread stacks).</li>
 * <li>PyTorch: the peak resident set size of the whole Python process (VmHWM, reset through
 * {@code /proc/self/clear_refs} right before the step): the interpreter and the torch libraries, the model,
 * Adam's state, the activations and the allocator's caches.</li>
 * </ul>
 */
public final class VolumeUNetBenchmark {
    private static final List<Integer> FILTERS = List.of(8, 16, 32, 64);
    private static final int BATCH = 2;
    private static final int SIZE = 64;
    private static final int RUNS = 3;
    private static final int WARM_UP = 3;
    private static final int REFERENCE_WARM_UP = 1;

    private VolumeUNetBenchmark() {
    }

    /** The record's volumetric U-Net table: training step and inference, each beside PyTorch's. */
    static RecordTable record(Reference reference, String command) {
        RecordTable table = new RecordTable("3-D U-Net: training step, inference and memory", command, "PyTorch");
        UNet net = network();
        int[] shape = {BATCH, 1, SIZE, SIZE, SIZE};
        String label = "3-D U-Net 8-16-32-64, b2x1x64^3";
        String parameters = String.format(Locale.ROOT, "%,d parameters", net.parameterCount());
        double train = UNetBenchmark.trainStep(net, WARM_UP, RUNS, shape);
        String heap = String.format(Locale.ROOT, "peak heap %s", mebibytes(peakHeapOfTrainStep(net, shape)));
        table.row(label + ": train step", train, reference.measure(request("train")), parameters + ", " + heap);
        double infer = UNetBenchmark.inference(net, WARM_UP, RUNS, shape);
        table.row(label + ": inference", infer, reference.measure(request("inference")), parameters);
        table.line("Median of " + RUNS + " runs after " + WARM_UP + " warm-up runs (unet4j) and " + REFERENCE_WARM_UP
                + " (PyTorch). A train step is forward, BCE with logits, backward and Adam; inference is a forward"
                + " pass in eval mode without a tape.");
        table.line("");
        table.line("Memory, one train step after the timed ones: unet4j's peak heap is the sum of the heap pools'"
                + " peak usages over the step, reset after a full collection (garbage not yet collected included,"
                + " the JVM's own memory left out); PyTorch's peak RSS is the whole Python process's resident set"
                + " high-water mark (VmHWM) over the step, reset through /proc/self/clear_refs (interpreter and torch"
                + " libraries included).");
        return table;
    }

    /** The benchmarked network: the plain U-Net of the reference in three dimensions. */
    public static UNet network() {
        return UNet.builder().spatialDims(3).levels(FILTERS.size())
                .filters(FILTERS.stream().mapToInt(Integer::intValue).toArray()).block(Block.plain()).seed(0).build();
    }

    private static Map<String, Object> request(String figure) {
        return Map.of("figure", figure, "net", "plain", "dims", 3, "filters", FILTERS, "steps", 0, "batch", BATCH,
                "size", SIZE, "runs", RUNS, "warmup", REFERENCE_WARM_UP, "memory", figure.equals("train"));
    }

    /**
     * The peak heap in use, in bytes, over one training step of {@code net} on a batch of {@code shape}: the sum of
     * the heap pools' peak usages, reset after a full collection right before the step (a first, unmeasured step
     * has let Adam allocate its moments).
     */
    public static long peakHeapOfTrainStep(Module net, int[] shape) {
        SplittableRandom rng = new SplittableRandom(0);
        Tensor x = Tensor.randn(rng, shape);
        int[] maskShape = shape.clone();
        maskShape[1] = 1;
        Tensor y = Tensor.zeros(maskShape);
        Adam adam = new Adam(net.parameters(), 1e-3);
        net.train();
        Runnable step = () -> {
            net.zeroGrad();
            Losses.bceWithLogits(net.forward(x), y).backward();
            adam.step();
        };
        step.run(); // Adam allocates its moments in its first step
        List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP).toList();
        System.gc();
        heap.forEach(MemoryPoolMXBean::resetPeakUsage);
        step.run();
        return heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
    }

    /** "1,234 MiB". */
    static String mebibytes(long bytes) {
        return String.format(Locale.ROOT, "%,d MiB", Math.round(bytes / (double) (1 << 20)));
    }
}
