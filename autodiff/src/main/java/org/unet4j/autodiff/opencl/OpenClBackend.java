package org.unet4j.autodiff.opencl;

import com.aparapi.device.OpenCLDevice;
import java.util.Arrays;
import org.unet4j.autodiff.Backend;
import org.unet4j.autodiff.BinaryFn;
import org.unet4j.autodiff.ConvolutionKernels;
import org.unet4j.autodiff.DType;
import org.unet4j.autodiff.Device;
import org.unet4j.autodiff.HostTransfer;
import org.unet4j.autodiff.ImagingKernels;
import org.unet4j.autodiff.NormalizationKernels;
import org.unet4j.autodiff.ReduceFn;
import org.unet4j.autodiff.Shape;
import org.unet4j.autodiff.Tensor;
import org.unet4j.autodiff.UnaryFn;

/**
 * The {@link Backend} of one OpenCL device, through Aparapi, in float32. Tensors on its device are
 * {@link DeviceBlock}s of the device's arena (see {@link ArenaKernel} for why one arena): results stay on the
 * device from op to op, and only {@link Tensor#to(Device)} moves data to or from the host.
 *
 * <p>Implemented on the device: zeros, fill, unary functions, binary functions with broadcasting, sum and max
 * reductions, batched matrix products (tiled in local memory), permute, extract, assign, float32 casts, and the
 * convolution family ({@link OpenClConvolution}), pooling and upsampling ({@link OpenClImaging}), and batch,
 * instance and group normalisation ({@link OpenClNormalization}). Float64 tensors fail with an
 * {@link UnsupportedOperationException} that names the op and the device, on every device: there are no float64
 * kernels, even where the device reports fp64 (pocl does).
 */
public final class OpenClBackend implements Backend, HostTransfer {
    private final DeviceProgram program;
    private final Device device;
    private final OpenClConvolution convolution;
    private final OpenClImaging imaging;
    private final OpenClNormalization normalization;

    OpenClBackend(OpenCLDevice clDevice, String name) {
        this.program = new DeviceProgram(clDevice, name);
        this.device = new Device(name, this);
        this.convolution = new OpenClConvolution(this, program);
        this.imaging = new OpenClImaging(this, program);
        this.normalization = new OpenClNormalization(this, program);
    }

    /** The device whose ops this backend runs. */
    public Device device() {
        return device;
    }

    /** {@code opencl:N (device name, type)}. */
    public String description() {
        return program.describe();
    }

    /** Number of kernel launches so far; each was checked to have run as OpenCL on this device. */
    public long launches() {
        return program.launches();
    }

    /** Whether the most recent launch ran as OpenCL on this backend's device (not a Java fallback). */
    public boolean lastLaunchOnDevice() {
        return program.lastLaunchOnDevice();
    }

    /**
     * Whether the device computes in the host's Java arrays themselves (pocl and other CPU runtimes), so that
     * results are read back without {@code Kernel.get} (see {@link DeviceProgram}).
     */
    public boolean sharesHostMemory() {
        return program.sharesHostMemory();
    }

    /** Float32 elements the device's arena holds, allocated or free; it grows only when reclaiming is not enough. */
    public long capacityElements() {
        return program.capacity();
    }

    /** Float32 elements currently allocated on the device. */
    public long allocatedElements() {
        return program.usedElements();
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
        requireFloat32(dtype, "zeros");
        Tensor out = allocate(shape);
        program.fill(block(out), 0f);
        return out;
    }

    /** Float32 only: the kernels compute in float32 on every device, whether or not it reports fp64. */
    @Override
    public boolean supports(DType dtype) {
        return dtype == DType.FLOAT32;
    }

    /** The {@link ArenaKernel#FILL} kernel over x's block: nothing moves between host and device. */
    @Override
    public void fill(Tensor x, double value) {
        requireFloat32(x.dtype(), "fill");
        program.fill(block(x), (float) value);
    }

    @Override
    public Tensor unary(UnaryFn fn, Tensor x, double a, double b) {
        requireFloat32(x.dtype(), fn.name().toLowerCase());
        Tensor out = allocate(x.shape());
        program.unary(FunctionCodes.of(fn), (float) a, (float) b, block(x), block(out));
        return out;
    }

    @Override
    public Tensor binary(BinaryFn fn, Tensor x, Tensor y) {
        String op = fn.name().toLowerCase();
        requireFloat32(x.dtype(), op);
        requireFloat32(y.dtype(), op);
        Shape shape = Shape.broadcast(op, x.shape(), y.shape());
        Tensor out = allocate(shape);
        program.strided(FunctionCodes.of(fn), shape.dims(), block(out).offset, shape.strides(), block(x).offset,
                x.shape().broadcastStrides(shape), block(y).offset, y.shape().broadcastStrides(shape));
        return out;
    }

    @Override
    public Tensor reduce(ReduceFn fn, Tensor x, boolean[] reducedAxes) {
        requireFloat32(x.dtype(), fn.name().toLowerCase());
        int[] kept = x.dims();
        int[] reduced = x.dims();
        for (int i = 0; i < kept.length; i++) {
            if (reducedAxes[i]) {
                kept[i] = 1;
            } else {
                reduced[i] = 1;
            }
        }
        Tensor out = allocate(Shape.of(kept));
        program.reduce(FunctionCodes.of(fn), block(x), x.shape().strides(), kept, reduced, block(out));
        return out;
    }

