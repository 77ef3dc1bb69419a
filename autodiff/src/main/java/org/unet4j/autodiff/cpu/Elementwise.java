package org.unet4j.autodiff.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.unet4j.autodiff.BinaryFn;
import org.unet4j.autodiff.UnaryFn;

/**
 * float32 elementwise loops. The common unary functions get loops of their own, which the JIT vectorises (the
 * data-dependent select of {@link UnaryFn#STEP} is written with the Vector API, since the JIT compiles it to a
 * branch per element); binary arithmetic runs on the Vector API (the JIT does not vectorise loops over three arrays
 * at unrelated offsets, which might overlap); {@link UnaryFn#SOFTPLUS} (in the loss of every segmentation network)
 * runs on the Vector API's exp and log1p in float, within an ulp of the double formula rounded; the rest evaluate
 * {@link UnaryFn#apply} / {@link BinaryFn#apply} in double and round.
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
            case SOFTPLUS -> {
                int i = from;
                for (int end = from + F.loopBound(to - from); i < end; i += F.length()) {
                    FloatVector v = FloatVector.fromArray(F, x, i);
                    FloatVector tail = v.abs().neg().lanewise(VectorOperators.EXP).lanewise(VectorOperators.LOG1P);
                    v.max(0f).add(tail).intoArray(o, i);
                }
                for (; i < to; i++) {
                    o[i] = (float) fn.apply(x[i], a, b);
                }
            }
            default -> {
                for (int i = from; i < to; i++) {
                    o[i] = (float) fn.apply(x[i], a, b);
                }
            }
        }
    }

    /**
     * {@code o[io + i] = fn(a[ia + i sa], b[ib + i sb])} for i below n. The four arithmetic functions on two runs, or
     * a run and a broadcast scalar (stride 0), go through Vector API loops (float arithmetic is what the double
     * formula rounds to), one loop per function and operand shape, as the JIT needs each vector operation fixed.
     */
    static void binary(BinaryFn fn, float[] a, int ia, int sa, float[] b, int ib, int sb, float[] o, int io, int n) {
        int done = 0;
        if (sa == 1 && sb == 1) {
            done = switch (fn) {
                case ADD -> add(a, ia, b, ib, o, io, n);
                case SUB -> sub(a, ia, b, ib, o, io, n);
                case MUL -> mul(a, ia, b, ib, o, io, n);
                case DIV -> div(a, ia, b, ib, o, io, n);
                default -> 0;
            };
        } else if (sa == 1 && sb == 0) {
            done = switch (fn) {
                case ADD -> addScalar(a, ia, b[ib], o, io, n);
                case SUB -> subScalar(a, ia, b[ib], o, io, n);
                case MUL -> mulScalar(a, ia, b[ib], o, io, n);
                case DIV -> divScalar(a, ia, b[ib], o, io, n);
                default -> 0;
            };
        } else if (sa == 0 && sb == 1) {
            done = switch (fn) {
                case ADD -> addScalar(b, ib, a[ia], o, io, n);
                case SUB -> scalarSub(a[ia], b, ib, o, io, n);
                case MUL -> mulScalar(b, ib, a[ia], o, io, n);
                case DIV -> scalarDiv(a[ia], b, ib, o, io, n);
                default -> 0;
            };
        }
        for (int i = done; i < n; i++) {
            o[io + i] = (float) fn.apply(a[ia + i * sa], b[ib + i * sb]);
        }
    }

    private static int add(float[] a, int ia, float[] b, int ib, float[] o, int io, int n) {
        int end = F.loopBound(n);
        for (int i = 0; i < end; i += F.length()) {
            FloatVector.fromArray(F, a, ia + i).add(FloatVector.fromArray(F, b, ib + i)).intoArray(o, io + i);
        }
        return end;
    }

    private static int sub(float[] a, int ia, float[] b, int ib, float[] o, int io, int n) {
        int end = F.loopBound(n);
        for (int i = 0; i < end; i += F.length()) {
            FloatVector.fromArray(F, a, ia + i).sub(FloatVector.fromArray(F, b, ib + i)).intoArray(o, io + i);
        }
        return end;
    }

    private static int mul(float[] a, int ia, float[] b, int ib, float[] o, int io, int n) {
        int end = F.loopBound(n);
        for (int i = 0; i < end; i += F.length()) {
            FloatVector.fromArray(F, a, ia + i).mul(FloatVector.fromArray(F, b, ib + i)).intoArray(o, io + i);
        }
        return end;
    }

    private static int div(float[] a, int ia, float[] b, int ib, float[] o, int io, int n) {
        int end = F.loopBound(n);
        for (int i = 0; i < end; i += F.length()) {
            FloatVector.fromArray(F, a, ia + i).div(FloatVector.fromArray(F, b, ib + i)).intoArray(o, io + i);
        }
        return end;
    }

    private static int addScalar(float[] a, int ia, float c, float[] o, int io, int n) {
        int end = F.loopBound(n);
        for (int i = 0; i < end; i += F.length()) {
            FloatVector.fromArray(F, a, ia + i).add(c).intoArray(o, io + i);
        }
        return end;
    }

    private static int subScalar(float[] a, int ia, float c, float[] o, int io, int n) {
        int end = F.loopBound(n);
        for (int i = 0; i < end; i += F.length()) {
            FloatVector.fromArray(F, a, ia + i).sub(c).intoArray(o, io + i);
        }
        return end;
    }

    private static int mulScalar(float[] a, int ia, float c, float[] o, int io, int n) {
        int end = F.loopBound(n);
        for (int i = 0; i < end; i += F.length()) {
            FloatVector.fromArray(F, a, ia + i).mul(c).intoArray(o, io + i);
        }
        return end;
    }

    private static int divScalar(float[] a, int ia, float c, float[] o, int io, int n) {
        int end = F.loopBound(n);
        for (int i = 0; i < end; i += F.length()) {
            FloatVector.fromArray(F, a, ia + i).div(c).intoArray(o, io + i);
        }
        return end;
    }

    private static int scalarSub(float c, float[] b, int ib, float[] o, int io, int n) {
        FloatVector cv = FloatVector.broadcast(F, c);
        int end = F.loopBound(n);
        for (int i = 0; i < end; i += F.length()) {
            cv.sub(FloatVector.fromArray(F, b, ib + i)).intoArray(o, io + i);
        }
        return end;
    }

    private static int scalarDiv(float c, float[] b, int ib, float[] o, int io, int n) {
        FloatVector cv = FloatVector.broadcast(F, c);
        int end = F.loopBound(n);
        for (int i = 0; i < end; i += F.length()) {
            cv.div(FloatVector.fromArray(F, b, ib + i)).intoArray(o, io + i);
        }
        return end;
    }
}
