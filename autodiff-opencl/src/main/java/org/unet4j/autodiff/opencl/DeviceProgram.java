package org.unet4j.autodiff.opencl;

import com.aparapi.Range;
import com.aparapi.device.OpenCLDevice;
import com.aparapi.exception.CompileFailedException;
import com.aparapi.exception.QueryFailedException;
import java.util.Arrays;
import org.unet4j.autodiff.DType;

/**
 * One OpenCL device's {@link ArenaKernel} for one element type with its arena: allocation of tensor storage, host
 * transfers, and the launches of every primitive. All launches and allocations are serialised on this object. The
 * element type stays inside the kernel: host values cross this class as {@code double} (scalars, coefficients, sums,
 * rounded to the element type by the kernel) or as arrays of the element type (transfers, typed as {@code Object}).
 *
 * <p>Every launch has an explicit work-group size and a global range padded up to a multiple of it (the kernel
 * guards its indices); empty launches are skipped. After each launch the kernel must report that it ran on OpenCL:
 * Aparapi silently falls back to a Java thread pool when a kernel fails to compile or launch, and that fallback
 * would read the host copy of the arena, so it is turned into a {@link KernelFallbackException}.
 *
 * <p>Transfers: the arena is never copied whole except when it grows. An upload points the kernel's staging field
 * at the host array (Aparapi creates a device buffer from it) and copies it into the tensor's range on the device; a
 * download copies the range into a fresh staging array and reads just that array back. The staging buffer of the
 * last transfer stays allocated until the next one.
 *
 * <p>Reading back without stale pointers: Aparapi creates every buffer with {@code CL_MEM_USE_HOST_PTR} at the
 * address the Java array has while a launch pins it. On a device that shares host memory (pocl and other CPU
 * runtimes) that buffer <i>is</i> the Java array, written in place by the kernel; but between launches the garbage
 * collector may move the array, and {@code Kernel.get} would then copy from the address the array had at the last
 * launch: wrong values, or a SIGSEGV in pocl's {@code memcpy} once the collector has uncommitted that memory (the
 * crash seen in the OpenCL suite). Aparapi re-creates a moved array's buffer at the next launch, so launches are
 * safe. Hence the constructor probes whether the device writes the host array itself, and on such a device the
 * results are read from the array after the launch and {@code Kernel.get} is never called.
 *
 * <p>Device data on a device with its own memory (a discrete GPU): there Aparapi creates the buffers with
 * {@code CL_MEM_COPY_HOST_PTR}, and when a launch finds that the collector moved the arena's Java array since the
 * previous one, it releases the device buffer and creates a new one from the host copy (aparapi-jni
 * {@code processArray}), which is stale for every tensor computed on the device: those tensors would be lost. No
 * Java-side guard closes that window (a collection can fall between any check and the launch), so the loss is
 * <em>avoided</em> and <em>detected</em>:
 * <ul>
 *   <li>avoided: under G1 the arena (16 MiB and more) is a humongous object, which G1 does not move: never on JDK 17
 *       to 20, and from JDK 21 on only in the last-ditch full collection before an {@code OutOfMemoryError}
 *       (JDK-8191565). The parallel and serial collectors move it in every full collection. The launcher and the
 *       CI's OpenCL half run OpenCL with G1, and a program on such a device says so once on standard error when the
 *       JVM runs another collector ({@link ArenaCollector});</li>
 *   <li>detected: the arena holds a generation counter at {@link ArenaKernel#generationOffset}, advanced on the device
 *       by every launch (modulo {@link ArenaKernel#GENERATIONS}) and reported by the launch as it found it; every
 *       read-back compares that with the count of launches kept here, and a mismatch, which a buffer re-created from
 *       a stale host copy causes, throws a {@link StaleDeviceDataException} naming cause and remedy instead of
 *       returning lost data.</li>
 * </ul>
 * The devices this project is tested on (pocl) share host memory and are not affected; the detection is exercised
 * there by overwriting the arena with an old copy of itself ({@link #overwriteArenaForTest}), which is what such a
 * re-creation does.
 */
