package org.unet4j.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The tape: accumulation, shared subexpressions, detach, no-grad scopes, grad/vjp, anomaly mode, deep graphs. */
class AutogradTest {

    private static Tensor leaf(double... values) {
        return Tensor.of(values, values.length).requiresGrad(true);
    }

    @Test
    void gradientsAccumulateAcrossTwoBackwardCallsUntilZeroed() {
        Tensor x = leaf(1, 2);
        x.mul(3).sum().backward();
        x.mul(3).sum().backward();
        assertArrayEquals(new double[] {6, 6}, x.grad().toDoubleArray());
        x.zeroGrad();
        assertNull(x.grad());
    }

    @Test
    void aTensorUsedOnSeveralPathsReceivesTheSumOfTheirGradients() {
        Tensor x = leaf(1.5, -2);
        x.mul(x).add(x).sum().backward();
        assertArrayEquals(new double[] {4, -3}, x.grad().toDoubleArray(), 1e-15, "d(x^2 + x) = 2x + 1");
        Tensor z = leaf(0.5, 1);
        Tensor e = z.exp();
        e.mul(e).sum().backward();
        assertArrayEquals(new double[] {2 * Math.exp(1), 2 * Math.exp(2)}, z.grad().toDoubleArray(), 1e-14,
                "d(e^z e^z) = 2 e^2z through the shared e^z");
    }

    @Test
    void detachStopsGradientsButSharesTheData() {
        Tensor x = leaf(2, 3);
        Tensor d = x.detach();
        assertFalse(d.requiresGrad());
        d.mul(x).sum().backward();
        assertArrayEquals(new double[] {2, 3}, x.grad().toDoubleArray(), "only the non-detached factor counts");
        d.set(7, 0);
        assertEquals(7, x.get(0));
    }

    @Test
    void noGradScopesRecordNothingAndRestoreTheModeOnCloseWhenNested() {
        Tensor x = leaf(1, 2);
        try (NoGrad outer = Autograd.noGrad()) {
            Tensor y = x.mul(2);
            assertFalse(y.requiresGrad());
            assertNull(y.producer());
            try (NoGrad inner = Autograd.noGrad()) {
                assertFalse(Autograd.isEnabled());
            }
            assertFalse(Autograd.isEnabled(), "closing the inner scope keeps the outer one in force");
        }
        assertTrue(Autograd.isEnabled());
        assertEquals("affine", x.mul(2).producer());
    }

    @Test
    void gradAndVjpMatchBackwardAndLeaveGradFieldsUntouched() {
        SplittableRandom rng = new SplittableRandom(3);
        Tensor a = Tensor.randn(rng, DType.FLOAT64, 2, 3).requiresGrad(true);
        Tensor w = Tensor.randn(rng, DType.FLOAT64, 3, 2).requiresGrad(true);
        Tensor unused = Tensor.randn(rng, DType.FLOAT64, 4).requiresGrad(true);
        Tensor v = Tensor.randn(rng, DType.FLOAT64, 2, 2);

        Tensor[] grads = Autograd.grad(a.matmul(w).tanh(), List.of(a, w, unused), v);
        assertNull(a.grad());
        assertNull(w.grad());
        assertArrayEquals(new double[4], grads[2].toDoubleArray(), "an unused input gets zeros");

        Tensor a2 = a.detach().requiresGrad(true);
        Tensor w2 = w.detach().requiresGrad(true);
        a2.matmul(w2).tanh().backward(v);
        assertArrayEquals(a2.grad().toDoubleArray(), grads[0].toDoubleArray(), 1e-15);
        assertArrayEquals(w2.grad().toDoubleArray(), grads[1].toDoubleArray(), 1e-15);

        Tensor p = Tensor.of(new double[] {1, 2, 3}, 3);
        Tensor q = Tensor.of(new double[] {4, 5, 6}, 3);
        Tensor u = Tensor.of(new double[] {1, -1, 2}, 3);
        Autograd.Vjp vjp = Autograd.vjp(in -> in[0].mul(in[1]), new Tensor[] {p, q}, u);
        assertArrayEquals(new double[] {4, 10, 18}, vjp.value().toDoubleArray());
        assertArrayEquals(new double[] {4, -5, 12}, vjp.gradients()[0].toDoubleArray(), "u * q");
        assertArrayEquals(new double[] {1, -2, 6}, vjp.gradients()[1].toDoubleArray(), "u * p");
        assertEquals("Vjp[value " + vjp.value() + ", gradients [" + vjp.gradients()[0] + ", " + vjp.gradients()[1]
                + "]]", vjp.toString());
        assertFalse(p.requiresGrad());
        assertNull(p.grad());
    }

