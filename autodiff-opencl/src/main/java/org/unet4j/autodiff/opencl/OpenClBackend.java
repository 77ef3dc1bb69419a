package org.unet4j.autodiff.opencl;

import com.aparapi.device.OpenCLDevice;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.unet4j.autodiff.Backend;
import org.unet4j.autodiff.BinaryFn;
import org.unet4j.autodiff.ConvolutionKernels;
import org.unet4j.autodiff.DType;
import org.unet4j.autodiff.GridKernels;
import org.unet4j.autodiff.Device;
import org.unet4j.autodiff.HostTransfer;
import org.unet4j.autodiff.ImagingKernels;
import org.unet4j.autodiff.NormalizationKernels;
import org.unet4j.autodiff.OptimizerKernels;
import org.unet4j.autodiff.ReduceFn;
import org.unet4j.autodiff.Shape;
import org.unet4j.autodiff.Tensor;
import org.unet4j.autodiff.UnaryFn;

/**
 * The {@link Backend} of one OpenCL device, through Aparapi, in float32 and, where the device reports fp64
 * ({@code cl_khr_fp64}; pocl does), in float64. Tensors on its device are {@link DeviceBlock}s of the arena of
 * their element type (see {@link ArenaKernel} for why one arena per type): results stay on the device from op to
 * op, and only {@link Tensor#to(Device)} moves data to or from the host.
 *
 * <p>Implemented on the device, in the tensors' own type: zeros, fill, unary functions, binary functions with
 * broadcasting, sum and max reductions, batched matrix products (tiled in local memory), permute, extract, assign,
 * and the convolution family ({@link OpenClConvolution}), pooling and upsampling ({@link OpenClImaging}), and
 * batch, instance and group normalisation ({@link OpenClNormalization}). Operands of mixed types are promoted to
 * float64 as on the CPU. A cast between float32 and float64 ({@link Tensor#to(DType)}) goes through the host: the
 * two types live in different arenas, which no kernel reads together.
 *
 * <p>On a device without fp64 the float64 kernel does not compile (see {@link DevicePrograms}): {@link #supports}
 * is false for float64, and every float64 tensor that reaches this backend fails with an
 * {@link UnsupportedOperationException} naming the op, the device, the reason and the fix.
 */
public final class OpenClBackend implements Backend, HostTransfer {
    private final DevicePrograms programs;
    private final Device device;
    private final OpenClConvolution convolution;
    private final OpenClImaging imaging;
    private final OpenClNormalization normalization;
    private final OpenClGrid grid;
    private final OpenClOptimizer optimizer;
    private final AtomicLong hostTransfers = new AtomicLong();

    OpenClBackend(OpenCLDevice clDevice, String name) {
        this(name, dtype -> new DeviceProgram(clDevice, name, dtype));
    }

    /**
     * A backend named {@code name} whose programs {@code compiler} makes, throwing a {@link KernelFallbackException}
     * for an element type the device cannot compute in (the tests fake a device without fp64 this way).
     */
    OpenClBackend(String name, Function<DType, DeviceProgram> compiler) {
        this.programs = new DevicePrograms(compiler);
        this.device = new Device(name, this);
        this.convolution = new OpenClConvolution(this);
        this.imaging = new OpenClImaging(this);
        this.normalization = new OpenClNormalization(this);
        this.grid = new OpenClGrid(this);
        this.optimizer = new OpenClOptimizer(this);
    }

    /** The device whose ops this backend runs. */
    public Device device() {
        return device;
    }

    /** {@code opencl:N (device name, type)}. */
    public String description() {
        return float32().describe();
    }

    /** Number of kernel launches so far, of every element type; each was checked to have run as OpenCL here. */
    public long launches() {
        long total = 0;
        for (DeviceProgram p : programs.compiled()) {
            total += p.launches();
        }
        return total;
    }

    /**
     * Number of tensor transfers between the host and this device so far, either way: {@link Tensor#to(Device)},
     * {@code item()} and element reads and writes. Not counted: the few per-launch values some kernels exchange with
     * the host inside an op (CG step sizes, normalisation sums, max-pooling's argmax indices).
     */
    public long hostTransfers() {
        return hostTransfers.get();
    }