final class DeviceProgram {
    private static final int INITIAL_CAPACITY = 1 << 22;
    /** Collections tried, waiting 5, 10, 20 ms for the Cleaner after each, before the arena grows. */
    private static final int RECLAIM_ATTEMPTS = 3;

    private final OpenCLDevice device;
    private final String name;
    private final DType dtype;
    private final ArenaKernel kernel;
    private final BlockAllocator allocator;
    private final int maxCapacity;
    private final int groupSize;
    private final boolean sharesHostMemory;
    private long launches;
    /** The generation the arena's counter has after the last launch, if no launch was lost. */
    private int generation;

    /**
     * Compiles the {@code dtype} kernel for the device.
     *
     * @throws KernelFallbackException if it does not compile there (for float64 on a device without
     *                                 {@code cl_khr_fp64}, Aparapi's reason is "FP64 required but not supported") or
     *                                 the device's work-groups are too small for it
     */
    DeviceProgram(OpenCLDevice device, String name, DType dtype) {
        this.device = device;
        this.name = name;
        this.dtype = dtype;
        long maxAlloc = device.getMaxMemAllocSize() / dtype.bytes();
        // Aparapi hands array sizes to OpenCL as an int count of bytes: an arena of 2^31 bytes would overflow it
        this.maxCapacity = (int) Math.min(maxAlloc, (Integer.MAX_VALUE - 64L) / dtype.bytes());
        int capacity = Math.min(INITIAL_CAPACITY, maxCapacity);
        this.kernel = ArenaKernel.of(dtype, capacity);
        this.allocator = new BlockAllocator(capacity);
        kernel.setExplicit(true);
        try {
            kernel.compile(device);
        } catch (CompileFailedException e) {
            throw new KernelFallbackException("the unet4j " + dtype + " OpenCL kernel does not compile for "
                    + describe() + ": " + e.getMessage(), e);
        }
        int limit;
        try {
            limit = kernel.getKernelMaxWorkGroupSize(device);
        } catch (QueryFailedException e) {
            throw new KernelFallbackException("cannot query the work-group limit of " + describe(), e);
        }
        int tileGroup = ArenaKernel.TILE * ArenaKernel.TILE;
        if (limit < tileGroup) {
            throw new KernelFallbackException(describe() + " allows work-groups of " + limit + " items, the matrix "
                    + "product needs " + tileGroup, null);
        }
        this.groupSize = Math.min(256, limit);
        kernel.generationOffset = allocator.allocate(1);
        this.sharesHostMemory = probeSharedHostMemory();
        if (!sharesHostMemory && !ArenaCollector.keepsArenaInPlace()) {
            System.err.println("unet4j: NOTICE: " + describe() + " has memory of its own, and this JVM's collector ("
                    + ArenaCollector.collectorNames() + ") may move the arena, after which the device's data would be "
                    + "lost (detected, as a StaleDeviceDataException); run OpenCL with -XX:+UseG1GC, as ./unet4j does");
        }
    }

    /**
     * Whether a kernel's write lands in the Java array itself, without {@code Kernel.get}: one element of the arena
     * is set to 1 on the device and read on the host, then reset to 0 on both.
     */
    private boolean probeSharedHostMemory() {
        int probe = allocator.allocate(1);
        kernel.op = ArenaKernel.FILL;
        kernel.outOffset = probe;
        kernel.scalars(1, 0);
        launch1d(1, "host memory probe");
        boolean shared = kernel.heapElement(probe) == 1;
        kernel.scalars(0, 0);
        launch1d(1, "host memory probe");
        allocator.free(probe, 1);
        return shared;
    }

    /** Whether the device computes in the Java arrays themselves (see the class comment). */
    boolean sharesHostMemory() {
        return sharesHostMemory;
    }

    /** Makes the staging array hold what the last launch wrote to it on the device, from an arena not lost. */
    private void readBackStaging() {
        if (!sharesHostMemory) {
            kernel.fetchStaging();
        }
        requireCurrentArena();
    }

