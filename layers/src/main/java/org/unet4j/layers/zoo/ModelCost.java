package org.unet4j.layers.zoo;

import java.util.Arrays;
import java.util.Locale;
import org.unet4j.autodiff.FlopCounter;
import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.Module;

/**
 * What a model costs: its parameter count and the FLOPs of one inference on an input of the given shape, counted by
 * {@link FlopCounter} from the shapes of the convolutions, transposed convolutions and matrix products the forward
 * pass runs (attention included). Convention: one multiply-add is 2 FLOPs; papers that report multiply-adds
 * ("MACs") as FLOPs give half this figure.
 */
public record ModelCost(long parameters, long flops, int[] input) {
    /** Validates the counts. */
    public ModelCost {
        if (parameters < 0 || flops < 0) {
            throw new IllegalArgumentException("counts must be >= 0, got " + parameters + " parameters, " + flops
                    + " FLOPs");
        }
        input = input.clone();
    }

    /**
     * The cost of {@code model} on a zero input of shape {@code input}, run once in evaluation mode without a tape
     * (the model's training mode is restored afterwards).
     */
    public static ModelCost of(Module model, int... input) {
        boolean training = model.isTraining();
        model.eval();
        try {
            long flops = FlopCounter.count(() -> model.forward(Tensor.zeros(input)));
            return new ModelCost(model.parameterCount(), flops, input);
        } finally {
            model.train(training);
        }
    }

    /**
     * The shape [1, channels, spatial...] of one input with {@code dims} spatial axes, e.g. (3, 2, 256, 256) gives
     * [1, 3, 256, 256].
     */
    public static int[] inputShape(int channels, int dims, int... spatial) {
        if (spatial.length != dims || Arrays.stream(spatial).anyMatch(s -> s < 1)) {
            throw new IllegalArgumentException("a " + dims + "-D model's input needs " + dims + " positive spatial "
                    + "sizes, got " + Arrays.toString(spatial));
        }
        int[] shape = new int[dims + 2];
        shape[0] = 1;
        shape[1] = channels;
        System.arraycopy(spatial, 0, shape, 2, dims);
        return shape;
    }

    /**
     * The counted cost of {@code model} on one input of shape {@code input} (its batch axis 1) together with the
     * wall-clock times of an inference and of a train step on a batch of {@code batch} such inputs and the peak heap
     * during the train step, as {@link MeasuredCost#measure} takes them.
     */
    public static MeasuredCost measure(Module model, int batch, int... input) {
        return MeasuredCost.measure(model, batch, input);
    }

    /** The FLOPs in units of 10^9. */
    public double gflops() {
        return flops / 1e9;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%,d parameters, %.3f GFLOPs per inference of %s (multiply-add = 2 FLOPs)",
                parameters, gflops(), Arrays.toString(input));
    }
}
