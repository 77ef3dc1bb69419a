package org.unet4j.autodiff;

/**
 * The backward side of broadcasting: a gradient computed for the broadcast shape is summed back over the axes an
 * operand was stretched along.
 */
final class Broadcasting {
    private Broadcasting() {
    }

    /** {@code grad} summed down to {@code target}, which must broadcast to grad's shape. */
    static Tensor sumTo(Tensor grad, Shape target) {
        if (grad.shape().equals(target)) {
            return grad;
        }
        int offset = grad.rank() - target.rank();
        boolean[] reduced = new boolean[grad.rank()];
        for (int i = 0; i < grad.rank(); i++) {
            reduced[i] = i < offset || (target.dim(i - offset) == 1 && grad.dim(i) != 1);
        }
        Tensor summed = grad.device().backend().reduce(ReduceFn.SUM, grad, reduced);
        return summed.reshape(target.dims());
    }

    /** Fails unless both tensors live on one device; {@code op} names the operation. */
    static void sameDevice(String op, Tensor a, Tensor b) {
        if (a.device() != b.device()) {
            throw new IllegalArgumentException(op + ": operands live on different devices (" + a.device() + " and "
                    + b.device() + "); move one with to(device)");
        }
    }
}
