package org.unet4j.layers.unet.blocks;

import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.Module;
import org.unet4j.layers.Sequential;
import org.unet4j.layers.topology.Activation;
import org.unet4j.layers.topology.BlockSettings;
import org.unet4j.layers.topology.SpatialLayers;

/**
 * DB, the second-order dynamic block of the Continuous U-Net (paper 001, eq. 1 and Proposition 1):
 * <pre>
 *   x''(t) = f(x, x'),   x(0) = x0,   x'(0) = g(x0),
 * </pre>
 * integrated as the first-order system on z = [x, v] (channels concatenated; Proposition 1, as in
 * {@link org.unet4j.solvers.ode.HigherOrderOde})
 * <pre>
 *   z' = [v, f(x, v)],   z(0) = [x0, g(x0)],
 * </pre>
 * over [0, T]; the output is x(T). g = norm-conv k x k-act-norm-conv1x1-act (c to c) and f the same stack from 2c
 * to c channels. When the channel count changes, a 1x1 convolution lifts the input to {@code out} channels first.
 * The solver, its step count or tolerances and the gradient mode (backprop, adjoint with memory independent of the
 * steps (Corollary 1), checkpointed) come from {@link OdeSettings}. SAME padding only. For the reference code's
 * augmented first-order form see {@link AugmentedDynamicBlock}.
 *
 * <p>By default the field is autonomous, f(x, x'), as in the authors' released code. The paper's eq. (1) writes
 * x'' = f(x, x', t); with {@code timeDependent} f reads t as one more constant input channel of each of its
 * convolutions ({@link TimeDependentField}, the released code's optional {@code Conv2dTime}). By default f and g
 * end in the network's activation, a ReLU in the paper's setting, so the acceleration x'' and the initial velocity
 * x'(0) are never negative; a signed field ends both in {@code last} (identity or tanh) instead.
 *
 * <p>Which variant the paper's tables used: none of Tables 3-9 names one, and the paper uses one setting for all
 * experiments (Appendix A.3, Table 10); its released code builds DB autonomous by default
 * ({@code time_dependent=False}) with a ReLU-ended field (as issue 24 reads it). So every table (3: blocks; 4 and 8:
 * noise; 5 and 7: solvers; 6 and 9: other U-Nets) is read here as the default, autonomous with ReLU-ended f and g.
 * The two options are this project's additions, compared in the {@code blocks} experiment.
 */
public final class DynamicBlock extends Module {
    private final int channels;
    private final Module lift;
    private final Sequential g;
    private final Module f;
    private final OdeSettings ode;
    private final SpatialLayers space;
    private final boolean timeDependent;
    private final Activation last;

    /** The block from {@code in} to {@code out} channels, its field autonomous. */
    public DynamicBlock(int in, int out, OdeSettings ode, BlockSettings s) {
        this(in, out, ode, s, false, s.activation());
    }

    /**
     * The block from {@code in} to {@code out} channels; {@code timeDependent}: f reads t, f(x, x', t); f and g end
     * in {@code last} (the settings' activation by default).
     */
    public DynamicBlock(int in, int out, OdeSettings ode, BlockSettings s, boolean timeDependent, Activation last) {
        this.channels = out;
        this.ode = ode;
        this.space = s.space();
        this.timeDependent = timeDependent;
        this.last = last == s.activation() ? null : last;
        lift = in == out ? null : registerChild("lift", Convs.pointwise(in, out, s));
        g = registerChild("g", Convs.odeField(out, out, s, last));
        f = registerChild("f", timeDependent ? new TimeDependentField(2 * out, out, s, last)
                : Convs.odeField(2 * out, out, s, last));
    }

    @Override
    public Tensor forward(Tensor input) {
        Tensor x0 = lift == null ? input : lift.forward(input);
        Tensor z0 = Tensor.concat(1, x0, g.forward(x0));
        return ode.flow(f, this::derivative, z0).slice(1, 0, channels);
    }

    /** z' = [v, f(x, v)] (or [v, f(x, v, t)]), and [x, v] is z itself. */
    private Tensor derivative(double t, Tensor z) {
        Tensor acceleration = f.forward(timeDependent ? Tensor.concat(1, z, space.constantChannel(z, t)) : z);
        return Tensor.concat(1, z.slice(1, channels, 2 * channels), acceleration);
    }

    @Override
    protected String describe() {
        return ode.describe() + (timeDependent ? ", time-dependent" : "")
                + (last == null ? "" : ", signed field ending in " + last);
    }
}
