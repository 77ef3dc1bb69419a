package org.unet4j.layers.nn;

import java.util.Arrays;

import org.unet4j.autodiff.ShapeException;
import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.Module;

/**
 * Collapses the axes from {@code startAxis} on into one: {@code [N, C, H, W] -> [N, C H W]} for the default start
 * axis 1. A view; no data is copied.
 */
public final class Flatten extends Module {
    private final int startAxis;

    /** Keeps the batch axis and flattens the rest. */
    public Flatten() {
        this(1);
    }

    /** Flattens axes {@code startAxis..rank-1}. */
    public Flatten(int startAxis) {
        if (startAxis < 0) {
            throw new IllegalArgumentException("Flatten: the start axis must be >= 0, got " + startAxis);
        }
        this.startAxis = startAxis;
    }

    @Override
    public Tensor forward(Tensor input) {
        if (input.rank() < startAxis) {
            throw new ShapeException(label() + ": the input " + input.shape() + " has fewer than " + startAxis
                    + " axes");
        }
        int[] dims = Arrays.copyOf(input.dims(), startAxis + 1);
        dims[startAxis] = input.shape().product(startAxis, input.rank());
        return input.reshape(dims);
    }

    @Override
    protected String describe() {
        return startAxis == 1 ? "" : "from axis " + startAxis;
    }
}
