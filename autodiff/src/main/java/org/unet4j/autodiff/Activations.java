package org.unet4j.autodiff;

/** Activation functions, each forward beside its backward rule. */
final class Activations {
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
}
