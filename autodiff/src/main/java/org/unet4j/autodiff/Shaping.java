package org.unet4j.autodiff;

import java.util.Arrays;
import java.util.List;

/** Reshape, permute, crop, pad, concat, stack and dtype casts; each forward beside its backward rule. */
final class Shaping {
    private Shaping() {
    }

    /** A view with new sizes (one may be -1); dx = g reshaped back. */
    static Tensor reshape(Tensor x, int[] dims) {
        int[] d = dims.clone();
        int infer = -1;
        long known = 1;
        for (int i = 0; i < d.length; i++) {
            if (d[i] == -1) {
                if (infer >= 0) {
                    throw new ShapeException("reshape " + x.shape() + " to " + Arrays.toString(dims)
                            + ": only one size may be -1");
                }
                infer = i;
            } else if (d[i] < 0) {
                throw new ShapeException("reshape " + x.shape() + " to " + Arrays.toString(dims)
                        + ": sizes must be >= 0, or -1 for the one to infer");
            } else {
                known *= d[i];
            }
        }
        if (infer >= 0) {
            if (known == 0 || x.size() % known != 0) {
                throw elementCountMismatch(x, dims);
            }
            d[infer] = (int) (x.size() / known);
        }
        Shape target = Shape.of(d);
        if (target.size() != x.size()) {
            throw elementCountMismatch(x, dims);
        }
        if (target.equals(x.shape())) {
            return x;
        }
        Tensor out = Tensor.fromBackend(target, x.dtype(), x.device(), x.storage());
        return Autograd.record("reshape", out, g -> new Tensor[] {g.reshape(x.dims())}, x);
    }

    private static ShapeException elementCountMismatch(Tensor x, int[] dims) {
        return new ShapeException("reshape: cannot view " + x.shape() + " (" + x.size() + " elements) as "
                + Arrays.toString(dims) + "; the number of elements must stay the same");
    }

    /** Axes reordered; dx = g permuted by the inverse permutation. */
    static Tensor permute(Tensor x, int[] perm) {
        if (perm.length != x.rank()) {
            throw new ShapeException("permute: " + Arrays.toString(perm) + " has " + perm.length
                    + " axes, the tensor " + x.shape() + " has " + x.rank());
        }
        int[] p = new int[perm.length];
        int[] inverse = new int[perm.length];
        boolean[] seen = new boolean[perm.length];
        boolean identity = true;
        for (int i = 0; i < perm.length; i++) {
            p[i] = x.shape().axis("permute", perm[i]);
            if (seen[p[i]]) {
                throw new ShapeException("permute: " + Arrays.toString(perm) + " names axis " + perm[i]
                        + " twice; it must be a permutation of 0.." + (perm.length - 1));
            }
            seen[p[i]] = true;
            inverse[p[i]] = i;
            identity &= p[i] == i;
        }
        if (identity) {
            return x;
        }
        Tensor out = x.device().backend().permute(x, p);
        return Autograd.record("permute", out, g -> new Tensor[] {g.permute(inverse)}, x);
    }

    /** The box [start, start + sizes); dx = g padded with zeros back to x's shape. */
    static Tensor crop(Tensor x, int[] start, int[] sizes) {
        if (start.length != x.rank() || sizes.length != x.rank()) {
            throw new ShapeException("crop: start " + Arrays.toString(start) + " and sizes " + Arrays.toString(sizes)
                    + " need one entry per axis of " + x.shape());
        }
        int[] after = new int[x.rank()];
        for (int i = 0; i < x.rank(); i++) {
            after[i] = x.dim(i) - start[i] - sizes[i];
            if (start[i] < 0 || sizes[i] < 0 || after[i] < 0) {
                throw new ShapeException("crop: the box from " + Arrays.toString(start) + " of sizes "
                        + Arrays.toString(sizes) + " leaves " + x.shape() + " at axis " + i);
            }
        }
        Tensor out = x.device().backend().extract(x, start, Shape.of(sizes));
        return Autograd.record("crop", out, g -> new Tensor[] {g.pad(start, after, 0)}, x);
    }

