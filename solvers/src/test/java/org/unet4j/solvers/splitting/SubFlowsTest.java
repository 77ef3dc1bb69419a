package org.unet4j.solvers.splitting;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;

class SubFlowsTest {
    private static final double T = 0.3;
    private static final double DT = 0.2;

    /** s(t) = (1 + t) w + sin(3 t) z, a source that really depends on time. */
    private static SourceTerm timeDependent(double[] w, double[] z) {
        return SourceTerm.of(t -> {
            double[] s = new double[w.length];
            for (int i = 0; i < s.length; i++) {
                s[i] = (1 + t) * w[i] + Math.sin(3 * t) * z[i];
            }
            return s;
        });
    }

    private static double[] sourceAt(SourceTerm source, int n, double t) {
        double[] s = new double[n];
        source.addTo(s, t, 1);
        return s;
    }

    private static double[] times(DMatrixRMaj a, double[] u) {
        DMatrixRMaj out = new DMatrixRMaj(u.length, 1);
        CommonOps_DDRM.mult(a, DMatrixRMaj.wrap(u.length, 1, u), out);
        return out.data;
    }

    @Property(tries = 25)
    void implicitEulerSolvesItsEquation(@ForAll @IntRange(min = 1, max = 6) int n,
            @ForAll @DoubleRange(min = 0.5, max = 4) double scale, @ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        DMatrixRMaj a = SymmetricSystems.randomSpd(rng, n, 0.1);
        SourceTerm source = timeDependent(SymmetricSystems.randomVector(rng, n), SymmetricSystems.randomVector(rng, n));
        double[] u = SymmetricSystems.randomVector(rng, n);
        double[] next = u.clone();
        new ImplicitEulerFlow(a, source).advance(next, T, DT, scale);
        double h = scale * DT;
        double[] aNext = times(a, next);
        double[] s = sourceAt(source, n, T + DT);
        for (int i = 0; i < n; i++) {
            assertEquals(u[i] + h * s[i], next[i] + h * aNext[i], 1e-12, "row " + i);
        }
    }

    @Property(tries = 25)
    void crankNicolsonSolvesItsEquation(@ForAll @IntRange(min = 1, max = 6) int n,
            @ForAll @DoubleRange(min = 0.5, max = 4) double scale, @ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        DMatrixRMaj a = SymmetricSystems.randomSpd(rng, n, 0.1);
        SourceTerm source = timeDependent(SymmetricSystems.randomVector(rng, n), SymmetricSystems.randomVector(rng, n));
        double[] u = SymmetricSystems.randomVector(rng, n);
        double[] next = u.clone();
        new CrankNicolsonFlow(a, source).advance(next, T, DT, scale);
        double half = 0.5 * scale * DT;
        double[] aNext = times(a, next);
        double[] aU = times(a, u);
        double[] s0 = sourceAt(source, n, T);
        double[] s1 = sourceAt(source, n, T + DT);
        for (int i = 0; i < n; i++) {
            assertEquals(u[i] - half * aU[i] + half * (s0[i] + s1[i]), next[i] + half * aNext[i], 1e-12, "row " + i);
        }
    }

    @Test
    void explicitEulerTakesOneForwardStep() {
        DMatrixRMaj a = new DMatrixRMaj(new double[][] {{2, 1}, {1, 3}});
        double[] u = {1, -1};
        new ExplicitEulerFlow(a, SourceTerm.constant(new double[] {0.5, 2})).advance(u, 0, 0.1, 2);
        assertArrayEquals(new double[] {1 + 0.2 * (-1 + 0.5), -1 + 0.2 * (2 + 2)}, u, 1e-15);
    }

    @Property(tries = 25)
    void exactFlowFollowsVariationOfConstants(@ForAll @IntRange(min = 1, max = 6) int n,
            @ForAll @DoubleRange(min = 0.01, max = 5) double dt, @ForAll @DoubleRange(min = 0.5, max = 4) double scale,
            @ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        DMatrixRMaj a = SymmetricSystems.randomSpd(rng, n, 0.05);
        double[] s = SymmetricSystems.randomVector(rng, n);
        double[] u = SymmetricSystems.randomVector(rng, n);
        double[] expected = SymmetricSystems.exactSolution(a, s, u, scale * dt);
        new ExactLinearFlow(a, s).advance(u, 1.5, dt, scale);
        assertArrayEquals(expected, u, 1e-11);
    }

    @Test
    void exactFlowHandlesASingularOperator() {
        double[] u = {1, 2};
        new ExactLinearFlow(new DMatrixRMaj(2, 2), new double[] {3, -1}).advance(u, 0, 0.5);
        assertArrayEquals(new double[] {2.5, 1.5}, u, 1e-15);
    }

    @Test
    void sourceTermsAddScaledValues() {
        double[] u = {1, 1};
        SourceTerm.constant(new double[] {2, 4}).scaled(0.5).addTo(u, 7, 3);
        assertArrayEquals(new double[] {4, 7}, u);
        SourceTerm.of(t -> new double[] {t, -t}).addTo(u, 2, 1);
        assertArrayEquals(new double[] {6, 5}, u);
        SourceTerm.none().addTo(u, 0, 1);
        assertArrayEquals(new double[] {6, 5}, u);
    }

    @Test
    void mismatchedLengthsAreReported() {
        DMatrixRMaj a = CommonOps_DDRM.identity(3);
        IllegalArgumentException state = assertThrows(IllegalArgumentException.class,
                () -> new ImplicitEulerFlow(a).advance(new double[2], 0, 0.1));
        assertEquals("the state has length 2 but the operator is 3 x 3", state.getMessage());
        IllegalArgumentException source = assertThrows(IllegalArgumentException.class,
                () -> new ImplicitEulerFlow(a, SourceTerm.constant(new double[2])).advance(new double[3], 0, 0.1));
        assertEquals("the source has length 2 but the state has length 3", source.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ExactLinearFlow(a, new double[4]));
        IllegalArgumentException square = assertThrows(IllegalArgumentException.class,
                () -> new CrankNicolsonFlow(new DMatrixRMaj(2, 3)));
        assertEquals("an operator must be square, got 2 x 3", square.getMessage());
        DMatrixRMaj nan = CommonOps_DDRM.identity(2);
        nan.set(1, 0, Double.NaN);
        IllegalArgumentException entry = assertThrows(IllegalArgumentException.class,
                () -> new ExplicitEulerFlow(nan));
        assertEquals("operator entry (1, 0) is NaN; entries must be finite", entry.getMessage());
    }
}
