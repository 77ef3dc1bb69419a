package org.unet4j.layers.splitting;

import java.util.List;
import org.unet4j.autodiff.Autograd;
import org.unet4j.autodiff.DType;
import org.unet4j.autodiff.NoGrad;
import org.unet4j.autodiff.Padding;
import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.Module;
import org.unet4j.layers.Sequential;
import org.unet4j.layers.nn.Identity;
import org.unet4j.layers.nn.PerChannelNorm2d;
import org.unet4j.layers.topology.Activation;
import org.unet4j.layers.topology.ConvPadding;
import org.unet4j.layers.topology.Norm;
import org.unet4j.layers.unet.Block;
import org.unet4j.layers.unet.DownsamplingMode;
import org.unet4j.layers.unet.Head;
import org.unet4j.layers.unet.SkipCorrection;
import org.unet4j.layers.unet.SkipMerge;
import org.unet4j.layers.unet.Stem;
import org.unet4j.layers.unet.UNet;
import org.unet4j.layers.unet.UpsamplingMode;
import org.unet4j.layers.unet.blocks.ImageFedBlock;

/**
 * The map from one step of the multigrid hybrid splitting to an ordinary U-Net (Tai, Liu, Chan, Li, "A Mathematical
 * Explanation of UNet", 2024, Section 3; PottsMGNet): given a {@link HybridSplittingNet} with N = 1 time step, it
 * returns a {@link UNet} built by {@code UNet.builder()} whose weights are set so that both compute the same logits.
 *
 * <p><b>The U-Net's options.</b> Levels and filters = the splitting's levels and channels; kernel 3, SAME padding,
 * {@code convsPerLevel} = layers per level; {@code imagePyramid(true)} with {@link Block#imageFed()} blocks; max-pool
 * down-sampling; nearest up-sampling that keeps the channels; {@link SkipMerge#CORRECTION}; a convolutional
 * {@link Stem}; a two-convolution {@link Head}; batch norm when the splitting net has it; the activation of the
 * splitting's second sub-step.
 *
 * <p><b>Which U-Net component is which sub-step.</b>
 * <pre>
 *   splitting step                                     U-Net component
 *   initial condition u_0 = sigmoid(BN(conv f))        stem: Stem.convolution(C_0, 3, norm, SIGMOID) (copied)
 *   image f_l on level l                               image pyramid: f_{l+1} = maxpool(f_l), fed to every block
 *   explicit parallel step mean_c(x) + C tau W*[x,f]   an IMG layer's 3x3 convolution of [x, f_l]: weights C tau W
 *                                                      plus 1/C_in at the centre tap of every state channel (the
 *                                                      channel average is a convolution), bias C tau b
 *   batch norm (learned affine scaling)                the layer's BatchNorm2d
 *   entropic implicit step sigmoid((z - 1/2)/(tau eps)) activation SIGMOID, with 1/(tau eps) and -1/2 folded into
 *                                                      the affine map in front (BatchNorm2d's gamma, beta, or else
 *                                                      the convolution)
 *   projection onto v &gt;= 0                             activation RELU
 *   no second sub-step (linear sub-flow)               activation IDENTITY
 *   groups of the hybrid scheme on a level             the layers of an encoder or decoder block
 *   coarsest-level groups                              bottleneck block
 *   restriction R (of u and of f)                      downsampling MAX_POOL (factor 2)
 *   prolongation P                                     upsampling NEAREST, upsamplingKeepsChannels(true)
 *   multigrid correction a P(coarse) + b skip          skipMerge CORRECTION: y = a decoder(P x) + b skip (copied)
 *   STD step -[(u - x)/tau + lambda G*(1 - 2u)]/eps    head: 1x1 Conv2d to the two channels 1 - 2 mean_c(u_N)
 *                                                      and (x - mean_c(u_N))/tau, then a k x k Conv2d (zero
 *                                                      padding, no bias) with kernels -lambda G / eps and delta / eps
 * </pre>
 * Every map is exact (linear maps composed, affine maps folded), so the two networks agree up to rounding, in
 * training mode (batch statistics) as in evaluation mode; the running statistics and the train/eval mode are copied.
 * The STD head needs two convolutions: the Gaussian acts on {@code 1 - 2 mean_c(u_N)} with zero padding, constant 1
 * included, which no bias of a single convolution reproduces near the border. A 3-D splitting net
 * ({@code spatialDims(3)}) maps to a 3-D U-Net the same way: Conv3d and BatchNorm3d in place of their 2-D forms,
 * 2x2x2 max pooling, a k x k x k Gaussian.
 */
