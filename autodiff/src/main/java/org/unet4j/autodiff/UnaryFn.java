package org.unet4j.autodiff;

/**
 * Elementwise functions a backend evaluates; {@code a} and {@code b} are the scalar parameters some of them take.
 * Each constant states its scalar formula, which the CPU backend uses directly and other backends translate.
 */
public enum UnaryFn {
    /** -x */
    NEG { public double apply(double x, double a, double b) { return -x; } },
    /** a*x + b */
    AFFINE { public double apply(double x, double a, double b) { return a * x + b; } },
    /** e^x */
    EXP { public double apply(double x, double a, double b) { return Math.exp(x); } },
    /** ln x */
    LOG { public double apply(double x, double a, double b) { return Math.log(x); } },
    /** sqrt x */
    SQRT { public double apply(double x, double a, double b) { return Math.sqrt(x); } },
    /** |x| */
    ABS { public double apply(double x, double a, double b) { return Math.abs(x); } },
    /** sign(x) in {-1, 0, 1} */
    SIGN { public double apply(double x, double a, double b) { return Math.signum(x); } },
    /** 1/x */
    RECIPROCAL { public double apply(double x, double a, double b) { return 1.0 / x; } },
    /** x^a */
    POW { public double apply(double x, double a, double b) { return a == 2 ? x * x : Math.pow(x, a); } },
    /** max(x, 0) */
    RELU { public double apply(double x, double a, double b) { return x > 0 ? x : 0; } },
    /** x if x > 0 else a*x */
    LEAKY_RELU { public double apply(double x, double a, double b) { return x > 0 ? x : a * x; } },
    /** 1 if x > 0 else a: the derivative of relu (a = 0) and leaky relu (a = slope) */
    STEP { public double apply(double x, double a, double b) { return x > 0 ? 1 : a; } },
    /** 1 / (1 + e^-x), evaluated without overflow */
    SIGMOID {
        public double apply(double x, double a, double b) {
            if (x >= 0) {
                return 1 / (1 + Math.exp(-x));
            }
            double e = Math.exp(x);
            return e / (1 + e);
        }
    },
    /** tanh x */
    TANH { public double apply(double x, double a, double b) { return Math.tanh(x); } },
    /** ln(1 + e^x) = max(x, 0) + ln(1 + e^-|x|), evaluated without overflow */
    SOFTPLUS { public double apply(double x, double a, double b) { return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x))); } },
    /** x * sigmoid(x) */
    SILU { public double apply(double x, double a, double b) { return x * SIGMOID.apply(x, 0, 0); } },
    /** min(max(x, a), b) */
    CLAMP { public double apply(double x, double a, double b) { return Math.min(Math.max(x, a), b); } },
    /** 1 if a &lt;= x &lt;= b else 0: the derivative of clamp */
    INSIDE { public double apply(double x, double a, double b) { return x >= a && x <= b ? 1 : 0; } };

    /** The scalar formula. */
    public abstract double apply(double x, double a, double b);
}
