package org.unet4j.autodiff;

/**
 * Fused optimizer updates a backend provides, one launch per parameter, so that a parameter, its gradient and its
 * state buffers stay on their device. Each updates {@code value} and the buffers in place, element by element; the
 * buffers are tensors of the value's shape on its device (float64 on the host, the value's type on a device whose
 * kernels read one type at a time). Arguments are validated by the optimizer.
 */
public interface OptimizerKernels {

    /**
     * One adaptive-moment step (Adam, AdamW; Kingma and Ba 2015, as PyTorch): per element, with {@code d} the
     * decayed gradient,
     * <pre>
     *   d = g + l2 p,   m = beta1 m + (1 - beta1) d,   v = beta2 v + (1 - beta2) d d,
     *   p = shrink p - stepSize m / (sqrt(v) / secondCorrection + eps)
     * </pre>
     *
     * @param shrink           {@code 1 - lr lambda} for decoupled decay (AdamW), else 1
     * @param l2               {@code lambda} for decay through the gradient (Adam), else 0
     * @param stepSize         {@code lr / (1 - beta1^t)}
     * @param secondCorrection {@code sqrt(1 - beta2^t)}
     */
    record AdamStep(double shrink, double l2, double beta1, double beta2, double stepSize, double secondCorrection,
            double eps) {
    }

    /** Applies {@code step} to {@code value} with gradient {@code grad} and moment buffers {@code m}, {@code v}. */
    void adam(Tensor value, Tensor grad, Tensor m, Tensor v, AdamStep step);

    /**
     * One step of stochastic gradient descent (PyTorch's rule): per element
     * <pre>
     *   d = g + weightDecay p
     *   without a buffer:   p = p - lr d
     *   with a buffer b:    b = d (first step) or momentum b + (1 - dampening) d,
     *                       p = p - lr (nesterov ? d + momentum b : b)
     * </pre>
     */
    record SgdStep(double lr, double weightDecay, double momentum, double dampening, boolean nesterov,
            boolean first) {
    }

    /** Applies {@code step} to {@code value} with gradient {@code grad} and momentum buffer {@code buffer} (or null). */
    void sgd(Tensor value, Tensor grad, Tensor buffer, SgdStep step);
}