public final class UNetFromSplitting {
    private UNetFromSplitting() {
    }

    /** The U-Net computing the same logits as {@code net}, which must have exactly one time step. */
    public static UNet convert(HybridSplittingNet net) {
        if (net.steps().size() != 1) {
            throw new IllegalArgumentException("UNetFromSplitting needs a HybridSplittingNet with N = 1 time step"
                    + " (one V-cycle = one U-Net), got N = " + net.steps().size());
        }
        PottsControlProblem problem = net.problem();
        DType dtype = weight(net.proposal()).dtype();
        VCycleBlock step = net.steps().get(0);
        UNet unet = architecture(net, step);
        unet.to(dtype);
        int levels = net.channels().length;
        int imageChannels = imageChannels(net);
        try (NoGrad scope = Autograd.noGrad()) {
            unet.stem().orElseThrow().loadStateDict(net.initial().stateDict());
            for (int l = 0; l < levels - 1; l++) {
                copyLevel(step.encoder().get(l), (ImageFedBlock) unet.encoder(l), imageChannels, problem);
            }
            copyLevel(step.bottleneck(), (ImageFedBlock) unet.bottleneck(), imageChannels, problem);
            List<SplittingLevel> decoder = step.decoder();
            List<SkipCorrection> corrections = step.corrections();
            for (int i = 0; i < decoder.size(); i++) {
                int l = levels - 2 - i;
                copyLevel(decoder.get(i), (ImageFedBlock) unet.decoder(l), imageChannels, problem);
                unet.correction(l).loadStateDict(corrections.get(i).stateDict());
            }
            Sequential head = (Sequential) unet.head();
            setMix(head.get(0), net.proposal(), problem);
            setSmoothing(head.get(1), problem, net.threshold().gaussian());
        }
        unet.train(net.isTraining());
        return unet;
    }

    /** The U-Net of the splitting step's shape, with fresh weights. */
    private static UNet architecture(HybridSplittingNet net, VCycleBlock step) {
        int[] channels = net.channels();
        Norm norm = net.initial().get(1) instanceof Identity ? Norm.NONE : Norm.BATCH;
        SplittingLayer layer = step.bottleneck().layers().get(0);
        Activation activation = layer.second() instanceof EntropicImplicitStep ? Activation.SIGMOID
                : layer.second() instanceof ReluProjection ? Activation.RELU : Activation.IDENTITY;
        int gaussian = net.threshold().gaussian().dim(2);
        int d = net.spatialDims();
        String kernel = (gaussian + "x").repeat(d - 1) + gaussian;
        Head head = Head.of("soft threshold dynamics: conv" + "1x".repeat(d - 1) + "1 to 2, conv" + kernel,
                (in, out, s) -> Sequential.of(s.convolution(in, 2, 1).build(s.rng()),
                        s.convolution(2, out, gaussian).padding(Padding.SAME).bias(false).build(s.rng())));
        return UNet.builder().spatialDims(d).inChannels(imageChannels(net)).outChannels(1).levels(channels.length)
                .factor(2)
                .filters(channels).kernel(3).convsPerLevel(step.bottleneck().layers().size())
                .padding(ConvPadding.SAME).norm(norm).activation(activation)
                .stem(Stem.convolution(channels[0], 3, norm, Activation.SIGMOID))
                .imagePyramid(true).block(Block.imageFed()).downsampling(DownsamplingMode.MAX_POOL)
                .upsampling(UpsamplingMode.NEAREST).upsamplingKeepsChannels(true).skipMerge(SkipMerge.CORRECTION)
                .head(head).build();
    }

