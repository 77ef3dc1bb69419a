package org.unet4j.layers.unet.blocks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.unet4j.autodiff.Pooling;
import org.unet4j.autodiff.Tensor;
import org.unet4j.autodiff.Upsampling;
import org.unet4j.layers.Module;
import org.unet4j.layers.Sequential;
import org.unet4j.layers.nn.Conv2d;
import org.unet4j.layers.topology.BlockSettings;

/**
 * PSP, the pyramid pooling block (Zhao et al. 2017): for each bin size b (default 1, 2, 3, 6) the input is
 * adaptively average-pooled to b x b, mapped by a 1x1 convolution to max(1, in / 4) channels and upsampled
 * bilinearly back to the input's size; these are concatenated with the input and fused by a 1x1 convolution to
 * {@code out} channels, then normalised and activated. SAME padding only (it keeps the size). In 1-D the bins are
 * 1 x b and the upsampling linear along the width.
 */
public final class PyramidPoolingBlock extends Module {
    private final int[] bins;
    private final boolean oneDimensional;
    private final List<Conv2d> branches = new ArrayList<>();
    private final Conv2d fuse;
    private final Sequential output;

    /** The block from {@code in} to {@code out} channels with the given bin sizes. */
    public PyramidPoolingBlock(int in, int out, int[] bins, BlockSettings s) {
        if (bins.length == 0 || Arrays.stream(bins).anyMatch(b -> b < 1)) {
            throw new IllegalArgumentException("PyramidPoolingBlock: bin sizes must be >= 1 and not empty, got "
                    + Arrays.toString(bins));
        }
        this.bins = bins.clone();
        this.oneDimensional = s.spatialDims() == 1;
        int branchChannels = Math.max(1, in / 4);
        for (int b : bins) {
            branches.add(registerChild("pool" + b, Convs.pointwise(in, branchChannels, s)));
        }
        fuse = registerChild("fuse", Convs.pointwise(in + bins.length * branchChannels, out, s));
        output = registerChild("output", Sequential.of(s.normLayer(out), s.activation().create()));
    }

    @Override
    public Tensor forward(Tensor input) {
        int h = input.dim(2);
        int w = input.dim(3);
        List<Tensor> parts = new ArrayList<>();
        parts.add(input);
        for (int i = 0; i < bins.length; i++) {
            Tensor pooled = Pooling.adaptiveAvgPool2d(input, oneDimensional ? 1 : bins[i], bins[i]);
            parts.add(Upsampling.bilinear(branches.get(i).forward(pooled), h, w, false));
        }
        return output.forward(fuse.forward(Tensor.concat(parts, 1)));
    }

    @Override
    protected String describe() {
        return "bins " + Arrays.toString(bins);
    }
}
