package org.unet4j.autodiff;

import java.util.SplittableRandom;

/**
 * Inverted dropout, forward beside backward. In training every element is kept with probability {@code 1 - p}
 * and scaled by {@code 1 / (1 - p)}, so the expected output equals the input: {@code y = m x} with
 * {@code m_i = 1[u_i >= p] / (1 - p)}, {@code u_i} uniform in [0, 1) drawn in row-major order from the given
 * generator, one {@code nextLong()} per element (the same seed drops the same elements, whatever the thread
 * count). Backward: {@code dx = m g}, with the mask kept from the forward pass. In evaluation (or with
 * {@code p = 0}) dropout is the identity. {@link #dropPath} draws the same mask once per sample.
 */
public final class Regularization {
    private Regularization() {
    }

    /**
     * @param p        probability of zeroing an element, in [0, 1)
     * @param training false makes this the identity
     * @param rng      source of the mask; may be null when not training
     */
    public static Tensor dropout(Tensor x, double p, boolean training, SplittableRandom rng) {
        if (!(p >= 0 && p < 1)) {
            throw new IllegalArgumentException("dropout: p = " + p + " for input " + x.shape() + " is outside [0, 1);"
                    + " p is the probability of zeroing an element");
        }
        if (!training || p == 0) {
            return x;
        }
        if (rng == null) {
            throw new IllegalArgumentException("dropout: training with p = " + p + " needs a random generator, rng is"
                    + " null");
        }
        Tensor mask = mask(x.shape(), x.dtype(), x.device(), p, rng);
        Tensor out = x.device().backend().binary(BinaryFn.MUL, x, mask);
        return Autograd.record("dropout", out, g -> new Tensor[] {g.mul(mask)}, x);
    }

    /**
     * Stochastic depth, "drop path" (Huang et al. 2016; timm's {@code drop_path}): the dropout mask above drawn once
     * per sample (axis 0) and broadcast over the sample's other axes, so that a residual branch
     * {@code x + dropPath(f(x))} is skipped for a fraction p of the samples and scaled by {@code 1 / (1 - p)} for
     * the rest: {@code y[n, ...] = m_n x[n, ...]}, {@code dx = m g}. The identity in evaluation or with p = 0.
     */
    public static Tensor dropPath(Tensor x, double p, boolean training, SplittableRandom rng) {
        if (!(p >= 0 && p < 1)) {
            throw new IllegalArgumentException("dropPath: p = " + p + " for input " + x.shape() + " is outside [0, 1);"
                    + " p is the probability of dropping a sample's path");
        }
        if (!training || p == 0) {
            return x;
        }
        if (rng == null) {
            throw new IllegalArgumentException("dropPath: training with p = " + p + " needs a random generator, rng"
                    + " is null");
        }
        if (x.rank() == 0) {
            throw new ShapeException("dropPath: the input needs a batch axis (axis 0), got a rank-0 tensor");
        }
        int[] perSample = new int[x.rank()];
        java.util.Arrays.fill(perSample, 1);
        perSample[0] = x.dim(0);
        Tensor mask = mask(Shape.of(perSample), x.dtype(), x.device(), p, rng);
        Tensor out = x.device().backend().binary(BinaryFn.MUL, x, mask);
        return Autograd.record("drop_path", out, g -> new Tensor[] {Broadcasting.sumTo(g.mul(mask), x.shape())}, x);
    }

    /**
     * The mask {@code m_i = keep_i / (1 - p)}. Element i is kept when {@code u_i >= p}, where {@code u_i} is the
     * 53 high bits of the i-th {@code rng.nextLong()} read as a fraction of 2^53 (exactly what
     * {@code rng.nextDouble()} returns), i.e. when those bits are at least {@code ceil(p 2^53)}.
     */
    private static Tensor mask(Shape shape, DType dtype, Device device, double p, SplittableRandom rng) {
        int n = shape.size();
        long threshold = (long) Math.ceil(p * 0x1p53);
        double scale = 1 / (1 - p);
        if (dtype == DType.FLOAT32) {
            float[] m = new float[n];
            float kept = (float) scale;
            for (int i = 0; i < n; i++) {
                m[i] = kept * keep(rng.nextLong() >>> 11, threshold);
            }
            return Tensor.wrap(m, shape).to(device);
        }
        double[] m = new double[n];
        for (int i = 0; i < n; i++) {
            m[i] = scale * keep(rng.nextLong() >>> 11, threshold);
        }
        return Tensor.wrap(m, shape).to(device);
    }

    /**
     * 1 when {@code bits >= threshold}, else 0, from the sign of their difference: no branch, which random
     * outcomes would mispredict half the time.
     */
    private static int keep(long bits, long threshold) {
        return (int) ((bits - threshold) >>> 63 ^ 1);
    }
}