    private static int imageChannels(HybridSplittingNet net) {
        return weight(net.initial().get(0)).dim(1);
    }

    /** The weight of a Conv2d or Conv3d, [out, in, kernel...]. */
    private static Tensor weight(Module conv) {
        return conv.namedParameters().get("weight").tensor();
    }

    private static Tensor bias(Module conv) {
        return conv.namedParameters().get("bias").tensor();
    }

    /** The flat index of the centre tap of a kernel with {@code taps} (odd along each axis) entries. */
    private static int centre(int taps) {
        return (taps - 1) / 2;
    }

    private static void copyLevel(SplittingLevel level, ImageFedBlock block, int imageChannels,
            PottsControlProblem problem) {
        List<SplittingLayer> layers = level.layers();
        for (int i = 0; i < layers.size(); i++) {
            copyLayer(layers.get(i), block.layer(i), imageChannels, problem.tau(), problem.eps());
        }
    }

    /**
     * Sets {@code conv -> norm -> act} to compute the layer: conv weights {@code C tau W + delta/C_in} (state
     * channels), bias {@code C tau b}; the entropic step's {@code (z - 1/2)/(tau eps)} folded into the last affine
     * map.
     */
    private static void copyLayer(SplittingLayer layer, Sequential target, int imageChannels, double tau,
            double eps) {
        Module conv = target.get(0);
        conv.loadStateDict(layer.explicit().control().stateDict());
        Tensor w = weight(conv);
        Tensor b = bias(conv);
        int out = w.dim(0);
        int in = w.dim(1);
        int state = in - imageChannels;
        boolean entropic = layer.second() instanceof EntropicImplicitStep;
        double gain = entropic ? 1 / (tau * eps) : 1;
        double shift = entropic ? -0.5 / (tau * eps) : 0;
        boolean normed = !(layer.norm() instanceof Identity);
        double convGain = normed ? 1 : gain;
        int taps = w.size() / (out * in);
        for (int i = 0; i < w.size(); i++) {
            w.flatSet(i, convGain * out * tau * w.flatGet(i));
        }
        for (int s = 0; s < out; s++) {
            for (int c = 0; c < state; c++) {
                int at = (s * in + c) * taps + centre(taps);
                w.flatSet(at, w.flatGet(at) + convGain / state);
            }
            b.set(convGain * out * tau * b.get(s) + (normed ? 0 : shift), s);
        }
        if (target.get(1) instanceof PerChannelNorm2d bn) {
            bn.loadStateDict(layer.norm().stateDict());
            Tensor gamma = bn.weight().tensor();
            Tensor beta = bn.bias().tensor();
            for (int s = 0; s < out; s++) {
                gamma.set(gain * gamma.get(s), s);
                beta.set(gain * beta.get(s) + shift, s);
            }
        }
    }

    /** 1x1 conv to {@code [1 - 2 mean_c(u), (x - mean_c(u))/tau]}, x the proposal {@code p . u + p_b}. */
    private static void setMix(Module mix, Module proposal, PottsControlProblem problem) {
        Tensor p = weight(proposal);
        int c = p.dim(1);
        Tensor w = weight(mix);
        for (int k = 0; k < c; k++) {
            w.flatSet(k, -2.0 / c);
            w.flatSet(c + k, (p.flatGet(k) - 1.0 / c) / problem.tau());
        }
        bias(mix).set(1, 0);
        bias(mix).set(bias(proposal).get(0) / problem.tau(), 1);
    }

    /**
     * k x k (x k) conv (zero padding, no bias) with kernels {@code -lambda G / eps} and {@code delta / eps}: weight
     * [1, 2, k, k(, k)], the Gaussian's taps in channel 0 and the centre tap in channel 1.
     */
    private static void setSmoothing(Module smooth, PottsControlProblem problem, Tensor g) {
        int taps = g.size();
        Tensor w = weight(smooth);
        for (int t = 0; t < taps; t++) {
            w.flatSet(t, -problem.lambda() * g.flatGet(t) / problem.eps());
            w.flatSet(taps + t, t == centre(taps) ? 1 / problem.eps() : 0);
        }
    }
}
