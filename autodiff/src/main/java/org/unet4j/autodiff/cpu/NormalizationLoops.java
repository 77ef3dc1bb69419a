package org.unet4j.autodiff.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The loops of the normalisation kernels over one contiguous plane {@code [off, off + len)}, float32 and float64.
 * float32 sums run on the Vector API: each lane accumulates in float over blocks of {@value #BLOCK} vectors, and
 * every block total is added in double, which bounds the float rounding by the block length. float64 sums use four
 * independent double chains (so the adds pipeline). The elementwise passes are plain loops the JIT vectorises.
 */
final class NormalizationLoops {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final int BLOCK = 64;
    private NormalizationLoops() {
    }

    /** {@code sums[0] = sum (x - k)}, {@code sums[1] = sum (x - k)^2}. */
    static void shiftedSums(float[] x, int off, int len, float k, double[] sums) {
        double s1 = 0;
        double s2 = 0;
        int i = off;
        int vectorEnd = off + F.loopBound(len);
        FloatVector kv = FloatVector.broadcast(F, k);
        while (i < vectorEnd) {
            int blockEnd = Math.min(vectorEnd, i + BLOCK * F.length());
            FloatVector a = FloatVector.zero(F);
            FloatVector b = FloatVector.zero(F);
            for (; i < blockEnd; i += F.length()) {
                FloatVector d = FloatVector.fromArray(F, x, i).sub(kv);
                a = a.add(d);
                b = d.fma(d, b);
            }
            s1 += a.reduceLanes(VectorOperators.ADD);
            s2 += b.reduceLanes(VectorOperators.ADD);
        }
        for (; i < off + len; i++) {
            double d = x[i] - k;
            s1 += d;
            s2 += d * d;
        }
        sums[0] = s1;
        sums[1] = s2;
    }

    /** {@code sums[0] = sum (x - k)}, {@code sums[1] = sum (x - k)^2}. */
    static void shiftedSums(double[] x, int off, int len, double k, double[] sums) {
        double a0 = 0, a1 = 0, a2 = 0, a3 = 0;
        double b0 = 0, b1 = 0, b2 = 0, b3 = 0;
        int end = off + len;
        int i = off;
        for (; i + 3 < end; i += 4) {
            double d0 = x[i] - k;
            double d1 = x[i + 1] - k;
            double d2 = x[i + 2] - k;
            double d3 = x[i + 3] - k;
            a0 += d0;
            a1 += d1;
            a2 += d2;
            a3 += d3;
            b0 += d0 * d0;
            b1 += d1 * d1;
            b2 += d2 * d2;
            b3 += d3 * d3;
        }
        for (; i < end; i++) {
            double d = x[i] - k;
            a0 += d;
            b0 += d * d;
        }
        sums[0] = (a0 + a1) + (a2 + a3);
        sums[1] = (b0 + b1) + (b2 + b3);
    }

    /** {@code sums[0] = sum g}, {@code sums[1] = sum g (x - m)}. */
    static void gradientSums(float[] g, float[] x, int off, int len, float m, double[] sums) {
        double s1 = 0;
        double s2 = 0;
        int i = off;
        int vectorEnd = off + F.loopBound(len);
        FloatVector mv = FloatVector.broadcast(F, m);
        while (i < vectorEnd) {
            int blockEnd = Math.min(vectorEnd, i + BLOCK * F.length());
            FloatVector a = FloatVector.zero(F);
            FloatVector b = FloatVector.zero(F);
            for (; i < blockEnd; i += F.length()) {
                FloatVector gv = FloatVector.fromArray(F, g, i);
                a = a.add(gv);
                b = gv.fma(FloatVector.fromArray(F, x, i).sub(mv), b);
            }
            s1 += a.reduceLanes(VectorOperators.ADD);
            s2 += b.reduceLanes(VectorOperators.ADD);
        }
        for (; i < off + len; i++) {
            s1 += g[i];
            s2 += g[i] * (double) (x[i] - m);
        }
        sums[0] = s1;
        sums[1] = s2;
    }

    /** {@code sums[0] = sum g}, {@code sums[1] = sum g (x - m)}. */
    static void gradientSums(double[] g, double[] x, int off, int len, double m, double[] sums) {
        double a0 = 0, a1 = 0, a2 = 0, a3 = 0;
        double b0 = 0, b1 = 0, b2 = 0, b3 = 0;
        int end = off + len;
        int i = off;
        for (; i + 3 < end; i += 4) {
            a0 += g[i];
            a1 += g[i + 1];
            a2 += g[i + 2];
            a3 += g[i + 3];
            b0 += g[i] * (x[i] - m);
            b1 += g[i + 1] * (x[i + 1] - m);
            b2 += g[i + 2] * (x[i + 2] - m);
            b3 += g[i + 3] * (x[i + 3] - m);
        }
        for (; i < end; i++) {
            a0 += g[i];
            b0 += g[i] * (x[i] - m);
        }
        sums[0] = (a0 + a1) + (a2 + a3);
        sums[1] = (b0 + b1) + (b2 + b3);
    }

    /** {@code y = (x - m) a + b}. */
    static void scaleShift(float[] x, int off, int len, float m, float a, float b, float[] y) {
        for (int i = off; i < off + len; i++) {
            y[i] = (x[i] - m) * a + b;
        }
    }

    /** {@code y = (x - m) a + b}. */
    static void scaleShift(double[] x, int off, int len, double m, double a, double b, double[] y) {
        for (int i = off; i < off + len; i++) {
            y[i] = (x[i] - m) * a + b;
        }
    }

    /** {@code dx = a g + b (x - m) + c}. */
    static void combine(float[] g, float[] x, int off, int len, float a, float b, float m, float c, float[] dx) {
        for (int i = off; i < off + len; i++) {
            dx[i] = a * g[i] + b * (x[i] - m) + c;
        }
    }

    /** {@code dx = a g + b (x - m) + c}. */
    static void combine(double[] g, double[] x, int off, int len, double a, double b, double m, double c,
            double[] dx) {
        for (int i = off; i < off + len; i++) {
            dx[i] = a * g[i] + b * (x[i] - m) + c;
        }
    }
}
