package org.unet4j.autodiff;

/** Softmax and log-softmax along an axis, composed from differentiable ops with the maximum subtracted. */
final class Softmax {
    private Softmax() {
    }

    /** log softmax(x) = x - m - ln sum e^(x - m), m = max x (held constant: the result does not depend on it). */
    static Tensor logSoftmax(Tensor x, int axis) {
        int[] axes = {x.shape().axis("logSoftmax", axis)};
        Tensor m = x.detach().max(axes, true);
        Tensor shifted = x.sub(m);
        return shifted.sub(shifted.exp().sum(axes, true).log());
    }

    /** softmax(x) = e^(x - m) / sum e^(x - m). */
    static Tensor softmax(Tensor x, int axis) {
        int[] axes = {x.shape().axis("softmax", axis)};
        Tensor e = x.sub(x.detach().max(axes, true)).exp();
        return e.div(e.sum(axes, true));
    }
}
