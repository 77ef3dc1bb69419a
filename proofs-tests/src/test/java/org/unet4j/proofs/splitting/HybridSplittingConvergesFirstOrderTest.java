package org.unet4j.proofs.splitting;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.commons.math3.ode.FirstOrderDifferentialEquations;
import org.apache.commons.math3.ode.nonstiff.DormandPrince853Integrator;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;
import org.unet4j.solvers.splitting.HybridSplitting;
import org.unet4j.solvers.splitting.SubFlow;

/**
 * Theorem 1 of X.-C. Tai, H. Liu, R. H. Chan, L. Li, "A Mathematical Explanation of UNet" (2024), which is
 * Theorem D.1 of Tai, Liu and Chan, "PottsMGNet" (SIAM J. Imaging Sci. 2024).
 *
 * <p><b>Statement.</b> Let {@code u^n} be computed by the hybrid splitting scheme (Algorithm 1: K groups, parallel
 * splitting inside group k over its {@code S_k} operators, sequential between groups) for
 * {@code du/dt = -sum_k sum_s A_{k,s}(t) u + sum_k sum_s f_{k,s}(t)} on {@code [0, T]} with
 * {@code dt = T / N}. If the {@code A_{k,s}} and forcings are Lipschitz in t and the {@code A_{k,s}} are linear
 * and symmetric positive definite in u, then for dt small enough {@code ||u^n - u(t^n)|| <= C dt} for all
 * {@code 0 <= n <= N}: the scheme converges with first order.
 *
 * <p><b>Reproduction.</b> jqwik draws n in [2, 4], K in [2, 3] groups of 1 to 3 operators
 * {@code A_{k,s}(t) = P + (1 + sin(omega t)) / 2 Q} (P, Q symmetric positive definite, so every A is SPD and
 * Lipschitz in t) and forcings {@code f_{k,s}(t) = cos(omega' t) w + t z}. Each sub-step is the backward-Euler
 * step {@code u_{k,s} = (I + S_k dt A_{k,s}(t^{n+1}))^-1 (u + S_k dt f_{k,s}(t^{n+1}))} written here as a general
 * {@link SubFlow}. The reference is the full (unsplit) system integrated by Commons Math's Dormand-Prince 8(5,3)
 * with tolerances 1e-13. The fitted log-log slope of the max-norm error at T = 1 over N = 64..1024 must lie within
 * 0.15 of 1.
 */
class HybridSplittingConvergesFirstOrderTest {
    private static final int[] STEPS = {64, 128, 256, 512, 1024};
    private static final double HORIZON = 1;

    /** One time-dependent operator with its forcing. */
    record Part(DMatrixRMaj p, DMatrixRMaj q, double omega, double[] w, double[] z, double forcingOmega) {
        DMatrixRMaj operatorAt(double t) {
            DMatrixRMaj a = p.copy();
            CommonOps_DDRM.addEquals(a, 0.5 * (1 + Math.sin(omega * t)), q);
            return a;
        }

        void addForcing(double[] u, double t, double factor) {
            double c = Math.cos(forcingOmega * t);
            for (int i = 0; i < u.length; i++) {
                u[i] += factor * (c * w[i] + t * z[i]);
            }
        }

        /** The backward-Euler sub-step with A and f frozen at the end of the step. */
        SubFlow implicitStep() {
            return (u, t, dt, scale) -> {
                double h = scale * dt;
                addForcing(u, t + dt, h);
                DMatrixRMaj shifted = operatorAt(t + dt);
                CommonOps_DDRM.scale(h, shifted);
                for (int i = 0; i < u.length; i++) {
                    shifted.add(i, i, 1);
                }
                LinearSolverDense<DMatrixRMaj> solver = LinearSolverFactory_DDRM.lu(u.length);
                if (!solver.setA(shifted)) {
                    throw new IllegalStateException("I + h A is singular");
                }
                DMatrixRMaj solution = new DMatrixRMaj(u.length, 1);
                solver.solve(DMatrixRMaj.wrap(u.length, 1, u.clone()), solution);
                System.arraycopy(solution.data, 0, u, 0, u.length);
            };
        }
    }

