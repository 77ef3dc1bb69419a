package org.unet4j.layers.softcut;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.unet4j.autodiff.DType;
import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.softcut.SoftCut.Solver;
import org.unet4j.solvers.linear.LossOfAccuracyException;
import org.unet4j.solvers.linear.NotConvergedException;
import org.unet4j.solvers.linear.StoppingRule;

/**
 * Nothing silent: a SoftCut solve whose result cannot be trusted (weights too large for float64, or an iterative
 * solve stopped by its cap) fails with a named exception that says what to do, or, for the cap only and on request,
 * warns once per layer.
 */
class SoftCutNumericalFailuresTest {

    /** Scores in [-1, 1] on a 1 x 1 x 4 x 5 grid, every weight 1 except those of axis 1 in column 2, set to w. */
    private static Tensor[] barrier(double w) {
        Tensor[] in = SoftCutTest.randomInputs(new SplittableRandom(3), 1, 1, 1, 4, 5);
        for (int i = 0; i < in[1].size(); i++) {
            in[1].flatSet(i, 1);
        }
        for (int r = 0; r < 4; r++) {
            for (int c = 0; c < 4; c++) {
                in[2].set(c == 2 ? w : 1, 0, 0, r, c);
            }
        }
        return in;
    }

    @Test
    void hugeWeightsAreALossOfAccuracyNeverANotPositiveDefiniteMatrix() {
        for (double w : new double[] {1e16, 1e30}) {
            Tensor[] in = barrier(w);
            for (Solver solver : Solver.values()) {
                LossOfAccuracyException e = assertThrows(LossOfAccuracyException.class,
                        () -> SoftCut.solve(in[0], SoftCutTest.weights(in), solver), solver + " with weight " + w);
                String m = e.getMessage();
                assertTrue(m.contains(String.format(java.util.Locale.ROOT, "%.3e", w)) && m.contains("clamp")
                        && m.contains("SoftCut.fromLogits") && m.contains("rescale"), solver + ": " + m);
            }
        }
    }

    @Test
    void largeButResolvableWeightsStillSolveToTheDenseAnswer() {
        Tensor[] in = barrier(1e6);
        double[] expected = DenseSoftCut.solve(new int[] {4, 5}, new double[][] {in[1].toDoubleArray(), in[2].toDoubleArray()},
                in[0].toDoubleArray());
        for (Solver solver : Solver.values()) {
            SoftCut layer = SoftCut.builder().solver(solver).tolerance(1e-9).build();
            assertArrayEquals(expected, layer.apply(in[0], SoftCutTest.weights(in)).toDoubleArray(), 1e-8,
                    solver.toString());
        }
    }

    @Test
    void aCgSolveStoppedByItsCapThrowsNamingIterationsResidualAndThreshold() {
        Tensor[] in = SoftCutTest.randomInputs(new SplittableRandom(5), 50, 1, 1, 12, 12);
        // one multigrid V-cycle solves a grid this small exactly, so MGPCG is capped before its first iteration
        for (Solver solver : List.of(Solver.CG, Solver.MGPCG)) {
            int cap = solver == Solver.CG ? 1 : 0;
            SoftCut capped = SoftCut.builder().solver(solver).maxIterations(cap).tolerance(1e-12).build();
            NotConvergedException e = assertThrows(NotConvergedException.class,
                    () -> capped.apply(in[0], SoftCutTest.weights(in)), solver.toString());
            String m = e.getMessage();
            assertTrue(m.contains("SoftCut " + solver) && m.contains("after " + cap + " iterations")
                    && m.contains("residual") && m.contains("threshold 1.000e-12") && m.contains("maxIterations")
                    && m.contains("warnIfNotConverged"), m);
            assertEquals(cap, e.result().iterations());
        }
    }

    @Test
    void warnIfNotConvergedReturnsTheLastIterateWithOneWarningPerLayer() {
        Tensor[] in = SoftCutTest.randomInputs(new SplittableRandom(5), 50, 2, 1, 12, 12);
        List<LogRecord> records = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                records.add(r);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger logger = Logger.getLogger(SoftCut.class.getName());
        logger.addHandler(capture);
        try {
            SoftCut capped = SoftCut.builder().maxIterations(1).tolerance(1e-12).warnIfNotConverged().build();
            Tensor first = capped.apply(in[0], SoftCutTest.weights(in));
            capped.apply(in[0], SoftCutTest.weights(in));
            assertEquals(1, records.size(), "two calls with two systems each: one warning for the layer");
            assertEquals(Level.WARNING, records.get(0).getLevel());
            assertTrue(records.get(0).getMessage().contains("did not converge"), records.get(0).getMessage());
            for (double v : first.toDoubleArray()) {
                assertTrue(Double.isFinite(v), "the last iterate is returned");
            }
            SoftCut another = SoftCut.builder().maxIterations(1).tolerance(1e-12).warnIfNotConverged().build();
            another.apply(in[0], SoftCutTest.weights(in));
            assertEquals(2, records.size(), "another layer warns once of its own");
        } finally {
            logger.removeHandler(capture);
        }
    }

    @Test
    void theDefaultThrowsWhileTheThesisRuleStaysReachableAsAnExplicitWarningChoice() {
        assertTrue(SoftCut.create().stoppingRule().throwIfNotConverged());
        assertEquals(StoppingRule.softCutThesis().throwingIfNotConverged(), SoftCut.create().stoppingRule());
        SoftCut thesis = SoftCut.builder().stoppingRule(StoppingRule.softCutThesis()).build();
        assertEquals(StoppingRule.DEFAULT_MAX_ITERATIONS, thesis.stoppingRule().maxIterations());
        assertFalse(thesis.stoppingRule().throwIfNotConverged());
        assertEquals(StoppingRule.softCutThesis(), SoftCut.builder().warnIfNotConverged().build().stoppingRule());
    }
}