    /** Whether the most recent launch of each element type ran as OpenCL on this backend's device (no fallback). */
    public boolean lastLaunchOnDevice() {
        boolean onDevice = true;
        for (DeviceProgram p : programs.compiled()) {
            onDevice &= p.lastLaunchOnDevice();
        }
        return onDevice;
    }

    /**
     * Whether the device computes in the host's Java arrays themselves (pocl and other CPU runtimes), so that
     * results are read back without {@code Kernel.get} (see {@link DeviceProgram}).
     */
    public boolean sharesHostMemory() {
        return float32().sharesHostMemory();
    }

    /**
     * Elements the device's arena of {@code dtype} holds, allocated or free (0 before its first tensor); it grows
     * only when reclaiming is not enough.
     */
    public long capacityElements(DType dtype) {
        DeviceProgram p = programs.compiled(dtype);
        return p == null ? 0 : p.capacity();
    }

    /** Elements of {@code dtype} currently allocated on the device. */
    public long allocatedElements(DType dtype) {
        DeviceProgram p = programs.compiled(dtype);
        return p == null ? 0 : p.usedElements();
    }

    private DeviceProgram float32() {
        return programs.find(DType.FLOAT32);
    }

    /**
     * Frees {@code t}'s device memory now instead of after garbage collection. Views sharing its storage (reshapes,
     * detached copies) become unusable too.
     */
    public static void release(Tensor t) {
        if (t.storage() instanceof DeviceBlock block) {
            block.close();
        }
    }

    @Override
    public String name() {
        return device.name();
    }

    @Override
    public Tensor zeros(Shape shape, DType dtype) {
        DeviceProgram program = program(dtype, "zeros");
        Tensor out = allocate(shape, dtype);
        program.fill(block(out), 0);
        return out;
    }

    /**
     * Float32 always; float64 where the device reports fp64 (the first float64 question compiles the float64
     * kernel, see {@link DevicePrograms}).
     */
    @Override
    public boolean supports(DType dtype) {
        return programs.find(dtype) != null;
    }

    /** The {@link ArenaKernel#FILL} kernel over x's block: nothing moves between host and device. */
    @Override
    public void fill(Tensor x, double value) {
        program("fill", x).fill(block(x), value);
    }

    @Override
    public Tensor unary(UnaryFn fn, Tensor x, double a, double b) {
        DeviceProgram program = program(fn.name().toLowerCase(), x);
        Tensor out = allocate(x.shape(), x.dtype());
        program.unary(FunctionCodes.of(fn), a, b, block(x), block(out));
        return out;
    }

    @Override
    public Tensor binary(BinaryFn fn, Tensor x, Tensor y) {
        String op = fn.name().toLowerCase();
        DType dtype = DType.promote(x.dtype(), y.dtype());
        DeviceProgram program = program(dtype, op);
        Tensor xs = converted(x, dtype);
        Tensor ys = converted(y, dtype);
        Shape shape = Shape.broadcast(op, x.shape(), y.shape());
        Tensor out = allocate(shape, dtype);
        program.strided(FunctionCodes.of(fn), shape.dims(), block(out).offset, shape.strides(), block(xs).offset,
                x.shape().broadcastStrides(shape), block(ys).offset, y.shape().broadcastStrides(shape));
        return out;
    }

    @Override
    public Tensor reduce(ReduceFn fn, Tensor x, boolean[] reducedAxes) {
        DeviceProgram program = program(fn.name().toLowerCase(), x);
        int[] kept = x.dims();
        int[] reduced = x.dims();
        for (int i = 0; i < kept.length; i++) {
            if (reducedAxes[i]) {
                kept[i] = 1;
            } else {
                reduced[i] = 1;
            }
        }
        Tensor out = allocate(Shape.of(kept), x.dtype());
        program.reduce(FunctionCodes.of(fn), block(x), x.shape().strides(), kept, reduced, block(out));
        return out;
    }