    /** Makes the host array {@code array} hold what the last launch wrote to it on the device. */
    private void readBack(int[] array) {
        if (!sharesHostMemory) {
            kernel.get(array);
        }
        requireCurrentArena();
    }

    /**
     * Checks that the last launch found the arena's generation counter where the launches counted here put it: a
     * smaller or other value means the device's arena was re-created from a stale host copy.
     *
     * @throws StaleDeviceDataException on a mismatch
     */
    private void requireCurrentArena() {
        if (!sharesHostMemory) {
            kernel.fetchObservedGeneration();
        }
        int expected = Math.floorMod(generation - 1, ArenaKernel.GENERATIONS);
        double observed = kernel.observedGeneration();
        if (observed != expected) {
            throw new StaleDeviceDataException(describe(), dtype, observed, expected, ArenaCollector.collectorNames());
        }
    }

    /**
     * Test seam: overwrites the arena, host copy and device buffer, with {@code copy}, an earlier
     * {@link #arenaCopyForTest()}, which is what Aparapi's re-creation of a moved array's buffer does on a device
     * with memory of its own (see the class comment).
     */
    synchronized void overwriteArenaForTest(Object copy) {
        kernel.overwriteHeap(copy);
    }

    /** Test seam: a copy of the arena as the device has it now. */
    synchronized Object arenaCopyForTest() {
        if (!sharesHostMemory) {
            kernel.fetchHeap();
        }
        return kernel.heapCopy();
    }

    /** {@code opencl:0 (device name, type)}. */
    String describe() {
        return name + " (" + device.getName().trim() + ", " + device.getType() + ")";
    }

    /** The element type of this program's kernel and arena. */
    DType dtype() {
        return dtype;
    }

    /** The device's short name, e.g. {@code opencl:0}. */
    String name() {
        return name;
    }

    /**
     * A block of {@code length} elements; its contents are undefined until written. When no free range is long
     * enough, the blocks of unreachable tensors are reclaimed first (see {@link #allocateAfterCollection}) and the
     * arena grows only if that does not free enough: a training loop that drops its tensors keeps a bounded arena.
     */
    synchronized DeviceBlock allocate(int length) {
        if (length == 0) {
            return new DeviceBlock(this, 0, 0);
        }
        int offset = allocator.allocate(length);
        if (offset < 0) {
            offset = allocateAfterCollection(length);
        }
        if (offset < 0) {
            grow(length);
            offset = allocator.allocate(length);
        }
        return new DeviceBlock(this, offset, length);
    }

    /**
     * Asks for a garbage collection and waits for the {@link DeviceBlock} Cleaner to return the ranges of
     * unreachable tensors, as {@code java.nio} does before it refuses direct memory; waiting releases this object's
     * monitor, which the Cleaner needs to {@link #free}. Returns the new block's offset, or -1.
     */
    private int allocateAfterCollection(int length) {
        for (int attempt = 0; attempt < RECLAIM_ATTEMPTS; attempt++) {
            System.gc();
            try {
                wait(5L << attempt);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return -1;
            }
            int offset = allocator.allocate(length);
            if (offset >= 0) {
                return offset;
            }
        }
        return -1;
    }

    synchronized void free(int offset, int length) {
        allocator.free(offset, length);
    }

    /** Elements allocated in the arena. */
    synchronized long usedElements() {
        return allocator.used();
    }

    /** Elements the arena holds. */
    synchronized int capacity() {
        return allocator.capacity();
    }

    /** Number of launches so far, each verified to have run on the OpenCL device. */
    synchronized long launches() {
        return launches;
    }

    /** Whether the last launch ran as OpenCL on this program's device. */
    synchronized boolean lastLaunchOnDevice() {
        return kernel.isRunningCL() && kernel.getTargetDevice() == device;
    }

