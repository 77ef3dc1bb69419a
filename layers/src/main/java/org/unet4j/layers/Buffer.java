package org.unet4j.layers;

import org.unet4j.autodiff.DType;
import org.unet4j.autodiff.Shape;
import org.unet4j.autodiff.Tensor;

/**
 * A non-trainable tensor of a {@link Module}, such as the running mean of a batch norm: saved in checkpoints and
 * converted by {@link Module#to(DType)}, but never seen by an optimizer. Its data may be updated in place by the
 * layer that owns it.
 */
public final class Buffer {
    private Tensor tensor;

    /** A buffer holding {@code initial}, detached from the tape. */
    public Buffer(Tensor initial) {
        this.tensor = initial.detach();
    }

    /** The current value. */
    public Tensor tensor() {
        return tensor;
    }

    /** The shape, fixed for the buffer's lifetime. */
    public Shape shape() {
        return tensor.shape();
    }

    /** The element type of the current value. */
    public DType dtype() {
        return tensor.dtype();
    }

    /** Rebinds the buffer to {@code value} (same shape, detached from the tape). */
    public void set(Tensor value) {
        if (!value.shape().equals(tensor.shape())) {
            throw new IllegalArgumentException("a buffer of shape " + tensor.shape()
                    + " cannot be rebound to a tensor of shape " + value.shape());
        }
        this.tensor = value.detach();
    }

    @Override
    public String toString() {
        return "Buffer" + tensor.shape() + " " + tensor.dtype();
    }
}
