package org.unet4j.layers;

import org.unet4j.autodiff.DType;
import org.unet4j.autodiff.Shape;
import org.unet4j.autodiff.Tensor;

/**
 * A trainable tensor of a {@link Module}: a leaf of the tape that requires grad. The module reads it with
 * {@link #tensor()} in its forward pass; an optimizer updates its data in place after {@code backward()} has filled
 * {@link #grad()}.
 *
 * <p>The slot is rebindable ({@link #set}) so that a module can change dtype ({@link Module#to(DType)}) or device
 * ({@link Module#to(org.unet4j.autodiff.Device)}) and so that a gradient check can substitute its own leaf; the shape
 * never changes.
 */
public final class Parameter {
    private Tensor tensor;

    /** A parameter holding {@code initial} (which must be a leaf); marks it as requiring grad. */
    public Parameter(Tensor initial) {
        this.tensor = checkedLeaf(initial);
    }

    /** The current value: a leaf tensor that requires grad. */
    public Tensor tensor() {
        return tensor;
    }

    /** The gradient accumulated by the last backward passes, or null when none reached this parameter. */
    public Tensor grad() {
        return tensor.grad();
    }

    /** Forgets the accumulated gradient. */
    public void zeroGrad() {
        tensor.zeroGrad();
    }

    /** The shape, fixed for the parameter's lifetime. */
    public Shape shape() {
        return tensor.shape();
    }

    /** The element type of the current value. */
    public DType dtype() {
        return tensor.dtype();
    }

    /** Number of scalars. */
    public int size() {
        return tensor.size();
    }

    /**
     * Rebinds the parameter to {@code value}, a leaf of the same shape (its dtype may differ); marks it as requiring
     * grad. The old tensor and its gradient are dropped.
     */
    public void set(Tensor value) {
        if (!value.shape().equals(tensor.shape())) {
            throw new IllegalArgumentException("a parameter of shape " + tensor.shape()
                    + " cannot be rebound to a tensor of shape " + value.shape());
        }
        this.tensor = checkedLeaf(value);
    }

    private static Tensor checkedLeaf(Tensor value) {
        if (!value.isLeaf()) {
            throw new IllegalArgumentException("a parameter must be a leaf of the tape, but this tensor was computed by '"
                    + value.producer() + "'; pass value.detach()");
        }
        return value.requiresGrad(true);
    }

    @Override
    public String toString() {
        return "Parameter" + tensor.shape() + " " + tensor.dtype();
    }
}