    private void grow(int needed) {
        int capacity = allocator.capacity();
        long target = Math.max(2L * capacity, (long) capacity + needed);
        if ((long) capacity + needed > maxCapacity) {
            throw new IllegalStateException(describe() + " is out of memory: " + needed + " more " + dtype
                    + " elements requested, " + allocator.used() + " of at most " + maxCapacity + " in use; release "
                    + "tensors (DeviceBlock.close) or move work to another device");
        }
        if (!sharesHostMemory) {
            kernel.fetchHeap();
        }
        kernel.resizeHeap((int) Math.min(target, maxCapacity));
        allocator.grow(kernel.heapLength());
    }

    synchronized void fill(DeviceBlock out, double value) {
        kernel.op = ArenaKernel.FILL;
        kernel.outOffset = out.offset;
        kernel.scalars(value, 0);
        launch1d(out.length, "fill");
    }

    /** Copies {@code host}, an array of the element type as long as {@code out}, into {@code out}. */
    synchronized void upload(Object host, DeviceBlock out) {
        if (out.length == 0) {
            return;
        }
        kernel.stage(host);
        kernel.sendStaging();
        kernel.op = ArenaKernel.UPLOAD;
        kernel.outOffset = out.offset;
        launch1d(out.length, "upload");
    }

    /** A new host array of the element type holding {@code in}'s elements. */
    synchronized Object download(DeviceBlock in) {
        Object host = kernel.newHostArray(in.length);
        if (in.length == 0) {
            return host;
        }
        kernel.stage(host);
        kernel.op = ArenaKernel.DOWNLOAD;
        kernel.xOffset = in.offset;
        launch1d(in.length, "download");
        readBackStaging();
        return host;
    }

    synchronized void unary(int fn, double a, double b, DeviceBlock x, DeviceBlock out) {
        kernel.op = ArenaKernel.UNARY;
        kernel.fn = fn;
        kernel.scalars(a, b);
        kernel.xOffset = x.offset;
        kernel.outOffset = out.offset;
        launch1d(out.length, "unary");
    }

    /**
     * {@code out[o] = fn(x[ix], y[iy])} (or a copy of x when {@code fn} is {@link ArenaKernel#COPY}) over a loop of
     * the given sizes; offsets are absolute arena offsets, strides are per axis (0 where broadcast).
     */
    synchronized void strided(int fn, int[] dims, int outOffset, int[] outStrides, int xOffset, int[] xStrides,
            int yOffset, int[] yStrides) {
        int[][] loop = mergeAxes(dims, outStrides, xStrides, yStrides);
        int rank = loop[0].length;
        int[] meta = meta(4 * rank);
        int count = 1;
        for (int i = 0; i < rank; i++) {
            for (int set = 0; set < 4; set++) {
                meta[set * rank + i] = loop[set][i];
            }
            count *= loop[0][i];
        }
        kernel.op = ArenaKernel.STRIDED;
        kernel.fn = fn;
        kernel.rank = rank;
        kernel.outOffset = outOffset;
        kernel.xOffset = xOffset;
        kernel.yOffset = yOffset;
        launch1d(count, fn == ArenaKernel.COPY ? "copy" : "binary");
    }

    /**
     * Reduces x (strides {@code inStrides}) to the contiguous output of sizes {@code outDims}, running over
     * {@code reducedDims} (1 on kept axes) for every output element.
     */
    synchronized void reduce(int fn, DeviceBlock x, int[] inStrides, int[] outDims, int[] reducedDims,
            DeviceBlock out) {
        int rank = outDims.length;
        int[] meta = meta(3 * rank);
        int inner = 1;
        for (int i = 0; i < rank; i++) {
            meta[i] = outDims[i];
            meta[rank + i] = inStrides[i];
            meta[2 * rank + i] = reducedDims[i];
            inner *= reducedDims[i];
        }
        kernel.op = ArenaKernel.REDUCE;
        kernel.fn = fn;
        kernel.rank = rank;
        kernel.inner = inner;
        kernel.xOffset = x.offset;
        kernel.outOffset = out.offset;
        launch1d(out.length, "reduce");
    }

