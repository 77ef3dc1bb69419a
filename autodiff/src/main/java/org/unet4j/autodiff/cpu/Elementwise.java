package org.unet4j.autodiff.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.unet4j.autodiff.BinaryFn;
import org.unet4j.autodiff.UnaryFn;

/**
 * float32 elementwise loops. The common functions get loops of their own, which the JIT vectorises (the
 * data-dependent select of {@link UnaryFn#STEP} is written with the Vector API, since the JIT compiles it to a
 * branch per element); the rest evaluate {@link UnaryFn#apply} / {@link BinaryFn#apply} in double and round.
 */
final class Elementwise {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
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
                FloatVector ones = FloatVector.broadcast(F, 1f);
                FloatVector lows = FloatVector.broadcast(F, low);
                int i = from;
                for (int end = from + F.loopBound(to - from); i < end; i += F.length()) {
                    FloatVector v = FloatVector.fromArray(F, x, i);
                    lows.blend(ones, v.compare(VectorOperators.GT, 0f)).intoArray(o, i);
                }
                for (; i < to; i++) {
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
