package org.unet4j.layers.nn;

import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.Module;

/** Returns its input unchanged: a placeholder where a layer is optional. */
public final class Identity extends Module {

    @Override
    public Tensor forward(Tensor input) {
        return input;
    }
}