    /** The grouped problem and its initial state. */
    record GroupedProblem(List<List<Part>> groups, double[] u0) {
        @Override
        public String toString() {
            List<Integer> sizes = new ArrayList<>();
            groups.forEach(group -> sizes.add(group.size()));
            return "n = " + u0.length + ", group sizes " + sizes;
        }
    }

    @Provide
    Arbitrary<GroupedProblem> groupedProblems() {
        return Arbitraries.integers().between(2, 4).flatMap(n -> {
            Arbitrary<List<Part>> group = part(n).list().ofMinSize(1).ofMaxSize(3);
            return group.list().ofMinSize(2).ofMaxSize(3)
                    .flatMap(groups -> LinearSplittingProblem.vectors(n).map(u0 -> new GroupedProblem(groups, u0)));
        });
    }

    private static Arbitrary<Part> part(int n) {
        Arbitrary<double[]> matrix = LinearSplittingProblem.vectors(n * n);
        Arbitrary<Double> frequency = Arbitraries.doubles().between(0.5, 4);
        return matrix.flatMap(p -> matrix.flatMap(q -> frequency.flatMap(omega -> LinearSplittingProblem.vectors(n)
                .flatMap(w -> LinearSplittingProblem.vectors(n).flatMap(z -> frequency.map(
                        forcingOmega -> new Part(spd(p, n), spd(q, n), omega, w, z, forcingOmega)))))));
    }

    private static DMatrixRMaj spd(double[] entries, int n) {
        DMatrixRMaj b = DMatrixRMaj.wrap(n, n, entries.clone());
        DMatrixRMaj a = new DMatrixRMaj(n, n);
        CommonOps_DDRM.multTransB(1.0 / n, b, b, a);
        for (int i = 0; i < n; i++) {
            a.add(i, i, 0.1);
        }
        return a;
    }

    @Property(tries = 10, edgeCases = EdgeCasesMode.NONE)
    void hybridSplittingConvergesWithFirstOrder(@ForAll("groupedProblems") GroupedProblem problem) {
        List<List<SubFlow>> groups = new ArrayList<>();
        for (List<Part> group : problem.groups()) {
            List<SubFlow> flows = new ArrayList<>();
            group.forEach(part -> flows.add(part.implicitStep()));
            groups.add(flows);
        }
        HybridSplitting scheme = new HybridSplitting(groups);
        double[] reference = reference(problem);
        double[] errors = new double[STEPS.length];
        for (int k = 0; k < STEPS.length; k++) {
            double[] u = scheme.integrate(problem.u0(), 0, HORIZON, STEPS[k]);
            errors[k] = ConvergenceOrder.maxDifference(u, reference);
        }
        double slope = ConvergenceOrder.slope(HORIZON, STEPS, errors);
        assertEquals(1, slope, 0.15, () -> "observed order " + slope + " for "
                + ConvergenceOrder.describe(STEPS, errors) + " on " + problem);
    }

    /** {@code u(T)} of the unsplit system by Dormand-Prince 8(5,3) at tolerance 1e-13. */
    private static double[] reference(GroupedProblem problem) {
        int n = problem.u0().length;
        List<Part> parts = new ArrayList<>();
        problem.groups().forEach(parts::addAll);
        FirstOrderDifferentialEquations system = new FirstOrderDifferentialEquations() {
            @Override
            public int getDimension() {
                return n;
            }

            @Override
            public void computeDerivatives(double t, double[] u, double[] derivative) {
                Arrays.fill(derivative, 0);
                DMatrixRMaj au = new DMatrixRMaj(n, 1);
                for (Part part : parts) {
                    CommonOps_DDRM.mult(part.operatorAt(t), DMatrixRMaj.wrap(n, 1, u), au);
                    for (int i = 0; i < n; i++) {
                        derivative[i] -= au.data[i];
                    }
                    part.addForcing(derivative, t, 1);
                }
            }
        };
        double[] u = problem.u0().clone();
        new DormandPrince853Integrator(1e-12, HORIZON, 1e-13, 1e-13).integrate(system, 0, u, HORIZON, u);
        return u;
    }
}
