package org.unet4j.layers.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.junit.jupiter.api.Test;
import org.unet4j.autodiff.DType;
import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.Parameter;

/**
 * Each optimizer against values computed by hand from PyTorch's update rules for {@code p0 = (1, -2, 0.5)} and the
 * loss {@code sum(w p^2) / 2}, {@code w = (1, 2, 3)}, so {@code g = w p}.
 */
class OptimizerTest {
    private static final double[] W = {1, 2, 3};

    private static Parameter start() {
        return new Parameter(Tensor.of(new double[] {1, -2, 0.5}, 3));
    }

    private static void backward(Parameter p) {
        p.tensor().mul(p.tensor()).mul(Tensor.of(W, 3)).sum().div(2).backward();
    }

    private static void assertSteps(double[][] expected, Function<List<Parameter>, Optimizer> make) {
        Parameter p = start();
        Optimizer opt = make.apply(List.of(p));
        for (double[] step : expected) {
            opt.zeroGrad();
            backward(p);
            opt.step();
            assertArrayEquals(step, p.tensor().toDoubleArray(), 1e-12);
        }
    }

    @Test
    void sgdWithWeightDecay() {
        assertSteps(new double[][] {
            {0.899, -1.598, 0.3495},
            {0.808201, -1.276802, 0.2443005},
            {0.726572699, -1.020164798, 0.1707660495}},
            ps -> SGD.builder(0.1).weightDecay(0.01).build(ps));
    }

    @Test
    void sgdWithMomentumAndDampening() {
        assertSteps(new double[][] {
            {0.899, -1.598, 0.3495},
            {0.7263809, -0.9471218, 0.11937045},
            {0.50499568619, -0.1899970863799999, -0.120083599905}},
            ps -> SGD.builder(0.1).momentum(0.9).dampening(0.1).weightDecay(0.01).build(ps));
    }

    @Test
    void sgdWithNesterovMomentum() {
        assertSteps(new double[][] {
            {0.8081, -1.2362, 0.21405},
            {0.5712156100000001, -0.43847521999999983, -0.030270195},
            {0.3218596734410001, 0.22330218851800032, -0.17486070097950002}},
            ps -> SGD.builder(0.1).momentum(0.9).nesterov(true).weightDecay(0.01).build(ps));
    }

    @Test
    void adamWithL2WeightDecayAndBiasCorrection() {
        assertSteps(new double[][] {
            {0.9000000009090909, -1.9000000002380952, 0.4000000006451613},
            {0.8004122295267845, -1.8001664860916349, 0.3011874209241278},
            {0.7015862742210723, -1.7006233920100058, 0.20487125143221357}},
            ps -> Adam.builder(0.1).weightDecay(0.1).build(ps));
    }

    @Test
    void adamWWithDecoupledWeightDecay() {
        assertSteps(new double[][] {
            {0.890000001, -1.88000000025, 0.39500000066666663},
            {0.7815718569541611, -1.7614089505845592, 0.2923387035668311},
            {0.6751012231892008, -1.6443686835605893, 0.1934156032292509}},
            ps -> AdamW.builder(0.1).weightDecay(0.1).build(ps));
    }

    /** PyTorch 2's {@code torch.optim.Adagrad(lr=0.1)} on this problem, in float64. */
    @Test
    void adagradWithPyTorchDefaultsMatchesPyTorch() {
        assertSteps(new double[][] {
            {0.90000000001, -1.9000000000025, 0.40000000000666663},
            {0.8331035268523168, -1.8311250538122312, 0.3375304952538414},
            {0.7804561813655163, -1.775821515013063, 0.2908991767909175}},
            ps -> new Adagrad(ps, 0.1));
    }

    /**
     * PyTorch 2's {@code torch.optim.Adagrad(lr=0.1, lr_decay=0.5, weight_decay=0.2, initial_accumulator_value=0.3,
     * eps=1e-3)} on this problem, in float64.
     */
    @Test
    void adagradWithDecaysAndAnInitialAccumulatorMatchesPyTorch() {
        assertSteps(new double[][] {
            {0.9090971480447546, -1.900788278961215, 0.40544592763682635},
            {0.8666346541380116, -1.855054970311968, 0.3648856002116174},
            {0.840686248455744, -1.8272393184870939, 0.340873722790799}},
            ps -> Adagrad.builder(0.1).lrDecay(0.5).weightDecay(0.2).initialAccumulatorValue(0.3).eps(1e-3)
                    .build(ps));
    }

    @Test
    void parametersWithoutGradientAreSkipped() {
        Parameter used = start();
        Parameter unused = start();
        Adam adam = new Adam(List.of(used, unused), 0.1);
        backward(used);
        adam.step();
        assertArrayEquals(new double[] {1, -2, 0.5}, unused.tensor().toDoubleArray());
        assertTrue(adam.stateDict().keySet().stream().noneMatch(k -> k.startsWith("param.1.")));
        assertEquals(1.0, adam.stateDict().get("param.0.step").item());
        adam.zeroGrad();
        assertNull(used.grad());
    }

