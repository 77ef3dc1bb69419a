package org.unet4j.layers.softcut;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.unet4j.autodiff.Autograd;
import org.unet4j.autodiff.Device;
import org.unet4j.autodiff.Tensor;
import org.unet4j.autodiff.opencl.Devices;
import org.unet4j.autodiff.opencl.OpenClBackend;
import org.unet4j.layers.softcut.SoftCut.Solver;
import org.unet4j.solvers.linear.LossOfAccuracyException;
import org.unet4j.solvers.linear.NotConvergedException;

/**
 * SoftCut with scores and weights on an OpenCL device (the solve and the adjoint solve on the device, float32)
 * against the host (float64), both with {@link Solver#CG} and the thesis's stopping rule. Runs in the suite's OpenCL
 * half ({@code -Dunet4j.device=opencl}); skipped otherwise.
 *
 * <p>Tolerance: {@code 2e-4 (1 + |expected|)} per element. Both solves stop at a mean absolute residual of 1e-6, and
 * since {@code A = I + L_w >= I} their solutions are within about 1e-6 of the exact one; float32 adds rounding of
 * about {@code cond(A) * 6e-8}, at most 2e-6 for the weights below 3 used here (cond <= 1 + 4 d 3 in d dimensions).
 * The weight gradients multiply two such differences, so 2e-4 leaves a wide margin while catching any wrong index.
 */
class OpenClSoftCutParityTest {
    private static final double TOLERANCE = 2e-4;

    /** The OpenCL device when the run asks for OpenCL; a skipped test otherwise. */
    private static Device openCl() {
        Assumptions.assumeTrue(Device.configuredName().trim().toLowerCase(Locale.ROOT).startsWith("opencl"),
                "OpenCL SoftCut parity runs with -Dunet4j.device=opencl");
        return Devices.opencl();
    }

    /** Scores and one weight tensor per axis, as host float32 arrays: N x C x sizes, weights in [0, 3). */
    private static Tensor[] hostInputs(SplittableRandom rng, int n, int c, int... sizes) {
        int[] dims = new int[sizes.length + 2];
        dims[0] = n;
        dims[1] = c;
        System.arraycopy(sizes, 0, dims, 2, sizes.length);
        Tensor[] in = new Tensor[sizes.length + 1];
        in[0] = host(rng, dims, -2, 2);
        for (int k = 0; k < sizes.length; k++) {
            int[] edges = dims.clone();
            edges[2 + k] -= 1;
            in[k + 1] = host(rng, edges, 0, 3);
        }
        return in;
    }

