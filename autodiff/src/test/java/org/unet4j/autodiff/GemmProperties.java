package org.unet4j.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.unet4j.autodiff.cpu.Gemm;
import org.unet4j.autodiff.parallel.Parallel;

/**
 * {@code C = op(A) op(B)} (or {@code C += ...}) in float32 and float64 against the triple loop, for every transpose
 * combination, accumulate on and off, offsets and leading dimensions larger than the rows, and sizes that are odd,
 * 1, or cross the register-block and cache-block edges.
 */
class GemmProperties {

    /** One product: sizes, transposes, accumulation, offsets and the padding of each leading dimension. */
    record Problem(int m, int n, int k, boolean transA, boolean transB, boolean accumulate, int offA, int offB,
            int offC, int padA, int padB, int padC, long seed) {
        int lda() {
            return (transA ? m : k) + padA;
        }

        int ldb() {
            return (transB ? k : n) + padB;
        }

        int ldc() {
            return n + padC;
        }

        int lengthA() {
            return offA + (transA ? k : m) * lda();
        }

        int lengthB() {
            return offB + (transB ? n : k) * ldb();
        }

        int lengthC() {
            return offC + m * ldc();
        }

        double a(double[] a, int i, int p) {
            return transA ? a[offA + p * lda() + i] : a[offA + i * lda() + p];
        }

        double b(double[] b, int p, int j) {
            return transB ? b[offB + j * ldb() + p] : b[offB + p * ldb() + j];
        }
    }

    @Provide
    Arbitrary<Integer> sizes() {
        return Arbitraries.oneOf(Arbitraries.integers().between(1, 40),
                Arbitraries.of(1, 5, 6, 7, 31, 32, 33, 95, 96, 97, 130, 255, 257, 300));
    }

    @Provide
    Arbitrary<Problem> problems() {
        Arbitrary<Integer> size = sizes();
        Arbitrary<Integer> small = Arbitraries.integers().between(0, 3);
        return Combinators.combine(size, size, size, Arbitraries.of(false, true).list().ofSize(3),
                small.list().ofSize(6), Arbitraries.longs())
                .as((m, n, k, flags, pads, seed) -> new Problem(m, n, k, flags.get(0), flags.get(1), flags.get(2),
                        pads.get(0), pads.get(1), pads.get(2), pads.get(3), pads.get(4), pads.get(5), seed));
    }

    private static double[] random(Random r, int length) {
        double[] v = new double[length];
        for (int i = 0; i < v.length; i++) {
            v[i] = 2 * r.nextDouble() - 1;
        }
        return v;
    }

    private static float[] toFloats(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return f;
    }

    private static double[] toDoubles(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        return d;
    }

    /**
     * The triple loop on the whole C array: entries of the m x n window become {@code sum_p a(i,p) b(p,j)} (plus the
     * old value when accumulating); every other entry keeps its value. {@code scale} receives
     * {@code |c| + sum_p |a(i,p) b(p,j)|}, the size a rounding error is measured against.
     */
    private static double[] tripleLoop(Problem q, double[] a, double[] b, double[] c, double[] scale) {
        double[] out = c.clone();
        for (int i = 0; i < q.m(); i++) {
            for (int j = 0; j < q.n(); j++) {
                int at = q.offC() + i * q.ldc() + j;
                double s = q.accumulate() ? c[at] : 0;
                double mag = Math.abs(s);
                for (int p = 0; p < q.k(); p++) {
                    double t = q.a(a, i, p) * q.b(b, p, j);
                    s += t;
                    mag += Math.abs(t);
                }
                out[at] = s;
                scale[at] = mag;
            }
        }
        return out;
    }

    private static void assertClose(double[] expected, double[] actual, double[] scale, double rtol, Problem q) {
        for (int i = 0; i < expected.length; i++) {
            double err = Math.abs(expected[i] - actual[i]);
            if (!(err <= rtol * scale[i])) {
                throw new AssertionError(q + ": element " + i + " is " + actual[i] + ", the triple loop gives "
                        + expected[i] + " (error " + err + ", allowed " + rtol * scale[i] + ")");
            }
        }
    }

    @Property(tries = 60)
    void sgemmMatchesTheTripleLoopAndTouchesNothingOutsideC(@ForAll("problems") Problem q) {
        Random r = new Random(q.seed());
        double[] a = toDoubles(toFloats(random(r, q.lengthA())));
        double[] b = toDoubles(toFloats(random(r, q.lengthB())));
        double[] c = toDoubles(toFloats(random(r, q.lengthC())));
        double[] scale = new double[c.length];
        double[] expected = tripleLoop(q, a, b, c, scale);
        float[] cf = toFloats(c);
        Gemm.sgemm(q.transA(), q.transB(), q.m(), q.n(), q.k(), toFloats(a), q.offA(), q.lda(), toFloats(b), q.offB(),
                q.ldb(), cf, q.offC(), q.ldc(), q.accumulate());
        assertClose(expected, toDoubles(cf), scale, 1e-6 * (8 + Math.sqrt(q.k())), q);
    }

