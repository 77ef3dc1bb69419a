package org.unet4j.proofs.unet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.unet4j.autodiff.Autograd;
import org.unet4j.autodiff.DType;
import org.unet4j.autodiff.NoGrad;
import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.Module;
import org.unet4j.layers.Parameter;
import org.unet4j.layers.optim.Adam;
import org.unet4j.layers.unet.Block;
import org.unet4j.layers.topology.BlockSettings;
import org.unet4j.layers.topology.Norm;
import org.unet4j.layers.unet.OdeBlock;
import org.unet4j.solvers.ode.HigherOrderOde;
import org.unet4j.solvers.ode.OdeFunction;
import org.unet4j.solvers.ode.OdeOptions;
import org.unet4j.solvers.ode.OdeSystem;
import org.unet4j.solvers.ode.Odeint;
import org.unet4j.solvers.ode.StateSpace;

/**
 * Continuous U-Net, Theorem 3 and the consequence Section 3.3 draws from it. The theorem (Coddington and Levinson,
 * Ch. 1): two solutions of one Lipschitz ODE with different initial values never meet. The paper's consequences:
 * (i) "some range always bounds the output of our dynamic blocks whilst the output of CNNs is not bounded by any
 * range" (robustness), and (ii) a first-order block can only learn homeomorphisms that keep its state's
 * trajectories apart, while the DB's second-order design "provides extra dimensions".
 *
 * <p>What this means exactly, and what is tested. For the DB the theorem applies to its state z = [x, x'] with
 * z(0) = [x_0, g(x_0)]: with L a Lipschitz constant of the field F(z) = [v, f(z)], Gronwall's bound forwards and
 * backwards in time gives
 * <pre>
 *   e^(-L t) |z(0) - w(0)| &lt;= |z(t) - w(t)| &lt;= e^(L t) |z(0) - w(0)|,
 * </pre>
 * so nearby inputs stay bounded apart (never merge) and their outputs within a bounded range. The x-part alone
 * is not covered: the DB's x-trajectories may cross, which is exactly the extra freedom of claim (ii), whereas
 * a first-order block's state is x itself, so in one dimension its trajectories keep their order. (The issue's
 * wording, "a first-order block's trajectories can cross and the DB's cannot", holds for neither exact flow; the
 * paper claims the reverse for the x-projection, and no crossing for either in its own state space. A
 * first-order block crosses only when discretised with h L &gt; 1, see
 * {@code IntegralCurvesDoNotCrossTest.eulerWithHTimesLAboveOneLetsTrajectoriesCross}.)
 * <ul>
 * <li>A DB block trained for 25 Adam steps (float64, no norm, ReLU), its phase-space flow rebuilt from its own
 * networks f and g and checked against the block's output: for inputs 1e-1 ... 1e-5 apart the distance at T is
 * within the two Gronwall bounds, with L = 1 + Lip(f) computed from the weights (|conv| &lt;= the Frobenius norm
 * of the matrix of its kernels' l1 norms, by Young's inequality; ReLU is 1-Lipschitz), and the outputs lie in
 * the range e^(L T) (1 + Lip(g)) times the input distance.</li>
 * <li>First-order blocks (random weights, one channel on 1x1 images, so x is a scalar) keep 9 sorted inputs sorted;
 * the DB field x'' = -x, x'(0) = 0 maps x_0 = -1, 1 to 1, -1 at T = pi: its x-trajectories cross at pi/2 while the
 * phase-space distance stays 2.</li>
 * </ul>
 */
class DynamicBlockTrajectoriesDoNotCrossTest {
    private static final int STEPS = 8;

    private static BlockSettings settings(long seed) {
        return BlockSettings.builder().norm(Norm.NONE).seed(seed).build();
    }

    private static double norm(Tensor t) {
        return Math.sqrt(t.pow(2).sum().item());
    }

    /**
     * A Lipschitz constant of a stack of convolutions and 1-Lipschitz activations: the product over its
     * convolutions of |M|_F, M_oi = sum of |K_oi| over the taps (bias terms cancel in differences).
     */
    private static double lipschitz(Module stack) {
        double bound = 1;
        for (var entry : stack.namedParameters().entrySet()) {
            if (!entry.getKey().endsWith("weight")) {
                continue;
            }
            Tensor w = entry.getValue().tensor();
            int out = w.dim(0);
            int in = w.dim(1);
            double[] values = w.toDoubleArray();
            int taps = values.length / (out * in);
            double frobenius = 0;
            for (int o = 0; o < out; o++) {
                for (int i = 0; i < in; i++) {
                    double l1 = 0;
                    for (int k = 0; k < taps; k++) {
                        l1 += Math.abs(values[(o * in + i) * taps + k]);
                    }
                    frobenius += l1 * l1;
                }
            }
            bound *= Math.sqrt(frobenius);
        }
        return bound;
    }

    private static Module trainedDynamicBlock(OdeBlock spec, int channels) {
        Module block = spec.create(channels, channels, settings(3)).to(DType.FLOAT64);
        SplittableRandom rng = new SplittableRandom(4);
        Tensor x = Tensor.randn(rng, DType.FLOAT64, 4, channels, 6, 6);
        Tensor target = x.mul(0.5).tanh().add(0.2);
        Adam adam = new Adam(block.parameters(), 1e-2);
        double first = 0;
        double last = 0;
        for (int step = 0; step < 25; step++) {
            adam.zeroGrad();
            Tensor loss = block.forward(x).sub(target).pow(2).mean();
            loss.backward();
            adam.step();
            last = loss.item();
            first = step == 0 ? last : first;
        }
        assertTrue(last < 0.7 * first, "training lowers the loss: " + first + " -> " + last);
        return block;
    }

