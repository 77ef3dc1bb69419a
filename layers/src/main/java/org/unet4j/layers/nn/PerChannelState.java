package org.unet4j.layers.nn;

import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.Buffer;
import org.unet4j.layers.Parameter;

/**
 * The per-channel tensors of a normalisation layer: the learned scale and shift (null when not affine) and the
 * running mean and variance (null when not tracked).
 */
record PerChannelState(Parameter weight, Parameter bias, Buffer runningMean, Buffer runningVar) {

    Tensor weightTensor() {
        return weight == null ? null : weight.tensor();
    }

    Tensor biasTensor() {
        return bias == null ? null : bias.tensor();
    }

    Tensor runningMeanTensor() {
        return runningMean == null ? null : runningMean.tensor();
    }

    Tensor runningVarTensor() {
        return runningVar == null ? null : runningVar.tensor();
    }
}