    @Test
    void stepsDoNotRecordOnTheTape() {
        Parameter p = start();
        SGD sgd = SGD.builder(0.1).momentum(0.5).build(List.of(p));
        backward(p);
        sgd.step();
        assertTrue(p.tensor().isLeaf());
    }

    @Test
    void updatesFloat32ParametersInPlace() {
        Parameter p = new Parameter(Tensor.of(new float[] {1, -2, 0.5f}, 3));
        Tensor before = p.tensor();
        new SGD(List.of(p), 0.5).step();
        backward(p);
        new SGD(List.of(p), 0.5).step();
        assertSame(before, p.tensor());
        assertEquals(DType.FLOAT32, p.dtype());
        assertArrayEquals(new float[] {0.5f, 0, -0.25f}, p.tensor().toFloatArray(), 1e-7f);
    }

    /**
     * Float32 parameters on the default device (the OpenCL half of the suite runs this with its buffers on the device,
     * the initial accumulator filled there): PyTorch's float64 values of the test above to float32 accuracy.
     */
    @Test
    void adagradUpdatesFloat32ParametersWithItsInitialAccumulator() {
        Parameter p = new Parameter(Tensor.of(new float[] {1, -2, 0.5f}, 3));
        Optimizer adagrad = Adagrad.builder(0.1).lrDecay(0.5).weightDecay(0.2).initialAccumulatorValue(0.3).eps(1e-3)
                .build(List.of(p));
        for (int step = 0; step < 3; step++) {
            adagrad.zeroGrad();
            p.tensor().mul(p.tensor()).mul(Tensor.of(new float[] {1, 2, 3}, 3)).sum().div(2).backward();
            adagrad.step();
        }
        assertEquals(DType.FLOAT32, p.dtype());
        assertArrayEquals(new float[] {0.840686248455744f, -1.8272393184870939f, 0.340873722790799f},
                p.tensor().toFloatArray(), 1e-6f);
    }

    @Test
    void restoredStateContinuesExactlyLikeTheOriginal() {
        Parameter a = start();
        Parameter b = start();
        Adam first = Adam.builder(0.05).betas(0.8, 0.99).build(List.of(a));
        backward(a);
        first.step();
        b.tensor().copyFrom(a.tensor());
        Adam second = Adam.builder(0.05).betas(0.8, 0.99).build(List.of(b));
        Map<String, Tensor> state = first.stateDict();
        second.loadStateDict(state);
        for (Parameter p : List.of(a, b)) {
            p.zeroGrad();
            backward(p);
        }
        first.step();
        second.step();
        assertArrayEquals(a.tensor().toDoubleArray(), b.tensor().toDoubleArray(), 0);
    }

    @Test
    void loadingAnotherOptimizersStateNamesTheEntry() {
        Parameter p = start();
        Adam adam = new Adam(List.of(p), 0.1);
        backward(p);
        adam.step();
        SGD sgd = SGD.builder(0.1).momentum(0.9).build(List.of(start()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> sgd.loadStateDict(adam.stateDict()));
        assertEquals("the state does not fit this SGD of 1 parameters: entry 'param.0.step': SGD has no slot named"
                + " 'step'", e.getMessage());
        Adam wrongShape = new Adam(List.of(new Parameter(Tensor.zeros(DType.FLOAT64, 4))), 0.1);
        e = assertThrows(IllegalArgumentException.class, () -> wrongShape.loadStateDict(adam.stateDict()));
        assertTrue(e.getMessage().contains("'param.0.exp_avg' has shape [3] but parameter 0 needs [4]"),
                e.getMessage());
    }

    @Test
    void invalidHyperparametersAreRejectedWithTheirName() {
        List<Parameter> ps = List.of(start());
        assertThrows(IllegalArgumentException.class, () -> new SGD(ps, -0.1));
        assertEquals("SGD: momentum must be in [0, 1), got 1.0",
                assertThrows(IllegalArgumentException.class, () -> SGD.builder(0.1).momentum(1)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> SGD.builder(0.1).nesterov(true).build(ps));
        assertThrows(IllegalArgumentException.class,
                () -> SGD.builder(0.1).momentum(0.9).dampening(0.5).nesterov(true).build(ps));
        assertThrows(IllegalArgumentException.class, () -> Adam.builder(0.1).betas(0.9, 1.0));
        assertThrows(IllegalArgumentException.class, () -> Adam.builder(0.1).eps(-1));
        assertThrows(IllegalArgumentException.class, () -> AdamW.builder(0.1).weightDecay(-1));
        assertThrows(IllegalArgumentException.class, () -> new Adam(List.of(), 0.1));
        assertEquals("Adagrad: initial accumulator value must be finite and >= 0, got -1.0", assertThrows(
                IllegalArgumentException.class, () -> Adagrad.builder(0.1).initialAccumulatorValue(-1)).getMessage());
        Parameter p = start();
        assertThrows(IllegalArgumentException.class, () -> new Adam(List.of(p, p), 0.1));
        assertThrows(IllegalArgumentException.class, () -> new Adam(ps, 0.1).setLearningRate(Double.NaN));
    }
}
