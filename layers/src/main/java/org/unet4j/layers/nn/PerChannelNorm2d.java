package org.unet4j.layers.nn;

import org.unet4j.autodiff.Normalization;
import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.Buffer;
import org.unet4j.layers.Module;
import org.unet4j.layers.Parameter;

/**
 * What {@link BatchNorm2d} and {@link InstanceNorm2d} (and their volume twins {@link BatchNorm3d} and
 * {@link InstanceNorm3d}) share: the {@link NormalizationOptions}, the learned per-channel scale {@code weight}
 * (ones) and shift {@code bias} (zeros) when affine, and the running statistics {@code running_mean} (zeros) and
 * {@code running_var} (ones) when tracked. Each subclass supplies only the functional form it applies and the
 * number of spatial axes its input has.
 */
public abstract sealed class PerChannelNorm2d extends Module
        permits BatchNorm2d, InstanceNorm2d, BatchNorm3d, InstanceNorm3d {
    /** The functional form of a layer: {@link Normalization#batchNorm} or {@link Normalization#instanceNorm}. */
    @FunctionalInterface
    interface Form {
        Tensor apply(Tensor x, Tensor gamma, Tensor beta, Tensor runningMean, Tensor runningVar, boolean training,
                double momentum, double eps);
    }

    private final NormalizationOptions options;
    private final Form form;
    private final int spatialAxes;
    private final Parameter weight;
    private final Parameter bias;
    private final Buffer runningMean;
    private final Buffer runningVar;

    PerChannelNorm2d(NormalizationOptions options, Form form) {
        this(options, form, 2);
    }

    /** A layer for inputs with {@code spatialAxes} spatial axes: 2 for NCHW images, 3 for NCDHW volumes. */
    PerChannelNorm2d(NormalizationOptions options, Form form, int spatialAxes) {
        this.options = options;
        this.form = form;
        this.spatialAxes = spatialAxes;
        int c = options.channels();
        this.weight = options.affine() ? registerParameter("weight", Tensor.ones(c)) : null;
        this.bias = options.affine() ? registerParameter("bias", Tensor.zeros(c)) : null;
        this.runningMean = options.trackRunningStats() ? registerBuffer("running_mean", Tensor.zeros(c)) : null;
        this.runningVar = options.trackRunningStats() ? registerBuffer("running_var", Tensor.ones(c)) : null;
    }

    /** The settled options. */
    NormalizationOptions options() {
        return options;
    }

    /** The scale gamma, or null when not affine. */
    public Parameter weight() {
        return weight;
    }

    /** The shift beta, or null when not affine. */
    public Parameter bias() {
        return bias;
    }

    /** The running mean, or null when not tracked. */
    public Buffer runningMean() {
        return runningMean;
    }

    /** The running (unbiased) variance, or null when not tracked. */
    public Buffer runningVar() {
        return runningVar;
    }

    @Override
    public Tensor forward(Tensor input) {
        if (spatialAxes == 3) {
            InputChecks.requireVolumes(this, input, options.channels());
        } else {
            InputChecks.requireImages(this, input, options.channels());
        }
        return form.apply(input, tensor(weight), tensor(bias), tensor(runningMean), tensor(runningVar),
                isTraining(), options.momentum(), options.eps());
    }

    private static Tensor tensor(Parameter p) {
        return p == null ? null : p.tensor();
    }

    private static Tensor tensor(Buffer b) {
        return b == null ? null : b.tensor();
    }
}
