package org.unet4j.autodiff;

/** Elementwise functions of two broadcast operands that a backend evaluates. */
public enum BinaryFn {
    /** x + y */
    ADD { public double apply(double x, double y) { return x + y; } },
    /** x - y */
    SUB { public double apply(double x, double y) { return x - y; } },
    /** x * y */
    MUL { public double apply(double x, double y) { return x * y; } },
    /** x / y */
    DIV { public double apply(double x, double y) { return x / y; } },
    /** x^y */
    POW { public double apply(double x, double y) { return Math.pow(x, y); } },
    /** max(x, y) */
    MAXIMUM { public double apply(double x, double y) { return Math.max(x, y); } },
    /** min(x, y) */
    MINIMUM { public double apply(double x, double y) { return Math.min(x, y); } },
    /** 1 if x == y else 0 */
    EQUAL { public double apply(double x, double y) { return x == y ? 1 : 0; } },
    /** 1 if x &gt; y else 0 */
    GREATER { public double apply(double x, double y) { return x > y ? 1 : 0; } },
    /**
     * x if y != 0 (NaN included) else -0: x kept where the mask y holds, the additive identity elsewhere, whatever x
     * is there (Inf and NaN included). -0 rather than +0 because {@code v + (-0) == v} bit for bit for every v
     * (+0 + -0 = +0), so two complementary selections add up to exactly the selected values.
     */
    SELECT { public double apply(double x, double y) { return y != 0 ? x : -0.0; } };

    /** The scalar formula. */
    public abstract double apply(double x, double y);
}
