package org.unet4j.autodiff;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * An N-dimensional array with reverse-mode gradients. Storage is row-major and contiguous: on the host a
 * {@code float[]} for {@link DType#FLOAT32}, a {@code double[]} for {@link DType#FLOAT64}; on another device whatever
 * its backend keeps. {@link #reshape} shares storage; every other op returns a new tensor. Ops broadcast like NumPy
 * and record themselves on the tape when an input {@linkplain #requiresGrad() requires grad}.
 *
 * <p>Where new tensors live: the factories ({@link #zeros}, {@link #ones}, {@link #full}, {@link #scalar},
 * {@link #of}, {@link #arange}, {@link #randn}, {@link #rand}, {@link #uniform}) create them on
 * {@link Device#defaultDevice()} ({@link Device#CPU} unless set or chosen by {@code UNET4J_DEVICE} /
 * {@code -Dunet4j.device}); random values are drawn on the host, so a seed gives the same values on every device.
 * {@link #wrap} wraps a Java array and so always makes a host tensor; ops put their results on their inputs' device.
 *
 * <pre>{@code
 * var x = Tensor.randn(new SplittableRandom(7), 4, 1, 96, 96);  // Tensor[4, 1, 96, 96] float32 cpu  mean=0.00 std=1.00
 * var y = x.mul(2).relu().mean();
 * }</pre>
 */
public final class Tensor {
    private final Shape shape;
    private final DType dtype;
    private final Device device;
    private final Object data;
    private boolean requiresGrad;
    private Tensor grad;
    private Node gradFn;

    private Tensor(Shape shape, DType dtype, Device device, Object data) {
        this.shape = shape;
        this.dtype = dtype;
        this.device = device;
        this.data = data;
    }

    // ---------------------------------------------------------------- creation

    /** Wraps {@code data} (not copied) as a float32 host tensor of the given shape, whatever the default device. */
    public static Tensor wrap(float[] data, int... dims) {
        return wrap(data, Shape.of(dims));
    }

    /** Wraps {@code data} (not copied) as a float32 host tensor of the given shape, whatever the default device. */
    public static Tensor wrap(float[] data, Shape shape) {
        checkLength(data.length, shape);
        return new Tensor(shape, DType.FLOAT32, Device.CPU, data);
    }

    /** Wraps {@code data} (not copied) as a float64 host tensor of the given shape, whatever the default device. */
    public static Tensor wrap(double[] data, int... dims) {
        return wrap(data, Shape.of(dims));
    }

    /** Wraps {@code data} (not copied) as a float64 host tensor of the given shape, whatever the default device. */
    public static Tensor wrap(double[] data, Shape shape) {
        checkLength(data.length, shape);
        return new Tensor(shape, DType.FLOAT64, Device.CPU, data);
    }

    /** A float32 tensor holding a copy of {@code data}, on the default device. */
    public static Tensor of(float[] data, int... dims) {
        return onDefaultDevice(wrap(data.clone(), dims), "Tensor.of");
    }

    /** A float64 tensor holding a copy of {@code data}, on the default device. */
    public static Tensor of(double[] data, int... dims) {
        return onDefaultDevice(wrap(data.clone(), dims), "Tensor.of");
    }

    /** A float32 matrix from rows of equal length, on the default device. */
    public static Tensor of(float[][] rows) {
        int cols = rows.length == 0 ? 0 : rows[0].length;
        float[] flat = new float[rows.length * cols];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != cols) {
                throw new IllegalArgumentException("row " + i + " has " + rows[i].length + " values, row 0 has " + cols
                        + "; every row must have the same length");
            }
            System.arraycopy(rows[i], 0, flat, i * cols, cols);
        }
        return onDefaultDevice(wrap(flat, rows.length, cols), "Tensor.of");
    }

    /** A float64 matrix from rows of equal length, on the default device. */
    public static Tensor of(double[][] rows) {
        int cols = rows.length == 0 ? 0 : rows[0].length;
        double[] flat = new double[rows.length * cols];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != cols) {
                throw new IllegalArgumentException("row " + i + " has " + rows[i].length + " values, row 0 has " + cols
                        + "; every row must have the same length");
            }
            System.arraycopy(rows[i], 0, flat, i * cols, cols);
        }
        return onDefaultDevice(wrap(flat, rows.length, cols), "Tensor.of");
    }

    /** A rank-0 tensor, on the default device. */
    public static Tensor scalar(double value, DType dtype) {
        return constant("Tensor.scalar", dtype, value);
    }

    /** A float32 tensor of zeros, on the default device. */
    public static Tensor zeros(int... dims) {
        return zeros(DType.FLOAT32, dims);
    }

    /** A tensor of zeros, on the default device. */
    public static Tensor zeros(DType dtype, int... dims) {
        return constant("Tensor.zeros", dtype, 0, dims);
    }

    /** A float32 tensor of ones, on the default device. */
    public static Tensor ones(int... dims) {
        return ones(DType.FLOAT32, dims);
    }

    /** A tensor of ones, on the default device. */
    public static Tensor ones(DType dtype, int... dims) {
        return constant("Tensor.ones", dtype, 1, dims);
    }

    /** A tensor with every element equal to {@code value}, on the default device. */
    public static Tensor full(DType dtype, double value, int... dims) {
        return constant("Tensor.full", dtype, value, dims);
    }

    /** A tensor of {@code value} made on the default device by its backend (no host array moves). */
    private static Tensor constant(String factory, DType dtype, double value, int... dims) {
        Tensor t = Device.defaultFor(dtype, factory).backend().zeros(Shape.of(dims), dtype);
        if (value != 0) {
            t.fill(value);
        }
        return t;
    }

    /** {@code host}, a tensor just filled on the host, on the default device (itself when that is the host). */
    private static Tensor onDefaultDevice(Tensor host, String factory) {
        return host.to(Device.defaultFor(host.dtype, factory));
    }

    /** A host tensor of zeros, for factories that compute their values on the host. */
    private static Tensor hostZeros(DType dtype, int... dims) {
        return Device.CPU.backend().zeros(Shape.of(dims), dtype);
    }

    /** 0, 1, ..., n-1 as a float32 vector. */
    public static Tensor arange(int n) {
        return arange(DType.FLOAT32, 0, n, 1);
    }

    /** start, start + step, ... while below {@code end} (above it for a negative step). */
    public static Tensor arange(DType dtype, double start, double end, double step) {
        if (step == 0 || Double.isNaN(step)) {
            throw new IllegalArgumentException("arange: step must be non-zero, got " + step);
        }
        int n = (int) Math.max(0, Math.ceil((end - start) / step));
        Tensor t = hostZeros(dtype, n);
        for (int i = 0; i < n; i++) {
            t.flatSet(i, start + i * step);
        }
        return onDefaultDevice(t, "Tensor.arange");
    }

    /** Standard normal float32 samples from {@code rng}: the same seed gives the same tensor. */
    public static Tensor randn(SplittableRandom rng, int... dims) {
        return randn(rng, DType.FLOAT32, dims);
    }

    /** Standard normal samples (Box-Muller on {@code rng}). */
    public static Tensor randn(SplittableRandom rng, DType dtype, int... dims) {
        Tensor t = hostZeros(dtype, dims);
        int n = t.size();
        for (int i = 0; i < n; i += 2) {
            double u1 = 1.0 - rng.nextDouble();
            double u2 = rng.nextDouble();
            double r = Math.sqrt(-2 * Math.log(u1));
            t.flatSet(i, r * Math.cos(2 * Math.PI * u2));
            if (i + 1 < n) {
                t.flatSet(i + 1, r * Math.sin(2 * Math.PI * u2));
            }
        }
        return onDefaultDevice(t, "Tensor.randn");
    }

    /** Uniform float32 samples in [0, 1). */
    public static Tensor rand(SplittableRandom rng, int... dims) {
        return rand(rng, DType.FLOAT32, dims);
    }

    /** Uniform samples in [0, 1). */
    public static Tensor rand(SplittableRandom rng, DType dtype, int... dims) {
        return uniform(rng, dtype, 0, 1, dims);
    }

    /** Uniform samples in [low, high). */
    public static Tensor uniform(SplittableRandom rng, DType dtype, double low, double high, int... dims) {
        Tensor t = hostZeros(dtype, dims);
        for (int i = 0; i < t.size(); i++) {
            t.flatSet(i, low + (high - low) * rng.nextDouble());
        }
        return onDefaultDevice(t, "Tensor.uniform");
    }

    /** A zero tensor with this tensor's shape, dtype and device. */
    public Tensor zerosLike() {
        return device.backend().zeros(shape, dtype);
    }

    /** A tensor of {@code value} with this tensor's shape, dtype and device. */
    public Tensor fullLike(double value) {
        Tensor t = zerosLike();
        if (value != 0) {
            t.fill(value);
        }
        return t;
    }

    /**
     * A tensor produced by a backend on {@code device}: {@code data} is its storage ({@code float[]} or
     * {@code double[]} on the CPU).
     */
    public static Tensor fromBackend(Shape shape, DType dtype, Device device, Object data) {
        return new Tensor(shape, dtype, device, data);
    }

    private static void checkLength(int length, Shape shape) {
        if (length != shape.size()) {
            throw new ShapeException("an array of " + length + " values cannot be shaped " + shape + ", which holds "
                    + shape.size());
        }
    }

    // ---------------------------------------------------------------- properties and data

    /** The shape. */
    public Shape shape() {
        return shape;
    }

    /** A copy of the sizes. */
    public int[] dims() {
        return shape.dims();
    }

    /** Size along {@code axis} (negative counts from the end). */
    public int dim(int axis) {
        return shape.dim(axis);
    }

    /** Number of axes. */
    public int rank() {
        return shape.rank();
    }

    /** Number of elements. */
    public int size() {
        return shape.size();
    }

    /** The element type. */
    public DType dtype() {
        return dtype;
    }

    /** Where the data lives. */
    public Device device() {
        return device;
    }

    /** The backing storage as the backend sees it. */
    public Object storage() {
        return data;
    }

    /**
     * The float32 host storage itself (not a copy); writes are visible to the tensor. Fails for a tensor on another
     * device, whose storage is not a Java array: read a copy with {@link #toFloatArray()}.
     */
    public float[] floats() {
        hostStorage("floats()", "toFloatArray()");
        if (!(data instanceof float[] f)) {
            throw new IllegalStateException("floats() on a " + dtype + " " + device + " tensor; use doubles() or to("
                    + "DType.FLOAT32)");
        }
        return f;
    }

    /**
     * The float64 host storage itself (not a copy); writes are visible to the tensor. Fails for a tensor on another
     * device, whose storage is not a Java array: read a copy with {@link #toDoubleArray()}.
     */
    public double[] doubles() {
        hostStorage("doubles()", "toDoubleArray()");
        if (!(data instanceof double[] d)) {
            throw new IllegalStateException("doubles() on a " + dtype + " " + device + " tensor; use floats() or to("
                    + "DType.FLOAT64)");
        }
        return d;
    }

    /** The elements as a new double array, row-major. */
    public double[] toDoubleArray() {
        Tensor host = to(Device.CPU);
        if (host.data instanceof double[] d) {
            return d.clone();
        }
        float[] f = (float[]) host.data;
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }

    /** The elements as a new float array, row-major. */
    public float[] toFloatArray() {
        Tensor host = to(Device.CPU);
        if (host.data instanceof float[] f) {
            return f.clone();
        }
        double[] d = (double[]) host.data;
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            f[i] = (float) d[i];
        }
        return f;
    }

    /**
     * The element at a multi-index. On a device other than the host this reads one element back, a synchronisation
     * each call (see {@link #flatGet}).
     */
    public double get(int... index) {
        return flatGet(flatIndex(index));
    }

    /**
     * Sets the element at a multi-index, in place (not recorded on the tape). On a device other than the host this
     * writes one element, a synchronisation each call (see {@link #flatSet}).
     */
    public void set(double value, int... index) {
        flatSet(flatIndex(index), value);
    }

    /**
     * The single element of a one-element tensor. On a device other than the host this reads the element back (a
     * synchronisation, like PyTorch's {@code item()}).
     */
    public double item() {
        if (size() != 1) {
            throw new ShapeException("item() needs exactly one element, this tensor has shape " + shape);
        }
        return flatGet(0);
    }

    /**
     * Element {@code i} in row-major order. On the host this reads the array. On another device it copies the element
     * into a one-element device tensor and moves that to the host, like PyTorch's {@code t[i].item()}: only one
     * element crosses, but each call is a synchronisation with the device (a copy kernel and a read-back, waiting for
     * the ops before it). Reading many elements that way costs one round trip each; read them at once with
     * {@link #toFloatArray()} or {@link #to(Device)}.
     */
    public double flatGet(int i) {
        if (device == Device.CPU) {
            return data instanceof float[] f ? f[i] : ((double[]) data)[i];
        }
        checkFlatIndex(i);
        Tensor element = size() == 1 ? this : device.backend().extract(flatView(), new int[] {i}, Shape.of(1));
        return element.copyTo(Device.CPU).flatGet(0);
    }

    /**
     * Sets element {@code i} in row-major order, in place (not recorded on the tape). On a device other than the host
     * it moves a one-element tensor of this dtype there and assigns it to element {@code i}: only one element crosses,
     * but each call is a synchronisation with the device (an upload and a copy kernel). Write many elements at once
     * with {@link #copyFrom}.
     */
    public void flatSet(int i, double value) {
        if (device == Device.CPU) {
            if (data instanceof float[] f) {
                f[i] = (float) value;
            } else {
                ((double[]) data)[i] = value;
            }
            return;
        }
        checkFlatIndex(i);
        Tensor element = Device.CPU.backend().zeros(Shape.of(1), dtype);
        element.flatSet(0, value);
        device.backend().assign(flatView(), new int[] {i}, element.copyTo(device));
    }

    /** Sets every element to {@code value}, in place, on the tensor's own device. */
    public Tensor fill(double value) {
        device.backend().fill(this, value);
        return this;
    }

    /**
     * Copies {@code src}'s values into this tensor, in place (shapes must match; dtypes may differ). A host source is
     * converted to this tensor's dtype before it moves, so float64 host values can fill a float32-only device tensor.
     */
    public Tensor copyFrom(Tensor src) {
        if (!src.shape.equals(shape)) {
            throw new ShapeException("copyFrom: source shape " + src.shape + " differs from target shape " + shape);
        }
        Tensor converted = src.device == Device.CPU ? src.to(dtype) : src;
        device.backend().assign(this, new int[rank()], converted.to(device));
        return this;
    }

    /** Fails unless the storage is a host array, which {@code accessor} returns itself; {@code copy} reads a copy. */
    private void hostStorage(String accessor, String copy) {
        if (device != Device.CPU) {
            throw new IllegalStateException(accessor + " returns the host array itself, and this " + shape + " tensor "
                    + "is on " + device + "; read a copy with " + copy + " or move it with to(Device.CPU)");
        }
    }

    /** This tensor's storage seen as a vector, off the tape, for one-element reads and writes on its device. */
    private Tensor flatView() {
        return new Tensor(Shape.of(size()), dtype, device, data);
    }

    private void checkFlatIndex(int i) {
        if (i < 0 || i >= size()) {
            throw new IndexOutOfBoundsException("flat index " + i + " is out of bounds for shape " + shape + ", which "
                    + "holds " + size() + " elements");
        }
    }

    private int flatIndex(int[] index) {
        if (index.length != rank()) {
            throw new IllegalArgumentException("index " + Arrays.toString(index) + " has " + index.length
                    + " coordinates, the tensor has rank " + rank() + " (shape " + shape + ")");
        }
        int flat = 0;
        for (int i = 0; i < index.length; i++) {
            int d = shape.dim(i);
            if (index[i] < 0 || index[i] >= d) {
                throw new IndexOutOfBoundsException("index " + Arrays.toString(index) + " is out of bounds for shape "
                        + shape + " at axis " + i);
            }
            flat = flat * d + index[i];
        }
        return flat;
    }

    /** Flat index of the first NaN or infinite element, or -1. */
    int firstNonFinite() {
        if (device != Device.CPU) {
            return to(Device.CPU).firstNonFinite();
        }
        if (data instanceof float[] f) {
            for (int i = 0; i < f.length; i++) {
                if (!Float.isFinite(f[i])) {
                    return i;
                }
            }
        } else {
            double[] d = (double[]) data;
            for (int i = 0; i < d.length; i++) {
                if (!Double.isFinite(d[i])) {
                    return i;
                }
            }
        }
        return -1;
    }

    /** This tensor converted to {@code target} (itself when it already has that type); differentiable. */
    public Tensor to(DType target) {
        return target == dtype ? this : Shaping.cast(this, target);
    }

    /**
     * This tensor on {@code target} (itself when already there), copied through the host; differentiable (the
     * gradient moves back). A device's backend moves data to and from the host by implementing
     * {@link HostTransfer}.
     */
    public Tensor to(Device target) {
        if (target == device) {
            return this;
        }
        Device source = device;
        return Autograd.record("to " + target, copyTo(target), g -> new Tensor[] {g.to(source)}, this);
    }

    /** A copy of this tensor's values on {@code target}, off the tape; {@code target} is not this device. */
    private Tensor copyTo(Device target) {
        for (Device d : new Device[] {device, target}) {
            if (d != Device.CPU && !(d.backend() instanceof HostTransfer)) {
                throw new UnsupportedOperationException("moving tensors between " + device + " and " + target
                        + ": the backend of " + d + " cannot move data to or from the host");
            }
        }
        Tensor host = device == Device.CPU ? this : ((HostTransfer) device.backend()).toHost(this);
        return target == Device.CPU ? host : ((HostTransfer) target.backend()).fromHost(host);
    }

    /** Shorthand for {@code to(DType.FLOAT64)}. */
    public Tensor toFloat64() {
        return to(DType.FLOAT64);
    }

    /** Shorthand for {@code to(DType.FLOAT32)}. */
    public Tensor toFloat32() {
        return to(DType.FLOAT32);
    }

    // ---------------------------------------------------------------- autograd

    /** Whether gradients flow to or through this tensor. */
    public boolean requiresGrad() {
        return requiresGrad;
    }

    /** Marks a leaf as needing gradients; returns this tensor. */
    public Tensor requiresGrad(boolean on) {
        if (gradFn != null && !on) {
            throw new IllegalStateException("requiresGrad(false) on a tensor computed by '" + gradFn.op
                    + "'; use detach() to cut it from the tape");
        }
        this.requiresGrad = on;
        return this;
    }

    /** The accumulated gradient, or null before any backward pass reached this leaf. */
    public Tensor grad() {
        return grad;
    }

    /** Forgets the accumulated gradient. */
    public void zeroGrad() {
        grad = null;
    }

    /** Name of the op that produced this tensor on the tape, or null for a leaf. */
    public String producer() {
        return gradFn == null ? null : gradFn.op;
    }

    /** True when no recorded op produced this tensor. */
    public boolean isLeaf() {
        return gradFn == null;
    }

    /** Backpropagates from this one-element tensor (seed 1), accumulating into every leaf's {@link #grad()}. */
    public void backward() {
        if (size() != 1) {
            throw new ShapeException("backward() without a seed needs a one-element tensor, this one has shape " + shape
                    + "; reduce it (sum/mean) or pass a seed gradient");
        }
        Autograd.backward(this, fullLike(1));
    }

    /** Backpropagates {@code seed}, the gradient of some scalar with respect to this tensor. */
    public void backward(Tensor seed) {
        Autograd.backward(this, seed);
    }

    /** A tensor sharing this one's data but cut from the tape. */
    public Tensor detach() {
        return new Tensor(shape, dtype, device, data);
    }

    Node gradFn() {
        return gradFn;
    }

    void attach(Node node) {
        this.gradFn = node;
        this.requiresGrad = true;
    }

    /**
     * Adds {@code g} to the gradient, which is always a tensor of its own (never one a backward rule may hand to
     * several inputs) with this tensor's dtype.
     */
    void accumulateGrad(Tensor g) {
        grad = grad == null ? zerosLike().copyFrom(g) : grad.add(g.to(dtype));
    }

    // ---------------------------------------------------------------- shaping

    /** The same data seen with another shape (one size may be -1 and is inferred). Shares storage. */
    public Tensor reshape(int... dims) {
        return Shaping.reshape(this, dims);
    }

    /** Axes reordered: result axis i is axis {@code perm[i]} of this tensor. */
    public Tensor permute(int... perm) {
        return Shaping.permute(this, perm);
    }

    /** Swaps two axes. */
    public Tensor transpose(int axis0, int axis1) {
        int[] perm = new int[rank()];
        for (int i = 0; i < perm.length; i++) {
            perm[i] = i;
        }
        int a = shape.axis("transpose", axis0);
        int b = shape.axis("transpose", axis1);
        perm[a] = b;
        perm[b] = a;
        return permute(perm);
    }

    /** Elements {@code start..end-1} along {@code axis}. */
    public Tensor slice(int axis, int start, int end) {
        int a = shape.axis("slice", axis);
        if (start < 0 || end < start || end > shape.dim(a)) {
            throw new ShapeException("slice: the range " + start + ".." + end + " does not fit axis " + axis
                    + " of shape " + shape + "; it needs 0 <= start <= end <= " + shape.dim(a));
        }
        int[] begin = new int[rank()];
        begin[a] = start;
        return crop(begin, shape.with(a, end - start).dims());
    }

    /** The box of the given sizes starting at {@code start} (one entry per axis). */
    public Tensor crop(int[] start, int[] sizes) {
        return Shaping.crop(this, start, sizes);
    }

    /** The centred box whose trailing axes have the given sizes (as a valid-padding U-Net crops its skips). */
    public Tensor centerCrop(int... trailingSizes) {
        int[] start = new int[rank()];
        int[] sizes = dims();
        int offset = rank() - trailingSizes.length;
        for (int i = 0; i < trailingSizes.length; i++) {
            int d = sizes[offset + i];
            if (trailingSizes[i] > d) {
                throw new ShapeException("centerCrop: cannot crop axis " + (offset + i) + " of shape " + shape
                        + " to size " + trailingSizes[i] + " (larger than the axis)");
            }
            start[offset + i] = (d - trailingSizes[i]) / 2;
            sizes[offset + i] = trailingSizes[i];
        }
        return crop(start, sizes);
    }

    /** Pads every axis with {@code before[i]} and {@code after[i]} elements of {@code value}. */
    public Tensor pad(int[] before, int[] after, double value) {
        return Shaping.pad(this, before, after, value);
    }

    /** Inserts an axis of size 1 at {@code axis}. */
    public Tensor unsqueeze(int axis) {
        int a = axis < 0 ? axis + rank() + 1 : axis;
        if (a < 0 || a > rank()) {
            throw new IllegalArgumentException("unsqueeze: axis " + axis + " is out of range for shape " + shape);
        }
        int[] d = new int[rank() + 1];
        for (int i = 0, j = 0; i < d.length; i++) {
            d[i] = i == a ? 1 : shape.dim(j++);
        }
        return reshape(d);
    }

    /** Removes axis {@code axis}, which must have size 1. */
    public Tensor squeeze(int axis) {
        int a = shape.axis("squeeze", axis);
        if (shape.dim(a) != 1) {
            throw new ShapeException("squeeze: axis " + axis + " of shape " + shape + " has size " + shape.dim(a)
                    + ", not 1");
        }
        int[] d = new int[rank() - 1];
        for (int i = 0, j = 0; i < rank(); i++) {
            if (i != a) {
                d[j++] = shape.dim(i);
            }
        }
        return reshape(d);
    }

    /** Collapses every axis into one. */
    public Tensor flatten() {
        return reshape(size());
    }

    /**
     * This tensor repeated along axes of size 1 to {@code dims} (broadcasting, materialised). {@code dims} must be
     * what this shape broadcasts to: equal sizes or 1 here, and possibly more leading axes.
     */
    public Tensor expand(int... dims) {
        Shape target = Shape.of(dims);
        if (!Shape.broadcast("expand", shape, target).equals(target)) {
            throw new ShapeException("expand: " + shape + " cannot be expanded to " + target + "; every size must "
                    + "equal the target's or be 1, and only leading axes may be added");
        }
        return add(device.backend().zeros(target, dtype));
    }

    /** Joins tensors along an existing axis. */
    public static Tensor concat(List<Tensor> parts, int axis) {
        return Shaping.concat(parts, axis);
    }

    /** Joins tensors along an existing axis. */
    public static Tensor concat(int axis, Tensor... parts) {
        return Shaping.concat(List.of(parts), axis);
    }

    /** Joins equally shaped tensors along a new axis. */
    public static Tensor stack(List<Tensor> parts, int axis) {
        return Shaping.stack(parts, axis);
    }

    // ---------------------------------------------------------------- elementwise

    /** this + other (broadcast). */
    public Tensor add(Tensor other) {
        return Arithmetic.add(this, other);
    }

    /** this + c. */
    public Tensor add(double c) {
        return Arithmetic.affine(this, 1, c);
    }

    /** this - other (broadcast). */
    public Tensor sub(Tensor other) {
        return Arithmetic.sub(this, other);
    }

    /** this - c. */
    public Tensor sub(double c) {
        return Arithmetic.affine(this, 1, -c);
    }

    /** this * other (broadcast). */
    public Tensor mul(Tensor other) {
        return Arithmetic.mul(this, other);
    }

    /** this * c. */
    public Tensor mul(double c) {
        return Arithmetic.affine(this, c, 0);
    }

    /** this / other (broadcast). */
    public Tensor div(Tensor other) {
        return Arithmetic.div(this, other);
    }

    /** this / c. */
    public Tensor div(double c) {
        return Arithmetic.affine(this, 1 / c, 0);
    }

    /** c - this. */
    public Tensor rsub(double c) {
        return Arithmetic.affine(this, -1, c);
    }

    /** -this. */
    public Tensor neg() {
        return Arithmetic.affine(this, -1, 0);
    }

    /** this^other (broadcast); the base must be positive where the exponent's gradient is needed. */
    public Tensor pow(Tensor exponent) {
        return Arithmetic.pow(this, exponent);
    }

    /** this^p. */
    public Tensor pow(double p) {
        return Pointwise.pow(this, p);
    }

    /** Elementwise maximum (broadcast); ties send the gradient to both halves. */
    public Tensor maximum(Tensor other) {
        return Arithmetic.maximum(this, other);
    }

    /** Elementwise minimum (broadcast). */
    public Tensor minimum(Tensor other) {
        return Arithmetic.minimum(this, other);
    }

    /** e^this. */
    public Tensor exp() {
        return Pointwise.exp(this);
    }

    /** Natural logarithm. */
    public Tensor log() {
        return Pointwise.log(this);
    }

    /** Square root. */
    public Tensor sqrt() {
        return Pointwise.sqrt(this);
    }

    /** Absolute value (subgradient 0 at 0). */
    public Tensor abs() {
        return Pointwise.abs(this);
    }

    /** Values clamped to [min, max]; the gradient passes where min &lt;= x &lt;= max. */
    public Tensor clamp(double min, double max) {
        return Pointwise.clamp(this, min, max);
    }

    /** max(x, 0). */
    public Tensor relu() {
        return Activations.relu(this);
    }

    /** x if x &gt; 0 else slope * x. */
    public Tensor leakyRelu(double slope) {
        return Activations.leakyRelu(this, slope);
    }

    /** 1 / (1 + e^-x). */
    public Tensor sigmoid() {
        return Activations.sigmoid(this);
    }

    /** tanh x. */
    public Tensor tanh() {
        return Activations.tanh(this);
    }

    /** ln(1 + e^x). */
    public Tensor softplus() {
        return Activations.softplus(this);
    }

    /** x * sigmoid(x). */
    public Tensor silu() {
        return Activations.silu(this);
    }

    /**
     * {@code cond ? a : b} elementwise (broadcast), with cond read as true where non-zero (NaN included), as
     * {@code torch.where}: the branch not taken is never read into the result, so {@code where(x.gt(0), x.log(), 0)}
     * is 0, not NaN, at {@code x = 0}; the gradient reaches a only where cond holds and b only elsewhere. As in
     * PyTorch, the branch not taken still runs its own backward there with a zero gradient, and {@code log}'s rule
     * {@code g / x} makes that {@code 0 / 0 = NaN} at {@code x = 0}; guard the argument for a finite gradient:
     * {@code where(x.gt(0), where(x.gt(0), x, 1).log(), 0)}.
     */
    public static Tensor where(Tensor cond, Tensor a, Tensor b) {
        return Arithmetic.where(cond, a, b);
    }

    /** {@code cond ? a : b} with the scalar b in a's dtype and device. */
    public static Tensor where(Tensor cond, Tensor a, double b) {
        return Arithmetic.where(cond, a, Comparisons.scalarLike(a, b));
    }

    /** {@code cond ? a : b} with the scalar a in b's dtype and device. */
    public static Tensor where(Tensor cond, double a, Tensor b) {
        return Arithmetic.where(cond, Comparisons.scalarLike(b, a), b);
    }

    // ---------------------------------------------------------------- comparisons and masks (no gradient)

    /**
     * The mask {@code this > other} (broadcast): 1 where true, 0 where false, in the promoted dtype (the engine has
     * no boolean dtype). Like every comparison it is false where either side is NaN, and has no gradient.
     */
    public Tensor gt(Tensor other) {
        return Comparisons.gt(this, other);
    }

    /** The mask {@code this > c}. */
    public Tensor gt(double c) {
        return Comparisons.gt(this, Comparisons.scalarLike(this, c));
    }

    /** The mask {@code this >= other} (broadcast). */
    public Tensor ge(Tensor other) {
        return Comparisons.ge(this, other);
    }

    /** The mask {@code this >= c}. */
    public Tensor ge(double c) {
        return Comparisons.ge(this, Comparisons.scalarLike(this, c));
    }

    /** The mask {@code this < other} (broadcast). */
    public Tensor lt(Tensor other) {
        return Comparisons.lt(this, other);
    }

    /** The mask {@code this < c}. */
    public Tensor lt(double c) {
        return Comparisons.lt(this, Comparisons.scalarLike(this, c));
    }

    /** The mask {@code this <= other} (broadcast). */
    public Tensor le(Tensor other) {
        return Comparisons.le(this, other);
    }

    /** The mask {@code this <= c}. */
    public Tensor le(double c) {
        return Comparisons.le(this, Comparisons.scalarLike(this, c));
    }

    /** The mask {@code this == other} (broadcast). */
    public Tensor eq(Tensor other) {
        return Comparisons.eq(this, other);
    }

    /** The mask {@code this == c}. */
    public Tensor eq(double c) {
        return Comparisons.eq(this, Comparisons.scalarLike(this, c));
    }

    /** The mask {@code this != other} (broadcast); true where either side is NaN. */
    public Tensor ne(Tensor other) {
        return Comparisons.ne(this, other);
    }

    /** The mask {@code this != c}. */
    public Tensor ne(double c) {
        return Comparisons.ne(this, Comparisons.scalarLike(this, c));
    }

    /** {@code torch.logical_and}: the mask of where both are non-zero (broadcast). */
    public Tensor logicalAnd(Tensor other) {
        return Comparisons.logicalAnd(this, other);
    }

    /** {@code torch.logical_or}: the mask of where either is non-zero (broadcast). */
    public Tensor logicalOr(Tensor other) {
        return Comparisons.logicalOr(this, other);
    }

    /** {@code torch.logical_not}: the mask of where this is zero. */
    public Tensor logicalNot() {
        return Comparisons.logicalNot(this);
    }

    // ---------------------------------------------------------------- reductions

    /** Sum of all elements (a rank-0 tensor). */
    public Tensor sum() {
        return Reductions.sum(this, allAxes(), false);
    }

    /** Sum over {@code axes}. */
    public Tensor sum(int[] axes, boolean keepDims) {
        return Reductions.sum(this, axes, keepDims);
    }

    /** Sum over one axis. */
    public Tensor sum(int axis, boolean keepDims) {
        return Reductions.sum(this, new int[] {axis}, keepDims);
    }

    /** Mean of all elements. */
    public Tensor mean() {
        return Reductions.mean(this, allAxes(), false);
    }

    /** Mean over {@code axes}. */
    public Tensor mean(int[] axes, boolean keepDims) {
        return Reductions.mean(this, axes, keepDims);
    }

    /** Maximum of all elements; the gradient is shared among tied maxima. */
    public Tensor max() {
        return Reductions.max(this, allAxes(), false);
    }

    /** Maximum over {@code axes}. */
    public Tensor max(int[] axes, boolean keepDims) {
        return Reductions.max(this, axes, keepDims);
    }

    /** Population variance (divides by n) of all elements. */
    public Tensor var() {
        return Reductions.var(this, allAxes(), false, false);
    }

    /** Variance over {@code axes}; {@code unbiased} divides by n - 1 instead of n. */
    public Tensor var(int[] axes, boolean keepDims, boolean unbiased) {
        return Reductions.var(this, axes, keepDims, unbiased);
    }

    private int[] allAxes() {
        int[] axes = new int[rank()];
        for (int i = 0; i < axes.length; i++) {
            axes[i] = i;
        }
        return axes;
    }

    // ---------------------------------------------------------------- linear algebra

    /** Matrix product of the last two axes; leading axes broadcast. */
    public Tensor matmul(Tensor other) {
        return LinearAlgebra.matmul(this, other);
    }

    /** softmax along {@code axis}: e^x / sum e^x, computed with the maximum subtracted. */
    public Tensor softmax(int axis) {
        return Softmax.softmax(this, axis);
    }

    /** log-softmax along {@code axis}: x - logsumexp(x). */
    public Tensor logSoftmax(int axis) {
        return Softmax.logSoftmax(this, axis);
    }

    // ---------------------------------------------------------------- printing

    /**
     * {@code Tensor[4, 1, 96, 96] float32 cpu  mean=0.01 std=0.99} for large tensors; small ones (up to 16 elements)
     * list their values. A tensor on the tape names the op that produced it.
     */
    @Override
    public String toString() {
        return TensorFormat.format(this);
    }
}