    @Override
    public Tensor matmul(Tensor a, Tensor b, boolean transposeA, boolean transposeB) {
        DType dtype = DType.promote(a.dtype(), b.dtype());
        DeviceProgram program = program(dtype, "matmul");
        Tensor as = converted(a, dtype);
        Tensor bs = converted(b, dtype);
        int m = transposeA ? a.dim(-1) : a.dim(-2);
        int k = transposeA ? a.dim(-2) : a.dim(-1);
        int n = transposeB ? b.dim(-2) : b.dim(-1);
        Shape batchA = Shape.of(Arrays.copyOf(a.dims(), a.rank() - 2));
        Shape batchB = Shape.of(Arrays.copyOf(b.dims(), b.rank() - 2));
        Shape batch = Shape.broadcast("matmul (batch axes)", batchA, batchB);
        int[] outDims = Arrays.copyOf(batch.dims(), batch.rank() + 2);
        outDims[batch.rank()] = m;
        outDims[batch.rank() + 1] = n;
        Tensor out = allocate(Shape.of(outDims), dtype);
        int[] offsets = batchOffsets(batch, batchA.broadcastStrides(batch), batchB.broadcastStrides(batch), m * k,
                k * n);
        if (k == 0) {
            program.fill(block(out), 0);
            return out;
        }
        program.matmul(block(as), transposeA ? 1 : k, transposeA ? m : 1, block(bs), transposeB ? 1 : n,
                transposeB ? k : 1, offsets, m, k, n, block(out));
        return out;
    }

    /** Per batch entry, the element offsets of its A and B matrices, interleaved. */
    private static int[] batchOffsets(Shape batch, int[] stridesA, int[] stridesB, int sizeA, int sizeB) {
        int[] offsets = new int[2 * batch.size()];
        for (int bi = 0; bi < batch.size(); bi++) {
            int rem = bi;
            int oa = 0;
            int ob = 0;
            for (int axis = batch.rank() - 1; axis >= 0; axis--) {
                int idx = rem % batch.dim(axis);
                rem /= batch.dim(axis);
                oa += idx * stridesA[axis];
                ob += idx * stridesB[axis];
            }
            offsets[2 * bi] = oa * sizeA;
            offsets[2 * bi + 1] = ob * sizeB;
        }
        return offsets;
    }

    @Override
    public Tensor permute(Tensor x, int[] perm) {
        DeviceProgram program = program("permute", x);
        int[] inStrides = x.shape().strides();
        int[] dims = new int[perm.length];
        int[] strides = new int[perm.length];
        for (int i = 0; i < perm.length; i++) {
            dims[i] = x.dim(perm[i]);
            strides[i] = inStrides[perm[i]];
        }
        Shape shape = Shape.of(dims);
        Tensor out = allocate(shape, x.dtype());
        copy(program, dims, block(out).offset, shape.strides(), block(x).offset, strides);
        return out;
    }

    @Override
    public Tensor extract(Tensor x, int[] start, Shape shape) {
        DeviceProgram program = program("extract", x);
        Tensor out = allocate(shape, x.dtype());
        int[] strides = x.shape().strides();
        copy(program, shape.dims(), block(out).offset, shape.strides(), block(x).offset + offset(start, strides),
                strides);
        return out;
    }

    /** Writes src, converted to dst's type first if it differs, into the box of dst. */
    @Override
    public void assign(Tensor dst, int[] start, Tensor src) {
        DeviceProgram program = program("assign", dst);
        Tensor s = converted(src, dst.dtype());
        int[] strides = dst.shape().strides();
        copy(program, s.dims(), block(dst).offset + offset(start, strides), strides, block(s).offset,
                s.shape().strides());
    }

    private static void copy(DeviceProgram program, int[] dims, int outOffset, int[] outStrides, int xOffset,
            int[] xStrides) {
        program.strided(ArenaKernel.COPY, dims, outOffset, outStrides, xOffset, xStrides, xOffset, xStrides);
    }

    private static int offset(int[] start, int[] strides) {
        int base = 0;
        for (int i = 0; i < start.length; i++) {
            base += start[i] * strides[i];
        }
        return base;
    }

