package org.unet4j.layers.zoo;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;
import org.unet4j.autodiff.Autograd;
import org.unet4j.autodiff.NoGrad;
import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.Module;

/**
 * What a model costs when it runs: the counted {@link ModelCost} of one input, plus measured wall-clock times and
 * heap. Taken as follows on a random normal input of the model's dtype and device:
 * <ul>
 *   <li>inference: evaluation mode, no tape, one warm-up pass, then the mean of {@value #REPEATS} passes on one
 *       input (batch 1), in milliseconds per image;</li>
 *   <li>train step: training mode, forward of a batch of {@code batch} inputs, the loss mean(y^2) and backward,
 *       one warm-up step, then the mean of {@value #REPEATS} steps, in milliseconds per step. No optimiser update
 *       is applied (so the model's weights stay as they were; an Adam update adds work proportional to the
 *       parameters only);</li>
 *   <li>peak heap: before one further train step a {@code System.gc()}, then {@link MemoryPoolMXBean#resetPeakUsage}
 *       on every heap pool; after it, the sum over the heap pools of their peak used bytes. The pools peak at
 *       different moments, so the sum bounds the simultaneous peak from above; it includes everything live before
 *       the step (weights, the JVM's own objects) and garbage not yet collected, and nothing held off the heap
 *       (tensors on an OpenCL device, direct buffers).</li>
 * </ul>
 * Parameters, buffers (batch-norm running statistics) and the training mode are restored and gradients zeroed
 * afterwards. Wall-clock figures depend on the machine and its load; they are not benchmarks.
 *
 * @param cost                 parameters and FLOPs of one inference, counted
 * @param batch                the batch of the train step
 * @param inferenceMillis      mean wall-clock milliseconds of one inference of one input
 * @param trainStepMillis      mean wall-clock milliseconds of one train step (forward and backward) on the batch
 * @param peakTrainStepHeap    the sum of the heap pools' peak used bytes during one train step
 */
public record MeasuredCost(ModelCost cost, int batch, double inferenceMillis, double trainStepMillis,
        long peakTrainStepHeap) {
    /** How many timed passes each mean is taken over (after one warm-up). */
    public static final int REPEATS = 3;

    /** Validates the figures. */
    public MeasuredCost {
        if (cost == null || batch < 1 || !(inferenceMillis >= 0) || !(trainStepMillis >= 0) || peakTrainStepHeap < 0) {
            throw new IllegalArgumentException("a measured cost needs a counted cost, a batch >= 1 and non-negative "
                    + "times and heap, got " + cost + ", batch " + batch + ", " + inferenceMillis + " ms, "
                    + trainStepMillis + " ms, " + peakTrainStepHeap + " bytes");
        }
    }

    /** Measures {@code model} on inputs of shape {@code input} (batch axis 1), train steps on {@code batch} of them. */
    public static MeasuredCost measure(Module model, int batch, int... input) {
        if (batch < 1 || input.length < 3 || input[0] != 1) {
            throw new IllegalArgumentException("measure needs a batch >= 1 and one input's shape [1, C, spatial...], "
                    + "got batch " + batch + " and " + Arrays.toString(input));
        }
        ModelCost counted = ModelCost.of(model, input);
        boolean training = model.isTraining();
        Map<String, Tensor> saved = snapshot(model);
        try {
            SplittableRandom rng = new SplittableRandom(0);
            Tensor one = sample(model, rng, input);
            int[] batched = input.clone();
            batched[0] = batch;
            Tensor many = sample(model, rng, batched);
            model.eval();
            double inference;
            try (NoGrad scope = Autograd.noGrad()) {
                inference = meanMillis(() -> model.forward(one).sum().item());
            }
            model.train();
            double step = meanMillis(() -> trainStep(model, many));
            System.gc();
            List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
                    .filter(p -> p.getType() == MemoryType.HEAP && p.isValid()).toList();
            heap.forEach(MemoryPoolMXBean::resetPeakUsage);
            trainStep(model, many);
            long peak = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
            return new MeasuredCost(counted, batch, inference, step, peak);
        } finally {
            model.zeroGrad();
            model.loadStateDict(saved);
            model.train(training);
        }
    }

    private static Tensor sample(Module model, SplittableRandom rng, int[] shape) {
        Tensor x = Tensor.randn(rng, shape);
        Tensor like = model.parameters().isEmpty() ? x : model.parameters().get(0).tensor();
        return x.to(like.dtype()).to(model.device());
    }

    private static double trainStep(Module model, Tensor x) {
        model.zeroGrad();
        Tensor y = model.forward(x);
        Tensor loss = y.mul(y).mean();
        loss.backward();
        return loss.item();
    }

    private static double meanMillis(DoubleSupplier run) {
        run.getAsDouble();
        long start = System.nanoTime();
        for (int i = 0; i < REPEATS; i++) {
            run.getAsDouble();
        }
        return (System.nanoTime() - start) / 1e6 / REPEATS;
    }

    private static Map<String, Tensor> snapshot(Module model) {
        Map<String, Tensor> copy = new LinkedHashMap<>();
        try (NoGrad scope = Autograd.noGrad()) {
            model.stateDict().forEach((name, t) -> copy.put(name, t.detach().mul(1.0)));
        }
        return copy;
    }

    /** The peak heap in mebibytes (2^20 bytes). */
    public double peakTrainStepHeapMiB() {
        return peakTrainStepHeap / (double) (1 << 20);
    }

    @Override
    public String toString() {
        return cost + String.format(Locale.ROOT, "; measured: %.2f ms per inference of one input, %.1f ms per train"
                + " step (forward and backward) on a batch of %d, peak heap %.1f MiB during that step (sum of the"
                + " heap pools' peaks)", inferenceMillis, trainStepMillis, batch, peakTrainStepHeapMiB());
    }
}