    private static Tensor host(SplittableRandom rng, int[] dims, double low, double high) {
        float[] v = new float[Arrays.stream(dims).reduce(1, (a, b) -> a * b)];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) rng.nextDouble(low, high);
        }
        return Tensor.wrap(v, dims);
    }

    /** The output and the gradients of {@code sum(seed * x)} with respect to every input, as host tensors. */
    private static Tensor[] run(Tensor[] in, Tensor seed, Device device) {
        Tensor[] leaves = new Tensor[in.length];
        for (int i = 0; i < in.length; i++) {
            leaves[i] = (device == Device.CPU ? in[i].toFloat64() : in[i].to(device)).detach().requiresGrad(true);
        }
        Tensor x = SoftCut.solve(leaves[0], Arrays.asList(leaves).subList(1, leaves.length), Solver.CG);
        assertSame(device, x.device());
        Tensor[] grads = Autograd.grad(x, Arrays.asList(leaves), device == Device.CPU ? seed.toFloat64()
                : seed.to(device));
        Tensor[] out = new Tensor[in.length + 1];
        out[0] = x.to(Device.CPU);
        for (int i = 0; i < in.length; i++) {
            assertSame(device, grads[i].device(), "gradient " + i);
            out[i + 1] = grads[i].to(Device.CPU);
        }
        return out;
    }

    @Test
    void forwardAndGradientsOnRandomOddGridsInTwoAndThreeDimensionsMatchTheHost() {
        Device device = openCl();
        OpenClBackend backend = (OpenClBackend) device.backend();
        SplittableRandom rng = new SplittableRandom(2024);
        for (int trial = 0; trial < 12; trial++) {
            int d = 2 + trial % 2;
            int[] sizes = new int[d];
            for (int k = 0; k < d; k++) {
                sizes[k] = 1 + 2 * rng.nextInt(d == 2 ? 9 : 4);
            }
            Tensor[] in = hostInputs(rng, 1 + rng.nextInt(2), 1 + rng.nextInt(2), sizes);
            Tensor seed = host(rng, in[0].dims(), -1, 1);
            Tensor[] expected = run(in, seed, Device.CPU);
            long launches = backend.launches();
            Tensor[] actual = run(in, seed, device);
            assertTrue(backend.launches() > launches && backend.lastLaunchOnDevice(), "the solve must run as OpenCL");
            String[] names = {"output", "score gradient", "axis-0 weight gradient", "axis-1 weight gradient",
                "axis-2 weight gradient"};
            for (int i = 0; i < expected.length; i++) {
                assertClose(expected[i], actual[i], names[i] + " on grid " + Arrays.toString(sizes));
            }
        }
    }

    private static void assertClose(Tensor expected, Tensor actual, String what) {
        double[] e = expected.toDoubleArray();
        double[] a = actual.toDoubleArray();
        assertEquals(e.length, a.length, what);
        for (int i = 0; i < e.length; i++) {
            assertEquals(e[i], a[i], TOLERANCE * (1 + Math.abs(e[i])), what + ", element " + i);
        }
    }

    @Test
    void solversWithoutADevicePathFailNamingTheFix() {
        Device device = openCl();
        Tensor[] in = hostInputs(new SplittableRandom(3), 1, 1, 4, 5);
        Tensor scores = in[0].to(device);
        List<Tensor> weights = List.of(in[1].to(device), in[2].to(device));
        for (Solver solver : List.of(Solver.EXACT, Solver.MGPCG)) {
            UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                    () -> SoftCut.solve(scores, weights, solver));
            assertTrue(e.getMessage().contains("Solver.CG") && e.getMessage().contains("to(Device.CPU)")
                    && e.getMessage().contains(device.name()), e.getMessage());
        }
        Tensor onHost = SoftCut.solve(scores.to(Device.CPU), List.of(in[1], in[2]), Solver.EXACT).to(device);
        assertSame(device, onHost.device(), "the explicit move the message shows works");
    }

    @Test
    void nonFiniteScoresHugeWeightsAndTheCapFailNamedOnTheDevice() {
        Device device = openCl();
        Tensor[] in = hostInputs(new SplittableRandom(6), 1, 1, 6, 7);
        List<Tensor> weights = List.of(in[1].to(device), in[2].to(device));
        Tensor poisoned = in[0].add(0);
        poisoned.set(Double.NaN, 0, 0, 2, 3);
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
                () -> SoftCut.solve(poisoned.to(device), weights, Solver.CG));
        assertTrue(nan.getMessage().contains("score") && nan.getMessage().contains("[0, 0, 2, 3]"), nan.getMessage());
        Tensor scores = in[0].to(device);
        LossOfAccuracyException huge = assertThrows(LossOfAccuracyException.class,
                () -> SoftCut.solve(scores, List.of(weights.get(0), in[2].mul(1e16).to(device)), Solver.CG));
        assertTrue(huge.getMessage().contains("clamp") && huge.getMessage().contains("to(Device.CPU)"),
                huge.getMessage());
        SoftCut capped = SoftCut.builder().maxIterations(1).tolerance(1e-9).build();
        NotConvergedException cap = assertThrows(NotConvergedException.class, () -> capped.apply(scores, weights));
        assertTrue(cap.getMessage().contains("after 1 iterations"), cap.getMessage());
    }

    @Test
    void mixedDevicesAndBadWeightsOnTheDeviceFailClearly() {
        Device device = openCl();
        Tensor[] in = hostInputs(new SplittableRandom(4), 1, 1, 3, 4);
        Tensor scores = in[0].to(device);
        IllegalArgumentException mixed = assertThrows(IllegalArgumentException.class,
                () -> SoftCut.solve(scores, List.of(in[1], in[2].to(device)), Solver.CG));
        assertTrue(mixed.getMessage().contains("axis 0") && mixed.getMessage().contains(device.name()),
                mixed.getMessage());
        for (float bad : new float[] {-0.5f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}) {
            Tensor w = in[2].to(device);
            w.flatSet(5, bad);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> SoftCut.solve(scores, List.of(in[1].to(device), w), Solver.CG));
            assertTrue(e.getMessage().contains("axis 1") && e.getMessage().contains("[0, 0, 1, 2]")
                    && e.getMessage().contains(" is " + bad + ";"), e.getMessage());
        }
    }

    @Test
    void fromLogitsOnTheDeviceMatchesTheHost() {
        Device device = openCl();
        Tensor[] in = hostInputs(new SplittableRandom(5), 2, 1, 7, 5);
        List<Tensor> logits = new ArrayList<>();
        List<Tensor> logitsThere = new ArrayList<>();
        for (int k = 1; k < in.length; k++) {
            logits.add(in[k].sub(1.5).toFloat64());
            logitsThere.add(in[k].sub(1.5).to(device));
        }
        Tensor expected = SoftCut.fromLogits(in[0].toFloat64(), logits, Solver.CG);
        Tensor actual = SoftCut.fromLogits(in[0].to(device), logitsThere, Solver.CG);
        assertClose(expected, actual.to(Device.CPU), "fromLogits");
    }
}