    @Property(tries = 40)
    void dgemmMatchesTheTripleLoopAndTouchesNothingOutsideC(@ForAll("problems") Problem q) {
        Random r = new Random(q.seed());
        double[] a = random(r, q.lengthA());
        double[] b = random(r, q.lengthB());
        double[] c = random(r, q.lengthC());
        double[] scale = new double[c.length];
        double[] expected = tripleLoop(q, a, b, c, scale);
        Gemm.dgemm(q.transA(), q.transB(), q.m(), q.n(), q.k(), a, q.offA(), q.lda(), b, q.offB(), q.ldb(), c,
                q.offC(), q.ldc(), q.accumulate());
        assertClose(expected, c, scale, 1e-14 * (8 + q.k()), q);
    }

    @Property(tries = 30)
    void contiguousOverloadsReadRowsOfTheirNaturalLength(@ForAll("problems") Problem p) {
        Problem q = new Problem(p.m(), p.n(), p.k(), p.transA(), p.transB(), p.accumulate(), p.offA(), p.offB(),
                p.offC(), 0, 0, 0, p.seed());
        Random r = new Random(q.seed());
        double[] a = toDoubles(toFloats(random(r, q.lengthA())));
        double[] b = toDoubles(toFloats(random(r, q.lengthB())));
        double[] c = toDoubles(toFloats(random(r, q.lengthC())));
        double[] scale = new double[c.length];
        double[] expected = tripleLoop(q, a, b, c, scale);
        float[] cf = toFloats(c);
        Gemm.sgemm(q.transA(), q.transB(), q.m(), q.n(), q.k(), toFloats(a), q.offA(), toFloats(b), q.offB(), cf,
                q.offC(), q.accumulate());
        assertClose(expected, toDoubles(cf), scale, 1e-6 * (8 + Math.sqrt(q.k())), q);
        Gemm.dgemm(q.transA(), q.transB(), q.m(), q.n(), q.k(), a, q.offA(), b, q.offB(), c, q.offC(),
                q.accumulate());
        assertClose(expected, c, scale, 1e-14 * (8 + q.k()), q);
    }

    @Example
    void anEmptyInnerDimensionClearsCUnlessAccumulating() {
        float[] c = {1, 2, 3, 4, 5, 6};
        Gemm.sgemm(false, false, 2, 3, 0, new float[0], 0, new float[0], 0, c, 0, true);
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, c);
        Gemm.sgemm(false, false, 2, 3, 0, new float[0], 0, new float[0], 0, c, 0, false);
        assertArrayEquals(new float[6], c);
    }

    @Example
    void aProductLargeEnoughToRunInParallelGivesBitwiseTheSameResultOnOneOrTwoThreads() {
        int m = 301;
        int n = 1100;
        int k = 530;
        Random r = new Random(3);
        float[] a = toFloats(random(r, m * k));
        float[] b = toFloats(random(r, k * n));
        int before = Parallel.threads();
        try {
            Parallel.setThreads(1);
            float[] one = new float[m * n];
            Gemm.sgemm(true, false, m, n, k, a, 0, b, 0, one, 0, false);
            Parallel.setThreads(2);
            float[] two = new float[m * n];
            Gemm.sgemm(true, false, m, n, k, a, 0, b, 0, two, 0, false);
            assertArrayEquals(one, two);
            assertEquals(2, Parallel.threads());
        } finally {
            Parallel.setThreads(before);
        }
    }

    @Example
    void nonFiniteValuesPropagateAsInTheTripleLoop() {
        float[] a = {Float.NaN, 0, 0, 1};
        float[] b = {0, 1, Float.POSITIVE_INFINITY, 2};
        float[] c = new float[4];
        Gemm.sgemm(false, false, 2, 2, 2, a, 0, b, 0, c, 0, false);
        assertTrue(Float.isNaN(c[0]) && Float.isNaN(c[1]), "a NaN in row 0 of A makes row 0 of C NaN");
        assertEquals(Float.POSITIVE_INFINITY, c[2], "0 * 0 + 1 * inf");
        assertEquals(2f, c[3], "0 * 1 + 1 * 2");
        float[] d = new float[1];
        Gemm.sgemm(false, false, 1, 1, 2, new float[] {1, 0}, 0, new float[] {1, Float.POSITIVE_INFINITY}, 0, d, 0,
                false);
        assertTrue(Float.isNaN(d[0]), "1 * 1 + 0 * inf is NaN");
    }
}
