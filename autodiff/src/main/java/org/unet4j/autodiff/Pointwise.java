package org.unet4j.autodiff;

/** Elementwise functions of one tensor, each forward beside its backward rule. */
final class Pointwise {
    private Pointwise() {
    }

    static Tensor apply(UnaryFn fn, Tensor x, double a, double b) {
        return x.device().backend().unary(fn, x, a, b);
    }

    /** e^x; dx = g e^x. */
    static Tensor exp(Tensor x) {
        Tensor out = apply(UnaryFn.EXP, x, 0, 0);
        return Autograd.record("exp", out, g -> new Tensor[] {g.mul(out)}, x);
    }

    /** ln x; dx = g / x. */
    static Tensor log(Tensor x) {
        Tensor out = apply(UnaryFn.LOG, x, 0, 0);
        return Autograd.record("log", out, g -> new Tensor[] {g.div(x)}, x);
    }

    /** sqrt x; dx = g / (2 sqrt x). */
    static Tensor sqrt(Tensor x) {
        Tensor out = apply(UnaryFn.SQRT, x, 0, 0);
        return Autograd.record("sqrt", out, g -> new Tensor[] {g.div(out).mul(0.5)}, x);
    }

    /** |x|; dx = g sign(x). */
    static Tensor abs(Tensor x) {
        Tensor out = apply(UnaryFn.ABS, x, 0, 0);
        return Autograd.record("abs", out, g -> new Tensor[] {g.mul(apply(UnaryFn.SIGN, x, 0, 0))}, x);
    }

    /** x^p; dx = g p x^(p-1). */
    static Tensor pow(Tensor x, double p) {
        if (p == 1) {
            return x;
        }
        Tensor out = apply(UnaryFn.POW, x, p, 0);
        return Autograd.record("pow", out, g -> new Tensor[] {g.mul(apply(UnaryFn.POW, x, p - 1, 0)).mul(p)}, x);
    }

    /** min(max(x, lo), hi); dx = g where lo &lt;= x &lt;= hi. */
    static Tensor clamp(Tensor x, double lo, double hi) {
        if (Double.isNaN(lo) || Double.isNaN(hi)) {
            throw new IllegalArgumentException("clamp: min " + lo + " and max " + hi + " must not be NaN (an infinite "
                    + "bound leaves that side open)");
        }
        if (lo > hi) {
            throw new IllegalArgumentException("clamp: min " + lo + " is greater than max " + hi);
        }
        Tensor out = apply(UnaryFn.CLAMP, x, lo, hi);
        return Autograd.record("clamp", out, g -> new Tensor[] {g.mul(apply(UnaryFn.INSIDE, x, lo, hi))}, x);
    }
}
