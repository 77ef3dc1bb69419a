package org.unet4j.autodiff.cpu;

import org.unet4j.autodiff.ConvolutionKernels.Geometry;
import org.unet4j.autodiff.Device;
import org.unet4j.autodiff.Shape;
import org.unet4j.autodiff.Tensor;
import org.unet4j.autodiff.parallel.Parallel;

/**
 * Volume convolutions with few channels as image convolutions on {@link DirectConvolution}'s kernels: the depth taps
 * become channels. Tap {@code kd} meets, at output depth {@code z}, the input slice
 * {@code iz = z sD + kd dD - padBefore_D}; with the output slices of every sample stacked as a batch of
 * {@code N outD} images whose {@code Cin kD} channels are the (channel, depth tap) pairs
 * ({@code X[n outD + z, c kD + kd] = x[n, c, iz]}, zero where iz falls outside), the weight
 * {@code w[Cout, Cin, kD, kH, kW]} is, in the same memory, the image weight {@code W[Cout, Cin kD, kH, kW]}, and
 * <pre>
 *   forward          y[n, :, z]   = conv2d(X, W)[n outD + z]                          (+ bias)
 *   backward input   dx[n, c, iz] = sum_{kd, z: iz(z, kd) = iz} DX[n outD + z, c kD + kd]
 *                                   DX = conv2d_input_grad(GY, W)
 *   backward weight  dw           = conv2d_weight_grad(GY, X)                         GY[n outD + z] = gy[n, :, z]
 * </pre>
 * so the kernels sum over every (channel, depth tap, image tap) of an output position in their registers. Depth may
 * have any stride, dilation and padding; the image sub-geometry (height, width, one group) must be one
 * {@link DirectConvolution} handles.
 *
 * <p>Memory: the stacked slices are taken in chunks of consecutive slices {@code n outD + z}, so that X of one chunk
 * holds at most {@value #CHUNK_VALUES} values (or one slice), not {@code kD} times the input; the weight gradient adds
 * the chunks' sums in order, the input gradient adds each chunk's terms in turn.
 *
 * <p>Parallel work and determinism: the chunks depend only on the geometry; within one, the gather of X, the
 * restacking between {@code [N, C, D]} and {@code [N D, C]} order and the input gradient's sum over depth taps split
 * over the planes they write, each plane written by one task (the depth taps added in order), so, with the direct
 * kernels' own guarantee, every result is the same for any number of threads.
 */
final class DepthSlicedConvolution {
    /** Values per task at least, for the copies: a task of a few planes repays its scheduling. */
    private static final int GRAIN_VALUES = 1 << 15;
    /** Values of X per chunk of slices at most (unless one slice holds more). */
    private static final int CHUNK_VALUES = 1 << 22;

    private DepthSlicedConvolution() {
    }

    /** The image geometry of {@code slices} stacked output slices: the (channel, depth tap) pairs as channels. */
    static Geometry planes(Geometry g, int slices) {
        return new Geometry(slices, g.inChannels() * g.kernel(0), g.outChannels(), g.groups(),
                new int[] {g.input(1), g.input(2)}, new int[] {g.kernel(1), g.kernel(2)},
                new int[] {g.output(1), g.output(2)}, new int[] {g.stride(1), g.stride(2)},
                new int[] {g.dilation(1), g.dilation(2)}, new int[] {g.padBefore(1), g.padBefore(2)});
    }

    /** True for a volume geometry whose image sub-geometry the direct kernels handle. */
    static boolean applies(Geometry g) {
        return g.axes() == 3 && DirectConvolution.applies(planes(g, g.batch() * g.output(0)));
    }

    /** The input slice tap {@code kd} reads at output depth {@code z}, or -1 outside the input. */
    private static int slice(Geometry g, int z, int kd) {
        int iz = z * g.stride(0) + kd * g.dilation(0) - g.padBefore(0);
        return iz >= 0 && iz < g.input(0) ? iz : -1;
    }

    /** Stacked slices per chunk: X of a chunk holds at most {@value #CHUNK_VALUES} values, or one slice. */
    private static int chunk(Geometry g) {
        int perSlice = g.inChannels() * g.kernel(0) * g.input(1) * g.input(2);
        return Math.max(1, CHUNK_VALUES / Math.max(1, perSlice));
    }

    static Tensor forward(Tensor x, Tensor weight, Tensor bias, Geometry g) {
        return forward(x, weight, bias, g, chunk(g));
    }

    /** The forward pass in chunks of {@code chunk} stacked slices. */
    static Tensor forward(Tensor x, Tensor weight, Tensor bias, Geometry g, int chunk) {
        Tensor y = CpuBackend.allocate(g.outputShape(), x.dtype());
        int slices = g.batch() * g.output(0);
        for (int from = 0; from < slices; from += chunk) {
            int to = Math.min(slices, from + chunk);
            Tensor part = DirectConvolution.forward(gatherInput(x, g, from, to), weight, bias, planes(g, to - from));
            unstackOutput(part.storage(), y.storage(), g, from, to);
        }
        return y;
    }

    static Tensor backwardInput(Tensor gy, Tensor weight, Geometry g) {
        return backwardInput(gy, weight, g, chunk(g));
    }