    @Test
    void backwardOnANonScalarWithoutASeedFailsSayingWhatToDo() {
        Tensor y = leaf(1, 2).mul(2);
        ShapeException e = assertThrows(ShapeException.class, y::backward);
        assertTrue(e.getMessage().contains("[2]") && e.getMessage().contains("seed"), e.getMessage());
        ShapeException seed = assertThrows(ShapeException.class, () -> y.backward(Tensor.ones(DType.FLOAT64, 3)));
        assertTrue(seed.getMessage().contains("[3]") && seed.getMessage().contains("[2]"), seed.getMessage());
        IllegalStateException untracked = assertThrows(IllegalStateException.class,
                () -> Tensor.ones(2).sum().backward());
        assertTrue(untracked.getMessage().contains("requiresGrad"), untracked.getMessage());
    }

    @Test
    void anomalyModeIsOffByDefaultAndNamesTheFirstOpThatProducedNaN() {
        assertFalse(Autograd.detectsAnomalies());
        Tensor x = leaf(-1, 4);
        assertTrue(Double.isNaN(x.log().get(0)), "without anomaly mode NaN passes silently");
        Autograd.detectAnomalies(true);
        try {
            NumericalAnomalyException e = assertThrows(NumericalAnomalyException.class, () -> x.mul(2).log().exp());
            assertTrue(e.getMessage().contains("'log'") && e.getMessage().contains("forward"), e.getMessage());
        } finally {
            Autograd.detectAnomalies(false);
        }
    }

    @Test
    void anomalyModeNamesTheOpWhoseBackwardProducedInfinity() {
        Tensor x = leaf(0, 4);
        Tensor y = x.sqrt().mul(3).sum();
        Autograd.detectAnomalies(true);
        try {
            NumericalAnomalyException e = assertThrows(NumericalAnomalyException.class, y::backward);
            assertTrue(e.getMessage().contains("'sqrt'") && e.getMessage().contains("backward"), e.getMessage());
        } finally {
            Autograd.detectAnomalies(false);
        }
    }

    @Test
    void requiresGradFalseOnAComputedTensorFailsNamingItsOp() {
        Tensor y = leaf(1).exp();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> y.requiresGrad(false));
        assertTrue(e.getMessage().contains("'exp'") && e.getMessage().contains("detach"), e.getMessage());
    }

    @Test
    void leafGradientsOwnTheirStorage() {
        Tensor a = leaf(1, 2);
        Tensor b = leaf(3, 4);
        a.add(b).sum().backward();
        a.grad().set(99, 0);
        assertArrayEquals(new double[] {1, 1}, b.grad().toDoubleArray(), "b's gradient must not alias a's");
        Tensor x = leaf(1, 2);
        Tensor seed = Tensor.of(new double[] {5, 6}, 2);
        x.backward(seed);
        seed.set(0, 0);
        assertArrayEquals(new double[] {5, 6}, x.grad().toDoubleArray(), "the gradient must not alias the seed");
    }

    @Test
    void aLeafGradientHasTheLeafsDtype() {
        Tensor x = Tensor.of(new float[] {1, 2}, 2).requiresGrad(true);
        x.mul(Tensor.of(new double[] {3, 4}, 2)).sum().backward();
        assertEquals(DType.FLOAT32, x.grad().dtype());
        assertArrayEquals(new double[] {3, 4}, x.grad().toDoubleArray());
    }

    @Test
    void aChainOfTenThousandOpsBackpropagatesOnASmallStack() throws InterruptedException {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicReference<Tensor> gradient = new AtomicReference<>();
        Thread worker = new Thread(null, () -> {
            try {
                Tensor x = leaf(0.5);
                Tensor y = x;
                for (int i = 0; i < 10_000; i++) {
                    y = y.add(x);
                }
                y.sum().backward();
                gradient.set(x.grad());
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "deep-chain", 256 * 1024);
        worker.start();
        worker.join();
        if (failure.get() != null) {
            throw new AssertionError("backward through 10k ops failed", failure.get());
        }
        assertEquals(10_001, gradient.get().item());
    }
}