    @Test
    void aTrainedDynamicBlockKeepsNearbyInputsBoundedApart() {
        int c = 2;
        double endTime = 1;
        OdeBlock spec = Block.dynamic("rk4", STEPS);
        Module block = trainedDynamicBlock(spec, c);
        Module f = block.namedChildren().get("f");
        Module g = block.namedChildren().get("g");
        double lipschitzF = 1 + lipschitz(f);
        double lipschitzG = lipschitz(g);
        List<Tensor> theta = f.parameters().stream().map(Parameter::tensor).toList();
        OdeFunction field = OdeFunction.of(theta, (t, z) -> Tensor.concat(1, z.slice(1, c, 2 * c), f.forward(z)));
        SplittableRandom rng = new SplittableRandom(5);
        Tensor x = Tensor.randn(rng, DType.FLOAT64, 1, c, 6, 6);
        Tensor u = Tensor.randn(rng, DType.FLOAT64, 1, c, 6, 6);
        u = u.div(norm(u));
        try (NoGrad scope = Autograd.noGrad()) {
            Tensor z0 = Tensor.concat(1, x, g.forward(x));
            Tensor zBlock = Odeint.solve(field, z0, new double[] {0, endTime}, spec.options()).last();
            assertEquals(0, norm(zBlock.slice(1, 0, c).sub(block.forward(x))), 1e-12,
                    "the rebuilt flow is the block's own: its x-part is the block's output");
            OdeOptions accurate = OdeOptions.method("dopri5").rtol(1e-11).atol(1e-13);
            Tensor zT = Odeint.solve(field, z0, new double[] {0, endTime}, accurate).last();
            for (double eps = 1e-1; eps >= 1e-5; eps /= 10) {
                Tensor y = x.add(u.mul(eps));
                Tensor w0 = Tensor.concat(1, y, g.forward(y));
                Tensor wT = Odeint.solve(field, w0, new double[] {0, endTime}, accurate).last();
                double initial = norm(w0.sub(z0));
                double gap = norm(wT.sub(zT));
                double growth = Math.exp(lipschitzF * endTime);
                assertTrue(gap >= initial / growth && gap <= initial * growth, "eps = " + eps + ": |z(T) - w(T)| = "
                        + gap + " outside [e^-LT, e^LT] |z(0) - w(0)| = [" + initial / growth + ", " + initial * growth
                        + "], L = " + lipschitzF);
                double outputGap = norm(block.forward(y).sub(block.forward(x)));
                assertTrue(outputGap <= growth * (1 + lipschitzG) * eps * 1.01, "eps = " + eps + ": outputs "
                        + outputGap + " apart, beyond the range e^LT (1 + Lip g) eps");
            }
        }
    }

    @Test
    void firstOrderBlocksKeepScalarInputsInOrder() {
        double[] inputs = {-2, -1.5, -1, -0.5, 0, 0.25, 0.5, 1, 2};
        Tensor x = Tensor.of(inputs, inputs.length, 1, 1, 1);
        for (long seed = 0; seed < 10; seed++) {
            Module fo = Block.firstOrder("rk4", STEPS).create(1, 1, settings(seed)).to(DType.FLOAT64);
            double[] y;
            try (NoGrad scope = Autograd.noGrad()) {
                y = fo.forward(x).toDoubleArray();
            }
            for (int i = 1; i < y.length; i++) {
                assertTrue(y[i - 1] < y[i], "seed " + seed + ": FO outputs of " + inputs[i - 1] + " and " + inputs[i]
                        + " are " + y[i - 1] + " and " + y[i]);
            }
        }
    }

    @Test
    void aSecondOrderFieldCrossesInXButNotInPhaseSpace() {
        OdeSystem<List<double[]>> oscillator = HigherOrderOde.<double[]>secondOrder(
                (t, position, velocity) -> new double[] {-position[0]}).firstOrderSystem();
        double[] times = new double[33];
        for (int i = 0; i < times.length; i++) {
            times[i] = Math.PI * i / (times.length - 1);
        }
        OdeOptions accurate = OdeOptions.method("dopri5").rtol(1e-12).atol(1e-14);
        var low = Odeint.solve(oscillator, List.of(new double[] {-1}, new double[] {0}), times,
                StateSpace.listOf(StateSpace.DOUBLE_ARRAY), accurate);
        var high = Odeint.solve(oscillator, List.of(new double[] {1}, new double[] {0}), times,
                StateSpace.listOf(StateSpace.DOUBLE_ARRAY), accurate);
        assertEquals(1, low.last().get(0)[0], 1e-9, "x_0 = -1 ends at 1");
        assertEquals(-1, high.last().get(0)[0], 1e-9, "x_0 = 1 ends at -1: the order is reversed");
        assertEquals(0, low.state(16).get(0)[0] - high.state(16).get(0)[0], 1e-9, "the x-trajectories meet at pi/2");
        for (int i = 0; i < times.length; i++) {
            double dx = low.state(i).get(0)[0] - high.state(i).get(0)[0];
            double dv = low.state(i).get(1)[0] - high.state(i).get(1)[0];
            assertEquals(2, Math.hypot(dx, dv), 1e-9, "phase-space distance at t = " + times[i]);
        }
    }
}
