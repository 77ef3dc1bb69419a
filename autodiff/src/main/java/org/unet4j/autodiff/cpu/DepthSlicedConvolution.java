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
 *   forward          y[n, :, z]    = conv2d(X, W)[n outD + z]                         (+ bias)
 *   backward input   dx[n, c, iz]  = sum_{kd, z: z sD + kd dD - padBefore_D = iz} conv2d_input_grad(GY, W)[n outD + z, c kD + kd]
 *   backward weight  dw            = conv2d_weight_grad(GY, X)                        GY[n outD + z] = gy[n, :, z]
 * </pre>
 * so the kernels sum over every (channel, depth tap, image tap) of an output position in their registers. Depth may
 * have any stride, dilation and padding; the image sub-geometry (height, width, one group) must be one
 * {@link DirectConvolution} handles.
 *
 * <p>Parallel work and determinism: the gather of X, the restacking between {@code [N, C, D]} and {@code [N D, C]}
 * order and the input gradient's sum over depth taps split over the planes they write, each plane written by one
 * task (the depth taps added in order), so, with the direct kernels' own guarantee, every result is the same for any
 * number of threads.
 */
final class DepthSlicedConvolution {
    /** Values per task at least, for the copies: a task of a few planes repays its scheduling. */
    private static final int GRAIN_VALUES = 1 << 15;

    private DepthSlicedConvolution() {
    }

    /** The image geometry of all depth taps: the batch of output slices, the (channel, depth tap) pairs. */
    static Geometry planes(Geometry g) {
        return new Geometry(g.batch() * g.output(0), g.inChannels() * g.kernel(0), g.outChannels(), g.groups(),
                new int[] {g.input(1), g.input(2)}, new int[] {g.kernel(1), g.kernel(2)},
                new int[] {g.output(1), g.output(2)}, new int[] {g.stride(1), g.stride(2)},
                new int[] {g.dilation(1), g.dilation(2)}, new int[] {g.padBefore(1), g.padBefore(2)});
    }

    /** True for a volume geometry whose image sub-geometry the direct kernels handle. */
    static boolean applies(Geometry g) {
        return g.axes() == 3 && DirectConvolution.applies(planes(g));
    }

    /** The input slice tap {@code kd} reads at output depth {@code z}, or -1 outside the input. */
    private static int slice(Geometry g, int z, int kd) {
        int iz = z * g.stride(0) + kd * g.dilation(0) - g.padBefore(0);
        return iz >= 0 && iz < g.input(0) ? iz : -1;
    }

    static Tensor forward(Tensor x, Tensor weight, Tensor bias, Geometry g) {
        Tensor stacked = DirectConvolution.forward(gatherInput(x, g), weight, bias, planes(g));
        Tensor y = CpuBackend.allocate(g.outputShape(), x.dtype());
        transpose(stacked.storage(), y.storage(), g.batch(), g.output(0), g.outChannels(),
                g.output(1) * g.output(2));
        return y;
    }

    static Tensor backwardInput(Tensor gy, Tensor weight, Geometry g) {
        Tensor stacked = DirectConvolution.backwardInput(stackOutput(gy, g), weight, planes(g));
        Tensor dx = CpuBackend.allocate(g.inputShape(), gy.dtype());
        ConvolutionLane lane = ConvolutionLane.of(gy.dtype());
        Object from = stacked.storage();
        Object to = dx.storage();
        int plane = g.input(1) * g.input(2);
        int depth = g.input(0);
        int kD = g.kernel(0);
        int cin = g.inChannels();
        Parallel.forRange(g.batch() * cin * depth, grain(plane), (lo, hi) -> {
            for (int t = lo; t < hi; t++) {
                int n = t / (cin * depth);
                int c = t / depth % cin;
                int iz = t % depth;
                for (int kd = 0; kd < kD; kd++) {
                    int shifted = iz + g.padBefore(0) - kd * g.dilation(0);
                    int z = shifted / g.stride(0);
                    if (shifted >= 0 && shifted % g.stride(0) == 0 && z < g.output(0)) {
                        lane.add(from, (((n * g.output(0) + z) * cin + c) * kD + kd) * plane, to, t * plane, plane);
                    }
                }
            }
        });
        return dx;
    }

    static Tensor backwardWeight(Tensor gy, Tensor x, Geometry g) {
        Tensor dw = DirectConvolution.backwardWeight(stackOutput(gy, g), gatherInput(x, g), planes(g));
        return Tensor.fromBackend(g.weightShape(), dw.dtype(), Device.CPU, dw.storage());
    }

    /** {@code X}: {@code [N outD, Cin kD, H, W]}, plane {@code (n outD + z, c kD + kd)} the slice tap kd reads at z. */
    private static Tensor gatherInput(Tensor x, Geometry g) {
        int plane = g.input(1) * g.input(2);
        int kD = g.kernel(0);
        int cin = g.inChannels();
        int outD = g.output(0);
        Tensor out = CpuBackend.allocate(Shape.of(g.batch() * outD, cin * kD, g.input(1), g.input(2)), x.dtype());
        Object from = x.storage();
        Object to = out.storage();
        Parallel.forRange(g.batch() * outD * cin * kD, grain(plane), (lo, hi) -> {
            for (int t = lo; t < hi; t++) {
                int kd = t % kD;
                int c = t / kD % cin;
                int z = t / (kD * cin) % outD;
                int n = t / (kD * cin * outD);
                int iz = slice(g, z, kd);
                if (iz >= 0) {
                    System.arraycopy(from, ((n * cin + c) * g.input(0) + iz) * plane, to, t * plane, plane);
                }
            }
        });
        return out;
    }

    /** {@code GY}: {@code [N outD, Cout, outH, outW]}, slice {@code n outD + z} being {@code gy[n, :, z]}. */
    private static Tensor stackOutput(Tensor gy, Geometry g) {
        Tensor out = CpuBackend.allocate(Shape.of(g.batch() * g.output(0), g.outChannels(), g.output(1),
                g.output(2)), gy.dtype());
        transpose(gy.storage(), out.storage(), g.batch(), g.outChannels(), g.output(0), g.output(1) * g.output(2));
        return out;
    }

    /** {@code to[n, b, a] = from[n, a, b]} for planes of {@code plane} values, {@code from} being {@code [N, A, B]}. */
    private static void transpose(Object from, Object to, int batch, int a, int b, int plane) {
        Parallel.forRange(batch * b * a, grain(plane), (lo, hi) -> {
            for (int t = lo; t < hi; t++) {
                int i = t % a;
                int j = t / a % b;
                int n = t / (a * b);
                System.arraycopy(from, ((n * a + i) * b + j) * plane, to, t * plane, plane);
            }
        });
    }

    /** Planes per task: about {@value #GRAIN_VALUES} values. */
    private static int grain(int plane) {
        return Math.max(1, GRAIN_VALUES / Math.max(1, plane));
    }
}