    /** Pads with a constant; dx = g cropped back to the interior. */
    static Tensor pad(Tensor x, int[] before, int[] after, double value) {
        if (before.length != x.rank() || after.length != x.rank()) {
            throw new ShapeException("pad: before " + Arrays.toString(before) + " and after " + Arrays.toString(after)
                    + " need one entry per axis of " + x.shape());
        }
        int[] d = x.dims();
        for (int i = 0; i < d.length; i++) {
            if (before[i] < 0 || after[i] < 0) {
                throw new ShapeException("pad: amounts must be >= 0, got before " + Arrays.toString(before)
                        + " after " + Arrays.toString(after) + " (use crop to remove elements)");
            }
            d[i] += before[i] + after[i];
        }
        Tensor out = x.device().backend().zeros(Shape.of(d), x.dtype());
        if (value != 0) {
            out.fill(value);
        }
        out.device().backend().assign(out, before, x);
        int[] sizes = x.dims();
        return Autograd.record("pad", out, g -> new Tensor[] {g.crop(before, sizes)}, x);
    }

    /** Joins along {@code axis}; each part's gradient is its slice of g. */
    static Tensor concat(List<Tensor> parts, int axis) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("concat: no tensors given");
        }
        Tensor first = parts.get(0);
        int a = first.shape().axis("concat", axis);
        int total = 0;
        DType dtype = first.dtype();
        for (Tensor t : parts) {
            Broadcasting.sameDevice("concat", first, t);
            if (t.rank() != first.rank()) {
                throw new ShapeException("concat: " + t.shape() + " and " + first.shape() + " differ in rank");
            }
            for (int i = 0; i < t.rank(); i++) {
                if (i != a && t.dim(i) != first.dim(i)) {
                    throw new ShapeException("concat along axis " + a + ": " + first.shape() + " and " + t.shape()
                            + " differ at axis " + i + "; all other axes must match");
                }
            }
            total += t.dim(a);
            dtype = DType.promote(dtype, t.dtype());
        }
        Tensor out = first.device().backend().zeros(first.shape().with(a, total), dtype);
        int[] offsets = new int[parts.size()];
        int at = 0;
        for (int k = 0; k < parts.size(); k++) {
            int[] start = new int[first.rank()];
            start[a] = at;
            offsets[k] = at;
            out.device().backend().assign(out, start, parts.get(k));
            at += parts.get(k).dim(a);
        }
        Tensor[] inputs = parts.toArray(new Tensor[0]);
        return Autograd.record("concat", out, g -> {
            Tensor[] grads = new Tensor[inputs.length];
            for (int k = 0; k < inputs.length; k++) {
                if (inputs[k].requiresGrad()) {
                    grads[k] = g.slice(a, offsets[k], offsets[k] + inputs[k].dim(a)).to(inputs[k].dtype());
                }
            }
            return grads;
        }, inputs);
    }

    /** Joins equally shaped tensors along a new axis. */
    static Tensor stack(List<Tensor> parts, int axis) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("stack: no tensors given");
        }
        Shape shape = parts.get(0).shape();
        for (Tensor t : parts) {
            if (!t.shape().equals(shape)) {
                throw new ShapeException("stack: " + t.shape() + " differs from " + shape + "; all shapes must match");
            }
        }
        int a = axis < 0 ? axis + shape.rank() + 1 : axis;
        if (a < 0 || a > shape.rank()) {
            throw new IllegalArgumentException("stack: axis " + axis + " is out of range for parts of shape " + shape
                    + " (valid: " + -(shape.rank() + 1) + ".." + shape.rank() + ")");
        }
        return concat(parts.stream().map(t -> t.unsqueeze(a)).toList(), a);
    }

    /** Converts the dtype; dx = g converted back. */
    static Tensor cast(Tensor x, DType target) {
        Tensor out = x.device().backend().cast(x, target);
        return Autograd.record("cast", out, g -> new Tensor[] {g.to(x.dtype())}, x);
    }
}