    /** The input gradient in chunks of {@code chunk} stacked slices. */
    static Tensor backwardInput(Tensor gy, Tensor weight, Geometry g, int chunk) {
        ConvolutionLane lane = ConvolutionLane.of(gy.dtype());
        Tensor dx = CpuBackend.allocate(g.inputShape(), gy.dtype());
        int slices = g.batch() * g.output(0);
        for (int from = 0; from < slices; from += chunk) {
            int to = Math.min(slices, from + chunk);
            Tensor part = DirectConvolution.backwardInput(stackOutput(gy, g, from, to), weight, planes(g, to - from));
            addInputGradient(lane, part.storage(), dx.storage(), g, from, to);
        }
        return dx;
    }

    static Tensor backwardWeight(Tensor gy, Tensor x, Geometry g) {
        return backwardWeight(gy, x, g, chunk(g));
    }

    /** The weight gradient in chunks of {@code chunk} stacked slices. */
    static Tensor backwardWeight(Tensor gy, Tensor x, Geometry g, int chunk) {
        ConvolutionLane lane = ConvolutionLane.of(gy.dtype());
        int slices = g.batch() * g.output(0);
        Object dw = null;
        for (int from = 0; from < slices; from += chunk) {
            int to = Math.min(slices, from + chunk);
            Tensor part = DirectConvolution.backwardWeight(stackOutput(gy, g, from, to), gatherInput(x, g, from, to),
                    planes(g, to - from));
            if (dw == null) {
                dw = part.storage();
            } else {
                lane.add(part.storage(), 0, dw, 0, part.size());
            }
        }
        return Tensor.fromBackend(g.weightShape(), gy.dtype(), Device.CPU, dw);
    }

    /**
     * {@code X} of the stacked slices {@code s} in [from, to): {@code [to - from, Cin kD, H, W]}, plane
     * {@code (s - from, c kD + kd)} the slice tap kd reads at {@code s = n outD + z}.
     */
    private static Tensor gatherInput(Tensor x, Geometry g, int from, int to) {
        int plane = g.input(1) * g.input(2);
        int kD = g.kernel(0);
        int cin = g.inChannels();
        int outD = g.output(0);
        Tensor out = CpuBackend.allocate(Shape.of(to - from, cin * kD, g.input(1), g.input(2)), x.dtype());
        Object src = x.storage();
        Object dst = out.storage();
        Parallel.forRange((to - from) * cin * kD, grain(plane), (lo, hi) -> {
            for (int t = lo; t < hi; t++) {
                int kd = t % kD;
                int c = t / kD % cin;
                int s = from + t / (kD * cin);
                int iz = slice(g, s % outD, kd);
                if (iz >= 0) {
                    System.arraycopy(src, ((s / outD * cin + c) * g.input(0) + iz) * plane, dst, t * plane, plane);
                }
            }
        });
        return out;
    }

    /** {@code GY} of the stacked slices in [from, to): {@code [to - from, Cout, outH, outW]}, {@code gy[n, :, z]}. */
    private static Tensor stackOutput(Tensor gy, Geometry g, int from, int to) {
        int plane = g.output(1) * g.output(2);
        int cout = g.outChannels();
        int outD = g.output(0);
        Tensor out = CpuBackend.allocate(Shape.of(to - from, cout, g.output(1), g.output(2)), gy.dtype());
        Object src = gy.storage();
        Object dst = out.storage();
        Parallel.forRange((to - from) * cout, grain(plane), (lo, hi) -> {
            for (int t = lo; t < hi; t++) {
                int o = t % cout;
                int s = from + t / cout;
                System.arraycopy(src, ((s / outD * cout + o) * outD + s % outD) * plane, dst, t * plane, plane);
            }
        });
        return out;
    }

    /** The adjoint copy of {@link #stackOutput}: {@code y[n, :, z]} from the stacked slices in [from, to). */
    private static void unstackOutput(Object stacked, Object y, Geometry g, int from, int to) {
        int plane = g.output(1) * g.output(2);
        int cout = g.outChannels();
        int outD = g.output(0);
        Parallel.forRange((to - from) * cout, grain(plane), (lo, hi) -> {
            for (int t = lo; t < hi; t++) {
                int o = t % cout;
                int s = from + t / cout;
                System.arraycopy(stacked, t * plane, y, ((s / outD * cout + o) * outD + s % outD) * plane, plane);
            }
        });
    }

    /**
     * Adds the image input gradient of the stacked slices in [from, to) ({@code [to - from, Cin kD, H, W]}) into
     * {@code dx}: plane {@code (s - from, c kD + kd)} into {@code dx[n, c, iz]}, the taps in order.
     */
    private static void addInputGradient(ConvolutionLane lane, Object part, Object dx, Geometry g, int from, int to) {
        int plane = g.input(1) * g.input(2);
        int depth = g.input(0);
        int kD = g.kernel(0);
        int cin = g.inChannels();
        int outD = g.output(0);
        Parallel.forRange(g.batch() * cin * depth, grain(plane), (lo, hi) -> {
            for (int t = lo; t < hi; t++) {
                int n = t / (cin * depth);
                int c = t / depth % cin;
                int iz = t % depth;
                for (int kd = 0; kd < kD; kd++) {
                    int shifted = iz + g.padBefore(0) - kd * g.dilation(0);
                    int s = n * outD + shifted / g.stride(0);
                    if (shifted >= 0 && shifted % g.stride(0) == 0 && shifted / g.stride(0) < outD && s >= from
                            && s < to) {
                        lane.add(part, (((s - from) * cin + c) * kD + kd) * plane, dx, t * plane, plane);
                    }
                }
            }
        });
    }

    /** Planes per task: about {@value #GRAIN_VALUES} values. */
    private static int grain(int plane) {
        return Math.max(1, GRAIN_VALUES / Math.max(1, plane));
    }
}
