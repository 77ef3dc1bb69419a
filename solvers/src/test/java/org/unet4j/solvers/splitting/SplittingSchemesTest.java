package org.unet4j.solvers.splitting;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

class SplittingSchemesTest {

    /** A sub-flow that only records how it was called and adds a tag to the state. */
    private static final class RecordingFlow implements SubFlow {
        private final String name;
        private final List<String> calls;

        RecordingFlow(String name, List<String> calls) {
            this.name = name;
            this.calls = calls;
        }

        @Override
        public void advance(double[] u, double t, double dt, double scale) {
            calls.add(name + "(t=" + t + ", dt=" + dt + ", x" + scale + ")");
        }
    }

    private static List<Function<SubFlow, SplittingScheme>> singleFlowSchemes() {
        return List.of(LieSplitting::new, StrangSplitting::new, ParallelSplitting::new,
                flow -> new HybridSplitting(List.of(List.of(flow))));
    }

    @Property(tries = 20)
    void everySchemeIsExactForOneOperatorWithAnExactSubFlow(@ForAll @IntRange(min = 1, max = 6) int n,
            @ForAll @IntRange(min = 1, max = 12) int steps, @ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        DMatrixRMaj a = SymmetricSystems.randomSpd(rng, n, 0.1);
        double[] s = SymmetricSystems.randomVector(rng, n);
        double[] u0 = SymmetricSystems.randomVector(rng, n);
        double[] expected = SymmetricSystems.exactSolution(a, s, u0, 2.0 - 0.5);
        for (Function<SubFlow, SplittingScheme> scheme : singleFlowSchemes()) {
            double[] u = scheme.apply(new ExactLinearFlow(a, s)).integrate(u0, 0.5, 2.0, steps);
            assertArrayEquals(expected, u, 1e-11, () -> scheme.apply(new ExactLinearFlow(a, s)).getClass()
                    .getSimpleName());
        }
    }

    @Test
    void lieRunsEveryFlowOverTheWholeStepInOrder() {
        List<String> calls = new ArrayList<>();
        new LieSplitting(new RecordingFlow("A", calls), new RecordingFlow("B", calls)).step(new double[1], 1, 0.5);
        assertEquals(List.of("A(t=1.0, dt=0.5, x1.0)", "B(t=1.0, dt=0.5, x1.0)"), calls);
    }

    @Test
    void strangTakesSymmetricHalfSteps() {
        List<String> calls = new ArrayList<>();
        new StrangSplitting(new RecordingFlow("A", calls), new RecordingFlow("B", calls), new RecordingFlow("C", calls))
                .step(new double[1], 1, 0.5);
        assertEquals(List.of("A(t=1.0, dt=0.25, x1.0)", "B(t=1.0, dt=0.25, x1.0)", "C(t=1.0, dt=0.5, x1.0)",
                "B(t=1.25, dt=0.25, x1.0)", "A(t=1.25, dt=0.25, x1.0)"), calls);
    }

    @Test
    void parallelRunsEveryFlowFromTheSameStateSpedUpByTheirCount() {
        List<String> calls = new ArrayList<>();
        SubFlow shiftUp = (u, t, dt, scale) -> u[0] += 1;
        SubFlow timesFour = (u, t, dt, scale) -> u[0] *= 4;
        double[] u = {2};
        new ParallelSplitting(shiftUp, timesFour, new RecordingFlow("C", calls)).step(u, 1, 0.5);
        assertEquals((3 + 8 + 2) / 3.0, u[0], 1e-15);
        assertEquals(List.of("C(t=1.0, dt=0.5, x3.0)"), calls);
    }

    @Test
    void hybridRunsGroupsInSequenceAndAveragesWithinEachGroup() {
        List<String> calls = new ArrayList<>();
        new HybridSplitting(List.of(List.of(new RecordingFlow("A", calls), new RecordingFlow("B", calls)),
                List.of(new RecordingFlow("C", calls)))).step(new double[1], 0, 0.5);
        assertEquals(List.of("A(t=0.0, dt=0.5, x2.0)", "B(t=0.0, dt=0.5, x2.0)", "C(t=0.0, dt=0.5, x1.0)"), calls);
    }

