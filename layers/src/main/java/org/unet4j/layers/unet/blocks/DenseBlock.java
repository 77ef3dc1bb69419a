package org.unet4j.layers.unet.blocks;

import java.util.ArrayList;
import java.util.List;
import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.Module;
import org.unet4j.layers.Sequential;
import org.unet4j.layers.nn.Conv2d;
import org.unet4j.layers.topology.BlockSettings;

/**
 * DSE, the dense block (Huang et al. 2017, DenseNet-B): layer i maps the concatenation of the block input and all
 * earlier layers' outputs, through norm-act-conv1x1 to 4 * growth channels and norm-act-conv k x k to growth
 * channels. The block's features are the layers' outputs, preceded by the input when {@code concatInput}; a 1x1
 * transition maps them to the requested channels. SAME padding only.
 */
public final class DenseBlock extends Module {
    private final List<Sequential> layers = new ArrayList<>();
    private final boolean concatInput;
    private final Conv2d transition;

    /** The block from {@code in} to {@code out} channels with {@code layerCount} layers of {@code growth}. */
    public DenseBlock(int in, int out, int layerCount, int growth, boolean concatInput, BlockSettings s) {
        if (layerCount < 1 || growth < 1) {
            throw new IllegalArgumentException("DenseBlock: layers and growth must be >= 1, got " + layerCount + " and "
                    + growth);
        }
        this.concatInput = concatInput;
        int channels = in;
        for (int i = 0; i < layerCount; i++) {
            Sequential layer = Sequential.of(Convs.normActConv(channels, 4 * growth, 1, s),
                    Convs.normActConv(4 * growth, growth, s.kernel(), s));
            layers.add(registerChild("layer" + i, layer));
            channels += growth;
        }
        int features = layerCount * growth + (concatInput ? in : 0);
        transition = registerChild("transition", Convs.pointwise(features, out, s));
    }

    @Override
    public Tensor forward(Tensor input) {
        List<Tensor> all = new ArrayList<>();
        all.add(input);
        for (Sequential layer : layers) {
            all.add(layer.forward(all.size() == 1 ? input : Tensor.concat(all, 1)));
        }
        List<Tensor> features = concatInput ? all : all.subList(1, all.size());
        return transition.forward(features.size() == 1 ? features.get(0) : Tensor.concat(features, 1));
    }

    @Override
    protected String describe() {
        return layers.size() + " layers" + (concatInput ? ", input concatenated" : "");
    }
}
