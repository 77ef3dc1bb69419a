package org.unet4j.autodiff;

import java.util.function.DoubleUnaryOperator;
import org.unet4j.autodiff.parallel.Parallel;

/** Activation functions, each forward beside its backward rule. */
final class Activations {
    private static final double SQRT_HALF = Math.sqrt(0.5);
    private static final double INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);
    private static final double TANH_SCALE = Math.sqrt(2 / Math.PI);
    private static final double TANH_CUBIC = 0.044715;

    private Activations() {
    }

    /** max(x, 0); dx = g 1[x &gt; 0]. */
    static Tensor relu(Tensor x) {
        Tensor out = Pointwise.apply(UnaryFn.RELU, x, 0, 0);
        return Autograd.record("relu", out, g -> new Tensor[] {g.mul(Pointwise.apply(UnaryFn.STEP, x, 0, 0))}, x);
    }

    /** x if x &gt; 0 else s x; dx = g (1 if x &gt; 0 else s). */
    static Tensor leakyRelu(Tensor x, double slope) {
        if (!Double.isFinite(slope)) {
            throw new IllegalArgumentException("leakyRelu: the negative slope must be finite, got " + slope);
        }
        Tensor out = Pointwise.apply(UnaryFn.LEAKY_RELU, x, slope, 0);
        return Autograd.record("leaky_relu", out,
                g -> new Tensor[] {g.mul(Pointwise.apply(UnaryFn.STEP, x, slope, 0))}, x);
    }

    /** s = 1 / (1 + e^-x); dx = g s (1 - s). */
    static Tensor sigmoid(Tensor x) {
        Tensor out = Pointwise.apply(UnaryFn.SIGMOID, x, 0, 0);
        return Autograd.record("sigmoid", out, g -> new Tensor[] {g.mul(out).mul(out.rsub(1))}, x);
    }

    /** t = tanh x; dx = g (1 - t^2). */
    static Tensor tanh(Tensor x) {
        Tensor out = Pointwise.apply(UnaryFn.TANH, x, 0, 0);
        return Autograd.record("tanh", out, g -> new Tensor[] {g.mul(out.mul(out).rsub(1))}, x);
    }

    /** ln(1 + e^x); dx = g sigmoid(x). */
    static Tensor softplus(Tensor x) {
        Tensor out = Pointwise.apply(UnaryFn.SOFTPLUS, x, 0, 0);
        return Autograd.record("softplus", out,
                g -> new Tensor[] {g.mul(Pointwise.apply(UnaryFn.SIGMOID, x, 0, 0))}, x);
    }

    /** x s with s = sigmoid(x); dx = g s (1 + x (1 - s)). */
    static Tensor silu(Tensor x) {
        Tensor out = Pointwise.apply(UnaryFn.SILU, x, 0, 0);
        return Autograd.record("silu", out, g -> {
            Tensor s = Pointwise.apply(UnaryFn.SIGMOID, x, 0, 0);
            return new Tensor[] {g.mul(s).mul(x.mul(s.rsub(1)).add(1))};
        }, x);
    }

    /**
     * GELU (Hendrycks and Gimpel 2016). Exact: {@code y = x Phi(x)}, {@code Phi(x) = (1 + erf(x / sqrt 2)) / 2};
     * {@code dx = g (Phi(x) + x phi(x))}, {@code phi(x) = e^(-x^2/2) / sqrt(2 pi)}. No backend has erf as a
     * primitive, so Phi is evaluated elementwise on the host with {@link ErrorFunction} (for a tensor on another
     * device: a copy there and back) and kept for the backward pass; the rest uses backend primitives. Tanh form:
     * {@code y = x (1 + t) / 2}, {@code t = tanh(c (x + a x^3))}, {@code c = sqrt(2 / pi)}, {@code a = 0.044715};
     * {@code dx = g ((1 + t) / 2 + x (1 - t^2) c (1 + 3 a x^2) / 2)}, from backend primitives on any device.
     */
    static Tensor gelu(Tensor x, GeluApproximation approximate) {
        return approximate == GeluApproximation.TANH ? geluTanh(x) : geluErf(x);
    }

    private static Tensor geluErf(Tensor x) {
        Tensor xd = x.detach();
        Tensor cdf = mapOnHost(x, v -> 0.5 * (1 + ErrorFunction.erf(v * SQRT_HALF)));
        Tensor out = xd.mul(cdf);
        return Autograd.record("gelu", out, g -> {
            Tensor density = xd.mul(xd).mul(-0.5).exp().mul(INV_SQRT_2PI);
            return new Tensor[] {g.mul(cdf.add(xd.mul(density)))};
        }, x);
    }

    private static Tensor geluTanh(Tensor x) {
        Tensor xd = x.detach();
        Tensor t = xd.add(xd.pow(3).mul(TANH_CUBIC)).mul(TANH_SCALE).tanh();
        Tensor out = xd.mul(t.add(1)).mul(0.5);
        return Autograd.record("gelu_tanh", out, g -> {
            Tensor slope = xd.mul(xd).mul(3 * TANH_CUBIC * TANH_SCALE).add(TANH_SCALE);
            Tensor dx = t.add(1).mul(0.5).add(xd.mul(t.mul(t).rsub(1)).mul(slope).mul(0.5));
            return new Tensor[] {g.mul(dx)};
        }, x);
    }

    /** {@code f} of every element, computed on a host copy; the result has x's dtype and device and no tape. */
    private static Tensor mapOnHost(Tensor x, DoubleUnaryOperator f) {
        Tensor host = x.detach().to(Device.CPU);
        Tensor out = host.zerosLike();
        int grain = 4096;
        if (host.dtype() == DType.FLOAT32) {
            float[] in = host.floats();
            float[] o = out.floats();
            Parallel.forRange(in.length, grain, (from, to) -> {
                for (int i = from; i < to; i++) {
                    o[i] = (float) f.applyAsDouble(in[i]);
                }
            });
        } else {
            double[] in = host.doubles();
            double[] o = out.doubles();
            Parallel.forRange(in.length, grain, (from, to) -> {
                for (int i = from; i < to; i++) {
                    o[i] = f.applyAsDouble(in[i]);
                }
            });
        }
        return out.to(x.device());
    }
}
