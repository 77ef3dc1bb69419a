package org.unet4j.layers.unet.blocks;

import java.util.List;
import org.unet4j.autodiff.Pooling;
import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.Module;
import org.unet4j.layers.Sequential;
import org.unet4j.layers.topology.BlockSettings;

/**
 * INC, the inception block (Szegedy et al. 2015): four parallel branches of width w = ceil(out / 4), 1x1;
 * 1x1 then 3x3; 1x1 then 5x5; 3x3 max-pool (stride 1, padding 1) then 1x1; concatenated, mapped to {@code out}
 * channels by a 1x1 convolution when 4w differs from {@code out}, then normalised and activated. SAME padding only.
 * In 1-D the 3x3 and 5x5 windows are 1 x 3 and 1 x 5.
 */
public final class InceptionBlock extends Module {
    private final Module one;
    private final Sequential three;
    private final Sequential five;
    private final Module pooled;
    private final Module fuse;
    private final Sequential output;
    private final int poolHeight;

    /** The block from {@code in} to {@code out} channels. */
    public InceptionBlock(int in, int out, BlockSettings s) {
        int w = (out + 3) / 4;
        poolHeight = s.spatialDims() == 1 ? 1 : 3;
        one = registerChild("branch1x1", Convs.pointwise(in, w, s));
        three = registerChild("branch3x3", Sequential.of(Convs.pointwise(in, w, s), Convs.same(w, w, 3, s)));
        five = registerChild("branch5x5", Sequential.of(Convs.pointwise(in, w, s), Convs.same(w, w, 5, s)));
        pooled = registerChild("branchPool", Convs.pointwise(in, w, s));
        fuse = 4 * w == out ? null : registerChild("fuse", Convs.pointwise(4 * w, out, s));
        output = registerChild("output", Sequential.of(s.normLayer(out), s.activation().create()));
    }

    @Override
    public Tensor forward(Tensor input) {
        Tensor pool = Pooling.maxPool2d(input, poolHeight, 3, 1, 1, poolHeight / 2, 1);
        Tensor y = Tensor.concat(List.of(one.forward(input), three.forward(input), five.forward(input),
                pooled.forward(pool)), 1);
        return output.forward(fuse == null ? y : fuse.forward(y));
    }
}