    /**
     * {@code C[batch] = A[batch] B[batch]} for {@code batchOffsets.length / 2} batch entries; A's element (i, k) is at
     * {@code a + aBatch + i aRowStride + k aInnerStride}, B's (k, j) at {@code b + bBatch + k bInnerStride +
     * j bColStride}; C is contiguous {@code [batch, rows, cols]}.
     */
    synchronized void matmul(DeviceBlock a, int aRowStride, int aInnerStride, DeviceBlock b, int bInnerStride,
            int bColStride, int[] batchOffsets, int rows, int inner, int cols, DeviceBlock out) {
        int batches = batchOffsets.length / 2;
        if (batches == 0 || rows == 0 || cols == 0) {
            return;
        }
        int[] meta = meta(batchOffsets.length);
        System.arraycopy(batchOffsets, 0, meta, 0, batchOffsets.length);
        kernel.op = ArenaKernel.MATMUL;
        kernel.xOffset = a.offset;
        kernel.yOffset = b.offset;
        kernel.outOffset = out.offset;
        kernel.rows = rows;
        kernel.cols = cols;
        kernel.inner = inner;
        kernel.aRowStride = aRowStride;
        kernel.aInnerStride = aInnerStride;
        kernel.bInnerStride = bInnerStride;
        kernel.bColStride = bColStride;
        int t = ArenaKernel.TILE;
        execute(device.createRange3D(roundUp(cols, t), roundUp(rows, t), batches, t, t, 1), "matmul");
    }

    /**
     * One work-item per element of {@code out} for a kernel {@code op} whose geometry is {@code geometry} (copied
     * into {@code meta}) over {@code rank} axes, reading operands at the arena offsets {@code x}, {@code y} and
     * {@code z}, with flag {@code fn}.
     */
    synchronized void geometric(int op, String what, int[] geometry, int rank, int fn, int x, int y, int z,
            DeviceBlock out) {
        int[] meta = meta(geometry.length);
        System.arraycopy(geometry, 0, meta, 0, geometry.length);
        kernel.op = op;
        kernel.fn = fn;
        kernel.rank = rank;
        kernel.xOffset = x;
        kernel.yOffset = y;
        kernel.zOffset = z;
        kernel.outOffset = out.offset;
        launch1d(out.length, what);
    }

    /**
     * Like {@link #geometric} for the imaging kernels, with the integer tables {@code table} and the weights
     * {@code weights} sent to the device first (either may be null when the kernel does not read it).
     */
    synchronized void tabulated(int op, String what, int[] geometry, int rank, int[] table, double[] weights, int x,
            DeviceBlock out) {
        if (out.length == 0) {
            return;
        }
        if (table != null) {
            kernel.indices = table;
            kernel.put(table);
        }
        if (weights != null) {
            kernel.sendCoefficients(weights);
        }
        geometric(op, what, geometry, rank, 0, x, 0, 0, out);
    }

    /**
     * Max pooling of x into {@code out}, returning the argmax the kernel wrote for every output (see
     * {@link ArenaKernel#MAX_POOL}).
     */
    synchronized int[] maxPool(int[] geometry, int rank, DeviceBlock x, DeviceBlock out) {
        int[] argmax = new int[out.length];
        if (argmax.length == 0) {
            return argmax;
        }
        kernel.indices = argmax;
        geometric(ArenaKernel.MAX_POOL, "max pool", geometry, rank, 0, x.offset, 0, 0, out);
        readBack(argmax);
        return argmax;
    }

