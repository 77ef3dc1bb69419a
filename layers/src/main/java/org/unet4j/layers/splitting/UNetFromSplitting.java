package org.unet4j.layers.splitting;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.unet4j.autodiff.Autograd;
import org.unet4j.autodiff.DType;
import org.unet4j.autodiff.NoGrad;
import org.unet4j.autodiff.Padding;
import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.Module;
import org.unet4j.layers.Sequential;
import org.unet4j.layers.nn.BatchNorm2d;
import org.unet4j.layers.nn.Conv2d;
import org.unet4j.layers.nn.Identity;
import org.unet4j.layers.nn.ReLU;
import org.unet4j.layers.nn.Sigmoid;

/**
 * The map from one step of the multigrid hybrid splitting to an ordinary U-Net (Tai, Liu, Chan, Li, "A Mathematical
 * Explanation of UNet", 2024, Section 3; PottsMGNet): given a {@link HybridSplittingNet} with N = 1 time step, it
 * returns an {@link ImagePyramidUNet} of standard layers whose weights are set so that both compute the same logits.
 *
 * <p><b>Which U-Net component is which sub-step.</b>
 * <pre>
 *   splitting step                                     U-Net component
 *   initial condition u_0 = sigmoid(BN(conv f))        stem Conv2d -> BatchNorm2d -> Sigmoid (copied)
 *   explicit parallel step mean_c(x) + C tau W*[x,f]   the block's 3x3 Conv2d: weights C tau W plus 1/C_in at the
 *                                                      centre tap of every state channel (the channel average is a
 *                                                      convolution), bias C tau b
 *   batch norm (learned affine scaling)                BatchNorm2d
 *   entropic implicit step sigmoid((z - 1/2)/(tau eps)) Sigmoid, with 1/(tau eps) and -1/2 folded into the affine
 *                                                      map in front (BatchNorm2d's gamma, beta, or else the conv)
 *   projection onto v &gt;= 0                             ReLU
 *   restriction R (of u and of f)                      MaxPool2d(2) of the features and of the image pyramid
 *   groups of the hybrid scheme on a level             consecutive blocks of an encoder/decoder level
 *   coarsest-level groups                              bottleneck
 *   prolongation P                                     Upsample.nearest(2)
 *   multigrid correction a P(coarse) + b skip          additive skip with scalar weights a, b
 *   STD step -[(u - x)/tau + lambda G*(1 - 2u)]/eps    head: 1x1 Conv2d to the two channels 1 - 2 mean_c(u_N)
 *                                                      and (x - mean_c(u_N))/tau, then a k x k Conv2d (no bias)
 *                                                      with kernels -lambda G / eps and delta / eps
 * </pre>
 * Every map is exact (linear maps composed, affine maps folded), so the two networks agree up to rounding, in
 * training mode (batch statistics) as in evaluation mode; the running statistics and the train/eval mode are copied.
 *
 * <p><b>Why not {@code unet.UNet}.</b> Its builder cannot express this network exactly, for four reasons: (1) every
 * splitting layer reads the image at its level, {@code [x, f_l]}, while a {@code UNet} block reads only the previous
 * feature map; (2) the splitting decoder corrects after its layers, {@code a D_l([P x, f_l]) + b s_l}, while a
 * {@code UNet} decoder merges before its block, {@code block(skip + up(x))}; (3) its activations are ReLU-like
 * only (no sigmoid, no identity) and it has no stem before the first level for the initial condition; (4) its head is one 1x1
 * convolution, while the STD step needs the Gaussian G with zero padding, a k x k convolution of
 * {@code 1 - 2 mean_c(u_N)} (constant 1 included, which no bias reproduces near the border). Hence the closest
 * faithful ordinary network, {@link ImagePyramidUNet}: a U-Net of Conv2d, BatchNorm2d, Sigmoid/ReLU, MaxPool2d,
 * nearest Upsample and additive skips, whose convolutions also read the max-pooled image pyramid.
 */
public final class UNetFromSplitting {
    private UNetFromSplitting() {
    }

    /** The U-Net computing the same logits as {@code net}, which must have exactly one time step. */
    public static ImagePyramidUNet convert(HybridSplittingNet net) {
        if (net.steps().size() != 1) {
            throw new IllegalArgumentException("UNetFromSplitting needs a HybridSplittingNet with N = 1 time step"
                    + " (one V-cycle = one U-Net), got N = " + net.steps().size());
        }
        PottsControlProblem problem = net.problem();
        DType dtype = net.proposal().weight().dtype();
        Conv2d initialConv = (Conv2d) net.initial().get(0);
        int imageChannels = initialConv.inChannels();
        VCycleBlock step = net.steps().get(0);
        try (NoGrad scope = Autograd.noGrad()) {
            Sequential stem = Sequential.of(copyConv(initialConv, dtype), copyNorm(net.initial().get(1), dtype),
                    new Sigmoid());
            List<ImageFedLevel> encoder = new ArrayList<>();
            for (SplittingLevel level : step.encoder()) {
                encoder.add(level(level, imageChannels, problem, dtype));
            }
            ImageFedLevel bottleneck = level(step.bottleneck(), imageChannels, problem, dtype);
            List<ImageFedLevel> decoder = new ArrayList<>();
            for (SplittingLevel level : step.decoder()) {
                decoder.add(level(level, imageChannels, problem, dtype));
            }
            List<Tensor> upWeights = new ArrayList<>();
            List<Tensor> skipWeights = new ArrayList<>();
            for (MultigridCorrection c : step.corrections()) {
                upWeights.add(scalar(c.a().tensor().get(0), dtype));
                skipWeights.add(scalar(c.b().tensor().get(0), dtype));
            }
            ImagePyramidUNet unet = new ImagePyramidUNet(stem, encoder, bottleneck, decoder, upWeights, skipWeights,
                    headMix(net.proposal(), problem, dtype), headSmooth(problem, net.threshold().gaussian(), dtype));
            unet.train(net.isTraining());
            return unet;
        }
    }