    @Property(tries = 15)
    void hybridSpecialisesToParallelAndToMarchukYanenko(@ForAll @IntRange(min = 1, max = 5) int n,
            @ForAll @IntRange(min = 1, max = 4) int operators, @ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        List<DMatrixRMaj> a = new ArrayList<>();
        List<SourceTerm> s = new ArrayList<>();
        List<List<DMatrixRMaj>> singletons = new ArrayList<>();
        List<List<SourceTerm>> singletonSources = new ArrayList<>();
        for (int k = 0; k < operators; k++) {
            a.add(SymmetricSystems.randomSpd(rng, n, 0.1));
            s.add(SourceTerm.constant(SymmetricSystems.randomVector(rng, n)));
            singletons.add(List.of(a.get(k)));
            singletonSources.add(List.of(s.get(k)));
        }
        double[] u0 = SymmetricSystems.randomVector(rng, n);
        assertArrayEquals(ParallelSplitting.implicit(a, s).integrate(u0, 0, 1, 7),
                HybridSplitting.implicit(List.of(a), List.of(s)).integrate(u0, 0, 1, 7), 1e-14);
        assertArrayEquals(new MarchukYanenkoSplitting(a, s).integrate(u0, 0, 1, 7),
                HybridSplitting.implicit(singletons, singletonSources).integrate(u0, 0, 1, 7), 1e-14);
    }

    @Test
    void schemesPrintTheirSubFlowsInOrder() {
        DMatrixRMaj a = new DMatrixRMaj(3, 3);
        DMatrixRMaj b = new DMatrixRMaj(3, 3);
        assertEquals("LieSplitting[ExactLinearFlow[3x3], ImplicitEulerFlow[3x3]]",
                new LieSplitting(new ExactLinearFlow(a), new ImplicitEulerFlow(b)).toString());
        assertEquals("StrangSplitting[CrankNicolsonFlow[3x3], ExplicitEulerFlow[3x3]]",
                new StrangSplitting(new CrankNicolsonFlow(a), new ExplicitEulerFlow(b)).toString());
        assertEquals("MarchukYanenkoSplitting[as LieSplitting[ImplicitEulerFlow[3x3], ImplicitEulerFlow[3x3]]]",
                new MarchukYanenkoSplitting(List.of(a, b)).toString());
        SourceTerm none = SourceTerm.none();
        assertEquals("HybridSplitting[ParallelSplitting[ImplicitEulerFlow[3x3]],"
                + " ParallelSplitting[ImplicitEulerFlow[3x3], ImplicitEulerFlow[3x3]]]",
                HybridSplitting.implicit(List.of(List.of(a), List.of(a, b)),
                        List.of(List.of(none), List.of(none, none))).toString());
    }

    @Test
    void withZeroOperatorsEverySchemeIntegratesTheSourceByItsQuadrature() {
        DMatrixRMaj zero = new DMatrixRMaj(1, 1);
        SourceTerm first = SourceTerm.of(t -> new double[] {t * t});
        SourceTerm second = SourceTerm.of(t -> new double[] {Math.cos(t)});
        double t = 0.4;
        double dt = 0.1;
        double end = t + dt;
        double backwardEuler = 1 + dt * (end * end + Math.cos(end));
        List<DMatrixRMaj> zeros = List.of(zero, zero);
        List<SourceTerm> sources = List.of(first, second);
        assertEquals(backwardEuler, stepped(new MarchukYanenkoSplitting(zeros, sources), t, dt), 1e-15);
        assertEquals(backwardEuler, stepped(ParallelSplitting.implicit(zeros, sources), t, dt), 1e-15);
        assertEquals(backwardEuler, stepped(HybridSplitting.implicit(List.of(List.of(zero), List.of(zero, zero)),
                List.of(List.of(first), List.of(second.scaled(0.5), second.scaled(0.5)))), t, dt), 1e-15);
        double mid = t + dt / 2;
        double trapezoids = 1 + dt / 4 * (t * t + mid * mid) + dt / 2 * (Math.cos(t) + Math.cos(end))
                + dt / 4 * (mid * mid + end * end);
        assertEquals(trapezoids, stepped(new StrangSplitting(new CrankNicolsonFlow(zero, first),
                new CrankNicolsonFlow(zero, second)), t, dt), 1e-15);
    }