    /**
     * Per plane of {@code size} elements, three sums (see {@link ArenaKernel#PLANE_SUMS}): with {@code g == null}
     * the moments of x shifted by the elements at the relative offsets {@code centers}; otherwise the gradient sums
     * of g against x centred on {@code means}.
     */
    synchronized double[] planeSums(int planes, int size, DeviceBlock x, DeviceBlock g, int[] centers,
            double[] means) {
        if (planes == 0) {
            return new double[0];
        }
        kernel.stage(kernel.newHostArray(3 * planes));
        kernel.indices = centers;
        kernel.put(centers);
        kernel.sendCoefficients(means);
        kernel.op = ArenaKernel.PLANE_SUMS;
        kernel.fn = g == null ? 0 : 1;
        kernel.xOffset = x.offset;
        kernel.yOffset = g == null ? x.offset : g.offset;
        meta(1)[0] = size;
        launch1d(planes, "normalisation sums");
        readBackStaging();
        return kernel.stagingValues();
    }

    /** {@code out = A g + B (x - M) + C} per plane of {@code size} elements, {@code (A, B, M, C)} per plane. */
    synchronized void planeAffine(int size, DeviceBlock x, DeviceBlock g, double[] coefficients, DeviceBlock out) {
        if (out.length == 0) {
            return;
        }
        kernel.sendCoefficients(coefficients);
        kernel.op = ArenaKernel.PLANE_AFFINE;
        kernel.xOffset = x.offset;
        kernel.yOffset = g.offset;
        kernel.outOffset = out.offset;
        meta(1)[0] = size;
        launch1d(out.length, "normalisation affine");
    }

    /**
     * {@code out = (I + L_w) x} on the row-major grid of sizes {@code sizes} (see {@link ArenaKernel#GRID_APPLY}),
     * axis k's edge weights at the heap offset {@code weightOffsets[k]}.
     */
    synchronized void gridApply(int[] sizes, int[] weightOffsets, DeviceBlock x, DeviceBlock out) {
        int rank = sizes.length;
        int[] meta = meta(3 * rank);
        int stride = 1;
        for (int k = rank - 1; k >= 0; k--) {
            meta[k] = sizes[k];
            meta[rank + k] = stride;
            meta[2 * rank + k] = weightOffsets[k];
            stride *= sizes[k];
        }
        kernel.op = ArenaKernel.GRID_APPLY;
        kernel.rank = rank;
        kernel.xOffset = x.offset;
        kernel.outOffset = out.offset;
        launch1d(out.length, "grid apply");
    }

    /** Copies x into out, which has x's length. */
    synchronized void copy(DeviceBlock x, DeviceBlock out) {
        int[] unit = {1};
        strided(ArenaKernel.COPY, new int[] {x.length}, out.offset, unit, x.offset, unit, x.offset, unit);
    }

    /**
     * {@code out_i = x_i + alphas[s] y_i} for i in segment s, out split into {@code alphas.length} equal segments
     * (the systems of a batched CG); out may be x or y.
     */
    synchronized void axpy(DeviceBlock x, double[] alphas, DeviceBlock y, DeviceBlock out) {
        if (out.length == 0) {
            return;
        }
        kernel.sendCoefficients(alphas);
        kernel.op = ArenaKernel.AXPY;
        kernel.inner = out.length / alphas.length;
        kernel.xOffset = x.offset;
        kernel.yOffset = y.offset;
        kernel.outOffset = out.offset;
        launch1d(out.length, "axpy");
    }

    /**
     * One Adam step of {@code value} (see {@link ArenaKernel#ADAM}); {@code coefficients} in the kernel's order.
     */
    synchronized void adam(DeviceBlock value, DeviceBlock grad, DeviceBlock m, DeviceBlock v, double[] coefficients) {
        if (value.length == 0) {
            return;
        }
        kernel.sendCoefficients(coefficients);
        int[] meta = meta(2);
        meta[0] = m.offset;
        meta[1] = v.offset;
        kernel.op = ArenaKernel.ADAM;
        kernel.yOffset = grad.offset;
        kernel.outOffset = value.offset;
        launch1d(value.length, "adam");
    }

    /** One SGD step of {@code value} (see {@link ArenaKernel#SGD}); {@code buffer} is null for mode 0. */
    synchronized void sgd(int mode, DeviceBlock value, DeviceBlock grad, DeviceBlock buffer, double[] coefficients) {
        if (value.length == 0) {
            return;
        }
        kernel.sendCoefficients(coefficients);
        meta(1)[0] = buffer == null ? 0 : buffer.offset;
        kernel.op = ArenaKernel.SGD;
        kernel.fn = mode;
        kernel.yOffset = grad.offset;
        kernel.outOffset = value.offset;
        launch1d(value.length, "sgd");
    }