    /**
     * A copy in {@code dtype}: on the device within one type; between float32 and float64 through the host (the
     * values are read back, converted as the CPU backend converts them, and sent to the other type's arena), since
     * no kernel reads one arena and writes the other.
     */
    @Override
    public Tensor cast(Tensor x, DType dtype) {
        String op = "cast to " + dtype;
        DeviceProgram source = program(op, x);
        DeviceProgram target = program(dtype, op);
        if (source != target) {
            return fromHost(Device.CPU.backend().cast(toHost(x), dtype));
        }
        Tensor out = allocate(x.shape(), dtype);
        target.copy(block(x), block(out));
        return out;
    }

    /** x in {@code dtype}, cast (not recorded on the tape) when it has another type. */
    private Tensor converted(Tensor x, DType dtype) {
        return x.dtype() == dtype ? x : cast(x, dtype);
    }

    @Override
    public ConvolutionKernels convolution() {
        return convolution;
    }

    @Override
    public ImagingKernels imaging() {
        return imaging;
    }

    @Override
    public NormalizationKernels normalization() {
        return normalization;
    }

    @Override
    public GridKernels grid() {
        return grid;
    }

    @Override
    public OptimizerKernels optimizer() {
        return optimizer;
    }

    @Override
    public Tensor toHost(Tensor x) {
        hostTransfers.incrementAndGet();
        Object values = program("to(cpu)", x).download(block(x));
        return Tensor.fromBackend(x.shape(), x.dtype(), Device.CPU, values);
    }

    @Override
    public Tensor fromHost(Tensor host) {
        hostTransfers.incrementAndGet();
        DeviceProgram program = program(host.dtype(), "to(" + device + ")");
        Tensor out = allocate(host.shape(), host.dtype());
        program.upload(host.storage(), block(out));
        return out;
    }

    /** A new tensor of this device in {@code dtype}, its contents undefined until written. */
    Tensor allocate(Shape shape, DType dtype) {
        return Tensor.fromBackend(shape, dtype, device, program(dtype, "allocate").allocate(shape.size()));
    }

    /** The block of a tensor on this device, failing clearly for tensors elsewhere or released. */
    DeviceBlock block(Tensor t) {
        if (t.device() != device || !(t.storage() instanceof DeviceBlock b)) {
            throw new IllegalArgumentException("a tensor on " + t.device() + " reached the " + device + " backend; "
                    + "move it with to(device)");
        }
        if (b.isClosed()) {
            throw new IllegalStateException("a " + t.shape() + " tensor on " + device + " was used after its device "
                    + "memory was released (OpenClBackend.release / DeviceBlock.close)");
        }
        return b;
    }

    /**
     * The program computing in the type of {@code tensors} (null entries, such as an absent bias, are skipped),
     * failing clearly when they have different types or the device cannot compute in theirs.
     */
    DeviceProgram program(String op, Tensor... tensors) {
        DType dtype = null;
        for (Tensor t : tensors) {
            if (t != null && dtype != null && t.dtype() != dtype) {
                throw new IllegalArgumentException(op + ": operands of " + dtype + " and " + t.dtype() + " reached "
                        + device + "'s kernels, which take one type; convert them with to(DType) first");
            }
            dtype = t == null ? dtype : t.dtype();
        }
        return program(dtype, op);
    }

    /** The program computing in {@code dtype}, failing clearly when the device cannot compute in it. */
    DeviceProgram program(DType dtype, String op) {
        DeviceProgram program = programs.find(dtype);
        if (program == null) {
            throw new UnsupportedOperationException(op + ": " + dtype + " tensors are not supported on "
                    + description() + ": " + programs.failure(dtype) + ". Aparapi compiles float64 kernels only for "
                    + "devices that report fp64 (cl_khr_fp64). Keep " + dtype + " work on Device.CPU: create it with "
                    + "Tensor.wrap or move it with to(Device.CPU), or make the host the default with "
                    + "Device.setDefault(Device.CPU)");
        }
        return program;
    }
}