    private static double stepped(SplittingScheme scheme, double t, double dt) {
        double[] u = {1};
        scheme.step(u, t, dt);
        return u[0];
    }

    @Property(tries = 15)
    void schemesAreLinearInTheInitialStateAndTheSource(@ForAll @IntRange(min = 1, max = 5) int n,
            @ForAll @IntRange(min = 1, max = 3) int operators, @ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        List<DMatrixRMaj> a = new ArrayList<>();
        List<SourceTerm> first = new ArrayList<>();
        List<SourceTerm> second = new ArrayList<>();
        List<SourceTerm> combined = new ArrayList<>();
        for (int k = 0; k < operators; k++) {
            a.add(SymmetricSystems.randomSpd(rng, n, 0.1));
            double[] w = SymmetricSystems.randomVector(rng, n);
            double[] z = SymmetricSystems.randomVector(rng, n);
            first.add(SourceTerm.of(t -> scaledCopy(w, Math.exp(-t))));
            second.add(SourceTerm.constant(z));
            combined.add(SourceTerm.of(t -> {
                double[] sum = scaledCopy(w, 2 * Math.exp(-t));
                for (int i = 0; i < n; i++) {
                    sum[i] -= 3 * z[i];
                }
                return sum;
            }));
        }
        double[] u = SymmetricSystems.randomVector(rng, n);
        double[] v = SymmetricSystems.randomVector(rng, n);
        double[] uv = new double[n];
        for (int i = 0; i < n; i++) {
            uv[i] = 2 * u[i] - 3 * v[i];
        }
        List<Function<List<SourceTerm>, SplittingScheme>> schemes = List.of(
                sources -> new MarchukYanenkoSplitting(a, sources),
                sources -> ParallelSplitting.implicit(a, sources),
                sources -> new StrangSplitting(crankNicolson(a, sources)));
        for (Function<List<SourceTerm>, SplittingScheme> scheme : schemes) {
            double[] left = scheme.apply(combined).integrate(uv, 0, 1, 5);
            double[] fromU = scheme.apply(first).integrate(u, 0, 1, 5);
            double[] fromV = scheme.apply(second).integrate(v, 0, 1, 5);
            for (int i = 0; i < n; i++) {
                assertEquals(2 * fromU[i] - 3 * fromV[i], left[i], 1e-12);
            }
        }
    }

    private static List<SubFlow> crankNicolson(List<DMatrixRMaj> a, List<SourceTerm> sources) {
        List<SubFlow> flows = new ArrayList<>();
        for (int k = 0; k < a.size(); k++) {
            flows.add(new CrankNicolsonFlow(a.get(k), sources.get(k)));
        }
        return flows;
    }

    private static double[] scaledCopy(double[] w, double c) {
        double[] copy = w.clone();
        for (int i = 0; i < copy.length; i++) {
            copy[i] *= c;
        }
        return copy;
    }

    @Test
    void invalidArgumentsAreReported() {
        DMatrixRMaj a = new DMatrixRMaj(new double[][] {{1}});
        assertThrows(IllegalArgumentException.class, () -> new LieSplitting(List.of()));
        assertThrows(IllegalArgumentException.class, () -> new HybridSplitting(List.of(List.of())));
        IllegalArgumentException counts = assertThrows(IllegalArgumentException.class,
                () -> ParallelSplitting.implicit(List.of(a, a), List.of(SourceTerm.none())));
        assertTrue(counts.getMessage().startsWith("parallel splitting: 2 operators but 1 source terms"),
                counts.getMessage());
        SplittingScheme scheme = new MarchukYanenkoSplitting(List.of(a));
        IllegalArgumentException steps = assertThrows(IllegalArgumentException.class,
                () -> scheme.integrate(new double[1], 0, 1, 0));
        assertEquals("the number of steps must be >= 1, got 0", steps.getMessage());
        assertThrows(IllegalArgumentException.class, () -> scheme.integrate(new double[1], 1, 1, 3));
        IllegalArgumentException dt = assertThrows(IllegalArgumentException.class,
                () -> scheme.step(new double[1], 0, Double.NaN));
        assertEquals("a step needs a finite time and a finite dt > 0, got t = 0.0, dt = NaN", dt.getMessage());
    }
}