    /**
     * Per segment of {@code segment} elements of x: {@code sum x_i y_i}, or {@code sum |x_i|} when {@code y} is
     * null. The device sums each work-group's terms ({@link ArenaKernel#DOT}; segments are padded to whole
     * work-groups), the host adds each segment's {@code ceil(segment / groupSize)} partial sums in float64.
     */
    synchronized double[] segmentSums(DeviceBlock x, DeviceBlock y, int segment) {
        int segments = segment == 0 ? 0 : x.length / segment;
        double[] sums = new double[segments];
        if (segments == 0) {
            return sums;
        }
        int padded = roundUp(segment, groupSize);
        int groupsPerSegment = padded / groupSize;
        int[] meta = meta(2);
        meta[0] = segment;
        meta[1] = padded;
        kernel.stage(kernel.newHostArray(segments * groupsPerSegment));
        kernel.op = ArenaKernel.DOT;
        kernel.fn = y == null ? 1 : 0;
        kernel.xOffset = x.offset;
        kernel.yOffset = y == null ? x.offset : y.offset;
        launch1d(segments * padded, y == null ? "segment 1-norms" : "segment dots");
        readBackStaging();
        double[] partials = kernel.stagingValues();
        for (int g = 0; g < partials.length; g++) {
            sums[g / groupsPerSegment] += partials[g];
        }
        return sums;
    }

    /**
     * The same loop with fewer axes: an axis merges into the next one when every operand steps over both as over one
     * (stride of the outer = size times stride of the inner), so contiguous operands become one flat axis and the
     * kernel does less index arithmetic. Returns sizes and the three stride sets.
     */
    private static int[][] mergeAxes(int[] dims, int[] outStrides, int[] xStrides, int[] yStrides) {
        int[][] sets = {dims, outStrides, xStrides, yStrides};
        int[][] merged = new int[4][dims.length];
        int rank = 0;
        for (int axis = 0; axis < dims.length; axis++) {
            boolean joins = rank > 0;
            for (int set = 1; set < 4 && joins; set++) {
                joins = merged[set][rank - 1] == (long) dims[axis] * sets[set][axis];
            }
            if (joins) {
                merged[0][rank - 1] *= dims[axis];
                for (int set = 1; set < 4; set++) {
                    merged[set][rank - 1] = sets[set][axis];
                }
            } else {
                for (int set = 0; set < 4; set++) {
                    merged[set][rank] = sets[set][axis];
                }
                rank++;
            }
        }
        int[][] result = new int[4][];
        for (int set = 0; set < 4; set++) {
            result[set] = Arrays.copyOf(merged[set], rank);
        }
        return result;
    }

    /** The kernel's metadata array, at least {@code length} long, to be filled before the next launch. */
    private int[] meta(int length) {
        if (kernel.meta.length < length) {
            kernel.meta = new int[Math.max(length, 2 * kernel.meta.length)];
        }
        return kernel.meta;
    }

    private void launch1d(int count, String what) {
        if (count == 0) {
            return;
        }
        kernel.n = count;
        execute(device.createRange(roundUp(count, groupSize), groupSize), what);
    }

    private void execute(Range range, String what) {
        kernel.put(kernel.meta);
        kernel.execute(range);
        launches++;
        generation = (generation + 1) % ArenaKernel.GENERATIONS;
        if (!kernel.isRunningCL()) {
            throw new KernelFallbackException("the OpenCL kernel '" + what + "' did not run on " + describe()
                    + ": Aparapi fell back to its Java thread pool (see its log for the OpenCL error)",
                    null);
        }
    }

    private static int roundUp(int n, int multiple) {
        return (n + multiple - 1) / multiple * multiple;
    }
}
