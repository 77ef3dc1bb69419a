package org.unet4j.layers.splitting;

import java.util.SplittableRandom;
import org.unet4j.autodiff.Padding;
import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.Module;
import org.unet4j.layers.nn.Conv2d;

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
 * The network keeps the C sub-problem results as channels; the next step's {@code mean_c} does the averaging.
 */
public final class ExplicitParallelStep extends Module {
    private final Conv2d control;
    private final int stateChannels;
    private final double tau;

    /**
     * The step from a state with {@code stateChannels} channels plus {@code imageChannels} image channels to
     * {@code outChannels} sub-problems, time step {@code tau}.
     */
    public ExplicitParallelStep(int stateChannels, int imageChannels, int outChannels, double tau,
            SplittableRandom rng) {
        if (stateChannels < 1 || imageChannels < 0 || outChannels < 1) {
            throw new IllegalArgumentException("channels must be >= 1 (image channels >= 0), got state "
                    + stateChannels + ", image " + imageChannels + ", out " + outChannels);
        }
        this.stateChannels = stateChannels;
        this.tau = PottsControlProblem.requirePositive("tau", tau);
        this.control = registerChild("control", Conv2d.builder(stateChannels + imageChannels, outChannels, 3)
                .padding(Padding.SAME).build(rng));
    }

    /** The convolution W of the controls; its input channels are the state's, then the image's. */
    public Conv2d control() {
        return control;
    }

    /** {@code mean_c(x) + C tau (W * [x, f])} for the input {@code [x, f]}. */
    @Override
    public Tensor forward(Tensor stateAndImage) {
        Tensor state = stateAndImage.slice(1, 0, stateChannels);
        Tensor average = state.mean(new int[] {1}, true);
        return control.forward(stateAndImage).mul(control.outChannels() * tau).add(average);
    }

    @Override
    protected String describe() {
        return "explicit parallel step over " + control.outChannels() + " channels: mean_c(x) + C tau W*[x, f],"
                + " tau " + tau;
    }
}
