package org.unet4j.autodiff;

/** Reductions over any set of axes, with or without keeping them; each forward beside its backward rule. */
final class Reductions {
    private Reductions() {
    }

    private static boolean[] marks(String op, Tensor x, int[] axes) {
        boolean[] reduced = new boolean[x.rank()];
        for (int axis : axes) {
            int a = x.shape().axis(op, axis);
            if (reduced[a]) {
                throw new IllegalArgumentException(op + ": axis " + axis + " is listed twice");
            }
            reduced[a] = true;
        }
        return reduced;
    }

    private static Shape dropped(Shape kept, boolean[] reduced) {
        int n = 0;
        for (boolean r : reduced) {
            n += r ? 0 : 1;
        }
        int[] d = new int[n];
        for (int i = 0, j = 0; i < reduced.length; i++) {
            if (!reduced[i]) {
                d[j++] = kept.dim(i);
            }
        }
        return Shape.of(d);
    }

    private static Tensor finish(Tensor kept, boolean[] reduced, boolean keepDims) {
        return keepDims ? kept : Tensor.fromBackend(dropped(kept.shape(), reduced), kept.dtype(), kept.device(),
                kept.storage());
    }

    /** Sum over axes; dx = g broadcast back. */
    static Tensor sum(Tensor x, int[] axes, boolean keepDims) {
        boolean[] reduced = marks("sum", x, axes);
        Tensor kept = x.device().backend().reduce(ReduceFn.SUM, x, reduced);
        Shape keptShape = kept.shape();
        Tensor out = finish(kept, reduced, keepDims);
        return Autograd.record("sum", out, g -> new Tensor[] {g.reshape(keptShape.dims()).expand(x.dims())}, x);
    }

    /** Mean over axes = sum / count. */
    static Tensor mean(Tensor x, int[] axes, boolean keepDims) {
        boolean[] reduced = marks("mean", x, axes);
        long count = 1;
        for (int i = 0; i < reduced.length; i++) {
            count *= reduced[i] ? x.dim(i) : 1;
        }
        if (count == 0) {
            throw new ShapeException("mean: reducing " + x.shape() + " over empty axes has no mean");
        }
        return sum(x, axes, keepDims).div(count);
    }

    /** Maximum over axes; the gradient is shared equally among the elements that attain it. */
    static Tensor max(Tensor x, int[] axes, boolean keepDims) {
        boolean[] reduced = marks("max", x, axes);
        if (x.size() == 0) {
            throw new ShapeException("max: an empty tensor " + x.shape() + " has no maximum");
        }
        Backend be = x.device().backend();
        Tensor kept = be.reduce(ReduceFn.MAX, x, reduced);
        Tensor out = finish(kept, reduced, keepDims);
        return Autograd.record("max", out, g -> {
            Tensor winners = be.binary(BinaryFn.EQUAL, x, kept);
            Tensor count = be.reduce(ReduceFn.SUM, winners, reduced);
            return new Tensor[] {winners.mul(g.reshape(kept.dims()).div(count))};
        }, x);
    }

    /** Variance over axes: mean((x - mean x)^2), divided by n - 1 instead of n when unbiased. */
    static Tensor var(Tensor x, int[] axes, boolean keepDims, boolean unbiased) {
        boolean[] reduced = marks("var", x, axes);
        long n = 1;
        for (int i = 0; i < reduced.length; i++) {
            n *= reduced[i] ? x.dim(i) : 1;
        }
        if (unbiased && n < 2) {
            throw new ShapeException("var: the unbiased variance needs at least 2 elements per group, " + x.shape()
                    + " reduced over " + java.util.Arrays.toString(axes) + " has " + n);
        }
        Tensor centred = x.sub(mean(x, axes, true));
        return sum(centred.mul(centred), axes, keepDims).div(unbiased ? n - 1 : n);
    }
}
