package org.unet4j.autodiff.cpu;

import org.unet4j.autodiff.BinaryFn;
import org.unet4j.autodiff.UnaryFn;

/**
 * float32 elementwise loops. The common functions get loops of their own, which the JIT vectorises; the rest
 * evaluate {@link UnaryFn#apply} / {@link BinaryFn#apply} in double and round.
 */
final class Elementwise {
    private Elementwise() {
    }

    static void unary(UnaryFn fn, double a, double b, float[] x, float[] o, int from, int to) {
        switch (fn) {
            case AFFINE -> {
                float s = (float) a;
                float c = (float) b;
                for (int i = from; i < to; i++) {
                    o[i] = s * x[i] + c;
                }
            }
            case RELU -> {
                for (int i = from; i < to; i++) {
                    o[i] = Math.max(x[i], 0f);
                }
            }
            case STEP -> {
                float low = (float) a;
                for (int i = from; i < to; i++) {
                    o[i] = x[i] > 0f ? 1f : low;
                }
            }
            case NEG -> {
                for (int i = from; i < to; i++) {
                    o[i] = -x[i];
                }
            }
            default -> {
                for (int i = from; i < to; i++) {
                    o[i] = (float) fn.apply(x[i], a, b);
                }
            }
        }
    }

    static void binary(BinaryFn fn, float[] a, int ia, int sa, float[] b, int ib, int sb, float[] o, int io, int n) {
        if (sa == 1 && sb == 1) {
            switch (fn) {
                case ADD -> {
                    for (int i = 0; i < n; i++) {
                        o[io + i] = a[ia + i] + b[ib + i];
                    }
                    return;
                }
                case SUB -> {
                    for (int i = 0; i < n; i++) {
                        o[io + i] = a[ia + i] - b[ib + i];
                    }
                    return;
                }
                case MUL -> {
                    for (int i = 0; i < n; i++) {
                        o[io + i] = a[ia + i] * b[ib + i];
                    }
                    return;
                }
                case DIV -> {
                    for (int i = 0; i < n; i++) {
                        o[io + i] = a[ia + i] / b[ib + i];
                    }
                    return;
                }
                default -> {
                }
            }
        } else if (sa == 1 && sb == 0) {
            float c = b[ib];
            switch (fn) {
                case ADD -> {
                    for (int i = 0; i < n; i++) {
                        o[io + i] = a[ia + i] + c;
                    }
                    return;
                }
                case MUL -> {
                    for (int i = 0; i < n; i++) {
                        o[io + i] = a[ia + i] * c;
                    }
                    return;
                }
                default -> {
                }
            }
        }
        for (int i = 0; i < n; i++) {
            o[io + i] = (float) fn.apply(a[ia + i * sa], b[ib + i * sb]);
        }
    }
}
