package org.unet4j.layers.nn;

import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.Module;

/** The hyperbolic tangent, elementwise. */
public final class Tanh extends Module {

    @Override
    public Tensor forward(Tensor input) {
        return input.tanh();
    }
}
