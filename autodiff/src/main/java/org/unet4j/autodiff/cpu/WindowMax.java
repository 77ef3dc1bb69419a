package org.unet4j.autodiff.cpu;

import org.unet4j.autodiff.DType;
import org.unet4j.autodiff.ImagingKernels.MaxPooled;
import org.unet4j.autodiff.Shape;
import org.unet4j.autodiff.Tensor;

/**
 * Max pooling over the windows of one {@link AxisOperator} per spatial axis (depth, height, width; images use a
 * depth of 1), recording for every output the flat input index of its maximum, and the backward pass that routes
 * each gradient to that index. Planes are independent, so any thread count gives the same result.
 */
final class WindowMax {
    private WindowMax() {
    }

    /** The maxima of {@code x} over the windows {@code axes[0] x axes[1] x axes[2]}, with their argmax. */
    static MaxPooled forward(Tensor x, Shape outShape, AxisOperator[] axes) {
        int planes = x.dim(0) * x.dim(1);
        int inVolume = axes[0].in * axes[1].in * axes[2].in;
        int outVolume = axes[0].out * axes[1].out * axes[2].out;
        Tensor y = CpuBackend.allocate(outShape, x.dtype());
        int[] argmax = new int[y.size()];
        int grain = Math.max(1, (1 << 15) / Math.max(1, inVolume));
        if (x.dtype() == DType.FLOAT32) {
            float[] in = x.floats();
            float[] out = y.floats();
            Parallel.forRange(planes, grain, (from, to) -> {
                for (int p = from; p < to; p++) {
                    planeF(axes, in, p * inVolume, out, argmax, p * outVolume);
                }
            });
        } else {
            double[] in = x.doubles();
            double[] out = y.doubles();
            Parallel.forRange(planes, grain, (from, to) -> {
                for (int p = from; p < to; p++) {
                    planeD(axes, in, p * inVolume, out, argmax, p * outVolume);
                }
            });
        }
        return new MaxPooled(y, argmax);
    }

    private static void planeF(AxisOperator[] axes, float[] x, int xOff, float[] y, int[] argmax, int yOff) {
        AxisOperator dAx = axes[0];
        AxisOperator hAx = axes[1];
        AxisOperator wAx = axes[2];
        int o = yOff;
        for (int od = 0; od < dAx.out; od++) {
            for (int oh = 0; oh < hAx.out; oh++) {
                for (int ow = 0; ow < wAx.out; ow++, o++) {
                    int d0 = dAx.first(od);
                    int d1 = dAx.end(od);
                    int h0 = hAx.first(oh);
                    int h1 = hAx.end(oh);
                    int w0 = wAx.first(ow);
                    int w1 = wAx.end(ow);
                    float best = Float.NEGATIVE_INFINITY;
                    int arg = xOff + (d0 * hAx.in + h0) * wAx.in + w0;
                    for (int id = d0; id < d1; id++) {
                        for (int ih = h0; ih < h1; ih++) {
                            int row = xOff + (id * hAx.in + ih) * wAx.in;
                            for (int iw = row + w0; iw < row + w1; iw++) {
                                float v = x[iw];
                                if (v >= best || (Float.isNaN(v) && !Float.isNaN(best))) {
                                    best = v;
                                    arg = iw;
                                }
                            }
                        }
                    }
                    y[o] = best;
                    argmax[o] = arg;
                }
            }
        }
    }

    private static void planeD(AxisOperator[] axes, double[] x, int xOff, double[] y, int[] argmax, int yOff) {
        AxisOperator dAx = axes[0];
        AxisOperator hAx = axes[1];
        AxisOperator wAx = axes[2];
        int o = yOff;
        for (int od = 0; od < dAx.out; od++) {
            for (int oh = 0; oh < hAx.out; oh++) {
                for (int ow = 0; ow < wAx.out; ow++, o++) {
                    int d0 = dAx.first(od);
                    int d1 = dAx.end(od);
                    int h0 = hAx.first(oh);
                    int h1 = hAx.end(oh);
                    int w0 = wAx.first(ow);
                    int w1 = wAx.end(ow);
                    double best = Double.NEGATIVE_INFINITY;
                    int arg = xOff + (d0 * hAx.in + h0) * wAx.in + w0;
                    for (int id = d0; id < d1; id++) {
                        for (int ih = h0; ih < h1; ih++) {
                            int row = xOff + (id * hAx.in + ih) * wAx.in;
                            for (int iw = row + w0; iw < row + w1; iw++) {
                                double v = x[iw];
                                if (v >= best || (Double.isNaN(v) && !Double.isNaN(best))) {
                                    best = v;
                                    arg = iw;
                                }
                            }
                        }
                    }
                    y[o] = best;
                    argmax[o] = arg;
                }
            }
        }
    }

    /** {@code dx[argmax[o]] += g[o]}: each plane's outputs point into the same plane, so planes run in parallel. */
    static Tensor backward(Tensor grad, int[] argmax, Shape inputShape) {
        Tensor dx = CpuBackend.allocate(inputShape, grad.dtype());
        int planes = inputShape.dim(0) * inputShape.dim(1);
        int outVolume = planes == 0 ? 0 : grad.size() / planes;
        int grain = Math.max(1, (1 << 15) / Math.max(1, outVolume));
        if (grad.dtype() == DType.FLOAT32) {
            float[] g = grad.floats();
            float[] d = dx.floats();
            Parallel.forRange(planes, grain, (from, to) -> {
                for (int o = from * outVolume; o < to * outVolume; o++) {
                    d[argmax[o]] += g[o];
                }
            });
        } else {
            double[] g = grad.doubles();
            double[] d = dx.doubles();
            Parallel.forRange(planes, grain, (from, to) -> {
                for (int o = from * outVolume; o < to * outVolume; o++) {
                    d[argmax[o]] += g[o];
                }
            });
        }
        return dx;
    }
}
