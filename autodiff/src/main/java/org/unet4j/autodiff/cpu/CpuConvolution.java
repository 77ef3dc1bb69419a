package org.unet4j.autodiff.cpu;

import org.unet4j.autodiff.ConvolutionKernels;
import org.unet4j.autodiff.Shape;
import org.unet4j.autodiff.Tensor;
import org.unet4j.autodiff.parallel.Parallel;

/**
 * The CPU backend's convolution kernels: each pass goes to {@link DirectConvolution} when the geometry suits it and
 * the pass is small in one of its two channel dimensions (for volumes, to {@link DepthSlicedConvolution}, which
 * runs those kernels with the depth taps as channels), and to {@link LoweredConvolution} (im2col and {@link Gemm}) otherwise. A pass computes {@code M} channels from {@code K} (channel, tap) pairs: the forward pass
 * and the weight gradient {@code M = Cout}, {@code K = Cin kH kW}; the input gradient {@code M = Cin},
 * {@code K = Cout kH kW}. With {@code M} or {@code K} at most {@value #FEW}, the lowered product is too thin to
 * repay writing and packing its patch matrix (its cost grows with {@code K} times the image while the product
 * does {@code M} multiply-adds per entry), so the direct kernels take it; beyond, the blocked product wins. Depthwise
 * image convolutions (one input and one output channel per group) go to {@link DepthwiseConvolution}. The bias
 * gradient is a plain sum per channel.
 */
final class CpuConvolution implements ConvolutionKernels {
    static final CpuConvolution INSTANCE = new CpuConvolution();
    /** The channel dimension at or below which a pass goes direct. */
    private static final int FEW = 32;

    private CpuConvolution() {
    }

    /** True when a pass from {@code k} pairs to {@code m} channels of geometry g goes to the direct kernels. */
    private static boolean direct(Geometry g, int m, int k) {
        return (m <= FEW || k <= FEW) && DirectConvolution.applies(g);
    }

    /**
     * True when a pass of a volume geometry to {@code m} channels from {@code channels} goes to the depth-sliced
     * direct kernels: the same rule as {@link #direct} applied to the image passes it is made of.
     */
    private static boolean sliced(Geometry g, int m, int channels) {
        return g.axes() == 3 && (m <= FEW || channels * g.kernel(1) * g.kernel(2) <= FEW)
                && DepthSlicedConvolution.applies(g);
    }

    @Override
    public Tensor forward(Tensor x, Tensor weight, Tensor bias, Geometry g) {
        if (DepthwiseConvolution.applies(g)) {
            return DepthwiseConvolution.forward(x, weight, bias, g);
        }
        if (sliced(g, g.outChannels(), g.inChannels())) {
            return DepthSlicedConvolution.forward(x, weight, bias, g);
        }
        return direct(g, g.outChannels(), g.inChannels() * g.kernelVolume())
                ? DirectConvolution.forward(x, weight, bias, g) : LoweredConvolution.forward(x, weight, bias, g);
    }

    @Override
    public Tensor backwardInput(Tensor gradOut, Tensor weight, Geometry g) {
        if (DepthwiseConvolution.applies(g)) {
            return DepthwiseConvolution.backwardInput(gradOut, weight, g);
        }
        if (sliced(g, g.inChannels(), g.outChannels())) {
            return DepthSlicedConvolution.backwardInput(gradOut, weight, g);
        }
        return direct(g, g.inChannels(), g.outChannels() * g.kernelVolume())
                ? DirectConvolution.backwardInput(gradOut, weight, g)
                : LoweredConvolution.backwardInput(gradOut, weight, g);
    }

    @Override
    public Tensor backwardWeight(Tensor gradOut, Tensor x, Geometry g) {
        if (DepthwiseConvolution.applies(g)) {
            return DepthwiseConvolution.backwardWeight(gradOut, x, g);
        }
        if (sliced(g, g.outChannels(), g.inChannels())) {
            return DepthSlicedConvolution.backwardWeight(gradOut, x, g);
        }
        return direct(g, g.outChannels(), g.inChannels() * g.kernelVolume())
                ? DirectConvolution.backwardWeight(gradOut, x, g) : LoweredConvolution.backwardWeight(gradOut, x, g);
    }

    @Override
    public Tensor biasGradient(Tensor gradOut) {
        ConvolutionLane lane = ConvolutionLane.of(gradOut.dtype());
        int batch = gradOut.dim(0);
        int channels = gradOut.dim(1);
        int plane = gradOut.size() / Math.max(1, batch * channels);
        Tensor db = CpuBackend.allocate(Shape.of(channels), gradOut.dtype());
        Object gy = gradOut.storage();
        Object out = db.storage();
        Parallel.forRange(channels, Math.max(1, (1 << 16) / Math.max(1, batch * plane)), (from, to) -> {
            for (int o = from; o < to; o++) {
                double s = 0;
                for (int n = 0; n < batch; n++) {
                    int at = (n * channels + o) * plane;
                    s += lane.sum(gy, at, at + plane);
                }
                lane.set(out, o, s);
            }
        });
        return db;
    }
}
