package org.unet4j.layers.splitting;

import java.util.SplittableRandom;
import org.unet4j.autodiff.Padding;
import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.Module;
import org.unet4j.layers.Parameter;
import org.unet4j.layers.topology.SpatialLayers;

/**
 * The explicit parallel (additive) splitting step over the channels of one grid level.
 *
 * <p>The input is {@code [x, f]} along the channel axis: the state x with {@code inChannels} channels, whose channel
 * mean {@code u = mean_c x_c} is the current solution, and the image f at this level. The control on this level is
 * split into {@code C = outChannels} sub-problems {@code du/dt = g_s(x, f)} with {@code g_s = (W * [x, f])_s}, W a
 * learned 3x3 convolution (with bias). Parallel splitting runs each sub-problem C times faster from the same state
 * and averages; with one explicit Euler step of size tau each sub-problem gives
 * <pre>
 *   y_s = u + C tau g_s = mean_c(x) + C tau (W * [x, f])_s,        s = 1, ..., C,
 * </pre>
 * and the averaged result is {@code mean_s y_s = u + tau sum_s g_s}: one explicit Euler step of the summed control.
 * The network keeps the C sub-problem results as channels; the next step's {@code mean_c} does the averaging. On
 * volumes W is a 3x3x3 convolution.
 */
public final class ExplicitParallelStep extends Module {
    private final Module control;
    private final int outChannels;
    private final int stateChannels;
    private final double tau;

    /**
     * The step on a grid of {@code spatialDims} (2 or 3) axes from a state with {@code stateChannels} channels plus
     * {@code imageChannels} image channels to {@code outChannels} sub-problems, time step {@code tau}.
     */
    public ExplicitParallelStep(int spatialDims, int stateChannels, int imageChannels, int outChannels, double tau,
            SplittableRandom rng) {
        if (spatialDims != 2 && spatialDims != 3) {
            throw new IllegalArgumentException("the splitting layers run on 2-D images or 3-D volumes (spatialDims 2 "
                    + "or 3), got " + spatialDims);
        }
        if (stateChannels < 1 || imageChannels < 0 || outChannels < 1) {
            throw new IllegalArgumentException("channels must be >= 1 (image channels >= 0), got state "
                    + stateChannels + ", image " + imageChannels + ", out " + outChannels);
        }
        this.stateChannels = stateChannels;
        this.outChannels = outChannels;
        this.tau = PottsControlProblem.requirePositive("tau", tau);
        this.control = registerChild("control", SpatialLayers.of(spatialDims)
                .convolution(stateChannels + imageChannels, outChannels, 3).padding(Padding.SAME).build(rng));
    }

    /** The convolution W of the controls (a Conv2d, or a Conv3d on volumes). */
    public Module control() {
        return control;
    }

    /**
     * The weight of W, {@code [C, stateChannels + imageChannels, 3, 3]} ({@code 3, 3, 3} on volumes): the state's
     * input channels, then the image's.
     */
    public Parameter weight() {
        return control.namedParameters().get("weight");
    }

    /** The bias of W, one per sub-problem. */
    public Parameter bias() {
        return control.namedParameters().get("bias");
    }

    /** {@code mean_c(x) + C tau (W * [x, f])} for the input {@code [x, f]}. */
    @Override
    public Tensor forward(Tensor stateAndImage) {
        Tensor state = stateAndImage.slice(1, 0, stateChannels);
        Tensor average = state.mean(new int[] {1}, true);
        return control.forward(stateAndImage).mul(outChannels * tau).add(average);
    }

    @Override
    protected String describe() {
        return "explicit parallel step over " + outChannels + " channels: mean_c(x) + C tau W*[x, f],"
                + " tau " + tau;
    }
}