    private static ImageFedLevel level(SplittingLevel level, int imageChannels, PottsControlProblem problem,
            DType dtype) {
        List<Sequential> blocks = new ArrayList<>();
        for (SplittingLayer layer : level.layers()) {
            blocks.add(block(layer, imageChannels, problem.tau(), problem.eps(), dtype));
        }
        return new ImageFedLevel(blocks, imageChannels);
    }

    /**
     * {@code Conv2d -> norm -> act} computing the layer: conv weights {@code C tau W + delta/C_in} (state channels),
     * bias {@code C tau b}; the entropic step's {@code (z - 1/2)/(tau eps)} folded into the last affine map.
     */
    private static Sequential block(SplittingLayer layer, int imageChannels, double tau, double eps, DType dtype) {
        Conv2d control = layer.explicit().control();
        int out = control.outChannels();
        int state = control.inChannels() - imageChannels;
        boolean entropic = layer.second() instanceof EntropicImplicitStep;
        double gain = entropic ? 1 / (tau * eps) : 1;
        double shift = entropic ? -0.5 / (tau * eps) : 0;
        boolean normed = layer.norm() instanceof BatchNorm2d;
        double convGain = normed ? 1 : gain;
        Conv2d conv = copyConv(control, dtype);
        Tensor w = conv.weight().tensor();
        Tensor b = conv.bias().tensor();
        int centre = w.dim(2) / 2;
        for (int i = 0; i < w.size(); i++) {
            w.flatSet(i, convGain * out * tau * w.flatGet(i));
        }
        for (int s = 0; s < out; s++) {
            for (int c = 0; c < state; c++) {
                w.set(w.get(s, c, centre, centre) + convGain / state, s, c, centre, centre);
            }
            b.set(convGain * out * tau * b.get(s) + (normed ? 0 : shift), s);
        }
        Module norm = copyNorm(layer.norm(), dtype);
        if (norm instanceof BatchNorm2d bn) {
            Tensor gamma = bn.weight().tensor();
            Tensor beta = bn.bias().tensor();
            for (int s = 0; s < out; s++) {
                gamma.set(gain * gamma.get(s), s);
                beta.set(gain * beta.get(s) + shift, s);
            }
        }
        Module act = entropic ? new Sigmoid() : layer.second() instanceof ReluProjection ? new ReLU() : new Identity();
        return Sequential.of(conv, norm, act);
    }

    /** 1x1 conv to {@code [1 - 2 mean_c(u), (x - mean_c(u))/tau]}, x the proposal {@code p . u + p_b}. */
    private static Conv2d headMix(Conv2d proposal, PottsControlProblem problem, DType dtype) {
        int c = proposal.inChannels();
        Conv2d mix = Conv2d.builder(c, 2, 1).build(new SplittableRandom(0));
        mix.to(dtype);
        Tensor w = mix.weight().tensor();
        Tensor p = proposal.weight().tensor();
        for (int k = 0; k < c; k++) {
            w.set(-2.0 / c, 0, k, 0, 0);
            w.set((p.get(0, k, 0, 0) - 1.0 / c) / problem.tau(), 1, k, 0, 0);
        }
        mix.bias().tensor().set(1, 0);
        mix.bias().tensor().set(proposal.bias().tensor().get(0) / problem.tau(), 1);
        return mix;
    }

    /** k x k conv (zero padding, no bias) with kernels {@code -lambda G / eps} and {@code delta / eps}. */
    private static Conv2d headSmooth(PottsControlProblem problem, Tensor g, DType dtype) {
        int k = g.dim(2);
        Conv2d smooth = Conv2d.builder(2, 1, k).padding(Padding.SAME).bias(false).build(new SplittableRandom(0));
        smooth.to(dtype);
        Tensor w = smooth.weight().tensor();
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                w.set(-problem.lambda() * g.get(0, 0, i, j) / problem.eps(), 0, 0, i, j);
                w.set(i == k / 2 && j == k / 2 ? 1 / problem.eps() : 0, 0, 1, i, j);
            }
        }
        return smooth;
    }

    private static Conv2d copyConv(Conv2d source, DType dtype) {
        Conv2d copy = Conv2d.builder(source.inChannels(), source.outChannels(), source.weight().shape().dim(2))
                .padding(Padding.SAME).build(new SplittableRandom(0));
        copy.to(dtype);
        copy.loadStateDict(source.stateDict());
        return copy;
    }

    private static Module copyNorm(Module source, DType dtype) {
        if (source instanceof BatchNorm2d bn) {
            BatchNorm2d copy = new BatchNorm2d(bn.weight().size());
            copy.to(dtype);
            copy.loadStateDict(bn.stateDict());
            return copy;
        }
        return new Identity();
    }

    private static Tensor scalar(double value, DType dtype) {
        Tensor t = Tensor.zeros(dtype, 1);
        t.set(value, 0);
        return t;
    }
}