    @Override
    public Tensor matmul(Tensor a, Tensor b, boolean transposeA, boolean transposeB) {
        requireFloat32(a.dtype(), "matmul");
        requireFloat32(b.dtype(), "matmul");
        int m = transposeA ? a.dim(-1) : a.dim(-2);
        int k = transposeA ? a.dim(-2) : a.dim(-1);
        int n = transposeB ? b.dim(-2) : b.dim(-1);
        Shape batchA = Shape.of(Arrays.copyOf(a.dims(), a.rank() - 2));
        Shape batchB = Shape.of(Arrays.copyOf(b.dims(), b.rank() - 2));
        Shape batch = Shape.broadcast("matmul (batch axes)", batchA, batchB);
        int[] outDims = Arrays.copyOf(batch.dims(), batch.rank() + 2);
        outDims[batch.rank()] = m;
        outDims[batch.rank() + 1] = n;
        Tensor out = allocate(Shape.of(outDims));
        int[] offsets = batchOffsets(batch, batchA.broadcastStrides(batch), batchB.broadcastStrides(batch), m * k,
                k * n);
        if (k == 0) {
            program.fill(block(out), 0f);
            return out;
        }
        program.matmul(block(a), transposeA ? 1 : k, transposeA ? m : 1, block(b), transposeB ? 1 : n,
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
        requireFloat32(x.dtype(), "permute");
        int[] inStrides = x.shape().strides();
        int[] dims = new int[perm.length];
        int[] strides = new int[perm.length];
        for (int i = 0; i < perm.length; i++) {
            dims[i] = x.dim(perm[i]);
            strides[i] = inStrides[perm[i]];
        }
        Shape shape = Shape.of(dims);
        Tensor out = allocate(shape);
        copy(dims, block(out).offset, shape.strides(), block(x).offset, strides);
        return out;
    }

    @Override
    public Tensor extract(Tensor x, int[] start, Shape shape) {
        requireFloat32(x.dtype(), "extract");
        Tensor out = allocate(shape);
        int[] strides = x.shape().strides();
        copy(shape.dims(), block(out).offset, shape.strides(), block(x).offset + offset(start, strides), strides);
        return out;
    }

    @Override
    public void assign(Tensor dst, int[] start, Tensor src) {
        requireFloat32(dst.dtype(), "assign");
        requireFloat32(src.dtype(), "assign");
        int[] strides = dst.shape().strides();
        copy(src.dims(), block(dst).offset + offset(start, strides), strides, block(src).offset,
                src.shape().strides());
    }

    private void copy(int[] dims, int outOffset, int[] outStrides, int xOffset, int[] xStrides) {
        program.strided(ArenaKernel.COPY, dims, outOffset, outStrides, xOffset, xStrides, xOffset, xStrides);
    }

    private static int offset(int[] start, int[] strides) {
        int base = 0;
        for (int i = 0; i < start.length; i++) {
            base += start[i] * strides[i];
        }
        return base;
    }

    @Override
    public Tensor cast(Tensor x, DType dtype) {
        requireFloat32(x.dtype(), "cast");
        requireFloat32(dtype, "cast to " + dtype);
        Tensor out = allocate(x.shape());
        copy(new int[] {x.size()}, block(out).offset, new int[] {1}, block(x).offset, new int[] {1});
        return out;
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
    public Tensor toHost(Tensor x) {
        requireFloat32(x.dtype(), "to(cpu)");
        return Tensor.wrap(program.download(block(x)), x.shape());
    }

    @Override
    public Tensor fromHost(Tensor host) {
        requireFloat32(host.dtype(), "to(" + device + ")");
        Tensor out = allocate(host.shape());
        program.upload(host.floats(), block(out));
        return out;
    }

    /** A new float32 tensor of this device, its contents undefined until written. */
    Tensor allocate(Shape shape) {
        return Tensor.fromBackend(shape, DType.FLOAT32, device, program.allocate(shape.size()));
    }

    /** The block of a tensor on this device, failing clearly for tensors elsewhere or released. */
    DeviceBlock block(Tensor t) {
        if (!(t.storage() instanceof DeviceBlock b) || b.program != program) {
            throw new IllegalArgumentException("a tensor on " + t.device() + " reached the " + device + " backend; "
                    + "move it with to(device)");
        }
        if (b.isClosed()) {
            throw new IllegalStateException("a " + t.shape() + " tensor on " + device + " was used after its device "
                    + "memory was released (OpenClBackend.release / DeviceBlock.close)");
        }
        return b;
    }

    /** Fails clearly for tensors other than float32, the only type the kernels compute in. */
    void requireFloat32(DType dtype, String op) {
        if (dtype != DType.FLOAT32) {
            throw new UnsupportedOperationException(op + ": " + dtype + " tensors are not supported on "
                    + program.describe() + "; the OpenCL backend computes in float32 only, on every device, "
                    + "whether or not it reports fp64. Keep float64 work (gradcheck, theorem tests) on Device.CPU: "
                    + "create it with Tensor.wrap or move it with to(Device.CPU), or make the host the default with "
                    + "Devices.setDefault(Device.CPU)");
        }
    }
}
